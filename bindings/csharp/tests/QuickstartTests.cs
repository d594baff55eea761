// The Xamarin/.NET quick start of README-quickstart.md, run against the emulator. The lines
// between README-BEGIN/README-END markers, joined, must equal the README's code block
// (run-tests.sh checks it); the lines outside the markers only point the code at the emulator.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace StsKit.Tests
{
    internal static class QuickstartTests
    {
        internal static void Register(Runner r)
        {
            r.Add("README quick start for Xamarin/.NET", RunDotnetQuickstart);
        }

        private static void RunDotnetQuickstart()
        {
            var output = new System.IO.StringWriter();
            var stdout = Console.Out;
            Console.SetOut(output);
            try
            {
                DotnetQuickstart().GetAwaiter().GetResult();
            }
            finally
            {
                Console.SetOut(stdout);
            }
            string text = output.ToString();
            Assert.Contains("signed in as arn:aws:iam::123456789012:user/emulator", text, "output");
            Assert.Contains(" expires ", text, "AssumeRoleAsync succeeded");
            Assert.Contains("provider: ASIA", text, "provider credentials");
        }

        private static async Task DotnetQuickstart()
        {
            string accessKeyId = Emu.AccessKeyId, secretAccessKey = Emu.SecretAccessKey;
            // README-BEGIN dotnet
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.EUWest1 };
            // README-END
            config.ServiceURL = Emu.Http + "/"; // test only: the local emulator instead of AWS
            // README-BEGIN dotnet
            using (var sts = new AmazonSecurityTokenServiceClient(accessKeyId, secretAccessKey, config))
            {
                // Blocking call: keep it off the UI thread.
                GetCallerIdentityResponse me = sts.GetCallerIdentity(new GetCallerIdentityRequest());
                Console.WriteLine("signed in as " + me.Arn);

                // Async, cancellable (a cancelled native call finishes in the background).
                var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    AssumeRoleResponse role = await sts.AssumeRoleAsync(new AssumeRoleRequest
                    {
                        RoleArn = "arn:aws:iam::123456789012:role/GameClient",
                        RoleSessionName = "player-1",
                        DurationSeconds = 900,
                    }, cts.Token);
                    Console.WriteLine(role.Credentials.AccessKeyId + " expires " + role.Credentials.Expiration);
                }
                catch (AmazonSecurityTokenServiceException e) // or a subclass: ExpiredTokenException, ...
                {
                    Console.WriteLine(e.ErrorCode + " " + e.StatusCode + " request " + e.RequestId);
                }

                // Credentials that refresh themselves ahead of expiry.
                using (var provider = new StsCredentialsProvider(sts, new AssumeRoleRequest
                {
                    RoleArn = "arn:aws:iam::123456789012:role/GameClient",
                    RoleSessionName = "player-1",
                }))
                {
                    ImmutableCredentials creds = provider.GetCredentials();
                    Console.WriteLine("provider: " + creds.AccessKey);
                }
            }
            // README-END
        }
    }
}
