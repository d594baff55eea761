package dev.stskit

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.extension.ExtendWith
import java.net.HttpURLConnection
import java.net.URL
import java.util.Collections

/** Every STS operation end to end through JNI, with every input member and every output. */
@ExtendWith(EmulatorExtension::class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest {
    private val client by lazy { client() }

    @AfterAll
    fun closeClient() = client.close()

    private fun assertTemporary(c: Credentials) {
        assertTrue(c.accessKeyId.startsWith("ASIA"), c.accessKeyId)
        assertTrue(c.secretAccessKey.isNotEmpty())
        assertTrue((c.sessionToken?.length ?: 0) > 16)
        assertTrue(c.expirationEpochMillis!! > System.currentTimeMillis())
        assertFalse(c.isExpired())
    }

    private fun assertMetadata(m: ResponseMetadata) {
        assertEquals(200, m.httpStatusCode)
        assertTrue(m.contentLength > 100, m.toString())
        assertEquals(36, m.requestId.length, m.toString())
    }

    @Test
    fun assumeRoleWithEveryMember() {
        val resp = client.assumeRole(
            AssumeRoleRequest(
                roleArn = ROLE_ARN,
                roleSessionName = "player-1",
                policyArns = listOf("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
                durationSeconds = 900,
                tags = listOf(Tag("Project", "Unicorn"), Tag("Team", "A B")),
                transitiveTagKeys = listOf("Project"),
                externalId = "ext-123",
                serialNumber = "arn:aws:iam::123456789012:mfa/user",
                tokenCode = "123456",
                sourceIdentity = "alice",
                providedContexts = listOf(ProvidedContext("arn:aws:iam::aws:contextProvider/IdentityCenter", "abcd")),
            ),
        )
        assertTemporary(resp.credentials)
        val left = resp.credentials.expirationEpochMillis!! - System.currentTimeMillis()
        assertTrue(left in 800_000..901_000, "expires in $left ms")
        assertEquals("arn:aws:sts::123456789012:assumed-role/GameClient/player-1", resp.assumedRoleUser!!.arn)
        assertTrue(resp.assumedRoleUser!!.assumedRoleId.endsWith(":player-1"))
        assertTrue(resp.packedPolicySize!! > 0)
        assertEquals("alice", resp.sourceIdentity)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun explicitEmptyListsAreAccepted() {
        val resp = client.assumeRole(
            AssumeRoleRequest(ROLE_ARN, "empty-lists", policyArns = emptyList(), tags = emptyList(), transitiveTagKeys = emptyList()),
        )
        assertTemporary(resp.credentials)
        assertNull(resp.sourceIdentity)
    }

    @Test
    fun assumedRoleCredentialsSignTheNextCall() {
        val creds = client.assumeRole(AssumeRoleRequest(ROLE_ARN, "chain")).credentials
        StsClient(config().copy(credentials = creds)).use { chained ->
            val me = chained.getCallerIdentity()
            assertEquals("arn:aws:sts::123456789012:assumed-role/GameClient/chain", me.arn)
            assertTrue(me.userId!!.endsWith(":chain"))
        }
    }

    @Test
    fun getCallerIdentity() {
        val me = client.getCallerIdentity()
        assertEquals(ACCOUNT, me.account)
        assertEquals("arn:aws:iam::123456789012:user/emulator", me.arn)
        assertNotNull(me.userId)
        assertMetadata(me.responseMetadata)
        assertEquals(me.account, client.getCallerIdentity(GetCallerIdentityRequest).account)
    }

    @Test
    fun assumeRoleWithSamlNeedsNoCredentials() {
        val (id, url) = scenario("saml")
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = url)).use { anonymous ->
            val resp = anonymous.assumeRoleWithSaml(
                AssumeRoleWithSamlRequest(
                    roleArn = ROLE_ARN,
                    principalArn = "arn:aws:iam::123456789012:saml-provider/ExampleIdP",
                    samlAssertion = samlAssertion("jdoe@example.com"),
                    policyArns = listOf("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                    policy = "{}",
                    durationSeconds = 3600,
                ),
            )
            assertTemporary(resp.credentials)
            assertEquals("jdoe@example.com", resp.subject)
            assertEquals("persistent", resp.subjectType)
            assertEquals("https://idp.example.com/saml/metadata", resp.issuer)
            assertEquals("https://signin.aws.amazon.com/saml", resp.audience)
            assertNotNull(resp.nameQualifier)
            assertNotNull(resp.assumedRoleUser)
            assertNotNull(resp.packedPolicySize)
            assertEquals("jdoe@example.com", resp.sourceIdentity)
            assertMetadata(resp.responseMetadata)
        }
        assertTrue(stats(id).replace(" ", "").contains("\"unsigned\":1"), stats(id))
    }

    @Test
    fun assumeRoleWithWebIdentityNeedsNoCredentials() {
        val (_, url) = scenario("webid")
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = url)).use { anonymous ->
            val resp = anonymous.assumeRoleWithWebIdentity(
                AssumeRoleWithWebIdentityRequest(
                    roleArn = ROLE_ARN,
                    roleSessionName = "app1",
                    webIdentityToken = jwt(
                        """{"sub":"player-42","aud":"game-client","iss":"https://accounts.example.com","exp":4102444800,""" +
                            """"https://aws.amazon.com/source_identity":"player-42"}""",
                    ),
                    policyArns = listOf("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                    policy = "{}",
                    durationSeconds = 900,
                ),
            )
            assertTemporary(resp.credentials)
            assertEquals("player-42", resp.subjectFromWebIdentityToken)
            assertEquals("game-client", resp.audience)
            assertEquals("https://accounts.example.com", resp.provider)
            assertTrue(resp.assumedRoleUser!!.arn.endsWith("/app1"))
            assertNotNull(resp.packedPolicySize)
            assertEquals("player-42", resp.sourceIdentity)
            assertMetadata(resp.responseMetadata)
        }
    }

    @Test
    fun webIdentityWithOAuthProviderId() {
        val resp = client.assumeRoleWithWebIdentity(
            AssumeRoleWithWebIdentityRequest(ROLE_ARN, "oauth", webIdentityToken = VALID_JWT, providerId = "www.amazon.com"),
        )
        assertTemporary(resp.credentials)
        assertEquals("www.amazon.com", resp.provider)
    }

    @Test
    fun assumeRoot() {
        val resp = client.assumeRoot(
            AssumeRootRequest("111122223333", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials", durationSeconds = 900),
        )
        assertTemporary(resp.credentials)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun decodeAuthorizationMessage() {
        val json = """{"allowed":false,"explicitDeny":false}"""
        val resp = client.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest(base64(json)))
        assertEquals(json, resp.decodedMessage)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun getAccessKeyInfo() {
        val resp = client.getAccessKeyInfo(GetAccessKeyInfoRequest("AKIDOTHER00000000000"))
        assertEquals("210987654321", resp.account)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun getDelegatedAccessToken() {
        val resp = client.getDelegatedAccessToken(GetDelegatedAccessTokenRequest("trade-in-token"))
        assertTemporary(resp.credentials)
        assertTrue(resp.assumedPrincipal!!.startsWith("arn:"))
        assertNotNull(resp.packedPolicySize)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun getFederationToken() {
        val resp = client.getFederationToken(
            GetFederationTokenRequest(
                name = "Bob",
                policy = """{"Version":"2012-10-17","Statement":[]}""",
                policyArns = listOf("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                durationSeconds = 3600,
                tags = listOf(Tag("k", "")),
            ),
        )
        assertTemporary(resp.credentials)
        assertEquals(FederatedUser("123456789012:Bob", "arn:aws:sts::123456789012:federated-user/Bob"), resp.federatedUser)
        assertNotNull(resp.packedPolicySize)
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun getSessionTokenWithMfa() {
        val resp = client.getSessionToken(
            GetSessionTokenRequest(durationSeconds = 900, serialNumber = "arn:aws:iam::123456789012:mfa/user", tokenCode = "123456"),
        )
        assertTemporary(resp.credentials)
        assertMetadata(resp.responseMetadata)
        assertTemporary(client.getSessionToken().credentials)
    }

    @Test
    fun getWebIdentityToken() {
        val resp = client.getWebIdentityToken(
            GetWebIdentityTokenRequest(
                audience = listOf("https://api.example.com", "b"),
                signingAlgorithm = "ES384",
                durationSeconds = 300,
                tags = listOf(Tag("team", "blue")),
            ),
        )
        assertEquals(3, resp.webIdentityToken.split('.').size)
        assertTrue(resp.expirationEpochMillis > System.currentTimeMillis())
        assertFalse(resp.toString().contains(resp.webIdentityToken))
        assertMetadata(resp.responseMetadata)
    }

    @Test
    fun presignedGetCallerIdentityIsAcceptedByTheServer() {
        val p = client.presignGetCallerIdentity(60, mapOf("x-k8s-aws-id" to "my-cluster"))
        assertTrue(p.url.contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"), p.url)
        assertEquals(mapOf("x-k8s-aws-id" to "my-cluster"), p.headers)
        assertTrue(p.expiresAtEpochMillis > System.currentTimeMillis())
        assertFalse(p.toString().contains("Signature="), p.toString())
        fun get(withHeader: Boolean): Int {
            val c = URL(p.url).openConnection() as HttpURLConnection
            if (withHeader) p.headers.forEach { (k, v) -> c.setRequestProperty(k, v) }
            return c.responseCode
        }
        assertEquals(200, get(withHeader = true))
        assertEquals(403, get(withHeader = false))
    }

    @Test
    fun logListenerReceivesLinesWithoutSecrets() {
        val lines = Collections.synchronizedList(ArrayList<String>())
        StsClient(config().copy(logListener = LogListener { level, msg -> lines.add("$level $msg") }, logLevel = StskitLogLevel.DEBUG)).use {
            it.getCallerIdentity()
        }
        assertTrue(lines.any { it.startsWith("DEBUG") && it.contains("GetCallerIdentity") }, lines.toString())
        assertTrue(lines.none { it.contains(SECRET_ACCESS_KEY) }, lines.toString())
    }

    @Test
    fun clientProperties() {
        assertEquals(defaultUrl(), client.endpointUrl)
        assertEquals(0, client.clockOffsetSeconds)
        assertTrue(StsClient.nativeVersion().matches(Regex("\\d+\\.\\d+\\.\\d+.*")))
    }

    @Test
    fun endpointOptionsReachTheCore() {
        fun url(c: StsClientConfig) = StsClient(c).use { it.endpointUrl }
        val base = StsClientConfig(region = "eu-west-1")
        assertTrue(url(base).startsWith("https://sts.eu-west-1.amazonaws.com"), url(base))
        assertTrue(url(base.copy(useFips = true)).startsWith("https://sts-fips.eu-west-1.amazonaws.com"), url(base.copy(useFips = true)))
        assertTrue(url(base.copy(useDualStack = true)).contains("api.aws"), url(base.copy(useDualStack = true)))
        assertTrue(url(base.copy(useGlobalEndpoint = true)).startsWith("https://sts.amazonaws.com"), url(base.copy(useGlobalEndpoint = true)))
        val builtForJava = StsClientConfig.builder().region("eu-west-1").useFips(true).retry(5, RetryMode.STANDARD, 0.5)
            .timeoutsMillis(1000, 2000, 3000).proxy(Proxy.Disabled).build()
        assertEquals(base.copy(useFips = true, maxAttempts = 5, retryMode = RetryMode.STANDARD, backoffScale = 0.5,
            connectTimeoutMillis = 1000, readTimeoutMillis = 2000, attemptTimeoutMillis = 3000, proxy = Proxy.Disabled), builtForJava)
        assertTrue(url(builtForJava).startsWith("https://sts-fips.eu-west-1.amazonaws.com"))
    }

    @Test
    fun proxySettingsReachTheTransport() {
        StsClient(config().copy(proxy = Proxy.Disabled)).use { assertEquals(ACCOUNT, it.getCallerIdentity().account) }
        StsClient(config().copy(proxy = Proxy.Url("http://127.0.0.1:1"), maxAttempts = 1)).use { c ->
            assertThrows(NetworkException::class.java) { c.getCallerIdentity() }
        }
    }

    @Test
    fun aWrongDeviceClockIsCorrected() {
        val (id, url) = scenario("skew")
        StsClient(config(url).copy(deviceClockOffsetSeconds = 2 * 3600)).use { c ->
            assertEquals(ACCOUNT, c.getCallerIdentity().account)
            assertTrue(kotlin.math.abs(c.clockOffsetSeconds + 7200) < 10, "offset ${c.clockOffsetSeconds}")
        }
        assertEquals(2, requestCount(id), "one rejected signature, one success")
    }

    @Test
    fun secretsStayOutOfToString() {
        val resp = client.assumeRole(AssumeRoleRequest(ROLE_ARN, "tostring"))
        val text = resp.toString()
        assertFalse(text.contains(resp.credentials.secretAccessKey))
        assertFalse(text.contains(resp.credentials.sessionToken!!))
        assertFalse(text.contains(resp.credentials.accessKeyId))
        assertTrue(text.contains(Credentials.maskAccessKeyId(resp.credentials.accessKeyId)))
        assertFalse(config().toString().contains(SECRET_ACCESS_KEY))
        assertFalse(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "s", VALID_JWT).toString().contains(VALID_JWT))
        assertFalse(AssumeRoleWithSamlRequest(ROLE_ARN, "p", "assertion-secret").toString().contains("assertion-secret"))
        assertFalse(GetDelegatedAccessTokenRequest("trade-secret").toString().contains("trade-secret"))
        assertFalse(Proxy.Url("http://u:pw@proxy:3128").toString().contains("pw"))
    }
}
