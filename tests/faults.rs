//! Retries, transport faults, timeouts, clock skew, the retry quota and concurrency, against the
//! emulator's fault scenarios.

mod common;
use common::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use stskit::model::*;
use stskit::{Client, ClientBuilder, ErrorKind, RetryConfig, RetryMode, StsErrorCode};

fn retry(max_attempts: u32) -> RetryConfig {
    RetryConfig { max_attempts, backoff_scale: 0.01, ..RetryConfig::default() }
}

fn with_attempts(url: &str, max_attempts: u32) -> ClientBuilder {
    builder(url).retry(retry(max_attempts))
}

fn faults(id: &str) -> u64 {
    stats(id)["faults"].as_u64().unwrap_or(0)
}

// ---- retries of service errors --------------------------------------------------------------

#[test]
fn throttled_twice_then_success_takes_exactly_three_requests() {
    let (id, url) = scenario("thr2", "fault=throttle/times=2");
    let me = client(&url).get_caller_identity().unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    assert_eq!(request_count(&id), 3);
    assert_eq!(faults(&id), 2);
}

#[test]
fn always_throttled_fails_with_throttling_after_exactly_three_attempts() {
    let (id, url) = scenario("thr-always", "fault=throttle");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.sts_code(), Some(StsErrorCode::Throttling));
    assert_eq!(err.http_status(), Some(400));
    assert!(err.is_retryable());
    assert_eq!(request_count(&id), 3);
}

#[test]
fn max_attempts_bounds_the_number_of_requests() {
    let (id, url) = scenario("thr-1", "fault=throttle");
    let err = with_attempts(&url, 1).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(err.sts_code(), Some(StsErrorCode::Throttling));
    assert_eq!(request_count(&id), 1);

    let (id, url) = scenario("thr-5", "fault=throttle");
    with_attempts(&url, 5).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(request_count(&id), 5);
}

#[test]
fn max_attempts_zero_is_a_configuration_error() {
    let err = with_attempts("http://127.0.0.1:1/", 0).build().err().expect("must not build");
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

#[test]
fn transient_5xx_and_idp_errors_succeed_on_the_second_attempt() {
    for fault in ["http500", "http503"] {
        let (id, url) = scenario(fault, &format!("fault={fault}/times=1"));
        client(&url).get_caller_identity().unwrap_or_else(|e| panic!("{fault}: {e}"));
        assert_eq!(request_count(&id), 2, "{fault}");
    }
    // IDPCommunicationError (HTTP 400) is retried for STS, as every SDK does.
    let (id, url) = scenario("idp", "fault=idp/times=1");
    let anonymous = Client::builder().region("us-east-1").endpoint_url(&url).retry(retry(3)).build().unwrap();
    let token = jwt(r#"{"sub":"player-1","aud":"game","iss":"https://accounts.example.com"}"#);
    let resp = anonymous
        .assume_role_with_web_identity(&AssumeRoleWithWebIdentityRequest {
            role_arn: ROLE_ARN.into(),
            role_session_name: "idp".into(),
            web_identity_token: token.into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(resp.subject_from_web_identity_token.as_deref(), Some("player-1"));
    assert_eq!(request_count(&id), 2);
}

#[test]
fn non_retryable_service_errors_are_sent_once() {
    let (id, url) = scenario("denied", "error=AccessDenied");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.sts_code(), Some(StsErrorCode::AccessDenied));
    assert!(!err.is_retryable());
    assert_eq!(request_count(&id), 1);
}

// ---- transport faults -----------------------------------------------------------------------

#[test]
fn connection_reset_is_retried() {
    let (id, url) = scenario("reset1", "fault=reset/times=1");
    client(&url).get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 2);
}

#[test]
fn connection_reset_every_time_is_a_network_error() {
    let (id, url) = scenario("reset", "fault=reset");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.is_retryable());
    assert!(err.service_error().is_none());
    assert_eq!(request_count(&id), 3);
}

#[test]
fn truncated_xml_is_an_invalid_response_and_not_retried() {
    let (id, url) = scenario("truncate", "fault=truncate");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse, "{err}");
    assert!(!err.is_retryable());
    assert_eq!(request_count(&id), 1);
}

#[test]
fn short_body_is_a_retried_network_error() {
    let (id, url) = scenario("short", "fault=shortbody");
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.is_retryable());
    assert_eq!(request_count(&id), 3);

    let (id, url) = scenario("short1", "fault=shortbody/times=1");
    client(&url).get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 2);
}

#[test]
fn bodies_that_are_not_sts_responses_are_invalid_responses() {
    for fault in ["garbage", "empty", "json", "badutf8"] {
        let (id, url) = scenario(fault, &format!("fault={fault}"));
        let err = client(&url).get_caller_identity().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidResponse, "{fault}: {err}");
        assert!(!err.is_retryable(), "{fault}");
        assert!(!err.message().is_empty());
        assert_eq!(request_count(&id), 1, "{fault}");
    }
}

#[test]
fn missing_credentials_element_is_an_invalid_response_naming_it() {
    let (id, url) = scenario("missing", "fault=missing");
    let err = client(&url).assume_role(&AssumeRoleRequest::new(ROLE_ARN, "s1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse, "{err}");
    assert!(err.message().contains("Credentials"), "{err}");
    assert_eq!(request_count(&id), 1);
}

#[test]
fn huge_body_is_response_too_large_quickly() {
    let (id, url) = scenario("big", "fault=bigbody");
    let start = Instant::now();
    let err = client(&url).get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge, "{err}");
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    assert!(!err.is_retryable());
    assert_eq!(request_count(&id), 1);
}

#[test]
fn the_response_size_limit_is_configurable() {
    let (_, url) = scenario("small-limit", "");
    let err = builder(&url).max_response_bytes(64).build().unwrap().get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge, "{err}");
    builder(&url).max_response_bytes(4096).build().unwrap().get_caller_identity().unwrap();
    let err = builder(&url).max_response_bytes(0).build().err().expect("0 is refused");
    assert_eq!(err.kind(), ErrorKind::Configuration);
}

// ---- timeouts -------------------------------------------------------------------------------

#[test]
fn slow_headers_hit_the_read_timeout() {
    let (id, url) = scenario("delay", "delay=3000");
    let c = with_attempts(&url, 1).read_timeout(Duration::from_millis(500)).build().unwrap();
    let start = Instant::now();
    let err = c.get_caller_identity().unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.is_retryable());
    assert!(elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(request_count(&id), 1);
}

#[test]
fn a_timed_out_attempt_is_retried() {
    let (id, url) = scenario("delay1", "delay=3000/times=1");
    let c = builder(&url).read_timeout(Duration::from_millis(500)).build().unwrap();
    let start = Instant::now();
    c.get_caller_identity().unwrap();
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
    assert_eq!(request_count(&id), 2);
}

#[test]
fn a_dripping_body_hits_the_attempt_timeout() {
    let (id, url) = scenario("drip", "drip=200");
    let c = with_attempts(&url, 1).attempt_timeout(Duration::from_secs(1)).build().unwrap();
    let start = Instant::now();
    let err = c.get_caller_identity().unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(request_count(&id), 1);
}

#[test]
fn connection_refused_is_a_network_error_within_the_connect_timeout() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c =
        with_attempts(&format!("http://127.0.0.1:{port}/"), 1).connect_timeout(Duration::from_secs(1)).build().unwrap();
    let start = Instant::now();
    let err = c.get_caller_identity().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.is_retryable());
    assert!(start.elapsed() < Duration::from_secs(1), "{:?}", start.elapsed());
}

#[test]
fn zero_timeouts_are_configuration_errors() {
    for b in [
        builder("http://127.0.0.1:1/").connect_timeout(Duration::ZERO),
        builder("http://127.0.0.1:1/").read_timeout(Duration::ZERO),
        builder("http://127.0.0.1:1/").attempt_timeout(Duration::ZERO),
    ] {
        assert_eq!(b.build().err().expect("refused").kind(), ErrorKind::Configuration);
    }
}

// ---- x-amz-retry-after ---------------------------------------------------------------------

fn timed_call(url: &str, mode: RetryMode) -> Duration {
    let c = builder(url).retry(RetryConfig { mode, backoff_scale: 0.001, ..RetryConfig::default() }).build().unwrap();
    let start = Instant::now();
    c.get_caller_identity().unwrap();
    start.elapsed()
}

#[test]
fn retry_after_is_honoured_in_2026_mode() {
    // Without the header the (scaled) backoff is a few milliseconds...
    let (_, url) = scenario("ra-none", "fault=throttle/times=1");
    let baseline = timed_call(&url, RetryMode::Standard2026);
    assert!(baseline < Duration::from_millis(800), "{baseline:?}");
    // ...with it the client waits at least what the server asked for.
    let (id, url) = scenario("ra", "fault=throttle/times=1/retryafter=1500");
    let waited = timed_call(&url, RetryMode::Standard2026);
    assert!(waited >= Duration::from_millis(1500), "{waited:?}");
    assert!(waited < Duration::from_millis(3500), "{waited:?}");
    assert_eq!(request_count(&id), 2);
}

#[test]
fn retry_after_is_ignored_in_the_pre_2026_standard_mode() {
    let (id, url) = scenario("ra-std", "fault=throttle/times=1/retryafter=1500");
    let waited = timed_call(&url, RetryMode::Standard);
    assert!(waited < Duration::from_millis(1000), "{waited:?}");
    assert_eq!(request_count(&id), 2);
}

// ---- clock skew -----------------------------------------------------------------------------

fn assert_near(actual: time::Duration, expected: time::Duration, tolerance: time::Duration) {
    assert!((actual - expected).abs() <= tolerance, "{actual} is not within {tolerance} of {expected}");
}

#[test]
fn server_clock_ahead_is_learned_from_date_and_the_call_succeeds_on_retry() {
    let (id, url) = scenario("skew", "skew=3600");
    let c = client(&url);
    assert_eq!(c.clock_offset(), time::Duration::ZERO);
    let me = c.get_caller_identity().unwrap();
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    let s = stats(&id);
    assert_eq!(s["requests"].as_u64(), Some(2), "{s}");
    assert_eq!(s["history"][0]["code"].as_str(), Some("SignatureDoesNotMatch"), "{s}");
    assert_near(c.clock_offset(), time::Duration::hours(1), time::Duration::seconds(5));
    // The offset is kept: the next call needs a single request.
    c.get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 3);
    // Credentials STS issues expire relative to its clock; the client's now() agrees with it.
    assert_near(c.now() - time::OffsetDateTime::now_utc(), time::Duration::hours(1), time::Duration::seconds(5));
}

#[test]
fn skew_correction_does_not_need_a_spare_attempt_to_be_learned() {
    // With a single attempt the call fails, but the offset is learned for the next one.
    let (id, url) = scenario("skew1", "skew=-3600");
    let c = with_attempts(&url, 1).build().unwrap();
    let err = c.get_caller_identity().unwrap_err();
    assert_eq!(err.sts_code(), Some(StsErrorCode::SignatureDoesNotMatch));
    assert_near(c.clock_offset(), time::Duration::hours(-1), time::Duration::seconds(5));
    c.get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 2);
}

#[test]
fn a_wrong_device_clock_is_corrected_once() {
    let (id, url) = scenario("device-clock", "");
    let c = builder(&url).clock(Arc::new(stskit::clock::OffsetClock(time::Duration::hours(-2)))).build().unwrap();
    let resp = c.assume_role(&AssumeRoleRequest::new(ROLE_ARN, "clock")).unwrap();
    assert_eq!(request_count(&id), 2);
    assert_near(c.clock_offset(), time::Duration::hours(2), time::Duration::seconds(5));
    assert_near(c.now() - time::OffsetDateTime::now_utc(), time::Duration::ZERO, time::Duration::seconds(5));
    // Expiry decisions made with now() see the fresh credentials as valid for about an hour.
    let left = resp.credentials.expiration().unwrap() - c.now();
    assert!(left > time::Duration::minutes(55) && left <= time::Duration::minutes(61), "{left}");
    c.get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 3);
}

#[test]
fn small_skews_are_not_corrected() {
    // 2 minutes is inside both STS's 15-minute window and the 4-minute threshold: nothing to learn.
    let (id, url) = scenario("small-skew", "skew=120");
    let c = client(&url);
    c.get_caller_identity().unwrap();
    assert_eq!(c.clock_offset(), time::Duration::ZERO);
    assert_eq!(request_count(&id), 1);
}

#[test]
fn unsigned_operations_succeed_despite_skew_and_teach_the_offset() {
    // Unsigned calls carry no date STS could reject; their response's Date still tells the
    // client how far off it is, so the first signed call afterwards needs no correction round.
    let (id, url) = scenario("skew-unsigned", "skew=7200");
    let c = client(&url);
    let token = jwt(r#"{"sub":"player-1","aud":"game","iss":"https://accounts.example.com"}"#);
    c.assume_role_with_web_identity(&AssumeRoleWithWebIdentityRequest {
        role_arn: ROLE_ARN.into(),
        role_session_name: "s1".into(),
        web_identity_token: token.into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(request_count(&id), 1);
    assert_near(c.clock_offset(), time::Duration::hours(2), time::Duration::seconds(5));
    c.get_caller_identity().unwrap();
    assert_eq!(request_count(&id), 2);
}

// ---- retry quota ----------------------------------------------------------------------------

#[test]
fn retry_quota_stops_retry_storms() {
    // 2026 mode: a retry after a 5xx costs 14 of the 500 tokens, failures never refund, so
    // exactly 500 / 14 = 35 retries are possible; after that every call is a single attempt.
    let (id, url) = scenario("quota", "fault=http503");
    let c = client(&url);
    let mut per_call = Vec::new();
    let mut before = 0;
    for _ in 0..22 {
        let err = c.get_caller_identity().unwrap_err();
        assert_eq!(err.http_status(), Some(503));
        let now = request_count(&id);
        per_call.push(now - before);
        before = now;
    }
    assert_eq!(&per_call[..17], &[3; 17], "{per_call:?}");
    assert_eq!(per_call[17], 2, "{per_call:?}");
    assert!(per_call[18..].iter().all(|&n| n == 1), "{per_call:?}");
    let retries: u64 = per_call.iter().map(|n| n - 1).sum();
    assert_eq!(retries, 35, "{per_call:?}");
}

#[test]
fn retry_quota_is_shared_by_clones_but_not_by_other_clients() {
    let (id, url) = scenario("quota-a", "fault=http503");
    let drained = client(&url);
    for _ in 0..18 {
        drained.get_caller_identity().unwrap_err();
    }
    // A clone shares the drained bucket: no retry.
    let before = request_count(&id);
    drained.clone().get_caller_identity().unwrap_err();
    assert_eq!(request_count(&id) - before, 1);
    // A new client has a full bucket of its own.
    let before = request_count(&id);
    client(&url).get_caller_identity().unwrap_err();
    assert_eq!(request_count(&id) - before, 3);
}

// ---- concurrency ----------------------------------------------------------------------------

#[test]
fn one_client_shared_by_16_threads() {
    let (id, url) = scenario("concurrent", "");
    let c = client(&url);
    std::thread::scope(|s| {
        for t in 0..16 {
            let c = c.clone();
            s.spawn(move || {
                for i in 0..25 {
                    let me = c.get_caller_identity().unwrap_or_else(|e| panic!("thread {t} call {i}: {e}"));
                    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
                }
            });
        }
    });
    assert_eq!(request_count(&id), 400);
}
