//! A fast static STS responder for the stskit benchmarks.
//!
//! Serves a fixed, realistic `AssumeRole` response (and `GetCallerIdentity` when the body asks for
//! it) on 127.0.0.1 over HTTP/1.1 with keep-alive and Content-Length, one thread per connection,
//! plain and TLS. The request body is read by its Content-Length and discarded; signatures are not
//! checked. At start it makes a CA and a `localhost` certificate with the `openssl` CLI (EC P-256,
//! the emulator's recipe) and prints one JSON line:
//!
//! ```text
//! {"http":"http://127.0.0.1:PORT/","https":"https://localhost:PORT/","ca":"DIR/ca.pem","pid":N}
//! ```
//!
//! Options: `--dir DIR` (certificates; default a fresh temp dir), `--capture FILE` (write the first
//! request received, verbatim, to FILE: the raw client replays it), `--max-seconds S` (exit after S
//! seconds, default 7200), `--no-tls`.

use std::io::{BufRead, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const REQUEST_ID: &str = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1 << 20;

struct Bodies {
    assume_role: Vec<u8>,
    caller_identity: Vec<u8>,
}

static BODIES: OnceLock<Bodies> = OnceLock::new();
static CAPTURE: OnceLock<Option<PathBuf>> = OnceLock::new();
static CAPTURED: AtomicBool = AtomicBool::new(false);

fn die(msg: &str) -> ! {
    eprintln!("responder: {msg}");
    std::process::exit(1)
}

fn main() {
    let mut dir: Option<PathBuf> = None;
    let mut capture = None;
    let mut max_seconds = 7200u64;
    let mut tls = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dir" => dir = args.next().map(PathBuf::from),
            "--capture" => capture = args.next().map(PathBuf::from),
            "--max-seconds" => max_seconds = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| die("--max-seconds N")),
            "--no-tls" => tls = false,
            other => die(&format!("unknown argument {other}")),
        }
    }
    CAPTURE.set(capture).ok();
    BODIES.set(make_bodies()).ok();

    let http = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| die(&format!("bind: {e}")));
    let http_port = http.local_addr().map(|a| a.port()).unwrap_or(0);
    std::thread::spawn(move || serve_plain(http));

    let mut line = format!("{{\"http\":\"http://127.0.0.1:{http_port}/\"");
    if tls {
        let dir = dir.unwrap_or_else(|| {
            let d = std::env::temp_dir().join(format!("stskit-bench-responder-{}", std::process::id()));
            d
        });
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| die(&format!("{}: {e}", dir.display())));
        make_certs(&dir);
        let config = Arc::new(tls_config(&dir));
        let https = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| die(&format!("bind: {e}")));
        let https_port = https.local_addr().map(|a| a.port()).unwrap_or(0);
        std::thread::spawn(move || serve_tls(https, config));
        line.push_str(&format!(
            ",\"https\":\"https://localhost:{https_port}/\",\"ca\":\"{}\"",
            dir.join("ca.pem").display()
        ));
    }
    line.push_str(&format!(",\"pid\":{}}}", std::process::id()));
    println!("{line}");
    std::io::stdout().flush().ok();

    // Bounded in time: the benchmark stops it, and it stops itself if forgotten.
    std::thread::sleep(Duration::from_secs(max_seconds));
}

fn serve_plain(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        stream.set_nodelay(true).ok();
        std::thread::spawn(move || {
            let _ = handle(stream);
        });
    }
}

fn serve_tls(listener: TcpListener, config: Arc<rustls::ServerConfig>) {
    for stream in listener.incoming().flatten() {
        stream.set_nodelay(true).ok();
        let config = config.clone();
        std::thread::spawn(move || {
            let Ok(conn) = rustls::ServerConnection::new(config) else { return };
            let _ = handle(rustls::StreamOwned::new(conn, stream));
        });
    }
}

/// Serves requests on one connection until the peer closes it (or asks to).
fn handle<S: Read + Write>(mut s: S) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut start = 0; // unconsumed bytes are buf[start..]
    let mut cache = ResponseCache::default();
    loop {
        // Headers.
        let head_end = loop {
            if let Some(p) = find(&buf[start..], b"\r\n\r\n") {
                break start + p + 4;
            }
            if buf.len() - start > MAX_HEAD {
                return Ok(());
            }
            if !fill(&mut s, &mut buf)? {
                return Ok(());
            }
        };
        let head = &buf[start..head_end];
        let mut content_length = 0usize;
        let mut close = false;
        let mut expect_continue = false;
        for line in head.split(|&b| b == b'\n').skip(1) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
            let (name, value) = (&line[..colon], trim(&line[colon + 1..]));
            if name.eq_ignore_ascii_case(b"content-length") {
                content_length = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok()).unwrap_or(0);
            } else if name.eq_ignore_ascii_case(b"connection") {
                close = value.eq_ignore_ascii_case(b"close");
            } else if name.eq_ignore_ascii_case(b"expect") {
                expect_continue = value.eq_ignore_ascii_case(b"100-continue");
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                s.write_all(b"HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
                return Ok(());
            }
        }
        if content_length > MAX_BODY {
            return Ok(());
        }
        if expect_continue {
            s.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            s.flush()?;
        }
        // Body, read by Content-Length.
        while buf.len() < head_end + content_length {
            if !fill(&mut s, &mut buf)? {
                return Ok(());
            }
        }
        let end = head_end + content_length;
        let body = &buf[head_end..end];
        let caller_identity = find(body, b"Action=GetCallerIdentity").is_some();
        if let Some(Some(path)) = CAPTURE.get() {
            if !CAPTURED.swap(true, Ordering::Relaxed) {
                std::fs::write(path, &buf[start..end])?;
            }
        }
        s.write_all(cache.response(caller_identity))?;
        s.flush()?;
        if close {
            return Ok(());
        }
        // Keep any pipelined bytes; reuse the buffer.
        if end == buf.len() {
            buf.clear();
            start = 0;
        } else {
            start = end;
        }
    }
}

/// Reads more bytes into `buf`; false at end of stream.
fn fill<S: Read>(s: &mut S, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let len = buf.len();
    if buf.capacity() - len < 4096 {
        buf.reserve(16 * 1024);
    }
    buf.resize(buf.capacity(), 0);
    match s.read(&mut buf[len..]) {
        Ok(n) => {
            buf.truncate(len + n);
            Ok(n > 0)
        }
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof || e.kind() == std::io::ErrorKind::ConnectionReset => {
            buf.truncate(len);
            Ok(false)
        }
        Err(e) => {
            buf.truncate(len);
            Err(e)
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim(mut v: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = v {
        v = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = v {
        v = rest;
    }
    v
}

/// The full response bytes for the current second (the `Date` header changes once a second).
#[derive(Default)]
struct ResponseCache {
    second: u64,
    assume_role: Vec<u8>,
    caller_identity: Vec<u8>,
}

impl ResponseCache {
    fn response(&mut self, caller_identity: bool) -> &[u8] {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        if now != self.second || self.assume_role.is_empty() {
            let date = http_date(now);
            let bodies = BODIES.get().expect("bodies are set at start");
            self.assume_role = full_response(&date, &bodies.assume_role);
            self.caller_identity = full_response(&date, &bodies.caller_identity);
            self.second = now;
        }
        if caller_identity {
            &self.caller_identity
        } else {
            &self.assume_role
        }
    }
}

fn full_response(date: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nx-amzn-RequestId: {REQUEST_ID}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nDate: {date}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn iso8601(secs: u64) -> String {
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!("{y}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The responses real STS sends (AWS documentation's examples), with a session token of realistic
/// length (real ones are 400-1,100+ characters) and an expiry 12 hours from now so credentials
/// providers keep them cached.
fn make_bodies() -> Bodies {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let expiration = iso8601(now + 12 * 3600);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut token = String::from("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ");
    let mut x: u32 = 0x9E37_79B9;
    while token.len() < 860 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        token.push(alphabet[(x % 64) as usize] as char);
    }
    token.push_str("==");
    let assume_role = format!(
        r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/GameClient/bench-session</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:bench-session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>{token}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>{REQUEST_ID}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#
    );
    let caller_identity = format!(
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AKIAI44QH8DHBEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>{REQUEST_ID}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
"#
    );
    Bodies { assume_role: assume_role.into_bytes(), caller_identity: caller_identity.into_bytes() }
}

// ------------------------------------------------------------------------------------------------
// Certificates: a CA and a `localhost` / 127.0.0.1 server certificate, EC P-256, via openssl.
// ------------------------------------------------------------------------------------------------

const OPENSSL_CNF: &str = "\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = stskit bench CA
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ localhost ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
";

fn make_certs(dir: &Path) {
    if ["ca.pem", "server.pem", "server.key"].iter().all(|f| dir.join(f).exists()) {
        return;
    }
    let p = |f: &str| dir.join(f).display().to_string();
    std::fs::write(dir.join("openssl.cnf"), OPENSSL_CNF).unwrap_or_else(|e| die(&format!("openssl.cnf: {e}")));
    let run = |args: &[&str]| {
        let out = Command::new("openssl").args(args).output().unwrap_or_else(|e| die(&format!("openssl: {e}")));
        if !out.status.success() {
            die(&format!("openssl {} failed: {}", args[..2].join(" "), String::from_utf8_lossy(&out.stderr)));
        }
    };
    let (cnf, ec) = (p("openssl.cnf"), p("ec.pem"));
    let newkey = format!("ec:{ec}");
    run(&["ecparam", "-name", "prime256v1", "-out", &ec]);
    run(&["req", "-x509", "-config", &cnf, "-extensions", "v3_ca", "-newkey", &newkey, "-nodes", "-keyout", &p("ca.key"),
          "-out", &p("ca.pem"), "-days", "30", "-subj", "/CN=stskit bench CA"]);
    run(&["req", "-new", "-config", &cnf, "-newkey", &newkey, "-nodes", "-keyout", &p("server.key"), "-out", &p("server.csr"),
          "-subj", "/CN=localhost"]);
    run(&["x509", "-req", "-in", &p("server.csr"), "-CA", &p("ca.pem"), "-CAkey", &p("ca.key"), "-set_serial", "0x5bd1e995",
          "-days", "30", "-extfile", &cnf, "-extensions", "localhost", "-out", &p("server.pem")]);
}

/// The DER contents of every PEM block labelled `label`.
fn pem_blocks(path: &Path, label: &str) -> Vec<Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| die(&format!("{}: {e}", path.display())));
    let (begin, end) = (format!("-----BEGIN {label}-----"), format!("-----END {label}-----"));
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in std::io::BufReader::new(file).lines().map_while(Result::ok) {
        let line = line.trim();
        if line == begin {
            cur = Some(String::new());
        } else if line == end {
            out.push(base64_decode(&cur.take().unwrap_or_default()));
        } else if let Some(c) = cur.as_mut() {
            c.push_str(line);
        }
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()) {
        acc = (acc << 6) | u32::from(val(c));
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn tls_config(dir: &Path) -> rustls::ServerConfig {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let certs: Vec<CertificateDer<'static>> =
        pem_blocks(&dir.join("server.pem"), "CERTIFICATE").into_iter().map(CertificateDer::from).collect();
    let key = pem_blocks(&dir.join("server.key"), "PRIVATE KEY")
        .into_iter()
        .next()
        .unwrap_or_else(|| die("server.key holds no PKCS#8 PRIVATE KEY"));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap_or_else(|e| die(&format!("TLS versions: {e}")))
        .with_no_client_auth()
        .with_single_cert(certs, PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)))
        .unwrap_or_else(|e| die(&format!("TLS certificate: {e}")));
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}
