//! SigV4 signing checked against external vectors (`../shared/vectors/sigv4/`, see its
//! README) and the literal STS vectors of `docs/sts-api.md` §8.1 and §8.5.
//!
//! The vectors are the spec. A case may only be skipped with a written reason in one of
//! the `*_SKIPPED` lists; every suite prints how many cases ran and asserts that at least
//! the expected number ran, so a case that silently stops running fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use stskit::sigv4::{self, SigningKey};
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/sigv4")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Constants shared by both official suites.
const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
const SUITE_DATE: &str = "20150830T123600Z";
const SUITE_SCOPE: &str = "20150830/us-east-1/service/aws4_request";

fn suite_time() -> OffsetDateTime {
    datetime!(2015-08-30 12:36:00 UTC)
}

/// An unsigned HTTP/1.1 request as written in `.req` / `request.txt`.
#[derive(Clone, Debug)]
struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the suites' request format: request line (the target may contain a literal
/// space, as in `get-space`), `Name:value` lines, then a blank line and the body if there
/// is one. Continuation lines (starting with a space or tab, obsolete line folding) are
/// unfolded into the previous value with a space, as an HTTP parser does.
fn parse_request(text: &str) -> Request {
    let (head, body) = match text.find("\n\n") {
        Some(i) => (&text[..i], &text[i + 2..]),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().expect("request line");
    let (method, rest) = request_line.split_once(' ').expect("method");
    let target = rest.strip_suffix(" HTTP/1.1").expect("HTTP/1.1 request line");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            let last = headers.last_mut().expect("continuation line after a header");
            last.1.push(' ');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body: body.as_bytes().to_vec(),
    }
}

/// Removes every header called `name` (case-insensitive) and returns the last value.
fn take_header(headers: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let mut found = None;
    headers.retain(|(n, v)| {
        if n.eq_ignore_ascii_case(name) {
            found = Some(v.clone());
            false
        } else {
            true
        }
    });
    found
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
}

fn signature_of(authorization: &str) -> &str {
    authorization.rsplit_once("Signature=").expect("Signature= in authorization").1
}

fn signed_headers_of(authorization: &str) -> &str {
    let rest = authorization.split_once("SignedHeaders=").expect("SignedHeaders=").1;
    rest.split_once(',').expect("comma after SignedHeaders").0
}

/// Test-side percent-decoding (to turn a raw query into `presign_url` parameters).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 query")
}

/// Prints and checks the per-suite counts.
fn report(suite: &str, ran: usize, skipped: &[(&str, &str)], expected_to_run: usize) {
    println!("{suite}: ran {ran}, skipped {}", skipped.len());
    for (case, why) in skipped {
        println!("  skipped {case}: {why}");
    }
    assert!(ran >= expected_to_run, "{suite}: only {ran} cases ran, expected at least {expected_to_run}");
}

// ---------------------------------------------------------------------------------------
// 1. The classic aws4_testsuite (34 cases)
// ---------------------------------------------------------------------------------------

const CLASSIC_TOTAL: usize = 34;
/// Cases of the classic suite that are not run, with the reason. All 34 apply: the
/// multi-line header case is an HTTP-parsing matter (unfolded by `parse_request`), and
/// `post-sts-header-after` is signed without the token, which is added after signing.
const CLASSIC_SKIPPED: &[(&str, &str)] = &[];

/// Case folders: a folder `<dir>/<name>` holding `<name>.req`, at any depth.
fn classic_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for d in entries {
        let name = d.file_name().unwrap().to_str().unwrap().to_owned();
        if d.join(format!("{name}.req")).is_file() {
            out.push(d);
        } else {
            classic_cases(&d, out);
        }
    }
}

#[test]
fn aws4_testsuite() {
    let root = vectors().join("aws4_testsuite");
    let mut cases = Vec::new();
    classic_cases(&root, &mut cases);
    assert_eq!(cases.len(), CLASSIC_TOTAL, "aws4_testsuite case folders");

    // The token of post-sts-header-after is only given in the readme (last line).
    let readme = read(&root.join("post-sts-token/readme.txt"));
    let after_token = readme.lines().rev().find(|l| !l.trim().is_empty()).unwrap().trim().to_owned();
    assert!(after_token.starts_with("AQoDYXdzEPT//"), "token in readme");

    let mut ran = 0;
    for dir in &cases {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let rel = dir.strip_prefix(&root).unwrap().to_str().unwrap().to_owned();
        if CLASSIC_SKIPPED.iter().any(|(c, _)| *c == rel) {
            continue;
        }
        let file = |ext: &str| read(&dir.join(format!("{name}.{ext}")));
        let req = parse_request(&file("req"));
        let (creq, sts, authz) = (file("creq"), file("sts"), file("authz"));
        // Note: `.sreq` is not compared: in get-vanilla-with-session-token its signature is
        // stale (differs from `.authz`, which matches the `.sts` and aws-c-auth).

        // `.req` already carries X-Amz-Date; the signer adds it, so take it out here.
        let mut base = req.headers.clone();
        assert_eq!(take_header(&mut base, "X-Amz-Date").as_deref(), Some(SUITE_DATE), "{rel}");

        let header_after = name == "post-sts-header-after";
        let token: Option<String> = if header_after {
            None // added after signing, not part of the signature (see its readme)
        } else {
            creq.lines().find_map(|l| l.strip_prefix("x-amz-security-token:")).map(str::to_owned)
        };
        let key = SigningKey { access_key_id: AKID, secret_access_key: SECRET, session_token: token.as_deref() };
        let hash = sigv4::payload_hash(&req.body);

        // Whole pipeline, every stage.
        let mut headers = base.clone();
        let d = sigv4::sign_headers_detailed(
            &key,
            REGION,
            SERVICE,
            suite_time(),
            &req.method,
            &req.path,
            true,
            &req.query,
            &mut headers,
            &hash,
        );
        assert_eq!(d.canonical_request, creq, "{rel}: canonical request");
        assert_eq!(d.string_to_sign, sts, "{rel}: string to sign");
        assert_eq!(d.authorization, authz, "{rel}: authorization");
        assert_eq!(d.signed_headers, signed_headers_of(&authz), "{rel}");
        assert_eq!(header(&headers, "x-amz-date"), [SUITE_DATE], "{rel}");
        assert_eq!(header(&headers, "x-amz-security-token"), token.as_deref().into_iter().collect::<Vec<_>>(), "{rel}");

        // The one-shot API.
        let mut headers2 = base.clone();
        let a = sigv4::sign_headers(
            &key,
            REGION,
            SERVICE,
            suite_time(),
            &req.method,
            &req.path,
            &req.query,
            &mut headers2,
            &req.body,
        );
        assert_eq!(a, authz, "{rel}: sign_headers");
        assert_eq!(headers2, headers, "{rel}: headers added by sign_headers");

        // Each stage on its own.
        let (c, signed) = sigv4::canonical_request(&req.method, &req.path, &req.query, &headers, &hash, true);
        assert_eq!(c, creq, "{rel}: canonical_request");
        assert_eq!(signed, signed_headers_of(&authz), "{rel}");
        let s = sigv4::string_to_sign(SUITE_DATE, SUITE_SCOPE, &c);
        assert_eq!(s, sts, "{rel}: string_to_sign");
        let k = sigv4::signing_key(SECRET, "20150830", REGION, SERVICE);
        assert_eq!(sigv4::signature(&k, &s), signature_of(&authz), "{rel}: signature");

        if header_after {
            // Adding the token after signing leaves the signature as it is; signing it
            // "before" (the STS form) must give a different signature.
            let before = SigningKey { session_token: Some(&after_token), ..key };
            let mut h = base.clone();
            let b = sigv4::sign_headers(
                &before,
                REGION,
                SERVICE,
                suite_time(),
                &req.method,
                &req.path,
                &req.query,
                &mut h,
                &req.body,
            );
            assert_ne!(signature_of(&b), signature_of(&authz));
            assert_eq!(signed_headers_of(&b), "host;x-amz-date;x-amz-security-token");
        }
        ran += 1;
    }
    report("aws4_testsuite", ran, CLASSIC_SKIPPED, CLASSIC_TOTAL - CLASSIC_SKIPPED.len());
}

// ---------------------------------------------------------------------------------------
// 2. aws-c-auth v4 suite (38 cases, header and query forms)
// ---------------------------------------------------------------------------------------

const AWS_C_AUTH_TOTAL: usize = 38;
/// Cases not run in header form, with the reason. All apply: `sign_body: true` is
/// handled by adding `x-amz-content-sha256` to the request headers (as the signer of that
/// suite does), `normalize: false` by `sign_headers_detailed(normalize_path = false)`.
const AWS_C_AUTH_HEADER_SKIPPED: &[(&str, &str)] = &[];
/// Cases not run in query form, with the reason. All apply (`presign_query` handles any
/// method, body hash and path mode; `omit_session_token` = token added after signing).
const AWS_C_AUTH_QUERY_SKIPPED: &[(&str, &str)] = &[];
/// Query-form cases that can also go through `presign_url` (GET, no body, normalised
/// path): all cases but the 7 unnormalised and the 10 POST ones.
const AWS_C_AUTH_PRESIGN_URL_CASES: usize = 21;

struct Context {
    access_key_id: String,
    secret_access_key: String,
    token: Option<String>,
    region: String,
    service: String,
    time: OffsetDateTime,
    normalize: bool,
    sign_body: bool,
    omit_session_token: bool,
    expires: u64,
}

fn parse_context(text: &str) -> Context {
    let v: Value = serde_json::from_str(text).expect("context.json");
    let s = |v: &Value| v.as_str().expect("string").to_owned();
    let creds = &v["credentials"];
    Context {
        access_key_id: s(&creds["access_key_id"]),
        secret_access_key: s(&creds["secret_access_key"]),
        token: creds.get("token").map(s),
        region: s(&v["region"]),
        service: s(&v["service"]),
        time: OffsetDateTime::parse(v["timestamp"].as_str().unwrap(), &Rfc3339).unwrap(),
        normalize: v["normalize"].as_bool().expect("normalize"),
        sign_body: v["sign_body"].as_bool().expect("sign_body"),
        omit_session_token: v.get("omit_session_token").and_then(Value::as_bool).unwrap_or(false),
        expires: v["expiration_in_seconds"].as_u64().expect("expiration_in_seconds"),
    }
}

fn aws_c_auth_cases() -> Vec<PathBuf> {
    let root = vectors().join("aws-c-auth/v4");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("context.json").is_file())
        .collect();
    cases.sort();
    assert_eq!(cases.len(), AWS_C_AUTH_TOTAL, "aws-c-auth v4 case folders");
    cases
}

fn case_name(dir: &Path) -> &str {
    dir.file_name().unwrap().to_str().unwrap()
}

#[test]
fn aws_c_auth_header_form() {
    let mut ran = 0;
    for dir in aws_c_auth_cases() {
        let name = case_name(&dir);
        if AWS_C_AUTH_HEADER_SKIPPED.iter().any(|(c, _)| *c == name) {
            continue;
        }
        let ctx = parse_context(&read(&dir.join("context.json")));
        let req = parse_request(&read(&dir.join("request.txt")));
        let expected_creq = read(&dir.join("header-canonical-request.txt"));
        let expected_sts = read(&dir.join("header-string-to-sign.txt"));
        let expected_sig = read(&dir.join("header-signature.txt"));
        let signed_req = read(&dir.join("header-signed-request.txt"));
        let expected_authz =
            signed_req.lines().find_map(|l| l.strip_prefix("Authorization:")).expect("Authorization line").trim();

        let key = SigningKey {
            access_key_id: &ctx.access_key_id,
            secret_access_key: &ctx.secret_access_key,
            session_token: if ctx.omit_session_token { None } else { ctx.token.as_deref() },
        };
        let hash = sigv4::payload_hash(&req.body);
        let mut base = req.headers.clone();
        if ctx.sign_body {
            base.push(("x-amz-content-sha256".to_owned(), hash.clone()));
        }

        let mut headers = base.clone();
        let d = sigv4::sign_headers_detailed(
            &key,
            &ctx.region,
            &ctx.service,
            ctx.time,
            &req.method,
            &req.path,
            ctx.normalize,
            &req.query,
            &mut headers,
            &hash,
        );
        assert_eq!(d.canonical_request, expected_creq, "{name}: canonical request");
        assert_eq!(d.string_to_sign, expected_sts, "{name}: string to sign");
        assert_eq!(d.signature, expected_sig, "{name}: signature");
        assert_eq!(d.authorization, expected_authz, "{name}: authorization");
        assert_eq!(header(&headers, "x-amz-date"), [SUITE_DATE], "{name}");

        if ctx.normalize {
            let mut h = base.clone();
            let a = sigv4::sign_headers(
                &key,
                &ctx.region,
                &ctx.service,
                ctx.time,
                &req.method,
                &req.path,
                &req.query,
                &mut h,
                &req.body,
            );
            assert_eq!(a, expected_authz, "{name}: sign_headers");
        }
        ran += 1;
    }
    report(
        "aws-c-auth v4 header form",
        ran,
        AWS_C_AUTH_HEADER_SKIPPED,
        AWS_C_AUTH_TOTAL - AWS_C_AUTH_HEADER_SKIPPED.len(),
    );
}

#[test]
fn aws_c_auth_query_form() {
    let mut ran = 0;
    let mut via_presign_url = 0;
    for dir in aws_c_auth_cases() {
        let name = case_name(&dir);
        if AWS_C_AUTH_QUERY_SKIPPED.iter().any(|(c, _)| *c == name) {
            continue;
        }
        let ctx = parse_context(&read(&dir.join("context.json")));
        let req = parse_request(&read(&dir.join("request.txt")));
        let expected_creq = read(&dir.join("query-canonical-request.txt"));
        let expected_sts = read(&dir.join("query-string-to-sign.txt"));
        let expected_sig = read(&dir.join("query-signature.txt"));
        let signed_req = read(&dir.join("query-signed-request.txt"));
        let request_line = signed_req.lines().next().unwrap();
        let target = request_line.split_once(' ').unwrap().1.strip_suffix(" HTTP/1.1").unwrap();
        let expected_query = target.split_once('?').expect("query in signed request").1;

        let key = SigningKey {
            access_key_id: &ctx.access_key_id,
            secret_access_key: &ctx.secret_access_key,
            session_token: if ctx.omit_session_token { None } else { ctx.token.as_deref() },
        };
        let hash = sigv4::payload_hash(&req.body);
        let p = sigv4::presign_query(
            &key,
            &ctx.region,
            &ctx.service,
            ctx.time,
            &req.method,
            &req.path,
            ctx.normalize,
            &req.query,
            &req.headers,
            &hash,
            ctx.expires,
        );
        assert_eq!(p.canonical_request, expected_creq, "{name}: canonical request");
        assert_eq!(p.string_to_sign, expected_sts, "{name}: string to sign");
        assert_eq!(p.signature, expected_sig, "{name}: signature");
        // Same parameters as the signed request. aws-c-auth neither sorts them nor
        // re-encodes the request's own ones (its get-vanilla-utf8-query URL has a raw "ሴ"),
        // so compare canonical forms.
        let mut ours = p.query.clone();
        if ctx.omit_session_token {
            let token = ctx.token.as_deref().expect("token");
            ours.push_str("&X-Amz-Security-Token=");
            ours.push_str(&sigv4::uri_encode(token, true));
        }
        assert_eq!(sigv4::canonical_query(&ours), sigv4::canonical_query(expected_query), "{name}: query");
        let (unsigned, sig) = p.query.rsplit_once("&X-Amz-Signature=").expect("signature last");
        assert_eq!(sig, p.signature);
        assert_eq!(sigv4::canonical_query(unsigned), unsigned, "{name}: sorted, signature last");

        if req.method == "GET" && req.body.is_empty() && ctx.normalize {
            let params: Vec<(String, String)> = req
                .query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect();
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let mut extra = req.headers.clone();
            let host = take_header(&mut extra, "host").expect("host");
            let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let url = sigv4::presign_url(
                &key,
                &ctx.region,
                &ctx.service,
                ctx.time,
                "https",
                &host,
                &req.path,
                &params,
                &extra,
                ctx.expires,
            );
            assert_eq!(url, format!("https://{host}{}?{}", req.path, p.query), "{name}: presign_url");
            via_presign_url += 1;
        }
        ran += 1;
    }
    report(
        "aws-c-auth v4 query form",
        ran,
        AWS_C_AUTH_QUERY_SKIPPED,
        AWS_C_AUTH_TOTAL - AWS_C_AUTH_QUERY_SKIPPED.len(),
    );
    println!("aws-c-auth v4 query form: {via_presign_url} of them also through presign_url");
    assert!(via_presign_url >= AWS_C_AUTH_PRESIGN_URL_CASES, "presign_url cases: {via_presign_url}");
}

// ---------------------------------------------------------------------------------------
// 3. botocore STS cases (11, derived)
// ---------------------------------------------------------------------------------------

const BOTOCORE_STS_TOTAL: usize = 11;

#[test]
fn botocore_sts_cases() {
    let text = read(&vectors().join("botocore-sts/sts-signing-cases.json"));
    let v: Value = serde_json::from_str(&text).expect("sts-signing-cases.json");
    let cases = v["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), BOTOCORE_STS_TOTAL);
    let s = |v: &Value| v.as_str().unwrap_or_else(|| panic!("not a string: {v}")).to_owned();

    let mut ran = 0;
    for c in cases {
        let name = s(&c["name"]);
        let creds = &c["credentials"];
        let (akid, secret) = (s(&creds["access_key_id"]), s(&creds["secret_access_key"]));
        let token = creds.get("session_token").map(s);
        let key = SigningKey { access_key_id: &akid, secret_access_key: &secret, session_token: token.as_deref() };
        let time = OffsetDateTime::parse(c["timestamp"].as_str().unwrap(), &Rfc3339).unwrap();
        let (region, service) = (s(&c["signing_region"]), s(&c["signing_service"]));
        let r = &c["request"];
        let method = s(&r["method"]);
        let body = s(&r["body"]);
        let url = s(&r["url"]);
        let rest = url.strip_prefix("https://").expect("https URL");
        let (authority, target) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (path, query) = target.split_once('?').unwrap_or((target, ""));

        // Wire headers minus what the signer adds (X-Amz-Date, X-Amz-Security-Token,
        // Authorization) and what botocore adds after signing (Content-Length, see the
        // README); Host comes from the URL.
        let mut wire: Vec<(String, String)> =
            r["headers"].as_array().unwrap().iter().map(|h| (s(&h[0]), s(&h[1]))).collect();
        let wire_date = take_header(&mut wire, "X-Amz-Date").expect("X-Amz-Date");
        let wire_token = take_header(&mut wire, "X-Amz-Security-Token");
        let wire_authz = take_header(&mut wire, "Authorization").expect("Authorization");
        take_header(&mut wire, "Content-Length");
        wire.push(("Host".to_owned(), authority.to_owned()));

        let mut headers = wire.clone();
        let d = sigv4::sign_headers_detailed(
            &key,
            &region,
            &service,
            time,
            &method,
            path,
            true,
            query,
            &mut headers,
            &sigv4::payload_hash(body.as_bytes()),
        );
        assert_eq!(d.canonical_request, s(&c["canonical_request"]), "{name}: canonical request");
        assert_eq!(d.string_to_sign, s(&c["string_to_sign"]), "{name}: string to sign");
        assert_eq!(d.signature, s(&c["signature"]), "{name}: signature");
        assert_eq!(d.authorization, s(&c["authorization"]), "{name}: authorization");
        assert_eq!(d.authorization, wire_authz, "{name}: authorization on the wire");
        assert_eq!(header(&headers, "x-amz-date"), [wire_date.as_str()], "{name}");
        assert_eq!(
            header(&headers, "x-amz-security-token"),
            wire_token.as_deref().into_iter().collect::<Vec<_>>(),
            "{name}"
        );

        let mut h = wire.clone();
        let a = sigv4::sign_headers(&key, &region, &service, time, &method, path, query, &mut h, body.as_bytes());
        assert_eq!(a, wire_authz, "{name}: sign_headers");
        ran += 1;
    }
    report("botocore-sts", ran, &[], BOTOCORE_STS_TOTAL);
}

// ---------------------------------------------------------------------------------------
// 4. Literal STS vectors of docs/sts-api.md §8.1 and §8.5
// ---------------------------------------------------------------------------------------

const GCI_BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";
const STS_HOST: &str = "sts.us-east-1.amazonaws.com";

fn sts_key(token: Option<&str>) -> SigningKey<'_> {
    SigningKey { access_key_id: AKID, secret_access_key: SECRET, session_token: token }
}

fn gci_headers() -> Vec<(String, String)> {
    vec![("host".to_owned(), STS_HOST.to_owned()), ("content-type".to_owned(), FORM.to_owned())]
}

#[test]
fn sts_doc_8_1_get_caller_identity() {
    let mut headers = gci_headers();
    let d = sigv4::sign_headers_detailed(
        &sts_key(None),
        "us-east-1",
        "sts",
        suite_time(),
        "POST",
        "/",
        true,
        "",
        &mut headers,
        &sigv4::payload_hash(GCI_BODY.as_bytes()),
    );
    assert_eq!(
        d.canonical_request,
        "POST\n/\n\n\
         content-type:application/x-www-form-urlencoded; charset=utf-8\n\
         host:sts.us-east-1.amazonaws.com\n\
         x-amz-date:20150830T123600Z\n\n\
         content-type;host;x-amz-date\n\
         ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843"
    );
    assert_eq!(
        d.string_to_sign,
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/sts/aws4_request\n\
         74f85d64795bc5f30af8b92378344f5c25c0d305498fca44ea38f6a5a1d5860f"
    );
    assert_eq!(d.signature, "52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165");
    assert_eq!(
        d.authorization,
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165"
    );
    assert_eq!(header(&headers, "x-amz-date"), ["20150830T123600Z"]);
    assert!(header(&headers, "x-amz-security-token").is_empty());
}

#[test]
fn sts_doc_8_1_get_caller_identity_with_session_token() {
    let mut headers = gci_headers();
    let authz = sigv4::sign_headers(
        &sts_key(Some("SESSIONTOKENEXAMPLE")),
        "us-east-1",
        "sts",
        suite_time(),
        "POST",
        "/",
        "",
        &mut headers,
        GCI_BODY.as_bytes(),
    );
    assert_eq!(
        authz,
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
         Signature=9076b73f8e7b9ea0bfd1d0a6969cf5332cfe6e006f5cb747a032c3e37dbc7fea"
    );
    assert_eq!(header(&headers, "x-amz-security-token"), ["SESSIONTOKENEXAMPLE"]);
}

const PRESIGN_CANONICAL_QUERY: &str = "Action=GetCallerIdentity&Version=2011-06-15\
    &X-Amz-Algorithm=AWS4-HMAC-SHA256\
    &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request\
    &X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id";
const PRESIGN_SIGNATURE: &str = "393dffdcf851beeb373f04f933b26ffa1d480490f11385a3dbd509617bb7cb79";

#[test]
fn sts_doc_8_5_presigned_get_caller_identity() {
    let key = sts_key(None);
    let url = sigv4::presign_url(
        &key,
        "us-east-1",
        "sts",
        suite_time(),
        "https",
        STS_HOST,
        "/",
        &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        &[("x-k8s-aws-id", "my-cluster")],
        60,
    );
    assert_eq!(url, format!("https://{STS_HOST}/?{PRESIGN_CANONICAL_QUERY}&X-Amz-Signature={PRESIGN_SIGNATURE}"));

    // The same through the detailed API: canonical request and string-to-sign hash line.
    let p = sigv4::presign_query(
        &key,
        "us-east-1",
        "sts",
        suite_time(),
        "GET",
        "/",
        true,
        "Action=GetCallerIdentity&Version=2011-06-15",
        &[("host", STS_HOST), ("x-k8s-aws-id", "my-cluster")],
        sigv4::EMPTY_PAYLOAD_SHA256,
        60,
    );
    assert_eq!(
        p.canonical_request,
        format!(
            "GET\n/\n{PRESIGN_CANONICAL_QUERY}\nhost:sts.us-east-1.amazonaws.com\n\
             x-k8s-aws-id:my-cluster\n\nhost;x-k8s-aws-id\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
    );
    assert_eq!(
        p.string_to_sign.lines().last(),
        Some("ec9c9f8aeb432c4c15c53d4c22c6a3da180afa39b1dcd461ee3b692cd49cf265")
    );
    assert_eq!(p.signature, PRESIGN_SIGNATURE);
    assert_eq!(p.signed_headers, "host;x-k8s-aws-id");

    // The EKS bearer token of §8.5 is exactly this URL.
    assert_eq!(
        format!("k8s-aws-v1.{}", base64url_nopad(url.as_bytes())),
        "k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMTUwODMwJTJGdXMtZWFzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAxNTA4MzBUMTIzNjAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9MzkzZGZmZGNmODUxYmVlYjM3M2YwNGY5MzNiMjZmZmExZDQ4MDQ5MGYxMTM4NWEzZGJkNTA5NjE3YmI3Y2I3OQ"
    );
}

/// Test-side base64url without padding (RFC 4648 §5).
fn base64url_nopad(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn presign_url_with_session_token_signs_the_token() {
    let token = "AQoD//+token=";
    let url = sigv4::presign_url(
        &sts_key(Some(token)),
        "us-east-1",
        "sts",
        suite_time(),
        "https",
        STS_HOST,
        "/",
        &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        &[],
        900,
    );
    let query = url.split_once('?').unwrap().1;
    let params: Vec<&str> = query.split('&').collect();
    assert_eq!(
        params,
        [
            "Action=GetCallerIdentity",
            "Version=2011-06-15",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256",
            "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request",
            "X-Amz-Date=20150830T123600Z",
            "X-Amz-Expires=900",
            "X-Amz-Security-Token=AQoD%2F%2F%2Btoken%3D",
            "X-Amz-SignedHeaders=host",
            params[8],
        ]
    );
    assert!(params[8].starts_with("X-Amz-Signature=") && params[8].len() == 16 + 64);
    // The signature covers the token: it is the one of the canonical query without it.
    let p = sigv4::presign_query(
        &sts_key(Some(token)),
        "us-east-1",
        "sts",
        suite_time(),
        "GET",
        "/",
        true,
        "Action=GetCallerIdentity&Version=2011-06-15",
        &[("host", STS_HOST)],
        sigv4::EMPTY_PAYLOAD_SHA256,
        900,
    );
    assert_eq!(p.query, query);
    assert!(p.canonical_request.contains("X-Amz-Security-Token=AQoD%2F%2F%2Btoken%3D"));
}

// ---------------------------------------------------------------------------------------
// Header-form behaviour beyond the vectors
// ---------------------------------------------------------------------------------------

const GCI_SIGNATURE: &str = "52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165";

#[test]
fn deny_listed_headers_are_sent_but_not_signed() {
    let mut headers = gci_headers();
    for (n, v) in [
        ("User-Agent", "stskit/0.1"),
        ("Connection", "keep-alive"),
        ("Keep-Alive", "timeout=5"),
        ("Expect", "100-continue"),
        ("TE", "trailers"),
        ("Trailer", "x"),
        ("Transfer-Encoding", "chunked"),
        ("Upgrade", "h2c"),
        ("Proxy-Authorization", "Basic eA=="),
        ("Proxy-Authenticate", "Basic"),
        ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
        ("Authorization", "stale"),
    ] {
        headers.push((n.to_owned(), v.to_owned()));
    }
    let n = headers.len();
    let authz = sigv4::sign_headers(
        &sts_key(None),
        "us-east-1",
        "sts",
        suite_time(),
        "POST",
        "/",
        "",
        &mut headers,
        GCI_BODY.as_bytes(),
    );
    assert_eq!(signature_of(&authz), GCI_SIGNATURE);
    assert_eq!(signed_headers_of(&authz), "content-type;host;x-amz-date");
    assert_eq!(headers.len(), n + 1, "only x-amz-date added, nothing removed");
}

#[test]
fn resigning_replaces_date_and_token_and_time_is_utc_normalised() {
    // First signing an hour later with another token, then re-signing the same header
    // list at the vector's time (given in UTC+2) must give the vector's signature.
    let mut headers = gci_headers();
    let later = datetime!(2015-08-30 13:36:00 UTC);
    sigv4::sign_headers(
        &sts_key(Some("OLD")),
        "us-east-1",
        "sts",
        later,
        "POST",
        "/",
        "",
        &mut headers,
        GCI_BODY.as_bytes(),
    );
    headers.push(("X-Amz-Date".to_owned(), "19700101T000000Z".to_owned())); // stray duplicate
    let t = datetime!(2015-08-30 14:36:00 +2);
    let authz = sigv4::sign_headers(
        &sts_key(Some("SESSIONTOKENEXAMPLE")),
        "us-east-1",
        "sts",
        t,
        "POST",
        "/",
        "",
        &mut headers,
        GCI_BODY.as_bytes(),
    );
    assert_eq!(signature_of(&authz), "9076b73f8e7b9ea0bfd1d0a6969cf5332cfe6e006f5cb747a032c3e37dbc7fea");
    assert_eq!(header(&headers, "x-amz-date"), ["20150830T123600Z"]);
    assert_eq!(header(&headers, "x-amz-security-token"), ["SESSIONTOKENEXAMPLE"]);
    assert_eq!(headers.len(), 4);
}

#[test]
fn emulator_style_path_is_encoded_once() {
    // "/_s/x/fault=throttle/" as sent: '=' is encoded once, nothing is decoded.
    let (c, _) = sigv4::canonical_request(
        "POST",
        "/_s/x/fault=throttle/",
        "",
        &[("host", "localhost:5000")],
        sigv4::EMPTY_PAYLOAD_SHA256,
        true,
    );
    assert!(c.starts_with("POST\n/_s/x/fault%3Dthrottle/\n\nhost:localhost:5000\n"), "{c}");
    assert_eq!(sigv4::canonical_uri("/a%20b", true), "/a%2520b");
}

// ---------------------------------------------------------------------------------------
// 5. Unit tests: uri_encode, amz_date and friends
// ---------------------------------------------------------------------------------------

#[test]
fn uri_encode_rules() {
    use sigv4::uri_encode;
    assert_eq!(uri_encode("", true), "");
    assert_eq!(uri_encode("AZaz09-_.~", true), "AZaz09-_.~", "unreserved characters are kept");
    assert_eq!(uri_encode("a b", true), "a%20b", "space is %20, not +");
    assert_eq!(uri_encode("~user", false), "~user");
    assert_eq!(uri_encode("a/b/c", false), "a/b/c");
    assert_eq!(uri_encode("a/b/c", true), "a%2Fb%2Fc");
    assert_eq!(uri_encode("ሴ", true), "%E1%88%B4", "UTF-8 bytes, upper-case hex");
    assert_eq!(uri_encode("é€😀", false), "%C3%A9%E2%82%AC%F0%9F%98%80");
    assert_eq!(uri_encode("aé b/éé~x", false), "a%C3%A9%20b/%C3%A9%C3%A9~x", "runs between encoded bytes");
    assert_eq!(uri_encode("+*%=&?#:;,@!$'()[]\"", true), "%2B%2A%25%3D%26%3F%23%3A%3B%2C%40%21%24%27%28%29%5B%5D%22");
    assert_eq!(uri_encode("\n\t\0\x7f", true), "%0A%09%00%7F");
    let mut buf = String::from("k=");
    sigv4::uri_encode_into(&mut buf, "v w", true);
    assert_eq!(buf, "k=v%20w");
}

#[test]
fn amz_date_format() {
    use sigv4::amz_date;
    assert_eq!(amz_date(suite_time()), "20150830T123600Z");
    assert_eq!(amz_date(datetime!(2024-01-02 03:04:05 UTC)), "20240102T030405Z");
    assert_eq!(amz_date(datetime!(2024-01-02 03:04:05.999_999 UTC)), "20240102T030405Z");
    // Converted to UTC first, across a day boundary either way.
    assert_eq!(amz_date(datetime!(2015-08-29 23:30:00 -5)), "20150830T043000Z");
    assert_eq!(amz_date(datetime!(2015-08-30 01:00:00 +9:30)), "20150829T153000Z");
    assert_eq!(amz_date(datetime!(2024-12-31 23:59:59 UTC)), "20241231T235959Z");
}

#[test]
fn canonical_query_rules() {
    use sigv4::canonical_query;
    assert_eq!(canonical_query(""), "");
    assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
    assert_eq!(canonical_query("key&other="), "key=&other=");
    assert_eq!(canonical_query("a=%e1%88%b4&b=x%2fy"), "a=%E1%88%B4&b=x%2Fy", "decoded and re-encoded");
    assert_eq!(canonical_query("a=x/y z"), "a=x%2Fy%20z");
    assert_eq!(canonical_query("a=1+2"), "a=1%2B2", "'+' is a literal plus");
    assert_eq!(canonical_query("a=%zz&b=%4"), "a=%25zz&b=%254", "stray '%' kept literally");
    assert_eq!(canonical_query("a=1&&b=2&"), "a=1&b=2");
    assert_eq!(canonical_query("a=b=c"), "a=b%3Dc");
    // Sorted by encoded key (byte order): upper-case before lower-case, '-' after '='-less keys.
    assert_eq!(canonical_query("Param-3=3&Param=2&%E1%88%B4=1"), "%E1%88%B4=1&Param=2&Param-3=3");
}

#[test]
fn canonical_uri_rules() {
    use sigv4::canonical_uri;
    for (path, normalised, raw) in [
        ("", "/", "/"),
        ("/", "/", "/"),
        ("//", "/", "//"),
        ("/a/b/", "/a/b/", "/a/b/"),
        ("/a/./b/../c", "/a/c", "/a/./b/../c"),
        ("/example/..", "/", "/example/.."),
        ("/example1/example2/../..", "/", "/example1/example2/../.."),
        ("/./example", "/example", "/./example"),
        ("//example//", "/example/", "//example//"),
        ("/../a", "/a", "/../a"),
        ("/example space/", "/example%20space/", "/example%20space/"),
        ("/example/$delete", "/example/%24delete", "/example/%24delete"),
        ("/ሴ", "/%E1%88%B4", "/%E1%88%B4"),
    ] {
        assert_eq!(canonical_uri(path, true), normalised, "normalised {path:?}");
        assert_eq!(canonical_uri(path, false), raw, "raw {path:?}");
    }
}

#[test]
fn canonical_headers_rules() {
    let headers =
        [("Host", "example.com"), ("X-B", "  two   words\tand\ttabs  "), ("x-a", "1"), ("X-A", " 2 "), ("x-empty", "")];
    let (c, signed) = sigv4::canonical_request("GET", "/", "", &headers, sigv4::EMPTY_PAYLOAD_SHA256, true);
    assert_eq!(signed, "host;x-a;x-b;x-empty");
    assert_eq!(
        c,
        "GET\n/\n\nhost:example.com\nx-a:1,2\nx-b:two words and tabs\nx-empty:\n\n\
         host;x-a;x-b;x-empty\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn signing_key_matches_plain_hmac_chain_for_short_and_long_secrets() {
    use hmac::{Hmac, Mac};
    use sha2::Sha256;
    fn h(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }
    // 40 bytes (normal), 60 (exactly one block with "AWS4"), 61 and 200 (hashed key).
    for len in [0usize, 1, 40, 59, 60, 61, 64, 200] {
        let secret: String = "abcdefghijklmnopqrstuvwxyz0123456789+/AB".chars().cycle().take(len).collect();
        let k_date = h(format!("AWS4{secret}").as_bytes(), b"20150830");
        let k_region = h(&k_date, b"us-east-1");
        let k_service = h(&k_region, b"sts");
        let expected = h(&k_service, b"aws4_request");
        assert_eq!(sigv4::signing_key(&secret, "20150830", "us-east-1", "sts").to_vec(), expected, "len {len}");
    }
}

#[test]
fn payload_hash_and_scope() {
    assert_eq!(sigv4::payload_hash(b""), sigv4::EMPTY_PAYLOAD_SHA256);
    assert_eq!(
        sigv4::payload_hash(GCI_BODY.as_bytes()),
        "ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843"
    );
    assert_eq!(sigv4::credential_scope("20150830", "us-east-1", "sts"), "20150830/us-east-1/sts/aws4_request");
}

#[test]
fn signing_key_debug_redacts_secrets() {
    let dbg = format!("{:?}", sts_key(Some("TOKEN")));
    assert!(dbg.contains("AKIDEXAMPLE"));
    assert!(!dbg.contains(SECRET) && !dbg.contains("TOKEN"), "{dbg}");
}
