//! SigV4 canonicalisation and signing with arbitrary inputs: `uri_encode`, `canonical_uri`,
//! `canonical_query`, `canonical_request`, `sign_headers` and `presign_query`.
//!
//! Properties: no panic; `uri_encode` output is canonical (unreserved characters and upper-case
//! `%XX` only, plus `/` when slashes are kept) and decodes back to the input; `canonical_query`
//! is idempotent and its pairs are sorted; the canonical request ends with the payload hash and
//! names the signed headers it was given; `sign_headers` is deterministic, sets `x-amz-date` (and
//! the token), produces a well-formed Authorization header, and depends on the body and secret.
#![no_main]

mod common;

use common::{is_canonically_encoded, percent_decode, Input};
use libfuzzer_sys::fuzz_target;
use stskit::sigv4::*;
use time::OffsetDateTime;

fn is_lower_hex(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let method = input.string();
    let path = input.string();
    let query = input.string();
    let region = input.string();
    let secret = input.string();
    let token = if input.bool() { Some(input.string()) } else { None };
    let normalize = input.bool();
    let time = OffsetDateTime::from_unix_timestamp(input.i64() % 400_000_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let n_headers = usize::from(input.u8() % 8);
    let mut headers: Vec<(String, String)> = (0..n_headers).map(|_| (input.string(), input.string())).collect();
    let body = input.rest().to_vec();

    // uri_encode: canonical, and decodes back to the input bytes.
    for s in [&path, &query, &method] {
        let all = uri_encode(s, true);
        assert!(is_canonically_encoded(&all, b""), "uri_encode(.., true) = {all:?}");
        assert_eq!(percent_decode(&all).as_deref(), Some(s.as_bytes()));
        let keep = uri_encode(s, false);
        assert!(is_canonically_encoded(&keep, b"/"), "uri_encode(.., false) = {keep:?}");
        assert_eq!(percent_decode(&keep).as_deref(), Some(s.as_bytes()));
    }

    // canonical_uri: canonical characters only; "/" for an empty path.
    let curi = canonical_uri(&path, normalize);
    assert!(is_canonically_encoded(&curi, b"/"), "canonical_uri = {curi:?}");
    if path.is_empty() {
        assert_eq!(curi, "/");
    }
    if normalize && path.starts_with('/') {
        assert!(curi.starts_with('/'));
        assert!(!curi.contains("//"), "normalized path keeps an empty segment: {curi:?}");
    }

    // canonical_query: canonical pairs, sorted, idempotent.
    let cq = canonical_query(&query);
    assert_eq!(canonical_query(&cq), cq, "canonical_query is not idempotent for {query:?}");
    if !cq.is_empty() {
        let pairs: Vec<(&str, &str)> = cq.split('&').map(|p| p.split_once('=').expect("k=v")).collect();
        for (k, v) in &pairs {
            assert!(is_canonically_encoded(k, b"") && is_canonically_encoded(v, b""));
        }
        assert!(pairs.windows(2).all(|w| w[0] <= w[1]), "canonical query not sorted: {cq}");
    }

    // canonical_request: structure.
    let hash = payload_hash(&body);
    assert!(is_lower_hex(&hash, 64));
    let (creq, signed) = canonical_request(&method, &path, &query, &headers, &hash, normalize);
    assert!(creq.starts_with(&format!("{method}\n{curi}\n{cq}\n")), "canonical request prefix");
    assert!(creq.ends_with(&format!("\n{signed}\n{hash}")), "canonical request suffix");
    let names: Vec<String> = headers.iter().map(|(n, _)| n.trim().to_ascii_lowercase()).collect();
    // (Names HTTP allows: non-empty, no ';' — the list separator.)
    if !headers.is_empty() && names.iter().all(|n| !n.is_empty() && !n.contains(';')) {
        let listed: Vec<&str> = signed.split(';').collect();
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "signed headers not sorted and unique: {signed:?}");
        for n in &names {
            assert!(listed.contains(&n.as_str()), "header {n:?} missing from {signed:?}");
        }
    }

    // sign_headers: deterministic, well formed, bound to body and secret.
    let key = SigningKey { access_key_id: "AKIDEXAMPLE", secret_access_key: &secret, session_token: token.as_deref() };
    let mut h1 = headers.clone();
    let mut h2 = headers.clone();
    let a1 = sign_headers(&key, &region, "sts", time, &method, &path, &query, &mut h1, &body);
    let a2 = sign_headers(&key, &region, "sts", time, &method, &path, &query, &mut h2, &body);
    assert_eq!(a1, a2, "sign_headers is not deterministic");
    assert_eq!(h1, h2);
    let date = amz_date(time);
    assert_eq!(h1.iter().filter(|(n, _)| n.eq_ignore_ascii_case("x-amz-date")).count(), 1);
    assert!(h1.iter().any(|(n, v)| n.eq_ignore_ascii_case("x-amz-date") && *v == date));
    if let Some(t) = &token {
        assert!(h1.iter().any(|(n, v)| n.eq_ignore_ascii_case("x-amz-security-token") && v == t));
    }
    let prefix = format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{}/{region}/sts/aws4_request, SignedHeaders=", &date[..8]);
    assert!(a1.starts_with(&prefix), "Authorization {a1:?}");
    let sig = a1.rsplit_once(", Signature=").map(|(_, s)| s).expect("Signature=");
    assert!(is_lower_hex(sig, 64), "signature {sig:?}");
    let mut other_body = body.clone();
    other_body.push(b'x');
    let mut h3 = headers.clone();
    let a3 = sign_headers(&key, &region, "sts", time, &method, &path, &query, &mut h3, &other_body);
    assert_ne!(a1, a3, "the signature does not depend on the body");
    let other_secret = format!("{secret}x");
    let key2 = SigningKey { secret_access_key: &other_secret, ..key };
    let mut h4 = headers.clone();
    let a4 = sign_headers(&key2, &region, "sts", time, &method, &path, &query, &mut h4, &body);
    assert_ne!(a1, a4, "the signature does not depend on the secret");

    // presign_query: the token and X-Amz-* parameters are in the query, the signature last.
    headers.push(("host".into(), "sts.amazonaws.com".into()));
    let p = presign_query(&key, &region, "sts", time, "GET", &path, normalize, &query, &headers, EMPTY_PAYLOAD_SHA256, 900);
    assert!(p.query.ends_with(&format!("X-Amz-Signature={}", p.signature)));
    assert!(is_lower_hex(&p.signature, 64));
    assert!(p.query.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"));
    if let Some(t) = &token {
        assert!(p.query.contains(&format!("X-Amz-Security-Token={}", uri_encode(t, true))));
    }
});
