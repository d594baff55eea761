// Mirrors of the C enums in include/stskit.h, with the same numbers. Case names are the header
// names without the enum prefix, in lowerCamelCase. scripts/check-enums.py keeps them equal to
// the header (`python3 scripts/check-enums.py bindings/swift`).

/// Result of a C ABI call. Numbers are stable and never reused. 1..=19 mirror the core's error
/// kinds; 20..=29 are argument errors detected at the boundary.
public enum StskitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    /// A member failed validation, or an argument is out of range.
    case invalidArgument = 1
    /// The client configuration is unusable (region, endpoint, proxy, CA PEM, plain HTTP).
    case configuration = 2
    /// A signed operation was called on a client without credentials.
    case missingCredentials = 3
    /// STS returned an error; the error object has its code, message and request id.
    case serviceError = 4
    case timeout = 5
    case network = 6
    case tls = 7
    /// The response was not a valid STS response.
    case invalidResponse = 8
    case responseTooLarge = 9
    /// A credentials provider has no credentials yet; a refresh is under way.
    case notReady = 10
    /// Spelled with a trailing underscore: `internal` is a Swift keyword.
    case internal_ = 11
    /// The client was shut down (`stskit_client_shutdown`) before or during the call.
    case cancelled = 12
    /// A required pointer argument was NULL.
    case nullArgument = 20
    /// A string argument was not valid UTF-8.
    case invalidUtf8 = 21
    /// The operation has no such member, or the id is unknown.
    case unknownMember = 22
    /// The requested output is absent from this response.
    case notPresent = 23
    /// A Rust panic was caught at the boundary (a bug in stskit; the handle may be unusable).
    case panic = 99
}

/// The error codes STS is known to return, with stable numbers for the C ABI and wrappers.
/// `other` means a code not in this list; the code string is still in `StsError.code`.
public enum StskitStsError: Int32, Sendable, CaseIterable {
    case other = 0
    case expiredTokenException = 1
    case expiredTradeInTokenException = 2
    case idpCommunicationError = 3
    case idpRejectedClaim = 4
    case invalidAuthorizationMessageException = 5
    case invalidIdentityToken = 6
    case jwtPayloadSizeExceededException = 7
    case malformedPolicyDocument = 8
    case outboundWebIdentityFederationDisabledException = 9
    case packedPolicyTooLarge = 10
    case regionDisabledException = 11
    case sessionDurationEscalationException = 12
    case expiredToken = 100
    case invalidClientTokenId = 101
    case signatureDoesNotMatch = 102
    case incompleteSignature = 103
    case accessDenied = 104
    case throttling = 105
    case validationError = 106
    case requestExpired = 107
    case missingAuthenticationToken = 108
    case internalFailure = 109
    case serviceUnavailable = 110
    case invalidAction = 111
    case missingParameter = 112
    case invalidParameterValue = 113
    case invalidParameterCombination = 114
    case optInRequired = 115
    case accessDeniedException = 116
    case throttlingException = 117
    case requestTimeTooSkewed = 118
    case invalidSignatureException = 119
}

/// The 11 STS operations.
public enum StskitOperation: Int32, Sendable, CaseIterable {
    case assumeRole = 1
    case assumeRoleWithSaml = 2
    case assumeRoleWithWebIdentity = 3
    case assumeRoot = 4
    case decodeAuthorizationMessage = 5
    case getAccessKeyInfo = 6
    case getCallerIdentity = 7
    case getDelegatedAccessToken = 8
    case getFederationToken = 9
    case getSessionToken = 10
    case getWebIdentityToken = 11
}

/// Input members. Scalars below 30, lists from 30.
public enum StskitMember: Int32, Sendable, CaseIterable {
    case roleArn = 1
    case roleSessionName = 2
    case policy = 3
    case durationSeconds = 4
    case externalId = 5
    case serialNumber = 6
    case tokenCode = 7
    case sourceIdentity = 8
    case principalArn = 9
    case samlAssertion = 10
    case webIdentityToken = 11
    case providerId = 12
    case targetPrincipal = 13
    case taskPolicyArn = 14
    case encodedMessage = 15
    case accessKeyId = 16
    case tradeInToken = 17
    case name = 18
    case signingAlgorithm = 19
    case policyArns = 30
    case tags = 31
    case transitiveTagKeys = 32
    case providedContexts = 33
    case audience = 34
}

/// Output members besides credentials and metadata.
public enum StskitOutput: Int32, Sendable, CaseIterable {
    case assumedRoleId = 1
    case assumedRoleArn = 2
    case sourceIdentity = 3
    case subject = 4
    case subjectType = 5
    case issuer = 6
    case audience = 7
    case nameQualifier = 8
    case subjectFromWebIdentityToken = 9
    case provider = 10
    case decodedMessage = 11
    case account = 12
    case userId = 13
    case arn = 14
    case assumedPrincipal = 15
    case federatedUserId = 16
    case federatedUserArn = 17
    /// Secret: the JWT of GetWebIdentityToken.
    case webIdentityToken = 18
    /// Integer member.
    case packedPolicySize = 30
    /// Timestamp member (GetWebIdentityToken).
    case expiration = 40
}

/// Log levels, with stable numbers for the C ABI.
public enum StskitLogLevel: Int32, Sendable, CaseIterable {
    case error = 1
    case warn = 2
    case info = 3
    case debug = 4
}

/// Proxy selection for `stskit_client_config_set_proxy`.
public enum StskitProxyMode: Int32, Sendable, CaseIterable {
    /// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment (the default).
    case fromEnv = 0
    /// Never use a proxy.
    case disabled = 1
    /// Use the given URL.
    case url = 2
}

/// Retry parameter sets for `stskit_client_config_set_retry`.
public enum StskitRetryMode: Int32, Sendable, CaseIterable {
    /// The SDKs' standard mode before 2026 (backoff base 1 s, retry cost 5).
    case standard = 0
    /// The 2026 standard mode, the default (base 50 ms, 1 s for throttling; retry cost 14).
    case standard2026 = 1
}
extension StskitStatus {
    /// The `STSKIT_STATUS_INTERNAL` status under its header name (the case is `internal_`).
    public static var `internal`: StskitStatus { .internal_ }
}
