#if canImport(StsKitFFI)
import StsKitFFI
#else
import CStsKit
#endif
import Foundation

/// The error every StsKit call throws: what failed (`kind`), and for errors STS answered with, its
/// code, message, request id and HTTP status.
///
/// Catch a particular STS error or failure kind by its typed constant:
///
/// ```swift
/// do {
///     _ = try client.assumeRoleWithWebIdentity(request)
/// } catch StsError.expiredTokenException {
///     // get a fresh token from the identity provider and try again
/// } catch StsError.idpRejectedClaim {
///     ...
/// } catch StsError.timeout {
///     ...
/// } catch let error as StsError {
///     print(error.code, error.requestId, error.httpStatus, error.message)
/// }
/// ```
///
/// Messages never contain secrets.
public struct StsError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// What failed; `.serviceError` when STS answered with an error.
    public let kind: StskitStatus
    /// The STS error code as an enum; `.other` for codes not in the enum and for errors that did
    /// not come from STS.
    public let stsError: StskitStsError
    /// STS's error code as sent, e.g. "ExpiredTokenException"; "" when STS did not answer with an
    /// error (timeouts, validation, ...).
    public let code: String
    /// A readable message.
    public let message: String
    /// STS's request id; "" if none.
    public let requestId: String
    /// The HTTP status STS answered with; 0 if there was no HTTP response.
    public let httpStatus: Int
    /// Whether the same call may succeed later (throttling, 5xx, network trouble). The client has
    /// already retried as configured.
    public let retryable: Bool

    public init(kind: StskitStatus, stsError: StskitStsError = .other, code: String = "", message: String,
                requestId: String = "", httpStatus: Int = 0, retryable: Bool = false) {
        self.kind = kind
        self.stsError = stsError
        self.code = code
        self.message = message
        self.requestId = requestId
        self.httpStatus = httpStatus
        self.retryable = retryable
    }

    /// Reads a native `stskit_error` (which may be NULL) and frees it.
    init(consuming err: OpaquePointer?, status: Int32) {
        defer { stskit_error_free(err) }
        guard let err else {
            self.init(kind: StskitStatus(rawValue: status) ?? .internal_, message: statusName(status))
            return
        }
        let kindRaw = stskit_error_status(err)
        self.init(
            kind: StskitStatus(rawValue: kindRaw) ?? StskitStatus(rawValue: status) ?? .internal_,
            stsError: StskitStsError(rawValue: stskit_error_sts_code(err)) ?? .other,
            code: copyString(stskit_error_code(err)) ?? "",
            message: copyString(stskit_error_message(err)) ?? "",
            requestId: copyString(stskit_error_request_id(err)) ?? "",
            httpStatus: Int(stskit_error_http_status(err)),
            retryable: stskit_error_is_retryable(err))
    }

    /// Whether STS answered with an error (then `code`, `requestId` and `httpStatus` are set).
    public var isServiceError: Bool { kind == .serviceError }

    public var description: String {
        var parts = ["StsError(\(kind)"]
        if !code.isEmpty { parts.append(code) }
        if httpStatus != 0 { parts.append("HTTP \(httpStatus)") }
        if !requestId.isEmpty { parts.append("request id \(requestId)") }
        return parts.joined(separator: ", ") + "): " + message
    }

    public var errorDescription: String? { description }
}

/// Matches an `StsError` with this STS error code: `catch StsError.expiredTokenException`.
public func ~= (pattern: StskitStsError, error: any Error) -> Bool {
    guard let error = error as? StsError else { return false }
    return error.stsError == pattern
}

/// Matches an `StsError` of this kind: `catch StsError.timeout`, `catch StsError.notReady`.
public func ~= (pattern: StskitStatus, error: any Error) -> Bool {
    guard let error = error as? StsError else { return false }
    return error.kind == pattern
}

// MARK: - typed constants, one per STS error code and per failure kind

extension StsError {
    public static let expiredTokenException = StskitStsError.expiredTokenException
    public static let expiredTradeInTokenException = StskitStsError.expiredTradeInTokenException
    public static let idpCommunicationError = StskitStsError.idpCommunicationError
    public static let idpRejectedClaim = StskitStsError.idpRejectedClaim
    public static let invalidAuthorizationMessageException = StskitStsError.invalidAuthorizationMessageException
    public static let invalidIdentityToken = StskitStsError.invalidIdentityToken
    public static let jwtPayloadSizeExceededException = StskitStsError.jwtPayloadSizeExceededException
    public static let malformedPolicyDocument = StskitStsError.malformedPolicyDocument
    public static let outboundWebIdentityFederationDisabledException =
        StskitStsError.outboundWebIdentityFederationDisabledException
    public static let packedPolicyTooLarge = StskitStsError.packedPolicyTooLarge
    public static let regionDisabledException = StskitStsError.regionDisabledException
    public static let sessionDurationEscalationException = StskitStsError.sessionDurationEscalationException
    public static let expiredToken = StskitStsError.expiredToken
    public static let invalidClientTokenId = StskitStsError.invalidClientTokenId
    public static let signatureDoesNotMatch = StskitStsError.signatureDoesNotMatch
    public static let incompleteSignature = StskitStsError.incompleteSignature
    public static let accessDenied = StskitStsError.accessDenied
    public static let throttling = StskitStsError.throttling
    public static let validationError = StskitStsError.validationError
    public static let requestExpired = StskitStsError.requestExpired
    public static let missingAuthenticationToken = StskitStsError.missingAuthenticationToken
    public static let internalFailure = StskitStsError.internalFailure
    public static let serviceUnavailable = StskitStsError.serviceUnavailable
    public static let invalidAction = StskitStsError.invalidAction
    public static let missingParameter = StskitStsError.missingParameter
    public static let invalidParameterValue = StskitStsError.invalidParameterValue
    public static let invalidParameterCombination = StskitStsError.invalidParameterCombination
    public static let optInRequired = StskitStsError.optInRequired
    public static let accessDeniedException = StskitStsError.accessDeniedException
    public static let throttlingException = StskitStsError.throttlingException
    public static let requestTimeTooSkewed = StskitStsError.requestTimeTooSkewed
    public static let invalidSignatureException = StskitStsError.invalidSignatureException

    public static let invalidArgument = StskitStatus.invalidArgument
    public static let configuration = StskitStatus.configuration
    public static let missingCredentials = StskitStatus.missingCredentials
    public static let serviceError = StskitStatus.serviceError
    public static let timeout = StskitStatus.timeout
    public static let network = StskitStatus.network
    public static let tls = StskitStatus.tls
    public static let invalidResponse = StskitStatus.invalidResponse
    public static let responseTooLarge = StskitStatus.responseTooLarge
    public static let notReady = StskitStatus.notReady
    public static let internalError = StskitStatus.internal_
    public static let cancelled = StskitStatus.cancelled
    public static let nullArgument = StskitStatus.nullArgument
    public static let invalidUtf8 = StskitStatus.invalidUtf8
    public static let unknownMember = StskitStatus.unknownMember
    public static let notPresent = StskitStatus.notPresent
    public static let panic = StskitStatus.panic
}

extension StskitStsError {
    /// The code STS sends on the wire for this error, e.g. "IDPRejectedClaim"; "" for `.other`.
    public var code: String {
        switch self {
        case .other: return ""
        case .expiredTokenException: return "ExpiredTokenException"
        case .expiredTradeInTokenException: return "ExpiredTradeInTokenException"
        case .idpCommunicationError: return "IDPCommunicationError"
        case .idpRejectedClaim: return "IDPRejectedClaim"
        case .invalidAuthorizationMessageException: return "InvalidAuthorizationMessageException"
        case .invalidIdentityToken: return "InvalidIdentityToken"
        case .jwtPayloadSizeExceededException: return "JWTPayloadSizeExceededException"
        case .malformedPolicyDocument: return "MalformedPolicyDocument"
        case .outboundWebIdentityFederationDisabledException: return "OutboundWebIdentityFederationDisabledException"
        case .packedPolicyTooLarge: return "PackedPolicyTooLarge"
        case .regionDisabledException: return "RegionDisabledException"
        case .sessionDurationEscalationException: return "SessionDurationEscalationException"
        case .expiredToken: return "ExpiredToken"
        case .invalidClientTokenId: return "InvalidClientTokenId"
        case .signatureDoesNotMatch: return "SignatureDoesNotMatch"
        case .incompleteSignature: return "IncompleteSignature"
        case .accessDenied: return "AccessDenied"
        case .throttling: return "Throttling"
        case .validationError: return "ValidationError"
        case .requestExpired: return "RequestExpired"
        case .missingAuthenticationToken: return "MissingAuthenticationToken"
        case .internalFailure: return "InternalFailure"
        case .serviceUnavailable: return "ServiceUnavailable"
        case .invalidAction: return "InvalidAction"
        case .missingParameter: return "MissingParameter"
        case .invalidParameterValue: return "InvalidParameterValue"
        case .invalidParameterCombination: return "InvalidParameterCombination"
        case .optInRequired: return "OptInRequired"
        case .accessDeniedException: return "AccessDeniedException"
        case .throttlingException: return "ThrottlingException"
        case .requestTimeTooSkewed: return "RequestTimeTooSkewed"
        case .invalidSignatureException: return "InvalidSignatureException"
        }
    }
}
