#if canImport(StsKitFFI)
import StsKitFFI
#else
import CStsKit
#endif
import Foundation

/// An AWS STS client: one method per STS operation.
///
/// Each method **blocks** the calling thread until STS answers (after validation, signing and the
/// configured retries): call the plain methods from a background thread, or the `async` variants
/// from Swift concurrency. The client is thread-safe (the native `stskit_client` is), so one
/// client may serve any number of threads and tasks at once; it keeps its connection pool and the
/// clock skew it learned. Every method throws `StsError`.
public final class StsClient: NativeHandleOwner, @unchecked Sendable {
    // Sendable: stskit_client may be used from many threads at once (include/stskit.h), and the
    // stored properties are immutable.

    /// The settings this client was built with.
    public let configuration: Configuration
    private let logRegistration: CallbackRegistration?

    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_client_free(handle)
    }

    /// Builds a client. Throws `StsError` with kind `.configuration` for unusable settings, or
    /// when the linked libstskit has a different C ABI version than this wrapper.
    public init(configuration: Configuration) throws {
        try StsKitLibrary.checkABIVersion()
        let nativeConfig = try NativeClientConfig(configuration)
        let handle = try nativeConfig.withNativeHandle { config in
            try invokeFnReturningHandle("stskit_client_new") { out, err in stskit_client_new(config, out, err) }
        }
        self.configuration = configuration
        self.logRegistration = nativeConfig.logRegistration
        super.init(owning: handle)
    }

    /// A client for `region`, optionally with a custom endpoint and credentials for the signed
    /// operations (AssumeRoleWithSAML and AssumeRoleWithWebIdentity need none).
    public convenience init(region: String, endpointURL: String? = nil, credentials: Credentials? = nil) throws {
        try self.init(configuration: Configuration(region: region, endpointURL: endpointURL, credentials: credentials))
    }

    /// The URL requests go to, as resolved from the region and endpoint settings, e.g.
    /// "https://sts.eu-west-1.amazonaws.com/".
    public var resolvedEndpointURL: String {
        withNativeHandle { copyString(stskit_client_endpoint_url($0)) ?? "" }
    }

    /// The clock offset (seconds) the client learned from STS; 0 until a skew was detected.
    public var clockOffsetSeconds: Int64 {
        withNativeHandle { stskit_client_clock_offset_seconds($0) }
    }

    /// Shuts the client down for good, e.g. when the app goes away: calls in flight on other
    /// threads and tasks throw `StsError` of kind `.cancelled` at once (their connections are
    /// closed under them; a call still connecting within the connect timeout), a call waiting to
    /// retry stops waiting, and later calls throw `.cancelled` without touching the network.
    /// Idempotent.
    public func shutdown() {
        withNativeHandle { _ = stskit_client_shutdown($0) }
    }

    /// Sends any request and decodes its response.
    func send<Request: NativeEncodable>(_ request: Request) throws -> Request.Response {
        let nativeRequest = try NativeRequest.make(for: request)
        let handle = try withNativeHandle { client in
            try nativeRequest.withNativeHandle { req in
                try invokeFnReturningHandle("stskit_client_send") { out, err in stskit_client_send(client, req, out, err) }
            }
        }
        return try Request.Response(from: ResponseDecoder(response: NativeResponse(owning: handle)))
    }

    // MARK: blocking operations

    public func assumeRole(_ request: AssumeRoleRequest) throws -> AssumeRoleResponse {
        try send(request)
    }

    /// Unsigned: needs no credentials.
    public func assumeRoleWithSAML(_ request: AssumeRoleWithSAMLRequest) throws -> AssumeRoleWithSAMLResponse {
        try send(request)
    }

    /// Unsigned: needs no credentials.
    public func assumeRoleWithWebIdentity(
        _ request: AssumeRoleWithWebIdentityRequest
    ) throws -> AssumeRoleWithWebIdentityResponse {
        try send(request)
    }

    public func assumeRoot(_ request: AssumeRootRequest) throws -> AssumeRootResponse {
        try send(request)
    }

    public func decodeAuthorizationMessage(
        _ request: DecodeAuthorizationMessageRequest
    ) throws -> DecodeAuthorizationMessageResponse {
        try send(request)
    }

    public func getAccessKeyInfo(_ request: GetAccessKeyInfoRequest) throws -> GetAccessKeyInfoResponse {
        try send(request)
    }

    public func getCallerIdentity(
        _ request: GetCallerIdentityRequest = GetCallerIdentityRequest()
    ) throws -> GetCallerIdentityResponse {
        try send(request)
    }

    public func getDelegatedAccessToken(
        _ request: GetDelegatedAccessTokenRequest
    ) throws -> GetDelegatedAccessTokenResponse {
        try send(request)
    }

    public func getFederationToken(_ request: GetFederationTokenRequest) throws -> GetFederationTokenResponse {
        try send(request)
    }

    public func getSessionToken(
        _ request: GetSessionTokenRequest = GetSessionTokenRequest()
    ) throws -> GetSessionTokenResponse {
        try send(request)
    }

    public func getWebIdentityToken(_ request: GetWebIdentityTokenRequest) throws -> GetWebIdentityTokenResponse {
        try send(request)
    }

    // MARK: async operations

    // Each runs the blocking call on a Dispatch queue; cancelling the task throws
    // CancellationError at once (the native call finishes in the background, its result dropped).

    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumeRoleResponse {
        try await runBlocking { try self.send(request) }
    }

    public func assumeRoleWithSAML(_ request: AssumeRoleWithSAMLRequest) async throws -> AssumeRoleWithSAMLResponse {
        try await runBlocking { try self.send(request) }
    }

    public func assumeRoleWithWebIdentity(
        _ request: AssumeRoleWithWebIdentityRequest
    ) async throws -> AssumeRoleWithWebIdentityResponse {
        try await runBlocking { try self.send(request) }
    }

    public func assumeRoot(_ request: AssumeRootRequest) async throws -> AssumeRootResponse {
        try await runBlocking { try self.send(request) }
    }

    public func decodeAuthorizationMessage(
        _ request: DecodeAuthorizationMessageRequest
    ) async throws -> DecodeAuthorizationMessageResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getAccessKeyInfo(_ request: GetAccessKeyInfoRequest) async throws -> GetAccessKeyInfoResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getCallerIdentity(
        _ request: GetCallerIdentityRequest = GetCallerIdentityRequest()
    ) async throws -> GetCallerIdentityResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getDelegatedAccessToken(
        _ request: GetDelegatedAccessTokenRequest
    ) async throws -> GetDelegatedAccessTokenResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getFederationToken(_ request: GetFederationTokenRequest) async throws -> GetFederationTokenResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getSessionToken(
        _ request: GetSessionTokenRequest = GetSessionTokenRequest()
    ) async throws -> GetSessionTokenResponse {
        try await runBlocking { try self.send(request) }
    }

    public func getWebIdentityToken(
        _ request: GetWebIdentityTokenRequest
    ) async throws -> GetWebIdentityTokenResponse {
        try await runBlocking { try self.send(request) }
    }

    // MARK: presigning

    /// Presigns `GET ...?Action=GetCallerIdentity` with the client's credentials (for proving an
    /// identity to another service). `expiresIn` is X-Amz-Expires in seconds (1...604800; STS
    /// honours at most 15 minutes); `headers` are bound into the signature (e.g. "x-k8s-aws-id").
    public func presignGetCallerIdentity(expiresIn: Int = 900,
                                         headers: [String: String] = [:]) throws -> PresignedRequest {
        guard let seconds = UInt32(exactly: expiresIn) else {
            throw StsError(kind: .invalidArgument, message: "expiresIn \(expiresIn) is out of range")
        }
        let sorted = headers.sorted { $0.key < $1.key }
        for (name, value) in sorted {
            try checkNoNul(name, "header name")
            try checkNoNul(value, "header \(name)")
        }
        let names = sorted.map { strdup($0.key) }
        let values = sorted.map { strdup($0.value) }
        defer {
            names.forEach { free($0) }
            values.forEach { free($0) }
        }
        let namePointers = names.map { UnsafePointer<CChar>($0) }
        let valuePointers = values.map { UnsafePointer<CChar>($0) }
        let handle = try withNativeHandle { client in
            try invokeFnReturningHandle("stskit_client_presign_get_caller_identity") { out, err in
                namePointers.withUnsafeBufferPointer { n in
                    valuePointers.withUnsafeBufferPointer { v in
                        stskit_client_presign_get_caller_identity(client, seconds, n.baseAddress, v.baseAddress,
                                                                  sorted.count, out, err)
                    }
                }
            }
        }
        let presigned = NativePresigned(owning: handle)
        return presigned.withNativeHandle { p in
            PresignedRequest(url: String(cString: stskit_presigned_url(p)),
                             expiresAt: date(unixSeconds: stskit_presigned_expires_at_unix(p)),
                             headers: headers)
        }
    }
}

/// A presigned GetCallerIdentity request. The URL authorises an identity check: it is redacted
/// from `description`.
public struct PresignedRequest: Sendable, Hashable {
    @Redacted public var url: String
    /// When STS stops accepting the URL (by the client's corrected clock).
    public var expiresAt: Date
    /// The headers that must accompany the URL (they are part of the signature).
    public var headers: [String: String]
}

/// `stskit_presigned`: single-owner.
final class NativePresigned: NativeHandleOwner {
    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_presigned_free(handle)
    }
}

// MARK: - configuration

extension StsClient {
    /// Client settings. Defaults: regional endpoints, no credentials, 5 s connect, 10 s read and
    /// 30 s attempt timeouts, 3 attempts, proxy from the environment, 1 MiB response limit.
    public struct Configuration: Sendable {
        /// The AWS region, e.g. "eu-west-1".
        public var region: String?
        /// A custom endpoint URL, used verbatim including its path. Plain http:// is refused unless
        /// the host is loopback or `allowInsecureHTTP` is set.
        public var endpointURL: String?
        public var useFIPS = false
        public var useDualStack = false
        /// The legacy global endpoint sts.amazonaws.com for the regions that had it.
        public var useGlobalEndpoint = false
        /// Permit plain http:// to non-loopback hosts. Credentials then travel unencrypted.
        public var allowInsecureHTTP = false
        /// Credentials for the signed operations; nil for a client that only calls
        /// AssumeRoleWithSAML / AssumeRoleWithWebIdentity.
        public var credentials: Credentials?
        /// Signs with the credentials this provider keeps fresh (role chaining: e.g. a client for
        /// another account). Takes precedence over `credentials`. The client keeps the provider
        /// alive.
        public var credentialsProvider: CredentialsProvider?
        /// Seconds; nil keeps the default.
        public var connectTimeout: TimeInterval?
        /// Seconds to wait for the response (and its body); nil keeps the default.
        public var readTimeout: TimeInterval?
        /// Seconds for one whole attempt; nil keeps the default.
        public var attemptTimeout: TimeInterval?
        /// nil keeps the default (3 attempts, `.standard2026`).
        public var retry: RetryPolicy?
        public var proxy: Proxy = .fromEnvironment
        /// CA certificates (PEM) trusted in addition to the bundled roots.
        public var additionalRootCertificatesPEM: [Data] = []
        /// Largest accepted response body; nil keeps the default (1 MiB).
        public var maxResponseBytes: UInt64?
        /// Pretends the device clock is off by this many seconds (for testing skew correction).
        public var deviceClockOffsetSeconds: Int64 = 0
        /// Receives log lines (never containing secrets).
        public var logger: Logger?

        public init(region: String? = nil, endpointURL: String? = nil, credentials: Credentials? = nil) {
            self.region = region
            self.endpointURL = endpointURL
            self.credentials = credentials
        }
    }

    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts including the first; 1 disables retries.
        public var maxAttempts: Int
        public var mode: StskitRetryMode
        /// Multiplies every backoff delay (1 normally; tests use small values).
        public var backoffScale: Double

        public init(maxAttempts: Int = 3, mode: StskitRetryMode = .standard2026, backoffScale: Double = 1) {
            self.maxAttempts = maxAttempts
            self.mode = mode
            self.backoffScale = backoffScale
        }
    }

    public enum Proxy: Sendable, Hashable {
        /// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment.
        case fromEnvironment
        case disabled
        case url(String)
    }

    /// A log sink. The handler is called on the thread making the STS call (or a provider's
    /// refresh thread) and must not call back into the same client.
    public struct Logger: Sendable {
        public var level: StskitLogLevel
        public var handler: @Sendable (StskitLogLevel, String) -> Void

        public init(level: StskitLogLevel = .info, handler: @escaping @Sendable (StskitLogLevel, String) -> Void) {
            self.level = level
            self.handler = handler
        }
    }
}

/// `stskit_client_config`: single-owner, lives only while a client is built.
final class NativeClientConfig: NativeHandleOwner {
    private(set) var logRegistration: CallbackRegistration?

    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_client_config_free(handle)
    }

    init(_ c: StsClient.Configuration) throws {
        guard let handle = stskit_client_config_new() else {
            throw StsError(kind: .internal_, message: "stskit_client_config_new returned NULL")
        }
        super.init(owning: handle)
        try apply(c)
    }

    private func set(_ what: String, _ body: (OpaquePointer) -> Int32) throws {
        try invokeSetter(what) { withNativeHandle(body) }
    }

    private func milliseconds(_ seconds: TimeInterval?, _ what: String) throws -> UInt32 {
        guard let seconds else { return 0 }  // 0 keeps the current value
        guard seconds > 0, seconds * 1000 < Double(UInt32.max) else {
            throw StsError(kind: .invalidArgument, message: "\(what) \(seconds) s is out of range")
        }
        return max(1, UInt32((seconds * 1000).rounded()))
    }

    private func apply(_ c: StsClient.Configuration) throws {
        if let region = c.region {
            try checkNoNul(region, "region")
            try set("region") { stskit_client_config_set_region($0, region) }
        }
        if let url = c.endpointURL {
            try checkNoNul(url, "endpointURL")
            try set("endpointURL") { stskit_client_config_set_endpoint_url($0, url) }
        }
        try set("useFIPS") { stskit_client_config_set_use_fips($0, c.useFIPS) }
        try set("useDualStack") { stskit_client_config_set_use_dual_stack($0, c.useDualStack) }
        try set("useGlobalEndpoint") { stskit_client_config_set_use_global_endpoint($0, c.useGlobalEndpoint) }
        try set("allowInsecureHTTP") { stskit_client_config_set_allow_insecure_http($0, c.allowInsecureHTTP) }
        if let creds = c.credentials {
            try checkNoNul(creds.accessKeyId, "accessKeyId")
            try checkNoNul(creds.secretAccessKey, "secretAccessKey")
            try checkNoNul(creds.sessionToken ?? "", "sessionToken")
            try set("credentials") {
                stskit_client_config_set_credentials($0, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken)
            }
        }
        if let provider = c.credentialsProvider {
            try set("credentialsProvider") { config in
                provider.withNativeHandle { stskit_client_config_set_credentials_provider(config, $0) }
            }
        }
        let connect = try milliseconds(c.connectTimeout, "connectTimeout")
        let read = try milliseconds(c.readTimeout, "readTimeout")
        let attempt = try milliseconds(c.attemptTimeout, "attemptTimeout")
        if connect != 0 || read != 0 || attempt != 0 {
            try set("timeouts") { stskit_client_config_set_timeouts_ms($0, connect, read, attempt) }
        }
        if let retry = c.retry {
            guard let attempts = UInt32(exactly: retry.maxAttempts) else {
                throw StsError(kind: .invalidArgument, message: "maxAttempts \(retry.maxAttempts) is out of range")
            }
            try set("retry") { stskit_client_config_set_retry($0, attempts, retry.mode.rawValue, retry.backoffScale) }
        }
        switch c.proxy {
        case .fromEnvironment:
            break
        case .disabled:
            try set("proxy") { stskit_client_config_set_proxy($0, StskitProxyMode.disabled.rawValue, nil) }
        case .url(let url):
            try checkNoNul(url, "proxy URL")
            try set("proxy") { stskit_client_config_set_proxy($0, StskitProxyMode.url.rawValue, url) }
        }
        for pem in c.additionalRootCertificatesPEM {
            try set("additionalRootCertificatesPEM") { config in
                pem.withUnsafeBytes { raw in
                    stskit_client_config_add_root_certificates_pem(
                        config, raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
                }
            }
        }
        if let max = c.maxResponseBytes {
            try set("maxResponseBytes") { stskit_client_config_set_max_response_bytes($0, max) }
        }
        if c.deviceClockOffsetSeconds != 0 {
            try set("deviceClockOffsetSeconds") {
                stskit_client_config_set_device_clock_offset($0, c.deviceClockOffsetSeconds)
            }
        }
        if let logger = c.logger {
            let registration = CallbackRegistration(LogSink(logger.handler))
            try set("logger") {
                stskit_client_config_set_log_callback($0, logCallbackTrampoline, registration.userData,
                                                      logger.level.rawValue)
            }
            logRegistration = registration
        }
    }
}

/// The Swift side of a log callback.
final class LogSink: @unchecked Sendable {
    let handler: @Sendable (StskitLogLevel, String) -> Void

    init(_ handler: @escaping @Sendable (StskitLogLevel, String) -> Void) {
        self.handler = handler
    }
}

/// The C `stskit_log_callback`; a line for an owner that is gone is dropped.
let logCallbackTrampoline: stskit_log_callback = { userData, level, message in
    guard let message, let sink = CallbackRegistry.shared.lookup(userData, as: LogSink.self) else { return }
    sink.handler(StskitLogLevel(rawValue: level) ?? .debug, String(cString: message))
}
