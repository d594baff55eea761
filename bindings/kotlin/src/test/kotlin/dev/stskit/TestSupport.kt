package dev.stskit

import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.ExtensionContext
import java.io.File
import java.net.HttpURLConnection
import java.net.URL
import java.util.Base64
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

const val ACCESS_KEY_ID = "AKIDEXAMPLE"
const val SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
const val ACCOUNT = "123456789012"
const val ROLE_ARN = "arn:aws:iam::123456789012:role/GameClient"

/** The local STS emulator (tests/emulator/stsemu.py), one per test run. */
class Emulator private constructor(private val process: Process, readyLine: String) : ExtensionContext.Store.CloseableResource {
    val http: String = field(readyLine, "http")
    val https: String = field(readyLine, "https")
    val ca: String = field(readyLine, "ca")

    override fun close() {
        runCatching { process.outputStream.close() } // --exit-on-stdin-eof
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly()
    }

    companion object {
        @Volatile
        private var current: Emulator? = null

        /** The running emulator (started by [EmulatorExtension]). */
        val instance: Emulator get() = checkNotNull(current) { "annotate the test class with @ExtendWith(EmulatorExtension::class)" }

        val repoRoot: File = File(System.getProperty("stskit.repo.root") ?: "../..").canonicalFile

        private fun field(line: String, key: String): String =
            Regex("\"$key\"\\s*:\\s*\"([^\"]*)\"").find(line)?.groupValues?.get(1) ?: error("emulator ready line lacks $key: $line")

        @Synchronized
        internal fun start(): Emulator {
            current?.let { return it }
            val script = File(repoRoot, "tests/emulator/stsemu.py")
            val process = ProcessBuilder("python3", script.path, "--exit-on-stdin-eof", "--quiet")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val line = process.inputStream.bufferedReader().readLine() ?: error("the emulator exited before it was ready")
            return Emulator(process, line).also { current = it }
        }
    }
}

/** Starts the emulator once per test run; JUnit closes it when the run ends. */
class EmulatorExtension : BeforeAllCallback {
    override fun beforeAll(context: ExtensionContext) {
        context.root.getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("stskit-emulator") { Emulator.start() }
    }
}

private val counter = AtomicInteger()

/** A fresh scenario id and its endpoint URL with the given directives (e.g. "delay=300"). */
fun scenario(prefix: String, directives: String = ""): Pair<String, String> {
    val id = "$prefix-${ProcessHandle.current().pid()}-${counter.incrementAndGet()}"
    val url = if (directives.isEmpty()) "${Emulator.instance.http}/_s/$id/" else "${Emulator.instance.http}/_s/$id/$directives/"
    return id to url
}

fun defaultUrl(): String = "${Emulator.instance.http}/"

/** The emulator's JSON counters for a scenario. */
fun stats(id: String): String {
    val c = URL("${Emulator.instance.http}/_emulator/stats/$id").openConnection() as HttpURLConnection
    return c.inputStream.bufferedReader().use { it.readText() }
}

fun requestCount(id: String): Int = Regex("\"requests\"\\s*:\\s*(\\d+)").find(stats(id))?.groupValues?.get(1)?.toInt() ?: 0

fun testCredentials() = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)

/** Settings for the emulator with the known keys and quick retries. */
fun config(url: String = defaultUrl()) = StsClientConfig(
    region = "us-east-1",
    endpointUrl = url,
    credentials = testCredentials(),
    backoffScale = 0.01,
)

fun client(url: String = defaultUrl()) = StsClient(config(url))

/** A JWT-shaped token with the given payload (the emulator reads, not verifies, it). */
fun jwt(payload: String): String {
    val b64 = Base64.getUrlEncoder().withoutPadding()
    fun enc(s: String) = b64.encodeToString(s.toByteArray())
    return "${enc("""{"alg":"RS256","typ":"JWT"}""")}.${enc(payload)}.${enc("signature")}"
}

fun base64(s: String): String = Base64.getEncoder().encodeToString(s.toByteArray())

/** A minimal SAML Response as an IdP would post it, base64-encoded. */
fun samlAssertion(subject: String, notOnOrAfter: String = "2099-01-01T00:00:00Z"): String = base64(
    """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">$subject</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="$notOnOrAfter" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter="$notOnOrAfter"/><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SourceIdentity"><saml:AttributeValue>$subject</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>""",
)

val VALID_JWT = jwt("""{"sub":"player-42","aud":"game-client","iss":"https://accounts.example.com","exp":4102444800}""")
