// Copies of the enums in include/stskit.h. scripts/check-enums.py compares them with the header:
// keep every value explicit and equal to the header's.
namespace StsKit
{
    /// <summary>Result of a C ABI call (stable numbers, never reused). Mirrors <c>enum StskitStatus</c> in stskit.h.</summary>
    public enum StskitStatus : int
    {
        Ok = 0,
        InvalidArgument = 1,
        Configuration = 2,
        MissingCredentials = 3,
        ServiceError = 4,
        Timeout = 5,
        Network = 6,
        Tls = 7,
        InvalidResponse = 8,
        ResponseTooLarge = 9,
        NotReady = 10,
        Internal = 11,
        Cancelled = 12,
        NullArgument = 20,
        InvalidUtf8 = 21,
        UnknownMember = 22,
        NotPresent = 23,
        Panic = 99,
    }

    /// <summary>The STS error codes the native library recognises; <c>Other</c> for any other code. Mirrors <c>enum StskitStsError</c> in stskit.h.</summary>
    public enum StskitStsError : int
    {
        Other = 0,
        ExpiredTokenException = 1,
        ExpiredTradeInTokenException = 2,
        IdpCommunicationError = 3,
        IdpRejectedClaim = 4,
        InvalidAuthorizationMessageException = 5,
        InvalidIdentityToken = 6,
        JwtPayloadSizeExceededException = 7,
        MalformedPolicyDocument = 8,
        OutboundWebIdentityFederationDisabledException = 9,
        PackedPolicyTooLarge = 10,
        RegionDisabledException = 11,
        SessionDurationEscalationException = 12,
        ExpiredToken = 100,
        InvalidClientTokenId = 101,
        SignatureDoesNotMatch = 102,
        IncompleteSignature = 103,
        AccessDenied = 104,
        Throttling = 105,
        ValidationError = 106,
        RequestExpired = 107,
        MissingAuthenticationToken = 108,
        InternalFailure = 109,
        ServiceUnavailable = 110,
        InvalidAction = 111,
        MissingParameter = 112,
        InvalidParameterValue = 113,
        InvalidParameterCombination = 114,
        OptInRequired = 115,
        AccessDeniedException = 116,
        ThrottlingException = 117,
        RequestTimeTooSkewed = 118,
        InvalidSignatureException = 119,
    }

    /// <summary>The 11 STS operations. Mirrors <c>enum StskitOperation</c> in stskit.h.</summary>
    public enum StskitOperation : int
    {
        AssumeRole = 1,
        AssumeRoleWithSaml = 2,
        AssumeRoleWithWebIdentity = 3,
        AssumeRoot = 4,
        DecodeAuthorizationMessage = 5,
        GetAccessKeyInfo = 6,
        GetCallerIdentity = 7,
        GetDelegatedAccessToken = 8,
        GetFederationToken = 9,
        GetSessionToken = 10,
        GetWebIdentityToken = 11,
    }

    /// <summary>Request members (scalars below 30, lists from 30). Mirrors <c>enum StskitMember</c> in stskit.h.</summary>
    public enum StskitMember : int
    {
        RoleArn = 1,
        RoleSessionName = 2,
        Policy = 3,
        DurationSeconds = 4,
        ExternalId = 5,
        SerialNumber = 6,
        TokenCode = 7,
        SourceIdentity = 8,
        PrincipalArn = 9,
        SamlAssertion = 10,
        WebIdentityToken = 11,
        ProviderId = 12,
        TargetPrincipal = 13,
        TaskPolicyArn = 14,
        EncodedMessage = 15,
        AccessKeyId = 16,
        TradeInToken = 17,
        Name = 18,
        SigningAlgorithm = 19,
        PolicyArns = 30,
        Tags = 31,
        TransitiveTagKeys = 32,
        ProvidedContexts = 33,
        Audience = 34,
    }

    /// <summary>Response members besides credentials and metadata. Mirrors <c>enum StskitOutput</c> in stskit.h.</summary>
    public enum StskitOutput : int
    {
        AssumedRoleId = 1,
        AssumedRoleArn = 2,
        SourceIdentity = 3,
        Subject = 4,
        SubjectType = 5,
        Issuer = 6,
        Audience = 7,
        NameQualifier = 8,
        SubjectFromWebIdentityToken = 9,
        Provider = 10,
        DecodedMessage = 11,
        Account = 12,
        UserId = 13,
        Arn = 14,
        AssumedPrincipal = 15,
        FederatedUserId = 16,
        FederatedUserArn = 17,
        WebIdentityToken = 18,
        PackedPolicySize = 30,
        Expiration = 40,
    }

    /// <summary>Log levels of the native library. Mirrors <c>enum StskitLogLevel</c> in stskit.h.</summary>
    public enum StskitLogLevel : int
    {
        Error = 1,
        Warn = 2,
        Info = 3,
        Debug = 4,
    }

    /// <summary>How the client chooses an HTTP proxy. Mirrors <c>enum StskitProxyMode</c> in stskit.h.</summary>
    public enum StskitProxyMode : int
    {
        FromEnv = 0,
        Disabled = 1,
        Url = 2,
    }

    /// <summary>Retry parameter sets. Mirrors <c>enum StskitRetryMode</c> in stskit.h.</summary>
    public enum StskitRetryMode : int
    {
        Standard = 0,
        Standard2026 = 1,
    }
}
