// Every STS operation against the emulator, with every input member and every output member.
using System;
using System.Collections.Generic;
using System.Text;

namespace StsKit.Tests
{
    internal static class OperationTests
    {
        internal static void Register(Runner r)
        {
            r.Add("AssumeRole with every member and output", AssumeRoleWithEveryMember);
            r.Add("AssumeRole credentials sign the next client (role chaining)", RoleChaining);
            r.Add("GetCallerIdentity of long-term keys", GetCallerIdentity);
            r.Add("AssumeRoleWithSAML with every member, unsigned", AssumeRoleWithSaml);
            r.Add("AssumeRoleWithWebIdentity with every member, unsigned", AssumeRoleWithWebIdentity);
            r.Add("AssumeRoleWithWebIdentity with an OAuth ProviderId", AssumeRoleWithWebIdentityProviderId);
            r.Add("AssumeRoot", AssumeRoot);
            r.Add("DecodeAuthorizationMessage round-trips UTF-8", DecodeAuthorizationMessage);
            r.Add("GetAccessKeyInfo", GetAccessKeyInfo);
            r.Add("GetDelegatedAccessToken", GetDelegatedAccessToken);
            r.Add("GetFederationToken with every member and output", GetFederationToken);
            r.Add("GetSessionToken with MFA, and without a request", GetSessionToken);
            r.Add("GetWebIdentityToken with every member and output", GetWebIdentityToken);
            r.Add("PresignGetCallerIdentity URL is accepted by the server", Presign);
        }

        private static void AssumeRoleWithEveryMember()
        {
            using (var client = Emu.DefaultClient())
            {
                var request = new AssumeRoleRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "player-1",
                    PolicyArns = new List<PolicyDescriptorType> { new PolicyDescriptorType("arn:aws:iam::aws:policy/ReadOnlyAccess") },
                    Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}",
                    DurationSeconds = 900,
                    Tags = new List<Tag> { new Tag("Project", "Unicorn"), new Tag("Team", "A B") },
                    TransitiveTagKeys = new List<string> { "Project" },
                    ExternalId = "ext-123",
                    SerialNumber = "arn:aws:iam::123456789012:mfa/user",
                    TokenCode = "123456",
                    SourceIdentity = "alice",
                    ProvidedContexts = new List<ProvidedContext>
                    {
                        new ProvidedContext { ProviderArn = "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion = "abcd" },
                    },
                };
                var resp = client.AssumeRole(request);
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                double left = (resp.Credentials.Expiration - DateTime.UtcNow).TotalSeconds;
                Assert.True(left > 800 && left <= 901, "DurationSeconds 900 gives ~900 s, got " + left);
                Assert.NotNull(resp.AssumedRoleUser, "AssumedRoleUser");
                Assert.Equal("arn:aws:sts::123456789012:assumed-role/GameClient/player-1", resp.AssumedRoleUser.Arn, "AssumedRoleUser.Arn");
                Assert.EndsWith(":player-1", resp.AssumedRoleUser.AssumedRoleId, "AssumedRoleUser.AssumedRoleId");
                Assert.True(resp.PackedPolicySize.HasValue && resp.PackedPolicySize.Value > 0, "PackedPolicySize > 0");
                Assert.Equal("alice", resp.SourceIdentity, "SourceIdentity");
                Emu.AssertMetadata(resp, "AssumeRoleResponse");
            }
        }

        private static void RoleChaining()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "chain" });
                // Like AWSSDK, the response's Credentials are AWSCredentials.
                using (var chained = new AmazonSecurityTokenServiceClient(resp.Credentials, Emu.Config(Emu.Http + "/")))
                {
                    var me = chained.GetCallerIdentity(new GetCallerIdentityRequest());
                    Assert.Equal("arn:aws:sts::123456789012:assumed-role/GameClient/chain", me.Arn, "Arn");
                    Assert.EndsWith(":chain", me.UserId, "UserId");
                }
                var immutable = resp.Credentials.GetCredentials();
                Assert.True(immutable.UseToken, "UseToken");
                Assert.Equal(resp.Credentials.SessionToken, immutable.Token, "Token");
                Assert.True(resp.Credentials.ToString().IndexOf(resp.Credentials.SecretAccessKey, StringComparison.Ordinal) < 0, "ToString hides the secret");
            }
        }

        private static void GetCallerIdentity()
        {
            using (var client = Emu.DefaultClient())
            {
                var me = client.GetCallerIdentity(new GetCallerIdentityRequest());
                Assert.Equal(Emu.Account, me.Account, "Account");
                Assert.Equal("arn:aws:iam::123456789012:user/emulator", me.Arn, "Arn");
                Assert.Equal("AIDAEXAMPLEUSER00001", me.UserId, "UserId");
                Emu.AssertMetadata(me, "GetCallerIdentityResponse");
            }
        }

        private static void AssumeRoleWithSaml()
        {
            string id;
            string url = Emu.Scenario("cs-saml", "", out id);
            // No credentials at all: the operation must not need them.
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(url)))
            {
                var resp = client.AssumeRoleWithSAML(new AssumeRoleWithSAMLRequest
                {
                    RoleArn = Emu.RoleArn,
                    PrincipalArn = "arn:aws:iam::123456789012:saml-provider/ExampleIdP",
                    SAMLAssertion = Emu.SamlAssertion("jdoe@example.com", "2099-01-01T00:00:00Z"),
                    PolicyArns = new List<PolicyDescriptorType> { new PolicyDescriptorType("arn:aws:iam::aws:policy/ReadOnlyAccess") },
                    Policy = "{}",
                    DurationSeconds = 3600,
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                Assert.Equal("jdoe@example.com", resp.Subject, "Subject");
                Assert.Equal("persistent", resp.SubjectType, "SubjectType");
                Assert.Equal("https://idp.example.com/saml/metadata", resp.Issuer, "Issuer");
                Assert.Equal("https://signin.aws.amazon.com/saml", resp.Audience, "Audience");
                Assert.True(!string.IsNullOrEmpty(resp.NameQualifier), "NameQualifier");
                Assert.NotNull(resp.AssumedRoleUser, "AssumedRoleUser");
                Assert.EndsWith("assumed-role/GameClient/jdoe@example.com", resp.AssumedRoleUser.Arn, "AssumedRoleUser.Arn");
                Assert.True(resp.PackedPolicySize.HasValue, "PackedPolicySize");
                Assert.Equal("jdoe@example.com", resp.SourceIdentity, "SourceIdentity");
                Emu.AssertMetadata(resp, "AssumeRoleWithSAMLResponse");
            }
            Assert.Equal(0, Emu.StatInt(id, "signed"), "signed requests");
            Assert.Equal(1, Emu.StatInt(id, "unsigned"), "unsigned requests");
        }

        private static void AssumeRoleWithWebIdentity()
        {
            string id;
            string url = Emu.Scenario("cs-webid", "", out id);
            using (var client = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), Emu.Config(url)))
            {
                var resp = client.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "app1",
                    WebIdentityToken = Emu.ValidJwt("player-42"),
                    PolicyArns = new List<PolicyDescriptorType> { new PolicyDescriptorType("arn:aws:iam::aws:policy/ReadOnlyAccess") },
                    Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                    DurationSeconds = 900,
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                Assert.Equal("player-42", resp.SubjectFromWebIdentityToken, "SubjectFromWebIdentityToken");
                Assert.Equal("game-client", resp.Audience, "Audience");
                Assert.Equal("https://accounts.example.com", resp.Provider, "Provider");
                Assert.NotNull(resp.AssumedRoleUser, "AssumedRoleUser");
                Assert.EndsWith("/app1", resp.AssumedRoleUser.Arn, "AssumedRoleUser.Arn");
                Assert.EndsWith(":app1", resp.AssumedRoleUser.AssumedRoleId, "AssumedRoleUser.AssumedRoleId");
                Assert.True(resp.PackedPolicySize.HasValue, "PackedPolicySize");
                Assert.Null(resp.SourceIdentity, "SourceIdentity (the token has no source identity claim)");
                Emu.AssertMetadata(resp, "AssumeRoleWithWebIdentityResponse");
            }
            Assert.Equal(1, Emu.StatInt(id, "unsigned"), "unsigned requests");
        }

        private static void AssumeRoleWithWebIdentityProviderId()
        {
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            {
                var resp = client.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "oauth",
                    WebIdentityToken = Emu.ValidJwt("player-7"),
                    ProviderId = "www.amazon.com",
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                Assert.Equal("www.amazon.com", resp.Provider, "Provider is the ProviderId for OAuth 2.0 providers");
            }
        }

        private static void AssumeRoot()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.AssumeRoot(new AssumeRootRequest
                {
                    TargetPrincipal = "111122223333",
                    TaskPolicyArn = new PolicyDescriptorType("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
                    DurationSeconds = 900,
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                Assert.True(!string.IsNullOrEmpty(resp.SourceIdentity), "SourceIdentity (the emulator sets the caller's name)");
                Emu.AssertMetadata(resp, "AssumeRootResponse");
            }
        }

        private static void DecodeAuthorizationMessage()
        {
            string json = "{\"allowed\":false,\"explicitDeny\":false,\"note\":\"h\u00e9llo \u2713 \u6f22\u5b57 \U0001F3AE\"}";
            using (var client = Emu.DefaultClient())
            {
                var resp = client.DecodeAuthorizationMessage(new DecodeAuthorizationMessageRequest(
                    Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));
                Assert.Equal(json, resp.DecodedMessage, "DecodedMessage");
                Emu.AssertMetadata(resp, "DecodeAuthorizationMessageResponse");
            }
        }

        private static void GetAccessKeyInfo()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.GetAccessKeyInfo(new GetAccessKeyInfoRequest { AccessKeyId = "AKIDOTHER00000000000" });
                Assert.Equal("210987654321", resp.Account, "Account");
                Emu.AssertMetadata(resp, "GetAccessKeyInfoResponse");
            }
        }

        private static void GetDelegatedAccessToken()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.GetDelegatedAccessToken(new GetDelegatedAccessTokenRequest { TradeInToken = "trade-in-token" });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                Assert.StartsWith("arn:", resp.AssumedPrincipal, "AssumedPrincipal");
                Assert.True(resp.PackedPolicySize.HasValue, "PackedPolicySize");
                Emu.AssertMetadata(resp, "GetDelegatedAccessTokenResponse");
            }
        }

        private static void GetFederationToken()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.GetFederationToken(new GetFederationTokenRequest
                {
                    Name = "Bob",
                    Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                    PolicyArns = new List<PolicyDescriptorType> { new PolicyDescriptorType("arn:aws:iam::aws:policy/ReadOnlyAccess") },
                    DurationSeconds = 3600,
                    Tags = new List<Tag> { new Tag("k", "") },
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                double left = (resp.Credentials.Expiration - DateTime.UtcNow).TotalSeconds;
                Assert.True(left > 3500 && left <= 3601, "DurationSeconds 3600, got " + left);
                Assert.NotNull(resp.FederatedUser, "FederatedUser");
                Assert.Equal("123456789012:Bob", resp.FederatedUser.FederatedUserId, "FederatedUser.FederatedUserId");
                Assert.Equal("arn:aws:sts::123456789012:federated-user/Bob", resp.FederatedUser.Arn, "FederatedUser.Arn");
                Assert.True(resp.PackedPolicySize.HasValue, "PackedPolicySize");
                Emu.AssertMetadata(resp, "GetFederationTokenResponse");
            }
        }

        private static void GetSessionToken()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.GetSessionToken(new GetSessionTokenRequest
                {
                    DurationSeconds = 900,
                    SerialNumber = "arn:aws:iam::123456789012:mfa/user",
                    TokenCode = "123456",
                });
                Emu.AssertTemporaryCredentials(resp.Credentials, "Credentials");
                double left = (resp.Credentials.Expiration - DateTime.UtcNow).TotalSeconds;
                Assert.True(left > 800 && left <= 901, "DurationSeconds 900, got " + left);
                Emu.AssertMetadata(resp, "GetSessionTokenResponse");

                var plain = client.GetSessionToken();
                Emu.AssertTemporaryCredentials(plain.Credentials, "GetSessionToken() Credentials");

                var e = Assert.Throws<AmazonSecurityTokenServiceException>(() => client.GetSessionToken(new GetSessionTokenRequest
                {
                    SerialNumber = "arn:aws:iam::123456789012:mfa/user",
                    TokenCode = "000000",
                }), "wrong MFA code");
                Assert.Equal("AccessDenied", e.ErrorCode, "ErrorCode");
                Assert.Equal(StskitStsError.AccessDenied, e.StsError, "StsError");
                Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.StatusCode, "StatusCode");
            }
        }

        private static void GetWebIdentityToken()
        {
            using (var client = Emu.DefaultClient())
            {
                var resp = client.GetWebIdentityToken(new GetWebIdentityTokenRequest
                {
                    Audience = new List<string> { "https://api.example.com", "b" },
                    DurationSeconds = 300,
                    SigningAlgorithm = "ES384",
                    Tags = new List<Tag> { new Tag("team", "blue") },
                });
                Assert.Equal(3, resp.WebIdentityToken.Split('.').Length, "WebIdentityToken has three parts");
                Assert.Equal(DateTimeKind.Utc, resp.Expiration.Kind, "Expiration.Kind");
                double left = (resp.Expiration - DateTime.UtcNow).TotalSeconds;
                Assert.True(left > 200 && left <= 301, "DurationSeconds 300, got " + left);
                Emu.AssertMetadata(resp, "GetWebIdentityTokenResponse");
            }
        }

        private static void Presign()
        {
            using (var client = Emu.DefaultClient())
            {
                var headers = new Dictionary<string, string> { { "x-k8s-aws-id", "my-cluster" } };
                var p = client.PresignGetCallerIdentity(TimeSpan.FromSeconds(60), headers);
                Assert.Contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id", p.Url, "Url");
                Assert.Contains("Action=GetCallerIdentity", p.Url, "Url");
                double left = (p.ExpiresAt - DateTime.UtcNow).TotalSeconds;
                Assert.True(left > 50 && left <= 61, "ExpiresAt ~60 s ahead, got " + left);
                string body = Emu.HttpGet(p.Url, headers);
                Assert.Contains("<Account>123456789012</Account>", body, "the server accepted the presigned URL");
                Assert.ThrowsAny<Exception>(() => Emu.HttpGet(p.Url, null), "without the bound header the signature cannot verify");

                var plain = client.PresignGetCallerIdentity(TimeSpan.FromMinutes(15));
                Assert.Contains("<Arn>arn:aws:iam::123456789012:user/emulator</Arn>", Emu.HttpGet(plain.Url, null), "no extra headers");
                Assert.ThrowsAny<ArgumentOutOfRangeException>(() => client.PresignGetCallerIdentity(TimeSpan.Zero), "zero expiry");
            }
        }
    }
}
