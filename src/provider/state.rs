//! The provider's shared state machine: cached credentials, single-flight refresh, backoff.

use super::{CredentialsSourceKind, RefreshCallback, RefreshPolicy};
use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// Counters for monitoring and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProviderStats {
    /// STS calls made to refresh.
    pub refresh_attempts: u64,
    /// Refreshes that produced new credentials.
    pub refreshes: u64,
    /// Failed refreshes since the last success.
    pub consecutive_failures: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    Fresh,
    Advisory,
    Mandatory,
    Expired,
}

#[derive(Default)]
struct State {
    cached: Option<Arc<Credentials>>,
    refreshing: bool,
    last_error: Option<Error>,
    retry_at: Option<Instant>,
    stats: ProviderStats,
}

pub(crate) struct Shared {
    client: Client,
    source: CredentialsSourceKind,
    policy: RefreshPolicy,
    on_refresh: Option<RefreshCallback>,
    state: Mutex<State>,
    changed: Condvar,
}

fn not_ready() -> Error {
    Error::new(ErrorKind::NotReady, "credentials are being fetched; try again shortly")
}

impl Shared {
    pub fn new(client: Client, source: CredentialsSourceKind, policy: RefreshPolicy, on_refresh: Option<RefreshCallback>) -> Self {
        Shared { client, source, policy, on_refresh, state: Mutex::default(), changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn freshness(&self, c: &Credentials) -> Freshness {
        let Some(expiration) = c.expiration() else { return Freshness::Fresh };
        let left = expiration - self.client.now();
        if left <= time::Duration::ZERO {
            Freshness::Expired
        } else if left <= self.policy.mandatory_window {
            Freshness::Mandatory
        } else if left <= self.policy.advisory_window {
            Freshness::Advisory
        } else {
            Freshness::Fresh
        }
    }

    fn classify(&self, st: &State) -> Option<Freshness> {
        st.cached.as_deref().map(|c| self.freshness(c))
    }

    fn backing_off(st: &State) -> bool {
        st.retry_at.is_some_and(|t| Instant::now() < t)
    }

    /// Unexpired cached credentials, else the last refresh error (or "not ready").
    fn resolve(&self, st: &State) -> Result<Arc<Credentials>> {
        match (&st.cached, self.classify(st)) {
            (Some(c), Some(f)) if f != Freshness::Expired => Ok(c.clone()),
            _ => Err(st.last_error.clone().unwrap_or_else(not_ready)),
        }
    }

    pub fn get_blocking(&self) -> Result<Arc<Credentials>> {
        let mut st = self.lock();
        let attempts_at_start = st.stats.refresh_attempts;
        loop {
            match self.classify(&st) {
                Some(Freshness::Fresh) => return self.resolve(&st),
                Some(Freshness::Advisory) => {
                    if !st.refreshing && !Self::backing_off(&st) {
                        st = self.refresh(st);
                    }
                    return self.resolve(&st);
                }
                _ if st.stats.refresh_attempts != attempts_at_start && !st.refreshing => return self.resolve(&st),
                _ if st.refreshing => st = self.changed.wait(st).unwrap_or_else(|p| p.into_inner()),
                _ if Self::backing_off(&st) => return self.resolve(&st),
                _ => {
                    st = self.refresh(st);
                    return self.resolve(&st);
                }
            }
        }
    }

    pub fn get_nonblocking(this: &Arc<Self>) -> Result<Arc<Credentials>> {
        let mut st = this.lock();
        let freshness = this.classify(&st);
        if freshness != Some(Freshness::Fresh) && !st.refreshing && !Self::backing_off(&st) {
            st.refreshing = true;
            st.stats.refresh_attempts += 1;
            let shared = Arc::clone(this);
            let spawned = std::thread::Builder::new().name("stskit-refresh".into()).spawn(move || {
                let result = shared.fetch();
                drop(shared.finish(shared.lock(), result));
            });
            if spawned.is_err() {
                st.refreshing = false;
                st.stats.refresh_attempts -= 1;
                return Err(Error::new(ErrorKind::Internal, "cannot start a background refresh thread"));
            }
        }
        match (freshness, st.refreshing) {
            (Some(Freshness::Expired) | None, true) => Err(not_ready()),
            _ => this.resolve(&st),
        }
    }

    /// Refreshes on this thread: marks the refresh in flight, calls STS unlocked, records the
    /// outcome and wakes waiters. Returns the re-acquired lock.
    fn refresh<'a>(&'a self, mut st: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        st.refreshing = true;
        st.stats.refresh_attempts += 1;
        drop(st);
        let result = self.fetch();
        self.finish(self.lock(), result)
    }

    fn fetch(&self) -> Result<Credentials> {
        catch_unwind(AssertUnwindSafe(|| self.source.fetch(&self.client)))
            .unwrap_or_else(|_| Err(Error::new(ErrorKind::Internal, "a credentials callback panicked")))
    }

    fn finish<'a>(&'a self, mut st: MutexGuard<'a, State>, result: Result<Credentials>) -> MutexGuard<'a, State> {
        st.refreshing = false;
        let fresh = match result {
            Ok(c) => {
                let c = Arc::new(c);
                st.cached = Some(c.clone());
                st.last_error = None;
                st.retry_at = None;
                st.stats.refreshes += 1;
                st.stats.consecutive_failures = 0;
                Some(c)
            }
            Err(e) => {
                st.stats.consecutive_failures += 1;
                let exp = st.stats.consecutive_failures.saturating_sub(1).min(16);
                let delay = self.policy.min_backoff.saturating_mul(1 << exp).min(self.policy.max_backoff);
                st.retry_at = Some(Instant::now() + delay);
                st.last_error = Some(e);
                None
            }
        };
        self.changed.notify_all();
        match (fresh, &self.on_refresh) {
            (Some(c), Some(cb)) => {
                drop(st);
                let _ = catch_unwind(AssertUnwindSafe(|| cb(&c)));
                self.lock()
            }
            _ => st,
        }
    }

    pub fn invalidate(&self) {
        let mut st = self.lock();
        st.cached = None;
        st.retry_at = None;
    }

    pub fn stats(&self) -> ProviderStats {
        self.lock().stats
    }

    pub fn last_error(&self) -> Option<Error> {
        self.lock().last_error.clone()
    }
}

