package dev.stskit

import dev.stskit.internal.ResponseSlots

// One data class per STS operation with every output member and the response metadata, named
// as in AWSSDK.SecurityToken. Optional outputs STS left out are null.

/** AssumeRole's result. */
data class AssumeRoleResponse(
    val credentials: Credentials,
    val assumedRoleUser: AssumedRoleUser?,
    /** Percentage of the packed size limit the session policies and tags use. */
    val packedPolicySize: Int?,
    val sourceIdentity: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = AssumeRoleResponse(
            s.credentials, s.assumedRoleUser, s.packedPolicySize, s.string(StskitOutput.SOURCE_IDENTITY), s.metadata,
        )
    }
}

/** AssumeRoleWithSAML's result. */
data class AssumeRoleWithSamlResponse(
    val credentials: Credentials,
    val assumedRoleUser: AssumedRoleUser?,
    val packedPolicySize: Int?,
    /** The NameID value of the assertion. */
    val subject: String?,
    /** The NameID format, e.g. `persistent` or `transient`. */
    val subjectType: String?,
    val issuer: String?,
    val audience: String?,
    val nameQualifier: String?,
    val sourceIdentity: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = AssumeRoleWithSamlResponse(
            s.credentials, s.assumedRoleUser, s.packedPolicySize,
            s.string(StskitOutput.SUBJECT), s.string(StskitOutput.SUBJECT_TYPE), s.string(StskitOutput.ISSUER),
            s.string(StskitOutput.AUDIENCE), s.string(StskitOutput.NAME_QUALIFIER), s.string(StskitOutput.SOURCE_IDENTITY),
            s.metadata,
        )
    }
}

/** AssumeRoleWithWebIdentity's result. */
data class AssumeRoleWithWebIdentityResponse(
    val credentials: Credentials,
    /** The token's `sub` claim. */
    val subjectFromWebIdentityToken: String?,
    val assumedRoleUser: AssumedRoleUser?,
    val packedPolicySize: Int?,
    /** The token's `iss` claim, or the ProviderId for OAuth 2.0. */
    val provider: String?,
    val audience: String?,
    val sourceIdentity: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = AssumeRoleWithWebIdentityResponse(
            s.credentials, s.string(StskitOutput.SUBJECT_FROM_WEB_IDENTITY_TOKEN), s.assumedRoleUser, s.packedPolicySize,
            s.string(StskitOutput.PROVIDER), s.string(StskitOutput.AUDIENCE), s.string(StskitOutput.SOURCE_IDENTITY),
            s.metadata,
        )
    }
}

/** AssumeRoot's result. */
data class AssumeRootResponse(
    val credentials: Credentials,
    val sourceIdentity: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = AssumeRootResponse(s.credentials, s.string(StskitOutput.SOURCE_IDENTITY), s.metadata)
    }
}

/** DecodeAuthorizationMessage's result. */
data class DecodeAuthorizationMessageResponse(
    /** A JSON document describing the authorization decision. */
    val decodedMessage: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = DecodeAuthorizationMessageResponse(s.string(StskitOutput.DECODED_MESSAGE), s.metadata)
    }
}

/** GetAccessKeyInfo's result. */
data class GetAccessKeyInfoResponse(
    val account: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = GetAccessKeyInfoResponse(s.string(StskitOutput.ACCOUNT), s.metadata)
    }
}

/** GetCallerIdentity's result. */
data class GetCallerIdentityResponse(
    val userId: String?,
    val account: String?,
    val arn: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = GetCallerIdentityResponse(
            s.string(StskitOutput.USER_ID), s.string(StskitOutput.ACCOUNT), s.string(StskitOutput.ARN), s.metadata,
        )
    }
}

/** GetDelegatedAccessToken's result. */
data class GetDelegatedAccessTokenResponse(
    val credentials: Credentials,
    val packedPolicySize: Int?,
    val assumedPrincipal: String?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = GetDelegatedAccessTokenResponse(
            s.credentials, s.packedPolicySize, s.string(StskitOutput.ASSUMED_PRINCIPAL), s.metadata,
        )
    }
}

/** GetFederationToken's result. */
data class GetFederationTokenResponse(
    val credentials: Credentials,
    val federatedUser: FederatedUser?,
    val packedPolicySize: Int?,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots): GetFederationTokenResponse {
            val user = s.string(StskitOutput.FEDERATED_USER_ID)?.let { FederatedUser(it, s.string(StskitOutput.FEDERATED_USER_ARN) ?: "") }
            return GetFederationTokenResponse(s.credentials, user, s.packedPolicySize, s.metadata)
        }
    }
}

/** GetSessionToken's result. */
data class GetSessionTokenResponse(
    val credentials: Credentials,
    val responseMetadata: ResponseMetadata,
) {
    internal companion object {
        fun from(s: ResponseSlots) = GetSessionTokenResponse(s.credentials, s.metadata)
    }
}

/** GetWebIdentityToken's result. */
data class GetWebIdentityTokenResponse(
    /** The signed JWT (secret: redacted in toString). */
    val webIdentityToken: String,
    /** When the token expires, in milliseconds since the Unix epoch. */
    val expirationEpochMillis: Long,
    val responseMetadata: ResponseMetadata,
) {
    override fun toString(): String =
        "GetWebIdentityTokenResponse(webIdentityToken=<redacted>, expirationEpochMillis=$expirationEpochMillis, responseMetadata=$responseMetadata)"

    internal companion object {
        fun from(s: ResponseSlots) = GetWebIdentityTokenResponse(
            s.string(StskitOutput.WEB_IDENTITY_TOKEN) ?: "", s.expirationEpochMillis ?: 0L, s.metadata,
        )
    }
}
