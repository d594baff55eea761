package dev.stskit

/**
 * Every failure of an stskit call. Sealed: STS's own errors are [StsServiceException] subclasses
 * named after the STS error (as in AWSSDK.SecurityToken); the others say what went wrong locally
 * or on the way ([ValidationException], [StsTimeoutException], [NetworkException], [TlsException], ...).
 *
 * Messages never contain secrets. The client has already retried retryable failures per its
 * retry settings; [isRetryable] says whether trying again later may still succeed.
 */
sealed class StsException(
    /** Everything the native library reported about the failure. */
    val detail: Detail,
) : RuntimeException(detail.message) {
    /** The status the C ABI would report for this failure. */
    val status: StskitStatus get() = detail.status

    /** STS's error code as an enum ([StskitStsError.OTHER] for unlisted codes and non-STS errors). */
    val stsError: StskitStsError get() = detail.stsError

    /** STS's `<Code>`, e.g. `ExpiredTokenException` or `Throttling`; `""` if STS did not answer with an error. */
    val errorCode: String get() = detail.errorCode

    /** STS's request id, if STS answered. */
    val requestId: String? get() = detail.requestId

    /** The HTTP status STS answered with; 0 without an HTTP response. */
    val httpStatus: Int get() = detail.httpStatus

    /** Whether the same call may succeed later (throttling, 5xx, network trouble). */
    val isRetryable: Boolean get() = detail.retryable

    /** The fields of a failure, as the native library reports them. */
    class Detail internal constructor(
        val status: StskitStatus,
        val stsError: StskitStsError,
        val errorCode: String,
        val message: String,
        val requestId: String?,
        val httpStatus: Int,
        val retryable: Boolean,
    )

    companion object {
        /** The exception for a failure the native library reported (see Native.newException). */
        internal fun of(d: Detail): StsException = when (d.status) {
            StskitStatus.SERVICE_ERROR -> when (d.stsError) {
                StskitStsError.EXPIRED_TOKEN_EXCEPTION -> ExpiredTokenException(d)
                StskitStsError.EXPIRED_TRADE_IN_TOKEN_EXCEPTION -> ExpiredTradeInTokenException(d)
                StskitStsError.IDP_COMMUNICATION_ERROR -> IdpCommunicationErrorException(d)
                StskitStsError.IDP_REJECTED_CLAIM -> IdpRejectedClaimException(d)
                StskitStsError.INVALID_AUTHORIZATION_MESSAGE_EXCEPTION -> InvalidAuthorizationMessageException(d)
                StskitStsError.INVALID_IDENTITY_TOKEN -> InvalidIdentityTokenException(d)
                StskitStsError.JWT_PAYLOAD_SIZE_EXCEEDED_EXCEPTION -> JwtPayloadSizeExceededException(d)
                StskitStsError.MALFORMED_POLICY_DOCUMENT -> MalformedPolicyDocumentException(d)
                StskitStsError.OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED_EXCEPTION -> OutboundWebIdentityFederationDisabledException(d)
                StskitStsError.PACKED_POLICY_TOO_LARGE -> PackedPolicyTooLargeException(d)
                StskitStsError.REGION_DISABLED_EXCEPTION -> RegionDisabledException(d)
                StskitStsError.SESSION_DURATION_ESCALATION_EXCEPTION -> SessionDurationEscalationException(d)
                else -> GenericServiceException(d)
            }
            StskitStatus.INVALID_ARGUMENT, StskitStatus.NULL_ARGUMENT, StskitStatus.INVALID_UTF8,
            StskitStatus.UNKNOWN_MEMBER -> ValidationException(d)
            StskitStatus.CONFIGURATION -> ConfigurationException(d)
            StskitStatus.MISSING_CREDENTIALS -> MissingCredentialsException(d)
            StskitStatus.TIMEOUT -> StsTimeoutException(d)
            StskitStatus.NETWORK -> NetworkException(d)
            StskitStatus.TLS -> TlsException(d)
            StskitStatus.INVALID_RESPONSE -> InvalidResponseException(d)
            StskitStatus.RESPONSE_TOO_LARGE -> ResponseTooLargeException(d)
            StskitStatus.NOT_READY -> NotReadyException(d)
            StskitStatus.CANCELLED -> StsCancelledException(d)
            else -> InternalException(d)
        }
    }
}

/** STS answered with an error response: [errorCode], [requestId] and [httpStatus] are set. */
sealed class StsServiceException(d: StsException.Detail) : StsException(d)

// Errors modeled in the STS service model (AWSSDK.SecurityToken names).
/** The web identity token or SAML assertion has expired (`ExpiredTokenException`). */
class ExpiredTokenException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The trade-in token of GetDelegatedAccessToken has expired. */
class ExpiredTradeInTokenException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** STS could not reach the identity provider (`IDPCommunicationError`); retryable. */
class IdpCommunicationErrorException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The identity provider rejected the claim (`IDPRejectedClaim`). */
class IdpRejectedClaimException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** DecodeAuthorizationMessage got a message it cannot decode. */
class InvalidAuthorizationMessageException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The web identity token is not valid (`InvalidIdentityToken`). */
class InvalidIdentityTokenException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The JWT's payload is too large (`JWTPayloadSizeExceededException`). */
class JwtPayloadSizeExceededException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The session policy is not valid JSON or not a valid policy (`MalformedPolicyDocument`). */
class MalformedPolicyDocumentException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** Outbound web identity federation is not enabled for the account. */
class OutboundWebIdentityFederationDisabledException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** Session policies and tags exceed the packed size limit (`PackedPolicyTooLarge`). */
class PackedPolicyTooLargeException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** STS is not activated in the requested region for the account. */
class RegionDisabledException internal constructor(d: StsException.Detail) : StsServiceException(d)
/** The requested duration exceeds what the role chain allows. */
class SessionDurationEscalationException internal constructor(d: StsException.Detail) : StsServiceException(d)

/**
 * Any other STS error (AccessDenied, Throttling, InvalidClientTokenId, ExpiredToken, ...): check
 * [stsError] or [errorCode].
 */
class GenericServiceException internal constructor(d: StsException.Detail) : StsServiceException(d)

/** A request member failed validation before anything was sent (the message names the member). */
class ValidationException internal constructor(d: StsException.Detail) : StsException(d)
/** The client configuration is unusable (region, endpoint, proxy, CA PEM, plain HTTP, ...). */
class ConfigurationException internal constructor(d: StsException.Detail) : StsException(d)
/** A signed operation was called on a client without credentials. */
class MissingCredentialsException internal constructor(d: StsException.Detail) : StsException(d)
/** A connect, read or attempt timeout expired. */
class StsTimeoutException internal constructor(d: StsException.Detail) : StsException(d)
/** The connection failed or broke (refused, reset, DNS, truncated). */
class NetworkException internal constructor(d: StsException.Detail) : StsException(d)
/** TLS failed: unknown CA, wrong host name, expired certificate, handshake. */
class TlsException internal constructor(d: StsException.Detail) : StsException(d)
/** The response was not a valid STS response. */
class InvalidResponseException internal constructor(d: StsException.Detail) : StsException(d)
/** The response body exceeded the configured limit. */
class ResponseTooLargeException internal constructor(d: StsException.Detail) : StsException(d)
/** A credentials provider has no credentials yet (only from `CredentialsProvider.lastError`). */
class NotReadyException internal constructor(d: StsException.Detail) : StsException(d)
/** The client was shut down ([StsClient.shutdown]) before or during the call. */
class StsCancelledException internal constructor(d: StsException.Detail) : StsException(d)
/** A bug in stskit, e.g. a Rust panic caught at the JNI boundary. */
class InternalException internal constructor(d: StsException.Detail) : StsException(d)
