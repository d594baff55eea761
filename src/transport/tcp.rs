//! Plain TCP under ureq's TLS and proxy layers, with fewer system calls per request than ureq's
//! own: on a keep-alive connection ureq's transport re-set the socket timeouts on every request
//! (ureq hands down the time left of the attempt's overall timeout, a value that shrinks by
//! microseconds from one request to the next: 3 `setsockopt` per call) and probed the connection
//! twice per request with `ioctl`, `recv`, `ioctl` (6 calls), and it sent the request head and
//! body (or their TLS records) in separate writes. Here timeouts are rounded down to 10 ms steps
//! and set only when that value changes, the probe is one non-blocking `recv(MSG_PEEK)` on Linux
//! and Android, and on plain connections a request leaves in one write ([`HeldOutput`]). Under
//! TLS the TLS layer holds the plaintext instead and its records are written at once
//! (tests/c/valgrind.supp recognises ring's sealed records by being sent from rustls's `write_tls`).

use super::held::HeldOutput;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Weak};
use std::time::Duration;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle, Transport,
};
use ureq::{Error, Timeout};

const STEP_MS: u128 = 10;

#[derive(Debug, Default)]
pub(super) struct TcpConnector;

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, Error> {
        if chained.is_some() {
            return Ok(chained.map(Either::A)); // a CONNECT proxy tunnel
        }
        let stream = Arc::new(connect(details)?);
        (details.register_shutdown)(Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>)?;
        let config = details.config;
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        Ok(Some(Either::B(TcpTransport {
            stream,
            buffers,
            read_timeout: None,
            write_timeout: None,
            held: HeldOutput::default(),
            write_reason: Timeout::SendRequest,
            hold_writes: !details.needs_tls(),
            probe_next: true,
        })))
    }
}

/// Tries the resolved addresses in turn, sharing the connect timeout between them (half for
/// the first, a quarter for the second, ...), as ureq does.
fn connect(details: &ConnectionDetails) -> Result<TcpStream, Error> {
    let total = details.timeout.not_zero().map(|t| *t);
    let mut last: Option<Error> = None;
    let n = details.addrs.len();
    for (i, addr) in details.addrs.iter().enumerate() {
        let share = total.map(|t| {
            let part = if i + 1 == n { t / 2u32.pow(i as u32).max(1) } else { t / 2u32.pow(i as u32 + 1) };
            part.max(Duration::from_millis(10))
        });
        let result = match share {
            Some(t) => TcpStream::connect_timeout(addr, t),
            None => TcpStream::connect(addr),
        };
        match result {
            Ok(stream) => {
                if details.config.no_delay() {
                    stream.set_nodelay(true)?;
                }
                return Ok(stream);
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                last = Some(Error::Timeout(Timeout::Connect));
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::HostUnreachable
                        | io::ErrorKind::NetworkUnreachable
                        | io::ErrorKind::NetworkDown
                        | io::ErrorKind::AddrNotAvailable
                        | io::ErrorKind::PermissionDenied
                ) =>
            {
                last = Some(Error::Io(e));
            }
            Err(e) => return Err(Error::Io(e)),
        }
    }
    Err(last.unwrap_or_else(|| Error::Io(io::Error::new(io::ErrorKind::ConnectionRefused, "Connection refused"))))
}

#[derive(Debug)]
pub(super) struct TcpTransport {
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    held: HeldOutput,
    write_reason: Timeout,
    /// Whether writes are held until the next read (plain connections).
    hold_writes: bool,
    /// False right after a read: see `is_open`.
    probe_next: bool,
}

impl TcpTransport {
    fn flush(&mut self) -> Result<(), Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        self.held.write_to(&*self.stream).map_err(|e| io_error(e, self.write_reason))
    }
}

/// The socket timeout for `t`: `None` for no timeout, an error if it already expired.
fn socket_timeout(t: NextTimeout) -> Result<Option<Duration>, Error> {
    if t.after.is_zero() {
        return Err(Error::Timeout(t.reason));
    }
    Ok(t.not_zero().map(|d| {
        let ms = d.as_millis();
        if ms < 2 * STEP_MS {
            *d
        } else {
            Duration::from_millis(u64::try_from(ms / STEP_MS * STEP_MS).unwrap_or(u64::MAX))
        }
    }))
}

fn io_error(e: io::Error, reason: Timeout) -> Error {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Error::Timeout(reason),
        _ => Error::Io(e),
    }
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let timeout = timeout.for_write();
        let t = socket_timeout(timeout)?;
        if t != self.write_timeout {
            self.stream.set_write_timeout(t)?;
            self.write_timeout = t;
        }
        self.write_reason = timeout.reason;
        if self.hold_writes && self.held.hold(&self.buffers.output()[..amount]) {
            return Ok(());
        }
        self.flush()?;
        let output = &self.buffers.output()[..amount];
        (&*self.stream).write_all(output).map_err(|e| io_error(e, timeout.reason))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.flush()?;
        let timeout = timeout.for_read();
        let t = socket_timeout(timeout)?;
        if t != self.read_timeout {
            self.stream.set_read_timeout(t)?;
            self.read_timeout = t;
        }
        let input = self.buffers.input_append_buf();
        let amount = loop {
            match (&*self.stream).read(input) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other.map_err(|e| io_error(e, timeout.reason))?,
            }
        };
        self.buffers.input_appended(amount);
        self.probe_next = false;
        Ok(amount > 0)
    }

    /// Open and idle: no pending bytes and no end of stream. ureq asks twice per request: when
    /// it puts the connection back into the pool right after reading the response, and when it
    /// takes it out for the next request. The first answer only decides whether the connection
    /// waits in the pool; the second, always a real probe, decides whether it is used. So the
    /// first question, straight after a read, is answered without a system call.
    fn is_open(&mut self) -> bool {
        if !self.probe_next {
            self.probe_next = true;
            return true;
        }
        probe(&self.stream)
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn probe(stream: &TcpStream) -> bool {
    use std::os::fd::AsRawFd;
    use std::os::raw::{c_int, c_void};
    extern "C" {
        fn recv(fd: c_int, buf: *mut c_void, len: usize, flags: c_int) -> isize;
    }
    const MSG_PEEK: c_int = 0x2;
    const MSG_DONTWAIT: c_int = 0x40;
    let mut byte = 0u8;
    loop {
        // SAFETY: a valid socket and a one-byte buffer.
        let n = unsafe { recv(stream.as_raw_fd(), (&mut byte as *mut u8).cast(), 1, MSG_PEEK | MSG_DONTWAIT) };
        if n >= 0 {
            return false; // end of stream, or bytes nobody asked for
        }
        match io::Error::last_os_error().kind() {
            io::ErrorKind::Interrupted => continue,
            io::ErrorKind::WouldBlock => return true,
            _ => return false,
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn probe(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let open = matches!(stream.peek(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && open
}
