package dev.stskit

import dev.stskit.internal.Native
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource
import java.io.File
import kotlin.reflect.KClass

/** Every mapped exception, local validation, configuration, transport and panic failures. */
@ExtendWith(EmulatorExtension::class)
class ErrorsTest {
    companion object {
        /** (wire code, exception class, enum, HTTP status, retryable) as sts-api.md gives them. */
        @JvmStatic
        fun serviceErrors(): List<Arguments> = listOf(
            Arguments.of("ExpiredTokenException", ExpiredTokenException::class, StskitStsError.EXPIRED_TOKEN_EXCEPTION, 400, false),
            Arguments.of("ExpiredTradeInTokenException", ExpiredTradeInTokenException::class, StskitStsError.EXPIRED_TRADE_IN_TOKEN_EXCEPTION, 400, false),
            Arguments.of("IDPCommunicationError", IdpCommunicationErrorException::class, StskitStsError.IDP_COMMUNICATION_ERROR, 400, true),
            Arguments.of("IDPRejectedClaim", IdpRejectedClaimException::class, StskitStsError.IDP_REJECTED_CLAIM, 403, false),
            Arguments.of("InvalidAuthorizationMessageException", InvalidAuthorizationMessageException::class, StskitStsError.INVALID_AUTHORIZATION_MESSAGE_EXCEPTION, 400, false),
            Arguments.of("InvalidIdentityToken", InvalidIdentityTokenException::class, StskitStsError.INVALID_IDENTITY_TOKEN, 400, false),
            Arguments.of("JWTPayloadSizeExceededException", JwtPayloadSizeExceededException::class, StskitStsError.JWT_PAYLOAD_SIZE_EXCEEDED_EXCEPTION, 400, false),
            Arguments.of("MalformedPolicyDocument", MalformedPolicyDocumentException::class, StskitStsError.MALFORMED_POLICY_DOCUMENT, 400, false),
            Arguments.of("OutboundWebIdentityFederationDisabledException", OutboundWebIdentityFederationDisabledException::class, StskitStsError.OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED_EXCEPTION, 403, false),
            Arguments.of("PackedPolicyTooLarge", PackedPolicyTooLargeException::class, StskitStsError.PACKED_POLICY_TOO_LARGE, 400, false),
            Arguments.of("RegionDisabledException", RegionDisabledException::class, StskitStsError.REGION_DISABLED_EXCEPTION, 403, false),
            Arguments.of("SessionDurationEscalationException", SessionDurationEscalationException::class, StskitStsError.SESSION_DURATION_ESCALATION_EXCEPTION, 403, false),
            Arguments.of("ExpiredToken", GenericServiceException::class, StskitStsError.EXPIRED_TOKEN, 403, false),
            Arguments.of("InvalidClientTokenId", GenericServiceException::class, StskitStsError.INVALID_CLIENT_TOKEN_ID, 403, false),
            Arguments.of("SignatureDoesNotMatch", GenericServiceException::class, StskitStsError.SIGNATURE_DOES_NOT_MATCH, 403, false),
            Arguments.of("IncompleteSignature", GenericServiceException::class, StskitStsError.INCOMPLETE_SIGNATURE, 400, false),
            Arguments.of("AccessDenied", GenericServiceException::class, StskitStsError.ACCESS_DENIED, 403, false),
            Arguments.of("Throttling", GenericServiceException::class, StskitStsError.THROTTLING, 400, true),
            Arguments.of("ValidationError", GenericServiceException::class, StskitStsError.VALIDATION_ERROR, 400, false),
            Arguments.of("MissingAuthenticationToken", GenericServiceException::class, StskitStsError.MISSING_AUTHENTICATION_TOKEN, 403, false),
            Arguments.of("InvalidAction", GenericServiceException::class, StskitStsError.INVALID_ACTION, 400, false),
            Arguments.of("MissingParameter", GenericServiceException::class, StskitStsError.MISSING_PARAMETER, 400, false),
            Arguments.of("InvalidParameterValue", GenericServiceException::class, StskitStsError.INVALID_PARAMETER_VALUE, 400, false),
            Arguments.of("InvalidParameterCombination", GenericServiceException::class, StskitStsError.INVALID_PARAMETER_COMBINATION, 400, false),
            Arguments.of("OptInRequired", GenericServiceException::class, StskitStsError.OPT_IN_REQUIRED, 403, false),
            Arguments.of("RequestExpired", GenericServiceException::class, StskitStsError.REQUEST_EXPIRED, 400, false),
            Arguments.of("InternalFailure", GenericServiceException::class, StskitStsError.INTERNAL_FAILURE, 500, true),
            Arguments.of("ServiceUnavailable", GenericServiceException::class, StskitStsError.SERVICE_UNAVAILABLE, 503, true),
            Arguments.of("ThrottlingException", GenericServiceException::class, StskitStsError.THROTTLING_EXCEPTION, 400, true),
            // No STS status in the spec: the emulator answers 400 and the client reports what came.
            Arguments.of("AccessDeniedException", GenericServiceException::class, StskitStsError.ACCESS_DENIED_EXCEPTION, 400, false),
            Arguments.of("RequestTimeTooSkewed", GenericServiceException::class, StskitStsError.REQUEST_TIME_TOO_SKEWED, 400, false),
            Arguments.of("InvalidSignatureException", GenericServiceException::class, StskitStsError.INVALID_SIGNATURE_EXCEPTION, 400, false),
        )

        fun attempts(url: String, maxAttempts: Int) = StsClient(config(url).copy(maxAttempts = maxAttempts))
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceErrors")
    fun everyStsErrorMapsToItsException(code: String, type: KClass<out StsServiceException>, sts: StskitStsError, http: Int, retryable: Boolean) {
        val (id, url) = scenario("err", "error=$code")
        val e = attempts(url, 1).use { c -> assertThrows(StsException::class.java) { c.getCallerIdentity() } }
        assertInstanceOf(type.java, e, e.toString())
        assertInstanceOf(StsServiceException::class.java, e)
        assertEquals(StskitStatus.SERVICE_ERROR, e.status)
        assertEquals(sts, e.stsError)
        assertEquals(code, e.errorCode)
        assertEquals(code, sts.wireCode)
        assertEquals(sts, StskitStsError.fromWireCode(code))
        assertEquals(http, e.httpStatus)
        assertEquals(36, e.requestId?.length, "request id ${e.requestId}")
        assertEquals(retryable, e.isRetryable)
        val msg = e.message!!
        assertTrue(msg.contains(code) && msg.contains("HTTP $http") && msg.contains(e.requestId!!), msg)
        assertEquals(1, requestCount(id))
    }

    @Test
    fun everyEnumCodeIsCovered() {
        val covered = serviceErrors().map { it.get()[2] }.toSet()
        assertEquals(StskitStsError.entries.toSet() - StskitStsError.OTHER, covered)
    }

    @Test
    fun retryableErrorsAreRetriedByTheCore() {
        val (id, url) = scenario("err-retry", "error=Throttling")
        val e = client(url).use { c -> assertThrows(GenericServiceException::class.java) { c.getCallerIdentity() } }
        assertTrue(e.isRetryable)
        assertEquals(3, requestCount(id), "three attempts by default")
    }

    @Test
    fun unknownCodesAreGenericWithTheCodeKept() {
        val (_, url) = scenario("err-unknown", "error=BrandNewStsError")
        val e = attempts(url, 1).use { c -> assertThrows(GenericServiceException::class.java) { c.getCallerIdentity() } }
        assertEquals(StskitStsError.OTHER, e.stsError)
        assertEquals("BrandNewStsError", e.errorCode)
        assertEquals(400, e.httpStatus)
    }

    @Test
    fun modeledShapeNamesArriveAsTheirWireCodes() {
        val (_, url) = scenario("err-alias", "error=IDPRejectedClaimException")
        val e = attempts(url, 1).use { c -> assertThrows(IdpRejectedClaimException::class.java) { c.getCallerIdentity() } }
        assertEquals("IDPRejectedClaim", e.errorCode)
    }

    @Test
    fun naturalErrorsOfTheEmulator() {
        client().use { c ->
            val denied = assertThrows(GenericServiceException::class.java) { c.assumeRole(AssumeRoleRequest("arn:aws:iam::123456789012:role/denied-x", "s1")) }
            assertEquals(StskitStsError.ACCESS_DENIED, denied.stsError)
            assertThrows(MalformedPolicyDocumentException::class.java) { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "s1", policy = "{not json")) }
            val expired = jwt("""{"sub":"a","aud":"x","iss":"https://idp.example.com","exp":1000}""")
            assertThrows(ExpiredTokenException::class.java) { c.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "s1", expired)) }
            val rejected = jwt("""{"sub":"rejected","aud":"x","iss":"https://idp.example.com"}""")
            assertThrows(IdpRejectedClaimException::class.java) { c.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "s1", rejected)) }
            assertThrows(InvalidIdentityTokenException::class.java) { c.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "s1", "not-a-jwt")) }
            assertThrows(ExpiredTradeInTokenException::class.java) { c.getDelegatedAccessToken(GetDelegatedAccessTokenRequest("expired")) }
            assertThrows(InvalidAuthorizationMessageException::class.java) { c.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest("garbage!")) }
            val wrongMfa = assertThrows(GenericServiceException::class.java) {
                c.getSessionToken(GetSessionTokenRequest(serialNumber = "arn:aws:iam::123456789012:mfa/user", tokenCode = "000000"))
            }
            assertEquals(StskitStsError.ACCESS_DENIED, wrongMfa.stsError)
        }
        StsClient(config().copy(credentials = Credentials("AKIDUNKNOWN000000000", SECRET_ACCESS_KEY))).use { c ->
            val e = assertThrows(GenericServiceException::class.java) { c.getCallerIdentity() }
            assertEquals(StskitStsError.INVALID_CLIENT_TOKEN_ID, e.stsError)
        }
    }

    private fun invalid(member: String, call: () -> Unit) {
        val e = assertThrows(ValidationException::class.java) { call() }
        assertEquals(StskitStatus.INVALID_ARGUMENT, e.status)
        assertEquals("", e.errorCode)
        assertNull(e.requestId)
        assertEquals(0, e.httpStatus)
        assertFalse(e.isRetryable)
        assertTrue(e.message!!.contains(member), "${e.message} should name $member")
    }

    @Test
    fun validationFailsBeforeAnythingIsSent() {
        val (id, url) = scenario("invalid")
        client(url).use { c ->
            invalid("RoleSessionName") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "x")) }
            invalid("RoleArn") { c.assumeRole(AssumeRoleRequest("not-an-arn", "session")) }
            invalid("DurationSeconds") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "session", durationSeconds = 60)) }
            invalid("TokenCode") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "session", tokenCode = "12ab56")) }
            invalid("Tags") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "session", tags = (1..51).map { Tag("k$it", "v") })) }
            invalid("SourceIdentity") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "session", sourceIdentity = "aws:me")) }
            invalid("ProvidedContexts") { c.assumeRole(AssumeRoleRequest(ROLE_ARN, "session", providedContexts = emptyList())) }
            invalid("SAMLAssertion") { c.assumeRoleWithSaml(AssumeRoleWithSamlRequest(ROLE_ARN, "arn:aws:iam::123456789012:saml-provider/IdP")) }
            invalid("WebIdentityToken") { c.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(ROLE_ARN, "session")) }
            invalid("TargetPrincipal") { c.assumeRoot(AssumeRootRequest("1", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")) }
            invalid("EncodedMessage") { c.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest("")) }
            invalid("AccessKeyId") { c.getAccessKeyInfo(GetAccessKeyInfoRequest("short")) }
            invalid("TradeInToken") { c.getDelegatedAccessToken(GetDelegatedAccessTokenRequest("")) }
            invalid("Name") { c.getFederationToken(GetFederationTokenRequest("B")) }
            invalid("DurationSeconds") { c.getSessionToken(GetSessionTokenRequest(durationSeconds = 10)) }
            invalid("Audience") { c.getWebIdentityToken(GetWebIdentityTokenRequest(emptyList(), "ES384")) }
            invalid("SigningAlgorithm") { c.getWebIdentityToken(GetWebIdentityTokenRequest(listOf("a"), "HS256")) }
        }
        assertEquals(0, requestCount(id), "nothing may reach the server")
    }

    @Test
    fun unusableConfigurationsAreConfigurationExceptions() {
        assertThrows(ConfigurationException::class.java) { StsClient(StsClientConfig(region = "not a region")) }
        val plain = assertThrows(ConfigurationException::class.java) { StsClient(StsClientConfig(region = "us-east-1", endpointUrl = "http://sts.example.com/")) }
        assertTrue(plain.message!!.contains("plain HTTP"), plain.message)
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = "http://sts.example.com/", allowInsecureHttp = true)).close()
        assertThrows(ConfigurationException::class.java) { StsClient(config().copy(extraCaPem = "not a certificate")) }
        assertThrows(ConfigurationException::class.java) { StsClient(config().copy(connectTimeoutMillis = 0)) }
        assertThrows(ConfigurationException::class.java) { StsClient(config().copy(maxAttempts = 0)) }
        assertThrows(IllegalArgumentException::class.java) { StsClient(config().copy(readTimeoutMillis = -5)) }
        client().use { c ->
            CredentialsProvider.sessionToken(c).use { p ->
                // config() has static credentials: both at once is a programming error
                assertThrows(IllegalArgumentException::class.java) { StsClient(config().copy(credentialsProvider = p)) }
            }
        }
    }

    @Test
    fun signedCallsWithoutCredentialsAreMissingCredentials() {
        StsClient(StsClientConfig(region = "us-east-1", endpointUrl = defaultUrl())).use { c ->
            val e = assertThrows(MissingCredentialsException::class.java) { c.getCallerIdentity() }
            assertEquals(StskitStatus.MISSING_CREDENTIALS, e.status)
        }
    }

    @Test
    fun transportFailuresHaveTheirOwnExceptions() {
        StsClient(config("http://127.0.0.1:1/").copy(maxAttempts = 1)).use { c ->
            val e = assertThrows(NetworkException::class.java) { c.getCallerIdentity() }
            assertTrue(e.isRetryable)
        }
        val (_, slow) = scenario("timeout", "delay=2000")
        StsClient(config(slow).copy(maxAttempts = 1, readTimeoutMillis = 200)).use { c ->
            val started = System.nanoTime()
            assertThrows(StsTimeoutException::class.java) { c.getCallerIdentity() }
            assertTrue(System.nanoTime() - started < 1_500_000_000L, "the read timeout applies")
        }
        val (_, garbage) = scenario("garbage", "fault=garbage")
        attempts(garbage, 1).use { c -> assertThrows(InvalidResponseException::class.java) { c.getCallerIdentity() } }
        val (_, big) = scenario("big", "fault=bigbody")
        StsClient(config(big).copy(maxAttempts = 1, maxResponseBytes = 4096)).use { c ->
            assertThrows(ResponseTooLargeException::class.java) { c.getCallerIdentity() }
        }
    }

    @Test
    fun tlsWithTheTestCaAndWithout() {
        val emu = Emulator.instance
        val https = "${emu.https}/"
        StsClient(config(https).copy(maxAttempts = 1)).use { c ->
            val e = assertThrows(TlsException::class.java) { c.getCallerIdentity() }
            assertEquals(StskitStatus.TLS, e.status)
        }
        StsClient(config(https).copy(extraCaPem = File(emu.ca).readText())).use { c ->
            assertEquals(ACCOUNT, c.getCallerIdentity().account)
        }
    }

    @Test
    fun aRustPanicBecomesAnInternalException() {
        StsClient.nativeVersion() // loads the library
        val e = assertThrows(InternalException::class.java) { Native.panicForTest() }
        assertEquals(StskitStatus.PANIC, e.status)
        assertTrue(e.message!!.contains("deliberate panic"), e.message)
        // The JVM and the library are fine afterwards.
        client().use { assertEquals(ACCOUNT, it.getCallerIdentity().account) }
    }
}
