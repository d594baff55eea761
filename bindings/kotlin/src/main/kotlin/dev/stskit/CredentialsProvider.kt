package dev.stskit

import dev.stskit.internal.Native
import dev.stskit.internal.NativeHandle
import dev.stskit.internal.NativeLoader
import dev.stskit.internal.RequestEncoder
import dev.stskit.internal.ResponseSlots
import dev.stskit.internal.onIo

/** Supplies a secret on demand: an MFA token code, a web identity token, a SAML assertion. */
fun interface SecretSupplier {
    /** Called on the refreshing thread (possibly a background thread); throw to fail the refresh. */
    fun get(): String
}

/** Told about new credentials after each successful refresh (on the refreshing thread). */
fun interface RefreshListener {
    fun onRefresh(credentials: Credentials)
}

/** Counters for monitoring and tests. */
data class ProviderStats(
    /** STS calls made to refresh. */
    val refreshAttempts: Long,
    /** Refreshes that produced new credentials. */
    val refreshes: Long,
    /** Failed refreshes since the last success. */
    val consecutiveFailures: Int,
)

/**
 * When a [CredentialsProvider] refreshes (every `null` keeps the core's default: refresh from
 * 5 minutes before expiry while serving the old credentials, block from 1 minute before, back
 * off 1 s doubling to 5 minutes after failed refreshes), and who hears about new credentials.
 */
data class ProviderOptions @JvmOverloads constructor(
    val advisoryWindowMillis: Long? = null,
    val mandatoryWindowMillis: Long? = null,
    val minBackoffMillis: Long? = null,
    val maxBackoffMillis: Long? = null,
    val refreshListener: RefreshListener? = null,
) {
    internal fun encode(): LongArray {
        val values = listOf(advisoryWindowMillis, mandatoryWindowMillis, minBackoffMillis, maxBackoffMillis)
        require(values.all { it == null || it >= 0 }) { "provider windows and backoff must not be negative" }
        return LongArray(values.size) { values[it] ?: -1 }
    }
}

/**
 * Temporary credentials that refresh themselves ahead of expiry: single-flight (many threads
 * asking at once cause one STS call), last good credentials kept when a refresh fails, backoff
 * after failures, expiry judged by the client's skew-corrected clock.
 *
 * [credentials] blocks while a refresh is needed (keep it off the main thread); [tryCredentials]
 * never blocks on the network and suits a render loop; [awaitCredentials] suspends.
 * Thread-safe. [close] is idempotent and safe while calls run (as for [StsClient]); a background
 * refresh still running finishes on its own.
 *
 * The provider keeps its own reference to the client it was created with: closing that
 * [StsClient] afterwards does not affect the provider.
 */
class CredentialsProvider private constructor(
    client: StsClient,
    request: StsRequest,
    tokenFile: String?,
    mfa: SecretSupplier?,
    secret: SecretSupplier?,
    options: ProviderOptions,
) : AutoCloseable {
    internal val handle: NativeHandle

    init {
        NativeLoader.ensureLoaded()
        val e = RequestEncoder()
        request.encode(e)
        val listener = options.refreshListener
        val flags = (if (mfa != null) 1 else 0) or (if (secret != null) 2 else 0) or (if (listener != null) 4 else 0)
        val callbacks = if (flags != 0) ProviderCallbacks(mfa, secret, listener) else null
        val longs = options.encode()
        val raw = client.withHandle { c ->
            Native.providerNew(c, request.operation.value, e.codes(), e.strings(), tokenFile, callbacks, flags, longs)
        }
        handle = NativeHandle(raw, Native::providerFree, "CredentialsProvider")
    }

    /** Valid credentials, refreshing first when needed: **blocks** during that STS call. */
    fun credentials(): Credentials {
        val strings = arrayOfNulls<String>(3)
        val longs = LongArray(1)
        handle.use { Native.providerGet(it, strings, longs) }
        return ResponseSlots.credentials(strings, longs)
    }

    /** [credentials] on `Dispatchers.IO`; cancellation resumes the caller at once. */
    suspend fun awaitCredentials(): Credentials = onIo { credentials() }

    /**
     * Never blocks on the network: valid cached credentials, or `null` while a background refresh
     * (started by this call if needed) is under way. While backing off after a failed refresh it
     * throws that refresh's [StsException].
     */
    fun tryCredentials(): Credentials? {
        val strings = arrayOfNulls<String>(3)
        val longs = LongArray(1)
        val ready = handle.use { Native.providerTryGet(it, strings, longs) }
        return if (ready) ResponseSlots.credentials(strings, longs) else null
    }

    /** Forgets the cached credentials (e.g. after a service rejected them); the next read refreshes. */
    fun invalidate() = handle.use { Native.providerInvalidate(it) }

    /** Refresh counters. */
    val stats: ProviderStats
        get() {
            val n = LongArray(3)
            handle.use { Native.providerStats(it, n) }
            return ProviderStats(n[0], n[1], n[2].toInt())
        }

    /** The last refresh's error, or `null` if it succeeded (or none was attempted). */
    val lastError: StsException? get() = handle.use { Native.providerLastError(it) } as StsException?

    val isClosed: Boolean get() = handle.isClosed

    override fun close() = handle.close()

    override fun toString(): String = "CredentialsProvider(closed=$isClosed)"

    companion object {
        /**
         * AssumeRole at each refresh. If [request] has a `serialNumber`, [mfaCode] is asked for a
         * fresh token code at each refresh.
         */
        @JvmStatic
        @JvmOverloads
        fun assumeRole(client: StsClient, request: AssumeRoleRequest, mfaCode: SecretSupplier? = null, options: ProviderOptions = ProviderOptions()) =
            CredentialsProvider(client, request, null, mfaCode, null, options)

        /** AssumeRoleWithWebIdentity with the token re-read from [tokenFile] at each refresh (EKS / Kubernetes style). */
        @JvmStatic
        @JvmOverloads
        fun webIdentityFromFile(client: StsClient, request: AssumeRoleWithWebIdentityRequest, tokenFile: String, options: ProviderOptions = ProviderOptions()) =
            CredentialsProvider(client, request, tokenFile, null, null, options)

        /** AssumeRoleWithWebIdentity with the token from [token] at each refresh (e.g. the game's sign-in SDK). */
        @JvmStatic
        @JvmOverloads
        fun webIdentity(client: StsClient, request: AssumeRoleWithWebIdentityRequest, token: SecretSupplier, options: ProviderOptions = ProviderOptions()) =
            CredentialsProvider(client, request, null, null, token, options)

        /** AssumeRoleWithSAML with the base64 assertion from [assertion] at each refresh. */
        @JvmStatic
        @JvmOverloads
        fun saml(client: StsClient, request: AssumeRoleWithSamlRequest, assertion: SecretSupplier, options: ProviderOptions = ProviderOptions()) =
            CredentialsProvider(client, request, null, null, assertion, options)

        /** GetSessionToken at each refresh, asking [mfaCode] when [request] has a `serialNumber`. */
        @JvmStatic
        @JvmOverloads
        fun sessionToken(
            client: StsClient,
            request: GetSessionTokenRequest = GetSessionTokenRequest(),
            mfaCode: SecretSupplier? = null,
            options: ProviderOptions = ProviderOptions(),
        ) = CredentialsProvider(client, request, null, mfaCode, null, options)
    }
}

/**
 * Called from native code (src/jni/callback.rs), possibly on a background thread. Catches every
 * Throwable: failures go back as values. Holds the user's callbacks, never the provider.
 */
internal class ProviderCallbacks(
    private val mfa: SecretSupplier?,
    private val secret: SecretSupplier?,
    private val listener: RefreshListener?,
) {
    /** `[value, null]`, or `[null, what went wrong]`. kind 1 = MFA code, 2 = token or assertion. */
    fun secret(kind: Int): Array<String?> = try {
        val supplier = if (kind == 1) mfa else secret
        arrayOf(checkNotNull(supplier) { "no callback" }.get(), null)
    } catch (t: Throwable) {
        arrayOf(null, t.toString())
    }

    fun refreshed(accessKeyId: String, secretAccessKey: String, sessionToken: String?, expirationMillis: Long) {
        try {
            listener?.onRefresh(Credentials(accessKeyId, secretAccessKey, sessionToken, expirationMillis.takeIf { it != Long.MIN_VALUE }))
        } catch (_: Throwable) {
        }
    }
}
