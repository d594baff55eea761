package dev.stskit

/**
 * AWS credentials. [toString] masks the access key id and never shows the secret key or the
 * session token; still, treat instances as secrets (don't log or persist them).
 */
class Credentials @JvmOverloads constructor(
    val accessKeyId: String,
    val secretAccessKey: String,
    /** Required for temporary credentials; `null` for long-term keys. */
    val sessionToken: String? = null,
    /** Expiry in milliseconds since the Unix epoch; `null` if the credentials do not expire. */
    val expirationEpochMillis: Long? = null,
) {
    /** Whether the credentials have expired at [nowEpochMillis] (never, without an expiration). */
    @JvmOverloads
    fun isExpired(nowEpochMillis: Long = System.currentTimeMillis()): Boolean =
        expirationEpochMillis != null && nowEpochMillis >= expirationEpochMillis

    override fun equals(other: Any?): Boolean = other is Credentials &&
        accessKeyId == other.accessKeyId && secretAccessKey == other.secretAccessKey &&
        sessionToken == other.sessionToken && expirationEpochMillis == other.expirationEpochMillis

    override fun hashCode(): Int = accessKeyId.hashCode() * 31 + (expirationEpochMillis?.hashCode() ?: 0)

    override fun toString(): String =
        "Credentials(accessKeyId=${maskAccessKeyId(accessKeyId)}, secretAccessKey=<redacted>, " +
            "sessionToken=${if (sessionToken == null) "null" else "<redacted>"}, expirationEpochMillis=$expirationEpochMillis)"

    companion object {
        /** `ASIAIOSFODNN7EXAMPLE` -> `ASIA************MPLE`: enough to tell keys apart in logs. */
        @JvmStatic
        fun maskAccessKeyId(id: String): String =
            if (id.length <= 8) "*".repeat(id.length)
            else id.take(4) + "*".repeat(id.length - 8) + id.takeLast(4)
    }
}

/** What every response carries besides its result (`ResponseMetadata` in AWSSDK). */
data class ResponseMetadata(
    /** STS's request id (`x-amzn-RequestId`). */
    val requestId: String,
    val httpStatusCode: Int,
    /** The response body's length in bytes. */
    val contentLength: Long,
)

/** A session tag. */
data class Tag(val key: String, val value: String)

/** A context assertion from a trusted context provider (AssumeRole's `ProvidedContexts`). */
data class ProvidedContext(val providerArn: String, val contextAssertion: String)

/** The role session temporary credentials belong to. */
data class AssumedRoleUser(
    /** `AROA…:<session name>`. */
    val assumedRoleId: String,
    val arn: String,
)

/** The federated user of GetFederationToken credentials. */
data class FederatedUser(
    /** `<account>:<name>`. */
    val federatedUserId: String,
    val arn: String,
)

/**
 * A presigned `GET ?Action=GetCallerIdentity` (Vault IAM auth, EKS tokens). The URL authorises
 * one identity check until [expiresAtEpochMillis]: treat it as a short-lived secret.
 */
class PresignedRequest internal constructor(
    val url: String,
    /** Headers (besides `Host`) that must be sent with the GET. */
    val headers: Map<String, String>,
    val expiresAtEpochMillis: Long,
) {
    override fun toString(): String =
        "PresignedRequest(url=${url.substringBefore('?')}?<redacted>, headers=$headers, expiresAtEpochMillis=$expiresAtEpochMillis)"
}
