//! Retries in the SDKs' standard mode: what is retryable, jittered backoff, a retry quota.

use crate::error::{Error, ErrorKind, ServiceError};
use std::sync::Mutex;
use std::time::Duration;

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    /// The standard mode of the SDKs before 2026: backoff base 1 s, retry cost 5 (10 after a timeout).
    Standard,
    /// The 2026 standard mode (the SDKs' new default): base 50 ms for transient errors and 1 s
    /// for throttling, retry cost 14 (5 for throttling), `x-amz-retry-after` honoured.
    Standard2026,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// Attempts including the first; 1 disables retries.
    pub max_attempts: u32,
    pub mode: RetryMode,
    /// Upper bound of one backoff delay.
    pub max_backoff: Duration,
    /// Multiplies every computed backoff; tests use a small value to run quickly.
    pub backoff_scale: f64,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            mode: RetryMode::Standard2026,
            max_backoff: Duration::from_secs(20),
            backoff_scale: 1.0,
        }
    }
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
];

/// Transient codes, with STS's `IDPCommunicationError` (retried by every SDK for STS).
const TRANSIENT_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError"];

pub fn is_throttling(err: &ServiceError) -> bool {
    THROTTLING_CODES.contains(&err.code.as_str()) || err.http_status == 429
}

pub fn is_retryable_service_error(err: &ServiceError) -> bool {
    is_throttling(err)
        || TRANSIENT_CODES.contains(&err.code.as_str())
        || matches!(err.http_status, 500 | 502 | 503 | 504)
}

/// The shared token bucket that stops retry storms when STS is unhealthy.
pub struct RetryQuota {
    tokens: Mutex<u32>,
}

const QUOTA_CAPACITY: u32 = 500;

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota { tokens: Mutex::new(QUOTA_CAPACITY) }
    }
}

impl RetryQuota {
    /// Takes `cost` tokens if available.
    pub fn acquire(&self, cost: u32) -> bool {
        let mut t = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if *t < cost {
            return false;
        }
        *t -= cost;
        true
    }

    /// On success: refunds what the retries took, or adds 1 when no retry was needed.
    pub fn release(&self, refund: u32) {
        let mut t = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        *t = (*t + refund.max(1)).min(QUOTA_CAPACITY);
    }
}

impl RetryConfig {
    /// Tokens a retry after `err` costs.
    pub fn cost(&self, err: &Error) -> u32 {
        let throttle = err.service_error().is_some_and(is_throttling);
        match self.mode {
            RetryMode::Standard if err.kind() == ErrorKind::Timeout => 10,
            RetryMode::Standard => 5,
            RetryMode::Standard2026 if throttle => 5,
            RetryMode::Standard2026 => 14,
        }
    }

    /// Delay before the retry that follows failed attempt `attempt` (1-based): full jitter over
    /// `base * 2^(attempt-1)`, capped; a server's `x-amz-retry-after` (2026 mode) is honoured
    /// within `[delay, delay + 5 s]`.
    pub fn backoff(&self, attempt: u32, err: &Error, retry_after: Option<Duration>, random: f64) -> Duration {
        let throttle = err.service_error().is_some_and(is_throttling);
        let base = match self.mode {
            RetryMode::Standard2026 if !throttle => 0.05,
            _ => 1.0,
        };
        let exp = base * f64::from(2u32.saturating_pow(attempt.saturating_sub(1)));
        let cap = self.max_backoff.as_secs_f64();
        let delay = Duration::from_secs_f64(random.clamp(0.0, 1.0) * exp.min(cap) * self.backoff_scale);
        match (self.mode, retry_after) {
            (RetryMode::Standard2026, Some(ra)) => ra.clamp(delay, delay + Duration::from_secs(5)),
            _ => delay,
        }
    }
}

/// A jitter source without a crate: std's randomly seeded hasher, mixed with a counter.
pub fn jitter() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, status: u16) -> Error {
        Error::service(ServiceError {
            code: code.into(),
            message: String::new(),
            error_type: "Sender".into(),
            request_id: String::new(),
            http_status: status,
        })
    }

    #[test]
    fn classifies_retryable_errors() {
        assert!(service("Throttling", 400).is_retryable());
        assert!(service("IDPCommunicationError", 400).is_retryable());
        assert!(service("InternalFailure", 500).is_retryable());
        assert!(service("", 503).is_retryable());
        assert!(!service("AccessDenied", 403).is_retryable());
        assert!(!service("ExpiredTokenException", 400).is_retryable());
        assert!(!service("MalformedPolicyDocument", 400).is_retryable());
    }

    #[test]
    fn backoff_is_jittered_capped_and_honours_retry_after() {
        let c = RetryConfig::default();
        let throttle = service("Throttling", 400);
        let transient = service("InternalFailure", 500);
        assert_eq!(c.backoff(1, &throttle, None, 1.0), Duration::from_secs(1));
        assert_eq!(c.backoff(3, &throttle, None, 0.5), Duration::from_secs(2));
        assert_eq!(c.backoff(1, &transient, None, 1.0), Duration::from_millis(50));
        assert_eq!(c.backoff(30, &throttle, None, 1.0), Duration::from_secs(20));
        assert_eq!(
            c.backoff(1, &transient, Some(Duration::from_secs(3)), 1.0),
            Duration::from_millis(3050).min(Duration::from_secs(3)).max(Duration::from_millis(50))
        );
        let r = jitter();
        assert!((0.0..1.0).contains(&r));
    }

    #[test]
    fn quota_drains_and_refills() {
        let q = RetryQuota::default();
        let c = RetryConfig::default();
        let cost = c.cost(&service("InternalFailure", 500));
        assert_eq!(cost, 14);
        let mut n = 0;
        while q.acquire(cost) {
            n += 1;
        }
        assert_eq!(n, 500 / 14);
        q.release(cost);
        assert!(q.acquire(cost));
    }
}
