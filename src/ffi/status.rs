//! The status every fallible C function returns.

use super::boundary::boundary;
use crate::error::ErrorKind;

/// Result of a C ABI call. Numbers are stable and never reused. 1..=19 mirror the core's error
/// kinds; 20..=29 are argument errors detected at the boundary.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StskitStatus {
    Ok = 0,
    /// A member failed validation, or an argument is out of range.
    InvalidArgument = 1,
    /// The client configuration is unusable (region, endpoint, proxy, CA PEM, plain HTTP).
    Configuration = 2,
    /// A signed operation was called on a client without credentials.
    MissingCredentials = 3,
    /// STS returned an error; the error object has its code, message and request id.
    ServiceError = 4,
    Timeout = 5,
    Network = 6,
    Tls = 7,
    /// The response was not a valid STS response.
    InvalidResponse = 8,
    ResponseTooLarge = 9,
    /// A credentials provider has no credentials yet; a refresh is under way.
    NotReady = 10,
    Internal = 11,
    /// The client was shut down (`stskit_client_shutdown`) before or during the call.
    Cancelled = 12,
    /// A required pointer argument was NULL.
    NullArgument = 20,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 21,
    /// The operation has no such member, or the id is unknown.
    UnknownMember = 22,
    /// The requested output is absent from this response.
    NotPresent = 23,
    /// A Rust panic was caught at the boundary (a bug in stskit; the handle may be unusable).
    Panic = 99,
}

impl From<ErrorKind> for StskitStatus {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidArgument => StskitStatus::InvalidArgument,
            ErrorKind::Configuration => StskitStatus::Configuration,
            ErrorKind::MissingCredentials => StskitStatus::MissingCredentials,
            ErrorKind::Service => StskitStatus::ServiceError,
            ErrorKind::Timeout => StskitStatus::Timeout,
            ErrorKind::Network => StskitStatus::Network,
            ErrorKind::Tls => StskitStatus::Tls,
            ErrorKind::InvalidResponse => StskitStatus::InvalidResponse,
            ErrorKind::ResponseTooLarge => StskitStatus::ResponseTooLarge,
            ErrorKind::NotReady => StskitStatus::NotReady,
            ErrorKind::Internal => StskitStatus::Internal,
            ErrorKind::Cancelled => StskitStatus::Cancelled,
        }
    }
}

/// A static, NUL-terminated name for a status, e.g. "STSKIT_STATUS_TIMEOUT". Never NULL.
#[no_mangle]
pub extern "C" fn stskit_status_name(status: i32) -> *const std::os::raw::c_char {
    boundary(|| {
        let name: &'static [u8] = match status {
            0 => b"STSKIT_STATUS_OK\0",
            1 => b"STSKIT_STATUS_INVALID_ARGUMENT\0",
            2 => b"STSKIT_STATUS_CONFIGURATION\0",
            3 => b"STSKIT_STATUS_MISSING_CREDENTIALS\0",
            4 => b"STSKIT_STATUS_SERVICE_ERROR\0",
            5 => b"STSKIT_STATUS_TIMEOUT\0",
            6 => b"STSKIT_STATUS_NETWORK\0",
            7 => b"STSKIT_STATUS_TLS\0",
            8 => b"STSKIT_STATUS_INVALID_RESPONSE\0",
            9 => b"STSKIT_STATUS_RESPONSE_TOO_LARGE\0",
            10 => b"STSKIT_STATUS_NOT_READY\0",
            11 => b"STSKIT_STATUS_INTERNAL\0",
            12 => b"STSKIT_STATUS_CANCELLED\0",
            20 => b"STSKIT_STATUS_NULL_ARGUMENT\0",
            21 => b"STSKIT_STATUS_INVALID_UTF8\0",
            22 => b"STSKIT_STATUS_UNKNOWN_MEMBER\0",
            23 => b"STSKIT_STATUS_NOT_PRESENT\0",
            99 => b"STSKIT_STATUS_PANIC\0",
            _ => b"STSKIT_STATUS_UNKNOWN\0",
        };
        name.as_ptr().cast()
    })
}
