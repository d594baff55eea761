// The requests and responses of the 11 STS operations, member for member (sts-api.md), and the
// shared shapes. Optional members left nil are not sent; an empty list is sent as an explicit
// empty list (`Name=`), which is not the same as leaving it out.

import Foundation

/// Hides a secret from `description`, `debugDescription`, `dump` and string interpolation of the
/// struct that holds it. The value itself is an ordinary Swift `String`, which cannot be wiped
/// from memory: keep secrets in these structs no longer than needed.
@propertyWrapper
public struct Redacted<Value: Sendable & Hashable>: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: nil) }
}

// MARK: - shared shapes

/// Temporary (or long-term) AWS credentials. `description` never shows the secret key or the
/// session token.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// nil for long-term keys.
    public var sessionToken: String?
    /// When the credentials expire; `Date.distantFuture` for credentials that do not.
    public var expiration: Date

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil,
                expiration: Date = .distantFuture) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    public var description: String {
        let expires = expiration == .distantFuture ? "never" : ISO8601DateFormatter().string(from: expiration)
        return "Credentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>, "
            + "sessionToken: \(sessionToken == nil ? "nil" : "<redacted>"), expiration: \(expires))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "secretAccessKey": "<redacted>",
                                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
                                "expiration": expiration], displayStyle: .struct)
    }
}

/// `ResponseMetadata` of every response.
public struct ResponseMetadata: Sendable, Hashable {
    /// STS's request id (`x-amzn-RequestId`).
    public var requestId: String
    /// 200 for a success.
    public var httpStatusCode: Int
    /// The response body's length in bytes.
    public var contentLength: Int

    public init(requestId: String, httpStatusCode: Int, contentLength: Int) {
        self.requestId = requestId
        self.httpStatusCode = httpStatusCode
        self.contentLength = contentLength
    }
}

/// A managed policy given by ARN (`PolicyDescriptorType`).
public struct PolicyDescriptor: Sendable, Hashable {
    public var arn: String
    public init(arn: String) { self.arn = arn }
}

/// A session tag.
public struct Tag: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A context assertion from a trusted context provider (AssumeRole `ProvidedContexts`).
public struct ProvidedContext: Sendable, Hashable {
    public var providerArn: String
    public var contextAssertion: String
    public init(providerArn: String, contextAssertion: String) {
        self.providerArn = providerArn
        self.contextAssertion = contextAssertion
    }
}

public struct AssumedRoleUser: Sendable, Hashable {
    public var assumedRoleId: String
    public var arn: String
    public init(assumedRoleId: String, arn: String) {
        self.assumedRoleId = assumedRoleId
        self.arn = arn
    }
}

public struct FederatedUser: Sendable, Hashable {
    public var federatedUserId: String
    public var arn: String
    public init(federatedUserId: String, arn: String) {
        self.federatedUserId = federatedUserId
        self.arn = arn
    }
}

// MARK: - AssumeRole

public struct AssumeRoleRequest: Sendable, Hashable {
    public var roleArn: String
    public var roleSessionName: String
    public var policyArns: [PolicyDescriptor]?
    public var policy: String?
    public var durationSeconds: Int?
    public var tags: [Tag]?
    public var transitiveTagKeys: [String]?
    public var externalId: String?
    public var serialNumber: String?
    public var tokenCode: String?
    public var sourceIdentity: String?
    public var providedContexts: [ProvidedContext]?

    public init(roleArn: String, roleSessionName: String, policyArns: [PolicyDescriptor]? = nil,
                policy: String? = nil, durationSeconds: Int? = nil, tags: [Tag]? = nil,
                transitiveTagKeys: [String]? = nil, externalId: String? = nil, serialNumber: String? = nil,
                tokenCode: String? = nil, sourceIdentity: String? = nil,
                providedContexts: [ProvidedContext]? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.policyArns = policyArns
        self.policy = policy
        self.durationSeconds = durationSeconds
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
        self.externalId = externalId
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
        self.sourceIdentity = sourceIdentity
        self.providedContexts = providedContexts
    }
}

public struct AssumeRoleResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var assumedRoleUser: AssumedRoleUser?
    public var packedPolicySize: Int?
    public var sourceIdentity: String?
    public var metadata: ResponseMetadata
}

// MARK: - AssumeRoleWithSAML

public struct AssumeRoleWithSAMLRequest: Sendable, Hashable {
    public var roleArn: String
    public var principalArn: String
    /// The base64-encoded SAML response from the IdP. Secret.
    @Redacted public var samlAssertion: String
    public var policyArns: [PolicyDescriptor]?
    public var policy: String?
    public var durationSeconds: Int?

    public init(roleArn: String, principalArn: String, samlAssertion: String,
                policyArns: [PolicyDescriptor]? = nil, policy: String? = nil, durationSeconds: Int? = nil) {
        self.roleArn = roleArn
        self.principalArn = principalArn
        self.samlAssertion = samlAssertion
        self.policyArns = policyArns
        self.policy = policy
        self.durationSeconds = durationSeconds
    }
}

public struct AssumeRoleWithSAMLResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var assumedRoleUser: AssumedRoleUser?
    public var packedPolicySize: Int?
    public var subject: String?
    public var subjectType: String?
    public var issuer: String?
    public var audience: String?
    public var nameQualifier: String?
    public var sourceIdentity: String?
    public var metadata: ResponseMetadata
}

// MARK: - AssumeRoleWithWebIdentity

public struct AssumeRoleWithWebIdentityRequest: Sendable, Hashable {
    public var roleArn: String
    public var roleSessionName: String
    /// The OIDC ID token or OAuth 2.0 access token. Secret.
    @Redacted public var webIdentityToken: String
    public var providerId: String?
    public var policyArns: [PolicyDescriptor]?
    public var policy: String?
    public var durationSeconds: Int?

    public init(roleArn: String, roleSessionName: String, webIdentityToken: String, providerId: String? = nil,
                policyArns: [PolicyDescriptor]? = nil, policy: String? = nil, durationSeconds: Int? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.webIdentityToken = webIdentityToken
        self.providerId = providerId
        self.policyArns = policyArns
        self.policy = policy
        self.durationSeconds = durationSeconds
    }
}

public struct AssumeRoleWithWebIdentityResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var subjectFromWebIdentityToken: String?
    public var assumedRoleUser: AssumedRoleUser?
    public var packedPolicySize: Int?
    public var provider: String?
    public var audience: String?
    public var sourceIdentity: String?
    public var metadata: ResponseMetadata
}

// MARK: - AssumeRoot

public struct AssumeRootRequest: Sendable, Hashable {
    /// The member account's id (12 digits).
    public var targetPrincipal: String
    public var taskPolicyArn: PolicyDescriptor
    public var durationSeconds: Int?

    public init(targetPrincipal: String, taskPolicyArn: PolicyDescriptor, durationSeconds: Int? = nil) {
        self.targetPrincipal = targetPrincipal
        self.taskPolicyArn = taskPolicyArn
        self.durationSeconds = durationSeconds
    }
}

public struct AssumeRootResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var sourceIdentity: String?
    public var metadata: ResponseMetadata
}

// MARK: - DecodeAuthorizationMessage

public struct DecodeAuthorizationMessageRequest: Sendable, Hashable {
    public var encodedMessage: String
    public init(encodedMessage: String) { self.encodedMessage = encodedMessage }
}

public struct DecodeAuthorizationMessageResponse: Sendable, Hashable {
    public var decodedMessage: String?
    public var metadata: ResponseMetadata
}

// MARK: - GetAccessKeyInfo

public struct GetAccessKeyInfoRequest: Sendable, Hashable {
    public var accessKeyId: String
    public init(accessKeyId: String) { self.accessKeyId = accessKeyId }
}

public struct GetAccessKeyInfoResponse: Sendable, Hashable {
    public var account: String?
    public var metadata: ResponseMetadata
}

// MARK: - GetCallerIdentity

public struct GetCallerIdentityRequest: Sendable, Hashable {
    public init() {}
}

public struct GetCallerIdentityResponse: Sendable, Hashable {
    public var userId: String?
    public var account: String?
    public var arn: String?
    public var metadata: ResponseMetadata
}

// MARK: - GetDelegatedAccessToken

public struct GetDelegatedAccessTokenRequest: Sendable, Hashable {
    /// Secret.
    @Redacted public var tradeInToken: String
    public init(tradeInToken: String) { self.tradeInToken = tradeInToken }
}

public struct GetDelegatedAccessTokenResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var packedPolicySize: Int?
    public var assumedPrincipal: String?
    public var metadata: ResponseMetadata
}

// MARK: - GetFederationToken

public struct GetFederationTokenRequest: Sendable, Hashable {
    public var name: String
    public var policy: String?
    public var policyArns: [PolicyDescriptor]?
    public var durationSeconds: Int?
    public var tags: [Tag]?

    public init(name: String, policy: String? = nil, policyArns: [PolicyDescriptor]? = nil,
                durationSeconds: Int? = nil, tags: [Tag]? = nil) {
        self.name = name
        self.policy = policy
        self.policyArns = policyArns
        self.durationSeconds = durationSeconds
        self.tags = tags
    }
}

public struct GetFederationTokenResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var federatedUser: FederatedUser?
    public var packedPolicySize: Int?
    public var metadata: ResponseMetadata
}

// MARK: - GetSessionToken

public struct GetSessionTokenRequest: Sendable, Hashable {
    public var durationSeconds: Int?
    public var serialNumber: String?
    public var tokenCode: String?

    public init(durationSeconds: Int? = nil, serialNumber: String? = nil, tokenCode: String? = nil) {
        self.durationSeconds = durationSeconds
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
    }
}

public struct GetSessionTokenResponse: Sendable, Hashable {
    public var credentials: Credentials
    public var metadata: ResponseMetadata
}

// MARK: - GetWebIdentityToken

public struct GetWebIdentityTokenRequest: Sendable, Hashable {
    public var audience: [String]
    public var durationSeconds: Int?
    /// "RS256" or "ES384".
    public var signingAlgorithm: String
    public var tags: [Tag]?

    public init(audience: [String], durationSeconds: Int? = nil, signingAlgorithm: String, tags: [Tag]? = nil) {
        self.audience = audience
        self.durationSeconds = durationSeconds
        self.signingAlgorithm = signingAlgorithm
        self.tags = tags
    }
}

public struct GetWebIdentityTokenResponse: Sendable, Hashable {
    /// The signed JWT. Secret.
    @Redacted public var webIdentityToken: String
    public var expiration: Date
    public var metadata: ResponseMetadata
}
