//! `stskit_request`: a request of any of the 11 operations, filled member by member.

use super::boundary::{boundary, free_handle, into_handle, try_mut, try_str};
use super::status::StskitStatus;
use crate::error::Error;
use crate::model::{AnyRequest, Member, OperationId};

/// A request under construction. Single-owner: not to be used from two threads at once.
pub struct stskit_request {
    pub(crate) request: AnyRequest,
}

/// A new, empty request for `operation` (a `StskitOperation`); NULL if the number is unknown.
#[no_mangle]
pub extern "C" fn stskit_request_new(operation: i32) -> *mut stskit_request {
    boundary(|| match OperationId::from_i32(operation) {
        Some(op) => into_handle(stskit_request { request: AnyRequest::new(op) }),
        None => std::ptr::null_mut(),
    })
}

/// Frees a request; member values that are secrets are wiped. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_request_free(request: *mut stskit_request) {
    boundary(|| unsafe { free_handle(request) })
}

/// The request's `StskitOperation`; 0 for NULL.
#[no_mangle]
pub extern "C" fn stskit_request_operation(request: *const stskit_request) -> i32 {
    boundary(|| unsafe { request.as_ref() }.map_or(0, |r| r.request.operation() as i32))
}

fn apply(
    request: *mut stskit_request,
    member: i32,
    f: impl FnOnce(&mut AnyRequest, Member) -> Result<(), Error>,
) -> StskitStatus {
    let r = try_mut!(request);
    let Some(member) = Member::from_i32(member) else { return StskitStatus::UnknownMember };
    match f(&mut r.request, member) {
        Ok(()) => StskitStatus::Ok,
        Err(_) => StskitStatus::UnknownMember,
    }
}

/// Sets a string member (a `StskitMember`), copying `value`. Values are checked against the
/// model's rules when the request is sent. Returns `STSKIT_STATUS_UNKNOWN_MEMBER` if the
/// operation has no such string member.
#[no_mangle]
pub extern "C" fn stskit_request_set_string(
    request: *mut stskit_request,
    member: i32,
    value: *const std::os::raw::c_char,
) -> StskitStatus {
    boundary(|| {
        let value = try_str!(value);
        apply(request, member, |r, m| r.set_string(m, value))
    })
}

/// Sets an integer member (`STSKIT_MEMBER_DURATION_SECONDS`).
#[no_mangle]
pub extern "C" fn stskit_request_set_int(request: *mut stskit_request, member: i32, value: i32) -> StskitStatus {
    boundary(|| apply(request, member, |r, m| r.set_int(m, value)))
}

/// Appends to a list of strings: `POLICY_ARNS` (a policy ARN), `TRANSITIVE_TAG_KEYS`, `AUDIENCE`.
#[no_mangle]
pub extern "C" fn stskit_request_add_string(
    request: *mut stskit_request,
    member: i32,
    value: *const std::os::raw::c_char,
) -> StskitStatus {
    boundary(|| {
        let value = try_str!(value);
        apply(request, member, |r, m| r.add_string(m, value))
    })
}

/// Appends a pair: `TAGS` (key, value) or `PROVIDED_CONTEXTS` (provider ARN, context assertion).
#[no_mangle]
pub extern "C" fn stskit_request_add_pair(
    request: *mut stskit_request,
    member: i32,
    first: *const std::os::raw::c_char,
    second: *const std::os::raw::c_char,
) -> StskitStatus {
    boundary(|| {
        let first = try_str!(first);
        let second = try_str!(second);
        apply(request, member, |r, m| r.add_pair(m, first, second))
    })
}

/// Makes a list member present and empty, sent as `Name=` (distinct from leaving it unset).
#[no_mangle]
pub extern "C" fn stskit_request_set_empty_list(request: *mut stskit_request, member: i32) -> StskitStatus {
    boundary(|| apply(request, member, |r, m| r.set_empty_list(m)))
}
