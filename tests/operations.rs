//! Every STS operation end to end against the local emulator, with every input member.

mod common;
use common::*;
use stskit::model::*;
use stskit::{Credentials, SecretString};

fn assert_temporary_credentials(c: &Credentials) {
    assert!(c.access_key_id().starts_with("ASIA"), "{}", c.access_key_id());
    assert!(!c.secret_access_key().expose().is_empty());
    assert!(c.session_token().is_some_and(|t| t.len() > 16));
    let exp = c.expiration().expect("expiration");
    assert!(exp > time::OffsetDateTime::now_utc());
}

fn assert_metadata(m: &ResponseMetadata) {
    assert_eq!(m.http_status_code, 200);
    assert!(m.content_length > 100, "{m:?}");
    assert_eq!(m.request_id.len(), 36, "{m:?}");
}

#[test]
fn assume_role_with_every_member() {
    let client = default_client();
    let req = AssumeRoleRequest {
        role_arn: ROLE_ARN.into(),
        role_session_name: "player-1".into(),
        policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
        policy: Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
                .into(),
        ),
        duration_seconds: Some(900),
        tags: Some(vec![Tag::new("Project", "Unicorn"), Tag::new("Team", "A B")]),
        transitive_tag_keys: Some(vec!["Project".into()]),
        external_id: Some("ext-123".into()),
        serial_number: Some("arn:aws:iam::123456789012:mfa/user".into()),
        token_code: Some("123456".into()),
        source_identity: Some("alice".into()),
        provided_contexts: Some(vec![ProvidedContext {
            provider_arn: Some("arn:aws:iam::aws:contextProvider/IdentityCenter".into()),
            context_assertion: Some("abcd".into()),
        }]),
    };
    let resp = client.assume_role(&req).unwrap();
    assert_temporary_credentials(&resp.credentials);
    let exp = resp.credentials.expiration().unwrap() - time::OffsetDateTime::now_utc();
    assert!(exp <= time::Duration::seconds(901) && exp > time::Duration::seconds(800), "{exp}");
    let user = resp.assumed_role_user.unwrap();
    assert_eq!(user.arn, "arn:aws:sts::123456789012:assumed-role/GameClient/player-1");
    assert!(user.assumed_role_id.ends_with(":player-1"));
    assert!(resp.packed_policy_size.unwrap() > 0);
    assert_eq!(resp.source_identity.as_deref(), Some("alice"));
    assert_metadata(&resp.metadata);
}

#[test]
fn assumed_role_credentials_sign_the_next_call() {
    let client = default_client();
    let resp = client.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "chain")).unwrap();
    let chained = builder(&format!("{}/", emulator().http)).credentials(resp.credentials).build().unwrap();
    let me = chained.get_caller_identity().unwrap();
    assert_eq!(me.arn.as_deref(), Some("arn:aws:sts::123456789012:assumed-role/GameClient/chain"));
    assert!(me.user_id.unwrap().ends_with(":chain"));
}

#[test]
fn get_caller_identity_of_long_term_keys() {
    let me = default_client().get_caller_identity().unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    assert_eq!(me.arn.as_deref(), Some("arn:aws:iam::123456789012:user/emulator"));
    assert!(me.user_id.is_some());
    assert_metadata(&me.metadata);
}

#[test]
fn assume_role_with_saml_is_unsigned() {
    let (id, url) = scenario("saml", "");
    // No credentials at all: the operation must not need them.
    let client = stskit::Client::builder().region("us-east-1").endpoint_url(url).build().unwrap();
    let resp = client
        .assume_role_with_saml(&AssumeRoleWithSamlRequest {
            role_arn: ROLE_ARN.into(),
            principal_arn: "arn:aws:iam::123456789012:saml-provider/ExampleIdP".into(),
            saml_assertion: SecretString::new(saml_assertion("jdoe@example.com", "2099-01-01T00:00:00Z")),
            policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            policy: Some("{}".into()),
            duration_seconds: Some(3600),
        })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    assert_eq!(resp.subject.as_deref(), Some("jdoe@example.com"));
    assert_eq!(resp.subject_type.as_deref(), Some("persistent"));
    assert_eq!(resp.issuer.as_deref(), Some("https://idp.example.com/saml/metadata"));
    assert_eq!(resp.audience.as_deref(), Some("https://signin.aws.amazon.com/saml"));
    assert!(resp.name_qualifier.is_some());
    assert!(resp.assumed_role_user.is_some());
    assert!(resp.packed_policy_size.is_some());
    let s = stats(&id);
    assert_eq!((s["signed"].as_u64(), s["unsigned"].as_u64()), (Some(0), Some(1)), "{s}");
}

#[test]
fn assume_role_with_web_identity_is_unsigned() {
    let (id, url) = scenario("webid", "");
    let client = stskit::Client::builder().region("us-east-1").endpoint_url(url).build().unwrap();
    let token = jwt(r#"{"sub":"player-42","aud":"game-client","iss":"https://accounts.example.com","exp":4102444800}"#);
    let resp = client
        .assume_role_with_web_identity(&AssumeRoleWithWebIdentityRequest {
            role_arn: ROLE_ARN.into(),
            role_session_name: "app1".into(),
            web_identity_token: SecretString::new(token),
            provider_id: None,
            policy_arns: None,
            policy: None,
            duration_seconds: Some(900),
        })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    assert_eq!(resp.subject_from_web_identity_token.as_deref(), Some("player-42"));
    assert_eq!(resp.audience.as_deref(), Some("game-client"));
    assert_eq!(resp.provider.as_deref(), Some("https://accounts.example.com"));
    assert!(resp.assumed_role_user.unwrap().arn.ends_with("/app1"));
    assert_eq!(stats(&id)["unsigned"].as_u64(), Some(1));
}

#[test]
fn assume_root() {
    let resp = default_client()
        .assume_root(&AssumeRootRequest {
            target_principal: "111122223333".into(),
            task_policy_arn: PolicyDescriptor::new("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"),
            duration_seconds: Some(900),
        })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    assert_metadata(&resp.metadata);
}

#[test]
fn decode_authorization_message() {
    let json = r#"{"allowed":false,"explicitDeny":false}"#;
    let resp = default_client()
        .decode_authorization_message(&DecodeAuthorizationMessageRequest { encoded_message: base64(json.as_bytes()) })
        .unwrap();
    assert_eq!(resp.decoded_message.as_deref(), Some(json));
}

#[test]
fn get_access_key_info() {
    let resp = default_client()
        .get_access_key_info(&GetAccessKeyInfoRequest { access_key_id: "AKIDOTHER00000000000".into() })
        .unwrap();
    assert_eq!(resp.account.as_deref(), Some("210987654321"));
}

#[test]
fn get_delegated_access_token() {
    let resp = default_client()
        .get_delegated_access_token(&GetDelegatedAccessTokenRequest { trade_in_token: "trade-in-token".into() })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    assert!(resp.assumed_principal.unwrap().starts_with("arn:"));
    assert!(resp.packed_policy_size.is_some());
}

#[test]
fn get_federation_token() {
    let resp = default_client()
        .get_federation_token(&GetFederationTokenRequest {
            name: "Bob".into(),
            policy: Some(r#"{"Version":"2012-10-17","Statement":[]}"#.into()),
            policy_arns: Some(vec![PolicyDescriptor::new("arn:aws:iam::aws:policy/ReadOnlyAccess")]),
            duration_seconds: Some(3600),
            tags: Some(vec![Tag::new("k", "")]),
        })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    let user = resp.federated_user.unwrap();
    assert_eq!(user.federated_user_id, "123456789012:Bob");
    assert_eq!(user.arn, "arn:aws:sts::123456789012:federated-user/Bob");
}

#[test]
fn get_session_token_with_mfa() {
    let resp = default_client()
        .get_session_token(&GetSessionTokenRequest {
            duration_seconds: Some(900),
            serial_number: Some("arn:aws:iam::123456789012:mfa/user".into()),
            token_code: Some("123456".into()),
        })
        .unwrap();
    assert_temporary_credentials(&resp.credentials);
    let wrong = default_client().get_session_token(&GetSessionTokenRequest {
        duration_seconds: None,
        serial_number: Some("arn:aws:iam::123456789012:mfa/user".into()),
        token_code: Some("000000".into()),
    });
    assert_eq!(wrong.unwrap_err().sts_code(), Some(stskit::StsErrorCode::AccessDenied));
}

#[test]
fn get_web_identity_token() {
    let resp = default_client()
        .get_web_identity_token(&GetWebIdentityTokenRequest {
            audience: vec!["https://api.example.com".into(), "b".into()],
            duration_seconds: Some(300),
            signing_algorithm: "ES384".into(),
            tags: Some(vec![Tag::new("team", "blue")]),
        })
        .unwrap();
    assert_eq!(resp.web_identity_token.expose().split('.').count(), 3);
    assert!(resp.expiration > time::OffsetDateTime::now_utc());
    assert_eq!(format!("{:?}", resp.web_identity_token), "<redacted>");
}

#[test]
fn send_any_dispatches_by_operation() {
    let mut req = AnyRequest::new(OperationId::AssumeRole);
    req.set_string(Member::RoleArn, ROLE_ARN).unwrap();
    req.set_string(Member::RoleSessionName, "any").unwrap();
    let resp = default_client().send_any(&req).unwrap();
    assert_eq!(resp.operation(), OperationId::AssumeRole);
    assert!(resp.credentials().is_some());
    assert!(resp.strings().iter().any(|(m, v)| *m == OutputMember::AssumedRoleArn && v.ends_with("/any")));
}

#[test]
fn presigned_get_caller_identity_is_accepted_by_the_server() {
    let client = default_client();
    let p = client
        .presign_get_caller_identity(&stskit::PresignOptions {
            expires_in: std::time::Duration::from_secs(60),
            signed_headers: vec![("x-k8s-aws-id".into(), "my-cluster".into())],
        })
        .unwrap();
    assert!(p.url.contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"), "{}", p.url);
    let me = client.send_presigned(&p).unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    // Without the bound header the signature cannot verify.
    let stripped = stskit::PresignedRequest { headers: vec![], ..p };
    assert!(client.send_presigned(&stripped).is_err());
}
