//! HTTPS against the emulator's TLS listeners, trust configuration, the plain-HTTP policy and
//! connection reuse.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use stskit::{Client, ClientBuilder, ErrorKind, RetryConfig};

fn ca_pem() -> Vec<u8> {
    std::fs::read(&emulator().ca).expect("emulator CA")
}

/// A scenario path on one of the HTTPS listeners.
fn https_scenario(base: &str, prefix: &str) -> (String, String) {
    let id = unique_id(prefix);
    (id.clone(), format!("{base}/_s/{id}/"))
}

fn tls_builder(url: &str) -> ClientBuilder {
    builder(url)
        .retry(RetryConfig { max_attempts: 1, backoff_scale: 0.01, ..RetryConfig::default() })
        .connect_timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_secs(10))
}

#[test]
fn https_with_the_emulator_ca_succeeds() {
    let (id, url) = https_scenario(&emulator().https, "tls-ok");
    let c = tls_builder(&url).add_root_certificates_pem(&ca_pem()).build().unwrap();
    assert!(c.endpoint_url().starts_with("https://localhost:"), "{}", c.endpoint_url());
    let me = c.get_caller_identity().unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    assert_eq!(request_count(&id), 1);
}

#[test]
fn https_without_the_ca_is_a_tls_error() {
    let (id, url) = https_scenario(&emulator().https, "tls-noca");
    let err = tls_builder(&url).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    assert!(!err.is_retryable(), "a certificate problem does not go away by retrying");
    assert_eq!(request_count(&id), 0, "no HTTP request may pass an untrusted handshake");
}

#[test]
fn expired_certificate_is_a_tls_error() {
    let (id, url) = https_scenario(&emulator().https_expired, "tls-expired");
    let err =
        tls_builder(&url).add_root_certificates_pem(&ca_pem()).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    assert_eq!(request_count(&id), 0);
}

#[test]
fn certificate_for_another_host_is_a_tls_error() {
    let (id, url) = https_scenario(&emulator().https_wronghost, "tls-wronghost");
    let err =
        tls_builder(&url).add_root_certificates_pem(&ca_pem()).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    assert_eq!(request_count(&id), 0);
}

#[test]
fn invalid_ca_pem_is_a_configuration_error_at_build() {
    let bad_base64 = b"-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n-----END CERTIFICATE-----\n";
    let no_certificate = b"just some text, no PEM blocks at all\n";
    for pem in [&bad_base64[..], &no_certificate[..], b""] {
        let err = tls_builder(&emulator().https).add_root_certificates_pem(pem).build().err().expect("must not build");
        assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
        assert!(err.message().contains("PEM"), "{err}");
    }
    // A bad PEM is not forgiven by a good one added afterwards.
    let err = tls_builder(&emulator().https)
        .add_root_certificates_pem(no_certificate)
        .add_root_certificates_pem(&ca_pem())
        .build()
        .err()
        .expect("must not build");
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

#[test]
fn ca_pem_whose_certificate_is_not_der_is_a_configuration_error_at_build() {
    // Valid PEM and base64, but the bytes are no X.509 certificate: rejected when the trust
    // anchors are built, not silently dropped (the first call would then fail as untrusted).
    let pem = b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
    let err = tls_builder(&emulator().https).add_root_certificates_pem(pem).build().err().expect("must not build");
    assert_eq!(err.kind(), ErrorKind::Configuration, "{err}");
    assert!(err.message().contains("CA certificate"), "{err}");
}

// ---- plain HTTP policy (building only: nothing here connects) --------------------------------

fn build(url: &str, insecure: bool) -> stskit::Result<Client> {
    Client::builder().region("us-east-1").endpoint_url(url).allow_insecure_http(insecure).build()
}

#[test]
fn plain_http_to_a_remote_host_is_refused_unless_allowed() {
    for url in [
        "http://example.com",
        "http://example.com:8080/sts/",
        "http://localhost.example.com/",
        "http://127.0.0.1.nip.io/",
        "http://10.0.0.1/",
    ] {
        let err = build(url, false).err().unwrap_or_else(|| panic!("{url} must be refused"));
        assert_eq!(err.kind(), ErrorKind::Configuration, "{url}: {err}");
        let c = build(url, true).unwrap_or_else(|e| panic!("{url} with allow_insecure_http: {e}"));
        assert!(c.endpoint_url().starts_with("http://"), "{}", c.endpoint_url());
    }
    assert!(build("https://example.com", false).is_ok());
}

#[test]
fn plain_http_to_loopback_is_allowed() {
    for url in [
        "http://127.0.0.1",
        "http://127.0.0.1:8080/",
        "http://localhost",
        "http://localhost:9000/x/",
        "http://[::1]",
        "http://[::1]:8080/",
        "http://127.1.2.3/",
    ] {
        let c = build(url, false).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(c.endpoint_url().starts_with("http://"), "{url}");
    }
}

// ---- keep-alive -----------------------------------------------------------------------------

/// A TCP forwarder to `upstream` that counts the connections it accepts.
fn counting_forwarder(upstream: &str) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let upstream = upstream.to_owned();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let Ok(server) = TcpStream::connect(&upstream) else { continue };
            for (mut from, mut to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)] {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16384];
                    loop {
                        match from.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                if to.write_all(&buf[..n]).is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    let _ = to.shutdown(Shutdown::Write);
                });
            }
        }
    });
    (port, count)
}

fn https_upstream() -> String {
    // "https://localhost:PORT": the listener is on 127.0.0.1 (and ::1) with that port.
    let port = emulator().https.rsplit(':').next().unwrap().to_owned();
    format!("127.0.0.1:{port}")
}

#[test]
fn sequential_https_calls_reuse_the_connection() {
    let (port, connections) = counting_forwarder(&https_upstream());
    // The server certificate names localhost and 127.0.0.1.
    let id = unique_id("keepalive");
    let url = format!("https://127.0.0.1:{port}/_s/{id}/");
    let c = tls_builder(&url).add_root_certificates_pem(&ca_pem()).build().unwrap();
    for _ in 0..20 {
        c.get_caller_identity().unwrap();
    }
    assert_eq!(request_count(&id), 20);
    let n = connections.load(Ordering::SeqCst);
    assert!((1..=2).contains(&n), "20 calls used {n} TCP connections");
}

#[test]
fn the_connection_counter_sees_every_new_client() {
    // Control for the keep-alive test: separate clients cannot share a connection.
    let (port, connections) = counting_forwarder(&https_upstream());
    let id = unique_id("no-keepalive");
    let url = format!("https://127.0.0.1:{port}/_s/{id}/");
    for _ in 0..3 {
        tls_builder(&url).add_root_certificates_pem(&ca_pem()).build().unwrap().get_caller_identity().unwrap();
    }
    assert_eq!(request_count(&id), 3);
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}
