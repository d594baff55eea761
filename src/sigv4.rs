//! AWS Signature Version 4 (SigV4) request signing.
//!
//! Two forms are provided:
//!
//! * [`sign_headers`]: the `Authorization` header form used for every signed STS call
//!   (`POST /` with a form body). It adds `x-amz-date` (and `x-amz-security-token` for
//!   session credentials) to the headers and returns the `Authorization` value.
//! * [`presign_url`]: the query-string form (presigned URL), e.g. a presigned
//!   `GetCallerIdentity` for EKS bearer tokens or other identity proofs.
//!
//! The lower-level functions ([`canonical_request`], [`string_to_sign`], [`signing_key`],
//! [`signature`], ...) expose every stage of the algorithm so each can be checked against
//! the official test suites, and so other identity-proof flows (e.g. HashiCorp Vault's AWS
//! IAM login, which replays a signed `GetCallerIdentity`) can be built on them.
//!
//! ## Canonical URI
//!
//! `path` is the request path *as sent on the wire*. The canonical URI is that path
//! URI-encoded once per segment ('/' kept), which is what AWS calls "double encoding" of
//! the logical path (a `%20` on the wire becomes `%2520`). [`sign_headers`] and
//! [`presign_url`] also normalise the path first (RFC 3986 dot-segment removal and
//! collapsing of empty segments, like botocore and the aws4_testsuite); that is the
//! behaviour of every non-S3 service, STS included. Paths STS uses (`/`) are unaffected.
//! Use [`sign_headers_detailed`] / [`presign_query`] with `normalize_path = false` for
//! S3-style signing.
//!
//! ## Secrets
//!
//! Secrets are borrowed; the caller owns and zeroizes them. The only copies this module
//! makes of the secret key are the `"AWS4" + secret` HMAC key, built in a stack buffer that
//! is wiped after use (best effort), and the HMAC states of the derivation chain.

use std::borrow::Cow;
use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::{OffsetDateTime, UtcOffset};

type HmacSha256 = Hmac<Sha256>;

/// The SigV4 algorithm identifier.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Hex SHA-256 of the empty payload (`GET` requests, presigned URLs).
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Headers [`sign_headers_detailed`] never signs (compared ASCII case-insensitively):
/// botocore's deny-list, plus `authorization` itself. These are hop-by-hop headers or
/// headers that proxies and HTTP stacks rewrite.
pub const UNSIGNED_HEADERS: [&str; 12] = [
    "authorization",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// Key material for signing. Strings are borrowed; the caller owns and zeroizes secrets.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    /// Access key id (`AKIA...` / `ASIA...`).
    pub access_key_id: &'a str,
    /// Secret access key.
    pub secret_access_key: &'a str,
    /// Session token of temporary credentials; signed as `x-amz-security-token`.
    pub session_token: Option<&'a str>,
}

impl std::fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.map(|_| "<redacted>"))
            .finish()
    }
}

/// Every stage of a header-form signature (see [`sign_headers_detailed`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `;`-joined, sorted, lower-case names of the signed headers.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
    /// Value of the `Authorization` header.
    pub authorization: String,
}

/// Every stage of a query-form (presigned) signature (see [`presign_query`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresignedQuery {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `;`-joined, sorted, lower-case names of the signed headers.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
    /// The final query string (no leading `?`): the canonical query string followed by
    /// `&X-Amz-Signature=<signature>`.
    pub query: String,
}

// ---------------------------------------------------------------------------------------
// Encoding helpers
// ---------------------------------------------------------------------------------------

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

#[inline]
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Whether `b` is written as it is rather than as `%XX`.
#[inline]
fn is_kept(b: u8, encode_slash: bool) -> bool {
    is_unreserved(b) || (b == b'/' && !encode_slash)
}

#[inline]
fn push_percent(out: &mut String, b: u8) {
    out.push('%');
    out.push(UPPER_HEX[usize::from(b >> 4)] as char);
    out.push(UPPER_HEX[usize::from(b & 0x0f)] as char);
}

#[inline]
fn push_encoded_byte(out: &mut String, b: u8, encode_slash: bool) {
    if is_kept(b, encode_slash) {
        out.push(b as char);
    } else {
        push_percent(out, b);
    }
}

/// Appends the RFC 3986 encoding of `s` to `out` (see [`uri_encode`]). Lets callers
/// such as the AWS Query body encoder reuse one buffer.
pub fn uri_encode_into(out: &mut String, s: &str, encode_slash: bool) {
    out.reserve(s.len());
    let bytes = s.as_bytes();
    let mut start = 0;
    // Runs of bytes kept as they are are copied at once; most values are one such run.
    while let Some(skip) = bytes[start..].iter().position(|&b| !is_kept(b, encode_slash)) {
        let at = start + skip;
        if skip > 0 {
            out.push_str(&s[start..at]); // ASCII from `start` to `at`: both are char boundaries
        }
        push_percent(out, bytes[at]);
        start = at + 1;
    }
    out.push_str(&s[start..]);
}

/// RFC 3986 percent-encoding as SigV4 and the AWS Query protocol need it: the unreserved
/// characters `A-Z a-z 0-9 - _ . ~` are kept, every other byte of the UTF-8 encoding
/// becomes `%XX` (upper-case hex; space is `%20`, never `+`). `/` is kept unless
/// `encode_slash` is true (true for query keys/values and form bodies, false for paths).
pub fn uri_encode(s: &str, encode_slash: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    uri_encode_into(&mut out, s, encode_slash);
    out
}

#[inline]
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s` and re-encodes it with [`uri_encode`] rules (slash encoded), in one
/// pass. A `%` not followed by two hex digits is taken literally (and so becomes `%25`);
/// `+` is a literal plus (`%2B`), as RFC 3986 defines no special meaning for it.
fn reencode_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len());
    let mut i = 0;
    while i < b.len() {
        let mut c = b[i];
        if c == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex_value(b[i + 1]), hex_value(b[i + 2])) {
                c = (h << 4) | l;
                i += 2;
            }
        }
        push_encoded_byte(out, c, true);
        i += 1;
    }
}

/// Appends the lower-case hex encoding of `bytes` (at most 32) without allocating.
fn push_hex(out: &mut String, bytes: &[u8]) {
    let mut buf = [0u8; 64];
    let n = bytes.len() * 2;
    hex::encode_to_slice(bytes, &mut buf[..n]).expect("buffer sized for 32 bytes");
    out.push_str(std::str::from_utf8(&buf[..n]).expect("hex is ASCII"));
}

/// Lower-case hex SHA-256 of `body`: the payload hash of the canonical request.
pub fn payload_hash(body: &[u8]) -> String {
    if body.is_empty() {
        return EMPTY_PAYLOAD_SHA256.to_owned();
    }
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &Sha256::digest(body));
    out
}

/// `YYYYMMDD'T'HHMMSS'Z'` (the `X-Amz-Date` format) of `time`, converted to UTC first.
/// The first 8 characters are the credential-scope date.
pub fn amz_date(time: OffsetDateTime) -> String {
    let t = time.to_offset(UtcOffset::UTC);
    let mut s = String::with_capacity(16);
    // Years before 0 or after 9999 are not SigV4 dates; they are written modulo 10,000.
    push_digits(&mut s, t.year().rem_euclid(10_000) as u32, 4);
    push_digits(&mut s, u8::from(t.month()).into(), 2);
    push_digits(&mut s, t.day().into(), 2);
    s.push('T');
    push_digits(&mut s, t.hour().into(), 2);
    push_digits(&mut s, t.minute().into(), 2);
    push_digits(&mut s, t.second().into(), 2);
    s.push('Z');
    s
}

/// Appends the last `width` decimal digits of `value`, zero-padded (no formatting machinery:
/// this runs for every signed request).
fn push_digits(out: &mut String, value: u32, width: u32) {
    for i in (0..width).rev() {
        out.push(char::from(b'0' + (value / 10u32.pow(i) % 10) as u8));
    }
}

/// Credential scope `date8/region/service/aws4_request`.
pub fn credential_scope(date8: &str, region: &str, service: &str) -> String {
    let mut s = String::with_capacity(date8.len() + region.len() + service.len() + 15);
    s.push_str(date8);
    s.push('/');
    s.push_str(region);
    s.push('/');
    s.push_str(service);
    s.push_str("/aws4_request");
    s
}

// ---------------------------------------------------------------------------------------
// Canonical request
// ---------------------------------------------------------------------------------------

/// Writes the canonical URI of `path` (see the module docs). An empty path is `/`.
fn write_canonical_uri(out: &mut String, path: &str, normalize: bool) {
    if path.is_empty() || path == "/" {
        out.push('/');
        return;
    }
    if !normalize {
        uri_encode_into(out, path, false);
        return;
    }
    // RFC 3986 §5.2.4 "remove dot segments", plus removal of empty segments ("//"),
    // exactly as botocore's `normalize_url_path`: a leading '/' is kept, a trailing '/'
    // is kept if any segment remains.
    let mut segments: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    if path.starts_with('/') {
        out.push('/');
    }
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        uri_encode_into(out, seg, true);
    }
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
}

/// Canonical URI of `path`: URI-encoded once per segment, after dot-segment removal and
/// empty-segment collapsing if `normalize` is true. An empty path is `/`.
pub fn canonical_uri(path: &str, normalize: bool) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    write_canonical_uri(&mut out, path, normalize);
    out
}

/// Collects encoded query parameters in one buffer and writes them sorted.
struct QueryBuilder {
    buf: String,
    /// (key start, key end = value start, value end) into `buf`.
    pairs: Vec<(usize, usize, usize)>,
}

impl QueryBuilder {
    fn with_capacity(pairs: usize, bytes: usize) -> Self {
        QueryBuilder { buf: String::with_capacity(bytes), pairs: Vec::with_capacity(pairs) }
    }

    /// Adds the parameters of a raw (already encoded) query string: split on '&', split
    /// each at the first '=', decode and re-encode key and value. Empty segments are
    /// ignored; a key without '=' has an empty value.
    fn push_raw(&mut self, query: &str) {
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let start = self.buf.len();
            reencode_into(&mut self.buf, k);
            let mid = self.buf.len();
            reencode_into(&mut self.buf, v);
            self.pairs.push((start, mid, self.buf.len()));
        }
    }

    /// Adds one parameter given unencoded.
    fn push(&mut self, key: &str, value: &str) {
        let start = self.buf.len();
        uri_encode_into(&mut self.buf, key, true);
        let mid = self.buf.len();
        uri_encode_into(&mut self.buf, value, true);
        self.pairs.push((start, mid, self.buf.len()));
    }

    /// Writes `k=v&k=v...` sorted by encoded key, then encoded value.
    fn write_sorted(&mut self, out: &mut String) {
        let buf = &self.buf;
        self.pairs.sort_unstable_by(|a, b| (&buf[a.0..a.1], &buf[a.1..a.2]).cmp(&(&buf[b.0..b.1], &buf[b.1..b.2])));
        out.reserve(buf.len() + 2 * self.pairs.len());
        for (i, &(s, m, e)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&buf[s..m]);
            out.push('=');
            out.push_str(&buf[m..e]);
        }
    }
}

/// Canonical query string of a raw query string (without '?'): split on '&', each key and
/// value percent-decoded and re-encoded with RFC 3986 rules, sorted by key then value, a
/// missing value kept as `key=`.
pub fn canonical_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + query.len() / 4);
    write_canonical_query(&mut out, query);
    out
}

fn write_canonical_query(out: &mut String, query: &str) {
    if !query.is_empty() {
        let mut q = QueryBuilder::with_capacity(8, query.len() + query.len() / 4);
        q.push_raw(query);
        q.write_sorted(out);
    }
}

#[inline]
fn lowercase_name(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Appends `value` trimmed, with inner runs of whitespace collapsed to one space.
#[inline]
fn push_trimmed_value(out: &mut String, value: &str) {
    for (i, word) in value.split_ascii_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Writes the canonical headers block, the blank line, and the signed-header list line:
/// `name:value\n`... `\n` `signed;headers\n`. Returns the signed-header list.
fn write_canonical_headers<'h>(out: &mut String, headers: impl Iterator<Item = (&'h str, &'h str)>) -> String {
    let mut list: Vec<(Cow<'h, str>, &'h str)> = headers.map(|(n, v)| (lowercase_name(n.trim()), v)).collect();
    // Stable sort: duplicate names keep their order of appearance.
    list.sort_by(|a, b| a.0.cmp(&b.0));

    let mut signed = String::with_capacity(list.iter().map(|(n, _)| n.len() + 1).sum());
    let mut i = 0;
    while i < list.len() {
        let name = &list[i].0;
        if !signed.is_empty() {
            signed.push(';');
        }
        signed.push_str(name);
        out.push_str(name);
        out.push(':');
        push_trimmed_value(out, list[i].1);
        let mut j = i + 1;
        while j < list.len() && list[j].0 == *name {
            out.push(',');
            push_trimmed_value(out, list[j].1);
            j += 1;
        }
        out.push('\n');
        i = j;
    }
    out.push('\n');
    out.push_str(&signed);
    out.push('\n');
    signed
}

fn headers_len<'h>(headers: impl Iterator<Item = (&'h str, &'h str)>) -> usize {
    headers.map(|(n, v)| n.len() + v.len() + 2).sum()
}

/// Builds the canonical request into `out`; `query` is the raw query string.
fn write_canonical_request<'h>(
    out: &mut String,
    method: &str,
    path: &str,
    normalize_path: bool,
    query: &str,
    headers: impl Iterator<Item = (&'h str, &'h str)>,
    payload_hash: &str,
) -> String {
    out.push_str(method);
    out.push('\n');
    write_canonical_uri(out, path, normalize_path);
    out.push('\n');
    write_canonical_query(out, query);
    out.push('\n');
    let signed = write_canonical_headers(out, headers);
    out.push_str(payload_hash);
    signed
}

/// Canonical request of a request, and its signed-header list.
///
/// * `method`: e.g. `POST`.
/// * `path`: the path as sent; see [`canonical_uri`] for `normalize_path`.
/// * `query`: raw query string without '?' (see [`canonical_query`]).
/// * `headers`: exactly the headers to sign (no deny-list is applied here), including
///   `host` and `x-amz-date`. Names are lower-cased, values trimmed with inner whitespace
///   runs collapsed, duplicate names joined with ',' in order of appearance, sorted by name.
/// * `payload_hash`: hex SHA-256 of the body ([`payload_hash`]) or e.g. `UNSIGNED-PAYLOAD`.
///
/// Returns `(canonical request, signed-header list)`.
pub fn canonical_request<H: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(H, V)],
    payload_hash: &str,
    normalize_path: bool,
) -> (String, String) {
    let it = || headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref()));
    let mut out = String::with_capacity(method.len() + 2 * path.len() + 2 * query.len() + 2 * headers_len(it()) + 80);
    let signed = write_canonical_request(&mut out, method, path, normalize_path, query, it(), payload_hash);
    (out, signed)
}

// ---------------------------------------------------------------------------------------
// String to sign, key derivation, signature
// ---------------------------------------------------------------------------------------

/// String to sign: `AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex SHA-256 of canonical request>`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut s = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    s.push_str(ALGORITHM);
    s.push('\n');
    s.push_str(amz_date);
    s.push('\n');
    s.push_str(scope);
    s.push('\n');
    push_hex(&mut s, &Sha256::digest(canonical_request.as_bytes()));
    s
}

/// Best-effort wipe of secret-derived stack bytes.
#[inline]
fn wipe(bytes: &mut [u8]) {
    bytes.fill(0);
    std::hint::black_box(bytes);
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 keyed with `"AWS4" + secret`, without putting that key on the heap.
fn aws4_secret_mac(secret: &str) -> HmacSha256 {
    const BLOCK: usize = 64; // SHA-256 block size
    let s = secret.as_bytes();
    if 4 + s.len() <= BLOCK {
        let mut buf = [0u8; BLOCK];
        buf[..4].copy_from_slice(b"AWS4");
        buf[4..4 + s.len()].copy_from_slice(s);
        let mac = HmacSha256::new_from_slice(&buf[..4 + s.len()]).expect("any key length");
        wipe(&mut buf);
        mac
    } else {
        // HMAC replaces keys longer than the block size by their hash (RFC 2104), so
        // hashing the two parts incrementally gives the same MAC.
        let mut k: [u8; 32] = Sha256::new().chain_update(b"AWS4").chain_update(s).finalize().into();
        let mac = HmacSha256::new_from_slice(&k).expect("any key length");
        wipe(&mut k);
        mac
    }
}

/// Derived signing key: HMAC chain `"AWS4"+secret` → `date8` → `region` → `service` →
/// `"aws4_request"`. It depends only on these inputs, so it is valid for a whole UTC day
/// per region and service.
pub fn signing_key(secret: &str, date8: &str, region: &str, service: &str) -> [u8; 32] {
    let mut mac = aws4_secret_mac(secret);
    mac.update(date8.as_bytes());
    let mut k_date: [u8; 32] = mac.finalize().into_bytes().into();
    let mut k_region = hmac_sha256(&k_date, region.as_bytes());
    wipe(&mut k_date);
    let mut k_service = hmac_sha256(&k_region, service.as_bytes());
    wipe(&mut k_region);
    let k_signing = hmac_sha256(&k_service, b"aws4_request");
    wipe(&mut k_service);
    k_signing
}

/// Hex HMAC-SHA256 of `string_to_sign` under the derived `signing_key`.
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&mut out, &hmac_sha256(signing_key, string_to_sign.as_bytes()));
    out
}

// ---------------------------------------------------------------------------------------
// Header form
// ---------------------------------------------------------------------------------------

fn is_unsigned_header(name: &str) -> bool {
    UNSIGNED_HEADERS.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// Sets header `name` (lower-case) to `value`, replacing the value of the first header of
/// that name (ASCII case-insensitive) and removing any others; appends it otherwise.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    match headers.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some(i) => {
            let v = &mut headers[i].1;
            v.clear();
            v.push_str(value);
            let mut idx = 0;
            headers.retain(|(n, _)| {
                let keep = idx <= i || !n.eq_ignore_ascii_case(name);
                idx += 1;
                keep
            });
        }
        None => headers.push((name.to_owned(), value.to_owned())),
    }
}

/// Sign a request in header form. `headers` are the headers that will be sent (at least
/// `host` and, for POST, `content-type`); all of them are signed except
/// [`UNSIGNED_HEADERS`] (botocore's deny-list plus `authorization`). Adds `x-amz-date`
/// and, with a session token, `x-amz-security-token` (both signed; an existing header of
/// either name is replaced, so a request can be re-signed in place), then returns the
/// value of the `Authorization` header. `path` is the request path as sent (e.g. "/" or
/// "/_s/x/fault=throttle/"); it is normalised (dot segments, `//`) and encoded once for
/// the canonical URI. `query` is the raw query string without '?'. `time` may have any
/// offset; it is converted to UTC.
///
/// Do not pass headers the HTTP stack may rewrite; e.g. STS SDKs add `Content-Length`
/// after signing.
#[allow(clippy::too_many_arguments)]
pub fn sign_headers(
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    query: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) -> String {
    let hash = payload_hash(body);
    sign_headers_detailed(key, region, service, time, method, path, true, query, headers, &hash).authorization
}

/// [`sign_headers`] with an explicit path-normalisation choice and payload hash
/// (e.g. [`payload_hash`] of the body, or `UNSIGNED-PAYLOAD`), returning every stage.
#[allow(clippy::too_many_arguments)]
pub fn sign_headers_detailed(
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    normalize_path: bool,
    query: &str,
    headers: &mut Vec<(String, String)>,
    payload_hash: &str,
) -> SignedRequest {
    sign_headers_impl(key, None, region, service, time, method, path, normalize_path, query, headers, payload_hash)
}

/// [`sign_headers`] with the derived signing key taken from (and kept in) `cache`: the key
/// depends only on the secret, the date, the region and the service, so a client signing many
/// calls derives it once a day instead of with four HMACs per call.
#[allow(clippy::too_many_arguments)]
pub fn sign_headers_cached(
    cache: &SigningKeyCache,
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    query: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) -> String {
    let hash = payload_hash(body);
    sign_headers_impl(key, Some(cache), region, service, time, method, path, true, query, headers, &hash).authorization
}

/// The signing key of the last (secret, date, region, service) a client used. The key and the
/// copy of the secret it is checked against are wiped when replaced or dropped.
#[derive(Default)]
pub struct SigningKeyCache {
    last: std::sync::Mutex<Option<CachedSigningKey>>,
}

struct CachedSigningKey {
    secret: zeroize::Zeroizing<Vec<u8>>,
    date8: [u8; 8],
    region: String,
    service: String,
    key: [u8; 32],
}

impl Drop for CachedSigningKey {
    fn drop(&mut self) {
        wipe(&mut self.key);
    }
}

impl std::fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKeyCache(<redacted>)")
    }
}

impl SigningKeyCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// [`signing_key`], derived only when the inputs differ from the last call's.
    pub fn signing_key(&self, secret: &str, date8: &str, region: &str, service: &str) -> [u8; 32] {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = last.as_ref() {
            if c.date8.as_slice() == date8.as_bytes()
                && c.region == region
                && c.service == service
                && c.secret.as_slice() == secret.as_bytes()
            {
                return c.key;
            }
        }
        let key = signing_key(secret, date8, region, service);
        *last = date8.as_bytes().try_into().ok().map(|date8| CachedSigningKey {
            secret: zeroize::Zeroizing::new(secret.as_bytes().to_vec()),
            date8,
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
        key
    }
}

#[allow(clippy::too_many_arguments)]
fn sign_headers_impl(
    key: &SigningKey,
    cache: Option<&SigningKeyCache>,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    normalize_path: bool,
    query: &str,
    headers: &mut Vec<(String, String)>,
    payload_hash: &str,
) -> SignedRequest {
    let date = amz_date(time);
    set_header(headers, "x-amz-date", &date);
    if let Some(token) = key.session_token {
        set_header(headers, "x-amz-security-token", token);
    }

    let signed_iter = || headers.iter().filter(|(n, _)| !is_unsigned_header(n)).map(|(n, v)| (n.as_str(), v.as_str()));
    let mut creq =
        String::with_capacity(method.len() + 2 * path.len() + 2 * query.len() + 2 * headers_len(signed_iter()) + 80);
    let signed_headers =
        write_canonical_request(&mut creq, method, path, normalize_path, query, signed_iter(), payload_hash);

    let scope = credential_scope(&date[..8], region, service);
    let sts = string_to_sign(&date, &scope, &creq);
    let mut k = match cache {
        Some(cache) => cache.signing_key(key.secret_access_key, &date[..8], region, service),
        None => signing_key(key.secret_access_key, &date[..8], region, service),
    };
    let sig = signature(&k, &sts);
    wipe(&mut k);

    let mut authorization =
        String::with_capacity(ALGORITHM.len() + key.access_key_id.len() + scope.len() + signed_headers.len() + 112);
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(key.access_key_id);
    authorization.push('/');
    authorization.push_str(&scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    authorization.push_str(&sig);

    SignedRequest { canonical_request: creq, string_to_sign: sts, signed_headers, signature: sig, authorization }
}

// ---------------------------------------------------------------------------------------
// Query form (presigning)
// ---------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn presign_impl<'h>(
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    normalize_path: bool,
    mut query: QueryBuilder,
    headers: impl Iterator<Item = (&'h str, &'h str)>,
    payload_hash: &str,
    expires_secs: u64,
) -> PresignedQuery {
    let date = amz_date(time);
    let scope = credential_scope(&date[..8], region, service);

    // The signed-header list goes into the query, which precedes the headers in the
    // canonical request, so the headers block is built first.
    let mut header_block = String::with_capacity(128);
    let signed_headers = write_canonical_headers(&mut header_block, headers);

    let mut credential = String::with_capacity(key.access_key_id.len() + 1 + scope.len());
    credential.push_str(key.access_key_id);
    credential.push('/');
    credential.push_str(&scope);
    let mut expires = String::with_capacity(20);
    write!(expires, "{expires_secs}").expect("writing to a String cannot fail");

    query.push("X-Amz-Algorithm", ALGORITHM);
    query.push("X-Amz-Credential", &credential);
    query.push("X-Amz-Date", &date);
    query.push("X-Amz-Expires", &expires);
    if let Some(token) = key.session_token {
        query.push("X-Amz-Security-Token", token);
    }
    query.push("X-Amz-SignedHeaders", &signed_headers);

    let mut creq = String::with_capacity(
        method.len()
            + 2 * path.len()
            + query.buf.len()
            + 2 * query.pairs.len()
            + header_block.len()
            + payload_hash.len()
            + 8,
    );
    creq.push_str(method);
    creq.push('\n');
    write_canonical_uri(&mut creq, path, normalize_path);
    creq.push('\n');
    let q_start = creq.len();
    query.write_sorted(&mut creq);
    let q_end = creq.len();
    creq.push('\n');
    creq.push_str(&header_block);
    creq.push_str(payload_hash);

    let sts = string_to_sign(&date, &scope, &creq);
    let k = signing_key(key.secret_access_key, &date[..8], region, service);
    let sig = signature(&k, &sts);

    let mut final_query = String::with_capacity(q_end - q_start + 17 + sig.len());
    final_query.push_str(&creq[q_start..q_end]);
    final_query.push_str("&X-Amz-Signature=");
    final_query.push_str(&sig);

    PresignedQuery { canonical_request: creq, string_to_sign: sts, signed_headers, signature: sig, query: final_query }
}

/// Presign any request in query-string form, returning every stage.
///
/// `query` is the request's raw query string (without '?'); the `X-Amz-*` parameters are
/// added to it (`X-Amz-Security-Token` before signing when `key` has a token).
/// `headers` are exactly the headers to sign, including `host` (no deny-list is applied:
/// whoever uses the URL must send them all). `payload_hash` is the body hash
/// ([`EMPTY_PAYLOAD_SHA256`] for a GET, or `UNSIGNED-PAYLOAD`).
#[allow(clippy::too_many_arguments)]
pub fn presign_query<H: AsRef<str>, V: AsRef<str>>(
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    method: &str,
    path: &str,
    normalize_path: bool,
    query: &str,
    headers: &[(H, V)],
    payload_hash: &str,
    expires_secs: u64,
) -> PresignedQuery {
    let mut q = QueryBuilder::with_capacity(8, query.len() + 256);
    q.push_raw(query);
    presign_impl(
        key,
        region,
        service,
        time,
        method,
        path,
        normalize_path,
        q,
        headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())),
        payload_hash,
        expires_secs,
    )
}

/// Presign a GET in query-string form (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
/// X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Security-Token included BEFORE signing,
/// X-Amz-Signature last). `params` are the request parameters, unencoded (e.g. Action,
/// Version); `signed_headers` are extra headers (besides `host`) bound into the signature
/// that the user of the URL must send, e.g. ("x-k8s-aws-id", "my-cluster"). `host` is
/// signed exactly as given (include a non-default port). Returns the full URL
/// `{scheme}://{host}{path}?{query}` with query parameters in canonical (sorted) order.
#[allow(clippy::too_many_arguments)]
pub fn presign_url(
    key: &SigningKey,
    region: &str,
    service: &str,
    time: OffsetDateTime,
    scheme: &str,
    host: &str,
    path: &str,
    params: &[(&str, &str)],
    signed_headers: &[(&str, &str)],
    expires_secs: u64,
) -> String {
    let path = if path.is_empty() { "/" } else { path };
    let mut q = QueryBuilder::with_capacity(
        params.len() + 6,
        params.iter().map(|(k, v)| k.len() + v.len() * 3 / 2).sum::<usize>()
            + key.session_token.map_or(0, |t| t.len() * 3 / 2)
            + 160,
    );
    for (k, v) in params {
        q.push(k, v);
    }
    let headers = std::iter::once(("host", host)).chain(signed_headers.iter().copied());
    let p = presign_impl(key, region, service, time, "GET", path, true, q, headers, EMPTY_PAYLOAD_SHA256, expires_secs);
    let mut url = String::with_capacity(scheme.len() + 3 + host.len() + path.len() + 1 + p.query.len());
    url.push_str(scheme);
    url.push_str("://");
    url.push_str(host);
    url.push_str(path);
    url.push('?');
    url.push_str(&p.query);
    url
}
