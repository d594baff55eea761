package dev.stskit.internal

import dev.stskit.StsException
import dev.stskit.StskitStatus
import dev.stskit.StskitStsError

/**
 * The native methods (src/jni/, exported as `Java_dev_stskit_internal_Native_<name>`), and the
 * few Kotlin methods the native side calls back. Every name here is looked up by the native
 * library: keep them (see android/consumer-rules.pro) and change them only together with
 * src/jni/ and [ABI_VERSION].
 *
 * Arrays and handles follow the layouts documented in the src/jni/ files. Errors arrive as thrown
 * [StsException]s built by [newException].
 */
internal object Native {
    /** Must equal `JNI_ABI_VERSION` in src/jni/mod.rs. */
    const val ABI_VERSION = 1

    @JvmStatic external fun abiVersion(): Int
    @JvmStatic external fun version(): String
    @JvmStatic external fun panicForTest()

    @JvmStatic external fun clientNew(strings: Array<String?>, longs: LongArray, pem: ByteArray?, logger: Any?, provider: Long): Long
    @JvmStatic external fun clientFree(handle: Long)
    @JvmStatic external fun clientShutdown(handle: Long)
    @JvmStatic external fun clientSend(
        handle: Long, operation: Int, codes: IntArray, strings: Array<String?>, outStrings: Array<String?>, outLongs: LongArray,
    )
    @JvmStatic external fun clientPresign(handle: Long, expiresSecs: Int, headers: Array<String?>, outStrings: Array<String?>, outLongs: LongArray)
    @JvmStatic external fun clientClockOffsetSeconds(handle: Long): Long
    @JvmStatic external fun clientEndpointUrl(handle: Long): String

    @JvmStatic external fun providerNew(
        client: Long, operation: Int, codes: IntArray, strings: Array<String?>, tokenFile: String?,
        callbacks: Any?, flags: Int, longs: LongArray,
    ): Long
    @JvmStatic external fun providerFree(handle: Long)
    @JvmStatic external fun providerGet(handle: Long, outStrings: Array<String?>, outLongs: LongArray)
    @JvmStatic external fun providerTryGet(handle: Long, outStrings: Array<String?>, outLongs: LongArray): Boolean
    @JvmStatic external fun providerInvalidate(handle: Long)
    @JvmStatic external fun providerStats(handle: Long, outLongs: LongArray)
    @JvmStatic external fun providerLastError(handle: Long): Throwable?

    /** Called from native code (src/jni/error.rs) to build the exception it throws. */
    @JvmStatic
    fun newException(
        status: Int, stsCode: Int, code: String, message: String, requestId: String?, httpStatus: Int, retryable: Boolean,
    ): Throwable = StsException.of(
        StsException.Detail(
            StskitStatus.fromValue(status) ?: StskitStatus.INTERNAL,
            StskitStsError.fromValue(stsCode) ?: StskitStsError.OTHER,
            code, message, requestId, httpStatus, retryable,
        ),
    )
}

/**
 * Loads `libstskit` once and checks it speaks this wrapper's JNI ABI. Set the system property
 * `dev.stskit.library.path` to an absolute file path to load a specific library file;
 * otherwise `System.loadLibrary("stskit")` searches `java.library.path` (the APK's libs on Android).
 */
internal object NativeLoader {
    private val failure: Throwable? by lazy(LazyThreadSafetyMode.SYNCHRONIZED) { load() }

    /** Throws [UnsatisfiedLinkError] with a clear message if the library is missing or stale. */
    fun ensureLoaded() {
        failure?.let { cause ->
            throw UnsatisfiedLinkError(cause.message).also { it.initCause(cause) }
        }
    }

    private fun load(): Throwable? = try {
        val path = System.getProperty("dev.stskit.library.path")
        if (path != null) System.load(path) else System.loadLibrary("stskit")
        val version = try {
            Native.abiVersion()
        } catch (e: UnsatisfiedLinkError) {
            throw UnsatisfiedLinkError(
                "stskit: the loaded native library has no JNI entry points; build it with `cargo build --features jni` (${e.message})",
            )
        }
        checkAbi(version)
        null
    } catch (t: Throwable) {
        if (t is UnsatisfiedLinkError && t.message?.startsWith("stskit") != true) {
            UnsatisfiedLinkError("stskit: cannot load the native library 'stskit' (${t.message}); java.library.path=${System.getProperty("java.library.path")}")
        } else {
            t
        }
    }

    /** Refuses a native library built for another JNI ABI. */
    fun checkAbi(actual: Int) {
        if (actual != Native.ABI_VERSION) {
            throw UnsatisfiedLinkError(
                "stskit native library mismatch: the library implements JNI ABI $actual but this Kotlin wrapper needs " +
                    "${Native.ABI_VERSION}; rebuild the native library and the wrapper from the same stskit version",
            )
        }
    }
}
