//! Secrets never leak: not into the log hook (even at Debug), not into `Error`'s Display or
//! Debug, not into `{:?}` of requests, responses, credentials or presigned requests, across
//! successes, service errors, transport faults, validation failures and clock-skew retries.

mod common;
use common::*;
use std::sync::{Arc, Mutex};
use stskit::log::{LogLevel, Logger};
use stskit::model::*;
use stskit::{Client, ClientBuilder, Credentials, ErrorKind, PresignOptions, RetryConfig, SecretString};

const SECRET: &str = "CANARYSECRETwJalrXUtnFEMIK7MDENGbPxRfiCY0";
const TOKEN: &str = "CANARYTOKENIQoJb3JpZ2luX2VjEXAMPLEtokenBody0123456789";
const TRADE_IN: &str = "CANARYTRADEINtoken0123456789";
const SAML_CANARY: &str = "CANARYSAML";
const JWT_CANARY: &str = "CANARYJWT";

/// Everything the test observed: log lines and formatted values.
#[derive(Default)]
struct Observed {
    logs: Arc<Mutex<Vec<String>>>,
    texts: Vec<(String, String)>,
}

impl Observed {
    fn logger(&self) -> Logger {
        let logs = self.logs.clone();
        Logger::new(LogLevel::Debug, move |level, line| logs.lock().unwrap().push(format!("{level:?} {line}")))
    }

    /// Records Display and Debug of an error, or Debug of a value.
    fn result<T: std::fmt::Debug>(&mut self, what: &str, r: &stskit::Result<T>) {
        match r {
            Ok(v) => self.texts.push((what.into(), format!("{v:?}"))),
            Err(e) => {
                self.texts.push((format!("{what} (Display)"), e.to_string()));
                self.texts.push((format!("{what} (Debug)"), format!("{e:?}")));
                self.texts.push((format!("{what} (message)"), e.message().to_owned()));
            }
        }
    }

    fn debug<T: std::fmt::Debug>(&mut self, what: &str, v: &T) {
        self.texts.push((what.into(), format!("{v:?}")));
    }

    fn log_lines(&self) -> Vec<String> {
        self.logs.lock().unwrap().clone()
    }

    /// Asserts that no observed text and no log line contains any of `secrets`.
    fn assert_clean(&self, secrets: &[&str]) {
        let logs = self.log_lines();
        for secret in secrets {
            assert!(!secret.is_empty());
            for line in &logs {
                assert!(!line.contains(secret), "log line leaks {secret:?}: {line}");
            }
            for (what, text) in &self.texts {
                assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
            }
        }
    }
}

fn quick(url: &str, observed: &Observed) -> ClientBuilder {
    builder(url).logger(observed.logger()).retry(RetryConfig { backoff_scale: 0.01, ..RetryConfig::default() })
}

fn canary_credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET, Some(SecretString::new(TOKEN)))
}

/// A JWT the emulator accepts, carrying the canary in its signature segment.
fn canary_jwt(payload: &str) -> String {
    let t = jwt(payload);
    let (head, _) = t.rsplit_once('.').unwrap();
    format!("{head}.{JWT_CANARY}c2lnbmF0dXJl")
}

/// A SAML response with the canary in a comment, base64-encoded.
fn canary_saml(not_on_or_after: &str) -> String {
    let xml = format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><!-- {SAML_CANARY} --><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">player-7</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{not_on_or_after}" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter="{not_on_or_after}"/></saml:Assertion></samlp:Response>"#
    );
    base64(xml.as_bytes())
}

/// SigV4 percent-encoding (unreserved characters kept).
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn web_identity(token: &str) -> AssumeRoleWithWebIdentityRequest {
    AssumeRoleWithWebIdentityRequest {
        role_arn: ROLE_ARN.into(),
        role_session_name: "canary".into(),
        web_identity_token: SecretString::new(token),
        ..Default::default()
    }
}

fn saml(assertion: &str) -> AssumeRoleWithSamlRequest {
    AssumeRoleWithSamlRequest {
        role_arn: ROLE_ARN.into(),
        principal_arn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP".into(),
        saml_assertion: SecretString::new(assertion),
        ..Default::default()
    }
}

#[test]
fn canaries_never_reach_logs_errors_or_debug_output() {
    let mut o = Observed::default();
    let good_jwt = canary_jwt(r#"{"sub":"player-7","aud":"game","iss":"https://accounts.example.com"}"#);
    let expired_jwt =
        canary_jwt(r#"{"sub":"player-7","aud":"game","iss":"https://accounts.example.com","exp":1000000000}"#);
    let rejected_jwt = canary_jwt(r#"{"sub":"rejected","aud":"game","iss":"https://accounts.example.com"}"#);
    let good_saml = canary_saml("2099-01-01T00:00:00Z");
    let expired_saml = canary_saml("2001-01-01T00:00:00Z");
    assert!(good_jwt.contains(JWT_CANARY));

    // Signed calls with canary secret and token: rejected by STS, with and without faults first.
    for (name, directives) in [
        ("plain", ""),
        ("throttle", "fault=throttle/times=1"),
        ("http503", "fault=http503/times=1"),
        ("reset", "fault=reset"),
        ("shortbody", "fault=shortbody/times=1"),
        ("garbage", "fault=garbage"),
        ("truncate", "fault=truncate"),
        ("badutf8", "fault=badutf8"),
        ("bigbody", "fault=bigbody"),
        ("error", "error=ExpiredToken"),
        ("skew", "skew=3600"),
    ] {
        let (_, url) = scenario(&format!("canary-{name}"), directives);
        let c = quick(&url, &o).credentials(canary_credentials()).build().unwrap();
        o.result(&format!("GetCallerIdentity/{name}"), &c.get_caller_identity());
        o.result(&format!("AssumeRole/{name}"), &c.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "canary")));
    }
    // Canary secret alone (long-term key id): the signature fails, also after a skew correction.
    for directives in ["", "skew=-3600"] {
        let (_, url) = scenario("canary-secret", directives);
        let c = quick(&url, &o).credentials(Credentials::new(ACCESS_KEY_ID, SECRET, None)).build().unwrap();
        o.result("GetCallerIdentity/secret-only", &c.get_caller_identity());
    }

    // Unsigned calls carrying canary tokens: successes and every kind of rejection.
    let (_, url) = scenario("canary-unsigned", "");
    let anon = Client::builder().region("us-east-1").endpoint_url(&url).logger(o.logger()).build().unwrap();
    let ok = anon.assume_role_with_web_identity(&web_identity(&good_jwt));
    assert!(ok.is_ok(), "{ok:?}");
    o.result("WebIdentity/ok", &ok);
    o.result("WebIdentity/expired", &anon.assume_role_with_web_identity(&web_identity(&expired_jwt)));
    o.result("WebIdentity/rejected", &anon.assume_role_with_web_identity(&web_identity(&rejected_jwt)));
    o.result(
        "WebIdentity/not-a-jwt",
        &anon.assume_role_with_web_identity(&web_identity(&format!("{JWT_CANARY}-not-a-jwt"))),
    );
    let ok = anon.assume_role_with_saml(&saml(&good_saml));
    assert!(ok.is_ok(), "{ok:?}");
    o.result("SAML/ok", &ok);
    o.result("SAML/expired", &anon.assume_role_with_saml(&saml(&expired_saml)));
    o.result("SAML/not-base64", &anon.assume_role_with_saml(&saml(&format!("{SAML_CANARY} is not base64"))));
    let (_, url) = scenario("canary-unsigned-faults", "fault=throttle/times=1");
    let anon_faulty = Client::builder().region("us-east-1").endpoint_url(&url).logger(o.logger()).build().unwrap();
    o.result("WebIdentity/throttled", &anon_faulty.assume_role_with_web_identity(&web_identity(&good_jwt)));

    // Local validation failures with secrets in the request.
    let long_jwt = format!("{good_jwt}{}", "A".repeat(20_000));
    o.result("WebIdentity/too-long", &anon.assume_role_with_web_identity(&web_identity(&long_jwt)));
    let long_saml = format!("{SAML_CANARY}{}", "A".repeat(100_000));
    o.result("SAML/too-long", &anon.assume_role_with_saml(&saml(&long_saml)));
    let mut bad = web_identity(&good_jwt);
    bad.role_session_name = "x".into();
    o.result("WebIdentity/bad-session", &anon.assume_role_with_web_identity(&bad));

    // Requests, and the operation-independent request, as Debug.
    o.debug("WebIdentity request", &web_identity(&good_jwt));
    o.debug("SAML request", &saml(&good_saml));
    o.debug("GetDelegatedAccessToken request", &GetDelegatedAccessTokenRequest { trade_in_token: TRADE_IN.into() });
    let mut any = AnyRequest::new(OperationId::AssumeRoleWithWebIdentity);
    any.set_string(Member::WebIdentityToken, &good_jwt).unwrap();
    o.debug("AnyRequest", &any);
    let mut any = AnyRequest::new(OperationId::AssumeRoleWithSaml);
    any.set_string(Member::SamlAssertion, &good_saml).unwrap();
    o.debug("AnyRequest SAML", &any);
    o.debug("Credentials", &canary_credentials());
    o.debug("SecretString", &SecretString::new(TOKEN));
    o.texts.push(("SecretString Display".into(), SecretString::new(TOKEN).to_string()));

    // A signed call with real keys whose request carries a secret (the trade-in token).
    let (_, url) = scenario("canary-trade", "fault=http500/times=1");
    let c = quick(&url, &o).build().unwrap();
    let r = c.get_delegated_access_token(&GetDelegatedAccessTokenRequest { trade_in_token: TRADE_IN.into() });
    assert!(r.is_ok(), "{r:?}");
    o.result("GetDelegatedAccessToken", &r);

    let logs = o.log_lines();
    // The hook really saw the failure paths, so a clean result means something.
    for expected in ["attempt 1/3", "retrying in", "failed after", "clock skew detected"] {
        assert!(logs.iter().any(|l| l.contains(expected)), "no log line contains {expected:?}: {logs:#?}");
    }
    o.assert_clean(&[
        SECRET,
        TOKEN,
        TRADE_IN,
        SAML_CANARY,
        JWT_CANARY,
        &good_jwt,
        &good_saml,
        &expired_jwt,
        &expired_saml,
    ]);
}

#[test]
fn secrets_sts_returns_are_not_printed_either() {
    let mut o = Observed::default();
    let (_, url) = scenario("issued", "");
    let c = quick(&url, &o).build().unwrap();
    let role = c.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "issued")).unwrap();
    let secret = role.credentials.secret_access_key().expose().to_owned();
    let token = role.credentials.session_token().unwrap().expose().to_owned();
    let key_id = role.credentials.access_key_id().to_owned();
    o.debug("AssumeRoleResponse", &role);
    let session = c.get_session_token(&GetSessionTokenRequest::default()).unwrap();
    let session_secret = session.credentials.secret_access_key().expose().to_owned();
    let session_token = session.credentials.session_token().unwrap().expose().to_owned();
    o.debug("GetSessionTokenResponse", &session);
    let fed = c.get_federation_token(&GetFederationTokenRequest { name: "Bob".into(), ..Default::default() }).unwrap();
    let fed_secret = fed.credentials.secret_access_key().expose().to_owned();
    o.debug("GetFederationTokenResponse", &fed);
    let wit = c
        .get_web_identity_token(&GetWebIdentityTokenRequest {
            audience: vec!["https://api.example.com".into()],
            signing_algorithm: "RS256".into(),
            ..Default::default()
        })
        .unwrap();
    let jwt_out = wit.web_identity_token.expose().to_owned();
    o.debug("GetWebIdentityTokenResponse", &wit);
    let mut any = AnyRequest::new(OperationId::GetSessionToken);
    any.set_int(Member::DurationSeconds, 900).unwrap();
    let any_resp = c.send_any(&any).unwrap();
    let any_secret = any_resp.credentials().unwrap().secret_access_key().expose().to_owned();
    o.debug("AnyResponse", &any_resp);

    // Use the issued credentials through faults, skew and a signature failure.
    for (name, directives) in
        [("throttle", "fault=throttle/times=1"), ("skew", "skew=-3600"), ("reset", "fault=reset/times=1")]
    {
        let (_, url) = scenario(&format!("issued-{name}"), directives);
        let chained = quick(&url, &o).credentials(role.credentials.clone()).build().unwrap();
        let r = chained.get_caller_identity();
        assert!(r.is_ok(), "{name}: {r:?}");
        o.result(&format!("chained/{name}"), &r);
    }
    // The right session token with a wrong secret: STS answers SignatureDoesNotMatch and, like
    // AWS, quotes the canonical request it expected, x-amz-security-token header included.
    let (_, url) = scenario("issued-badsig", "");
    let wrong = Credentials::new(key_id.clone(), "wrong-secret", Some(SecretString::new(token.clone())));
    let r = quick(&url, &o).credentials(wrong).build().unwrap().get_caller_identity();
    assert_eq!(r.as_ref().err().and_then(|e| e.sts_code()), Some(stskit::StsErrorCode::SignatureDoesNotMatch), "{r:?}");
    o.result("chained/badsig", &r);
    // The same through a presigned URL: STS then quotes the canonical query string, which has
    // the token percent-encoded.
    let wrong = Credentials::new(key_id.clone(), "wrong-secret", Some(SecretString::new(token.clone())));
    let signer = quick(&format!("{}/", emulator().http), &o).credentials(wrong).build().unwrap();
    let p = signer.presign_get_caller_identity(&PresignOptions::default()).unwrap();
    let r = signer.send_presigned(&p);
    assert_eq!(r.as_ref().err().and_then(|e| e.sts_code()), Some(stskit::StsErrorCode::SignatureDoesNotMatch), "{r:?}");
    o.result("presigned/badsig", &r);
    o.debug("presigned", &p);
    let encoded_token = percent_encode(&token);
    assert!(p.url.contains(&encoded_token));

    o.assert_clean(&[
        &secret,
        &token,
        &encoded_token,
        &session_secret,
        &session_token,
        &fed_secret,
        &jwt_out,
        &any_secret,
    ]);
    // Debug output masks the access key id of issued credentials.
    let shown = format!("{:?}", role.credentials);
    assert!(!shown.contains(&key_id), "{shown}");
    assert!(shown.contains(&key_id[..4]) && shown.contains(&key_id[key_id.len() - 4..]), "{shown}");
}

#[test]
fn credentials_debug_masks_the_key_id_and_hides_secrets() {
    let c = Credentials::new("ASIAIOSFODNN7EXAMPLE", SECRET, Some(SecretString::new(TOKEN)));
    let shown = format!("{c:?}");
    assert!(shown.contains("ASIA************MPLE"), "{shown}");
    assert!(!shown.contains("ASIAIOSFODNN7EXAMPLE"), "{shown}");
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    // The accessors still give the values to whoever asks explicitly.
    assert_eq!(c.secret_access_key().expose(), SECRET);
    assert_eq!(c.session_token().map(SecretString::expose), Some(TOKEN));
    assert_eq!(stskit::mask_access_key_id("AKIAIOSFODNN7EXAMPLE"), "AKIA************MPLE");
}

#[test]
fn presigned_requests_do_not_print_the_session_token() {
    let o = Observed::default();
    let c = quick(&format!("{}/", emulator().http), &o).credentials(canary_credentials()).build().unwrap();
    let p = c.presign_get_caller_identity(&PresignOptions::default()).unwrap();
    // The URL itself must carry the token (that is how it authenticates)...
    assert!(p.url.contains(TOKEN), "{}", p.url);
    // ...but printing the struct must not.
    let shown = format!("{p:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("GetCallerIdentity"), "{shown}");
    for line in o.log_lines() {
        assert!(!line.contains(TOKEN), "{line}");
    }
}

#[test]
fn validation_errors_do_not_echo_values() {
    let c = Client::builder().region("us-east-1").endpoint_url(format!("{}/", emulator().http)).build().unwrap();
    let err = c.assume_role_with_web_identity(&web_identity(&JWT_CANARY.repeat(3000))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert!(err.message().contains("WebIdentityToken"), "{err}");
    assert!(!err.to_string().contains(JWT_CANARY) && !format!("{err:?}").contains(JWT_CANARY), "{err:?}");
}
