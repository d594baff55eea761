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
    /// Set by `close`: no more background refreshes are started.
    closed: bool,
    /// Background refresh threads that may still be running (their callbacks included).
    workers: Vec<std::thread::JoinHandle<()>>,
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
    pub fn new(
        client: Client,
        source: CredentialsSourceKind,
        policy: RefreshPolicy,
        on_refresh: Option<RefreshCallback>,
    ) -> Self {
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
                        let (guard, fresh) = self.refresh(st);
                        st = guard;
                        if let Some(c) = fresh {
                            return Ok(c);
                        }
                    }
                    return self.resolve(&st);
                }
                // Another thread's refresh ended while we waited: its outcome is ours, unless
                // `invalidate` dropped its credentials meanwhile (nothing cached, no error), in
                // which case we refresh ourselves below rather than report "not ready".
                _ if st.stats.refresh_attempts != attempts_at_start
                    && !st.refreshing
                    && (st.cached.is_some() || st.last_error.is_some()) =>
                {
                    return self.resolve(&st)
                }
                _ if st.refreshing => st = self.changed.wait(st).unwrap_or_else(|p| p.into_inner()),
                _ if Self::backing_off(&st) => return self.resolve(&st),
                _ => {
                    // The credentials this call fetched are returned even if `invalidate` ran
                    // while the refresh callback had the lock released.
                    let (guard, fresh) = self.refresh(st);
                    return fresh.map(Ok).unwrap_or_else(|| self.resolve(&guard));
                }
            }
        }
    }

    pub fn get_nonblocking(this: &Arc<Self>) -> Result<Arc<Credentials>> {
        let mut st = this.lock();
        let freshness = this.classify(&st);
        if freshness != Some(Freshness::Fresh) && !st.refreshing && !st.closed && !Self::backing_off(&st) {
            st.refreshing = true;
            st.stats.refresh_attempts += 1;
            let shared = Arc::clone(this);
            let spawned = std::thread::Builder::new().name("stskit-refresh".into()).spawn(move || {
                let result = shared.fetch();
                drop(shared.finish(shared.lock(), result).0);
            });
            match spawned {
                Ok(handle) => {
                    st.workers.retain(|w| !w.is_finished());
                    st.workers.push(handle);
                }
                Err(_) => {
                    st.refreshing = false;
                    st.stats.refresh_attempts -= 1;
                    return Err(Error::new(ErrorKind::Internal, "cannot start a background refresh thread"));
                }
            }
        }
        match (freshness, st.refreshing) {
            (Some(Freshness::Expired) | None, true) => Err(not_ready()),
            _ => this.resolve(&st),
        }
    }

    /// Refreshes on this thread: marks the refresh in flight, calls STS unlocked, records the
    /// outcome and wakes waiters. Returns the re-acquired lock and the new credentials (if the
    /// refresh succeeded).
    fn refresh<'a>(&'a self, mut st: MutexGuard<'a, State>) -> (MutexGuard<'a, State>, Option<Arc<Credentials>>) {
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

    fn finish<'a>(
        &'a self,
        mut st: MutexGuard<'a, State>,
        result: Result<Credentials>,
    ) -> (MutexGuard<'a, State>, Option<Arc<Credentials>>) {
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
                (self.lock(), Some(c))
            }
            (fresh, _) => (st, fresh),
        }
    }

    /// Starts no more background refreshes and waits for those still running, callbacks included
    /// (except when called from one of them, which cannot wait for itself).
    pub fn close(&self) {
        let workers = {
            let mut st = self.lock();
            st.closed = true;
            std::mem::take(&mut st.workers)
        };
        let me = std::thread::current().id();
        for w in workers {
            if w.thread().id() != me {
                let _ = w.join();
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AssumeRoleRequest;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{OnceLock, Weak};

    /// A one-purpose STS on 127.0.0.1: every request gets a fresh AssumeRole response.
    fn tiny_sts() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for (n, conn) in listener.incoming().enumerate() {
                let Ok(mut conn) = conn else { return };
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0u8; length];
                let _ = reader.read_exact(&mut body);
                let expiration = (time::OffsetDateTime::now_utc() + time::Duration::hours(1))
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap();
                let xml = format!(
                    "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIATEST{n:012}</AccessKeyId>\
                     <SecretAccessKey>secret{n}</SecretAccessKey><SessionToken>token{n}</SessionToken>\
                     <Expiration>{expiration}</Expiration></Credentials></AssumeRoleResult>\
                     <ResponseMetadata><RequestId>r{n}</RequestId></ResponseMetadata></AssumeRoleResponse>"
                );
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
                    xml.len()
                );
            }
        });
        url
    }

    /// Regression (found by the C-ABI concurrency stress, tests/faultmatrix): when `invalidate`
    /// ran while a refresh's callback had the lock released, the blocking `get` that had just
    /// fetched (or waited for) new credentials returned `NotReady`, an outcome documented only
    /// for the non-blocking `try_get`.
    #[test]
    fn blocking_get_is_never_not_ready_when_invalidated_during_the_refresh_callback() {
        let client = Client::builder()
            .region("us-east-1")
            .endpoint_url(tiny_sts())
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .proxy(crate::ProxyConfig::Disabled)
            .build()
            .unwrap();
        let me: Arc<OnceLock<Weak<Shared>>> = Arc::new(OnceLock::new());
        let me_in_callback = me.clone();
        let on_refresh: RefreshCallback = Arc::new(move |_c: &Credentials| {
            if let Some(shared) = me_in_callback.get().and_then(Weak::upgrade) {
                shared.invalidate();
            }
        });
        let source = CredentialsSourceKind::AssumeRole {
            request: AssumeRoleRequest::new("arn:aws:iam::123456789012:role/GameClient", "regression"),
            mfa: None,
        };
        let shared = Arc::new(Shared::new(client, source, RefreshPolicy::default(), Some(on_refresh)));
        me.set(Arc::downgrade(&shared)).unwrap();
        for _ in 0..3 {
            let c = shared.get_blocking().expect("a blocking get returns the credentials it fetched");
            assert!(c.access_key_id().starts_with("ASIATEST"));
        }

        // Waiters: threads blocked on another thread's refresh either get credentials or refresh
        // themselves; none reports NotReady.
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let shared = shared.clone();
                std::thread::spawn(move || shared.get_blocking().map(|_| ()).map_err(|e| e.kind()))
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap(), Ok(()));
        }
    }
}
