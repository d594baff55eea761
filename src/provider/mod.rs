//! A credentials provider: temporary credentials that refresh themselves ahead of expiry and
//! can be read from a render or UI thread without blocking.
//!
//! Refresh policy, all judged by the client's skew-corrected clock:
//! - more than `advisory` before expiry: the cached credentials are returned, nothing else;
//! - inside the advisory window: cached credentials are returned and one refresh is attempted
//!   (by the caller in `credentials()`, in the background in `try_credentials()`); a failure
//!   keeps the old credentials;
//! - inside the mandatory window or expired: callers wait for a refresh; if it fails they still
//!   get credentials that have not expired yet, otherwise the refresh error.
//!
//! Refreshes are single-flight (many threads asking at once cause one STS call) and failed ones
//! back off exponentially before the next attempt.

mod source;
mod state;

pub use source::{CredentialsSourceKind, SecretCallback, TokenSource};
pub use state::ProviderStats;

use crate::client::Client;
use crate::credentials::{Credentials, CredentialsSource};
use crate::error::Result;
use state::Shared;
use std::sync::Arc;
use std::time::Duration;

/// Called with the new credentials after each successful refresh (on the refreshing thread).
pub type RefreshCallback = Arc<dyn Fn(&Credentials) + Send + Sync>;

/// When to refresh and how to back off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Refresh opportunistically this long before expiry, still serving the old credentials.
    pub advisory_window: Duration,
    /// Within this long before expiry, callers wait for fresh credentials.
    pub mandatory_window: Duration,
    /// First delay after a failed refresh; doubles per failure up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            advisory_window: Duration::from_secs(5 * 60),
            mandatory_window: Duration::from_secs(60),
            min_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(5 * 60),
        }
    }
}

/// Cached, self-refreshing temporary credentials. Cheap to clone; safe to share across threads.
#[derive(Clone)]
pub struct CredentialsProvider {
    shared: Arc<Shared>,
}

impl CredentialsProvider {
    pub fn new(client: Client, source: CredentialsSourceKind) -> Self {
        Self::with_policy(client, source, RefreshPolicy::default(), None)
    }

    pub fn with_policy(
        client: Client,
        source: CredentialsSourceKind,
        policy: RefreshPolicy,
        on_refresh: Option<RefreshCallback>,
    ) -> Self {
        CredentialsProvider { shared: Arc::new(Shared::new(client, source, policy, on_refresh)) }
    }

    /// Valid credentials, refreshing first when needed (blocks during that STS call).
    pub fn credentials(&self) -> Result<Arc<Credentials>> {
        self.shared.get_blocking()
    }

    /// Never blocks on the network: valid cached credentials, or `ErrorKind::NotReady` while a
    /// background refresh (started by this call if needed) is under way. After a failed refresh
    /// the error is that refresh's error until the next one is attempted.
    pub fn try_credentials(&self) -> Result<Arc<Credentials>> {
        Shared::get_nonblocking(&self.shared)
    }

    /// Forgets the cached credentials (e.g. after STS or another service rejected them), so the
    /// next call refreshes.
    pub fn invalidate(&self) {
        self.shared.invalidate();
    }

    /// Stops starting background refreshes from `try_credentials` and waits for any still running,
    /// so their callbacks have returned when this does (unless called from such a callback).
    /// Blocking reads keep working; use this before tearing down what the callbacks use.
    pub fn close(&self) {
        self.shared.close();
    }

    /// Counters for monitoring and tests.
    pub fn stats(&self) -> ProviderStats {
        self.shared.stats()
    }

    /// The error of the last failed refresh, if the last refresh failed.
    pub fn last_error(&self) -> Option<crate::Error> {
        self.shared.last_error()
    }
}

impl CredentialsSource for CredentialsProvider {
    fn credentials(&self) -> Result<Credentials> {
        CredentialsProvider::credentials(self).map(|c| (*c).clone())
    }
}
