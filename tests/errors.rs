//! Errors end to end: every STS error code the spec lists (sts-api.md §6.2, §6.3) as the emulator
//! injects it, the errors the emulator produces naturally, and local validation that must fail
//! before any request leaves the client.

mod common;
use common::*;
use std::fmt::Debug;
use stskit::model::*;
use stskit::{Client, Credentials, Error, ErrorKind, RetryConfig, SecretString, StsErrorCode};

/// A client for a scenario with quick retries and `max_attempts` attempts.
fn client_with_attempts(url: &str, max_attempts: u32) -> Client {
    builder(url)
        .retry(RetryConfig { max_attempts, backoff_scale: 0.01, ..RetryConfig::default() })
        .build()
        .expect("client")
}

/// A client without credentials.
fn anonymous_client(url: &str) -> Client {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .retry(RetryConfig { backoff_scale: 0.01, ..RetryConfig::default() })
        .build()
        .expect("client")
}

/// Checks the common shape of an STS service error and returns it.
fn assert_service_error(err: &Error, code: &str, sts: StsErrorCode, status: u16, retryable: bool) {
    assert_eq!(err.kind(), ErrorKind::Service, "{code}: {err}");
    assert_eq!(err.sts_code(), Some(sts), "{code}: {err}");
    let s = err.service_error().expect("service detail");
    assert_eq!(s.code, code, "{err}");
    assert_eq!(s.sts_code(), sts);
    assert_eq!(s.http_status, status, "{code}: {err}");
    assert_eq!(err.http_status(), Some(status));
    assert_eq!(s.request_id.len(), 36, "{code}: request id {:?}", s.request_id);
    assert_eq!(err.request_id(), Some(s.request_id.as_str()));
    assert!(!s.message.is_empty(), "{code}: empty message");
    assert_eq!(err.message(), s.message);
    let expected_type = if status >= 500 { "Receiver" } else { "Sender" };
    assert_eq!(s.error_type, expected_type, "{code}");
    assert_eq!(err.is_retryable(), retryable, "{code}: is_retryable");
    let shown = err.to_string();
    assert!(
        shown.contains(code) && shown.contains(&format!("HTTP {status}")) && shown.contains(&s.request_id),
        "{shown}"
    );
}

struct Case {
    code: &'static str,
    sts: StsErrorCode,
    /// The HTTP status sts-api.md gives for the code.
    status: u16,
    retryable: bool,
}

const fn case(code: &'static str, sts: StsErrorCode, status: u16, retryable: bool) -> Case {
    Case { code, sts, status, retryable }
}

/// §6.2 (modeled) and §6.3 (generic) codes with their HTTP status.
const CASES: &[Case] = &[
    // §6.2 modeled errors
    case("ExpiredTokenException", StsErrorCode::ExpiredTokenException, 400, false),
    case("ExpiredTradeInTokenException", StsErrorCode::ExpiredTradeInTokenException, 400, false),
    case("IDPCommunicationError", StsErrorCode::IdpCommunicationError, 400, true),
    case("IDPRejectedClaim", StsErrorCode::IdpRejectedClaim, 403, false),
    case("InvalidAuthorizationMessageException", StsErrorCode::InvalidAuthorizationMessageException, 400, false),
    case("InvalidIdentityToken", StsErrorCode::InvalidIdentityToken, 400, false),
    case("JWTPayloadSizeExceededException", StsErrorCode::JwtPayloadSizeExceededException, 400, false),
    case("MalformedPolicyDocument", StsErrorCode::MalformedPolicyDocument, 400, false),
    case(
        "OutboundWebIdentityFederationDisabledException",
        StsErrorCode::OutboundWebIdentityFederationDisabledException,
        403,
        false,
    ),
    case("PackedPolicyTooLarge", StsErrorCode::PackedPolicyTooLarge, 400, false),
    case("RegionDisabledException", StsErrorCode::RegionDisabledException, 403, false),
    case("SessionDurationEscalationException", StsErrorCode::SessionDurationEscalationException, 403, false),
    // §6.3 generic errors observed from STS
    case("ExpiredToken", StsErrorCode::ExpiredToken, 403, false),
    case("InvalidClientTokenId", StsErrorCode::InvalidClientTokenId, 403, false),
    case("SignatureDoesNotMatch", StsErrorCode::SignatureDoesNotMatch, 403, false),
    case("IncompleteSignature", StsErrorCode::IncompleteSignature, 400, false),
    case("AccessDenied", StsErrorCode::AccessDenied, 403, false),
    case("Throttling", StsErrorCode::Throttling, 400, true),
    case("ValidationError", StsErrorCode::ValidationError, 400, false),
    // §6.3 generic AWS Query errors
    case("MissingAuthenticationToken", StsErrorCode::MissingAuthenticationToken, 403, false),
    case("InvalidAction", StsErrorCode::InvalidAction, 400, false),
    case("MissingParameter", StsErrorCode::MissingParameter, 400, false),
    case("InvalidParameterValue", StsErrorCode::InvalidParameterValue, 400, false),
    case("InvalidParameterCombination", StsErrorCode::InvalidParameterCombination, 400, false),
    case("OptInRequired", StsErrorCode::OptInRequired, 403, false),
    case("RequestExpired", StsErrorCode::RequestExpired, 400, false),
    case("InternalFailure", StsErrorCode::InternalFailure, 500, true),
    case("ServiceUnavailable", StsErrorCode::ServiceUnavailable, 503, true),
    case("ThrottlingException", StsErrorCode::ThrottlingException, 400, true),
];

#[test]
fn every_listed_error_code_is_decoded_with_status_request_id_and_retryability() {
    for c in CASES {
        let (id, url) = scenario("err", &format!("error={}", c.code));
        // Default retries (3 attempts): retryable codes are tried 3 times, the others exactly once.
        let err = client(&url).get_caller_identity().unwrap_err();
        assert_service_error(&err, c.code, c.sts, c.status, c.retryable);
        let expected_requests = if c.retryable { 3 } else { 1 };
        assert_eq!(request_count(&id), expected_requests, "{}: requests", c.code);
    }
}

#[test]
fn codes_the_spec_gives_no_sts_status_for_are_passed_through_as_sent() {
    // AccessDeniedException, RequestTimeTooSkewed and InvalidSignatureException have no STS row in
    // sts-api.md; the emulator answers them with 400. The client must report whatever status came.
    for (code, sts) in [
        ("AccessDeniedException", StsErrorCode::AccessDeniedException),
        ("RequestTimeTooSkewed", StsErrorCode::RequestTimeTooSkewed),
        ("InvalidSignatureException", StsErrorCode::InvalidSignatureException),
    ] {
        let (id, url) = scenario("err-other", &format!("error={code}"));
        let err = client(&url).get_caller_identity().unwrap_err();
        let sent = stats(&id)["history"][0]["status"].as_u64().expect("status in history") as u16;
        assert_service_error(&err, code, sts, sent, false);
        // The server's Date is right, so no skew is learned and nothing is retried.
        assert_eq!(request_count(&id), 1, "{code}");
    }
}

#[test]
fn every_known_code_of_the_enum_is_covered_here() {
    let mut covered: Vec<&str> = CASES.iter().map(|c| c.code).collect();
    covered.extend(["AccessDeniedException", "RequestTimeTooSkewed", "InvalidSignatureException"]);
    for (code, _) in StsErrorCode::all() {
        assert!(covered.contains(&code), "{code} is not exercised");
    }
}

#[test]
fn throttling_with_a_single_attempt_is_not_retried() {
    let (id, url) = scenario("throttle1", "error=Throttling");
    let err = client_with_attempts(&url, 1).get_caller_identity().unwrap_err();
    assert_service_error(&err, "Throttling", StsErrorCode::Throttling, 400, true);
    assert_eq!(request_count(&id), 1);
}

#[test]
fn unknown_codes_are_other_with_the_code_kept() {
    let (id, url) = scenario("err-unknown", "error=BrandNewStsError");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.sts_code(), Some(StsErrorCode::Other));
    let s = err.service_error().unwrap();
    assert_eq!((s.code.as_str(), s.http_status), ("BrandNewStsError", 400));
    assert_eq!(s.request_id.len(), 36);
    assert!(!err.is_retryable());
    assert_eq!(request_count(&id), 1);
}

#[test]
fn shape_names_are_mapped_to_their_wire_codes() {
    // The emulator accepts the shape name and sends the wire code (§6.2): the client sees the wire code.
    let (_, url) = scenario("err-alias", "error=IDPRejectedClaimException");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_service_error(&err, "IDPRejectedClaim", StsErrorCode::IdpRejectedClaim, 403, false);
}

// ---- errors the emulator produces from the request itself ----------------------------------

#[test]
fn unknown_access_key_is_invalid_client_token_id() {
    let (id, url) = scenario("nat-akid", "");
    let c =
        builder(&url).credentials(Credentials::new("AKIDUNKNOWN000000000", SECRET_ACCESS_KEY, None)).build().unwrap();
    let err = c.get_caller_identity().unwrap_err();
    assert_service_error(&err, "InvalidClientTokenId", StsErrorCode::InvalidClientTokenId, 403, false);
    assert_eq!(request_count(&id), 1);
}

#[test]
fn wrong_secret_is_signature_does_not_match_and_not_mistaken_for_skew() {
    let (id, url) = scenario("nat-secret", "");
    let c = builder(&url).credentials(Credentials::new(ACCESS_KEY_ID, "not-the-right-secret", None)).build().unwrap();
    let err = c.get_caller_identity().unwrap_err();
    assert_service_error(&err, "SignatureDoesNotMatch", StsErrorCode::SignatureDoesNotMatch, 403, false);
    // The server's Date agrees with our clock: no offset is learned and the call is not repeated.
    assert_eq!(request_count(&id), 1);
    assert_eq!(c.clock_offset(), time::Duration::ZERO);
}

#[test]
fn assume_role_on_a_denied_role_is_access_denied() {
    let err = default_client()
        .assume_role(&AssumeRoleRequest::new("arn:aws:iam::123456789012:role/denied-admin", "s1"))
        .unwrap_err();
    assert_service_error(&err, "AccessDenied", StsErrorCode::AccessDenied, 403, false);
    assert!(err.message().contains("denied-admin"), "{err}");
}

#[test]
fn malformed_policy_json_is_malformed_policy_document() {
    let req = AssumeRoleRequest { policy: Some("{not json".into()), ..AssumeRoleRequest::new(ROLE_ARN, "s1") };
    let err = default_client().assume_role(&req).unwrap_err();
    assert_service_error(&err, "MalformedPolicyDocument", StsErrorCode::MalformedPolicyDocument, 400, false);
    let req = GetFederationTokenRequest { name: "Bob".into(), policy: Some("[1,2]".into()), ..Default::default() };
    let err = default_client().get_federation_token(&req).unwrap_err();
    assert_service_error(&err, "MalformedPolicyDocument", StsErrorCode::MalformedPolicyDocument, 400, false);
}

#[test]
fn assume_role_policy_has_no_local_maximum_and_the_server_judges_its_size() {
    // AssumeRole.Policy has no max length in the model (§2): 3000 characters pass local
    // validation and the emulator reports the packed size as too large.
    let (id, url) = scenario("packed", "");
    let statement = r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#;
    let mut policy = String::from(r#"{"Version":"2012-10-17","Statement":["#);
    while policy.len() < 3000 {
        policy.push_str(statement);
        policy.push(',');
    }
    policy.push_str(statement);
    policy.push_str("]}");
    let req = AssumeRoleRequest { policy: Some(policy), ..AssumeRoleRequest::new(ROLE_ARN, "s1") };
    let err = client(&url).assume_role(&req).unwrap_err();
    assert_service_error(&err, "PackedPolicyTooLarge", StsErrorCode::PackedPolicyTooLarge, 400, false);
    assert_eq!(request_count(&id), 1);
}

fn web_identity(token: String) -> AssumeRoleWithWebIdentityRequest {
    AssumeRoleWithWebIdentityRequest {
        role_arn: ROLE_ARN.into(),
        role_session_name: "app1".into(),
        web_identity_token: SecretString::new(token),
        ..Default::default()
    }
}

#[test]
fn expired_web_identity_token_is_expired_token_exception() {
    let c = anonymous_client(&format!("{}/", emulator().http));
    let token = jwt(r#"{"sub":"player-1","aud":"game","iss":"https://accounts.example.com","exp":1000000000}"#);
    let err = c.assume_role_with_web_identity(&web_identity(token)).unwrap_err();
    assert_service_error(&err, "ExpiredTokenException", StsErrorCode::ExpiredTokenException, 400, false);
}

#[test]
fn rejected_claim_is_idp_rejected_claim() {
    let c = anonymous_client(&format!("{}/", emulator().http));
    let token = jwt(r#"{"sub":"rejected","aud":"game","iss":"https://accounts.example.com"}"#);
    let err = c.assume_role_with_web_identity(&web_identity(token)).unwrap_err();
    assert_service_error(&err, "IDPRejectedClaim", StsErrorCode::IdpRejectedClaim, 403, false);
}

#[test]
fn non_jwt_is_invalid_identity_token() {
    let c = anonymous_client(&format!("{}/", emulator().http));
    let err = c.assume_role_with_web_identity(&web_identity("this is not a jwt".into())).unwrap_err();
    assert_service_error(&err, "InvalidIdentityToken", StsErrorCode::InvalidIdentityToken, 400, false);
}

#[test]
fn unreachable_idp_is_a_retried_idp_communication_error() {
    let (id, url) = scenario("idp-nat", "");
    let c = anonymous_client(&url);
    let token = jwt(r#"{"sub":"player-1","aud":"game","iss":"https://unreachable.example.com"}"#);
    let err = c.assume_role_with_web_identity(&web_identity(token)).unwrap_err();
    assert_service_error(&err, "IDPCommunicationError", StsErrorCode::IdpCommunicationError, 400, true);
    assert_eq!(request_count(&id), 3);
}

#[test]
fn saml_errors_expired_and_invalid() {
    let c = anonymous_client(&format!("{}/", emulator().http));
    let req = |assertion: String| AssumeRoleWithSamlRequest {
        role_arn: ROLE_ARN.into(),
        principal_arn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP".into(),
        saml_assertion: SecretString::new(assertion),
        ..Default::default()
    };
    let err = c.assume_role_with_saml(&req(saml_assertion("jdoe@example.com", "2001-01-01T00:00:00Z"))).unwrap_err();
    assert_service_error(&err, "ExpiredTokenException", StsErrorCode::ExpiredTokenException, 400, false);
    let err = c.assume_role_with_saml(&req(base64(b"<not-saml/>"))).unwrap_err();
    assert_service_error(&err, "InvalidIdentityToken", StsErrorCode::InvalidIdentityToken, 400, false);
}

#[test]
fn garbage_authorization_message_is_invalid_authorization_message_exception() {
    let req = DecodeAuthorizationMessageRequest { encoded_message: "!!garbage, not base64 json!!".into() };
    let err = default_client().decode_authorization_message(&req).unwrap_err();
    assert_service_error(
        &err,
        "InvalidAuthorizationMessageException",
        StsErrorCode::InvalidAuthorizationMessageException,
        400,
        false,
    );
}

#[test]
fn expired_trade_in_token_is_expired_trade_in_token_exception() {
    let req = GetDelegatedAccessTokenRequest { trade_in_token: SecretString::new("expired") };
    let err = default_client().get_delegated_access_token(&req).unwrap_err();
    assert_service_error(&err, "ExpiredTradeInTokenException", StsErrorCode::ExpiredTradeInTokenException, 400, false);
}

#[test]
fn wrong_mfa_code_is_access_denied() {
    let req = GetSessionTokenRequest {
        serial_number: Some("arn:aws:iam::123456789012:mfa/user".into()),
        token_code: Some("654321".into()),
        ..Default::default()
    };
    let err = default_client().get_session_token(&req).unwrap_err();
    assert_service_error(&err, "AccessDenied", StsErrorCode::AccessDenied, 403, false);
}

#[test]
fn expired_emulator_issued_credentials_are_expired_token() {
    let (_, url) = scenario("short-lived", "lifetime=1");
    let creds = client(&url).assume_role(&AssumeRoleRequest::new(ROLE_ARN, "short")).unwrap().credentials;
    // The emulator gave them a one-second lifetime; two seconds later they are expired.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (id, url) = scenario("use-expired", "");
    let c = builder(&url).credentials(creds).build().unwrap();
    let err = c.get_caller_identity().unwrap_err();
    assert_service_error(&err, "ExpiredToken", StsErrorCode::ExpiredToken, 403, false);
    // ExpiredToken (the caller's credentials, 403) is not the modeled ExpiredTokenException.
    assert_ne!(err.sts_code(), Some(StsErrorCode::ExpiredTokenException));
    assert_eq!(request_count(&id), 1, "not retried");
}

// ---- local validation: nothing reaches the emulator ---------------------------------------

/// Asserts a local validation failure that names `member`.
#[track_caller]
fn invalid<T: Debug>(result: stskit::Result<T>, member: &str) {
    let err = result.expect_err(member);
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{member}: {err}");
    assert!(err.message().contains(member), "message should name {member}: {}", err.message());
    assert!(err.service_error().is_none() && err.sts_code().is_none() && !err.is_retryable());
    assert!(err.to_string().starts_with("invalid argument: "), "{err}");
}

fn tags(n: usize) -> Option<Vec<Tag>> {
    Some((0..n).map(|i| Tag::new(format!("k{i}"), "v")).collect())
}

fn context(assertion: &str) -> ProvidedContext {
    ProvidedContext {
        provider_arn: Some("arn:aws:iam::aws:contextProvider/IdentityCenter".into()),
        context_assertion: Some(assertion.into()),
    }
}

/// A validation scenario and a client for it; asserts at the end that no request arrived.
struct Local {
    id: String,
    client: Client,
}

impl Local {
    fn new(prefix: &str) -> Local {
        let (id, url) = scenario(prefix, "");
        Local { id, client: client(&url) }
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert_eq!(request_count(&self.id), 0, "a request reached the emulator");
        }
    }
}

#[test]
fn assume_role_local_validation() {
    let l = Local::new("v-ar");
    let c = &l.client;
    let base = || AssumeRoleRequest::new(ROLE_ARN, "session");
    invalid(c.assume_role(&AssumeRoleRequest { role_arn: "arn:aws:iam::1:r".into(), ..base() }), "RoleArn");
    invalid(c.assume_role(&AssumeRoleRequest { role_arn: format!("{ROLE_ARN}\u{1}"), ..base() }), "RoleArn");
    invalid(c.assume_role(&AssumeRoleRequest { role_session_name: "a".into(), ..base() }), "RoleSessionName");
    invalid(c.assume_role(&AssumeRoleRequest { role_session_name: "a".repeat(65), ..base() }), "RoleSessionName");
    invalid(c.assume_role(&AssumeRoleRequest { role_session_name: "has space".into(), ..base() }), "RoleSessionName");
    invalid(c.assume_role(&AssumeRoleRequest { duration_seconds: Some(899), ..base() }), "DurationSeconds");
    invalid(c.assume_role(&AssumeRoleRequest { duration_seconds: Some(43201), ..base() }), "DurationSeconds");
    invalid(c.assume_role(&AssumeRoleRequest { tags: tags(51), ..base() }), "Tags");
    invalid(c.assume_role(&AssumeRoleRequest { tags: Some(vec![Tag::new("", "v")]), ..base() }), "Tags[1].Key");
    invalid(c.assume_role(&AssumeRoleRequest { tags: Some(vec![Tag::new("a*b", "v")]), ..base() }), "Tags[1].Key");
    invalid(
        c.assume_role(&AssumeRoleRequest { tags: Some(vec![Tag::new("k", "v".repeat(257))]), ..base() }),
        "Tags[1].Value",
    );
    let keys = Some((0..51).map(|i| format!("k{i}")).collect());
    invalid(c.assume_role(&AssumeRoleRequest { transitive_tag_keys: keys, ..base() }), "TransitiveTagKeys");
    invalid(c.assume_role(&AssumeRoleRequest { external_id: Some("x".into()), ..base() }), "ExternalId");
    invalid(c.assume_role(&AssumeRoleRequest { external_id: Some("bad id!".into()), ..base() }), "ExternalId");
    invalid(c.assume_role(&AssumeRoleRequest { serial_number: Some("short".into()), ..base() }), "SerialNumber");
    invalid(c.assume_role(&AssumeRoleRequest { token_code: Some("12345".into()), ..base() }), "TokenCode");
    invalid(c.assume_role(&AssumeRoleRequest { token_code: Some("12345a".into()), ..base() }), "TokenCode");
    invalid(
        c.assume_role(&AssumeRoleRequest { source_identity: Some("aws:admin".into()), ..base() }),
        "SourceIdentity",
    );
    invalid(c.assume_role(&AssumeRoleRequest { source_identity: Some("a".into()), ..base() }), "SourceIdentity");
    let six = Some(vec![context("abcd"); 6]);
    invalid(c.assume_role(&AssumeRoleRequest { provided_contexts: six, ..base() }), "ProvidedContexts");
    invalid(c.assume_role(&AssumeRoleRequest { provided_contexts: Some(vec![]), ..base() }), "ProvidedContexts");
    let short = Some(vec![context("abc")]);
    invalid(
        c.assume_role(&AssumeRoleRequest { provided_contexts: short, ..base() }),
        "ProvidedContexts[1].ContextAssertion",
    );
    invalid(c.assume_role(&AssumeRoleRequest { policy: Some(String::new()), ..base() }), "Policy");
    invalid(c.assume_role(&AssumeRoleRequest { policy: Some("{\"a\":\"\u{100}\"}".into()), ..base() }), "Policy");
    let arns = Some(vec![PolicyDescriptor::new("arn:too-short")]);
    invalid(c.assume_role(&AssumeRoleRequest { policy_arns: arns, ..base() }), "PolicyArns[1].arn");
}

#[test]
fn assume_role_with_saml_local_validation() {
    let l = Local::new("v-saml");
    let c = &l.client;
    let base = || AssumeRoleWithSamlRequest {
        role_arn: ROLE_ARN.into(),
        principal_arn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP".into(),
        saml_assertion: SecretString::new(saml_assertion("jdoe", "2099-01-01T00:00:00Z")),
        ..Default::default()
    };
    invalid(c.assume_role_with_saml(&AssumeRoleWithSamlRequest { role_arn: "short".into(), ..base() }), "RoleArn");
    invalid(
        c.assume_role_with_saml(&AssumeRoleWithSamlRequest { principal_arn: "short".into(), ..base() }),
        "PrincipalArn",
    );
    invalid(
        c.assume_role_with_saml(&AssumeRoleWithSamlRequest { saml_assertion: "abc".into(), ..base() }),
        "SAMLAssertion",
    );
    let huge = SecretString::new("A".repeat(100_001));
    invalid(c.assume_role_with_saml(&AssumeRoleWithSamlRequest { saml_assertion: huge, ..base() }), "SAMLAssertion");
    invalid(c.assume_role_with_saml(&AssumeRoleWithSamlRequest { policy: Some("x".repeat(2049)), ..base() }), "Policy");
    invalid(
        c.assume_role_with_saml(&AssumeRoleWithSamlRequest { duration_seconds: Some(899), ..base() }),
        "DurationSeconds",
    );
    invalid(
        c.assume_role_with_saml(&AssumeRoleWithSamlRequest { duration_seconds: Some(43201), ..base() }),
        "DurationSeconds",
    );
}

#[test]
fn assume_role_with_web_identity_local_validation() {
    let l = Local::new("v-web");
    let c = &l.client;
    let base = || web_identity(jwt(r#"{"sub":"s","aud":"a","iss":"i"}"#));
    let r = |f: fn(&mut AssumeRoleWithWebIdentityRequest)| {
        let mut req = base();
        f(&mut req);
        c.assume_role_with_web_identity(&req)
    };
    invalid(r(|q| q.role_arn = "short".into()), "RoleArn");
    invalid(r(|q| q.role_session_name = "x".into()), "RoleSessionName");
    invalid(r(|q| q.role_session_name = "a/b".into()), "RoleSessionName");
    invalid(r(|q| q.web_identity_token = "abc".into()), "WebIdentityToken");
    invalid(r(|q| q.web_identity_token = SecretString::new("a".repeat(20_001))), "WebIdentityToken");
    invalid(r(|q| q.provider_id = Some("abc".into())), "ProviderId");
    invalid(r(|q| q.policy = Some("x".repeat(2049))), "Policy");
    invalid(r(|q| q.duration_seconds = Some(899)), "DurationSeconds");
    invalid(r(|q| q.duration_seconds = Some(43201)), "DurationSeconds");
}

#[test]
fn assume_root_local_validation() {
    let l = Local::new("v-root");
    let c = &l.client;
    let base = || AssumeRootRequest {
        target_principal: "111122223333".into(),
        task_policy_arn: PolicyDescriptor::new("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
        duration_seconds: None,
    };
    invalid(c.assume_root(&AssumeRootRequest { target_principal: "11112222333".into(), ..base() }), "TargetPrincipal");
    invalid(
        c.assume_root(&AssumeRootRequest { task_policy_arn: PolicyDescriptor::default(), ..base() }),
        "TaskPolicyArn",
    );
    invalid(
        c.assume_root(&AssumeRootRequest { task_policy_arn: PolicyDescriptor::new("arn:short"), ..base() }),
        "TaskPolicyArn",
    );
    invalid(c.assume_root(&AssumeRootRequest { duration_seconds: Some(901), ..base() }), "DurationSeconds");
    invalid(c.assume_root(&AssumeRootRequest { duration_seconds: Some(-1), ..base() }), "DurationSeconds");
}

#[test]
fn assume_root_duration_zero_is_valid() {
    // RootDurationSecondsType is 0..900: 0 must pass local validation.
    let (id, url) = scenario("root-zero", "");
    let resp = client(&url).assume_root(&AssumeRootRequest {
        target_principal: "111122223333".into(),
        task_policy_arn: PolicyDescriptor::new("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
        duration_seconds: Some(0),
    });
    assert_eq!(request_count(&id), 1, "{resp:?}");
}

#[test]
fn small_operations_local_validation() {
    let l = Local::new("v-small");
    let c = &l.client;
    let decode = |m: String| c.decode_authorization_message(&DecodeAuthorizationMessageRequest { encoded_message: m });
    invalid(decode(String::new()), "EncodedMessage");
    invalid(decode("a".repeat(10_241)), "EncodedMessage");
    let info = |k: &str| c.get_access_key_info(&GetAccessKeyInfoRequest { access_key_id: k.into() });
    invalid(info("AKIDSHORT"), "AccessKeyId");
    invalid(info(&"A".repeat(129)), "AccessKeyId");
    invalid(info("AKID-WITH-DASHES-00000"), "AccessKeyId");
    invalid(c.get_delegated_access_token(&GetDelegatedAccessTokenRequest::default()), "TradeInToken");
}

#[test]
fn get_federation_token_local_validation() {
    let l = Local::new("v-fed");
    let c = &l.client;
    let base = || GetFederationTokenRequest { name: "Bob".into(), ..Default::default() };
    invalid(c.get_federation_token(&GetFederationTokenRequest { name: "B".into(), ..base() }), "Name");
    invalid(c.get_federation_token(&GetFederationTokenRequest { name: "B".repeat(33), ..base() }), "Name");
    invalid(c.get_federation_token(&GetFederationTokenRequest { name: "Bob Smith".into(), ..base() }), "Name");
    invalid(c.get_federation_token(&GetFederationTokenRequest { policy: Some("x".repeat(2049)), ..base() }), "Policy");
    invalid(
        c.get_federation_token(&GetFederationTokenRequest { duration_seconds: Some(899), ..base() }),
        "DurationSeconds",
    );
    invalid(
        c.get_federation_token(&GetFederationTokenRequest { duration_seconds: Some(129_601), ..base() }),
        "DurationSeconds",
    );
    invalid(c.get_federation_token(&GetFederationTokenRequest { tags: tags(51), ..base() }), "Tags");
}

#[test]
fn get_session_token_local_validation() {
    let l = Local::new("v-gst");
    let c = &l.client;
    let r = |f: fn(&mut GetSessionTokenRequest)| {
        let mut req = GetSessionTokenRequest::default();
        f(&mut req);
        c.get_session_token(&req)
    };
    invalid(r(|q| q.duration_seconds = Some(899)), "DurationSeconds");
    invalid(r(|q| q.duration_seconds = Some(129_601)), "DurationSeconds");
    invalid(r(|q| q.token_code = Some("12345".into())), "TokenCode");
    invalid(r(|q| q.serial_number = Some("abc".into())), "SerialNumber");
    invalid(r(|q| q.serial_number = Some("arn:aws:iam::123456789012:mfa/u ser".into())), "SerialNumber");
}

#[test]
fn get_web_identity_token_local_validation() {
    let l = Local::new("v-gwit");
    let c = &l.client;
    let base = || GetWebIdentityTokenRequest {
        audience: vec!["https://api.example.com".into()],
        signing_algorithm: "RS256".into(),
        ..Default::default()
    };
    invalid(c.get_web_identity_token(&GetWebIdentityTokenRequest { audience: vec![], ..base() }), "Audience");
    let eleven = (0..11).map(|i| format!("aud{i}")).collect();
    invalid(c.get_web_identity_token(&GetWebIdentityTokenRequest { audience: eleven, ..base() }), "Audience");
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { audience: vec![String::new()], ..base() }),
        "Audience[1]",
    );
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { audience: vec!["a".repeat(1001)], ..base() }),
        "Audience[1]",
    );
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { duration_seconds: Some(59), ..base() }),
        "DurationSeconds",
    );
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { duration_seconds: Some(3601), ..base() }),
        "DurationSeconds",
    );
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { signing_algorithm: "HS256".into(), ..base() }),
        "SigningAlgorithm",
    );
    invalid(
        c.get_web_identity_token(&GetWebIdentityTokenRequest { signing_algorithm: String::new(), ..base() }),
        "SigningAlgorithm",
    );
    invalid(c.get_web_identity_token(&GetWebIdentityTokenRequest { tags: tags(51), ..base() }), "Tags");
}

#[test]
fn boundary_values_pass_local_validation() {
    // The edges of each range are legal: every request here reaches the emulator.
    let (id, url) = scenario("v-edges", "");
    let c = client(&url);
    c.assume_role(&AssumeRoleRequest {
        duration_seconds: Some(900),
        tags: tags(50),
        ..AssumeRoleRequest::new(ROLE_ARN, "ab")
    })
    .unwrap();
    c.get_session_token(&GetSessionTokenRequest { duration_seconds: Some(129_600), ..Default::default() }).unwrap();
    c.get_web_identity_token(&GetWebIdentityTokenRequest {
        audience: (0..10).map(|i| format!("aud{i}")).collect(),
        duration_seconds: Some(60),
        signing_algorithm: "ES384".into(),
        tags: None,
    })
    .unwrap();
    assert_eq!(request_count(&id), 3);
}

#[test]
fn signed_operations_need_credentials_and_unsigned_ones_do_not() {
    let (id, url) = scenario("nocreds", "");
    let c = anonymous_client(&url);
    let err = c.get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingCredentials, "{err}");
    assert!(!err.is_retryable());
    let err = c.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "s1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingCredentials, "{err}");
    // Validation still comes first.
    let err = c.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "s")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert_eq!(request_count(&id), 0);

    let token = jwt(r#"{"sub":"player-1","aud":"game","iss":"https://accounts.example.com"}"#);
    c.assume_role_with_web_identity(&web_identity(token)).unwrap();
    c.assume_role_with_saml(&AssumeRoleWithSamlRequest {
        role_arn: ROLE_ARN.into(),
        principal_arn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP".into(),
        saml_assertion: SecretString::new(saml_assertion("jdoe@example.com", "2099-01-01T00:00:00Z")),
        ..Default::default()
    })
    .unwrap();
    let s = stats(&id);
    assert_eq!((s["requests"].as_u64(), s["unsigned"].as_u64()), (Some(2), Some(2)), "{s}");
}
