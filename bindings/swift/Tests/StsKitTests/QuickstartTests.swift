// The iOS quick start of README-quickstart.md, kept here so it stays compilable.

import StsKit
import XCTest

// --- quick start (verbatim in README-quickstart.md) ---
final class PlayerSession {
    static let role = "arn:aws:iam::123456789012:role/GameClient"
    let sts: StsClient                  // thread-safe: one per app
    let provider: CredentialsProvider   // keeps credentials fresh

    /// `idToken` returns the player's current OIDC ID token from your identity provider; it is
    /// called on a background thread at each refresh.
    init(idToken: @escaping @Sendable () throws -> String) throws {
        sts = try StsClient(region: "eu-west-1")
        provider = try CredentialsProvider(
            client: sts,
            source: .webIdentity(
                AssumeRoleWithWebIdentityRequest(roleArn: Self.role, roleSessionName: "player-42",
                                                 webIdentityToken: ""),
                token: .callback(idToken)))
    }

    /// Per frame: never waits for the network. nil while the first refresh runs; throws the
    /// refresh's error while backing off after a failure.
    func frameCredentials() throws -> Credentials? {
        try provider.tryCredentials()
    }

    /// A one-off call; `async`, so the blocking call runs off the caller's thread.
    func signIn(idToken: String) async throws -> Credentials? {
        do {
            let response = try await sts.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest(
                roleArn: Self.role, roleSessionName: "player-42", webIdentityToken: idToken))
            return response.credentials  // accessKeyId, secretAccessKey, sessionToken, expiration
        } catch StsError.expiredTokenException {
            return nil                   // the ID token expired: sign the player in again
        } catch let error as StsError {
            print(error.code, error.requestId, error.httpStatus, error.message)
            throw error
        }
    }
}
// --- end of quick start ---

final class QuickstartTests: XCTestCase {
    func testTheQuickStartCompilesAndBuildsWithoutNetwork() throws {
        let session = try PlayerSession(idToken: { "token" })
        XCTAssertEqual(session.sts.resolvedEndpointURL, "https://sts.eu-west-1.amazonaws.com/")
        XCTAssertEqual(session.provider.stats.refreshAttempts, 0, "nothing is called before it is needed")
    }
}
