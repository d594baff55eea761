package dev.stskit

import dev.stskit.internal.JavaLangRefCleaner
import dev.stskit.internal.NativeHandle
import dev.stskit.internal.NativeLoader
import dev.stskit.internal.PhantomCleaner
import dev.stskit.internal.Reachability
import dev.stskit.internal.StsCleaner
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** Handle ownership and loading, without the emulator. */
class HandleTest {
    @Test
    fun abiMismatchIsAClearUnsatisfiedLinkError() {
        NativeLoader.ensureLoaded()
        NativeLoader.checkAbi(1)
        val e = assertThrows(UnsatisfiedLinkError::class.java) { NativeLoader.checkAbi(2) }
        assertTrue(e.message!!.contains("native library mismatch") && e.message!!.contains("rebuild"), e.message)
    }

    @Test
    fun handleIsFreedOnceAfterCloseAndTheLastCall() {
        val freed = AtomicInteger()
        val h = NativeHandle(42, { assertEquals(42, it); freed.incrementAndGet() }, "thing")
        val inCall = CountDownLatch(1)
        val release = CountDownLatch(1)
        val t = Thread { h.use { inCall.countDown(); release.await() } }
        t.start()
        inCall.await()
        h.close()
        h.close()
        assertEquals(0, freed.get(), "not freed while a call is in flight")
        assertThrows(IllegalStateException::class.java) { h.use { } }
        release.countDown()
        t.join()
        assertEquals(1, freed.get(), "freed when the last call ended")
    }

    @Test
    fun unclosedHandlesAreFreedByEitherCleaner() {
        for (cleaner in listOf(JavaLangRefCleaner(), PhantomCleaner())) {
            val done = CountDownLatch(1)
            registerGarbage(cleaner) { done.countDown() }
            var ok = false
            for (i in 0 until 50) {
                System.gc()
                if (done.await(100, TimeUnit.MILLISECONDS)) {
                    ok = true
                    break
                }
            }
            assertTrue(ok, "${cleaner.javaClass.simpleName} never ran")
        }
        // And clean() runs an action at most once.
        val runs = AtomicInteger()
        val c = PhantomCleaner().register(Any()) { runs.incrementAndGet() }
        c.clean()
        c.clean()
        assertEquals(1, runs.get())
    }

    private fun registerGarbage(cleaner: StsCleaner, action: () -> Unit) {
        cleaner.register(Any(), Runnable(action))
    }

    @Test
    fun theRuntimePicksTheBestHelpers() {
        assertTrue(StsCleaner.instance is JavaLangRefCleaner, "JDK 17 has java.lang.ref.Cleaner")
        assertTrue(Reachability.usesReachabilityFence)
        Reachability.fence(Any())
    }

    @Test
    fun wireCodesRoundTrip() {
        for (e in StskitStsError.entries) {
            if (e == StskitStsError.OTHER) {
                assertEquals(null, e.wireCode)
            } else {
                assertEquals(e, StskitStsError.fromWireCode(e.wireCode!!))
            }
            assertEquals(e, StskitStsError.fromValue(e.value))
        }
        assertEquals(StskitStsError.OTHER, StskitStsError.fromWireCode("Nope"))
        assertEquals(StskitStatus.PANIC, StskitStatus.fromValue(99))
        assertEquals(StskitOperation.GET_WEB_IDENTITY_TOKEN, StskitOperation.fromValue(11))
        assertEquals(StskitMember.AUDIENCE, StskitMember.fromValue(34))
        assertEquals(StskitOutput.EXPIRATION, StskitOutput.fromValue(40))
        assertEquals(StskitLogLevel.DEBUG, StskitLogLevel.fromValue(4))
    }

    @Test
    fun credentialsHideSecrets() {
        val c = Credentials("ASIAIOSFODNN7EXAMPLE", "canary-secret", "canary-token", 1L)
        assertEquals("Credentials(accessKeyId=ASIA************MPLE, secretAccessKey=<redacted>, sessionToken=<redacted>, expirationEpochMillis=1)", c.toString())
        assertTrue(c.isExpired())
        assertEquals("***", Credentials.maskAccessKeyId("ABC"))
    }
}
