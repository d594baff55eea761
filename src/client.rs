//! The STS client: one blocking method per operation, safe to share across threads.
//!
//! A call validates its request, encodes it, signs it with the skew-corrected clock, sends it
//! over the client's keep-alive connection pool, decodes the response, and retries throttling,
//! 5xx and transient network failures in the SDKs' standard mode.

use crate::clock::{parse_http_date, SkewCorrectedClock};
use crate::config::ClientBuilder;
use crate::credentials::{Credentials, CredentialsSource};
use crate::endpoint::{self, EndpointParams};
use crate::error::{Error, ErrorKind, Result};
use crate::log::{log_at, LogLevel, Logger};
use crate::model::*;
use crate::query::QueryWriter;
use crate::response::{read_error, read_success, HttpResponse};
use crate::retry::{jitter, RetryConfig, RetryQuota};
use crate::shutdown::ShutdownSwitch;
use crate::sigv4;
use crate::transport::{parse_uri, Transport, Uri};
use crate::url::EndpointUrl;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// Codes with which STS may be telling us our clock is off (it says `SignatureDoesNotMatch`).
const SKEW_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "AuthFailure",
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
];

/// Whether STS may be telling us our clock is off.
fn is_skew_error(err: &Error) -> bool {
    let Some(service) = err.service_error() else { return false };
    SKEW_CODES.contains(&service.code.as_str())
        || (matches!(service.http_status, 401 | 403) && service.sts_code() == crate::error::StsErrorCode::Other)
}

/// Keeps the signing secrets out of an error STS sent back: a `SignatureDoesNotMatch` message
/// quotes the canonical request, whose `x-amz-security-token` line is the session token.
fn redact_credentials(err: Error, c: &Credentials) -> Error {
    let err = err.redact(c.secret_access_key().expose());
    match c.session_token() {
        Some(t) => err.redact(t.expose()).redact(&sigv4::uri_encode(t.expose(), true)),
        None => err,
    }
}

/// An STS client. Cheap to clone (clones share connections, retry quota and clock skew) and
/// safe to use from many threads at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Endpoint {
    pub url: EndpointUrl,
    pub signing_region: Option<String>,
    /// `url.to_url()` parsed, and `url.host_header()`: made once rather than on every call.
    uri: Uri,
    host_header: String,
}

struct Inner {
    endpoint: Endpoint,
    /// For operations the global endpoint does not serve (AssumeRoot, GetWebIdentityToken).
    regional_endpoint: Endpoint,
    region: Option<String>,
    credentials: Option<Arc<dyn CredentialsSource>>,
    transport: Transport,
    retry: RetryConfig,
    quota: RetryQuota,
    clock: SkewCorrectedClock,
    logger: Option<Logger>,
    /// The derived SigV4 key, reused while the secret, date, region and service stay the same.
    signing_keys: sigv4::SigningKeyCache,
    shutdown: ShutdownSwitch,
}

fn cancelled() -> Error {
    Error::new(ErrorKind::Cancelled, "the client was shut down")
}

fn resolve_endpoint(b: &ClientBuilder, use_global: bool) -> Result<Endpoint> {
    if let Some(region) = &b.region {
        endpoint::validate_region(region).map_err(|e| Error::configuration(e.message))?;
    }
    let resolved = endpoint::resolve(&EndpointParams {
        region: b.region.clone(),
        use_fips: b.use_fips,
        use_dual_stack: b.use_dual_stack,
        endpoint: b.endpoint_url.clone(),
        use_global_endpoint: use_global,
    })
    .map_err(|e| Error::configuration(e.message))?;
    let url = EndpointUrl::parse(&resolved.url)?;
    if !url.https && !url.is_loopback() && !b.allow_insecure_http {
        return Err(Error::configuration(format!(
            "refusing plain HTTP to {}: credentials would cross the network unencrypted (use https, or allow insecure HTTP explicitly)",
            url.host
        )));
    }
    let (uri, host_header) = (parse_uri(&url.to_url())?, url.host_header());
    Ok(Endpoint { url, signing_region: resolved.signing_region, uri, host_header })
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn from_builder(b: ClientBuilder) -> Result<Client> {
        let endpoint = resolve_endpoint(&b, b.use_global_endpoint)?;
        let regional_endpoint = resolve_endpoint(&b, false)?;
        let transport = Transport::new(&b.transport)?;
        log_at!(b.logger, LogLevel::Debug, "stskit client for {}", endpoint.url.to_url());
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                regional_endpoint,
                region: b.region,
                credentials: b.credentials,
                transport,
                retry: b.retry,
                quota: RetryQuota::default(),
                clock: SkewCorrectedClock::new(b.clock),
                logger: b.logger,
                signing_keys: sigv4::SigningKeyCache::new(),
                shutdown: ShutdownSwitch::default(),
            }),
        })
    }

    /// The client's best estimate of the current time: the device clock corrected by the skew
    /// STS revealed. Credential expiry decisions use it.
    pub fn now(&self) -> OffsetDateTime {
        self.inner.clock.now()
    }

    /// The clock offset learned from STS (zero until a skew was detected).
    pub fn clock_offset(&self) -> time::Duration {
        self.inner.clock.offset()
    }

    /// Shuts the client down for good, e.g. when the game quits or a scene that owns it unloads:
    /// calls in flight on any thread return [`ErrorKind::Cancelled`] (their connections are closed
    /// under them; a call still connecting returns within the connect timeout), a call waiting to
    /// retry stops waiting, and every later call, on this client or its clones, fails with
    /// `Cancelled` without touching the network; so do the refreshes of a credentials provider
    /// built on it. Idempotent.
    pub fn shutdown(&self) {
        log_at!(self.inner.logger, LogLevel::Info, "client shut down");
        self.inner.shutdown.throw();
        self.inner.transport.shutdown();
    }

    /// Whether [`Client::shutdown`] was called.
    pub fn is_shut_down(&self) -> bool {
        self.inner.shutdown.is_down()
    }

    /// The URL requests go to.
    pub fn endpoint_url(&self) -> String {
        self.inner.endpoint.url.to_url()
    }

    /// Sends any operation's request. The per-operation methods below call this.
    pub fn send<O: Operation>(&self, request: &O) -> Result<O::Output> {
        request.validate()?;
        let endpoint = if O::REGIONAL_ONLY { &self.inner.regional_endpoint } else { &self.inner.endpoint };
        let credentials = match O::AUTH {
            Auth::SigV4 => Some(self.signing_credentials()?),
            Auth::None => None,
        };
        let mut w = QueryWriter::new(O::ACTION);
        request.write(&mut w);
        let body = w.into_body();
        let resp = self.execute(O::ACTION, endpoint, credentials.as_ref(), body.as_bytes())?;
        O::read(&read_success(O::ACTION, &resp)?)
    }

    pub(crate) fn signing_credentials_for_presign(&self) -> Result<Credentials> {
        self.signing_credentials()
    }

    fn signing_credentials(&self) -> Result<Credentials> {
        match &self.inner.credentials {
            Some(source) => source.credentials(),
            None => Err(Error::new(
                ErrorKind::MissingCredentials,
                "this operation is signed and the client has no credentials",
            )),
        }
    }

    pub(crate) fn signing_region<'a>(&'a self, endpoint: &'a Endpoint) -> Result<&'a str> {
        endpoint
            .signing_region
            .as_deref()
            .or(self.inner.region.as_deref())
            .ok_or_else(|| Error::configuration("a region is required to sign requests"))
    }

    pub(crate) fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// Sends the body with retries; returns a 2xx response or the final error.
    fn execute(&self, action: &str, ep: &Endpoint, creds: Option<&Credentials>, body: &[u8]) -> Result<HttpResponse> {
        let inner = &*self.inner;
        let url = &ep.uri;
        let max = inner.retry.max_attempts;
        let mut retry_tokens = 0;
        let mut attempt = 1;
        loop {
            if inner.shutdown.is_down() {
                return Err(cancelled());
            }
            log_at!(inner.logger, LogLevel::Debug, "{action}: attempt {attempt}/{max} to {url}");
            // Room for what signing adds (x-amz-date, x-amz-security-token, authorization).
            let mut headers = Vec::with_capacity(5);
            headers.push(("host".to_owned(), ep.host_header.clone()));
            headers.push(("content-type".to_owned(), "application/x-www-form-urlencoded; charset=utf-8".to_owned()));
            if let Some(c) = creds {
                let region = self.signing_region(ep)?;
                let auth = sigv4::sign_headers_cached(
                    &inner.signing_keys,
                    &c.signing_key(),
                    region,
                    "sts",
                    inner.clock.now(),
                    "POST",
                    &ep.url.path,
                    "",
                    &mut headers,
                    body,
                );
                headers.push(("authorization".to_owned(), auth));
            }
            let err = match inner.transport.post(url, &headers, body) {
                Ok(resp) if (200..300).contains(&resp.status) => {
                    self.learn_skew(&resp);
                    inner.quota.release(retry_tokens);
                    return Ok(resp);
                }
                Ok(resp) => {
                    let skew_changed = self.learn_skew(&resp);
                    let err = creds.map_or_else(|| read_error(&resp), |c| redact_credentials(read_error(&resp), c));
                    if creds.is_some() && skew_changed && is_skew_error(&err) && attempt < max {
                        log_at!(
                            inner.logger,
                            LogLevel::Warn,
                            "{action}: clock skew detected; offset now {} s; retrying",
                            inner.clock.offset().whole_seconds()
                        );
                        attempt += 1;
                        continue;
                    }
                    (err, resp.retry_after_ms.map(Duration::from_millis))
                }
                // Whatever the connection's fate looked like, the cause was the shutdown.
                Err(_) if inner.shutdown.is_down() => return Err(cancelled()),
                Err(err) => (err, None),
            };
            let (err, retry_after) = err;
            if !err.is_retryable() || attempt >= max {
                log_at!(inner.logger, LogLevel::Info, "{action}: failed after {attempt} attempt(s): {err}");
                return Err(err);
            }
            let cost = inner.retry.cost(&err);
            if !inner.quota.acquire(cost) {
                log_at!(inner.logger, LogLevel::Warn, "{action}: retry quota exhausted: {err}");
                return Err(err);
            }
            retry_tokens += cost;
            let delay = inner.retry.backoff(attempt, &err, retry_after, jitter());
            log_at!(
                inner.logger,
                LogLevel::Info,
                "{action}: attempt {attempt} failed ({err}); retrying in {} ms",
                delay.as_millis()
            );
            if !inner.shutdown.sleep(delay) {
                return Err(cancelled());
            }
            attempt += 1;
        }
    }

    /// Learns the clock offset from a response's `Date` when it differs from ours by more than the
    /// threshold (every response, so unsigned calls and expiry checks benefit too). Returns whether
    /// the offset changed, i.e. whether a signature failure may have been our clock's fault.
    fn learn_skew(&self, resp: &HttpResponse) -> bool {
        let Some(server_now) = resp.date.as_deref().and_then(parse_http_date) else { return false };
        self.inner.clock.adjust(self.inner.clock.observed_skew(server_now))
    }

    pub fn assume_role(&self, request: &AssumeRoleRequest) -> Result<AssumeRoleResponse> {
        self.send(request)
    }

    pub fn assume_role_with_saml(&self, request: &AssumeRoleWithSamlRequest) -> Result<AssumeRoleWithSamlResponse> {
        self.send(request)
    }

    pub fn assume_role_with_web_identity(
        &self,
        request: &AssumeRoleWithWebIdentityRequest,
    ) -> Result<AssumeRoleWithWebIdentityResponse> {
        self.send(request)
    }

    pub fn assume_root(&self, request: &AssumeRootRequest) -> Result<AssumeRootResponse> {
        self.send(request)
    }

    pub fn decode_authorization_message(
        &self,
        request: &DecodeAuthorizationMessageRequest,
    ) -> Result<DecodeAuthorizationMessageResponse> {
        self.send(request)
    }

    pub fn get_access_key_info(&self, request: &GetAccessKeyInfoRequest) -> Result<GetAccessKeyInfoResponse> {
        self.send(request)
    }

    pub fn get_caller_identity(&self) -> Result<GetCallerIdentityResponse> {
        self.send(&GetCallerIdentityRequest {})
    }

    pub fn get_delegated_access_token(
        &self,
        request: &GetDelegatedAccessTokenRequest,
    ) -> Result<GetDelegatedAccessTokenResponse> {
        self.send(request)
    }

    pub fn get_federation_token(&self, request: &GetFederationTokenRequest) -> Result<GetFederationTokenResponse> {
        self.send(request)
    }

    pub fn get_session_token(&self, request: &GetSessionTokenRequest) -> Result<GetSessionTokenResponse> {
        self.send(request)
    }

    pub fn get_web_identity_token(&self, request: &GetWebIdentityTokenRequest) -> Result<GetWebIdentityTokenResponse> {
        self.send(request)
    }
}
