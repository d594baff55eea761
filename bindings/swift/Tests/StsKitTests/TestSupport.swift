// The local STS emulator (tests/emulator/stsemu.py) and helpers shared by the tests.
//
// The emulator's addresses come from STSKIT_EMULATOR_HTTP / STSKIT_EMULATOR_HTTPS /
// STSKIT_EMULATOR_CA (test-linux.sh sets them); without them the tests start
// ../../tests/emulator/stsemu.py with python3 themselves (plain `swift test` on macOS).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StsKit
import XCTest

let accessKeyId = "AKIDEXAMPLE"
let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
let account = "123456789012"
let roleArn = "arn:aws:iam::123456789012:role/GameClient"
let testCredentials = Credentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)

struct Emulator: Sendable {
    let http: String
    let https: String
    let ca: String

    /// The emulator for this test process: from the environment, or started on first use.
    static let shared: Emulator = {
        let env = ProcessInfo.processInfo.environment
        if let http = env["STSKIT_EMULATOR_HTTP"], !http.isEmpty {
            return Emulator(http: http, https: env["STSKIT_EMULATOR_HTTPS"] ?? "", ca: env["STSKIT_EMULATOR_CA"] ?? "")
        }
        return start()
    }()

    private static let process = Process()
    private static let stdin = Pipe()

    private static func start() -> Emulator {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../..").standardizedFileURL
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repo.appendingPathComponent("tests/emulator/stsemu.py").path,
                             "--exit-on-stdin-eof", "--quiet"]
        process.standardInput = stdin  // held open for the life of the test process
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            fatalError("cannot start the STS emulator (python3 tests/emulator/stsemu.py): \(error); "
                + "or set STSKIT_EMULATOR_HTTP, STSKIT_EMULATOR_HTTPS and STSKIT_EMULATOR_CA")
        }
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        guard let ready = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let http = ready["http"] as? String, let https = ready["https"] as? String,
              let ca = ready["ca"] as? String else {
            fatalError("bad ready line from the STS emulator: \(String(decoding: line, as: UTF8.self))")
        }
        return Emulator(http: http, https: https, ca: ca)
    }
}

private let counter = Counter()

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }

    var current: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// A fresh scenario id, unique in this run.
func uniqueId(_ prefix: String) -> String {
    "swift-\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(counter.next())-\(Int(Date().timeIntervalSince1970))"
}

/// A new scenario with the given directives (e.g. "error=Throttling"): (id, endpoint URL).
func scenario(_ prefix: String, _ directives: String = "") -> (id: String, url: String) {
    let id = uniqueId(prefix)
    let path = directives.isEmpty ? "_s/\(id)/" : "_s/\(id)/\(directives)/"
    return (id, "\(Emulator.shared.http)/\(path)")
}

/// A configuration for the emulator with the known keys and quick retries.
func configuration(_ url: String, credentials: Credentials? = testCredentials,
                   maxAttempts: Int = 3) -> StsClient.Configuration {
    var c = StsClient.Configuration(region: "us-east-1", endpointURL: url, credentials: credentials)
    c.retry = .init(maxAttempts: maxAttempts, backoffScale: 0.01)
    return c
}

func client(_ url: String, credentials: Credentials? = testCredentials, maxAttempts: Int = 3) throws -> StsClient {
    try StsClient(configuration: configuration(url, credentials: credentials, maxAttempts: maxAttempts))
}

/// A client for the default (fault-free) scenario.
func defaultClient() throws -> StsClient {
    try client("\(Emulator.shared.http)/")
}

/// GET on the emulator (or any URL) with optional headers: (status, body).
func httpGet(_ url: String, headers: [String: String] = [:]) -> (status: Int, body: Data) {
    var request = URLRequest(url: URL(string: url)!)
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let done = DispatchSemaphore(value: 0)
    let result = ResultBox()
    let session = URLSession(configuration: .ephemeral)
    session.dataTask(with: request) { data, response, _ in
        result.set((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
        done.signal()
    }.resume()
    done.wait()
    session.finishTasksAndInvalidate()
    return result.get()
}

private final class ResultBox: @unchecked Sendable {
    private var status = 0
    private var body = Data()
    func set(_ s: Int, _ b: Data) { status = s; body = b }
    func get() -> (Int, Data) { (status, body) }
}

/// The emulator's counters for a scenario.
func stats(_ id: String) -> [String: Any] {
    let (status, body) = httpGet("\(Emulator.shared.http)/_emulator/stats/\(id)")
    guard status == 200, let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
        XCTFail("stats for \(id): HTTP \(status) \(String(decoding: body, as: UTF8.self))")
        return [:]
    }
    return json
}

func requestCount(_ id: String) -> Int {
    number(stats(id)["requests"]) ?? 0
}

/// A JSON number as Int (JSONSerialization gives NSNumber or Int depending on the platform).
func number(_ value: Any?) -> Int? {
    if let int = value as? Int { return int }
    return (value as? NSNumber)?.intValue
}

private func base64url(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// A JWT-shaped token with the given payload JSON (the emulator reads, not verifies, it).
func jwt(_ payload: String) -> String {
    [#"{"alg":"RS256","typ":"JWT"}"#, payload, "signature"].map { base64url(Data($0.utf8)) }.joined(separator: ".")
}

/// A token the emulator accepts for AssumeRoleWithWebIdentity.
func validJwt(sub: String = "player-42", aud: String = "game-client") -> String {
    jwt(#"{"sub":"\#(sub)","aud":"\#(aud)","iss":"https://accounts.example.com","exp":4102444800}"#)
}

/// A minimal SAML Response as an IdP would post it, base64-encoded.
func samlAssertion(_ subject: String, notOnOrAfter: String = "2099-01-01T00:00:00Z") -> String {
    let xml = #"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">\#(subject)</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="\#(notOnOrAfter)" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter="\#(notOnOrAfter)"/><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SourceIdentity"><saml:AttributeValue>\#(subject)</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#
    return Data(xml.utf8).base64EncodedString()
}

func assertTemporary(_ c: Credentials, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(c.accessKeyId.hasPrefix("ASIA"), c.accessKeyId, file: file, line: line)
    XCTAssertFalse(c.secretAccessKey.isEmpty, file: file, line: line)
    XCTAssertGreaterThan(c.sessionToken?.count ?? 0, 16, file: file, line: line)
    XCTAssertGreaterThan(c.expiration, Date(), file: file, line: line)
    XCTAssertNotEqual(c.expiration, .distantFuture, file: file, line: line)
}

func assertMetadata(_ m: ResponseMetadata, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(m.httpStatusCode, 200, file: file, line: line)
    XCTAssertGreaterThan(m.contentLength, 100, file: file, line: line)
    XCTAssertEqual(m.requestId.count, 36, m.requestId, file: file, line: line)
}

/// Runs `body` and returns the StsError it throws (failing the test if it throws none or another).
func stsError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> StsError? {
    do {
        let value = try body()
        XCTFail("expected an StsError, got \(value)", file: file, line: line)
    } catch let error as StsError {
        return error
    } catch {
        XCTFail("expected an StsError, got \(error)", file: file, line: line)
    }
    return nil
}
