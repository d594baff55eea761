//! A client's shutdown switch. Once thrown it stays thrown: calls in flight return `Cancelled`
//! (their connections are closed under them), a retry stops waiting for its backoff, and new
//! calls fail before touching the network.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Default)]
pub(crate) struct ShutdownSwitch {
    down: AtomicBool,
    /// Held while throwing and while a backoff checks before waiting, so no wake-up is lost.
    lock: Mutex<()>,
    wake: Condvar,
}

impl ShutdownSwitch {
    pub(crate) fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    pub(crate) fn throw(&self) {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.down.store(true, Ordering::Release);
        self.wake.notify_all();
    }

    /// Sleeps for `delay`, or less if the switch is thrown meanwhile; false if it was.
    pub(crate) fn sleep(&self, delay: Duration) -> bool {
        let deadline = Instant::now() + delay;
        let mut guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        while !self.is_down() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            guard = self.wake.wait_timeout(guard, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn sleep_runs_its_course_while_the_switch_is_up() {
        let s = ShutdownSwitch::default();
        let start = Instant::now();
        assert!(s.sleep(Duration::from_millis(30)));
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert!(!s.is_down());
    }

    #[test]
    fn throwing_wakes_a_sleeper_at_once_and_stays_thrown() {
        let s = Arc::new(ShutdownSwitch::default());
        let sleeper = {
            let s = s.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                (s.sleep(Duration::from_secs(30)), start.elapsed())
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        s.throw();
        let (completed, slept) = sleeper.join().unwrap();
        assert!(!completed);
        assert!(slept < Duration::from_secs(5), "woke after {slept:?}");
        assert!(s.is_down());
        assert!(!s.sleep(Duration::from_secs(30)), "a thrown switch does not sleep");
    }
}
