//! The response decoder: `XmlDoc::parse` and the success and error decoding of every operation.
//!
//! Input: one selector byte (low nibble: the operation, 15 = all 11; high nibble: the HTTP
//! status), then the body. Properties: no panic; success only for 2xx and with the operation
//! asked for; failures are `InvalidResponse` or `Service` errors (5xx ones retryable); `Debug` of
//! credentials and responses does not depend on secret values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stskit::fuzzing::decode_response;
use stskit::model::{AnyResponse, OperationId};
use stskit::{Credentials, ErrorKind, SecretString, XmlDoc};

const STATUSES: [u16; 16] = [200, 200, 200, 200, 201, 299, 400, 401, 403, 404, 429, 500, 502, 503, 504, 302];

const PATHS: [&str; 8] = [
    "ResponseMetadata/RequestId",
    "Error/Code",
    "Error/Message",
    "Errors/Error/Code",
    "RequestId",
    "AssumeRoleResult/Credentials/SessionToken",
    "AssumeRoleResult/Credentials",
    "",
];

/// The same credentials with other secrets: their `Debug` must be identical.
fn check_debug_hides_secrets(c: &Credentials) {
    let mut twin = Credentials::new(
        c.access_key_id(),
        SecretString::new("other-secret"),
        c.session_token().map(|_| SecretString::new("other-token")),
    );
    if let Some(e) = c.expiration() {
        twin = twin.with_expiration(e);
    }
    assert_eq!(format!("{c:?}"), format!("{twin:?}"), "Debug of credentials shows a secret");
}

fn check(op: OperationId, status: u16, body: &[u8]) {
    match decode_response(op, status, body) {
        Ok(resp) => {
            assert!((200..300).contains(&status), "decoded a success from HTTP {status}");
            assert_eq!(resp.operation(), op);
            assert_eq!(resp.metadata().http_status_code, status);
            assert_eq!(resp.metadata().content_length, body.len() as u64);
            for (_, v) in resp.strings() {
                assert!(v.len() <= body.len(), "output member longer than the body");
            }
            let _ = resp.packed_policy_size();
            if let Some(t) = resp.expiration() {
                let _ = t.unix_timestamp();
            }
            if let Some(c) = resp.credentials() {
                check_debug_hides_secrets(c);
                let _ = c.expiration().map(|t| t.unix_timestamp());
            }
            if let AnyResponse::GetWebIdentityToken(r) = &resp {
                let shown = format!("{resp:?}");
                if r.web_identity_token.len() >= 12 {
                    assert!(!shown.contains(r.web_identity_token.expose()), "Debug shows the web identity token");
                }
            }
            let _ = format!("{resp:?}");
        }
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::InvalidResponse | ErrorKind::Service),
                "unexpected kind {:?} for HTTP {status}: {e}",
                e.kind()
            );
            if e.kind() == ErrorKind::Service {
                let s = e.service_error().expect("a Service error carries the service error");
                assert_eq!(s.http_status, status);
                if matches!(status, 500 | 502 | 503 | 504) {
                    assert!(e.is_retryable(), "HTTP {status} must be retryable: {e}");
                }
            }
            let _ = (e.to_string(), format!("{e:?}"), e.sts_code(), e.request_id(), e.is_retryable());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    if let Ok(doc) = XmlDoc::parse(body) {
        assert!(!doc.root().is_empty());
        for p in PATHS {
            let got = doc.get(p);
            if got.is_some() {
                assert!(doc.contains(p), "get({p:?}) found a leaf that contains() denies");
            }
        }
    }
    let status = STATUSES[usize::from(selector >> 4)];
    match selector & 0x0f {
        n @ 0..=10 => check(OperationId::from_i32(i32::from(n) + 1).unwrap(), status, body),
        _ => {
            for n in 1..=11 {
                check(OperationId::from_i32(n).unwrap(), status, body);
            }
        }
    }
});
