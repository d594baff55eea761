// The credentials provider against the emulator: single flight, non-blocking reads, MFA, token
// and assertion callbacks, refresh callback, backoff, invalidation, lifetime.

import Foundation
import StsKit
import XCTest

final class AtomicCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    @discardableResult
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

final class ProviderTests: XCTestCase {
    private func assumeRole(_ session: String = "provider") -> AssumeRoleRequest {
        AssumeRoleRequest(roleArn: roleArn, roleSessionName: session)
    }

    func testSixteenThreadsOnAnEmptyProviderCauseOneRequest() throws {
        let (id, url) = scenario("prov-flight", "delay=300")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()))
        let keys = Collector<String>()
        let failures = Collector<String>()
        let ready = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for _ in 0..<16 {
            ready.enter()
            done.enter()
            Thread.detachNewThread {
                ready.leave()
                go.wait()
                do {
                    keys.add(try provider.credentials().accessKeyId)
                } catch {
                    failures.add("\(error)")
                }
                done.leave()
            }
        }
        ready.wait()
        for _ in 0..<16 { go.signal() }
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(keys.all.count, 16)
        XCTAssertEqual(Set(keys.all).count, 1, "everyone gets the one refresh's credentials")
        XCTAssertEqual(requestCount(id), 1, "single flight")
        XCTAssertEqual(provider.stats.refreshAttempts, 1)
        XCTAssertEqual(provider.stats.refreshes, 1)
    }

    func testNonBlockingReadIsNilThenCredentials() throws {
        let (id, url) = scenario("prov-nonblock", "delay=1500")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()))
        var notReady = 0
        var slowest: TimeInterval = 0
        let deadline = Date().addingTimeInterval(10)
        var creds: Credentials?
        while creds == nil {
            let started = Date()
            creds = try provider.tryCredentials()
            slowest = max(slowest, Date().timeIntervalSince(started))
            if creds == nil { notReady += 1 }
            XCTAssertLessThan(Date(), deadline, "the background refresh never finished")
            if Date() > deadline { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        assertTemporary(creds!)
        XCTAssertGreaterThanOrEqual(notReady, 10, "the first ~1.5 s report not ready")
        XCTAssertLessThan(slowest, 0.05, "a non-blocking read took \(slowest) s")
        XCTAssertEqual(requestCount(id), 1, "one background refresh despite many reads")
        XCTAssertEqual(try provider.tryCredentials()?.accessKeyId, creds?.accessKeyId, "cached")
    }

    func testNonBlockingReadThrowsTheRefreshErrorWhileBackingOff() throws {
        let (_, url) = scenario("prov-nonblock-err", "error=AccessDenied")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()),
                                               policy: .init(minBackoff: 5, maxBackoff: 10))
        let deadline = Date().addingTimeInterval(10)
        var thrown: StsError?
        while thrown == nil, Date() < deadline {
            do {
                let creds = try provider.tryCredentials()
                XCTAssertNil(creds, "no credentials while refreshes fail")
                Thread.sleep(forTimeInterval: 0.02)
            } catch let error as StsError {
                thrown = error
            }
        }
        XCTAssertEqual(thrown?.stsError, .accessDenied)
        XCTAssertEqual(thrown?.requestId.count, 36)
        XCTAssertEqual(provider.lastError?.stsError, .accessDenied)
    }

    func testMFACallbackIsAskedAtEachRefresh() throws {
        let (id, url) = scenario("prov-mfa")
        let asked = AtomicCount()
        var request = assumeRole("mfa")
        request.serialNumber = "arn:aws:iam::123456789012:mfa/player"
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(request, mfa: {
            asked.increment()
            return "123456"
        }))
        let first = try provider.credentials()
        assertTemporary(first)
        XCTAssertEqual(asked.value, 1)
        XCTAssertEqual(try provider.credentials().accessKeyId, first.accessKeyId, "cached: no new code asked")
        XCTAssertEqual(asked.value, 1)
        provider.invalidate()
        XCTAssertNotEqual(try provider.credentials().accessKeyId, first.accessKeyId)
        XCTAssertEqual(asked.value, 2)
        XCTAssertEqual(requestCount(id), 2)
    }

    func testWrongMFACodeAndAFailingMFACallback() throws {
        let (_, url) = scenario("prov-mfa-wrong")
        var request = GetSessionTokenRequest()
        request.serialNumber = "arn:aws:iam::123456789012:mfa/player"
        let wrong = try CredentialsProvider(client: client(url), source: .sessionToken(request, mfa: { "000000" }))
        do {
            _ = try wrong.credentials()
            XCTFail("no error")
        } catch StsError.accessDenied {
            XCTAssertEqual(wrong.lastError?.stsError, .accessDenied)
            XCTAssertEqual(wrong.lastError?.requestId.count, 36)
        }

        struct NoCode: Error {}
        let failing = try CredentialsProvider(client: client(url), source: .sessionToken(request, mfa: { throw NoCode() }))
        XCTAssertEqual(stsError { try failing.credentials() }?.kind, .invalidArgument)
    }

    func testRefreshCallbackIsToldAboutNewCredentials() throws {
        let (_, url) = scenario("prov-refresh")
        let seen = Collector<Credentials>()
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()),
                                               onRefresh: { seen.add($0) })
        let first = try provider.credentials()
        XCTAssertEqual(seen.all, [first])
        _ = try provider.credentials()
        XCTAssertEqual(seen.all.count, 1, "no refresh, no callback")
        provider.invalidate()
        let second = try provider.credentials()
        XCTAssertEqual(seen.all, [first, second])
        XCTAssertEqual(provider.stats.refreshes, 2)
    }

    func testRefreshesAheadOfExpiry() throws {
        let (id, url) = scenario("prov-ahead", "lifetime=8")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()),
                                               policy: .init(advisoryWindow: 5, mandatoryWindow: 2, minBackoff: 0.3,
                                                             maxBackoff: 2))
        let first = try provider.credentials()
        for _ in 0..<20 { XCTAssertEqual(try provider.credentials().accessKeyId, first.accessKeyId) }
        XCTAssertEqual(requestCount(id), 1, "cached reads call nobody")
        Thread.sleep(forTimeInterval: 3.5)  // inside the 5 s advisory window now
        let second = try provider.credentials()
        XCTAssertNotEqual(second.accessKeyId, first.accessKeyId)
        XCTAssertGreaterThan(first.expiration, Date(), "refreshed before the old ones expired")
        XCTAssertEqual(requestCount(id), 2)
    }

    func testWebIdentitySources() throws {
        let (id, url) = scenario("prov-web")
        let anonymous = try client(url, credentials: nil)
        let request = AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "pod", webIdentityToken: validJwt())

        let fixed = try CredentialsProvider(client: anonymous, source: .webIdentity(request))
        assertTemporary(try fixed.credentials())

        let asked = AtomicCount()
        var noToken = request
        noToken.webIdentityToken = ""
        let callback = try CredentialsProvider(client: anonymous, source: .webIdentity(noToken, token: .callback({
            asked.increment()
            return validJwt(sub: "from-callback")
        })))
        assertTemporary(try callback.credentials())
        XCTAssertEqual(asked.value, 1)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueId("token"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("token")
        try jwt(#"{"sub":"a","aud":"x","iss":"https://idp.example.com","exp":1000}"#).write(to: file, atomically: true,
                                                                                          encoding: .utf8)
        let fromFile = try CredentialsProvider(client: anonymous, source: .webIdentity(noToken, token: .file(file.path)),
                                               policy: .init(minBackoff: 0, maxBackoff: 0))
        do {
            _ = try fromFile.credentials()
            XCTFail("the expired token must be refused")
        } catch StsError.expiredTokenException {}
        try validJwt().write(to: file, atomically: true, encoding: .utf8)
        assertTemporary(try fromFile.credentials())  // the file is read again at the next refresh

        XCTAssertEqual(number(stats(id)["signed"]), 0)
        // No token anywhere: refused when the provider is made.
        XCTAssertEqual(stsError { try CredentialsProvider(client: anonymous, source: .webIdentity(noToken)) }?.kind,
                       .invalidArgument)
    }

    func testSAMLAssertionCallbackAndSessionTokenSource() throws {
        let (_, url) = scenario("prov-saml")
        let asked = AtomicCount()
        let saml = try CredentialsProvider(
            client: client(url, credentials: nil),
            source: .saml(AssumeRoleWithSAMLRequest(roleArn: roleArn,
                                                    principalArn: "arn:aws:iam::123456789012:saml-provider/IdP",
                                                    samlAssertion: ""),
                          assertion: {
                              asked.increment()
                              return samlAssertion("jdoe")
                          }))
        assertTemporary(try saml.credentials())
        assertTemporary(try saml.credentials())
        XCTAssertEqual(asked.value, 1)

        let session = try CredentialsProvider(client: client(url), source: .sessionToken(GetSessionTokenRequest()))
        XCTAssertNotNil(try session.credentials().sessionToken)
    }

    func testInvalidateForcesARefresh() throws {
        let (id, url) = scenario("prov-invalidate")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()))
        let a = try provider.credentials()
        XCTAssertNil(provider.lastError)
        provider.invalidate()
        let b = try provider.credentials()
        XCTAssertNotEqual(a.accessKeyId, b.accessKeyId)
        XCTAssertEqual(requestCount(id), 2)
    }

    func testAsyncCredentialsAndCancellation() async throws {
        let (_, url) = scenario("prov-async", "delay=2000")
        let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()))
        let task = Task { try await provider.credentials() }
        try await Task.sleep(nanoseconds: 100_000_000)
        let cancelledAt = Date()
        task.cancel()
        let result = await task.result
        XCTAssertLessThan(Date().timeIntervalSince(cancelledAt), 0.5)
        guard case .failure(let error) = result else { return XCTFail("not cancelled") }
        XCTAssertTrue(error is CancellationError)
        // The refresh itself went on and is cached for the next caller.
        let creds = try await provider.credentials()
        assertTemporary(creds)
    }

    func testTheProviderKeepsItsClientAlive() throws {
        let (_, url) = scenario("prov-client")
        weak var weakClient: StsClient?
        let provider: CredentialsProvider
        do {
            let c = try client(url)
            weakClient = c
            provider = try CredentialsProvider(client: c, source: .assumeRole(assumeRole()))
        }
        XCTAssertNotNil(weakClient)
        assertTemporary(try provider.credentials())
    }

    func testAProviderSignsAChainedClient() throws {
        let (id, url) = scenario("prov-chain")
        var config = configuration(url, credentials: nil)
        weak var weakProvider: CredentialsProvider?
        do {
            let provider = try CredentialsProvider(client: client(url), source: .assumeRole(assumeRole()))
            weakProvider = provider
            config.credentialsProvider = provider
        }
        let chained = try StsClient(configuration: config)
        config.credentialsProvider = nil
        XCTAssertNotNil(weakProvider, "the chained client keeps its provider")
        let me = try chained.getCallerIdentity()
        XCTAssertEqual(me.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/provider")
        XCTAssertEqual(try chained.getCallerIdentity().arn, me.arn)
        XCTAssertEqual(number(stats(id)["actions"].flatMap { ($0 as? [String: Any])?["AssumeRole"] }), 1,
                       "one refresh serves both calls")
    }

    func testFreeingAProviderWhileItsBackgroundRefreshRuns() throws {
        let (id, url) = scenario("prov-late", "delay=500")
        let asked = AtomicCount()
        let refreshed = AtomicCount()
        var request = assumeRole("late")
        request.serialNumber = "arn:aws:iam::123456789012:mfa/player"
        weak var weakProvider: CredentialsProvider?
        do {
            let provider = try CredentialsProvider(
                client: client(url), source: .assumeRole(request, mfa: { asked.increment(); return "123456" }),
                onRefresh: { _ in refreshed.increment() })
            weakProvider = provider
            let creds = try provider.tryCredentials()  // starts a background refresh
            XCTAssertNil(creds)
        }
        XCTAssertNil(weakProvider, "freed while its refresh is still running")
        // The refresh finishes on its own; a callback arriving after the free finds no owner and
        // is refused instead of touching freed memory.
        // Whether the MFA code was asked before the free decides whether a request went out.
        Thread.sleep(forTimeInterval: 1.2)
        XCTAssertLessThanOrEqual(asked.value, 1)
        XCTAssertEqual(requestCount(id), asked.value)
        XCTAssertEqual(refreshed.value, 0, "no refresh callback for a provider that is gone")
    }
}
