//! `stskit_response`: the result of any operation, read member by member.

use super::boundary::{boundary, free_handle, try_ref, write_out, CText};
use super::credentials::stskit_credentials;
use super::status::StskitStatus;
use crate::model::{AnyResponse, OutputMember};
use std::os::raw::c_char;

/// A response. Single-owner. Every string and the credentials it hands out are borrowed from it
/// and valid until `stskit_response_free`, which wipes the secrets.
pub struct stskit_response {
    operation: i32,
    strings: Vec<(OutputMember, CText)>,
    packed_policy_size: Option<i32>,
    expiration_unix: Option<i64>,
    credentials: Option<stskit_credentials>,
    request_id: CText,
    http_status: i32,
    content_length: u64,
}

impl stskit_response {
    pub fn new(r: AnyResponse) -> Self {
        let meta = r.metadata();
        stskit_response {
            operation: r.operation() as i32,
            strings: r.strings().into_iter().map(|(m, v)| (m, CText::new(v))).collect(),
            packed_policy_size: r.packed_policy_size(),
            expiration_unix: r.expiration().map(|t| t.unix_timestamp()),
            credentials: r.credentials().map(stskit_credentials::new),
            request_id: CText::new(&meta.request_id),
            http_status: meta.http_status_code.into(),
            content_length: meta.content_length,
        }
    }
}

/// Frees a response, wiping the secrets it holds. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_response_free(response: *mut stskit_response) {
    boundary(|| unsafe { free_handle(response) })
}

/// The `StskitOperation` this response answers; 0 for NULL.
#[no_mangle]
pub extern "C" fn stskit_response_operation(response: *const stskit_response) -> i32 {
    boundary(|| unsafe { response.as_ref() }.map_or(0, |r| r.operation))
}

/// A string output member (a `StskitOutput`); NULL when this response does not have it.
/// Borrowed from `response`.
#[no_mangle]
pub extern "C" fn stskit_response_string(response: *const stskit_response, member: i32) -> *const c_char {
    boundary(|| {
        let Some(r) = (unsafe { response.as_ref() }) else { return std::ptr::null() };
        let member = OutputMember::from_i32(member);
        r.strings.iter().find(|(m, _)| Some(*m) == member).map_or(std::ptr::null(), |(_, v)| v.as_ptr())
    })
}

/// `PackedPolicySize` (`STSKIT_OUTPUT_PACKED_POLICY_SIZE`) into `*out`; `STSKIT_STATUS_NOT_PRESENT`
/// when absent, `STSKIT_STATUS_UNKNOWN_MEMBER` for other members.
#[no_mangle]
pub extern "C" fn stskit_response_int(response: *const stskit_response, member: i32, out: *mut i32) -> StskitStatus {
    boundary(|| {
        let r = try_ref!(response);
        if out.is_null() {
            return StskitStatus::NullArgument;
        }
        if OutputMember::from_i32(member) != Some(OutputMember::PackedPolicySize) {
            return StskitStatus::UnknownMember;
        }
        match r.packed_policy_size {
            Some(v) => {
                write_out(out, v);
                StskitStatus::Ok
            }
            None => StskitStatus::NotPresent,
        }
    })
}

/// `Expiration` of a GetWebIdentityToken response in Unix seconds into `*out`;
/// `STSKIT_STATUS_NOT_PRESENT` for other operations (use the credentials' expiration there).
#[no_mangle]
pub extern "C" fn stskit_response_expiration_unix(response: *const stskit_response, out: *mut i64) -> StskitStatus {
    boundary(|| {
        let r = try_ref!(response);
        if out.is_null() {
            return StskitStatus::NullArgument;
        }
        match r.expiration_unix {
            Some(v) => {
                write_out(out, v);
                StskitStatus::Ok
            }
            None => StskitStatus::NotPresent,
        }
    })
}

/// The credentials of operations that issue them; NULL otherwise. Borrowed from `response`.
#[no_mangle]
pub extern "C" fn stskit_response_credentials(response: *const stskit_response) -> *const stskit_credentials {
    boundary(|| {
        unsafe { response.as_ref() }.and_then(|r| r.credentials.as_ref()).map_or(std::ptr::null(), |c| c as *const _)
    })
}

/// The request id (`ResponseMetadata.RequestId`). Borrowed; "" for NULL.
#[no_mangle]
pub extern "C" fn stskit_response_request_id(response: *const stskit_response) -> *const c_char {
    boundary(|| unsafe { response.as_ref() }.map_or(c"".as_ptr(), |r| r.request_id.as_ptr()))
}

/// The HTTP status code (200 for a success); 0 for NULL.
#[no_mangle]
pub extern "C" fn stskit_response_http_status(response: *const stskit_response) -> i32 {
    boundary(|| unsafe { response.as_ref() }.map_or(0, |r| r.http_status))
}

/// The response body's length in bytes; 0 for NULL.
#[no_mangle]
pub extern "C" fn stskit_response_content_length(response: *const stskit_response) -> u64 {
    boundary(|| unsafe { response.as_ref() }.map_or(0, |r| r.content_length))
}
