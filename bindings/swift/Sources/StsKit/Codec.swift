// Turns the Swift request structs into native `stskit_request`s and native `stskit_response`s
// into the Swift response structs. Both native handles are single-owner (not thread-safe): they
// live inside one call on one thread and are never shared, so these types are not Sendable.

#if canImport(StsKitFFI)
import StsKitFFI
#else
import CStsKit
#endif
import Foundation

/// A request of one operation that can fill a native request.
protocol NativeEncodable: Sendable {
    associatedtype Response: NativeDecodable
    static var operation: StskitOperation { get }
    func encode(into request: RequestEncoder) throws
}

/// A response that can be read from a native response.
protocol NativeDecodable: Sendable {
    init(from response: ResponseDecoder) throws
}

// MARK: - native request

/// `stskit_request`: single-owner.
final class NativeRequest: NativeHandleOwner {
    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_request_free(handle)
    }

    static func make(_ operation: StskitOperation) throws -> NativeRequest {
        guard let handle = stskit_request_new(operation.rawValue) else {
            throw StsError(kind: .invalidArgument, message: "stskit_request_new(\(operation)) returned NULL")
        }
        return NativeRequest(owning: handle)
    }

    static func make<Request: NativeEncodable>(for request: Request) throws -> NativeRequest {
        let native = try make(Request.operation)
        try request.encode(into: RequestEncoder(request: native, operation: Request.operation))
        return native
    }
}

/// Sets members of a native request; nil values are left unset.
struct RequestEncoder {
    let request: NativeRequest
    let operation: StskitOperation

    private func check(_ status: Int32, _ member: StskitMember) throws {
        guard status == StskitStatus.ok.rawValue else {
            throw StsError(kind: StskitStatus(rawValue: status) ?? .internal_,
                           message: "\(operation) request: setting \(member) failed: \(statusName(status))")
        }
    }

    func set(_ member: StskitMember, _ value: String?) throws {
        guard let value else { return }
        try checkNoNul(value, "\(member)")
        try check(request.withNativeHandle { stskit_request_set_string($0, member.rawValue, value) }, member)
    }

    func set(_ member: StskitMember, _ value: Int?) throws {
        guard let value else { return }
        guard let int32 = Int32(exactly: value) else {
            throw StsError(kind: .invalidArgument, message: "\(member) \(value) is out of range")
        }
        try check(request.withNativeHandle { stskit_request_set_int($0, member.rawValue, int32) }, member)
    }

    /// A list of strings; an empty list is sent as an explicit empty list.
    func list(_ member: StskitMember, _ values: [String]?) throws {
        guard let values else { return }
        if values.isEmpty {
            try check(request.withNativeHandle { stskit_request_set_empty_list($0, member.rawValue) }, member)
        }
        for value in values {
            try add(member, value)
        }
    }

    /// Appends one value to a string list.
    func add(_ member: StskitMember, _ value: String) throws {
        try checkNoNul(value, "\(member)")
        try check(request.withNativeHandle { stskit_request_add_string($0, member.rawValue, value) }, member)
    }

    /// A list of pairs (tags, provided contexts); an empty list is sent as an explicit empty list.
    func pairs(_ member: StskitMember, _ values: [(String, String)]?) throws {
        guard let values else { return }
        if values.isEmpty {
            try check(request.withNativeHandle { stskit_request_set_empty_list($0, member.rawValue) }, member)
        }
        for (first, second) in values {
            try checkNoNul(first, "\(member)")
            try checkNoNul(second, "\(member)")
            try check(request.withNativeHandle { stskit_request_add_pair($0, member.rawValue, first, second) }, member)
        }
    }

    func policyArns(_ values: [PolicyDescriptor]?) throws {
        try list(.policyArns, values?.map(\.arn))
    }

    func tags(_ values: [Tag]?) throws {
        try pairs(.tags, values?.map { ($0.key, $0.value) })
    }
}

// MARK: - native response

/// `stskit_response`: single-owner.
final class NativeResponse: NativeHandleOwner {
    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_response_free(handle)
    }
}

/// Reads a native response; every string is copied out before the response is freed.
struct ResponseDecoder {
    let response: NativeResponse

    func string(_ member: StskitOutput) -> String? {
        response.withNativeHandle { copyString(stskit_response_string($0, member.rawValue)) }
    }

    func int(_ member: StskitOutput) throws -> Int? {
        var value: Int32 = 0
        let status = response.withNativeHandle { stskit_response_int($0, member.rawValue, &value) }
        switch StskitStatus(rawValue: status) {
        case .ok: return Int(value)
        case .notPresent: return nil
        default: throw StsError(kind: .internal_, message: "reading \(member) failed: \(statusName(status))")
        }
    }

    /// GetWebIdentityToken's `Expiration`.
    func expiration() throws -> Date {
        var value: Int64 = 0
        let status = response.withNativeHandle { stskit_response_expiration_unix($0, &value) }
        guard status == StskitStatus.ok.rawValue else {
            throw StsError(kind: .invalidResponse, message: "the response has no Expiration: \(statusName(status))")
        }
        return date(unixSeconds: value)
    }

    func credentials() throws -> Credentials {
        try response.withNativeHandle { handle in
            guard let creds = stskit_response_credentials(handle) else {
                throw StsError(kind: .invalidResponse, message: "the response has no Credentials")
            }
            return Credentials(borrowing: creds)
        }
    }

    func assumedRoleUser() -> AssumedRoleUser? {
        guard let id = string(.assumedRoleId), let arn = string(.assumedRoleArn) else { return nil }
        return AssumedRoleUser(assumedRoleId: id, arn: arn)
    }

    var metadata: ResponseMetadata {
        response.withNativeHandle { handle in
            ResponseMetadata(requestId: copyString(stskit_response_request_id(handle)) ?? "",
                             httpStatusCode: Int(stskit_response_http_status(handle)),
                             contentLength: Int(clamping: stskit_response_content_length(handle)))
        }
    }
}

extension Credentials {
    /// Copies borrowed native credentials (`const stskit_credentials *`).
    init(borrowing creds: OpaquePointer) {
        let seconds = stskit_credentials_expiration_unix(creds)
        self.init(accessKeyId: copyString(stskit_credentials_access_key_id(creds)) ?? "",
                  secretAccessKey: copyString(stskit_credentials_secret_access_key(creds)) ?? "",
                  sessionToken: copyString(stskit_credentials_session_token(creds)),
                  expiration: seconds == 0 ? .distantFuture : date(unixSeconds: seconds))
    }
}

// MARK: - the 11 operations

extension AssumeRoleRequest: NativeEncodable {
    typealias Response = AssumeRoleResponse
    static var operation: StskitOperation { .assumeRole }

    func encode(into r: RequestEncoder) throws {
        try r.set(.roleArn, roleArn)
        try r.set(.roleSessionName, roleSessionName)
        try r.policyArns(policyArns)
        try r.set(.policy, policy)
        try r.set(.durationSeconds, durationSeconds)
        try r.tags(tags)
        try r.list(.transitiveTagKeys, transitiveTagKeys)
        try r.set(.externalId, externalId)
        try r.set(.serialNumber, serialNumber)
        try r.set(.tokenCode, tokenCode)
        try r.set(.sourceIdentity, sourceIdentity)
        try r.pairs(.providedContexts, providedContexts?.map { ($0.providerArn, $0.contextAssertion) })
    }
}

extension AssumeRoleResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(), assumedRoleUser: r.assumedRoleUser(),
                  packedPolicySize: try r.int(.packedPolicySize), sourceIdentity: r.string(.sourceIdentity),
                  metadata: r.metadata)
    }
}

extension AssumeRoleWithSAMLRequest: NativeEncodable {
    typealias Response = AssumeRoleWithSAMLResponse
    static var operation: StskitOperation { .assumeRoleWithSaml }

    func encode(into r: RequestEncoder) throws {
        try r.set(.roleArn, roleArn)
        try r.set(.principalArn, principalArn)
        try r.set(.samlAssertion, samlAssertion)
        try r.policyArns(policyArns)
        try r.set(.policy, policy)
        try r.set(.durationSeconds, durationSeconds)
    }
}

extension AssumeRoleWithSAMLResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(), assumedRoleUser: r.assumedRoleUser(),
                  packedPolicySize: try r.int(.packedPolicySize), subject: r.string(.subject),
                  subjectType: r.string(.subjectType), issuer: r.string(.issuer), audience: r.string(.audience),
                  nameQualifier: r.string(.nameQualifier), sourceIdentity: r.string(.sourceIdentity),
                  metadata: r.metadata)
    }
}

extension AssumeRoleWithWebIdentityRequest: NativeEncodable {
    typealias Response = AssumeRoleWithWebIdentityResponse
    static var operation: StskitOperation { .assumeRoleWithWebIdentity }

    func encode(into r: RequestEncoder) throws {
        try r.set(.roleArn, roleArn)
        try r.set(.roleSessionName, roleSessionName)
        try r.set(.webIdentityToken, webIdentityToken)
        try r.set(.providerId, providerId)
        try r.policyArns(policyArns)
        try r.set(.policy, policy)
        try r.set(.durationSeconds, durationSeconds)
    }
}

extension AssumeRoleWithWebIdentityResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(),
                  subjectFromWebIdentityToken: r.string(.subjectFromWebIdentityToken),
                  assumedRoleUser: r.assumedRoleUser(), packedPolicySize: try r.int(.packedPolicySize),
                  provider: r.string(.provider), audience: r.string(.audience),
                  sourceIdentity: r.string(.sourceIdentity), metadata: r.metadata)
    }
}

extension AssumeRootRequest: NativeEncodable {
    typealias Response = AssumeRootResponse
    static var operation: StskitOperation { .assumeRoot }

    func encode(into r: RequestEncoder) throws {
        try r.set(.targetPrincipal, targetPrincipal)
        try r.set(.taskPolicyArn, taskPolicyArn.arn)
        try r.set(.durationSeconds, durationSeconds)
    }
}

extension AssumeRootResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(), sourceIdentity: r.string(.sourceIdentity), metadata: r.metadata)
    }
}

extension DecodeAuthorizationMessageRequest: NativeEncodable {
    typealias Response = DecodeAuthorizationMessageResponse
    static var operation: StskitOperation { .decodeAuthorizationMessage }

    func encode(into r: RequestEncoder) throws {
        try r.set(.encodedMessage, encodedMessage)
    }
}

extension DecodeAuthorizationMessageResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(decodedMessage: r.string(.decodedMessage), metadata: r.metadata)
    }
}

extension GetAccessKeyInfoRequest: NativeEncodable {
    typealias Response = GetAccessKeyInfoResponse
    static var operation: StskitOperation { .getAccessKeyInfo }

    func encode(into r: RequestEncoder) throws {
        try r.set(.accessKeyId, accessKeyId)
    }
}

extension GetAccessKeyInfoResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(account: r.string(.account), metadata: r.metadata)
    }
}

extension GetCallerIdentityRequest: NativeEncodable {
    typealias Response = GetCallerIdentityResponse
    static var operation: StskitOperation { .getCallerIdentity }

    func encode(into r: RequestEncoder) throws {}
}

extension GetCallerIdentityResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(userId: r.string(.userId), account: r.string(.account), arn: r.string(.arn), metadata: r.metadata)
    }
}

extension GetDelegatedAccessTokenRequest: NativeEncodable {
    typealias Response = GetDelegatedAccessTokenResponse
    static var operation: StskitOperation { .getDelegatedAccessToken }

    func encode(into r: RequestEncoder) throws {
        try r.set(.tradeInToken, tradeInToken)
    }
}

extension GetDelegatedAccessTokenResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(), packedPolicySize: try r.int(.packedPolicySize),
                  assumedPrincipal: r.string(.assumedPrincipal), metadata: r.metadata)
    }
}

extension GetFederationTokenRequest: NativeEncodable {
    typealias Response = GetFederationTokenResponse
    static var operation: StskitOperation { .getFederationToken }

    func encode(into r: RequestEncoder) throws {
        try r.set(.name, name)
        try r.set(.policy, policy)
        try r.policyArns(policyArns)
        try r.set(.durationSeconds, durationSeconds)
        try r.tags(tags)
    }
}

extension GetFederationTokenResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        var user: FederatedUser?
        if let id = r.string(.federatedUserId), let arn = r.string(.federatedUserArn) {
            user = FederatedUser(federatedUserId: id, arn: arn)
        }
        self.init(credentials: try r.credentials(), federatedUser: user,
                  packedPolicySize: try r.int(.packedPolicySize), metadata: r.metadata)
    }
}

extension GetSessionTokenRequest: NativeEncodable {
    typealias Response = GetSessionTokenResponse
    static var operation: StskitOperation { .getSessionToken }

    func encode(into r: RequestEncoder) throws {
        try r.set(.durationSeconds, durationSeconds)
        try r.set(.serialNumber, serialNumber)
        try r.set(.tokenCode, tokenCode)
    }
}

extension GetSessionTokenResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        self.init(credentials: try r.credentials(), metadata: r.metadata)
    }
}

extension GetWebIdentityTokenRequest: NativeEncodable {
    typealias Response = GetWebIdentityTokenResponse
    static var operation: StskitOperation { .getWebIdentityToken }

    func encode(into r: RequestEncoder) throws {
        for audience in audience {
            try r.add(.audience, audience)
        }
        try r.set(.durationSeconds, durationSeconds)
        try r.set(.signingAlgorithm, signingAlgorithm)
        try r.tags(tags)
    }
}

extension GetWebIdentityTokenResponse: NativeDecodable {
    init(from r: ResponseDecoder) throws {
        guard let token = r.string(.webIdentityToken) else {
            throw StsError(kind: .invalidResponse, message: "the response has no WebIdentityToken")
        }
        self.init(webIdentityToken: token, expiration: try r.expiration(), metadata: r.metadata)
    }
}
