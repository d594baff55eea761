package dev.stskit

import dev.stskit.internal.RequestEncoder

// One data class per STS operation with every input member, named as in AWSSDK.SecurityToken.
// `null` leaves an optional member out; an empty list is sent as an explicit empty list. Values
// are validated by the native core (lengths, patterns, ranges) before anything is sent, and a
// bad one fails with ValidationException naming the member. Secrets are redacted in toString.

/** A request of one of the 11 operations. */
sealed class StsRequest {
    /** The operation this request is for. */
    abstract val operation: StskitOperation

    internal abstract fun encode(e: RequestEncoder)
}

private fun RequestEncoder.policyArns(arns: List<String>?) = list(StskitMember.POLICY_ARNS, arns)
private fun RequestEncoder.tags(tags: List<Tag>?) = pairs(StskitMember.TAGS, tags) { it.key to it.value }
private fun redacted(s: String?) = if (s == null) "null" else "<redacted>"

/** AssumeRole: temporary credentials for an IAM role. */
data class AssumeRoleRequest @JvmOverloads constructor(
    val roleArn: String,
    val roleSessionName: String,
    /** Managed policy ARNs used as session policies. */
    val policyArns: List<String>? = null,
    /** Inline session policy (JSON). */
    val policy: String? = null,
    /** 900..43200 seconds; STS defaults to 3600. */
    val durationSeconds: Int? = null,
    val tags: List<Tag>? = null,
    val transitiveTagKeys: List<String>? = null,
    val externalId: String? = null,
    /** MFA device serial number or ARN. */
    val serialNumber: String? = null,
    /** The 6-digit MFA code. */
    val tokenCode: String? = null,
    val sourceIdentity: String? = null,
    val providedContexts: List<ProvidedContext>? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.ASSUME_ROLE

    override fun encode(e: RequestEncoder) {
        e.string(StskitMember.ROLE_ARN, roleArn)
        e.string(StskitMember.ROLE_SESSION_NAME, roleSessionName)
        e.policyArns(policyArns)
        e.string(StskitMember.POLICY, policy)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
        e.tags(tags)
        e.list(StskitMember.TRANSITIVE_TAG_KEYS, transitiveTagKeys)
        e.string(StskitMember.EXTERNAL_ID, externalId)
        e.string(StskitMember.SERIAL_NUMBER, serialNumber)
        e.string(StskitMember.TOKEN_CODE, tokenCode)
        e.string(StskitMember.SOURCE_IDENTITY, sourceIdentity)
        e.pairs(StskitMember.PROVIDED_CONTEXTS, providedContexts) { it.providerArn to it.contextAssertion }
    }
}

/** AssumeRoleWithSAML: credentials for a SAML 2.0 assertion (unsigned). */
data class AssumeRoleWithSamlRequest @JvmOverloads constructor(
    val roleArn: String,
    /** The ARN of the IAM SAML provider. */
    val principalArn: String,
    /** Base64 of the IdP's SAML response (secret). A credentials provider asks its callback instead. */
    val samlAssertion: String = "",
    val policyArns: List<String>? = null,
    val policy: String? = null,
    val durationSeconds: Int? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.ASSUME_ROLE_WITH_SAML

    override fun encode(e: RequestEncoder) {
        e.string(StskitMember.ROLE_ARN, roleArn)
        e.string(StskitMember.PRINCIPAL_ARN, principalArn)
        e.string(StskitMember.SAML_ASSERTION, samlAssertion)
        e.policyArns(policyArns)
        e.string(StskitMember.POLICY, policy)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
    }

    override fun toString(): String =
        "AssumeRoleWithSamlRequest(roleArn=$roleArn, principalArn=$principalArn, samlAssertion=<redacted>, " +
            "policyArns=$policyArns, policy=$policy, durationSeconds=$durationSeconds)"
}

/** AssumeRoleWithWebIdentity: credentials for an OIDC or OAuth 2.0 token (unsigned). */
data class AssumeRoleWithWebIdentityRequest @JvmOverloads constructor(
    val roleArn: String,
    val roleSessionName: String,
    /** The OIDC ID token or OAuth 2.0 access token (secret). A credentials provider reads its file or callback instead. */
    val webIdentityToken: String = "",
    /** Only for OAuth 2.0 providers (`www.amazon.com`, `graph.facebook.com`). */
    val providerId: String? = null,
    val policyArns: List<String>? = null,
    val policy: String? = null,
    val durationSeconds: Int? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.ASSUME_ROLE_WITH_WEB_IDENTITY

    override fun encode(e: RequestEncoder) {
        e.string(StskitMember.ROLE_ARN, roleArn)
        e.string(StskitMember.ROLE_SESSION_NAME, roleSessionName)
        e.string(StskitMember.WEB_IDENTITY_TOKEN, webIdentityToken)
        e.string(StskitMember.PROVIDER_ID, providerId)
        e.policyArns(policyArns)
        e.string(StskitMember.POLICY, policy)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
    }

    override fun toString(): String =
        "AssumeRoleWithWebIdentityRequest(roleArn=$roleArn, roleSessionName=$roleSessionName, webIdentityToken=<redacted>, " +
            "providerId=$providerId, policyArns=$policyArns, policy=$policy, durationSeconds=$durationSeconds)"
}

/** AssumeRoot: short-term root credentials for a member account (regional endpoints only). */
data class AssumeRootRequest @JvmOverloads constructor(
    /** The member account id or principal ARN. */
    val targetPrincipal: String,
    /** One of the AWS managed root-task policy ARNs. */
    val taskPolicyArn: String,
    /** 0..900 seconds; STS defaults to 900. */
    val durationSeconds: Int? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.ASSUME_ROOT

    override fun encode(e: RequestEncoder) {
        e.string(StskitMember.TARGET_PRINCIPAL, targetPrincipal)
        e.string(StskitMember.TASK_POLICY_ARN, taskPolicyArn)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
    }
}

/** DecodeAuthorizationMessage: the JSON behind an encoded authorization failure. */
data class DecodeAuthorizationMessageRequest(val encodedMessage: String) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.DECODE_AUTHORIZATION_MESSAGE

    override fun encode(e: RequestEncoder) = e.string(StskitMember.ENCODED_MESSAGE, encodedMessage)
}

/** GetAccessKeyInfo: the account an access key belongs to. */
data class GetAccessKeyInfoRequest(val accessKeyId: String) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_ACCESS_KEY_INFO

    override fun encode(e: RequestEncoder) = e.string(StskitMember.ACCESS_KEY_ID, accessKeyId)
}

/** GetCallerIdentity has no members. */
object GetCallerIdentityRequest : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_CALLER_IDENTITY

    override fun encode(e: RequestEncoder) {}

    override fun toString(): String = "GetCallerIdentityRequest"
}

/** GetDelegatedAccessToken: credentials for a trade-in token. */
data class GetDelegatedAccessTokenRequest(
    /** Secret. */
    val tradeInToken: String,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_DELEGATED_ACCESS_TOKEN

    override fun encode(e: RequestEncoder) = e.string(StskitMember.TRADE_IN_TOKEN, tradeInToken)

    override fun toString(): String = "GetDelegatedAccessTokenRequest(tradeInToken=${redacted(tradeInToken)})"
}

/** GetFederationToken: credentials for a federated user (signed with long-term keys). */
data class GetFederationTokenRequest @JvmOverloads constructor(
    /** 2..32 characters. */
    val name: String,
    val policy: String? = null,
    val policyArns: List<String>? = null,
    /** 900..129600 seconds; STS defaults to 43200. */
    val durationSeconds: Int? = null,
    val tags: List<Tag>? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_FEDERATION_TOKEN

    override fun encode(e: RequestEncoder) {
        e.string(StskitMember.NAME, name)
        e.string(StskitMember.POLICY, policy)
        e.policyArns(policyArns)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
        e.tags(tags)
    }
}

/** GetSessionToken: temporary credentials for the caller, optionally MFA-backed. */
data class GetSessionTokenRequest @JvmOverloads constructor(
    /** 900..129600 seconds; STS defaults to 43200. */
    val durationSeconds: Int? = null,
    val serialNumber: String? = null,
    val tokenCode: String? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_SESSION_TOKEN

    override fun encode(e: RequestEncoder) {
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
        e.string(StskitMember.SERIAL_NUMBER, serialNumber)
        e.string(StskitMember.TOKEN_CODE, tokenCode)
    }
}

/** GetWebIdentityToken: an outbound OIDC JWT for external services (regional endpoints only). */
data class GetWebIdentityTokenRequest @JvmOverloads constructor(
    /** 1..10 audiences (the JWT's `aud`). */
    val audience: List<String>,
    /** `RS256` or `ES384`. */
    val signingAlgorithm: String,
    /** 60..3600 seconds; STS defaults to 300. */
    val durationSeconds: Int? = null,
    val tags: List<Tag>? = null,
) : StsRequest() {
    override val operation: StskitOperation get() = StskitOperation.GET_WEB_IDENTITY_TOKEN

    override fun encode(e: RequestEncoder) {
        e.items(StskitMember.AUDIENCE, audience)
        e.int(StskitMember.DURATION_SECONDS, durationSeconds)
        e.string(StskitMember.SIGNING_ALGORITHM, signingAlgorithm)
        e.tags(tags)
    }
}
