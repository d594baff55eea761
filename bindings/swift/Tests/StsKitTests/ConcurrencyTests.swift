// Async variants, cancellation, concurrent calls, and handle lifetime while calls run.

import Foundation
import StsKit
import XCTest

final class Collector<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func add(_ item: Element) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// Polls `condition` for up to `seconds`.
func eventually(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return condition()
}

final class AsyncTests: XCTestCase {
    func testEveryOperationHasAnAsyncVariant() async throws {
        let c = try defaultClient()
        let anonymous = try client("\(Emulator.shared.http)/", credentials: nil)
        let role = try await c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "async"))
        assertTemporary(role.credentials)
        let saml = try await anonymous.assumeRoleWithSAML(AssumeRoleWithSAMLRequest(
            roleArn: roleArn, principalArn: "arn:aws:iam::123456789012:saml-provider/IdP",
            samlAssertion: samlAssertion("jdoe")))
        XCTAssertEqual(saml.subject, "jdoe")
        let web = try await anonymous.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(
            roleArn: roleArn, roleSessionName: "app1", webIdentityToken: validJwt()))
        XCTAssertEqual(web.subjectFromWebIdentityToken, "player-42")
        let root = try await c.assumeRoot(AssumeRootRequest(
            targetPrincipal: "111122223333",
            taskPolicyArn: PolicyDescriptor(arn: "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials")))
        assertTemporary(root.credentials)
        let decoded = try await c.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest(
            encodedMessage: Data(#"{"allowed":true}"#.utf8).base64EncodedString()))
        XCTAssertEqual(decoded.decodedMessage, #"{"allowed":true}"#)
        let info = try await c.getAccessKeyInfo(GetAccessKeyInfoRequest(accessKeyId: "AKIDOTHER00000000000"))
        XCTAssertEqual(info.account, "210987654321")
        let me = try await c.getCallerIdentity()
        XCTAssertEqual(me.account, account)
        let delegated = try await c.getDelegatedAccessToken(GetDelegatedAccessTokenRequest(tradeInToken: "t-1"))
        assertTemporary(delegated.credentials)
        let federated = try await c.getFederationToken(GetFederationTokenRequest(name: "Bob"))
        XCTAssertEqual(federated.federatedUser?.federatedUserId, "123456789012:Bob")
        let session = try await c.getSessionToken()
        assertTemporary(session.credentials)
        let token = try await c.getWebIdentityToken(GetWebIdentityTokenRequest(audience: ["a"], signingAlgorithm: "RS256"))
        XCTAssertEqual(token.webIdentityToken.split(separator: ".").count, 3)
    }

    func testAsyncErrorsAreTyped() async throws {
        let (_, url) = scenario("async-err", "error=RegionDisabledException")
        let c = try client(url)
        do {
            _ = try await c.getCallerIdentity()
            XCTFail("no error")
        } catch StsError.regionDisabledException {
        } catch {
            XCTFail("\(error)")
        }
    }

    func testCancellationThrowsCancellationErrorPromptly() async throws {
        let (id, url) = scenario("cancel", "delay=2000")
        let c = try client(url)
        let task = Task { try await c.getCallerIdentity() }
        try await Task.sleep(nanoseconds: 100_000_000)
        let cancelledAt = Date()
        task.cancel()
        let result = await task.result
        let waited = Date().timeIntervalSince(cancelledAt)
        guard case .failure(let error) = result else { return XCTFail("the call was not cancelled: \(result)") }
        XCTAssertTrue(error is CancellationError, "\(error)")
        XCTAssertLessThan(waited, 0.5, "cancellation must not wait for the 2 s response")
        XCTAssertEqual(requestCount(id), 1, "the request had been sent")
    }

    func testShutdownInterruptsCallsInFlightAndRefusesNewOnes() async throws {
        let (id, url) = scenario("shutdown", "delay=5000")
        let c = try client(url)
        let blocking = Task.detached { () -> Error? in
            do { _ = try c.getCallerIdentity(); return nil } catch { return error }
        }
        let async = Task { () -> Error? in
            do { _ = try await c.getCallerIdentity(); return nil } catch { return error }
        }
        try await Task.sleep(nanoseconds: 300_000_000) // both wait for the delayed response
        let shutAt = Date()
        c.shutdown()
        for task in [blocking, async] {
            let error = await task.value
            XCTAssertTrue(error.map { StsError.cancelled ~= $0 } ?? false, "\(String(describing: error))")
        }
        XCTAssertLessThan(Date().timeIntervalSince(shutAt), 3, "must not wait for the 5 s response")
        let seen = requestCount(id)
        let later = Result { try c.getCallerIdentity() } // a sync closure: the blocking variant
        guard case .failure(let error) = later else { return XCTFail("a call after shutdown succeeded") }
        XCTAssertTrue(StsError.cancelled ~= error, "\(error)")
        c.shutdown() // idempotent
        XCTAssertEqual(requestCount(id), seen, "a shut-down client sends nothing")
    }

    func testAnAlreadyCancelledTaskSendsNothing() async throws {
        let (id, url) = scenario("precancel")
        let c = try client(url)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await c.getCallerIdentity()
        }
        let result = await task.result
        guard case .failure(let error) = result else { return XCTFail("not cancelled: \(result)") }
        XCTAssertTrue(error is CancellationError, "\(error)")
        XCTAssertEqual(requestCount(id), 0)
    }

    func testManyConcurrentAsyncCalls() async throws {
        let (id, url) = scenario("async-many", "delay=200")
        let c = try client(url)
        let started = Date()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask { try await c.getCallerIdentity().metadata.requestId }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(ids.count, 16)
        // Each blocking call has a thread of its own, not one of the cooperative pool's (one per
        // core): the 16 delayed calls overlap (one after another they would take 3.2 s).
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.2)
        XCTAssertEqual(requestCount(id), 16)
    }
}

final class ConcurrencyTests: XCTestCase {
    func testSendableWhereTheNativeObjectIsThreadSafe() {
        func requireSendable<T: Sendable>(_: T.Type) {}
        requireSendable(StsClient.self)
        requireSendable(CredentialsProvider.self)
        requireSendable(Credentials.self)
        requireSendable(StsError.self)
    }

    func testConcurrentCallsOnOneClient() throws {
        let (id, url) = scenario("concurrent")
        let c = try client(url)
        let requestIds = Collector<String>()
        let failures = Collector<String>()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<20 {
                do {
                    let me = try c.getCallerIdentity()
                    XCTAssertEqual(me.account, account)
                    requestIds.add(me.metadata.requestId)
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(Set(requestIds.all).count, 160)
        XCTAssertEqual(requestCount(id), 160)
    }

    func testDroppingTheLastReferenceWhileCallsRunOnOtherThreads() throws {
        let (id, url) = scenario("deinit", "delay=300")
        weak var weakClient: StsClient?
        let inCall = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = Collector<Result<GetCallerIdentityResponse, Error>>()
        do {
            let c = try client(url)
            weakClient = c
            for _ in 0..<8 {
                done.enter()
                // Each thread's reference is the one its call runs on.
                Thread.detachNewThread { [c] in
                    inCall.signal()
                    results.add(Result { try c.getCallerIdentity() })
                    done.leave()
                }
            }
            for _ in 0..<8 { inCall.wait() }
        }  // the test's own reference ends here, while the 8 calls wait for the emulator
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertNotNil(weakClient, "the running calls keep the client alive")
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(results.all.count, 8)
        for result in results.all {
            XCTAssertEqual(try result.get().account, account)
        }
        XCTAssertTrue(eventually(2) { weakClient == nil }, "freed once the last call returned")
        XCTAssertEqual(requestCount(id), 8)
    }

    func testDroppingTheClientWhileCancelledAsyncCallsStillRun() async throws {
        let (id, url) = scenario("deinit-async", "delay=300")
        weak var weakClient: StsClient?
        var tasks: [Task<GetCallerIdentityResponse, Error>] = []
        do {
            let c = try client(url)
            weakClient = c
            for _ in 0..<8 { tasks.append(Task { try await c.getCallerIdentity() }) }
        }
        try await Task.sleep(nanoseconds: 100_000_000)
        tasks.forEach { $0.cancel() }
        for task in tasks {
            let result = await task.result
            if case .failure(let error) = result { XCTAssertTrue(error is CancellationError, "\(error)") }
        }
        tasks.removeAll()
        XCTAssertTrue(eventually(3) { requestCount(id) == 8 && weakClient == nil },
                      "the native calls finish in the background, then the client is freed")
    }

    func testClientsComeAndGoOnManyThreads() throws {
        let (_, url) = scenario("churn")
        let failures = Collector<String>()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5 {
                do {
                    _ = try client(url).getCallerIdentity()
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
    }
}
