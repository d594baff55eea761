// Handle ownership and the small helpers every native call goes through.
//
// Rules (include/stskit.h): handles are freed exactly once with their own _free; strings returned
// are borrowed from the handle that returned them (copy them before that handle goes away);
// out-parameters are written only on success and `*err` only on failure.

#if canImport(StsKitFFI)
import StsKitFFI
#else
import CStsKit
#endif
import Foundation

/// Owns one native handle and frees it in `deinit`.
///
/// Every use of the handle goes through `withNativeHandle`, which keeps the owner alive
/// (`withExtendedLifetime`) until the native call returns, so ARC cannot free the handle while a
/// call that was given it is still running, whichever thread drops the last reference.
public class NativeHandleOwner {
    private let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        type(of: self).destroyNativeHandle(handle)
    }

    /// Frees the handle; each subclass calls its own `stskit_*_free`.
    class func destroyNativeHandle(_ handle: OpaquePointer) {
        fatalError("\(self) must override destroyNativeHandle")
    }

    /// Runs `body` with the handle while keeping `self` alive.
    func withNativeHandle<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(handle) }
    }
}

// MARK: - invoke helpers

/// Calls a C function that returns a `StskitStatus` and takes an optional `stskit_error **`;
/// throws the error it reports.
func invokeFnReturningStatus(_ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws {
    var err: OpaquePointer?
    let status = body(&err)
    guard status == StskitStatus.ok.rawValue else {
        throw StsError(consuming: err, status: status)
    }
    stskit_error_free(err)  // never written on success; freeing NULL is a no-op
}

/// Calls a C function with an `out` handle parameter and an `err` parameter; returns the handle.
func invokeFnReturningHandle(
    _ what: @autoclosure () -> String,
    _ body: (UnsafeMutablePointer<OpaquePointer?>, UnsafeMutablePointer<OpaquePointer?>) -> Int32
) throws -> OpaquePointer {
    var out: OpaquePointer?
    try invokeFnReturningStatus { err in body(&out, err) }
    guard let handle = out else {
        throw StsError(kind: .internal_, message: "\(what()) succeeded but returned no handle")
    }
    return handle
}

/// Calls a C setter that returns a `StskitStatus` without error detail.
func invokeSetter(_ what: @autoclosure () -> String, _ body: () -> Int32) throws {
    let status = body()
    guard status == StskitStatus.ok.rawValue else {
        throw StsError(kind: StskitStatus(rawValue: status) ?? .internal_,
                       message: "\(what()) failed: \(statusName(status))")
    }
}

/// Copies a borrowed, NUL-terminated UTF-8 string; nil for NULL.
func copyString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}

/// Seconds since the Unix epoch as a Date.
func date(unixSeconds: Int64) -> Date {
    Date(timeIntervalSince1970: TimeInterval(unixSeconds))
}

/// The header name of a status, e.g. "STSKIT_STATUS_TIMEOUT".
func statusName(_ status: Int32) -> String {
    String(cString: stskit_status_name(status))
}

/// Strings cross the boundary NUL-terminated: a NUL inside would silently cut the value short.
func checkNoNul(_ value: String, _ what: @autoclosure () -> String) throws {
    if value.utf8.contains(0) {
        throw StsError(kind: .invalidArgument, message: "\(what()) contains a NUL character")
    }
}

// MARK: - ABI version

/// The library and header versions, checked once before the first client is made.
public enum StsKitLibrary {
    /// The C ABI version this wrapper was compiled against (`STSKIT_ABI_VERSION`).
    public static var expectedABIVersion: UInt32 { UInt32(STSKIT_ABI_VERSION) }

    /// The C ABI version of the linked libstskit (`stskit_abi_version()`).
    public static var loadedABIVersion: UInt32 { stskit_abi_version() }

    /// The version of the linked libstskit, e.g. "0.1.0".
    public static var version: String { String(cString: stskit_version()) }

    /// Throws unless the linked library has the ABI this wrapper was built for. Done once, by the
    /// first `StsClient`.
    public static func checkABIVersion() throws {
        try abiCheck.get()
    }

    static func compare(loaded: UInt32, expected: UInt32) -> Result<Void, StsError> {
        if loaded == expected { return .success(()) }
        return .failure(StsError(
            kind: .configuration,
            message: "native library mismatch: libstskit \(version) has C ABI version \(loaded) but StsKit was "
                + "built for version \(expected); rebuild the native library (or the XCFramework) and the app "
                + "from the same stskit release"))
    }

    private static let abiCheck: Result<Void, StsError> = compare(loaded: loadedABIVersion, expected: expectedABIVersion)
}

// MARK: - callback contexts

/// Keeps the Swift side of native callbacks (log, MFA, token, assertion, refresh) reachable from
/// the `user_data` the C ABI passes back.
///
/// `user_data` is a number that is never reused, not an object pointer: the C ABI lets a
/// background refresh that is still running when the provider is freed finish on its own (and
/// the Rust client can outlive its Swift owner through a provider), so a callback may arrive
/// after its Swift owner is gone. Such a late call finds no entry and fails safely instead of
/// touching freed memory, and a recycled address can never reach another owner's callback.
final class CallbackRegistry: @unchecked Sendable {
    static let shared = CallbackRegistry()

    private let lock = NSLock()
    private var nextID: UInt = 1
    private var entries: [UInt: AnyObject] = [:]

    /// Registers `target` and returns the `user_data` for it.
    func register(_ target: AnyObject) -> UnsafeMutableRawPointer {
        lock.lock()
        defer { lock.unlock() }
        let id = nextID
        nextID += 1
        entries[id] = target
        // A non-zero integer carried as a pointer; never dereferenced.
        return UnsafeMutableRawPointer(bitPattern: id)!
    }

    func unregister(_ userData: UnsafeMutableRawPointer) {
        lock.lock()
        defer { lock.unlock() }
        entries[UInt(bitPattern: userData)] = nil
    }

    /// The target registered under `userData`, or nil once it was unregistered.
    func lookup<Target: AnyObject>(_ userData: UnsafeMutableRawPointer?, as _: Target.Type) -> Target? {
        guard let userData else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return entries[UInt(bitPattern: userData)] as? Target
    }
}

/// Unregisters a callback target when its owner (a client or provider) is destroyed. Held as a
/// stored property, it is released after the owner's `deinit` has freed the native handle.
final class CallbackRegistration: @unchecked Sendable {
    let userData: UnsafeMutableRawPointer

    init(_ target: AnyObject) {
        userData = CallbackRegistry.shared.register(target)
    }

    deinit {
        CallbackRegistry.shared.unregister(userData)
    }
}

/// A secret supplier (MFA code, web identity token, SAML assertion) behind a C secret callback.
final class SecretSupplier: @unchecked Sendable {
    let supply: @Sendable () throws -> String

    init(_ supply: @escaping @Sendable () throws -> String) {
        self.supply = supply
    }
}

/// The C `stskit_secret_callback`: writes the secret's UTF-8 into `buffer`, or returns -1 to fail
/// the refresh (the supplier threw, the secret does not fit, or the owner is gone).
let secretCallbackTrampoline: stskit_secret_callback = { userData, buffer, capacity in
    guard let buffer, let supplier = CallbackRegistry.shared.lookup(userData, as: SecretSupplier.self) else {
        return -1
    }
    guard let secret = try? supplier.supply() else { return -1 }
    var bytes = Array(secret.utf8)
    defer { bytes.withUnsafeMutableBytes { raw in _ = raw.initializeMemory(as: UInt8.self, repeating: 0) } }  // best effort
    guard bytes.count <= capacity, !bytes.contains(0) else { return -1 }
    bytes.withUnsafeBytes { raw in
        if let source = raw.baseAddress {
            UnsafeMutableRawPointer(buffer).copyMemory(from: source, byteCount: raw.count)
        }
    }
    return Int64(bytes.count)
}
