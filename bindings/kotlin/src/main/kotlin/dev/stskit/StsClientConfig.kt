package dev.stskit

/** How failed attempts are retried. */
enum class RetryMode {
    /** The SDKs' standard mode before 2026 (backoff base 1 s, retry cost 5). */
    STANDARD,

    /** The 2026 standard mode, the default (base 50 ms, 1 s for throttling; retry cost 14). */
    STANDARD_2026,
}

/** Where requests go through. */
sealed class Proxy {
    /** `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` and `NO_PROXY` from the environment (the default). */
    object FromEnvironment : Proxy() {
        override fun toString() = "Proxy.FromEnvironment"
    }

    /** Connect directly, whatever the environment says. */
    object Disabled : Proxy() {
        override fun toString() = "Proxy.Disabled"
    }

    /** This proxy, e.g. `http://proxy:3128` or `socks5://host:1080` (user info allowed). */
    data class Url(val url: String) : Proxy() {
        override fun toString() = "Proxy.Url(${url.replace(Regex("//[^/@]*@"), "//<redacted>@")})"
    }
}

/** Receives the client's log lines. Called on the thread making the STS call; messages never contain secrets. */
fun interface LogListener {
    fun log(level: StskitLogLevel, message: String)
}

/**
 * Settings of an [StsClient]. Every `null` keeps the native core's default: regional endpoints,
 * 5 s connect, 10 s read and 30 s attempt timeouts, 3 attempts in [RetryMode.STANDARD_2026], proxy
 * from the environment, 1 MiB response limit. The core checks the values when the client is built
 * and throws [ConfigurationException] for unusable ones.
 */
data class StsClientConfig @JvmOverloads constructor(
    /** The AWS region, e.g. `eu-west-1`. Required unless [endpointUrl] implies one. */
    val region: String? = null,
    /** A custom endpoint (VPC endpoint, proxy, local emulator), used verbatim including its path. */
    val endpointUrl: String? = null,
    val useFips: Boolean = false,
    val useDualStack: Boolean = false,
    /** The legacy global endpoint `sts.amazonaws.com` (off by default, as in every SDK since 2025). */
    val useGlobalEndpoint: Boolean = false,
    /** Static credentials for signed operations. */
    val credentials: Credentials? = null,
    /**
     * Credentials from a provider (role chaining) instead of static ones. The client keeps its own
     * reference to the native provider: closing the Kotlin provider later does not affect it.
     */
    val credentialsProvider: CredentialsProvider? = null,
    val connectTimeoutMillis: Long? = null,
    /** How long to wait for the response headers, and separately for the body. */
    val readTimeoutMillis: Long? = null,
    /** Bound of one whole attempt (connect, send, receive). */
    val attemptTimeoutMillis: Long? = null,
    /** Attempts including the first; 1 disables retries. */
    val maxAttempts: Int? = null,
    val retryMode: RetryMode? = null,
    /** Multiplies every backoff delay (tests use small values). */
    val backoffScale: Double? = null,
    val proxy: Proxy = Proxy.FromEnvironment,
    /** PEM text of CA certificates trusted in addition to the bundled Mozilla roots. */
    val extraCaPem: String? = null,
    /** Permit plain `http://` to non-loopback hosts: credentials then cross the network unencrypted. */
    val allowInsecureHttp: Boolean = false,
    val maxResponseBytes: Long? = null,
    val logListener: LogListener? = null,
    /** The most verbose level [logListener] receives. */
    val logLevel: StskitLogLevel = StskitLogLevel.INFO,
    /** Pretend the device clock is off by this much (testing the clock-skew correction). */
    val deviceClockOffsetSeconds: Long = 0,
) {
    /** Fluent builder for Java callers. */
    class Builder {
        private var c = StsClientConfig()

        fun region(v: String?) = apply { c = c.copy(region = v) }
        fun endpointUrl(v: String?) = apply { c = c.copy(endpointUrl = v) }
        fun useFips(v: Boolean) = apply { c = c.copy(useFips = v) }
        fun useDualStack(v: Boolean) = apply { c = c.copy(useDualStack = v) }
        fun useGlobalEndpoint(v: Boolean) = apply { c = c.copy(useGlobalEndpoint = v) }
        fun credentials(v: Credentials?) = apply { c = c.copy(credentials = v) }
        fun credentialsProvider(v: CredentialsProvider?) = apply { c = c.copy(credentialsProvider = v) }
        fun timeoutsMillis(connect: Long?, read: Long?, attempt: Long?) =
            apply { c = c.copy(connectTimeoutMillis = connect, readTimeoutMillis = read, attemptTimeoutMillis = attempt) }
        fun retry(maxAttempts: Int?, mode: RetryMode? = null, backoffScale: Double? = null) =
            apply { c = c.copy(maxAttempts = maxAttempts, retryMode = mode, backoffScale = backoffScale) }
        fun proxy(v: Proxy) = apply { c = c.copy(proxy = v) }
        fun extraCaPem(v: String?) = apply { c = c.copy(extraCaPem = v) }
        fun allowInsecureHttp(v: Boolean) = apply { c = c.copy(allowInsecureHttp = v) }
        fun maxResponseBytes(v: Long?) = apply { c = c.copy(maxResponseBytes = v) }
        fun logListener(v: LogListener?, level: StskitLogLevel = StskitLogLevel.INFO) = apply { c = c.copy(logListener = v, logLevel = level) }
        fun build(): StsClientConfig = c
    }

    companion object {
        @JvmStatic
        fun builder(): Builder = Builder()
    }

    internal fun encodeStrings(): Array<String?> = arrayOf(
        region, endpointUrl, credentials?.accessKeyId, credentials?.secretAccessKey, credentials?.sessionToken,
        (proxy as? Proxy.Url)?.url,
    )

    internal fun encodeLongs(): LongArray {
        fun nonNegative(name: String, v: Long?): Long {
            require(v == null || v >= 0) { "$name must not be negative" }
            return v ?: -1
        }
        val flags = (if (useFips) 1L else 0) or (if (useDualStack) 2L else 0) or
            (if (useGlobalEndpoint) 4L else 0) or (if (allowInsecureHttp) 8L else 0)
        return longArrayOf(
            flags,
            nonNegative("connectTimeoutMillis", connectTimeoutMillis),
            nonNegative("readTimeoutMillis", readTimeoutMillis),
            nonNegative("attemptTimeoutMillis", attemptTimeoutMillis),
            nonNegative("maxAttempts", maxAttempts?.toLong()),
            when (retryMode) { null -> -1; RetryMode.STANDARD -> 0; RetryMode.STANDARD_2026 -> 1 },
            (backoffScale ?: Double.NaN).toRawBits(),
            when (proxy) { Proxy.FromEnvironment -> 0; Proxy.Disabled -> 1; is Proxy.Url -> 2 },
            nonNegative("maxResponseBytes", maxResponseBytes),
            deviceClockOffsetSeconds,
            if (logListener == null) 0 else logLevel.value.toLong(),
        )
    }
}

/** Called from native code: forwards log lines to the user's listener, swallowing its exceptions. */
internal class LogAdapter(private val listener: LogListener) {
    fun log(level: Int, message: String) {
        try {
            listener.log(StskitLogLevel.fromValue(level) ?: StskitLogLevel.INFO, message)
        } catch (_: Throwable) {
        }
    }
}
