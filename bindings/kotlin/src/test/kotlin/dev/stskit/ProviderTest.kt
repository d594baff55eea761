package dev.stskit

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.nio.file.Files
import java.util.Collections
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** The credentials provider through JNI: single flight, non-blocking reads, callbacks, listener. */
@ExtendWith(EmulatorExtension::class)
class ProviderTest {
    private val quick = ProviderOptions(minBackoffMillis = 0)

    @Test
    fun sixteenThreadsOnAnEmptyProviderCauseOneCall() {
        val (id, url) = scenario("prov-flight", "delay=300")
        client(url).use { c ->
            CredentialsProvider.assumeRole(c, AssumeRoleRequest(ROLE_ARN, "flight")).use { p ->
                val barrier = CyclicBarrier(16)
                val pool = Executors.newFixedThreadPool(16)
                val keys: List<Future<String>> = (1..16).map {
                    pool.submit<String> {
                        barrier.await()
                        p.credentials().accessKeyId
                    }
                }
                val distinct = keys.map { it.get(10, TimeUnit.SECONDS) }.toSet()
                pool.shutdown()
                assertEquals(1, distinct.size)
                assertEquals(1, requestCount(id))
                assertEquals(1, p.stats.refreshAttempts)
                assertEquals(1, p.stats.refreshes)
            }
        }
    }

    @Test
    fun nonBlockingReadReturnsNullThenCredentials() {
        val (id, url) = scenario("prov-nonblock", "delay=1500")
        client(url).use { c ->
            CredentialsProvider.assumeRole(c, AssumeRoleRequest(ROLE_ARN, "nonblock")).use { p ->
                var nulls = 0
                var slowestNs = 0L
                val deadline = System.nanoTime() + 10_000_000_000L
                var creds: Credentials?
                while (true) {
                    val t = System.nanoTime()
                    creds = p.tryCredentials()
                    slowestNs = maxOf(slowestNs, System.nanoTime() - t)
                    if (creds != null) break
                    nulls++
                    assertTrue(System.nanoTime() < deadline, "the background refresh never finished")
                    Thread.sleep(20)
                }
                assertTrue(creds!!.accessKeyId.startsWith("ASIA"))
                assertTrue(nulls >= 10, "the first ~1.5 s must read null ($nulls)")
                assertTrue(slowestNs < 50_000_000L, "a non-blocking read took ${slowestNs / 1_000_000} ms")
                assertEquals(1, requestCount(id))
                assertEquals(creds, p.tryCredentials())
            }
        }
    }

    @Test
    fun mfaCallbackIsAskedAtEachRefresh() {
        val (_, url) = scenario("prov-mfa")
        val asked = AtomicInteger()
        client(url).use { c ->
            val request = AssumeRoleRequest(ROLE_ARN, "mfa", serialNumber = "arn:aws:iam::123456789012:mfa/player")
            CredentialsProvider.assumeRole(c, request, { asked.incrementAndGet(); "123456" }).use { p ->
                val first = p.credentials()
                assertEquals(1, asked.get())
                assertEquals(first, p.credentials(), "cached")
                assertEquals(1, asked.get())
                p.invalidate()
                assertNotEquals(first.accessKeyId, p.credentials().accessKeyId)
                assertEquals(2, asked.get())
            }
            // A wrong code: STS's AccessDenied comes back, with the request id.
            CredentialsProvider.assumeRole(c, request, { "000000" }, quick).use { p ->
                val e = assertThrows(GenericServiceException::class.java) { p.credentials() }
                assertEquals(StskitStsError.ACCESS_DENIED, e.stsError)
                assertEquals(36, e.requestId?.length)
                val last = p.lastError
                assertTrue(last is GenericServiceException && last.stsError == StskitStsError.ACCESS_DENIED, "$last")
            }
            // A callback that throws fails the refresh with a clear message; nothing crashes.
            CredentialsProvider.assumeRole(c, request, { throw IllegalStateException("no authenticator app") }, quick).use { p ->
                val e = assertThrows(ValidationException::class.java) { p.credentials() }
                assertTrue(e.message!!.contains("MFA token code callback failed") && e.message!!.contains("no authenticator app"), e.message)
            }
            // A serial number without a callback is refused by the core.
            CredentialsProvider.assumeRole(c, request).use { p ->
                assertThrows(ValidationException::class.java) { p.credentials() }
            }
        }
    }

    @Test
    fun webIdentityTokenFileIsRereadAtEachRefresh() {
        val dir = Files.createTempDirectory("stskit-token")
        val file = dir.resolve("token")
        Files.write(file, jwt("""{"sub":"a","aud":"x","iss":"https://idp.example.com","exp":1000}""").toByteArray())
        val (_, url) = scenario("prov-file")
        client(url).use { c ->
            val request = AssumeRoleWithWebIdentityRequest(ROLE_ARN, "pod")
            CredentialsProvider.webIdentityFromFile(c, request, file.toString(), quick).use { p ->
                assertThrows(ExpiredTokenException::class.java) { p.credentials() }
                Files.write(file, jwt("""{"sub":"b","aud":"x","iss":"https://idp.example.com","exp":4102444800}""").toByteArray())
                assertTrue(p.credentials().accessKeyId.startsWith("ASIA"))
                assertNull(p.lastError)
            }
            CredentialsProvider.webIdentityFromFile(c, request, dir.resolve("missing").toString(), quick).use { p ->
                val e = assertThrows(ConfigurationException::class.java) { p.credentials() }
                assertTrue(e.message!!.contains("cannot read web identity token file"), e.message)
            }
        }
        dir.toFile().deleteRecursively()
    }

    @Test
    fun webIdentityAndSamlCallbacks() {
        val (_, url) = scenario("prov-callbacks")
        val asked = AtomicInteger()
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = url)).use { anonymous ->
            CredentialsProvider.webIdentity(anonymous, AssumeRoleWithWebIdentityRequest(ROLE_ARN, "cb"), { asked.incrementAndGet(); VALID_JWT }).use { p ->
                p.credentials()
                p.credentials()
                assertEquals(1, asked.get())
            }
            val saml = AssumeRoleWithSamlRequest(ROLE_ARN, "arn:aws:iam::123456789012:saml-provider/IdP")
            CredentialsProvider.saml(anonymous, saml, { asked.incrementAndGet(); samlAssertion("jdoe") }).use { p ->
                assertTrue(p.credentials().sessionToken!!.isNotEmpty())
                assertEquals(2, asked.get())
            }
        }
    }

    @Test
    fun sessionTokenProviderAndSuspendRead() = runBlocking {
        val (_, url) = scenario("prov-session")
        client(url).use { c ->
            CredentialsProvider.sessionToken(c).use { p ->
                val creds = p.awaitCredentials()
                assertNotNull(creds.sessionToken)
                assertEquals(1, p.stats.refreshes)
            }
        }
    }

    @Test
    fun refreshListenerHearsEveryRefreshAheadOfExpiry() {
        val (id, url) = scenario("prov-ahead", "lifetime=8")
        val heard = Collections.synchronizedList(ArrayList<Credentials>())
        client(url).use { c ->
            val options = ProviderOptions(advisoryWindowMillis = 5000, mandatoryWindowMillis = 2000, refreshListener = { heard.add(it) })
            CredentialsProvider.assumeRole(c, AssumeRoleRequest(ROLE_ARN, "ahead"), options = options).use { p ->
                val first = p.credentials()
                repeat(20) { assertEquals(first.accessKeyId, p.credentials().accessKeyId) }
                assertEquals(1, requestCount(id), "cached reads must not call STS")
                Thread.sleep(3500) // inside the 5 s advisory window
                val second = p.credentials()
                assertNotEquals(first.accessKeyId, second.accessKeyId)
                assertTrue(!first.isExpired(), "refreshed before the old ones expired")
                assertEquals(2, requestCount(id))
                assertEquals(listOf(first, second), heard.toList())
                assertEquals(2, p.stats.refreshes)
            }
        }
    }

    @Test
    fun aProviderSignsAChainedClient() {
        val (_, url) = scenario("prov-chain")
        client(url).use { c ->
            val p = CredentialsProvider.assumeRole(c, AssumeRoleRequest(ROLE_ARN, "provider"))
            val chained = StsClient(StsClientConfig(region = "us-east-1", endpointUrl = url, credentialsProvider = p))
            p.close() // the chained client keeps its own reference
            chained.use { assertTrue(it.getCallerIdentity().arn!!.endsWith("assumed-role/GameClient/provider")) }
        }
    }

    @Test
    fun providerOutlivesItsClientAndClosesCleanly() {
        val c = client()
        val p = CredentialsProvider.assumeRole(c, AssumeRoleRequest(ROLE_ARN, "outlive"))
        c.close()
        assertTrue(p.credentials().accessKeyId.startsWith("ASIA"))
        p.close()
        p.close()
        assertThrows(IllegalStateException::class.java) { p.credentials() }
        assertThrows(IllegalStateException::class.java) { p.tryCredentials() }
        assertThrows(IllegalStateException::class.java) { p.invalidate() }
    }

    @Test
    fun callbacksRunOnTheBackgroundRefreshThread() {
        // tryCredentials() refreshes on a thread the Rust core spawns: the JNI glue attaches it to
        // the JVM to call the token callback and the listener, and it detaches when it ends.
        val (_, url) = scenario("prov-bg", "delay=200")
        val threads = Collections.synchronizedList(ArrayList<String>())
        val heard = Collections.synchronizedList(ArrayList<Credentials>())
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = url)).use { anonymous ->
            val options = ProviderOptions(refreshListener = { threads.add("listener:" + Thread.currentThread().name); heard.add(it) })
            val request = AssumeRoleWithWebIdentityRequest(ROLE_ARN, "bg")
            CredentialsProvider.webIdentity(anonymous, request, { threads.add("token:" + Thread.currentThread().name); VALID_JWT }, options).use { p ->
                repeat(3) { round ->
                    if (round > 0) p.invalidate()
                    var creds: Credentials? = null
                    val deadline = System.nanoTime() + 10_000_000_000L
                    while (creds == null) {
                        creds = p.tryCredentials()
                        assertTrue(System.nanoTime() < deadline)
                        Thread.sleep(10)
                    }
                    assertEquals(creds, heard.last())
                }
            }
        }
        val me = Thread.currentThread().name
        assertEquals(6, threads.size, threads.toString())
        assertTrue(threads.none { it.endsWith(":$me") }, "callbacks ran on the background thread: $threads")
    }

    @Test
    fun aProviderNeedsAnOpenClient() {
        val closed = client().also { it.close() }
        assertThrows(IllegalStateException::class.java) { CredentialsProvider.sessionToken(closed) }
    }
}
