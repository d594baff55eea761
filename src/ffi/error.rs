//! `stskit_error`: the detail of a failed call, handed out through the optional `err` out-parameter.

use super::boundary::{boundary, free_handle, into_handle, CText};
use super::status::StskitStatus;
use crate::error::{Error, StsErrorCode};
use std::os::raw::c_char;

/// Error detail: status, message, STS error code, request id, HTTP status, retryable flag.
/// Owned by the caller; free with `stskit_error_free`.
pub struct stskit_error {
    status: StskitStatus,
    message: CText,
    code: CText,
    sts_code: StsErrorCode,
    request_id: CText,
    http_status: i32,
    retryable: bool,
}

impl stskit_error {
    pub fn from_error(e: &Error) -> Self {
        let service = e.service_error();
        stskit_error {
            status: e.kind().into(),
            message: CText::new(&e.to_string()),
            code: CText::new(service.map_or("", |s| s.code.as_str())),
            sts_code: e.sts_code().unwrap_or(StsErrorCode::Other),
            request_id: CText::new(e.request_id().unwrap_or("")),
            http_status: e.http_status().map_or(0, i32::from),
            retryable: e.is_retryable(),
        }
    }
}

impl stskit_error {
    fn from_status(status: StskitStatus, message: &str) -> Self {
        stskit_error {
            status,
            message: CText::new(message),
            code: CText::new(""),
            sts_code: StsErrorCode::Other,
            request_id: CText::new(""),
            http_status: 0,
            retryable: false,
        }
    }
}

/// Runs the body of a function with an `err` out-parameter and makes the argument errors the
/// boundary detects (NULL pointers, invalid UTF-8) visible through `*err` too, so "on failure
/// `*err` is written" holds for every failure.
pub fn with_error_detail(err: *mut *mut stskit_error, body: impl FnOnce() -> StskitStatus) -> StskitStatus {
    let status = body();
    let message = match status {
        StskitStatus::NullArgument => "a required pointer argument is NULL",
        StskitStatus::InvalidUtf8 => "a string argument is not valid UTF-8",
        _ => return status,
    };
    if !err.is_null() {
        // SAFETY: the caller passes NULL or a valid `stskit_error **`.
        unsafe { err.write(into_handle(stskit_error::from_status(status, message))) };
    }
    status
}

/// Reports `e` through the optional `err` out-parameter and returns its status.
pub fn fail(err: *mut *mut stskit_error, e: &Error) -> StskitStatus {
    let status = e.kind().into();
    if !err.is_null() {
        // SAFETY: the caller passes NULL or a valid `stskit_error **`.
        unsafe { err.write(into_handle(stskit_error::from_error(e))) };
    }
    status
}

/// The status of the failed call.
#[no_mangle]
pub extern "C" fn stskit_error_status(err: *const stskit_error) -> StskitStatus {
    boundary(|| unsafe { err.as_ref() }.map_or(StskitStatus::NullArgument, |e| e.status))
}

/// A readable message (never contains secrets). Borrowed from `err`; "" if `err` is NULL.
#[no_mangle]
pub extern "C" fn stskit_error_message(err: *const stskit_error) -> *const c_char {
    boundary(|| unsafe { err.as_ref() }.map_or(c"".as_ptr(), |e| e.message.as_ptr()))
}

/// STS's error code, e.g. "ExpiredTokenException" or "Throttling"; "" when STS did not answer
/// with an error (timeouts, validation, ...). Borrowed from `err`.
#[no_mangle]
pub extern "C" fn stskit_error_code(err: *const stskit_error) -> *const c_char {
    boundary(|| unsafe { err.as_ref() }.map_or(c"".as_ptr(), |e| e.code.as_ptr()))
}

/// The STS error code as an enum (`STSKIT_STS_ERROR_OTHER` for codes not in the enum and for
/// errors that did not come from STS).
#[no_mangle]
pub extern "C" fn stskit_error_sts_code(err: *const stskit_error) -> StsErrorCode {
    boundary(|| unsafe { err.as_ref() }.map_or(StsErrorCode::Other, |e| e.sts_code))
}

/// STS's request id; "" if none. Borrowed from `err`.
#[no_mangle]
pub extern "C" fn stskit_error_request_id(err: *const stskit_error) -> *const c_char {
    boundary(|| unsafe { err.as_ref() }.map_or(c"".as_ptr(), |e| e.request_id.as_ptr()))
}

/// The HTTP status STS answered with; 0 if there was no HTTP response.
#[no_mangle]
pub extern "C" fn stskit_error_http_status(err: *const stskit_error) -> i32 {
    boundary(|| unsafe { err.as_ref() }.map_or(0, |e| e.http_status))
}

/// Whether the same call may succeed later (throttling, 5xx, network trouble). The client has
/// already retried per its retry settings.
#[no_mangle]
pub extern "C" fn stskit_error_is_retryable(err: *const stskit_error) -> bool {
    boundary(|| unsafe { err.as_ref() }.is_some_and(|e| e.retryable))
}

/// Frees an error. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_error_free(err: *mut stskit_error) {
    boundary(|| unsafe { free_handle(err) })
}
