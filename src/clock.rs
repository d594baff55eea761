//! Time as the client sees it: a (replaceable) device clock plus the skew STS revealed.
//!
//! Phones often have wrong clocks. STS rejects signatures more than 15 minutes off and says so
//! with `SignatureDoesNotMatch`; the server's `Date` header then tells how far off we are. The
//! offset is kept per client and used for signing and for every expiry decision.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// A source of the current time. Tests replace it to simulate a device with a wrong clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The system clock shifted by a fixed amount: a device whose clock is wrong. Offsets beyond
/// [`MAX_SKEW`] are clamped to it.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock(pub Duration);

impl Clock for OffsetClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.0.clamp(-MAX_SKEW, MAX_SKEW)
    }
}

/// Skew beyond which a signature failure is blamed on the clock (the SDKs use 4 to 5 minutes).
pub const SKEW_THRESHOLD: Duration = Duration::minutes(4);

/// The largest skew the client adopts. A phone whose clock reset to 1970 is about 56 years off;
/// a `Date` header centuries away is broken, not a hint about our clock. The bound also keeps
/// every time the client computes (signing dates, expiries, presigned URLs) far inside the
/// representable range (years -9999..=9999), where `OffsetDateTime` arithmetic cannot panic.
pub const MAX_SKEW: Duration = Duration::days(200 * 365);

/// The device clock corrected by the offset learned from STS.
pub struct SkewCorrectedClock {
    clock: Arc<dyn Clock>,
    offset_ms: AtomicI64,
}

impl SkewCorrectedClock {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        SkewCorrectedClock { clock, offset_ms: AtomicI64::new(0) }
    }

    /// Best estimate of the server's current time.
    pub fn now(&self) -> OffsetDateTime {
        let device = self.clock.now();
        device.checked_add(self.offset()).unwrap_or(device)
    }

    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The skew a response's `Date` header shows relative to the uncorrected device clock.
    pub fn observed_skew(&self, server_date: OffsetDateTime) -> Duration {
        server_date - self.clock.now()
    }

    /// Adopt `skew` if it differs from the offset in use by more than the threshold (this also
    /// heals a stale offset after the device clock was fixed). Returns whether it changed.
    /// Skews beyond [`MAX_SKEW`] are ignored.
    pub fn adjust(&self, skew: Duration) -> bool {
        if skew.abs() > MAX_SKEW || (skew - self.offset()).abs() <= SKEW_THRESHOLD {
            return false;
        }
        self.offset_ms.store(skew.whole_milliseconds() as i64, Ordering::Relaxed);
        true
    }
}

/// Parses an HTTP `Date` header (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(value: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value.trim(), &format).ok().map(|t| t.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_http_dates() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(t.unix_timestamp(), 784111777);
        assert!(parse_http_date("yesterday").is_none());
    }

    #[test]
    fn adopts_only_large_skews_and_heals() {
        let c = SkewCorrectedClock::new(Arc::new(SystemClock));
        assert!(!c.adjust(Duration::minutes(3)));
        assert!(c.adjust(Duration::hours(2)));
        assert!((c.now() - OffsetDateTime::now_utc() - Duration::hours(2)).abs() < Duration::seconds(1));
        assert!(!c.adjust(Duration::hours(2) + Duration::seconds(30)));
        assert!(c.adjust(Duration::ZERO));
        assert_eq!(c.offset(), Duration::ZERO);
    }
}

#[cfg(test)]
mod regression_tests {
    use super::*;
    use time::macros::datetime;

    /// Regression (found by the C-ABI fault matrix, tests/faultmatrix): a response whose `Date`
    /// header said `Fri, 31 Dec 9999 23:59:59 GMT` was adopted as a clock skew; a second later
    /// `now()` overflowed, and every call of that client panicked (STSKIT_STATUS_PANIC through
    /// the C ABI, a panic in Rust). Absurd skews are ignored now.
    #[test]
    fn date_headers_centuries_away_are_not_adopted() {
        let c = SkewCorrectedClock::new(Arc::new(SystemClock));
        for server in
            [datetime!(9999-12-31 23:59:59 UTC), datetime!(0001-01-01 00:00:00 UTC), datetime!(2500-01-01 00:00:00 UTC)]
        {
            assert!(!c.adjust(c.observed_skew(server)), "{server}");
            assert_eq!(c.offset(), Duration::ZERO);
        }
        // A phone reset to 1970 is still corrected.
        let phone = SkewCorrectedClock::new(Arc::new(OffsetClock(
            datetime!(1970-01-01 00:00:00 UTC) - OffsetDateTime::now_utc(),
        )));
        assert!(phone.adjust(phone.observed_skew(OffsetDateTime::now_utc())));
        assert!((phone.now() - OffsetDateTime::now_utc()).abs() < Duration::seconds(2));
    }

    struct EndOfTime;
    impl Clock for EndOfTime {
        fn now(&self) -> OffsetDateTime {
            datetime!(9999-12-31 23:59:59.999 UTC)
        }
    }

    #[test]
    fn now_never_panics_at_the_ends_of_the_range() {
        let c = SkewCorrectedClock::new(Arc::new(EndOfTime));
        assert!(c.adjust(Duration::hours(1)));
        let _ = c.now();
        for d in [Duration::MAX, Duration::MIN, Duration::days(-5_000_000)] {
            let _ = OffsetClock(d).now();
            let _ = SkewCorrectedClock::new(Arc::new(OffsetClock(d))).now();
        }
    }
}
