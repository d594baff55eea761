//! `Client::shutdown`: calls in flight return `Cancelled`, a retry stops waiting for its backoff,
//! and later calls, on the client and its clones, fail without touching the network.

mod common;
use common::*;
use std::time::{Duration, Instant};
use stskit::model::AssumeRoleRequest;
use stskit::provider::{CredentialsProvider, CredentialsSourceKind};
use stskit::{Client, ErrorKind, RetryConfig, RetryMode};

fn call_in_background(c: &Client) -> std::thread::JoinHandle<stskit::Result<()>> {
    let c = c.clone();
    std::thread::spawn(move || c.get_caller_identity().map(drop))
}

fn assert_cancelled(result: stskit::Result<()>) {
    let err = result.expect_err("the call must fail");
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(!err.is_retryable());
}

#[test]
fn shutdown_interrupts_calls_in_flight_and_refuses_later_ones() {
    let (id, url) = scenario("shutdown", "delay=5000");
    let c = client(&url);
    let calls = [call_in_background(&c), call_in_background(&c)];
    std::thread::sleep(Duration::from_millis(300)); // both wait for the delayed response
    let start = Instant::now();
    c.shutdown();
    for call in calls {
        assert_cancelled(call.join().unwrap());
    }
    assert!(start.elapsed() < Duration::from_secs(3), "took {:?}", start.elapsed());
    assert!(c.is_shut_down());

    let seen = request_count(&id);
    assert_cancelled(c.get_caller_identity().map(drop));
    assert_cancelled(c.clone().get_caller_identity().map(drop));
    c.shutdown(); // idempotent
    assert_eq!(request_count(&id), seen, "a shut-down client sends nothing");
}

#[test]
fn shutdown_interrupts_a_call_waiting_on_a_tls_connection() {
    let id = unique_id("shutdown-tls");
    let url = format!("{}/_s/{id}/delay=5000/", emulator().https);
    let ca = std::fs::read(&emulator().ca).unwrap();
    let c = builder(&url).add_root_certificates_pem(&ca).build().unwrap();
    let call = call_in_background(&c);
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    c.shutdown();
    assert_cancelled(call.join().unwrap());
    assert!(start.elapsed() < Duration::from_secs(3), "took {:?}", start.elapsed());
    assert_eq!(request_count(&id), 1);
}

#[test]
fn shutdown_stops_a_retry_waiting_for_its_backoff() {
    // Throttled once, and told to wait 10 s before the retry (honoured in the 2026 mode).
    let (id, url) = scenario("shutdown-backoff", "fault=throttle/times=1/retryafter=10000");
    let c =
        builder(&url).retry(RetryConfig { mode: RetryMode::Standard2026, ..RetryConfig::default() }).build().unwrap();
    let call = call_in_background(&c);
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    c.shutdown();
    assert_cancelled(call.join().unwrap());
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert_eq!(request_count(&id), 1, "no retry after the shutdown");
}

#[test]
fn a_client_that_is_not_shut_down_is_unaffected_by_another_ones_shutdown() {
    let (_, url) = scenario("shutdown-other", "");
    let (a, b) = (client(&url), client(&url));
    a.shutdown();
    assert!(!b.is_shut_down());
    assert_eq!(b.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
}

#[test]
fn a_provider_on_a_shut_down_client_fails_its_refresh_with_cancelled() {
    let (id, url) = scenario("shutdown-provider", "");
    let c = client(&url);
    let source = CredentialsSourceKind::AssumeRole { request: AssumeRoleRequest::new(ROLE_ARN, "player"), mfa: None };
    let provider = CredentialsProvider::new(c.clone(), source);
    c.shutdown();
    let err = provider.credentials().expect_err("no credentials from a shut-down client");
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert_eq!(request_count(&id), 0);
}
