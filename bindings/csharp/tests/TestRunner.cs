// A console test runner with no dependencies: the same exe runs on Mono (JIT and full AOT) and
// on CoreCLR. Test classes register their methods explicitly (no attributes, no reflection).
// Prints one line per test and, last, "N passed, N failed"; exits non-zero on any failure or
// when no test ran. An optional argument runs only the tests whose name contains it.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace StsKit.Tests
{
    internal sealed class Runner
    {
        private readonly List<KeyValuePair<string, Action>> _tests = new List<KeyValuePair<string, Action>>();

        internal void Add(string name, Action test)
        {
            _tests.Add(new KeyValuePair<string, Action>(name, test));
        }

        private static int Main(string[] args)
        {
            string filter = args.Length > 0 ? args[0] : null;
            var runner = new Runner();
            LibraryTests.Register(runner);
            OperationTests.Register(runner);
            ConfigTests.Register(runner);
            ErrorTests.Register(runner);
            AsyncTests.Register(runner);
            ProviderTests.Register(runner);
            QuickstartTests.Register(runner);

            int passed = 0, failed = 0;
            var total = Stopwatch.StartNew();
            foreach (var test in runner._tests)
            {
                if (filter != null && test.Key.IndexOf(filter, StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }
                var sw = Stopwatch.StartNew();
                try
                {
                    test.Value();
                    passed++;
                    Console.WriteLine("ok    " + test.Key + " (" + sw.ElapsedMilliseconds + " ms)");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine("FAIL  " + test.Key + " (" + sw.ElapsedMilliseconds + " ms)");
                    Console.WriteLine("      " + e.ToString().Replace("\n", "\n      "));
                }
            }
            Console.WriteLine("# " + (passed + failed) + " tests in " + total.ElapsedMilliseconds + " ms on " + RuntimeName());
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }

        internal static string RuntimeName()
        {
            // No reflection: Mono defines Mono.Runtime; CoreCLR reports its framework in the version.
            return Type.GetType("Mono.Runtime") != null ? "Mono " + Environment.Version : "CoreCLR " + Environment.Version;
        }
    }

    internal static class Assert
    {
        internal static void True(bool condition, string message)
        {
            if (!condition) throw new Exception("assertion failed: " + message);
        }

        internal static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new Exception(what + ": expected <" + expected + "> but was <" + actual + ">");
            }
        }

        internal static void NotNull(object value, string what)
        {
            if (value == null) throw new Exception(what + " is null");
        }

        internal static void Null(object value, string what)
        {
            if (value != null) throw new Exception(what + " is <" + value + ">, expected null");
        }

        internal static void StartsWith(string prefix, string actual, string what)
        {
            if (actual == null || !actual.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new Exception(what + ": <" + actual + "> does not start with <" + prefix + ">");
            }
        }

        internal static void EndsWith(string suffix, string actual, string what)
        {
            if (actual == null || !actual.EndsWith(suffix, StringComparison.Ordinal))
            {
                throw new Exception(what + ": <" + actual + "> does not end with <" + suffix + ">");
            }
        }

        internal static void Contains(string part, string actual, string what)
        {
            if (actual == null || actual.IndexOf(part, StringComparison.Ordinal) < 0)
            {
                throw new Exception(what + ": <" + actual + "> does not contain <" + part + ">");
            }
        }

        /// <summary>Runs <paramref name="action"/>, which must throw exactly <typeparamref name="T"/>.</summary>
        internal static T Throws<T>(Action action, string what) where T : Exception
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() == typeof(T))
                {
                    return (T)e;
                }
                throw new Exception(what + ": expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message, e);
            }
            throw new Exception(what + ": expected " + typeof(T).Name + " but nothing was thrown");
        }

        /// <summary>Like Throws, but subclasses of T count too.</summary>
        internal static T ThrowsAny<T>(Action action, string what) where T : Exception
        {
            try
            {
                action();
            }
            catch (T e)
            {
                return e;
            }
            catch (Exception e)
            {
                throw new Exception(what + ": expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message, e);
            }
            throw new Exception(what + ": expected " + typeof(T).Name + " but nothing was thrown");
        }
    }

    /// <summary>The local STS emulator (tests/emulator), found through environment variables.</summary>
    internal static class Emu
    {
        internal const string AccessKeyId = "AKIDEXAMPLE";
        internal const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        internal const string Account = "123456789012";
        internal const string RoleArn = "arn:aws:iam::123456789012:role/GameClient";

        private static int _counter;

        internal static string Http
        {
            get { return Env("STSKIT_EMULATOR_HTTP"); }
        }

        internal static string Https
        {
            get { return Env("STSKIT_EMULATOR_HTTPS"); }
        }

        internal static string CaFile
        {
            get { return Env("STSKIT_EMULATOR_CA"); }
        }

        private static string Env(string name)
        {
            string value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                throw new Exception(name + " is not set: start tests/emulator/stsemu.py (run-tests.sh does)");
            }
            return value.TrimEnd('/');
        }

        /// <summary>A fresh scenario id and its endpoint URL with the given directives.</summary>
        internal static string Scenario(string prefix, string directives, out string id)
        {
            id = prefix + "-" + Process.GetCurrentProcess().Id + "-" + Interlocked.Increment(ref _counter);
            return Http + "/_s/" + id + "/" + (string.IsNullOrEmpty(directives) ? "" : directives + "/");
        }

        internal static string Scenario(string prefix, string directives)
        {
            string id;
            return Scenario(prefix, directives, out id);
        }

        internal static AmazonSecurityTokenServiceConfig Config(string url)
        {
            return new AmazonSecurityTokenServiceConfig
            {
                Region = "us-east-1",
                ServiceURL = url,
                RetryBackoffScale = 0.01,
            };
        }

        internal static AmazonSecurityTokenServiceClient Client(string url)
        {
            return new AmazonSecurityTokenServiceClient(AccessKeyId, SecretAccessKey, Config(url));
        }

        internal static AmazonSecurityTokenServiceClient DefaultClient()
        {
            return Client(Http + "/");
        }

        /// <summary>How many requests the emulator saw in a scenario.</summary>
        internal static int RequestCount(string id)
        {
            return StatInt(id, "requests");
        }

        internal static int StatInt(string id, string name)
        {
            string body = HttpGet(Http + "/_emulator/stats/" + id, null);
            var m = Regex.Match(body, "\"" + name + "\"\\s*:\\s*(\\d+)");
            return m.Success ? int.Parse(m.Groups[1].Value) : 0;
        }

        /// <summary>A minimal HTTP/1.1 GET over a socket (loopback only); returns the body and
        /// throws unless the status is 200.</summary>
        internal static string HttpGet(string url, IDictionary<string, string> headers)
        {
            var m = Regex.Match(url, "^http://([^/:]+):(\\d+)(/.*)$");
            if (!m.Success) throw new Exception("not a plain http URL: " + url);
            using (var tcp = new TcpClient(m.Groups[1].Value, int.Parse(m.Groups[2].Value)))
            using (var stream = tcp.GetStream())
            {
                var request = new StringBuilder();
                request.Append("GET " + m.Groups[3].Value + " HTTP/1.1\r\nHost: " + m.Groups[1].Value + ":" + m.Groups[2].Value + "\r\n");
                if (headers != null)
                {
                    foreach (var h in headers) request.Append(h.Key + ": " + h.Value + "\r\n");
                }
                request.Append("Connection: close\r\n\r\n");
                byte[] bytes = Encoding.ASCII.GetBytes(request.ToString());
                stream.Write(bytes, 0, bytes.Length);
                var response = new MemoryStream();
                stream.CopyTo(response);
                string text = Encoding.UTF8.GetString(response.ToArray());
                int split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                string head = split < 0 ? text : text.Substring(0, split);
                if (!head.StartsWith("HTTP/1.1 200") && !head.StartsWith("HTTP/1.0 200"))
                {
                    throw new Exception("GET " + url + ": " + text);
                }
                return split < 0 ? "" : text.Substring(split + 4);
            }
        }

        internal static string Base64Url(string text)
        {
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>A JWT-shaped token with this payload (the emulator reads, not verifies, it).</summary>
        internal static string Jwt(string payloadJson)
        {
            return Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Base64Url(payloadJson) + "." + Base64Url("signature");
        }

        internal static string ValidJwt(string subject)
        {
            return Jwt("{\"sub\":\"" + subject + "\",\"aud\":\"game-client\",\"iss\":\"https://accounts.example.com\",\"exp\":4102444800}");
        }

        /// <summary>A minimal base64 SAML response as an IdP would post it.</summary>
        internal static string SamlAssertion(string subject, string notOnOrAfter)
        {
            string xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
                + "<saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">" + subject + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData NotOnOrAfter=\"" + notOnOrAfter
                + "\" Recipient=\"https://signin.aws.amazon.com/saml\"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter=\"" + notOnOrAfter + "\"/>"
                + "<saml:AttributeStatement><saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SourceIdentity\"><saml:AttributeValue>" + subject
                + "</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>";
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
        }

        internal static void AssertTemporaryCredentials(Credentials c, string what)
        {
            Assert.NotNull(c, what);
            Assert.StartsWith("ASIA", c.AccessKeyId, what + ".AccessKeyId");
            Assert.True(!string.IsNullOrEmpty(c.SecretAccessKey), what + ".SecretAccessKey is empty");
            Assert.True(c.SessionToken != null && c.SessionToken.Length > 16, what + ".SessionToken is too short");
            Assert.Equal(DateTimeKind.Utc, c.Expiration.Kind, what + ".Expiration.Kind");
            Assert.True(c.Expiration > DateTime.UtcNow, what + ".Expiration is in the past: " + c.Expiration);
        }

        internal static void AssertMetadata(AmazonWebServiceResponse r, string what)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, r.HttpStatusCode, what + ".HttpStatusCode");
            Assert.True(r.ContentLength > 100, what + ".ContentLength = " + r.ContentLength);
            Assert.NotNull(r.ResponseMetadata, what + ".ResponseMetadata");
            Assert.Equal(36, r.ResponseMetadata.RequestId.Length, what + ".ResponseMetadata.RequestId length");
        }
    }
}
