//! Interoperability with moto's STS server (PyPI `moto[server]`, run as
//! `python3 -m moto.server`), an independent implementation of the STS wire protocol.
//!
//! The test starts moto itself on a free 127.0.0.1 port, waits for it, and kills it at the end
//! (a guard with `Drop`, so also on failure). Without moto the test prints a note and passes,
//! unless `CI` is set: then it fails, so CI cannot skip it silently.
//!
//! What moto implements (moto/sts/responses.py, moto 5.x): GetSessionToken,
//! GetFederationToken, AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML,
//! GetCallerIdentity, GetAccessKeyInfo.
//!
//! Not implemented by moto (it raises NotImplementedError and answers with an HTML
//! "500 Internal Server Error" page); for each, the client must return a typed service error
//! (HTTP 500, no STS code, retryable) rather than panic or mis-parse:
//! - DecodeAuthorizationMessage
//! - AssumeRoot
//! - GetDelegatedAccessToken
//! - GetWebIdentityToken
//!
//! Quirks of moto asserted as such: GetSessionToken and GetFederationToken return the fixed
//! AWS documentation example keys (`AKIAIOSFODNN7EXAMPLE`, not an `ASIA…` key); responses carry
//! no SourceIdentity, and AssumeRoleWithWebIdentity no Provider/Audience/Subject.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stskit::model::*;
use stskit::{Client, Credentials, ErrorKind, SecretString, StsErrorCode};
use time::OffsetDateTime;

/// The moto server process; killed (and reaped) when dropped.
struct MotoServer {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Keep the log only when the test failed.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

impl MotoServer {
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

fn moto_installed() -> bool {
    Command::new("python3")
        .args(["-m", "moto.server", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
    // The listener is dropped here; moto binds the port next.
}

/// Whether an HTTP server answers on `port` (any status line will do).
fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(500)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(s, "GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.")
}

fn start_moto() -> MotoServer {
    let port = free_port();
    let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-{}-{port}.log", std::process::id()));
    let log_file = std::fs::File::create(&log).expect("create moto log");
    let child = Command::new("python3")
        .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .spawn()
        .expect("start python3 -m moto.server");
    let mut server = MotoServer { child, url: format!("http://127.0.0.1:{port}/"), log };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if answers(port) {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("moto exited during startup ({status}):\n{}", server.log_tail());
        }
        if Instant::now() > deadline {
            panic!("moto did not answer on port {port} within 20 s:\n{}", server.log_tail());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

const ROLE: &str = "arn:aws:iam::123456789012:role/GameClient";
const SAML_PROVIDER: &str = "arn:aws:iam::123456789012:saml-provider/ExampleIdP";

fn assert_in_future(c: &Credentials, duration_s: i64) {
    let exp = c.expiration().expect("expiration");
    let left = exp - OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::seconds(duration_s - 120) && left <= time::Duration::seconds(duration_s + 5),
        "expiration {exp} is not ~{duration_s} s ahead (left {left})"
    );
}

fn assert_session_credentials(c: &Credentials, duration_s: i64) {
    assert!(c.access_key_id().starts_with("ASIA"), "{}", c.access_key_id());
    assert_eq!(c.access_key_id().len(), 20, "{}", c.access_key_id());
    assert!(c.secret_access_key().len() >= 20);
    assert!(c.session_token().is_some_and(|t| t.len() > 100));
    assert_in_future(c, duration_s);
}

fn assert_metadata(m: &ResponseMetadata) {
    assert_eq!(m.http_status_code, 200, "{m:?}");
    assert!(!m.request_id.is_empty(), "{m:?}");
    assert!(m.content_length > 0, "{m:?}");
}

/// A SAML Response that moto's parser accepts. moto (moto/sts/models.py) reads, with
/// xmltodict, `samlp:Response/saml:Assertion/saml:AttributeStatement/saml:Attribute` as a list
/// (so it needs at least two attributes) and takes the session name from the `RoleSessionName`
/// attribute, the role from the `Role` attribute (`role,provider`) and optionally the duration
/// from `SessionDuration`. `common::saml_assertion` has only a SourceIdentity attribute.
fn moto_saml_assertion(session: &str, duration_s: u32) -> String {
    let xml = format!(
        r#"<?xml version="1.0"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z"><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{session}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2099-01-01T00:00:00Z" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2025-01-01T00:00:00Z" NotOnOrAfter="2099-01-01T00:00:00Z"><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>{ROLE},{SAML_PROVIDER}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>{session}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>{duration_s}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#
    );
    base64(xml.as_bytes())
}

/// The typed error an operation moto does not implement must produce.
fn assert_not_implemented<T: std::fmt::Debug>(op: &str, result: stskit::Result<T>) {
    let err = match result {
        Ok(v) => panic!("{op}: moto now implements it ({v:?}); move it to the implemented list"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), ErrorKind::Service, "{op}: {err}");
    assert_eq!(err.http_status(), Some(500), "{op}: {err}");
    assert_eq!(err.sts_code(), Some(StsErrorCode::Other), "{op}: {err}");
    assert!(err.is_retryable(), "{op}: a 5xx must stay retryable: {err}");
    let s = err.service_error().unwrap();
    assert_eq!(s.code, "", "{op}: {s:?}");
    assert!(s.message.contains("HTTP 500"), "{op}: {s:?}");
    println!("  {op}: not implemented by moto -> {err}");
}

#[test]
fn moto_sts_interop() {
    if !moto_installed() {
        if std::env::var_os("CI").is_some() {
            panic!("moto is not installed but CI is set: install it with `python3 -m pip install 'moto[server]'`");
        }
        eprintln!(
            "note: moto is not installed (python3 -m pip install 'moto[server]'); skipping the moto interop test"
        );
        return;
    }
    let moto = start_moto();
    let url = moto.url.clone();
    // Quick retries: the unimplemented operations answer 500, which is retried.
    let client = builder(&url).build().unwrap();
    let anonymous = Client::builder().region("us-east-1").endpoint_url(&url).build().unwrap();
    let now = OffsetDateTime::now_utc();

    // AssumeRole with tags, a session policy, policy ARNs, a duration and a source identity.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let ar = client
        .assume_role(&AssumeRoleRequest {
            role_arn: ROLE.into(),
            role_session_name: "player-1".into(),
            policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            policy: Some(policy.into()),
            duration_seconds: Some(900),
            tags: Some(vec![Tag::new("Project", "Unicorn"), Tag::new("Team", "A B/C=d")]),
            transitive_tag_keys: Some(vec!["Project".into()]),
            external_id: Some("ext-123".into()),
            serial_number: None,
            token_code: None,
            source_identity: Some("alice".into()),
            provided_contexts: None,
        })
        .unwrap_or_else(|e| panic!("AssumeRole: {e}\n{}", moto.log_tail()));
    assert_session_credentials(&ar.credentials, 900);
    let user = ar.assumed_role_user.clone().expect("AssumedRoleUser");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/player-1");
    assert!(user.assumed_role_id.starts_with("AROA") && user.assumed_role_id.ends_with(":player-1"), "{user:?}");
    assert_eq!(ar.packed_policy_size, Some(6));
    assert_eq!(ar.source_identity, None, "moto does not echo SourceIdentity");
    assert_metadata(&ar.metadata);
    println!("  AssumeRole: {} until {}", mask(ar.credentials.access_key_id()), ar.credentials.expiration().unwrap());

    // GetCallerIdentity with the long-term keys: moto's default identity for unknown keys.
    let me = client.get_caller_identity().unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    assert_eq!(me.arn.as_deref(), Some("arn:aws:sts::123456789012:user/moto"));
    assert!(me.user_id.is_some_and(|u| !u.is_empty()));
    assert_metadata(&me.metadata);

    // GetCallerIdentity signed with the assumed-role credentials (session token included).
    let chained = builder(&url).credentials(ar.credentials.clone()).build().unwrap();
    let me = chained.get_caller_identity().unwrap();
    assert_eq!(me.arn.as_deref(), Some(user.arn.as_str()));
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    // moto draws a fresh random AROA id each time for a role it has no IAM record of.
    assert!(me.user_id.as_deref().is_some_and(|u| u.starts_with("AROA") && u.ends_with(":player-1")), "{me:?}");
    println!("  GetCallerIdentity (assumed): {}", me.arn.unwrap());

    // GetSessionToken: moto returns the fixed documentation example credentials, which checks
    // that secrets with '/' and '+' come through the XML intact.
    let st = client
        .get_session_token(&GetSessionTokenRequest {
            duration_seconds: Some(900),
            serial_number: None,
            token_code: None,
        })
        .unwrap();
    assert_eq!(st.credentials.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
    assert_eq!(st.credentials.secret_access_key().expose(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    let token = st.credentials.session_token().unwrap().expose();
    assert!(token.starts_with("AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/"), "{token}");
    assert_in_future(&st.credentials, 900);
    assert_metadata(&st.metadata);

    // GetFederationToken with a policy, policy ARNs, a duration and tags.
    let ft = client
        .get_federation_token(&GetFederationTokenRequest {
            name: "Bob".into(),
            policy: Some(r#"{"Version":"2012-10-17","Statement":[]}"#.into()),
            policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            duration_seconds: Some(3600),
            tags: Some(vec![Tag::new("k", "")]),
        })
        .unwrap();
    assert_eq!(ft.credentials.access_key_id(), "AKIAIOSFODNN7EXAMPLE");
    assert!(ft.credentials.session_token().unwrap().expose().ends_with("oLxBA=="));
    assert_in_future(&ft.credentials, 3600);
    let fu = ft.federated_user.expect("FederatedUser");
    assert_eq!(fu.federated_user_id, "123456789012:Bob");
    assert_eq!(fu.arn, "arn:aws:sts::123456789012:federated-user/Bob");
    assert_eq!(ft.packed_policy_size, Some(6));

    // AssumeRoleWithWebIdentity: unsigned, from a client with no credentials at all.
    let token = jwt(r#"{"sub":"player-42","aud":"game-client","iss":"https://accounts.example.com","exp":4102444800}"#);
    let wi = anonymous
        .assume_role_with_web_identity(&AssumeRoleWithWebIdentityRequest {
            role_arn: ROLE.into(),
            role_session_name: "app1".into(),
            web_identity_token: SecretString::new(token),
            provider_id: None,
            policy_arns: None,
            policy: Some(policy.into()),
            duration_seconds: Some(1800),
        })
        .unwrap_or_else(|e| panic!("AssumeRoleWithWebIdentity: {e}\n{}", moto.log_tail()));
    assert_session_credentials(&wi.credentials, 1800);
    let wu = wi.assumed_role_user.expect("AssumedRoleUser");
    assert_eq!(wu.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/app1");
    assert!(wu.assumed_role_id.ends_with(":app1"), "{wu:?}");
    assert_eq!(wi.packed_policy_size, Some(6));
    assert_metadata(&wi.metadata);

    // AssumeRoleWithSAML. common::saml_assertion lacks the Role and RoleSessionName attributes
    // moto needs, so moto fails on it (500); the client must report that as a typed error.
    let minimal = anonymous.assume_role_with_saml(&AssumeRoleWithSamlRequest {
        role_arn: ROLE.into(),
        principal_arn: SAML_PROVIDER.into(),
        saml_assertion: SecretString::new(saml_assertion("jdoe@example.com", "2099-01-01T00:00:00Z")),
        policy_arns: None,
        policy: None,
        duration_seconds: None,
    });
    match minimal {
        Ok(r) => assert_session_credentials(&r.credentials, 3600),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Service, "{e}");
            assert_eq!(e.http_status(), Some(500), "{e}");
            println!("  AssumeRoleWithSAML with the minimal assertion: moto rejects it -> {e}");
        }
    }
    let saml = anonymous
        .assume_role_with_saml(&AssumeRoleWithSamlRequest {
            role_arn: ROLE.into(),
            principal_arn: SAML_PROVIDER.into(),
            saml_assertion: SecretString::new(moto_saml_assertion("jdoe", 900)),
            policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            policy: None,
            duration_seconds: Some(900),
        })
        .unwrap_or_else(|e| panic!("AssumeRoleWithSAML: {e}\n{}", moto.log_tail()));
    assert_session_credentials(&saml.credentials, 900);
    let su = saml.assumed_role_user.expect("AssumedRoleUser");
    assert_eq!(su.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/jdoe");
    assert!(su.assumed_role_id.ends_with(":jdoe"), "{su:?}");
    assert!(
        saml.subject.as_deref().is_some_and(|s| s.starts_with("AROA") && s.ends_with(":jdoe")),
        "{:?}",
        saml.subject
    );
    assert_eq!(saml.subject_type.as_deref(), Some("persistent"));
    assert_eq!(saml.issuer.as_deref(), Some("http://localhost:3000/"));
    assert_eq!(saml.audience.as_deref(), Some("https://signin.aws.amazon.com/saml"));
    assert!(saml.name_qualifier.is_some_and(|q| q.ends_with('=')));
    assert_eq!(saml.packed_policy_size, Some(123));
    assert_metadata(&saml.metadata);

    // The SAML session's credentials identify as that session.
    let saml_client = builder(&url).credentials(saml.credentials.clone()).build().unwrap();
    assert_eq!(saml_client.get_caller_identity().unwrap().arn.as_deref(), Some(su.arn.as_str()));

    // GetAccessKeyInfo: moto answers the calling account for keys it does not know.
    let info = client
        .get_access_key_info(&GetAccessKeyInfoRequest { access_key_id: ar.credentials.access_key_id().into() })
        .unwrap();
    assert_eq!(info.account.as_deref(), Some(ACCOUNT));
    assert_metadata(&info.metadata);

    // Operations moto does not implement.
    assert_not_implemented(
        "DecodeAuthorizationMessage",
        client.decode_authorization_message(&DecodeAuthorizationMessageRequest {
            encoded_message: base64(br#"{"allowed":false}"#),
        }),
    );
    assert_not_implemented(
        "AssumeRoot",
        client.assume_root(&AssumeRootRequest {
            target_principal: "111122223333".into(),
            task_policy_arn: PolicyDescriptor::new("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
            duration_seconds: Some(900),
        }),
    );
    assert_not_implemented(
        "GetDelegatedAccessToken",
        client.get_delegated_access_token(&GetDelegatedAccessTokenRequest { trade_in_token: "trade-in-token".into() }),
    );
    assert_not_implemented(
        "GetWebIdentityToken",
        client.get_web_identity_token(&GetWebIdentityTokenRequest {
            audience: vec!["https://api.example.com".into()],
            duration_seconds: Some(300),
            signing_algorithm: "ES384".into(),
            tags: None,
        }),
    );

    assert!(ar.credentials.expiration().unwrap() > now);
    println!("moto interop: all operations checked against {url}");
}

fn mask(id: &str) -> String {
    stskit::mask_access_key_id(id)
}
