// Client settings: TLS with an extra CA, plain HTTP rules, timeouts, retries, proxy, endpoint
// variants, clock skew, logging, response size.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace StsKit.Tests
{
    internal static class ConfigTests
    {
        internal static void Register(Runner r)
        {
            r.Add("HTTPS with the emulator CA as AdditionalCaCertificatesPem", HttpsWithExtraCa);
            r.Add("HTTPS without the CA fails with StsKitTlsException", HttpsWithoutCa);
            r.Add("invalid CA PEM, region and plain HTTP are configuration errors", ConfigurationErrors);
            r.Add("AllowInsecureHttp permits plain HTTP to other hosts", AllowInsecureHttp);
            r.Add("RegionEndpoint and constructor overloads", ConstructorOverloads);
            r.Add("Timeout gives StsKitTimeoutException", Timeout);
            r.Add("connection refused gives StsKitNetworkException", ConnectionRefused);
            r.Add("throttling is retried per MaxErrorRetry", Retries);
            r.Add("MaxResponseBytes gives StsKitResponseTooLargeException", ResponseTooLarge);
            r.Add("a garbage body gives StsKitInvalidResponseException", InvalidResponse);
            r.Add("ProxyHost/ProxyPort route through the proxy, FIPS and dual-stack pick the endpoint", ProxyAndEndpointVariants);
            r.Add("ProxyMode Disabled ignores HTTPS_PROXY", ProxyDisabled);
            r.Add("a device clock two hours off is corrected (ClockOffset)", ClockSkew);
            r.Add("log callback receives lines without secrets", LogCallback);
        }

        private static void HttpsWithExtraCa()
        {
            var config = Emu.Config(Emu.Https + "/");
            config.AdditionalCaCertificatesPem = File.ReadAllText(Emu.CaFile);
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                Assert.Equal(Emu.Account, client.GetCallerIdentity(new GetCallerIdentityRequest()).Account, "Account over HTTPS");
            }
        }

        private static void HttpsWithoutCa()
        {
            var config = Emu.Config(Emu.Https + "/");
            config.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var e = Assert.Throws<StsKitTlsException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "untrusted certificate");
                Assert.Equal(StskitStatus.Tls, e.Status, "Status");
                Assert.Equal((HttpStatusCode)0, e.StatusCode, "StatusCode without an HTTP response");
                Assert.Equal("", e.ErrorCode, "ErrorCode");
            }
        }

        private static void ConfigurationErrors()
        {
            var badPem = Emu.Config(Emu.Https + "/");
            badPem.AdditionalCaCertificatesPem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
            var e = Assert.Throws<StsKitConfigurationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, badPem), "invalid PEM");
            Assert.Equal(StskitStatus.Configuration, e.Status, "Status");

            var badRegion = Emu.Config(null);
            badRegion.Region = "not a region!";
            Assert.Throws<StsKitConfigurationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, badRegion), "invalid region");

            var plain = Emu.Config("http://sts.example.com/");
            Assert.Throws<StsKitConfigurationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, plain), "plain http to a non-loopback host");

            var urlWithoutHost = Emu.Config(Emu.Http + "/");
            urlWithoutHost.ProxyMode = StskitProxyMode.Url;
            Assert.Throws<StsKitConfigurationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, urlWithoutHost), "ProxyMode.Url without ProxyHost");

            var badTimeout = Emu.Config(Emu.Http + "/");
            badTimeout.Timeout = TimeSpan.Zero;
            Assert.Throws<StsKitValidationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, badTimeout), "zero timeout");

            Assert.ThrowsAny<ArgumentNullException>(() => new AmazonSecurityTokenServiceClient((AWSCredentials)null, Emu.Config(Emu.Http + "/")), "null credentials");
            Assert.ThrowsAny<ArgumentNullException>(() => new BasicAWSCredentials("", "x"), "empty access key");
        }

        private static void AllowInsecureHttp()
        {
            var config = Emu.Config("http://sts.example.com/");
            config.AllowInsecureHttp = true;
            using (new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                // Built: no request is made here (the host does not exist).
            }
        }

        private static void ConstructorOverloads()
        {
            Assert.Equal("eu-west-1", RegionEndpoint.EUWest1.SystemName, "SystemName");
            Assert.Equal(RegionEndpoint.EUWest1, RegionEndpoint.GetBySystemName("eu-west-1"), "GetBySystemName");
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.USWest2 };
            Assert.Equal("us-west-2", config.Region, "Region from RegionEndpoint");

            using (new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, RegionEndpoint.EUCentral1)) { }
            using (new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, "token-value-1234567890", RegionEndpoint.EUCentral1)) { }
            using (new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(Emu.AccessKeyId, Emu.SecretAccessKey), RegionEndpoint.APNortheast1)) { }

            var session = Emu.Config(Emu.Http + "/");
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, "bogus-session-token-0000000000", session))
            {
                Assert.True(ReferenceEquals(session, client.Config), "Config is the object passed");
                // The emulator does not know this session token: the keys are sent with it.
                var e = Assert.ThrowsAny<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "unknown session token");
                Assert.Equal(StskitStatus.ServiceError, e.Status, "Status");
            }
        }

        private static void Timeout()
        {
            var config = Emu.Config(Emu.Scenario("cs-timeout", "delay=3000"));
            config.Timeout = TimeSpan.FromMilliseconds(300);
            config.ReadWriteTimeout = TimeSpan.FromMilliseconds(300);
            config.ConnectTimeout = TimeSpan.FromMilliseconds(1000);
            config.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var e = Assert.Throws<StsKitTimeoutException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "slow response");
                Assert.True(sw.ElapsedMilliseconds < 2500, "timed out after " + sw.ElapsedMilliseconds + " ms");
                Assert.Equal(StskitStatus.Timeout, e.Status, "Status");
                Assert.True(e.Retryable, "a timeout is retryable");
            }
        }

        private static void ConnectionRefused()
        {
            var config = Emu.Config("http://127.0.0.1:1/");
            config.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var e = Assert.Throws<StsKitNetworkException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "port 1");
                Assert.Equal(StskitStatus.Network, e.Status, "Status");
            }
        }

        private static void Retries()
        {
            string id;
            var config = Emu.Config(Emu.Scenario("cs-retry", "fault=throttle/times=2", out id));
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                Assert.Equal(Emu.Account, client.GetCallerIdentity(new GetCallerIdentityRequest()).Account, "third attempt succeeds");
            }
            Assert.Equal(3, Emu.RequestCount(id), "requests");

            string id2;
            var once = Emu.Config(Emu.Scenario("cs-noretry", "fault=throttle", out id2));
            once.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, once))
            {
                var e = Assert.Throws<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "throttled");
                Assert.Equal("Throttling", e.ErrorCode, "ErrorCode");
                Assert.Equal(StskitStsError.Throttling, e.StsError, "StsError");
                Assert.True(e.Retryable, "Retryable");
                Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode, "StatusCode");
            }
            Assert.Equal(1, Emu.RequestCount(id2), "MaxErrorRetry = 0 sends once");
        }

        private static void ResponseTooLarge()
        {
            var config = Emu.Config(Emu.Scenario("cs-big", "fault=bigbody"));
            config.MaxResponseBytes = 64 * 1024;
            config.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                Assert.Throws<StsKitResponseTooLargeException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "50 MiB body");
            }
        }

        private static void InvalidResponse()
        {
            var config = Emu.Config(Emu.Scenario("cs-garbage", "fault=garbage"));
            config.MaxErrorRetry = 0;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var e = Assert.Throws<StsKitInvalidResponseException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "text/html body");
                Assert.Equal(StskitStatus.InvalidResponse, e.Status, "Status");
            }
        }

        /// <summary>A fake proxy: records the first line of each connection, then closes it.
        /// Polls instead of blocking in Accept (closing a listener does not interrupt a blocked
        /// Accept on CoreCLR 3.1 for Linux).</summary>
        private sealed class FakeProxy : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly Thread _thread;
            private volatile bool _stop;
            internal readonly List<string> Lines = new List<string>();

            internal FakeProxy()
            {
                _listener.Start();
                _thread = new Thread(() =>
                {
                    while (!_stop)
                    {
                        if (!_listener.Pending())
                        {
                            Thread.Sleep(5);
                            continue;
                        }
                        using (var c = _listener.AcceptTcpClient())
                        using (var reader = new StreamReader(c.GetStream(), Encoding.ASCII))
                        {
                            string line = reader.ReadLine();
                            lock (Lines) Lines.Add(line);
                        }
                    }
                });
                _thread.IsBackground = true;
                _thread.Start();
            }

            internal int Port
            {
                get { return ((IPEndPoint)_listener.LocalEndpoint).Port; }
            }

            public void Dispose()
            {
                _stop = true;
                _thread.Join(5000);
                _listener.Stop();
            }
        }

        private static string ConnectThrough(FakeProxy proxy, Action<AmazonSecurityTokenServiceConfig> configure)
        {
            var config = new AmazonSecurityTokenServiceConfig
            {
                Region = "us-east-1",
                ProxyHost = "127.0.0.1",
                ProxyPort = proxy.Port,
                MaxErrorRetry = 0,
            };
            configure(config);
            int before;
            lock (proxy.Lines) before = proxy.Lines.Count;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                Assert.ThrowsAny<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "the fake proxy closes the connection");
            }
            for (int i = 0; i < 100; i++)
            {
                lock (proxy.Lines)
                {
                    if (proxy.Lines.Count > before) return proxy.Lines[before];
                }
                Thread.Sleep(10);
            }
            throw new Exception("nothing reached the proxy");
        }

        private static void ProxyAndEndpointVariants()
        {
            using (var proxy = new FakeProxy())
            {
                Assert.StartsWith("CONNECT sts.us-east-1.amazonaws.com:443", ConnectThrough(proxy, c => { }), "regional endpoint");
                Assert.StartsWith("CONNECT sts-fips.us-east-1.amazonaws.com:443", ConnectThrough(proxy, c => c.UseFIPSEndpoint = true), "FIPS endpoint");
                Assert.StartsWith("CONNECT sts.us-east-1.api.aws:443", ConnectThrough(proxy, c => c.UseDualstackEndpoint = true), "dual-stack endpoint");
                Assert.StartsWith("CONNECT sts.amazonaws.com:443", ConnectThrough(proxy, c => c.UseGlobalEndpoint = true), "global endpoint");
                Assert.StartsWith("CONNECT sts.eu-west-1.amazonaws.com:443", ConnectThrough(proxy, c => c.RegionEndpoint = RegionEndpoint.EUWest1), "RegionEndpoint");
                Assert.StartsWith("CONNECT sts.eu-west-1.amazonaws.com:443", ConnectThrough(proxy, c =>
                {
                    c.Region = "eu-west-1";
                    c.ProxyHost = "http://127.0.0.1:" + proxy.Port;
                    c.ProxyPort = 0;
                }), "ProxyHost as a URL");
            }
        }

        private static void ProxyDisabled()
        {
            // The environment's proxy variables are read by the native library; Disabled must win
            // over an explicit (dead) proxy host too.
            var config = Emu.Config(Emu.Http + "/");
            config.ProxyMode = StskitProxyMode.Disabled;
            config.ProxyHost = "127.0.0.1";
            config.ProxyPort = 1;
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                Assert.Equal(Emu.Account, client.GetCallerIdentity(new GetCallerIdentityRequest()).Account, "direct connection");
            }
        }

        private static void ClockSkew()
        {
            foreach (int hours in new[] { 2, -2 })
            {
                string id;
                var config = Emu.Config(Emu.Scenario("cs-skew", "", out id));
                config.DeviceClockOffset = TimeSpan.FromHours(hours);
                using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
                {
                    Assert.Equal(TimeSpan.Zero, client.ClockOffset, "no skew learned yet");
                    Assert.Equal(Emu.Account, client.GetCallerIdentity(new GetCallerIdentityRequest()).Account, "call succeeds after the skew is learned");
                    double offset = client.ClockOffset.TotalSeconds;
                    Assert.True(Math.Abs(offset + hours * 3600) < 10, "ClockOffset " + offset + " s for a device " + hours + " h off");
                }
                Assert.Equal(2, Emu.RequestCount(id), "one rejected signature, one success (hours=" + hours + ")");
            }
        }

        private static void LogCallback()
        {
            var lines = new List<string>();
            var config = Emu.Config(Emu.Scenario("cs-log", "fault=throttle/times=1"));
            config.LogLevel = StskitLogLevel.Debug;
            config.LogCallback = (level, message) =>
            {
                lock (lines) lines.Add(level + ": " + message);
                if (message.Length > 0) throw new InvalidOperationException("a throwing log handler must not break the call");
            };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var resp = client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "logged" });
                lock (lines)
                {
                    Assert.True(lines.Count >= 2, "log lines: " + lines.Count);
                    string all = string.Join("\n", lines.ToArray());
                    Assert.True(all.IndexOf(Emu.SecretAccessKey, StringComparison.Ordinal) < 0, "the secret key is never logged");
                    Assert.True(all.IndexOf(resp.Credentials.SecretAccessKey, StringComparison.Ordinal) < 0, "issued secrets are never logged");
                    Assert.True(all.IndexOf(resp.Credentials.SessionToken, StringComparison.Ordinal) < 0, "session tokens are never logged");
                }
            }
            int count;
            lock (lines) count = lines.Count;
            var quiet = Emu.Config(Emu.Http + "/");
            quiet.LogLevel = StskitLogLevel.Error;
            quiet.LogCallback = (level, message) => { lock (lines) lines.Add(message); };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, quiet))
            {
                client.GetCallerIdentity(new GetCallerIdentityRequest());
            }
            lock (lines) Assert.Equal(count, lines.Count, "LogLevel Error: a successful call logs nothing");
        }
    }
}
