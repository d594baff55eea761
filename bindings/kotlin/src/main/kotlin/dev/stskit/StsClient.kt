package dev.stskit

import dev.stskit.internal.Native
import dev.stskit.internal.NativeHandle
import dev.stskit.internal.NativeLoader
import dev.stskit.internal.ResponseSlots
import dev.stskit.internal.onIo

/**
 * An AWS STS client: one method per STS operation, backed by the native stskit core.
 *
 * Every operation **blocks** until STS answers (validation, signing, retries included): never call
 * one on Android's main thread or a game's render thread. Use the `suspend` variants on
 * [suspending] from coroutines (they run on `Dispatchers.IO` and honour cancellation), or a
 * worker thread.
 *
 * Thread-safe: one client may serve any number of threads at once (it shares connections, the
 * retry quota and the learned clock skew). [close] is idempotent and safe while calls run on other
 * threads: those calls finish, the native client is freed after the last one, and calls started
 * after [close] throw [IllegalStateException]. A client that is never closed is freed when it is
 * garbage-collected.
 *
 * Failures throw [StsException] subclasses ([ExpiredTokenException], [ValidationException], ...).
 */
class StsClient(config: StsClientConfig) : AutoCloseable {
    private val handle: NativeHandle

    init {
        NativeLoader.ensureLoaded()
        require(config.credentials == null || config.credentialsProvider == null) {
            "set either credentials or credentialsProvider, not both"
        }
        val strings = config.encodeStrings()
        val longs = config.encodeLongs()
        val pem = config.extraCaPem?.toByteArray(Charsets.UTF_8)
        val logger = config.logListener?.let { LogAdapter(it) }
        val raw = when (val p = config.credentialsProvider) {
            null -> Native.clientNew(strings, longs, pem, logger, 0)
            else -> p.handle.use { Native.clientNew(strings, longs, pem, logger, it) }
        }
        handle = NativeHandle(raw, Native::clientFree, "StsClient")
    }

    /** The `suspend` variants of every operation. */
    val suspending: SuspendingStsClient = SuspendingStsClient(this)

    /** Whether [close] was called. */
    val isClosed: Boolean get() = handle.isClosed

    /**
     * Shuts the client down for good, e.g. when the app or game quits: calls in flight on other
     * threads throw [StsCancelledException] at once (their connections are closed under them; one
     * still connecting within the connect timeout), a call waiting to retry stops waiting, and
     * later calls throw [StsCancelledException] without touching the network. Idempotent. Unlike
     * [close], it does not wait for anything; [close] is still needed to free the client.
     */
    fun shutdown() = handle.use { Native.clientShutdown(it) }

    /** The URL requests go to. */
    val endpointUrl: String get() = handle.use { Native.clientEndpointUrl(it) }

    /** The clock offset (seconds) learned from STS; 0 until a skew was detected. */
    val clockOffsetSeconds: Long get() = handle.use { Native.clientClockOffsetSeconds(it) }

    internal fun <T> withHandle(block: (Long) -> T): T = handle.use(block)

    private fun <R> send(request: StsRequest, decode: (ResponseSlots) -> R): R {
        val e = dev.stskit.internal.RequestEncoder()
        request.encode(e)
        val codes = e.codes()
        val strings = e.strings()
        val out = ResponseSlots()
        handle.use { Native.clientSend(it, request.operation.value, codes, strings, out.strings, out.longs) }
        return decode(out)
    }

    fun assumeRole(request: AssumeRoleRequest): AssumeRoleResponse = send(request, AssumeRoleResponse::from)

    fun assumeRoleWithSaml(request: AssumeRoleWithSamlRequest): AssumeRoleWithSamlResponse =
        send(request, AssumeRoleWithSamlResponse::from)

    fun assumeRoleWithWebIdentity(request: AssumeRoleWithWebIdentityRequest): AssumeRoleWithWebIdentityResponse =
        send(request, AssumeRoleWithWebIdentityResponse::from)

    fun assumeRoot(request: AssumeRootRequest): AssumeRootResponse = send(request, AssumeRootResponse::from)

    fun decodeAuthorizationMessage(request: DecodeAuthorizationMessageRequest): DecodeAuthorizationMessageResponse =
        send(request, DecodeAuthorizationMessageResponse::from)

    fun getAccessKeyInfo(request: GetAccessKeyInfoRequest): GetAccessKeyInfoResponse =
        send(request, GetAccessKeyInfoResponse::from)

    @JvmOverloads
    fun getCallerIdentity(request: GetCallerIdentityRequest = GetCallerIdentityRequest): GetCallerIdentityResponse =
        send(request, GetCallerIdentityResponse::from)

    fun getDelegatedAccessToken(request: GetDelegatedAccessTokenRequest): GetDelegatedAccessTokenResponse =
        send(request, GetDelegatedAccessTokenResponse::from)

    fun getFederationToken(request: GetFederationTokenRequest): GetFederationTokenResponse =
        send(request, GetFederationTokenResponse::from)

    @JvmOverloads
    fun getSessionToken(request: GetSessionTokenRequest = GetSessionTokenRequest()): GetSessionTokenResponse =
        send(request, GetSessionTokenResponse::from)

    fun getWebIdentityToken(request: GetWebIdentityTokenRequest): GetWebIdentityTokenResponse =
        send(request, GetWebIdentityTokenResponse::from)

    /**
     * A presigned `GET ?Action=GetCallerIdentity` signed with this client's credentials, valid for
     * [expiresInSeconds] (STS honours at most 15 minutes); [signedHeaders] (e.g. `x-k8s-aws-id`)
     * are bound into the signature and must be sent with the GET. Makes no network call.
     */
    @JvmOverloads
    fun presignGetCallerIdentity(expiresInSeconds: Int = 900, signedHeaders: Map<String, String> = emptyMap()): PresignedRequest {
        val headers = signedHeaders.entries.flatMap { listOf(it.key, it.value) }.toTypedArray<String?>()
        val outStrings = arrayOfNulls<String>(1 + headers.size)
        val outLongs = LongArray(1)
        handle.use { Native.clientPresign(it, expiresInSeconds, headers, outStrings, outLongs) }
        val pairs = (1 until outStrings.size step 2).mapNotNull { i -> outStrings[i]?.let { it to (outStrings[i + 1] ?: "") } }
        return PresignedRequest(outStrings[0]!!, pairs.toMap(), outLongs[0])
    }

    /** Frees the native client once no call is running; idempotent. Later calls throw [IllegalStateException]. */
    override fun close() = handle.close()

    override fun toString(): String = "StsClient(closed=$isClosed)"

    companion object {
        /** The native library's version, e.g. `0.1.0`. */
        @JvmStatic
        fun nativeVersion(): String {
            NativeLoader.ensureLoaded()
            return Native.version()
        }
    }
}

/**
 * The `suspend` variants of [StsClient]'s operations. Each runs the blocking call on
 * `Dispatchers.IO`; cancelling the coroutine resumes it at once with `CancellationException`
 * (the native call, which cannot be interrupted, completes in the background and is discarded).
 */
class SuspendingStsClient internal constructor(private val client: StsClient) {
    suspend fun assumeRole(request: AssumeRoleRequest) = onIo { client.assumeRole(request) }
    suspend fun assumeRoleWithSaml(request: AssumeRoleWithSamlRequest) = onIo { client.assumeRoleWithSaml(request) }
    suspend fun assumeRoleWithWebIdentity(request: AssumeRoleWithWebIdentityRequest) = onIo { client.assumeRoleWithWebIdentity(request) }
    suspend fun assumeRoot(request: AssumeRootRequest) = onIo { client.assumeRoot(request) }
    suspend fun decodeAuthorizationMessage(request: DecodeAuthorizationMessageRequest) = onIo { client.decodeAuthorizationMessage(request) }
    suspend fun getAccessKeyInfo(request: GetAccessKeyInfoRequest) = onIo { client.getAccessKeyInfo(request) }
    suspend fun getCallerIdentity(request: GetCallerIdentityRequest = GetCallerIdentityRequest) = onIo { client.getCallerIdentity(request) }
    suspend fun getDelegatedAccessToken(request: GetDelegatedAccessTokenRequest) = onIo { client.getDelegatedAccessToken(request) }
    suspend fun getFederationToken(request: GetFederationTokenRequest) = onIo { client.getFederationToken(request) }
    suspend fun getSessionToken(request: GetSessionTokenRequest = GetSessionTokenRequest()) = onIo { client.getSessionToken(request) }
    suspend fun getWebIdentityToken(request: GetWebIdentityTokenRequest) = onIo { client.getWebIdentityToken(request) }
    suspend fun presignGetCallerIdentity(expiresInSeconds: Int = 900, signedHeaders: Map<String, String> = emptyMap()) =
        onIo { client.presignGetCallerIdentity(expiresInSeconds, signedHeaders) }
}
