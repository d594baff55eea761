// StsCredentialsProvider: refresh ahead of expiry, non-blocking reads, and the native-to-managed
// callbacks (MFA, refresh, web identity token, SAML assertion) that full AOT checks.
using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace StsKit.Tests
{
    internal static class ProviderTests
    {
        internal static void Register(Runner r)
        {
            r.Add("provider refreshes ahead of expiry and serves the cache meanwhile", RefreshAheadOfExpiry);
            r.Add("TryGetCredentials returns false, then true, without blocking", NonBlockingRead);
            r.Add("TryGetCredentials throws the refresh error while backing off", NonBlockingReadThrowsWhileBackingOff);
            r.Add("MFA callback is asked at each refresh", MfaCallback);
            r.Add("a throwing callback fails the refresh with it as InnerException", ThrowingCallback);
            r.Add("refresh callback receives the new credentials", RefreshCallback);
            r.Add("web identity token callback", WebIdentityTokenCallback);
            r.Add("web identity token file is re-read at each refresh", WebIdentityTokenFile);
            r.Add("web identity token in the request", WebIdentityTokenInRequest);
            r.Add("SAML assertion callback and GetSessionToken source", SamlAndSessionToken);
            r.Add("Invalidate forces a refresh; LastError and stats", InvalidateAndStats);
            r.Add("a provider outlives its client; GetCredentialsAsync", OutlivesClient);
            r.Add("disposing during a background refresh: no crash, no late callbacks", DisposeDuringBackgroundRefresh);
            r.Add("invalid provider options are StsKitValidationException", InvalidOptions);
        }

        private static AssumeRoleRequest Role(string session)
        {
            return new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = session };
        }

        private static StsCredentialsProviderOptions Windows(int advisory, int mandatory)
        {
            return new StsCredentialsProviderOptions
            {
                AdvisoryRefreshWindow = TimeSpan.FromSeconds(advisory),
                MandatoryRefreshWindow = TimeSpan.FromSeconds(mandatory),
                MinBackoff = TimeSpan.FromMilliseconds(300),
                MaxBackoff = TimeSpan.FromSeconds(2),
            };
        }

        private static void RefreshAheadOfExpiry()
        {
            string id;
            int refreshed = 0;
            var options = Windows(3, 1);
            options.RefreshCallback = c => Interlocked.Increment(ref refreshed);
            using (var client = Emu.Client(Emu.Scenario("cs-prov-ahead", "lifetime=5", out id)))
            using (var provider = new StsCredentialsProvider(client, Role("provider"), options))
            {
                var first = provider.GetCredentials();
                Assert.StartsWith("ASIA", first.AccessKey, "AccessKey");
                Assert.True(first.UseToken, "UseToken");
                Assert.True(first.Expiration.HasValue && first.Expiration.Value.Kind == DateTimeKind.Utc, "Expiration in UTC");
                for (int i = 0; i < 20; i++)
                {
                    Assert.True(ReferenceEquals(first, provider.GetCredentials()), "cached reads return the same instance");
                }
                Assert.Equal(1, Emu.RequestCount(id), "cached reads do not call STS");
                Thread.Sleep(2300); // now inside the 3 s advisory window
                var second = provider.GetCredentials();
                Assert.True(second.AccessKey != first.AccessKey, "refreshed");
                Assert.True(first.Expiration.Value > DateTime.UtcNow, "refreshed before the old ones expired");
                Assert.Equal(2, Emu.RequestCount(id), "requests");
                Assert.Equal(2, Volatile.Read(ref refreshed), "refresh callback per new credentials");
                Assert.Equal(2L, provider.Refreshes, "Refreshes");
                Assert.Equal(2L, provider.RefreshAttempts, "RefreshAttempts");
            }
        }

        private static void NonBlockingRead()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-prov-nonblock", "delay=1500", out id)))
            using (var provider = new StsCredentialsProvider(client, Role("frames")))
            {
                int notReady = 0;
                long slowest = 0;
                var deadline = Stopwatch.StartNew();
                ImmutableCredentials creds;
                while (true)
                {
                    var sw = Stopwatch.StartNew();
                    AmazonSecurityTokenServiceException error = null;
                    bool ready = notReady % 2 == 0 ? provider.TryGetCredentials(out creds) : provider.TryGetCredentials(out creds, out error);
                    slowest = Math.Max(slowest, sw.ElapsedMilliseconds);
                    if (ready) break;
                    Assert.Null(creds, "credentials while not ready");
                    Assert.Null(error, "no error while the first refresh runs");
                    notReady++;
                    Assert.True(deadline.ElapsedMilliseconds < 10000, "the background refresh never finished");
                    Thread.Sleep(16); // one frame
                }
                Assert.StartsWith("ASIA", creds.AccessKey, "AccessKey");
                Assert.True(notReady >= 10, "the first ~1.5 s report not-ready (" + notReady + ")");
                Assert.True(slowest < 100, "a non-blocking read took " + slowest + " ms");
                ImmutableCredentials again;
                Assert.True(provider.TryGetCredentials(out again), "still ready");
                Assert.True(ReferenceEquals(creds, again), "the same instance each frame (no allocation)");
                Assert.Equal(1, Emu.RequestCount(id), "one background refresh despite many reads");
            }
        }

        private static void NonBlockingReadThrowsWhileBackingOff()
        {
            var request = new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "rejected" };
            var options = new StsCredentialsProviderOptions { MinBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromSeconds(60) };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(client, request, () => Emu.ValidJwt("rejected"), options))
            {
                ImmutableCredentials creds;
                IDPRejectedClaimException error = null;
                var deadline = Stopwatch.StartNew();
                while (error == null)
                {
                    try
                    {
                        Assert.True(!provider.TryGetCredentials(out creds), "no credentials can be issued");
                    }
                    catch (IDPRejectedClaimException e)
                    {
                        error = e;
                    }
                    Assert.True(deadline.ElapsedMilliseconds < 10000, "the refresh error never surfaced");
                    Thread.Sleep(10);
                }
                Assert.Equal(36, error.RequestId.Length, "RequestId");
                Assert.Equal("IDPRejectedClaim", error.ErrorCode, "ErrorCode");
                Assert.Throws<IDPRejectedClaimException>(() => provider.TryGetCredentials(out creds), "still backing off");
                Assert.Throws<IDPRejectedClaimException>(() => provider.GetCredentials(), "GetCredentials while backing off");
                AmazonSecurityTokenServiceException outError;
                Assert.True(!provider.TryGetCredentials(out creds, out outError), "non-throwing overload returns false");
                Assert.True(outError is IDPRejectedClaimException, "non-throwing overload reports the error: " + outError);
                Assert.Null(creds, "no credentials");
                Assert.Equal(1L, provider.RefreshAttempts, "no retry during the backoff");
                var last = provider.LastError;
                Assert.True(last is IDPRejectedClaimException, "LastError type: " + last);
            }
        }

        private static void MfaCallback()
        {
            string id;
            int asked = 0;
            var request = Role("mfa");
            request.SerialNumber = "arn:aws:iam::123456789012:mfa/player";
            var options = Windows(60, 5);
            options.MfaTokenCodeCallback = () =>
            {
                int n = Interlocked.Increment(ref asked);
                return n == 1 ? "123456" : "000000";
            };
            using (var client = Emu.Client(Emu.Scenario("cs-prov-mfa", "lifetime=30", out id)))
            using (var provider = new StsCredentialsProvider(client, request, options))
            {
                var good = provider.GetCredentials();
                Assert.Equal(1, Volatile.Read(ref asked), "MFA asked once for the first refresh");
                // 30 s credentials sit in the 60 s advisory window: the next read refreshes, fails
                // (wrong code) and keeps the last good credentials.
                var again = provider.GetCredentials();
                Assert.Equal(good.AccessKey, again.AccessKey, "last good credentials kept");
                Assert.Equal(2, Volatile.Read(ref asked), "MFA asked for the second refresh");
                var error = provider.LastError;
                Assert.NotNull(error, "LastError");
                Assert.Equal(StskitStsError.AccessDenied, error.StsError, "LastError.StsError");
                Assert.Equal(36, error.RequestId.Length, "LastError.RequestId");
                provider.Invalidate();
                var e = Assert.Throws<AmazonSecurityTokenServiceException>(() => provider.GetCredentials(), "no cache and a failing refresh");
                Assert.Equal("AccessDenied", e.ErrorCode, "ErrorCode");
            }
        }

        private static void ThrowingCallback()
        {
            var request = new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "throws" };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(client, request,
                () => { throw new InvalidOperationException("the identity provider SDK failed"); }))
            {
                var e = Assert.Throws<StsKitValidationException>(() => provider.GetCredentials(), "throwing token callback");
                Assert.NotNull(e.InnerException, "InnerException");
                Assert.Equal("the identity provider SDK failed", e.InnerException.Message, "InnerException.Message");
            }
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(client, request, () => null))
            {
                Assert.Throws<StsKitValidationException>(() => provider.GetCredentials(), "token callback returning null");
            }
        }

        private static void RefreshCallback()
        {
            ImmutableCredentials seen = null;
            int threadOfCallback = -1;
            var options = new StsCredentialsProviderOptions
            {
                RefreshCallback = c =>
                {
                    seen = c;
                    threadOfCallback = Thread.CurrentThread.ManagedThreadId;
                    throw new Exception("ignored: a throwing observer must not fail the refresh");
                },
            };
            using (var client = Emu.DefaultClient())
            using (var provider = new StsCredentialsProvider(client, Role("observed"), options))
            {
                var creds = provider.GetCredentials();
                Assert.NotNull(seen, "callback invoked");
                Assert.Equal(creds.AccessKey, seen.AccessKey, "AccessKey");
                Assert.Equal(creds.SecretKey, seen.SecretKey, "SecretKey");
                Assert.Equal(creds.Token, seen.Token, "Token");
                Assert.Equal(creds.Expiration, seen.Expiration, "Expiration");
                Assert.Equal(Thread.CurrentThread.ManagedThreadId, threadOfCallback, "GetCredentials refreshes on the calling thread");
            }
        }

        private static void WebIdentityTokenCallback()
        {
            int asked = 0;
            var request = new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "pod" };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(client, request, () =>
            {
                Interlocked.Increment(ref asked);
                return Emu.ValidJwt("callback-player");
            }))
            {
                var creds = provider.GetCredentials();
                Assert.StartsWith("ASIA", creds.AccessKey, "AccessKey");
                provider.GetCredentials();
                Assert.Equal(1, Volatile.Read(ref asked), "asked once while the credentials are fresh");
                provider.Invalidate();
                provider.GetCredentials();
                Assert.Equal(2, Volatile.Read(ref asked), "asked again for the next refresh");
            }
        }

        private static void WebIdentityTokenFile()
        {
            string dir = Path.Combine(Path.GetTempPath(), "stskit-cs-" + Process.GetCurrentProcess().Id + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, "token");
            try
            {
                File.WriteAllText(file, Emu.Jwt("{\"sub\":\"a\",\"aud\":\"x\",\"iss\":\"https://idp.example.com\",\"exp\":1000}"));
                var request = new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "file" };
                var options = Windows(60, 5);
                options.MinBackoff = TimeSpan.Zero;
                using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
                using (var provider = new StsCredentialsProvider(client, request, file, options))
                {
                    Assert.Throws<ExpiredTokenException>(() => provider.GetCredentials(), "expired token in the file");
                    File.WriteAllText(file, Emu.ValidJwt("b"));
                    Assert.StartsWith("ASIA", provider.GetCredentials().AccessKey, "after the file was rotated");
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static void WebIdentityTokenInRequest()
        {
            var request = new AssumeRoleWithWebIdentityRequest
            {
                RoleArn = Emu.RoleArn,
                RoleSessionName = "fixed",
                WebIdentityToken = Emu.ValidJwt("fixed-player"),
            };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(client, request))
            {
                Assert.StartsWith("ASIA", provider.GetCredentials().AccessKey, "AccessKey");
            }
            var noToken = new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "none" };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            {
                Assert.Throws<StsKitValidationException>(() => new StsCredentialsProvider(client, noToken), "no token anywhere");
            }
        }

        private static void SamlAndSessionToken()
        {
            int asked = 0;
            var saml = new AssumeRoleWithSAMLRequest
            {
                RoleArn = Emu.RoleArn,
                PrincipalArn = "arn:aws:iam::123456789012:saml-provider/IdP",
            };
            using (var anonymous = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            using (var provider = new StsCredentialsProvider(anonymous, saml, () =>
            {
                Interlocked.Increment(ref asked);
                return Emu.SamlAssertion("jdoe", "2099-01-01T00:00:00Z");
            }))
            {
                provider.GetCredentials();
                provider.GetCredentials();
                Assert.Equal(1, Volatile.Read(ref asked), "assertion asked once");
            }
            using (var client = Emu.DefaultClient())
            using (var provider = new StsCredentialsProvider(client, new GetSessionTokenRequest { DurationSeconds = 900 }))
            {
                var creds = provider.GetCredentials();
                Assert.True(creds.UseToken, "session token");
            }
        }

        private static void InvalidateAndStats()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-prov-invalidate", "", out id)))
            using (var provider = new StsCredentialsProvider(client, Role("invalidate")))
            {
                Assert.Null(provider.LastError, "LastError before any refresh");
                Assert.Equal(0L, provider.RefreshAttempts, "no STS call before the first read");
                var a = provider.GetCredentials();
                provider.Invalidate();
                var b = provider.GetCredentials();
                Assert.True(a.AccessKey != b.AccessKey, "new credentials after Invalidate");
                Assert.Equal(2, Emu.RequestCount(id), "requests");
                Assert.Equal(2L, provider.RefreshAttempts, "RefreshAttempts");
                Assert.Equal(2L, provider.Refreshes, "Refreshes");
                Assert.Null(provider.LastError, "LastError after successes");
            }
        }

        private static void OutlivesClient()
        {
            var client = Emu.DefaultClient();
            using (var provider = new StsCredentialsProvider(client, Role("orphan")))
            {
                client.Dispose();
                var creds = provider.GetCredentialsAsync(CancellationToken.None).GetAwaiter().GetResult();
                Assert.StartsWith("ASIA", creds.AccessKey, "the provider keeps its own reference to the client");
                // The credentials sign a new client.
                using (var next = new AmazonSecurityTokenServiceClient(
                    new SessionAWSCredentials(creds.AccessKey, creds.SecretKey, creds.Token), Emu.Config(Emu.Http + "/")))
                {
                    Assert.EndsWith("assumed-role/GameClient/orphan", next.GetCallerIdentity(new GetCallerIdentityRequest()).Arn, "Arn");
                }
            }
        }

        private static void DisposeDuringBackgroundRefresh()
        {
            int refreshed = 0;
            int baseline = CallbackRegistry.Count;
            var logLines = 0;
            var config = Emu.Config(Emu.Scenario("cs-prov-dispose", "delay=800"));
            config.LogLevel = StskitLogLevel.Debug;
            config.LogCallback = (level, message) => Interlocked.Increment(ref logLines);
            var options = new StsCredentialsProviderOptions { RefreshCallback = c => Interlocked.Increment(ref refreshed) };
            using (var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config))
            {
                var provider = new StsCredentialsProvider(client, Role("late"), options);
                ImmutableCredentials creds;
                Assert.True(!provider.TryGetCredentials(out creds), "refresh started in the background");
                provider.Dispose();
            }
            Assert.Equal(baseline, CallbackRegistry.Count, "callback registrations released on Dispose");
            Thread.Sleep(1200); // the background refresh completes after both handles were freed
            Assert.Equal(0, Volatile.Read(ref refreshed), "no refresh callback after Dispose");
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        private static void InvalidOptions()
        {
            using (var client = Emu.DefaultClient())
            {
                Assert.Throws<StsKitValidationException>(() => new StsCredentialsProvider(client, Role("opts"), Windows(10, 20)), "mandatory > advisory");
                var backoff = new StsCredentialsProviderOptions { MinBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(1) };
                Assert.Throws<StsKitValidationException>(() => new StsCredentialsProvider(client, Role("opts"), backoff), "min > max backoff");
                Assert.ThrowsAny<ArgumentNullException>(() => new StsCredentialsProvider(client, new AssumeRoleWithSAMLRequest(), (Func<string>)null), "no assertion callback");
                Assert.ThrowsAny<ArgumentNullException>(() => new StsCredentialsProvider(null, Role("opts")), "no client");
                Assert.Throws<StsKitValidationException>(() => new StsCredentialsProvider(client, Role("a\0b")), "NUL in the request");
            }
        }
    }
}
