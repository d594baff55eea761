//! Shared test harness: one local STS emulator per test binary, and clients pointed at it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use stskit::{Client, ClientBuilder, Credentials, RetryConfig};

pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const ACCOUNT: &str = "123456789012";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/GameClient";

pub struct Emulator {
    pub http: String,
    pub https: String,
    pub https_expired: String,
    pub https_wronghost: String,
    pub ca: PathBuf,
    // The emulator exits when this pipe closes, i.e. when the test process ends. Both are None
    // for an emulator the harness started (STSKIT_EMULATOR_JSON).
    _stdin: Option<Mutex<ChildStdin>>,
    _child: Option<Mutex<Child>>,
}

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn shared_vectors() -> PathBuf {
    repo_root().join("../shared/vectors")
}

/// The emulator for this test binary, started on first use.
pub fn emulator() -> &'static Emulator {
    static EMU: OnceLock<Emulator> = OnceLock::new();
    EMU.get_or_init(|| {
        if let Some(emu) = emulator_from_env() {
            return emu;
        }
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/emulator/stsemu.py"))
            .args(["--exit-on-stdin-eof", "--quiet"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start python3 tests/emulator/stsemu.py");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("emulator ready line");
        let v: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("bad ready line {line:?}: {e}"));
        let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("ready line lacks {k}: {line}")).to_owned();
        Emulator {
            http: s("http"),
            https: s("https"),
            https_expired: s("https_expired"),
            https_wronghost: s("https_wronghost"),
            ca: PathBuf::from(s("ca")),
            _stdin: Some(Mutex::new(child.stdin.take().unwrap())),
            _child: Some(Mutex::new(child)),
        }
    })
}

/// A fresh scenario id, unique in this process.
pub fn unique_id(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// An endpoint URL for a new scenario with the given directives (e.g. "fault=throttle/times=2").
/// Returns (scenario id, URL).
pub fn scenario(prefix: &str, directives: &str) -> (String, String) {
    let id = unique_id(prefix);
    let url = if directives.is_empty() {
        format!("{}/_s/{id}/", emulator().http)
    } else {
        format!("{}/_s/{id}/{directives}/", emulator().http)
    };
    (id, url)
}

pub fn test_credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None)
}

/// A builder for the emulator with the known test keys and quick retries.
pub fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(test_credentials())
        .retry(RetryConfig { backoff_scale: 0.01, ..RetryConfig::default() })
}

pub fn client(url: &str) -> Client {
    builder(url).build().expect("client")
}

/// A client for the default (fault-free) scenario.
pub fn default_client() -> Client {
    client(&format!("{}/", emulator().http))
}

/// The emulator's counters for a scenario.
pub fn stats(id: &str) -> serde_json::Value {
    let addr = emulator().http.trim_start_matches("http://").to_owned();
    let mut s = TcpStream::connect(&addr).expect("connect to emulator");
    write!(s, "GET /_emulator/stats/{id} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("stats for {id}: {e}: {text}"))
}

pub fn request_count(id: &str) -> u64 {
    stats(id)["requests"].as_u64().unwrap_or(0)
}

/// A JWT-shaped token with the given payload JSON (the emulator reads, not verifies, it).
pub fn jwt(payload: &str) -> String {
    fn b64url(data: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
    format!("{}.{}.{}", b64url(br#"{"alg":"RS256","typ":"JWT"}"#), b64url(payload.as_bytes()), b64url(b"signature"))
}

/// Standard base64 (for SAML assertions).
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A minimal SAML Response as an IdP would post it, base64-encoded.
pub fn saml_assertion(subject: &str, not_on_or_after: &str) -> String {
    let xml = format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com/saml/metadata</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{subject}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{not_on_or_after}" Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter="{not_on_or_after}"/><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SourceIdentity"><saml:AttributeValue>{subject}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"#
    );
    base64(xml.as_bytes())
}

/// An emulator started by the harness instead of by this process: `STSKIT_EMULATOR_JSON` holds
/// its ready line (`{"http": ..., "https": ..., "ca": ...}`). Used where the test process cannot
/// spawn `python3`, e.g. Windows builds run under wine (scripts/desktop-platforms.sh).
fn emulator_from_env() -> Option<Emulator> {
    let line = std::env::var("STSKIT_EMULATOR_JSON").ok().filter(|l| !l.trim().is_empty())?;
    let v: serde_json::Value = serde_json::from_str(&line)
        .unwrap_or_else(|e| panic!("STSKIT_EMULATOR_JSON is not a ready line ({e}): {line}"));
    let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("STSKIT_EMULATOR_JSON lacks {k}: {line}")).to_owned();
    Some(Emulator {
        http: s("http"),
        https: s("https"),
        https_expired: s("https_expired"),
        https_wronghost: s("https_wronghost"),
        ca: PathBuf::from(s("ca")),
        _stdin: None,
        _child: None,
    })
}
