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

/// The system clock shifted by a fixed amount: a device whose clock is wrong.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock(pub Duration);

impl Clock for OffsetClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.0
    }
}

/// Skew beyond which a signature failure is blamed on the clock (the SDKs use 4 to 5 minutes).
pub const SKEW_THRESHOLD: Duration = Duration::minutes(4);

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
        self.clock.now() + self.offset()
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
    pub fn adjust(&self, skew: Duration) -> bool {
        if (skew - self.offset()).abs() <= SKEW_THRESHOLD {
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
