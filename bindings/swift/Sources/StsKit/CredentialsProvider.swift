#if canImport(StsKitFFI)
import StsKitFFI
#else
import CStsKit
#endif
import Foundation

/// Self-refreshing credentials: repeats one AssumeRole, AssumeRoleWithWebIdentity,
/// AssumeRoleWithSAML or GetSessionToken call before the last credentials expire.
///
/// Thread-safe (the native `stskit_provider` is): any number of threads may ask at once, and only
/// one refresh runs at a time (callers waiting for fresh credentials share it).
///
/// - `credentials()` blocks while a refresh is needed.
/// - `tryCredentials()` never waits for the network: for per-frame use in a game loop.
public final class CredentialsProvider: NativeHandleOwner, @unchecked Sendable {
    /// What each refresh calls.
    public enum Source: Sendable {
        /// AssumeRole. With `mfa`, and a `serialNumber` in the request, the closure is asked for a
        /// fresh MFA code at every refresh.
        case assumeRole(AssumeRoleRequest, mfa: (@Sendable () throws -> String)? = nil)
        /// GetSessionToken, with the same MFA rule.
        case sessionToken(GetSessionTokenRequest, mfa: (@Sendable () throws -> String)? = nil)
        /// AssumeRoleWithWebIdentity with the token from `token` at every refresh.
        case webIdentity(AssumeRoleWithWebIdentityRequest, token: WebIdentityTokenSource = .request)
        /// AssumeRoleWithSAML; `assertion` is asked for a fresh base64 SAML response at every
        /// refresh (the request's own `samlAssertion` is not used).
        case saml(AssumeRoleWithSAMLRequest, assertion: @Sendable () throws -> String)
    }

    /// Where AssumeRoleWithWebIdentity gets its token at each refresh.
    public enum WebIdentityTokenSource: Sendable {
        /// The token in the request, every time.
        case request
        /// Read from this file at every refresh (e.g. a Kubernetes projected token).
        case file(String)
        /// Asked at every refresh.
        case callback(@Sendable () throws -> String)
    }

    /// When to refresh and how to back off after failures.
    public struct RefreshPolicy: Sendable, Hashable {
        /// From this many seconds before expiry a refresh is attempted while the old credentials
        /// are still served.
        public var advisoryWindow: TimeInterval
        /// From this many seconds before expiry callers wait for fresh credentials.
        public var mandatoryWindow: TimeInterval
        /// Backoff after a failed refresh, doubling per failure up to `maxBackoff` (seconds).
        public var minBackoff: TimeInterval
        public var maxBackoff: TimeInterval

        public init(advisoryWindow: TimeInterval = 300, mandatoryWindow: TimeInterval = 60,
                    minBackoff: TimeInterval = 1, maxBackoff: TimeInterval = 300) {
            self.advisoryWindow = advisoryWindow
            self.mandatoryWindow = mandatoryWindow
            self.minBackoff = minBackoff
            self.maxBackoff = maxBackoff
        }
    }

    /// Refresh counters.
    public struct Stats: Sendable, Hashable {
        /// STS calls made.
        public var refreshAttempts: UInt64
        /// Calls that produced new credentials.
        public var refreshes: UInt64
    }

    /// The client refreshes go through (kept alive as long as the provider).
    public let client: StsClient
    // Unregister the callbacks after the handle is freed (stored properties are released after
    // deinit has run).
    private let registrations: [CallbackRegistration]

    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_provider_free(handle)
    }

    /// Creates a provider; makes no STS call yet. `onRefresh` is called (on the refreshing thread)
    /// with the new credentials after each successful refresh.
    public init(client: StsClient, source: Source, policy: RefreshPolicy = RefreshPolicy(),
                onRefresh: (@Sendable (Credentials) -> Void)? = nil) throws {
        let nativeRequest: NativeRequest
        switch source {
        case .assumeRole(let request, _): nativeRequest = try NativeRequest.make(for: request)
        case .sessionToken(let request, _): nativeRequest = try NativeRequest.make(for: request)
        case .webIdentity(let request, _): nativeRequest = try NativeRequest.make(for: request)
        case .saml(let request, _): nativeRequest = try NativeRequest.make(for: request)
        }
        let config = try nativeRequest.withNativeHandle { req -> NativeProviderConfig in
            guard let handle = stskit_provider_config_new(req) else {
                throw StsError(kind: .invalidArgument, message: "stskit_provider_config_new refused the request")
            }
            return NativeProviderConfig(owning: handle)
        }
        var registrations: [CallbackRegistration] = []
        try config.set("windows") {
            stskit_provider_config_set_windows($0, try CredentialsProvider.seconds(policy.advisoryWindow, "advisoryWindow"),
                                               try CredentialsProvider.seconds(policy.mandatoryWindow, "mandatoryWindow"))
        }
        try config.set("backoff") {
            stskit_provider_config_set_backoff_ms($0, try CredentialsProvider.milliseconds(policy.minBackoff, "minBackoff"),
                                                  try CredentialsProvider.milliseconds(policy.maxBackoff, "maxBackoff"))
        }
        func secret(_ supply: @escaping @Sendable () throws -> String,
                    _ install: (OpaquePointer, UnsafeMutableRawPointer) -> Int32) throws {
            let registration = CallbackRegistration(SecretSupplier(supply))
            registrations.append(registration)
            try config.set("callback") { install($0, registration.userData) }
        }
        switch source {
        case .assumeRole(_, let mfa?), .sessionToken(_, let mfa?):
            try secret(mfa) { stskit_provider_config_set_mfa_callback($0, secretCallbackTrampoline, $1) }
        case .webIdentity(_, .file(let path)):
            try checkNoNul(path, "token file")
            try config.set("token file") { stskit_provider_config_set_token_file($0, path) }
        case .webIdentity(_, .callback(let token)):
            try secret(token) { stskit_provider_config_set_secret_callback($0, secretCallbackTrampoline, $1) }
        case .saml(_, let assertion):
            try secret(assertion) { stskit_provider_config_set_secret_callback($0, secretCallbackTrampoline, $1) }
        default:
            break
        }
        if let onRefresh {
            let registration = CallbackRegistration(RefreshObserver(onRefresh))
            registrations.append(registration)
            try config.set("refresh callback") {
                stskit_provider_config_set_refresh_callback($0, refreshCallbackTrampoline, registration.userData)
            }
        }
        let handle = try client.withNativeHandle { c in
            try config.withNativeHandle { cfg in
                try invokeFnReturningHandle("stskit_provider_new") { out, err in stskit_provider_new(c, cfg, out, err) }
            }
        }
        self.client = client
        self.registrations = registrations
        super.init(owning: handle)
    }

    /// Valid credentials, refreshing first when needed (blocks during that STS call). Throws the
    /// refresh's `StsError` (with STS's code and request id) when there are no usable credentials.
    public func credentials() throws -> Credentials {
        try withNativeHandle { provider in
            try Self.take(invokeFnReturningHandle("stskit_provider_get") { out, err in
                stskit_provider_get(provider, out, err)
            })
        }
    }

    /// `credentials()` for Swift concurrency: runs on a Dispatch queue; cancelling the task throws
    /// `CancellationError` at once (a refresh under way still completes and is cached).
    public func credentials() async throws -> Credentials {
        try await runBlocking { try self.credentials() }
    }

    /// Never blocks on the network: the cached valid credentials, or nil while a background refresh
    /// runs (this call starts one when needed). Throws the last refresh's error while the provider
    /// is backing off after a failure with no usable credentials.
    public func tryCredentials() throws -> Credentials? {
        try withNativeHandle { provider in
            var out: OpaquePointer?
            var err: OpaquePointer?
            let status = stskit_provider_try_get(provider, &out, &err)
            switch StskitStatus(rawValue: status) {
            case .ok:
                guard let out else {
                    throw StsError(kind: .internal_, message: "stskit_provider_try_get returned no credentials")
                }
                return Self.take(out)
            case .notReady:
                stskit_error_free(err)
                return nil
            default:
                throw StsError(consuming: err, status: status)
            }
        }
    }

    /// Forgets the cached credentials (after a service rejected them); the next call refreshes.
    public func invalidate() {
        _ = withNativeHandle { stskit_provider_invalidate($0) }
    }

    /// The last refresh's error; nil if the last refresh succeeded or none was attempted.
    public var lastError: StsError? {
        withNativeHandle { provider in
            var err: OpaquePointer?
            let status = stskit_provider_last_error(provider, &err)
            guard status == StskitStatus.ok.rawValue, let err else { return nil }
            return StsError(consuming: err, status: stskit_error_status(err))
        }
    }

    public var stats: Stats {
        withNativeHandle { provider in
            var attempts: UInt64 = 0
            var refreshes: UInt64 = 0
            _ = stskit_provider_stats(provider, &attempts, &refreshes)
            return Stats(refreshAttempts: attempts, refreshes: refreshes)
        }
    }

    /// Copies and frees owned native credentials.
    private static func take(_ creds: OpaquePointer) -> Credentials {
        defer { stskit_credentials_free(creds) }
        return Credentials(borrowing: creds)
    }

    private static func seconds(_ value: TimeInterval, _ what: String) throws -> UInt32 {
        guard value >= 0, value < Double(UInt32.max) else {
            throw StsError(kind: .invalidArgument, message: "\(what) \(value) s is out of range")
        }
        return UInt32(value.rounded())
    }

    private static func milliseconds(_ value: TimeInterval, _ what: String) throws -> UInt32 {
        try seconds(value * 1000, what)
    }
}

/// `stskit_provider_config`: single-owner, lives only while a provider is built.
final class NativeProviderConfig: NativeHandleOwner {
    override class func destroyNativeHandle(_ handle: OpaquePointer) {
        stskit_provider_config_free(handle)
    }

    func set(_ what: String, _ body: (OpaquePointer) throws -> Int32) throws {
        let status = try withNativeHandle(body)
        try invokeSetter("provider \(what)") { status }
    }
}

/// The Swift side of a refresh callback.
final class RefreshObserver: @unchecked Sendable {
    let observe: @Sendable (Credentials) -> Void

    init(_ observe: @escaping @Sendable (Credentials) -> Void) {
        self.observe = observe
    }
}

/// The C `stskit_refresh_callback`: copies the borrowed credentials and tells the observer.
let refreshCallbackTrampoline: stskit_refresh_callback = { userData, creds in
    guard let creds, let observer = CallbackRegistry.shared.lookup(userData, as: RefreshObserver.self) else { return }
    observer.observe(Credentials(borrowing: creds))
}
