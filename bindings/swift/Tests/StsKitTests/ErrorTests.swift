// Errors: every STS error code the C ABI maps, as the emulator injects it; the errors the emulator
// produces from the request itself, caught by their typed constants; local validation; transport.

import Foundation
@testable import StsKit
import XCTest

final class ErrorTests: XCTestCase {
    /// HTTP status per code (sts-api.md §6.2, §6.3); nil where STS has none (the emulator's is used).
    private static let httpStatus: [StskitStsError: Int] = [
        .expiredTokenException: 400, .expiredTradeInTokenException: 400, .idpCommunicationError: 400,
        .idpRejectedClaim: 403, .invalidAuthorizationMessageException: 400, .invalidIdentityToken: 400,
        .jwtPayloadSizeExceededException: 400, .malformedPolicyDocument: 400,
        .outboundWebIdentityFederationDisabledException: 403, .packedPolicyTooLarge: 400,
        .regionDisabledException: 403, .sessionDurationEscalationException: 403, .expiredToken: 403,
        .invalidClientTokenId: 403, .signatureDoesNotMatch: 403, .incompleteSignature: 400, .accessDenied: 403,
        .throttling: 400, .validationError: 400, .missingAuthenticationToken: 403, .invalidAction: 400,
        .missingParameter: 400, .invalidParameterValue: 400, .invalidParameterCombination: 400,
        .optInRequired: 403, .requestExpired: 400, .internalFailure: 500, .serviceUnavailable: 503,
        .throttlingException: 400,
    ]
    private static let retryable: Set<StskitStsError> = [
        .idpCommunicationError, .throttling, .internalFailure, .serviceUnavailable, .throttlingException,
    ]

    func assertServiceError(_ error: StsError?, _ sts: StskitStsError, status: Int? = nil, retryable: Bool = false,
                            file: StaticString = #filePath, line: UInt = #line) {
        guard let error else { return XCTFail("no error", file: file, line: line) }
        XCTAssertEqual(error.kind, .serviceError, "\(error)", file: file, line: line)
        XCTAssertTrue(error.isServiceError, file: file, line: line)
        XCTAssertEqual(error.stsError, sts, "\(error)", file: file, line: line)
        XCTAssertEqual(error.code, sts.code, file: file, line: line)
        if let status { XCTAssertEqual(error.httpStatus, status, "\(error)", file: file, line: line) }
        XCTAssertEqual(error.requestId.count, 36, "\(error)", file: file, line: line)
        XCTAssertFalse(error.message.isEmpty, file: file, line: line)
        XCTAssertEqual(error.retryable, retryable, "\(error)", file: file, line: line)
        XCTAssertTrue(sts ~= error, file: file, line: line)
        XCTAssertTrue(StskitStatus.serviceError ~= error, file: file, line: line)
        let shown = "\(error)"
        XCTAssertTrue(shown.contains(sts.code) && shown.contains("HTTP \(error.httpStatus)")
                      && shown.contains(error.requestId), shown, file: file, line: line)
    }

    func testEveryMappedErrorCodeIsDecodedWithStatusRequestIdAndRetryability() throws {
        for sts in StskitStsError.allCases where sts != .other {
            let (id, url) = scenario("err", "error=\(sts.code)")
            let error = stsError { try client(url).getCallerIdentity() }
            let history = stats(id)["history"] as? [[String: Any]]
            let sent = number(history?.first?["status"])
            let expectedStatus = Self.httpStatus[sts] ?? sent
            assertServiceError(error, sts, status: expectedStatus, retryable: Self.retryable.contains(sts))
            XCTAssertEqual(error?.httpStatus, sent, "\(sts)")
            XCTAssertEqual(requestCount(id), Self.retryable.contains(sts) ? 3 : 1, "\(sts): requests")
        }
    }

    func testUnknownCodesAreOtherWithTheCodeKept() throws {
        let (id, url) = scenario("err-unknown", "error=BrandNewStsError")
        let error = stsError { try client(url).getCallerIdentity() }
        XCTAssertEqual(error?.kind, .serviceError)
        XCTAssertEqual(error?.stsError, .other)
        XCTAssertEqual(error?.code, "BrandNewStsError")
        XCTAssertEqual(error?.httpStatus, 400)
        XCTAssertEqual(error?.requestId.count, 36)
        XCTAssertEqual(requestCount(id), 1)
    }

    func testShapeNamesAreMappedToTheirWireCodes() throws {
        let (_, url) = scenario("err-alias", "error=IDPRejectedClaimException")
        assertServiceError(stsError { try client(url).getCallerIdentity() }, .idpRejectedClaim, status: 403)
    }

    func testTypedCatchOfAnExpiredWebIdentityToken() throws {
        let anonymous = try client("\(Emulator.shared.http)/", credentials: nil)
        let expired = jwt(#"{"sub":"player-1","aud":"game","iss":"https://accounts.example.com","exp":1000000000}"#)
        do {
            _ = try anonymous.assumeRoleWithWebIdentity(
                AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "app1", webIdentityToken: expired))
            XCTFail("no error")
        } catch StsError.expiredToken {
            XCTFail("ExpiredToken is the caller's credentials, not the modeled ExpiredTokenException")
        } catch StsError.expiredTokenException {
            // expected
        } catch {
            XCTFail("\(error)")
        }
    }

    func testTypedCatchesOfErrorsTheEmulatorProducesFromTheRequest() throws {
        let anonymous = try client("\(Emulator.shared.http)/", credentials: nil)
        func web(_ token: String) -> AssumeRoleWithWebIdentityRequest {
            AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "app1", webIdentityToken: token)
        }
        do {
            _ = try anonymous.assumeRoleWithWebIdentity(web(jwt(#"{"sub":"rejected","aud":"g","iss":"https://i"}"#)))
            XCTFail("no error")
        } catch StsError.idpRejectedClaim {
        } catch { XCTFail("\(error)") }

        do {
            _ = try anonymous.assumeRoleWithWebIdentity(web("this is not a jwt"))
            XCTFail("no error")
        } catch StsError.invalidIdentityToken {
        } catch { XCTFail("\(error)") }

        do {
            _ = try defaultClient().assumeRole(AssumeRoleRequest(
                roleArn: "arn:aws:iam::123456789012:role/denied-admin", roleSessionName: "s1"))
            XCTFail("no error")
        } catch let error as StsError where error.stsError == .accessDenied {
            XCTAssertTrue(error.message.contains("denied-admin"), error.message)
            XCTAssertEqual(error.httpStatus, 403)
        } catch { XCTFail("\(error)") }

        do {
            _ = try defaultClient().assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "s1",
                                                                 policy: "{not json"))
            XCTFail("no error")
        } catch StsError.malformedPolicyDocument {
        } catch { XCTFail("\(error)") }

        do {
            _ = try defaultClient().getDelegatedAccessToken(GetDelegatedAccessTokenRequest(tradeInToken: "expired"))
            XCTFail("no error")
        } catch StsError.expiredTradeInTokenException {
        } catch { XCTFail("\(error)") }

        do {
            _ = try defaultClient().decodeAuthorizationMessage(
                DecodeAuthorizationMessageRequest(encodedMessage: "!!garbage, not base64 json!!"))
            XCTFail("no error")
        } catch StsError.invalidAuthorizationMessageException {
        } catch { XCTFail("\(error)") }

        let saml = AssumeRoleWithSAMLRequest(roleArn: roleArn,
                                             principalArn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP",
                                             samlAssertion: samlAssertion("jdoe", notOnOrAfter: "2001-01-01T00:00:00Z"))
        assertServiceError(stsError { try anonymous.assumeRoleWithSAML(saml) }, .expiredTokenException, status: 400)

        let unknownKey = Credentials(accessKeyId: "AKIDUNKNOWN000000000", secretAccessKey: secretAccessKey)
        do {
            _ = try client("\(Emulator.shared.http)/", credentials: unknownKey).getCallerIdentity()
            XCTFail("no error")
        } catch StsError.invalidClientTokenId {
        } catch { XCTFail("\(error)") }

        let wrongSecret = Credentials(accessKeyId: accessKeyId, secretAccessKey: "not-the-right-secret")
        assertServiceError(stsError { try client("\(Emulator.shared.http)/", credentials: wrongSecret)
            .getCallerIdentity() }, .signatureDoesNotMatch, status: 403)
    }

    func testUnreachableIdPIsARetriedIdPCommunicationError() throws {
        let (id, url) = scenario("idp-nat")
        let token = jwt(#"{"sub":"player-1","aud":"game","iss":"https://unreachable.example.com"}"#)
        let error = stsError {
            try client(url, credentials: nil).assumeRoleWithWebIdentity(
                AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "app1", webIdentityToken: token))
        }
        assertServiceError(error, .idpCommunicationError, status: 400, retryable: true)
        XCTAssertEqual(requestCount(id), 3)
    }

    func testThrottlingWithASingleAttemptIsNotRetried() throws {
        let (id, url) = scenario("throttle1", "error=Throttling")
        assertServiceError(stsError { try client(url, maxAttempts: 1).getCallerIdentity() }, .throttling,
                           status: 400, retryable: true)
        XCTAssertEqual(requestCount(id), 1)
    }

    // MARK: local validation: nothing is sent

    func testLocalValidationFailsBeforeAnyRequest() throws {
        let (id, url) = scenario("validation")
        let c = try client(url)
        let anonymous = try client(url, credentials: nil)
        func invalid<T>(_ body: () throws -> T, _ member: String, file: StaticString = #filePath, line: UInt = #line) {
            let error = stsError(body, file: file, line: line)
            XCTAssertEqual(error?.kind, .invalidArgument, "\(member): \(String(describing: error))", file: file, line: line)
            XCTAssertEqual(error?.code, "", file: file, line: line)
            XCTAssertEqual(error?.httpStatus, 0, file: file, line: line)
            XCTAssertTrue(StsError.invalidArgument ~= error!, file: file, line: line)
        }
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: "short", roleSessionName: "s1")) }, "RoleArn")
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "x")) }, "RoleSessionName")
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "a/b")) }, "RoleSessionName")
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "s1", durationSeconds: 899)) },
                "DurationSeconds")
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "s1",
                                                     tags: (0..<51).map { Tag(key: "k\($0)", value: "v") })) }, "Tags")
        invalid({ try anonymous.assumeRoleWithSAML(AssumeRoleWithSAMLRequest(
            roleArn: roleArn, principalArn: "arn:aws:iam::123456789012:saml-provider/IdP", samlAssertion: "abc")) },
            "SAMLAssertion")
        invalid({ try anonymous.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(
            roleArn: roleArn, roleSessionName: "app1", webIdentityToken: validJwt(), durationSeconds: 43201)) },
            "DurationSeconds")
        invalid({ try c.assumeRoot(AssumeRootRequest(targetPrincipal: "11112222333",
                                                     taskPolicyArn: PolicyDescriptor(arn: "arn:aws:iam::aws:policy/root-task/X"))) },
                "TargetPrincipal")
        invalid({ try c.getFederationToken(GetFederationTokenRequest(name: "B")) }, "Name")
        invalid({ try c.getSessionToken(GetSessionTokenRequest(durationSeconds: 899)) }, "DurationSeconds")
        invalid({ try c.getWebIdentityToken(GetWebIdentityTokenRequest(audience: [], signingAlgorithm: "ES384")) },
                "Audience")
        invalid({ try c.getAccessKeyInfo(GetAccessKeyInfoRequest(accessKeyId: "AK")) }, "AccessKeyId")
        invalid({ try c.decodeAuthorizationMessage(DecodeAuthorizationMessageRequest(encodedMessage: "")) },
                "EncodedMessage")
        invalid({ try c.getDelegatedAccessToken(GetDelegatedAccessTokenRequest(tradeInToken: "")) }, "TradeInToken")
        // Checked by the wrapper: Int beyond Int32, NUL inside a string.
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "s1",
                                                     durationSeconds: Int(Int32.max) + 1)) }, "DurationSeconds")
        invalid({ try c.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "s1\0x")) }, "NUL")
        XCTAssertEqual(requestCount(id), 0, "validation failures must not reach STS")
    }

    func testSignedOperationsNeedCredentials() throws {
        let (id, url) = scenario("nocreds")
        let anonymous = try client(url, credentials: nil)
        let error = stsError { try anonymous.getCallerIdentity() }
        XCTAssertEqual(error?.kind, .missingCredentials)
        do {
            _ = try anonymous.getSessionToken()
            XCTFail("no error")
        } catch StsError.missingCredentials {
        } catch { XCTFail("\(error)") }
        XCTAssertEqual(requestCount(id), 0)
    }

    // MARK: configuration and transport

    func testUnusableConfigurationsAreConfigurationErrors() throws {
        var plain = StsClient.Configuration(region: "us-east-1", endpointURL: "http://sts.example.com/")
        XCTAssertEqual(stsError { try StsClient(configuration: plain) }?.kind, .configuration)
        plain.allowInsecureHTTP = true
        XCTAssertNoThrow(try StsClient(configuration: plain))

        var badPem = configuration("\(Emulator.shared.https)/")
        badPem.additionalRootCertificatesPEM = [Data("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8)]
        XCTAssertEqual(stsError { try StsClient(configuration: badPem) }?.kind, .configuration)

        XCTAssertEqual(stsError { try StsClient(configuration: StsClient.Configuration()) }?.kind, .configuration,
                       "no region and no endpoint")
    }

    func testABIMismatchIsAClearError() {
        guard case .failure(let error) = StsKitLibrary.compare(loaded: 2, expected: 1) else {
            return XCTFail("a mismatch must fail")
        }
        XCTAssertEqual(error.kind, .configuration)
        XCTAssertTrue(error.message.contains("native library mismatch"), error.message)
        XCTAssertTrue(error.message.contains("version 2") && error.message.contains("version 1"), error.message)
        XCTAssertNoThrow(try StsKitLibrary.compare(loaded: 1, expected: 1).get())
    }

    func testTimeoutIsCaughtByKind() throws {
        let (_, url) = scenario("timeout", "delay=3000")
        var config = configuration(url, maxAttempts: 1)
        config.readTimeout = 0.3
        let started = Date()
        do {
            _ = try StsClient(configuration: config).getCallerIdentity()
            XCTFail("no error")
        } catch StsError.timeout {
            XCTAssertLessThan(Date().timeIntervalSince(started), 2.5)
        } catch { XCTFail("\(error)") }
    }

    func testConnectionRefusedIsARetryableNetworkError() throws {
        // Port 9 (discard): nothing listens there on loopback.
        let error = stsError { try client("http://127.0.0.1:9/", maxAttempts: 1).getCallerIdentity() }
        XCTAssertEqual(error?.kind, .network, String(describing: error))
        XCTAssertEqual(error?.retryable, true)
        XCTAssertEqual(error?.httpStatus, 0)
    }

    func testGarbageAndOversizedResponses() throws {
        let (_, garbage) = scenario("garbage", "fault=garbage")
        XCTAssertEqual(stsError { try client(garbage, maxAttempts: 1).getCallerIdentity() }?.kind, .invalidResponse)
        let (_, big) = scenario("big", "fault=bigbody")
        var config = configuration(big, maxAttempts: 1)
        config.maxResponseBytes = 64 * 1024
        XCTAssertEqual(stsError { try StsClient(configuration: config).getCallerIdentity() }?.kind, .responseTooLarge)
    }
}
