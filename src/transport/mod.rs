//! HTTP over ureq and rustls (ring): one agent per client, so connections are kept alive and
//! the TLS configuration and root store are built once, not per call.

use crate::error::{Error, ErrorKind, Result};
use crate::response::HttpResponse;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::time::Duration;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector};

mod held;
mod resolver;
mod tcp;
mod tls;

use resolver::CachingResolver;
use zeroize::Zeroizing;

/// Where requests go through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyConfig {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` with `NO_PROXY`, as curl and the SDKs read them.
    #[default]
    FromEnv,
    /// Connect directly, whatever the environment says.
    Disabled,
    /// This proxy URL (`http://host:port`, `socks5://…`), e.g. `http://user:pass@proxy:3128`.
    Url(String),
}

#[derive(Debug, Clone)]
pub struct TransportConfig {
    pub connect_timeout: Duration,
    /// How long to wait for the response headers, and separately for the body.
    pub read_timeout: Duration,
    /// Bound of one whole attempt (connect, send, receive), which catches a server that drips.
    pub attempt_timeout: Duration,
    pub proxy: ProxyConfig,
    /// DER certificates trusted in addition to the bundled Mozilla roots.
    pub extra_roots: Vec<Vec<u8>>,
    pub max_response_bytes: u64,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            proxy: ProxyConfig::FromEnv,
            extra_roots: Vec::new(),
            max_response_bytes: 1 << 20,
        }
    }
}

pub struct Transport {
    agent: ureq::Agent,
    max_response_bytes: u64,
}

/// Parses PEM text into DER certificates, failing if it holds none.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for cert in CertificateDer::pem_slice_iter(pem) {
        match cert {
            Ok(c) => out.push(c.to_vec()),
            Err(e) => return Err(Error::configuration(format!("CA certificate PEM is invalid: {e}"))),
        }
    }
    if out.is_empty() {
        return Err(Error::configuration("CA certificate PEM contains no certificate"));
    }
    Ok(out)
}

impl Transport {
    pub fn new(config: &TransportConfig) -> Result<Transport> {
        let tls = tls::TlsConnector::new(&config.extra_roots)?;
        let proxy = match &config.proxy {
            ProxyConfig::FromEnv => ureq::Proxy::try_from_env(),
            ProxyConfig::Disabled => None,
            ProxyConfig::Url(url) => {
                Some(ureq::Proxy::new(url).map_err(|_| Error::configuration("proxy URL is invalid"))?)
            }
        };
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("stskit/", env!("CARGO_PKG_VERSION")))
            .proxy(proxy)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_recv_body(Some(config.read_timeout))
            .timeout_global(Some(config.attempt_timeout))
            .build();
        // ureq's default chain with our TCP and TLS transports: CONNECT proxy, TCP, rustls.
        let connector = ().chain(ConnectProxyConnector::default()).chain(tcp::TcpConnector).chain(tls);
        let agent = ureq::Agent::with_parts(agent_config, connector, CachingResolver::default());
        Ok(Transport { agent, max_response_bytes: config.max_response_bytes })
    }

    /// Closes every connection, interrupting the requests on them, and refuses new ones.
    pub fn shutdown(&self) {
        self.agent.clone().shutdown();
    }

    /// POSTs `body` to `uri` (see [`parse_uri`]) with `headers` (which include `host`) and reads
    /// the whole response.
    pub fn post(&self, uri: &Uri, headers: &[(String, String)], body: &[u8]) -> Result<HttpResponse> {
        let mut req = ureq::http::Request::new(body);
        *req.method_mut() = ureq::http::Method::POST;
        *req.uri_mut() = uri.clone(); // shares the parsed bytes: no parse, no copy per call
        set_headers(req.headers_mut(), headers)?;
        let resp = self.agent.run(req).map_err(map_error)?;
        self.read(resp)
    }

    /// GETs `url` (a presigned URL) with extra headers.
    pub fn get(&self, url: &str, headers: &[(String, String)]) -> Result<HttpResponse> {
        let mut req = ureq::http::Request::new(());
        *req.uri_mut() = parse_uri(url)?;
        set_headers(req.headers_mut(), headers)?;
        let resp = self.agent.run(req).map_err(map_error)?;
        self.read(resp)
    }

    fn read(&self, mut resp: ureq::http::Response<ureq::Body>) -> Result<HttpResponse> {
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let status = resp.status().as_u16();
        let request_id_header = header("x-amzn-requestid").or_else(|| header("x-amz-request-id"));
        let date = header("date");
        let retry_after_ms = header("x-amz-retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        // Sized from Content-Length up front: a growing Vec would reallocate several times per
        // response and leave unwiped copies of the credentials in the freed buffers.
        let hint = resp.body().content_length().unwrap_or(0).min(self.max_response_bytes);
        let mut body = Zeroizing::new(Vec::with_capacity(usize::try_from(hint).unwrap_or(0)));
        std::io::Read::read_to_end(
            &mut resp.body_mut().with_config().limit(self.max_response_bytes).reader(),
            &mut body,
        )
        .map_err(|e| map_error(ureq::Error::from(e)))?;
        Ok(HttpResponse { status, request_id_header, content_length: body.len() as u64, date, retry_after_ms, body })
    }
}

pub use ureq::http::Uri;

/// Parses a request URL once, so that each call only clones it.
pub fn parse_uri(url: &str) -> Result<Uri> {
    url.parse().map_err(|_| Error::configuration("request URL is invalid"))
}

/// The headers every signed request carries, as `http` constants: naming them needs no
/// allocation, where a name parsed at run time that is not a standard header is copied.
const SIGNED_HEADER_NAMES: [&str; 2] = ["x-amz-date", "x-amz-security-token"];

fn set_headers(map: &mut ureq::http::HeaderMap, headers: &[(String, String)]) -> Result<()> {
    use ureq::http::header::{HeaderName, HeaderValue};
    map.reserve(headers.len());
    for (name, value) in headers {
        let name = match SIGNED_HEADER_NAMES.iter().find(|n| **n == name) {
            Some(n) => HeaderName::from_static(n),
            None => HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::configuration("a request header name is invalid"))?,
        };
        // The message names the header, never its value (it may be a token).
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::configuration(format!("the value of request header {name} is invalid")))?;
        map.append(name, value);
    }
    Ok(())
}

/// Sorts ureq's errors into our kinds. Messages describe the failure, never the request.
fn map_error(e: ureq::Error) -> Error {
    use ureq::Error as U;
    match e {
        U::Timeout(t) => Error::new(ErrorKind::Timeout, format!("timed out ({t})")),
        U::BodyExceedsLimit(n) => {
            Error::new(ErrorKind::ResponseTooLarge, format!("response body exceeds the {n}-byte limit"))
        }
        U::HostNotFound => Error::new(ErrorKind::Network, "host not found"),
        U::ConnectionFailed => Error::new(ErrorKind::Network, "connection failed"),
        U::Tls(msg) => Error::new(ErrorKind::Tls, msg),
        U::Io(io) => map_io(io),
        U::ConnectProxyFailed(msg) => Error::new(ErrorKind::Network, format!("proxy CONNECT failed: {msg}")),
        U::InvalidProxyUrl => Error::configuration("proxy URL is invalid"),
        U::BadUri(_) | U::Http(_) => Error::configuration("request URL is invalid"),
        U::RequireHttpsOnly(_) | U::TlsRequired => Error::new(ErrorKind::Tls, "TLS required"),
        U::Protocol(p) => Error::new(ErrorKind::InvalidResponse, format!("malformed HTTP response: {p}")),
        U::LargeResponseHeader(..) => Error::new(ErrorKind::ResponseTooLarge, "response headers too large"),
        U::BodyStalled => Error::new(ErrorKind::Timeout, "response body stalled"),
        other => Error::new(ErrorKind::Network, other.to_string()),
    }
}

fn map_io(io: std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        return Error::new(ErrorKind::Tls, tls.to_string());
    }
    match io.kind() {
        K::TimedOut | K::WouldBlock => Error::new(ErrorKind::Timeout, "timed out reading from the server"),
        K::ConnectionRefused => Error::new(ErrorKind::Network, "connection refused"),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
            Error::new(ErrorKind::Network, "connection reset by the server")
        }
        K::UnexpectedEof => Error::new(ErrorKind::Network, "connection closed before the response was complete"),
        K::InvalidData => Error::new(ErrorKind::Tls, io.to_string()),
        _ => Error::new(ErrorKind::Network, io.to_string()),
    }
}
