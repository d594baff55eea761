//! TLS (rustls with ring) over the TCP or proxy-tunnel transport below it.
//!
//! ureq's own rustls connector trusts either full root certificates or the `webpki-roots` trust
//! anchors, never both; our users need the Mozilla roots *and* their own CA (a corporate proxy, a
//! local emulator). Full copies of the Mozilla roots made every shipped library ~90 KB larger and
//! cost a parse of every certificate per client; the anchors are already in the form the verifier
//! uses, so the extra CAs are added to them here.
//!
//! The plaintext of a request is held until the response is read ([`HeldOutput`]), so head and
//! body go out as one record in one write instead of two.

use super::held::HeldOutput;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use std::fmt;
use std::io::{Read, Write};
use std::sync::Arc;
use ureq::unversioned::transport::time::{Duration as UDuration, Instant as UInstant};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport, TransportAdapter,
};
use ureq::Error;

/// One per client: the configuration (roots, cipher suites) is built once and shared by every
/// connection the client opens.
pub(super) struct TlsConnector {
    config: Arc<ClientConfig>,
}

impl TlsConnector {
    /// Trusts the Mozilla roots and `extra_roots` (DER certificates).
    pub(super) fn new(extra_roots: &[Vec<u8>]) -> crate::error::Result<TlsConnector> {
        use crate::error::Error as E;
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for der in extra_roots {
            roots
                .add(CertificateDer::from(der.as_slice()))
                .map_err(|e| E::configuration(format!("a CA certificate cannot be a trust anchor: {e}")))?;
        }
        let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| E::configuration(format!("TLS configuration: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(TlsConnector { config: Arc::new(config) })
    }
}

impl fmt::Debug for TlsConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConnector").finish_non_exhaustive()
    }
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, Error> {
        let Some(transport) = chained else {
            return Err(Error::Tls("no connection to run TLS over"));
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details.uri.authority().map(|a| a.host()).ok_or(Error::Tls("no host name to verify"))?;
        // IPv6 literals come bracketed in URIs; certificates name the bare address.
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let name = ServerName::try_from(host).map_err(|_| Error::Tls("host name is not valid for TLS"))?.to_owned();
        let mut conn = ClientConnection::new(self.config.clone(), name).map_err(tls_error)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(handshake_timeout(details));
        conn.complete_io(&mut sock)?;
        let buffers = LazyBuffers::new(details.config.input_buffer_size(), details.config.output_buffer_size());
        let stream = StreamOwned::new(conn, sock);
        Ok(Some(Either::B(TlsTransport {
            buffers,
            stream,
            held: HeldOutput::default(),
            write_timeout: details.timeout,
        })))
    }
}

/// The connect timeout runs from the start of the connection, so the handshake gets what the
/// TCP connect left of it.
fn handshake_timeout(details: &ConnectionDetails) -> NextTimeout {
    let mut timeout = details.timeout;
    if let (UDuration::Exact(limit), UInstant::Exact(start), UInstant::Exact(now)) =
        (timeout.after, details.now, (details.current_time)())
    {
        timeout.after = UDuration::Exact(limit.saturating_sub(now.saturating_duration_since(start)));
    }
    timeout
}

/// rustls errors travel inside `io::Error`, where `transport::map_io` classifies them as TLS.
fn tls_error(e: rustls::Error) -> Error {
    Error::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

pub(super) struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
    held: HeldOutput,
    /// The timeout of the latest write handed down, for writing what is held.
    write_timeout: NextTimeout,
}

impl TlsTransport {
    fn flush(&mut self) -> Result<(), Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        self.stream.get_mut().set_timeout(self.write_timeout);
        Ok(self.held.write_to(&mut self.stream)?)
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        self.write_timeout = timeout;
        if self.held.hold(&self.buffers.output()[..amount]) {
            return Ok(());
        }
        self.flush()?;
        self.stream.get_mut().set_timeout(timeout);
        self.stream.write_all(&self.buffers.output()[..amount])?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush()?;
        self.stream.get_mut().set_timeout(timeout);
        let amount = self.stream.read(self.buffers.input_append_buf())?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsTransport").field("under", &self.stream.sock.inner()).finish_non_exhaustive()
    }
}
