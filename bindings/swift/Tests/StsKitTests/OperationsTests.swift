// Every STS operation end to end against the emulator, with every input member and every output.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StsKit
import XCTest

final class OperationsTests: XCTestCase {
    func testAssumeRoleWithEveryMember() throws {
        let request = AssumeRoleRequest(
            roleArn: roleArn,
            roleSessionName: "player-1",
            policyArns: [PolicyDescriptor(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess")],
            policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            durationSeconds: 900,
            tags: [Tag(key: "Project", value: "Unicorn"), Tag(key: "Team", value: "A B")],
            transitiveTagKeys: ["Project"],
            externalId: "ext-123",
            serialNumber: "arn:aws:iam::123456789012:mfa/user",
            tokenCode: "123456",
            sourceIdentity: "alice",
            providedContexts: [ProvidedContext(providerArn: "arn:aws:iam::aws:contextProvider/IdentityCenter",
                                               contextAssertion: "abcd")])
        let response = try defaultClient().assumeRole(request)
        assertTemporary(response.credentials)
        let lifetime = response.credentials.expiration.timeIntervalSinceNow
        XCTAssert(lifetime <= 901 && lifetime > 800, "\(lifetime)")
        XCTAssertEqual(response.assumedRoleUser?.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/player-1")
        XCTAssertTrue(response.assumedRoleUser?.assumedRoleId.hasSuffix(":player-1") ?? false)
        XCTAssertGreaterThan(response.packedPolicySize ?? 0, 0)
        XCTAssertEqual(response.sourceIdentity, "alice")
        assertMetadata(response.metadata)
    }

    func testExplicitlyEmptyListsAreAccepted() throws {
        let response = try defaultClient().assumeRole(AssumeRoleRequest(
            roleArn: roleArn, roleSessionName: "empty-lists", policyArns: [], tags: [], transitiveTagKeys: []))
        assertTemporary(response.credentials)
        XCTAssertNil(response.sourceIdentity)
    }

    func testAssumedRoleCredentialsSignTheNextCall() throws {
        let first = try defaultClient().assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "chain"))
        let chained = try client("\(Emulator.shared.http)/", credentials: first.credentials)
        let me = try chained.getCallerIdentity()
        XCTAssertEqual(me.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/chain")
        XCTAssertTrue(me.userId?.hasSuffix(":chain") ?? false)
    }

    func testGetCallerIdentityOfLongTermKeys() throws {
        let me = try defaultClient().getCallerIdentity()
        XCTAssertEqual(me.account, account)
        XCTAssertEqual(me.arn, "arn:aws:iam::123456789012:user/emulator")
        XCTAssertEqual(me.userId, "AIDAEXAMPLEUSER00001")
        assertMetadata(me.metadata)
    }

    func testAssumeRoleWithSAMLIsUnsignedAndReturnsEveryMember() throws {
        let (id, url) = scenario("saml")
        let anonymous = try client(url, credentials: nil)
        let response = try anonymous.assumeRoleWithSAML(AssumeRoleWithSAMLRequest(
            roleArn: roleArn,
            principalArn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP",
            samlAssertion: samlAssertion("jdoe@example.com"),
            policyArns: [PolicyDescriptor(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess")],
            policy: "{}",
            durationSeconds: 3600))
        assertTemporary(response.credentials)
        XCTAssertEqual(response.subject, "jdoe@example.com")
        XCTAssertEqual(response.subjectType, "persistent")
        XCTAssertEqual(response.issuer, "https://idp.example.com/saml/metadata")
        XCTAssertEqual(response.audience, "https://signin.aws.amazon.com/saml")
        XCTAssertNotNil(response.nameQualifier)
        XCTAssertEqual(response.sourceIdentity, "jdoe@example.com")
        XCTAssertTrue(response.assumedRoleUser?.arn.hasPrefix("arn:aws:sts::123456789012:assumed-role/GameClient/")
            ?? false)
        XCTAssertNotNil(response.packedPolicySize)
        assertMetadata(response.metadata)
        let s = stats(id)
        XCTAssertEqual(number(s["signed"]), 0)
        XCTAssertEqual(number(s["unsigned"]), 1)
    }

    func testAssumeRoleWithWebIdentityIsUnsignedAndReturnsEveryMember() throws {
        let (id, url) = scenario("webid")
        let token = jwt(#"{"sub":"player-42","aud":"game-client","iss":"https://accounts.example.com","#
            + #""exp":4102444800,"https://aws.amazon.com/source_identity":"player-42"}"#)
        let response = try client(url, credentials: nil).assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(
            roleArn: roleArn,
            roleSessionName: "app1",
            webIdentityToken: token,
            providerId: "accounts.example.com",
            policyArns: [PolicyDescriptor(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess")],
            policy: #"{"Version":"2012-10-17","Statement":[]}"#,
            durationSeconds: 900))
        assertTemporary(response.credentials)
        XCTAssertEqual(response.subjectFromWebIdentityToken, "player-42")
        XCTAssertEqual(response.audience, "game-client")
        XCTAssertEqual(response.provider, "accounts.example.com")
        XCTAssertEqual(response.sourceIdentity, "player-42")
        XCTAssertTrue(response.assumedRoleUser?.arn.hasSuffix("/app1") ?? false)
        XCTAssertNotNil(response.packedPolicySize)
        assertMetadata(response.metadata)
        XCTAssertEqual(number(stats(id)["unsigned"]), 1)
    }

    func testAssumeRoot() throws {
        let response = try defaultClient().assumeRoot(AssumeRootRequest(
            targetPrincipal: "111122223333",
            taskPolicyArn: PolicyDescriptor(arn: "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
            durationSeconds: 900))
        assertTemporary(response.credentials)
        XCTAssertEqual(response.sourceIdentity, "emulator")
        assertMetadata(response.metadata)
    }

    func testDecodeAuthorizationMessage() throws {
        let json = #"{"allowed":false,"explicitDeny":false}"#
        let response = try defaultClient().decodeAuthorizationMessage(DecodeAuthorizationMessageRequest(
            encodedMessage: Data(json.utf8).base64EncodedString()))
        XCTAssertEqual(response.decodedMessage, json)
        assertMetadata(response.metadata)
    }

    func testGetAccessKeyInfo() throws {
        let response = try defaultClient().getAccessKeyInfo(GetAccessKeyInfoRequest(accessKeyId: "AKIDOTHER00000000000"))
        XCTAssertEqual(response.account, "210987654321")
        assertMetadata(response.metadata)
    }

    func testGetDelegatedAccessToken() throws {
        let response = try defaultClient().getDelegatedAccessToken(
            GetDelegatedAccessTokenRequest(tradeInToken: "trade-in-token"))
        assertTemporary(response.credentials)
        XCTAssertTrue(response.assumedPrincipal?.hasPrefix("arn:") ?? false)
        XCTAssertNotNil(response.packedPolicySize)
        assertMetadata(response.metadata)
    }

    func testGetFederationTokenWithEveryMember() throws {
        let response = try defaultClient().getFederationToken(GetFederationTokenRequest(
            name: "Bob",
            policy: #"{"Version":"2012-10-17","Statement":[]}"#,
            policyArns: [PolicyDescriptor(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess")],
            durationSeconds: 3600,
            tags: [Tag(key: "k", value: "")]))
        assertTemporary(response.credentials)
        XCTAssertEqual(response.federatedUser?.federatedUserId, "123456789012:Bob")
        XCTAssertEqual(response.federatedUser?.arn, "arn:aws:sts::123456789012:federated-user/Bob")
        XCTAssertNotNil(response.packedPolicySize)
        assertMetadata(response.metadata)
    }

    func testGetSessionTokenWithMFA() throws {
        let response = try defaultClient().getSessionToken(GetSessionTokenRequest(
            durationSeconds: 900, serialNumber: "arn:aws:iam::123456789012:mfa/user", tokenCode: "123456"))
        assertTemporary(response.credentials)
        let lifetime = response.credentials.expiration.timeIntervalSinceNow
        XCTAssert(lifetime <= 901 && lifetime > 800, "\(lifetime)")
        assertMetadata(response.metadata)
        let wrong = stsError {
            try defaultClient().getSessionToken(GetSessionTokenRequest(
                serialNumber: "arn:aws:iam::123456789012:mfa/user", tokenCode: "000000"))
        }
        XCTAssertEqual(wrong?.stsError, .accessDenied)
    }

    func testGetWebIdentityTokenWithEveryMember() throws {
        let response = try defaultClient().getWebIdentityToken(GetWebIdentityTokenRequest(
            audience: ["https://api.example.com", "b"], durationSeconds: 300, signingAlgorithm: "ES384",
            tags: [Tag(key: "team", value: "blue")]))
        XCTAssertEqual(response.webIdentityToken.split(separator: ".").count, 3)
        XCTAssertGreaterThan(response.expiration, Date())
        XCTAssertLessThanOrEqual(response.expiration.timeIntervalSinceNow, 301)
        assertMetadata(response.metadata)
        XCTAssertFalse("\(response)".contains(response.webIdentityToken), "\(response)")
    }

    func testPresignedGetCallerIdentityIsAcceptedByTheServer() throws {
        let presigned = try defaultClient().presignGetCallerIdentity(expiresIn: 60,
                                                                     headers: ["x-k8s-aws-id": "my-cluster"])
        XCTAssertTrue(presigned.url.contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"), presigned.url)
        XCTAssert(abs(presigned.expiresAt.timeIntervalSinceNow - 60) < 5)
        XCTAssertFalse("\(presigned)".contains("X-Amz-Signature"))
        let ok = httpGet(presigned.url, headers: presigned.headers)
        XCTAssertEqual(ok.status, 200, String(decoding: ok.body, as: UTF8.self))
        XCTAssertTrue(String(decoding: ok.body, as: UTF8.self).contains("<Account>123456789012</Account>"))
        // Without the bound header the signature cannot verify.
        XCTAssertNotEqual(httpGet(presigned.url).status, 200)
    }

    func testCredentialsDescriptionIsRedacted() throws {
        let creds = try defaultClient().getSessionToken().credentials
        for shown in ["\(creds)", String(reflecting: creds), { var s = ""; dump(creds, to: &s); return s }()] {
            XCTAssertTrue(shown.contains(creds.accessKeyId), shown)
            XCTAssertFalse(shown.contains(creds.secretAccessKey), shown)
            XCTAssertFalse(shown.contains(creds.sessionToken!), shown)
        }
        let saml = AssumeRoleWithSAMLRequest(roleArn: roleArn, principalArn: "p", samlAssertion: "SECRET-ASSERTION")
        XCTAssertFalse("\(saml)".contains("SECRET-ASSERTION"), "\(saml)")
        let web = AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "s", webIdentityToken: "SECRET-JWT")
        XCTAssertFalse("\(web)".contains("SECRET-JWT"), "\(web)")
        XCTAssertEqual(web.webIdentityToken, "SECRET-JWT")
    }

    func testHTTPSWithTheEmulatorCA() throws {
        let pem = try Data(contentsOf: URL(fileURLWithPath: Emulator.shared.ca))
        var config = configuration("\(Emulator.shared.https)/")
        config.additionalRootCertificatesPEM = [pem]
        XCTAssertEqual(try StsClient(configuration: config).getCallerIdentity().account, account)
        // Without the CA the certificate is not trusted.
        let untrusted = stsError { try client("\(Emulator.shared.https)/").getCallerIdentity() }
        XCTAssertEqual(untrusted?.kind, .tls)
    }

    func testLoggerReceivesLinesWithoutSecrets() throws {
        let lines = LineCollector()
        var config = configuration("\(Emulator.shared.http)/")
        config.logger = .init(level: .debug) { level, line in lines.add("\(level): \(line)") }
        _ = try StsClient(configuration: config).getCallerIdentity()
        XCTAssertFalse(lines.all.isEmpty)
        XCTAssertFalse(lines.all.contains { $0.contains(secretAccessKey) })
    }

    func testResolvedEndpointURL() throws {
        XCTAssertEqual(try StsClient(region: "eu-west-1").resolvedEndpointURL, "https://sts.eu-west-1.amazonaws.com/")
        let url = "\(Emulator.shared.http)/_s/endpoint/"
        XCTAssertEqual(try client(url).resolvedEndpointURL, url)
    }

    func testVersions() {
        XCTAssertEqual(StsKitLibrary.loadedABIVersion, StsKitLibrary.expectedABIVersion)
        XCTAssertFalse(StsKitLibrary.version.isEmpty)
        XCTAssertNoThrow(try StsKitLibrary.checkABIVersion())
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
