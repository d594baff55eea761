// Every modeled STS error maps to its exception class; other codes to the base class; invalid
// input to StsKitValidationException before anything is sent.
using System;
using System.Collections.Generic;
using System.Net;

namespace StsKit.Tests
{
    internal static class ErrorTests
    {
        internal static void Register(Runner r)
        {
            r.Add("every modeled STS error has its exception class", ModeledErrors);
            r.Add("unmodeled STS errors are AmazonSecurityTokenServiceException", UnmodeledErrors);
            r.Add("emulator hooks: MFA, denied role, rejected and expired tokens", EmulatorHooks);
            r.Add("missing required members are StsKitValidationException, nothing sent", MissingRequiredMembers);
            r.Add("values out of range are StsKitValidationException", OutOfRange);
            r.Add("NUL characters and null list entries are rejected in the wrapper", WrapperValidation);
            r.Add("a signed operation without credentials is StsKitMissingCredentialsException", MissingCredentials);
            r.Add("every exception derives from AmazonSecurityTokenServiceException", CatchAll);
        }

        private struct Case
        {
            internal string Directive;
            internal string WireCode;
            internal HttpStatusCode Status;
            internal StskitStsError StsError;
            internal Func<AmazonSecurityTokenServiceClient, AmazonSecurityTokenServiceException> Call;
        }

        private static Func<AmazonSecurityTokenServiceClient, AmazonSecurityTokenServiceException> Expect<T>() where T : AmazonSecurityTokenServiceException
        {
            return client => Assert.Throws<T>(() => client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "errors" }), typeof(T).Name);
        }

        private static void ModeledErrors()
        {
            var cases = new[]
            {
                new Case { Directive = "ExpiredTokenException", WireCode = "ExpiredTokenException", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.ExpiredTokenException, Call = Expect<ExpiredTokenException>() },
                new Case { Directive = "ExpiredTradeInTokenException", WireCode = "ExpiredTradeInTokenException", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.ExpiredTradeInTokenException, Call = Expect<ExpiredTradeInTokenException>() },
                new Case { Directive = "IDPCommunicationErrorException", WireCode = "IDPCommunicationError", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.IdpCommunicationError, Call = Expect<IDPCommunicationErrorException>() },
                new Case { Directive = "IDPRejectedClaimException", WireCode = "IDPRejectedClaim", Status = HttpStatusCode.Forbidden, StsError = StskitStsError.IdpRejectedClaim, Call = Expect<IDPRejectedClaimException>() },
                new Case { Directive = "InvalidAuthorizationMessageException", WireCode = "InvalidAuthorizationMessageException", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.InvalidAuthorizationMessageException, Call = Expect<InvalidAuthorizationMessageException>() },
                new Case { Directive = "InvalidIdentityTokenException", WireCode = "InvalidIdentityToken", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.InvalidIdentityToken, Call = Expect<InvalidIdentityTokenException>() },
                new Case { Directive = "JWTPayloadSizeExceededException", WireCode = "JWTPayloadSizeExceededException", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.JwtPayloadSizeExceededException, Call = Expect<JWTPayloadSizeExceededException>() },
                new Case { Directive = "MalformedPolicyDocumentException", WireCode = "MalformedPolicyDocument", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.MalformedPolicyDocument, Call = Expect<MalformedPolicyDocumentException>() },
                new Case { Directive = "OutboundWebIdentityFederationDisabledException", WireCode = "OutboundWebIdentityFederationDisabledException", Status = HttpStatusCode.Forbidden, StsError = StskitStsError.OutboundWebIdentityFederationDisabledException, Call = Expect<OutboundWebIdentityFederationDisabledException>() },
                new Case { Directive = "PackedPolicyTooLargeException", WireCode = "PackedPolicyTooLarge", Status = HttpStatusCode.BadRequest, StsError = StskitStsError.PackedPolicyTooLarge, Call = Expect<PackedPolicyTooLargeException>() },
                new Case { Directive = "RegionDisabledException", WireCode = "RegionDisabledException", Status = HttpStatusCode.Forbidden, StsError = StskitStsError.RegionDisabledException, Call = Expect<RegionDisabledException>() },
                new Case { Directive = "SessionDurationEscalationException", WireCode = "SessionDurationEscalationException", Status = HttpStatusCode.Forbidden, StsError = StskitStsError.SessionDurationEscalationException, Call = Expect<SessionDurationEscalationException>() },
            };
            foreach (var c in cases)
            {
                using (var client = Emu.Client(Emu.Scenario("cs-err", "error=" + c.Directive)))
                {
                    var e = c.Call(client);
                    Assert.Equal(c.WireCode, e.ErrorCode, c.Directive + " ErrorCode");
                    Assert.Equal(c.StsError, e.StsError, c.Directive + " StsError");
                    Assert.Equal(c.Status, e.StatusCode, c.Directive + " StatusCode");
                    Assert.Equal(36, e.RequestId.Length, c.Directive + " RequestId length");
                    Assert.Equal(StskitStatus.ServiceError, e.Status, c.Directive + " Status");
                    Assert.True(!string.IsNullOrEmpty(e.Message), c.Directive + " Message");
                }
            }
        }

        private static void UnmodeledErrors()
        {
            var cases = new[]
            {
                new KeyValuePair<string, StskitStsError>("AccessDenied", StskitStsError.AccessDenied),
                new KeyValuePair<string, StskitStsError>("ExpiredToken", StskitStsError.ExpiredToken),
                new KeyValuePair<string, StskitStsError>("InvalidClientTokenId", StskitStsError.InvalidClientTokenId),
                new KeyValuePair<string, StskitStsError>("ValidationError", StskitStsError.ValidationError),
                new KeyValuePair<string, StskitStsError>("NoSuchThingAtAll", StskitStsError.Other),
            };
            foreach (var c in cases)
            {
                using (var client = Emu.Client(Emu.Scenario("cs-err", "error=" + c.Key)))
                {
                    // Exactly the base class: ExpiredToken (the caller's credentials) is not the
                    // modeled ExpiredTokenException (the web identity token).
                    var e = Assert.Throws<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), c.Key);
                    Assert.Equal(c.Key, e.ErrorCode, c.Key + " ErrorCode");
                    Assert.Equal(c.Value, e.StsError, c.Key + " StsError");
                    Assert.Equal(36, e.RequestId.Length, c.Key + " RequestId length");
                    Assert.True(e.StatusCode == HttpStatusCode.BadRequest || e.StatusCode == HttpStatusCode.Forbidden, c.Key + " StatusCode " + e.StatusCode);
                    Assert.True(!e.Retryable, c.Key + " is not retryable");
                }
            }
            using (var client = Emu.Client(Emu.Scenario("cs-err", "error=InternalFailure")))
            {
                var e = Assert.Throws<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "InternalFailure");
                Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode, "StatusCode");
                Assert.Equal(StskitStsError.InternalFailure, e.StsError, "StsError");
                Assert.True(e.Retryable, "a 500 is retryable");
            }
        }

        private static void EmulatorHooks()
        {
            using (var client = Emu.DefaultClient())
            {
                var denied = Assert.Throws<AmazonSecurityTokenServiceException>(() => client.AssumeRole(new AssumeRoleRequest
                {
                    RoleArn = "arn:aws:iam::123456789012:role/deniedRole",
                    RoleSessionName = "x1",
                }), "denied role");
                Assert.Equal(StskitStsError.AccessDenied, denied.StsError, "denied StsError");

                var rejected = Assert.Throws<IDPRejectedClaimException>(() => client.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "x2",
                    WebIdentityToken = Emu.ValidJwt("rejected"),
                }), "sub=rejected");
                Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode, "IDPRejectedClaim status");

                var expired = Assert.Throws<ExpiredTokenException>(() => client.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "x3",
                    WebIdentityToken = Emu.Jwt("{\"sub\":\"a\",\"aud\":\"x\",\"iss\":\"https://idp.example.com\",\"exp\":1000}"),
                }), "exp in the past");
                Assert.Equal("ExpiredTokenException", expired.ErrorCode, "ErrorCode");

                var tradeIn = Assert.Throws<ExpiredTradeInTokenException>(() => client.GetDelegatedAccessToken(new GetDelegatedAccessTokenRequest
                {
                    TradeInToken = "expired",
                }), "TradeInToken=expired");
                Assert.Equal(36, tradeIn.RequestId.Length, "RequestId");
            }
        }

        private static void MissingRequiredMembers()
        {
            string id;
            using (var client = Emu.Client(Emu.Scenario("cs-validate", "", out id)))
            {
                var e = Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest { RoleSessionName = "no-role" }), "no RoleArn");
                Assert.Equal(StskitStatus.InvalidArgument, e.Status, "Status");
                Assert.Contains("RoleArn", e.Message, "the message names the member");
                Assert.Equal("", e.ErrorCode, "ErrorCode");
                Assert.Equal("", e.RequestId, "RequestId");
                Assert.Equal((HttpStatusCode)0, e.StatusCode, "StatusCode");

                Assert.Throws<StsKitValidationException>(() => client.AssumeRoleWithSAML(new AssumeRoleWithSAMLRequest { RoleArn = Emu.RoleArn }), "no PrincipalArn/SAMLAssertion");
                Assert.Throws<StsKitValidationException>(() => client.AssumeRoleWithWebIdentity(new AssumeRoleWithWebIdentityRequest { RoleArn = Emu.RoleArn, RoleSessionName = "s1" }), "no WebIdentityToken");
                Assert.Throws<StsKitValidationException>(() => client.AssumeRoot(new AssumeRootRequest { TargetPrincipal = "111122223333" }), "no TaskPolicyArn");
                Assert.Throws<StsKitValidationException>(() => client.DecodeAuthorizationMessage(new DecodeAuthorizationMessageRequest()), "no EncodedMessage");
                Assert.Throws<StsKitValidationException>(() => client.GetAccessKeyInfo(new GetAccessKeyInfoRequest()), "no AccessKeyId");
                Assert.Throws<StsKitValidationException>(() => client.GetDelegatedAccessToken(new GetDelegatedAccessTokenRequest()), "no TradeInToken");
                Assert.Throws<StsKitValidationException>(() => client.GetFederationToken(new GetFederationTokenRequest()), "no Name");
                Assert.Throws<StsKitValidationException>(() => client.GetWebIdentityToken(new GetWebIdentityTokenRequest { SigningAlgorithm = "RS256" }), "no Audience");
                Assert.ThrowsAny<ArgumentNullException>(() => client.AssumeRole(null), "null request");
            }
            Assert.Equal(0, Emu.RequestCount(id), "nothing was sent");
        }

        private static void OutOfRange()
        {
            using (var client = Emu.DefaultClient())
            {
                Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "a" }), "RoleSessionName of 1 character");
                Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "ok-name", DurationSeconds = 100 }), "DurationSeconds 100");
                Assert.Throws<StsKitValidationException>(() => client.GetSessionToken(new GetSessionTokenRequest { TokenCode = "12" }), "TokenCode of 2 digits");
                Assert.Throws<StsKitValidationException>(() => client.GetFederationToken(new GetFederationTokenRequest("B")), "Name of 1 character");
            }
        }

        private static void WrapperValidation()
        {
            using (var client = Emu.DefaultClient())
            {
                var nul = Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "bad\0name" }), "embedded NUL");
                Assert.Contains("RoleSessionName", nul.Message, "names the member");
                Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "tags",
                    Tags = new List<Tag> { new Tag("k", null) },
                }), "tag without a value");
                Assert.Throws<StsKitValidationException>(() => client.AssumeRole(new AssumeRoleRequest
                {
                    RoleArn = Emu.RoleArn,
                    RoleSessionName = "arns",
                    PolicyArns = new List<PolicyDescriptorType> { null },
                }), "null policy ARN entry");
                Assert.Throws<StsKitValidationException>(() => client.GetWebIdentityToken(new GetWebIdentityTokenRequest
                {
                    Audience = new List<string> { null },
                    SigningAlgorithm = "RS256",
                }), "null audience entry");
            }
        }

        private static void MissingCredentials()
        {
            using (var client = new AmazonSecurityTokenServiceClient(Emu.Config(Emu.Http + "/")))
            {
                var e = Assert.Throws<StsKitMissingCredentialsException>(() => client.GetCallerIdentity(new GetCallerIdentityRequest()), "anonymous client");
                Assert.Equal(StskitStatus.MissingCredentials, e.Status, "Status");
            }
        }

        private static void CatchAll()
        {
            var all = new AmazonSecurityTokenServiceException[]
            {
                new ExpiredTokenException("m"), new ExpiredTradeInTokenException("m"), new IDPCommunicationErrorException("m"),
                new IDPRejectedClaimException("m"), new InvalidAuthorizationMessageException("m"), new InvalidIdentityTokenException("m"),
                new JWTPayloadSizeExceededException("m"), new MalformedPolicyDocumentException("m"),
                new OutboundWebIdentityFederationDisabledException("m"), new PackedPolicyTooLargeException("m"),
                new RegionDisabledException("m"), new SessionDurationEscalationException("m"),
                new StsKitValidationException("m"), new StsKitConfigurationException("m"), new StsKitMissingCredentialsException("m"),
                new StsKitTimeoutException("m"), new StsKitNetworkException("m"), new StsKitTlsException("m"),
                new StsKitInvalidResponseException("m"), new StsKitResponseTooLargeException("m"), new StsKitNotReadyException("m"),
                new StsKitInternalException("m"), new StsKitNativeLibraryException("m"),
            };
            foreach (var e in all)
            {
                Assert.Equal("m", e.Message, "Message");
                Assert.NotNull(e.ErrorCode, "ErrorCode");
                Assert.NotNull(e.RequestId, "RequestId");
            }
            Assert.Equal(StskitStatus.Timeout, new StsKitTimeoutException("m").Status, "StsKitTimeoutException.Status");
            Assert.Equal(StskitStatus.ServiceError, new ExpiredTokenException("m").Status, "ExpiredTokenException.Status");
        }
    }
}
