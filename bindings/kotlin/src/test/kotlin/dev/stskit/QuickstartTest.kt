package dev.stskit

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/**
 * The snippets of README-quickstart.md, verbatim except that the client points at the emulator.
 * Keep the two in sync.
 */
@ExtendWith(EmulatorExtension::class)
class QuickstartTest {
    /** Stands in for the game's sign-in SDK. */
    private object signIn {
        fun currentIdToken(): String = VALID_JWT
    }

    private val emulator = defaultUrl()

    @Test
    fun quickstart() = runBlocking {
        // --- snippet: client ---
        val sts = StsClient(
            StsClientConfig(
                region = "eu-west-1",
                endpointUrl = emulator, // omit in production: the regional STS endpoint is used
                credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
            ),
        )

        // --- snippet: suspend call ---
        val response = sts.suspending.assumeRole(
            AssumeRoleRequest(
                roleArn = "arn:aws:iam::123456789012:role/GameClient",
                roleSessionName = "player-1",
                durationSeconds = 900,
            ),
        )
        val creds = response.credentials // accessKeyId, secretAccessKey, sessionToken, expirationEpochMillis
        assertTrue(creds.accessKeyId.startsWith("ASIA"))

        // --- snippet: errors ---
        val message = try {
            sts.assumeRole(AssumeRoleRequest("arn:aws:iam::123456789012:role/denied", "player-1"))
            "ok"
        } catch (e: ExpiredTokenException) {
            "sign in again"
        } catch (e: StsServiceException) {
            "STS said ${e.errorCode} (HTTP ${e.httpStatus}, request ${e.requestId}), retryable=${e.isRetryable}"
        } catch (e: StsException) {
            "${e.status}: ${e.message}" // ValidationException, NetworkException, StsTimeoutException, ...
        }
        assertTrue(message.startsWith("STS said AccessDenied (HTTP 403"), message)

        // --- snippet: provider ---
        val provider = CredentialsProvider.webIdentity(
            sts,
            AssumeRoleWithWebIdentityRequest(roleArn = "arn:aws:iam::123456789012:role/GameClient", roleSessionName = "player-1"),
            token = { signIn.currentIdToken() },
            options = ProviderOptions(refreshListener = { c -> println("new credentials until ${c.expirationEpochMillis}") }),
        )
        // Render loop / UI thread: never blocks on the network.
        var perFrame: Credentials? = provider.tryCredentials() // null while the first refresh runs
        // Worker thread or coroutine: waits for a refresh when one is needed.
        val fresh = provider.awaitCredentials()
        perFrame = provider.tryCredentials()
        assertNotNull(perFrame)
        assertEquals(fresh, perFrame)

        // --- snippet: close ---
        provider.close()
        sts.close()
    }
}
