package dev.stskit

// Mirrors of the enums in include/stskit.h: same names (minus the enum prefix), same numbers.
// The header is the source of truth; scripts/check-enums.py fails CI when these drift from it.

/** Outcome of a native call: 0 is success, 1..12 mirror the core's error kinds, 99 a caught panic. */
enum class StskitStatus(val value: Int) {
    OK(0),
    INVALID_ARGUMENT(1),
    CONFIGURATION(2),
    MISSING_CREDENTIALS(3),
    SERVICE_ERROR(4),
    TIMEOUT(5),
    NETWORK(6),
    TLS(7),
    INVALID_RESPONSE(8),
    RESPONSE_TOO_LARGE(9),
    NOT_READY(10),
    INTERNAL(11),
    CANCELLED(12),
    NULL_ARGUMENT(20),
    INVALID_UTF8(21),
    UNKNOWN_MEMBER(22),
    NOT_PRESENT(23),
    PANIC(99);

    companion object {
        /** The status with this number, or `null` for a number the header does not define. */
        @JvmStatic
        fun fromValue(value: Int): StskitStatus? = entries.firstOrNull { it.value == value }
    }
}

/** The error codes STS is known to return; [OTHER] for any other code (the code string is kept). */
enum class StskitStsError(val value: Int) {
    OTHER(0),
    EXPIRED_TOKEN_EXCEPTION(1),
    EXPIRED_TRADE_IN_TOKEN_EXCEPTION(2),
    IDP_COMMUNICATION_ERROR(3),
    IDP_REJECTED_CLAIM(4),
    INVALID_AUTHORIZATION_MESSAGE_EXCEPTION(5),
    INVALID_IDENTITY_TOKEN(6),
    JWT_PAYLOAD_SIZE_EXCEEDED_EXCEPTION(7),
    MALFORMED_POLICY_DOCUMENT(8),
    OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED_EXCEPTION(9),
    PACKED_POLICY_TOO_LARGE(10),
    REGION_DISABLED_EXCEPTION(11),
    SESSION_DURATION_ESCALATION_EXCEPTION(12),
    EXPIRED_TOKEN(100),
    INVALID_CLIENT_TOKEN_ID(101),
    SIGNATURE_DOES_NOT_MATCH(102),
    INCOMPLETE_SIGNATURE(103),
    ACCESS_DENIED(104),
    THROTTLING(105),
    VALIDATION_ERROR(106),
    REQUEST_EXPIRED(107),
    MISSING_AUTHENTICATION_TOKEN(108),
    INTERNAL_FAILURE(109),
    SERVICE_UNAVAILABLE(110),
    INVALID_ACTION(111),
    MISSING_PARAMETER(112),
    INVALID_PARAMETER_VALUE(113),
    INVALID_PARAMETER_COMBINATION(114),
    OPT_IN_REQUIRED(115),
    ACCESS_DENIED_EXCEPTION(116),
    THROTTLING_EXCEPTION(117),
    REQUEST_TIME_TOO_SKEWED(118),
    INVALID_SIGNATURE_EXCEPTION(119);

    /** The `<Code>` STS sends on the wire for this error, e.g. `IDPRejectedClaim`; `null` for [OTHER]. */
    val wireCode: String?
        get() = WIRE_CODES[this]

    companion object {
        @JvmStatic
        fun fromValue(value: Int): StskitStsError? = entries.firstOrNull { it.value == value }

        /** The enum for a wire code; [OTHER] for codes not listed. */
        @JvmStatic
        fun fromWireCode(code: String): StskitStsError =
            WIRE_CODES.entries.firstOrNull { it.value == code }?.key ?: OTHER

        private val WIRE_CODES: Map<StskitStsError, String> by lazy {
            // Mostly the enum name in PascalCase; the IDP/JWT ones keep STS's capitals.
            val special = mapOf(
                IDP_COMMUNICATION_ERROR to "IDPCommunicationError",
                IDP_REJECTED_CLAIM to "IDPRejectedClaim",
                JWT_PAYLOAD_SIZE_EXCEEDED_EXCEPTION to "JWTPayloadSizeExceededException",
            )
            entries.filter { it != OTHER }.associateWith { e ->
                special[e] ?: e.name.lowercase().split('_').joinToString("") { w -> w.replaceFirstChar { it.uppercaseChar() } }
            }
        }
    }
}

/** The 11 STS operations. */
enum class StskitOperation(val value: Int) {
    ASSUME_ROLE(1),
    ASSUME_ROLE_WITH_SAML(2),
    ASSUME_ROLE_WITH_WEB_IDENTITY(3),
    ASSUME_ROOT(4),
    DECODE_AUTHORIZATION_MESSAGE(5),
    GET_ACCESS_KEY_INFO(6),
    GET_CALLER_IDENTITY(7),
    GET_DELEGATED_ACCESS_TOKEN(8),
    GET_FEDERATION_TOKEN(9),
    GET_SESSION_TOKEN(10),
    GET_WEB_IDENTITY_TOKEN(11);

    companion object {
        @JvmStatic
        fun fromValue(value: Int): StskitOperation? = entries.firstOrNull { it.value == value }
    }
}

/** Input members: scalars below 30, lists from 30. */
enum class StskitMember(val value: Int) {
    ROLE_ARN(1),
    ROLE_SESSION_NAME(2),
    POLICY(3),
    DURATION_SECONDS(4),
    EXTERNAL_ID(5),
    SERIAL_NUMBER(6),
    TOKEN_CODE(7),
    SOURCE_IDENTITY(8),
    PRINCIPAL_ARN(9),
    SAML_ASSERTION(10),
    WEB_IDENTITY_TOKEN(11),
    PROVIDER_ID(12),
    TARGET_PRINCIPAL(13),
    TASK_POLICY_ARN(14),
    ENCODED_MESSAGE(15),
    ACCESS_KEY_ID(16),
    TRADE_IN_TOKEN(17),
    NAME(18),
    SIGNING_ALGORITHM(19),
    POLICY_ARNS(30),
    TAGS(31),
    TRANSITIVE_TAG_KEYS(32),
    PROVIDED_CONTEXTS(33),
    AUDIENCE(34);

    companion object {
        @JvmStatic
        fun fromValue(value: Int): StskitMember? = entries.firstOrNull { it.value == value }
    }
}

/** Output members besides credentials and metadata. */
enum class StskitOutput(val value: Int) {
    ASSUMED_ROLE_ID(1),
    ASSUMED_ROLE_ARN(2),
    SOURCE_IDENTITY(3),
    SUBJECT(4),
    SUBJECT_TYPE(5),
    ISSUER(6),
    AUDIENCE(7),
    NAME_QUALIFIER(8),
    SUBJECT_FROM_WEB_IDENTITY_TOKEN(9),
    PROVIDER(10),
    DECODED_MESSAGE(11),
    ACCOUNT(12),
    USER_ID(13),
    ARN(14),
    ASSUMED_PRINCIPAL(15),
    FEDERATED_USER_ID(16),
    FEDERATED_USER_ARN(17),
    WEB_IDENTITY_TOKEN(18),
    PACKED_POLICY_SIZE(30),
    EXPIRATION(40);

    companion object {
        @JvmStatic
        fun fromValue(value: Int): StskitOutput? = entries.firstOrNull { it.value == value }
    }
}

/** Log levels of [LogListener]: lower is more severe. */
enum class StskitLogLevel(val value: Int) {
    ERROR(1),
    WARN(2),
    INFO(3),
    DEBUG(4);

    companion object {
        @JvmStatic
        fun fromValue(value: Int): StskitLogLevel? = entries.firstOrNull { it.value == value }
    }
}
