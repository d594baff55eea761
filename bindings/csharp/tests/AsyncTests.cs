// ...Async methods and cancellation, disposal and use after dispose, a dispose-during-calls race,
// and concurrent calls on one client.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace StsKit.Tests
{
    internal static class AsyncTests
    {
        internal static void Register(Runner r)
        {
            r.Add("every operation has a working ...Async form", EveryAsyncOperation);
            r.Add("async errors surface as the mapped exception", AsyncErrors);
            r.Add("cancelling a slow call throws OperationCanceledException promptly", CancelSlowCall);
            r.Add("an already cancelled token sends nothing", AlreadyCancelled);
            r.Add("Shutdown interrupts a blocking call and its task, and refuses later calls", ShutdownInterrupts);
            r.Add("use after Dispose throws ObjectDisposedException", UseAfterDispose);
            r.Add("Dispose while 8 threads are mid-call (delay=300): no crash, calls finish or throw ObjectDisposedException", DisposeRace);
            r.Add("8 threads x 20 calls on one client", ConcurrentCalls);
        }

        private static T Wait<T>(Task<T> task)
        {
            // GetResult rethrows the original exception, not an AggregateException.
            return task.GetAwaiter().GetResult();
        }

        private static void EveryAsyncOperation()
        {
            using (var client = Emu.DefaultClient())
            using (var anonymous = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            {
                var cts = new CancellationTokenSource();
                var role = client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "async" }, cts.Token);
                var saml = anonymous.AssumeRoleWithSAMLAsync(new AssumeRoleWithSAMLRequest
                {
                    RoleArn = Emu.RoleArn,
                    PrincipalArn = "arn:aws:iam::123456789012:saml-provider/IdP",
                    SAMLAssertion = Emu.SamlAssertion("async-user", "2099-01-01T00:00:00Z"),
                });
                var web = anonymous.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "async-web",
                    WebIdentityToken = Emu.ValidJwt("async-player"),
                }, cts.Token);
                var root = client.AssumeRootAsync(new AssumeRootRequest
                {
                    TargetPrincipal = "111122223333",
                    TaskPolicyArn = new PolicyDescriptorType("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
                });
                var decode = client.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest(Convert.ToBase64String(new byte[] { (byte)'{', (byte)'}' })));
                var keyInfo = client.GetAccessKeyInfoAsync(new GetAccessKeyInfoRequest { AccessKeyId = "AKIDOTHER00000000000" });
                var me = client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cts.Token);
                var delegated = client.GetDelegatedAccessTokenAsync(new GetDelegatedAccessTokenRequest { TradeInToken = "trade-in" });
                var federation = client.GetFederationTokenAsync(new GetFederationTokenRequest("AsyncBob"));
                var session = client.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
                var sessionPlain = client.GetSessionTokenAsync(cts.Token);
                var jwt = client.GetWebIdentityTokenAsync(new GetWebIdentityTokenRequest
                {
                    Audience = new List<string> { "aud" },
                    SigningAlgorithm = "RS256",
                });

                Emu.AssertTemporaryCredentials(Wait(role).Credentials, "AssumeRoleAsync");
                Assert.Equal("async-user", Wait(saml).Subject, "AssumeRoleWithSAMLAsync Subject");
                Assert.Equal("async-player", Wait(web).SubjectFromWebIdentityToken, "AssumeRoleWithWebIdentityAsync");
                Emu.AssertTemporaryCredentials(Wait(root).Credentials, "AssumeRootAsync");
                Assert.Equal("{}", Wait(decode).DecodedMessage, "DecodeAuthorizationMessageAsync");
                Assert.Equal("210987654321", Wait(keyInfo).Account, "GetAccessKeyInfoAsync");
                Assert.Equal(Emu.Account, Wait(me).Account, "GetCallerIdentityAsync");
                Emu.AssertTemporaryCredentials(Wait(delegated).Credentials, "GetDelegatedAccessTokenAsync");
                Assert.Equal("123456789012:AsyncBob", Wait(federation).FederatedUser.FederatedUserId, "GetFederationTokenAsync");
                Emu.AssertTemporaryCredentials(Wait(session).Credentials, "GetSessionTokenAsync");
                Emu.AssertTemporaryCredentials(Wait(sessionPlain).Credentials, "GetSessionTokenAsync()");
                Assert.Equal(3, Wait(jwt).WebIdentityToken.Split('.').Length, "GetWebIdentityTokenAsync");
            }
        }

        private static void AsyncErrors()
        {
            using (var client = Emu.Client(Emu.Scenario("cs-async-err", "error=RegionDisabledException")))
            {
                var task = client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "x1" });
                var e = Assert.Throws<RegionDisabledException>(() => Wait(task), "awaited error");
                Assert.Equal(36, e.RequestId.Length, "RequestId");
                Assert.True(task.IsFaulted, "the task is faulted");

                // Validation errors surface through the task, not from the call.
                var invalid = client.AssumeRoleAsync(new AssumeRoleRequest { RoleSessionName = "no-role" });
                Assert.Throws<StsKitValidationException>(() => Wait(invalid), "validation error");
                // The request is copied on the calling thread: the wrapper's own checks fail the task at once.
                var nul = client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "a\0b" });
                Assert.True(nul.IsFaulted, "copy errors are already in the task");
                Assert.Throws<StsKitValidationException>(() => Wait(nul), "NUL in a member");
            }
        }

        private static void CancelSlowCall()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-cancel", "delay=2000/times=1", out id)))
            {
                var cts = new CancellationTokenSource();
                var sw = Stopwatch.StartNew();
                var task = client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cts.Token);
                cts.CancelAfter(100);
                Assert.ThrowsAny<OperationCanceledException>(() => Wait(task), "cancelled call");
                long elapsed = sw.ElapsedMilliseconds;
                Assert.True(elapsed < 600, "cancelled after 100 ms, but the task ended only after " + elapsed + " ms");
                Assert.True(task.IsCanceled, "task.IsCanceled");
                // The native call finishes in the background; the client stays usable.
                Thread.Sleep(2200);
                Assert.Equal(1, Emu.RequestCount(id), "the request itself was sent once");
                Assert.Equal(Emu.Account, client.GetCallerIdentity(new GetCallerIdentityRequest()).Account, "client still works");
            }
        }

        private static void ShutdownInterrupts()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-shutdown", "delay=5000", out id)))
            {
                Exception blocking = null;
                var worker = new Thread(() =>
                {
                    try { client.GetCallerIdentity(new GetCallerIdentityRequest()); }
                    catch (Exception e) { blocking = e; }
                });
                worker.Start();
                var task = client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
                Thread.Sleep(300); // both are waiting for the delayed response
                var sw = Stopwatch.StartNew();
                client.Shutdown();
                Assert.True(worker.Join(3000), "the blocking call must return well before the 5 s delay");
                Assert.True(blocking is StsKitCancelledException, "blocking call: " + blocking);
                Assert.Throws<StsKitCancelledException>(() => Wait(task), "task");
                Assert.True(sw.ElapsedMilliseconds < 3000, "took " + sw.ElapsedMilliseconds + " ms");
                int seen = Emu.RequestCount(id);
                Assert.Throws<StsKitCancelledException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "after Shutdown");
                client.Shutdown(); // idempotent
                Assert.Equal(seen, Emu.RequestCount(id), "a shut-down client sends nothing");
            }
        }

        private static void AlreadyCancelled()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-precancel", "", out id)))
            {
                var cts = new CancellationTokenSource();
                cts.Cancel();
                var task = client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cts.Token);
                Assert.True(task.IsCanceled, "task.IsCanceled");
                Assert.ThrowsAny<OperationCanceledException>(() => Wait(task), "cancelled");
            }
            Assert.Equal(0, Emu.RequestCount(id), "nothing sent");
        }

        private static void UseAfterDispose()
        {
            var client = Emu.DefaultClient();
            client.GetCallerIdentity(new GetCallerIdentityRequest());
            client.Dispose();
            client.Dispose(); // twice is fine
            Assert.Throws<ObjectDisposedException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "blocking call");
            Assert.Throws<ObjectDisposedException>(() => { var t = client.ClockOffset; }, "ClockOffset");
            Assert.Throws<ObjectDisposedException>(() => client.PresignGetCallerIdentity(TimeSpan.FromMinutes(1)), "presign");
            var task = client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Throws<ObjectDisposedException>(() => Wait(task), "async call");
            Assert.Throws<ObjectDisposedException>(() => new StsCredentialsProvider(client, new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "p1" }), "provider from a disposed client");

            var provider = new StsCredentialsProvider(Emu.DefaultClient(), new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "p2" });
            provider.GetCredentials();
            provider.Dispose();
            provider.Dispose();
            ImmutableCredentials creds;
            Assert.Throws<ObjectDisposedException>(() => provider.GetCredentials(), "provider GetCredentials");
            Assert.Throws<ObjectDisposedException>(() => provider.TryGetCredentials(out creds), "provider TryGetCredentials");
            Assert.Throws<ObjectDisposedException>(() => provider.Invalidate(), "provider Invalidate");
            Assert.Throws<ObjectDisposedException>(() => Wait(provider.GetCredentialsAsync()), "provider GetCredentialsAsync");
        }

        private static void DisposeRace()
        {
            // Each thread starts a slow call, then keeps calling until the client is gone. Calls
            // already inside the native library when Dispose runs must complete normally; the
            // native client is freed only after the last of them returns.
            string id;
            var client = Emu.Client(Emu.Scenario("cs-race", "delay=300", out id));
            const int threads = 8;
            var started = new CountdownEvent(threads);
            var firstCallOk = new bool[threads];
            var laterOutcomes = new List<string>();
            var unexpected = new List<Exception>();
            var workers = new Thread[threads];
            for (int i = 0; i < threads; i++)
            {
                int n = i;
                workers[i] = new Thread(() =>
                {
                    try
                    {
                        started.Signal();
                        var me = client.GetCallerIdentity(new GetCallerIdentityRequest());
                        firstCallOk[n] = me.Account == Emu.Account;
                        for (int k = 0; k < 50; k++)
                        {
                            try
                            {
                                client.GetCallerIdentity(new GetCallerIdentityRequest());
                                lock (laterOutcomes) laterOutcomes.Add("ok");
                            }
                            catch (ObjectDisposedException)
                            {
                                lock (laterOutcomes) laterOutcomes.Add("disposed");
                                return;
                            }
                        }
                    }
                    catch (Exception e)
                    {
                        lock (unexpected) unexpected.Add(e);
                    }
                });
                workers[i].Start();
            }
            started.Wait();
            // Dispose once the emulator holds all eight requests (each answered after 300 ms).
            var wait = Stopwatch.StartNew();
            while (Emu.RequestCount(id) < threads)
            {
                Assert.True(wait.ElapsedMilliseconds < 10000, "the eight calls never reached the emulator");
                Thread.Sleep(10);
            }
            client.Dispose();
            foreach (var w in workers)
            {
                Assert.True(w.Join(15000), "a worker hung");
            }
            lock (unexpected)
            {
                Assert.True(unexpected.Count == 0, "unexpected: " + (unexpected.Count > 0 ? unexpected[0].ToString() : ""));
            }
            for (int i = 0; i < threads; i++)
            {
                Assert.True(firstCallOk[i], "call in flight during Dispose finished normally (thread " + i + ")");
            }
            int disposed = 0;
            foreach (var o in laterOutcomes) if (o == "disposed") disposed++;
            Assert.Equal(threads, disposed, "every thread eventually saw ObjectDisposedException");
            Assert.Throws<ObjectDisposedException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "after the race");
        }

        private static void ConcurrentCalls()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-concurrent", "", out id)))
            {
                const int threads = 8, calls = 20;
                var errors = new List<Exception>();
                var sessions = new HashSet<string>();
                var workers = new Thread[threads];
                for (int i = 0; i < threads; i++)
                {
                    int n = i;
                    workers[i] = new Thread(() =>
                    {
                        for (int k = 0; k < calls; k++)
                        {
                            try
                            {
                                if (k % 2 == 0)
                                {
                                    var me = client.GetCallerIdentity(new GetCallerIdentityRequest());
                                    if (me.Account != Emu.Account) throw new Exception("wrong account " + me.Account);
                                }
                                else
                                {
                                    string name = "t" + n + "-" + k;
                                    var r = client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = name });
                                    if (!r.AssumedRoleUser.Arn.EndsWith("/" + name)) throw new Exception("crossed responses: " + r.AssumedRoleUser.Arn);
                                    lock (sessions) sessions.Add(r.Credentials.AccessKeyId);
                                }
                            }
                            catch (Exception e)
                            {
                                lock (errors) errors.Add(e);
                            }
                        }
                    });
                    workers[i].Start();
                }
                foreach (var w in workers) Assert.True(w.Join(60000), "a worker hung");
                Assert.True(errors.Count == 0, errors.Count + " calls failed, first: " + (errors.Count > 0 ? errors[0].ToString() : ""));
                Assert.Equal(threads * calls / 2, sessions.Count, "distinct issued access keys");
            }
            Assert.Equal(160, Emu.RequestCount(id), "requests");
        }
    }
}
