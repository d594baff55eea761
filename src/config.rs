//! Client configuration: region, endpoint options, credentials, timeouts, retries, proxy, TLS.

use crate::client::Client;
use crate::clock::{Clock, SystemClock};
use crate::credentials::{Credentials, CredentialsSource};
use crate::error::{Error, Result};
use crate::log::Logger;
use crate::retry::RetryConfig;
use crate::transport::{certificates_from_pem, ProxyConfig, TransportConfig};
use std::sync::Arc;
use std::time::Duration;

/// Builds a [`Client`]. Every setting has a sensible default except the region.
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) use_global_endpoint: bool,
    pub(crate) allow_insecure_http: bool,
    pub(crate) credentials: Option<Arc<dyn CredentialsSource>>,
    pub(crate) transport: TransportConfig,
    pub(crate) retry: RetryConfig,
    pub(crate) logger: Option<Logger>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) deferred_error: Option<Error>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            region: None,
            endpoint_url: None,
            use_fips: false,
            use_dual_stack: false,
            use_global_endpoint: false,
            allow_insecure_http: false,
            credentials: None,
            transport: TransportConfig::default(),
            retry: RetryConfig::default(),
            logger: None,
            clock: Arc::new(SystemClock),
            deferred_error: None,
        }
    }
}

impl ClientBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The AWS region, e.g. `eu-west-1`. Requests go to that region's STS endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A custom endpoint (a VPC endpoint, a proxy, the local emulator). Used verbatim,
    /// including any path.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, on: bool) -> Self {
        self.use_fips = on;
        self
    }

    pub fn use_dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = on;
        self
    }

    /// The legacy global endpoint `sts.amazonaws.com` (signed as us-east-1) for the 16 regions
    /// that had it. Off by default, as in every SDK since 2025.
    pub fn use_global_endpoint(mut self, on: bool) -> Self {
        self.use_global_endpoint = on;
        self
    }

    /// Permit plain `http://` to hosts other than loopback. Credentials then cross the network
    /// in clear text: only for test rigs behind a trusted network.
    pub fn allow_insecure_http(mut self, on: bool) -> Self {
        self.allow_insecure_http = on;
        self
    }

    /// Static credentials for signed operations.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// A source asked for credentials before each signed call (e.g. a credentials provider,
    /// for role chaining).
    pub fn credentials_source(mut self, source: Arc<dyn CredentialsSource>) -> Self {
        self.credentials = Some(source);
        self
    }

    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.transport.connect_timeout = d;
        self
    }

    pub fn read_timeout(mut self, d: Duration) -> Self {
        self.transport.read_timeout = d;
        self
    }

    /// Bound of one attempt from connect to the last byte of the response.
    pub fn attempt_timeout(mut self, d: Duration) -> Self {
        self.transport.attempt_timeout = d;
        self
    }

    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.transport.proxy = proxy;
        self
    }

    /// Trust the CA certificates in `pem` in addition to the bundled Mozilla roots.
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Self {
        match certificates_from_pem(pem) {
            Ok(certs) => self.transport.extra_roots.extend(certs),
            Err(e) => self.deferred_error = self.deferred_error.or(Some(e)),
        }
        self
    }

    /// Largest accepted response body (default 1 MiB; STS responses are a few KiB).
    pub fn max_response_bytes(mut self, n: u64) -> Self {
        self.transport.max_response_bytes = n;
        self
    }

    pub fn logger(mut self, logger: Logger) -> Self {
        self.logger = Some(logger);
        self
    }

    /// Replace the device clock (tests simulate a device whose clock is wrong).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn build(self) -> Result<Client> {
        if let Some(e) = self.deferred_error.clone() {
            return Err(e);
        }
        if self.transport.max_response_bytes == 0 {
            return Err(Error::configuration("max_response_bytes must be positive"));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::configuration("retry max_attempts must be at least 1"));
        }
        for (name, d) in [
            ("connect_timeout", self.transport.connect_timeout),
            ("read_timeout", self.transport.read_timeout),
            ("attempt_timeout", self.transport.attempt_timeout),
        ] {
            if d.is_zero() {
                return Err(Error::configuration(format!("{name} must be positive")));
            }
        }
        Client::from_builder(self)
    }
}
