//! The credentials provider against the emulator: refresh ahead of expiry, single flight,
//! last-good on failure, backoff, skewed device clocks, MFA, token files, non-blocking reads.

mod common;
use common::*;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use stskit::model::*;
use stskit::provider::*;
use stskit::{ErrorKind, SecretString, StsErrorCode};

fn assume_role_source() -> CredentialsSourceKind {
    CredentialsSourceKind::AssumeRole { request: AssumeRoleRequest::new(ROLE_ARN, "provider"), mfa: None }
}

fn policy(advisory: u64, mandatory: u64) -> RefreshPolicy {
    RefreshPolicy {
        advisory_window: Duration::from_secs(advisory),
        mandatory_window: Duration::from_secs(mandatory),
        min_backoff: Duration::from_millis(300),
        max_backoff: Duration::from_secs(2),
    }
}

#[test]
fn refreshes_ahead_of_expiry_and_serves_cache_meanwhile() {
    let (id, url) = scenario("prov-ahead", "lifetime=8");
    let refreshed = Arc::new(AtomicU32::new(0));
    let r = refreshed.clone();
    let p = CredentialsProvider::with_policy(
        client(&url),
        assume_role_source(),
        policy(5, 2),
        Some(Arc::new(move |_c| {
            r.fetch_add(1, Ordering::SeqCst);
        })),
    );
    let first = p.credentials().unwrap();
    for _ in 0..20 {
        assert_eq!(p.credentials().unwrap().access_key_id(), first.access_key_id());
    }
    assert_eq!(request_count(&id), 1, "cached reads must not call STS");
    std::thread::sleep(Duration::from_millis(3500)); // now inside the 5 s advisory window
    let second = p.credentials().unwrap();
    assert_ne!(second.access_key_id(), first.access_key_id());
    assert!(first.expiration().unwrap() > time::OffsetDateTime::now_utc(), "refreshed before the old ones expired");
    assert_eq!(request_count(&id), 2);
    assert_eq!(refreshed.load(Ordering::SeqCst), 2, "refresh callback per new credentials");
    assert_eq!(p.stats().refreshes, 2);
}

#[test]
fn thirty_two_threads_on_an_empty_provider_cause_one_call() {
    let (id, url) = scenario("prov-flight", "delay=300");
    let p = CredentialsProvider::new(client(&url), assume_role_source());
    let barrier = Arc::new(Barrier::new(32));
    let keys: Vec<String> = (0..32)
        .map(|_| {
            let (p, b) = (p.clone(), barrier.clone());
            std::thread::spawn(move || {
                b.wait();
                p.credentials().unwrap().access_key_id().to_owned()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    assert!(keys.iter().all(|k| k == &keys[0]));
    assert_eq!(request_count(&id), 1);
    assert_eq!(p.stats().refresh_attempts, 1);
}

#[test]
fn failed_refresh_keeps_last_good_credentials_and_backs_off() {
    let (id, url) = scenario("prov-lastgood", "lifetime=30");
    let calls = Arc::new(AtomicU32::new(0));
    let c = calls.clone();
    // The MFA device gives a valid code once, then wrong ones: refreshes after the first fail.
    let mfa: SecretCallback = Arc::new(move || {
        let n = c.fetch_add(1, Ordering::SeqCst);
        Ok(SecretString::new(if n == 0 { "123456" } else { "000000" }))
    });
    let mut request = AssumeRoleRequest::new(ROLE_ARN, "mfa");
    request.serial_number = Some("arn:aws:iam::123456789012:mfa/player".into());
    let p = CredentialsProvider::with_policy(
        client(&url),
        CredentialsSourceKind::AssumeRole { request, mfa: Some(mfa) },
        policy(60, 5), // 30 s credentials sit in the advisory window at once
        None,
    );
    let good = p.credentials().unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "MFA asked once for the first refresh");
    let again = p.credentials().unwrap();
    assert_eq!(again.access_key_id(), good.access_key_id(), "last good credentials kept");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "MFA asked once for the second refresh");
    let err = p.last_error().expect("the failed refresh is reported");
    assert_eq!(err.sts_code(), Some(StsErrorCode::AccessDenied));
    assert_eq!(err.request_id().map(str::len), Some(36));
    // Backing off: no new STS call right away.
    p.credentials().unwrap();
    assert_eq!(request_count(&id), 2);
    std::thread::sleep(Duration::from_millis(400));
    p.credentials().unwrap();
    assert_eq!(request_count(&id), 3, "retried after the backoff");
    // Once the cache is dropped and refresh still fails, the caller gets the refresh error.
    p.invalidate();
    let e = p.credentials().unwrap_err();
    assert_eq!(e.sts_code(), Some(StsErrorCode::AccessDenied));
}

#[test]
fn a_device_clock_two_hours_off_neither_loops_nor_uses_expired_credentials() {
    for hours in [2, -2] {
        let (id, url) = scenario("prov-skew", "");
        let c =
            builder(&url).clock(Arc::new(stskit::clock::OffsetClock(time::Duration::hours(hours)))).build().unwrap();
        let p = CredentialsProvider::new(c.clone(), assume_role_source());
        let creds = p.credentials().unwrap();
        // One rejected signature (skew learned), one success.
        assert_eq!(request_count(&id), 2, "hours={hours}");
        assert!((c.clock_offset() + time::Duration::hours(hours)).abs() < time::Duration::seconds(10));
        for _ in 0..10 {
            assert_eq!(p.credentials().unwrap().access_key_id(), creds.access_key_id());
        }
        assert_eq!(request_count(&id), 2, "no refresh loop with a wrong device clock (hours={hours})");
    }
}

#[test]
fn web_identity_token_file_is_reread_at_each_refresh() {
    let dir = std::env::temp_dir().join(unique_id("stskit-token"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, jwt(r#"{"sub":"a","aud":"x","iss":"https://idp.example.com","exp":1000}"#)).unwrap();
    let (_id, url) = scenario("prov-file", "");
    let p = CredentialsProvider::with_policy(
        client(&url),
        CredentialsSourceKind::WebIdentity {
            request: AssumeRoleWithWebIdentityRequest {
                role_arn: ROLE_ARN.into(),
                role_session_name: "pod".into(),
                ..Default::default()
            },
            token: TokenSource::File(file.clone()),
        },
        RefreshPolicy { min_backoff: Duration::ZERO, ..policy(60, 5) },
        None,
    );
    assert_eq!(p.credentials().unwrap_err().sts_code(), Some(StsErrorCode::ExpiredTokenException));
    std::fs::write(&file, jwt(r#"{"sub":"b","aud":"x","iss":"https://idp.example.com","exp":4102444800}"#)).unwrap();
    assert!(p.credentials().unwrap().access_key_id().starts_with("ASIA"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn saml_and_session_token_sources() {
    let (_id, url) = scenario("prov-saml", "");
    let asked = Arc::new(AtomicU32::new(0));
    let a = asked.clone();
    let p = CredentialsProvider::new(
        client(&url),
        CredentialsSourceKind::Saml {
            request: AssumeRoleWithSamlRequest {
                role_arn: ROLE_ARN.into(),
                principal_arn: "arn:aws:iam::123456789012:saml-provider/IdP".into(),
                ..Default::default()
            },
            assertion: Arc::new(move || {
                a.fetch_add(1, Ordering::SeqCst);
                Ok(SecretString::new(saml_assertion("jdoe", "2099-01-01T00:00:00Z")))
            }),
        },
    );
    p.credentials().unwrap();
    p.credentials().unwrap();
    assert_eq!(asked.load(Ordering::SeqCst), 1);

    let p = CredentialsProvider::new(
        client(&url),
        CredentialsSourceKind::SessionToken { request: GetSessionTokenRequest::default(), mfa: None },
    );
    assert!(p.credentials().unwrap().session_token().is_some());
}

#[test]
fn non_blocking_read_never_waits_for_the_network() {
    let (id, url) = scenario("prov-nonblock", "delay=1500");
    let p = CredentialsProvider::new(client(&url), assume_role_source());
    let mut slowest = Duration::ZERO;
    let mut not_ready = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    let creds = loop {
        let t = Instant::now();
        let r = p.try_credentials();
        slowest = slowest.max(t.elapsed());
        match r {
            Ok(c) => break c,
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::NotReady, "{e}");
                not_ready += 1;
            }
        }
        assert!(Instant::now() < deadline, "background refresh never finished");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(creds.access_key_id().starts_with("ASIA"));
    assert!(not_ready >= 10, "the first ~1.5 s must report not-ready ({not_ready})");
    assert!(slowest < Duration::from_millis(50), "a non-blocking read took {slowest:?}");
    assert_eq!(request_count(&id), 1, "one background refresh despite many reads");
}

#[test]
fn invalidate_forces_a_refresh() {
    let (id, url) = scenario("prov-invalidate", "");
    let p = CredentialsProvider::new(client(&url), assume_role_source());
    let a = p.credentials().unwrap();
    p.invalidate();
    let b = p.credentials().unwrap();
    assert_ne!(a.access_key_id(), b.access_key_id());
    assert_eq!(request_count(&id), 2);
}

#[test]
fn a_provider_signs_a_chained_client() {
    let (_id, url) = scenario("prov-chain", "");
    let p = CredentialsProvider::new(client(&url), assume_role_source());
    let chained = stskit::Client::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .credentials_source(Arc::new(p))
        .build()
        .unwrap();
    let me = chained.get_caller_identity().unwrap();
    assert!(me.arn.unwrap().ends_with("assumed-role/GameClient/provider"));
}

#[test]
fn close_waits_for_the_background_refresh_and_its_callback() {
    let (id, url) = scenario("prov-close", "delay=500");
    let calls = Arc::new(AtomicU32::new(0));
    let c = calls.clone();
    let p = CredentialsProvider::with_policy(
        client(&url),
        assume_role_source(),
        policy(300, 60),
        Some(Arc::new(move |_c| {
            std::thread::sleep(Duration::from_millis(100));
            c.fetch_add(1, Ordering::SeqCst);
        })),
    );
    assert_eq!(p.try_credentials().unwrap_err().kind(), ErrorKind::NotReady);
    let t = Instant::now();
    p.close();
    assert!(t.elapsed() >= Duration::from_millis(400), "close returned before the refresh ended");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the refresh callback had returned");
    // Closed: cached credentials are still served, no new background refresh starts.
    assert!(p.try_credentials().is_ok());
    p.invalidate();
    assert!(p.try_credentials().is_err());
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(request_count(&id), 1);
}
