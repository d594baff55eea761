package dev.stskit

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.TimeoutCancellationException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** Suspend variants, cancellation, close racing calls in flight, concurrent calls. */
@ExtendWith(EmulatorExtension::class)
class ConcurrencyTest {
    @Test
    fun suspendVariantsOfEveryOperationWork() = runBlocking {
        client().use { c ->
            val s = c.suspending
            assertEquals(ACCOUNT, s.getCallerIdentity().account)
            assertTrue(s.assumeRole(AssumeRoleRequest(ROLE_ARN, "suspend")).credentials.accessKeyId.startsWith("ASIA"))
            assertTrue(s.assumeRoleWithSaml(AssumeRoleWithSamlRequest(ROLE_ARN, "arn:aws:iam::123456789012:saml-provider/IdP", samlAssertion("a"))).subject == "a")
            assertEquals("player-42", s.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "sess", VALID_JWT)).subjectFromWebIdentityToken)
            s.assumeRoot(AssumeRootRequest("111122223333", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"))
            assertEquals("{}", s.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest(base64("{}"))).decodedMessage)
            assertEquals("210987654321", s.getAccessKeyInfo(GetAccessKeyInfoRequest("AKIDOTHER00000000000")).account)
            s.getDelegatedAccessToken(GetDelegatedAccessTokenRequest("trade-in-token"))
            s.getFederationToken(GetFederationTokenRequest("Bob"))
            s.getSessionToken()
            s.getWebIdentityToken(GetWebIdentityTokenRequest(listOf("aud"), "RS256"))
            assertTrue(s.presignGetCallerIdentity().url.contains("Action=GetCallerIdentity"))
            val e = assertThrows(ValidationException::class.java) { runBlocking { s.assumeRole(AssumeRoleRequest(ROLE_ARN, "x")) } }
            assertTrue(e.message!!.contains("RoleSessionName"))
        }
    }

    @Test
    fun cancellingASuspendedCallResumesPromptly() = runBlocking {
        val (_, url) = scenario("cancel", "delay=2000")
        client(url).use { c ->
            val started = System.nanoTime()
            val job = async { c.suspending.getCallerIdentity() }
            delay(100)
            job.cancel()
            val e = runCatching { job.await() }.exceptionOrNull()
            val elapsedMs = (System.nanoTime() - started) / 1_000_000
            assertTrue(e is CancellationException, "got $e")
            assertTrue(elapsedMs < 1000, "cancellation took $elapsedMs ms")
            // withTimeout cancels the same way.
            val t0 = System.nanoTime()
            assertThrows(TimeoutCancellationException::class.java) { runBlocking { withTimeout(150) { c.suspending.getCallerIdentity() } } }
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000)
        }
        // close() right after a cancellation: the abandoned native call still holds the handle and
        // finishes in the background without crashing.
        Thread.sleep(2200)
    }

    @Test
    fun closeWhileCallsAreInFlight() {
        val (id, url) = scenario("close-race", "delay=300")
        val c = client(url)
        val pool = Executors.newFixedThreadPool(8)
        val started = CountDownLatch(8)
        val results = ConcurrentLinkedQueue<Result<GetCallerIdentityResponse>>()
        repeat(8) {
            pool.execute {
                started.countDown()
                results.add(runCatching { c.getCallerIdentity() })
            }
        }
        started.await()
        Thread.sleep(100) // all 8 are inside the native call, waiting for the delayed response
        val t0 = System.nanoTime()
        c.close()
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, "close() must not wait for calls in flight")
        c.close() // idempotent
        assertTrue(c.isClosed)
        assertThrows(IllegalStateException::class.java) { c.getCallerIdentity() }
        assertThrows(IllegalStateException::class.java) { runBlocking { c.suspending.getCallerIdentity() } }
        pool.shutdown()
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
        assertEquals(8, results.size)
        results.forEach { assertEquals(ACCOUNT, it.getOrThrow().account) }
        assertEquals(8, requestCount(id))
        assertThrows(IllegalStateException::class.java) { c.endpointUrl }
    }

    @Test
    fun shutdownInterruptsCallsInFlightAndRefusesNewOnes() {
        val (id, url) = scenario("shutdown", "delay=5000")
        client(url).use { c ->
            val pool = Executors.newFixedThreadPool(2)
            val started = CountDownLatch(2)
            val results = ConcurrentLinkedQueue<Throwable?>()
            repeat(2) {
                pool.execute {
                    started.countDown()
                    results.add(runCatching { c.getCallerIdentity() }.exceptionOrNull())
                }
            }
            started.await()
            Thread.sleep(300) // both calls are waiting for the delayed response
            val t0 = System.nanoTime()
            c.shutdown()
            pool.shutdown()
            assertTrue(pool.awaitTermination(3, TimeUnit.SECONDS), "calls in flight must return well before the 5 s delay")
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000)
            assertEquals(2, results.size)
            results.forEach { assertTrue(it is StsCancelledException, "got $it") }
            val seen = requestCount(id)
            assertThrows(StsCancelledException::class.java) { c.getCallerIdentity() }
            c.shutdown() // idempotent
            assertEquals(seen, requestCount(id), "a shut-down client sends nothing")
        }
    }

    @Test
    fun concurrentCallsOnOneClient() {
        val (id, url) = scenario("concurrent")
        client(url).use { c ->
            val pool = Executors.newFixedThreadPool(8)
            val ok = AtomicInteger()
            val failures = ConcurrentLinkedQueue<Throwable>()
            repeat(8) { t ->
                pool.execute {
                    repeat(20) { i ->
                        try {
                            if (i % 2 == 0) {
                                check(c.getCallerIdentity().account == ACCOUNT)
                            } else {
                                check(c.assumeRole(AssumeRoleRequest(ROLE_ARN, "t$t-$i")).assumedRoleUser!!.arn.endsWith("/t$t-$i"))
                            }
                            ok.incrementAndGet()
                        } catch (e: Throwable) {
                            failures.add(e)
                        }
                    }
                }
            }
            pool.shutdown()
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
            assertTrue(failures.isEmpty(), failures.toString())
            assertEquals(160, ok.get())
        }
        assertEquals(160, requestCount(id))
    }

    @Test
    fun manyCoroutinesShareOneClient() = runBlocking {
        val (id, url) = scenario("coroutines", "delay=50")
        client(url).use { c ->
            val results = (1..40).map { async { c.suspending.getCallerIdentity().account } }.awaitAll()
            assertTrue(results.all { it == ACCOUNT })
        }
        assertEquals(40, requestCount(id))
    }

    @Test
    fun closingTwiceAndUsingAfterCloseIsSafe() {
        val c = client()
        c.close()
        c.close()
        val e = assertThrows(IllegalStateException::class.java) { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "closed")) }
        assertTrue(e.message!!.contains("closed"))
        assertThrows(IllegalStateException::class.java) { c.presignGetCallerIdentity() }
    }

    @Test
    fun unclosedClientsAreReclaimedByTheCleaner() {
        // Many clients dropped without close(): the cleaner frees them and nothing crashes.
        repeat(200) { StsClient(config()) }
        repeat(3) {
            System.gc()
            Thread.sleep(50)
        }
        client().use { assertEquals(ACCOUNT, it.getCallerIdentity().account) }
    }

    @Test
    fun aCallRacingCloseNeverSeesAFreedHandle() {
        // Hammer the close/use race: either the call runs on a live handle or it throws ISE.
        repeat(50) {
            val c = client()
            val latch = CountDownLatch(1)
            val outcome = AtomicInteger()
            val t = Thread {
                latch.await()
                try {
                    c.presignGetCallerIdentity()
                    outcome.set(1)
                } catch (_: IllegalStateException) {
                    outcome.set(2)
                }
            }
            t.start()
            latch.countDown()
            c.close()
            t.join()
            assertFalse(outcome.get() == 0)
        }
    }

    @Test
    fun cancellingAJobWithAWorkerScope() = runBlocking {
        val (_, url) = scenario("cancel-scope", "delay=1000")
        client(url).use { c ->
            var caught: Throwable? = null
            val job = launch {
                try {
                    c.suspending.assumeRole(AssumeRoleRequest(ROLE_ARN, "cancelled"))
                } catch (e: Throwable) {
                    caught = e
                    throw e
                }
            }
            delay(100)
            job.cancel()
            job.join()
            assertTrue(caught is CancellationException, "$caught")
        }
        Thread.sleep(1100)
    }
}
