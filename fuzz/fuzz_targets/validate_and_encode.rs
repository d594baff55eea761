//! Request building, validation and AWS Query encoding of every operation.
//!
//! Input: the operation, then commands (`set_string`, `set_int`, `add_string`, `add_pair`,
//! `set_empty_list` with any member id and fuzzed values). The request is validated and encoded
//! whatever the outcome of the validation (encoding must cope with anything). The same commands
//! also drive the C ABI's request handle. Properties: no panic; a member the operation lacks is
//! refused by both APIs alike; the body is `Action=…&Version=2011-06-15&…`, canonically
//! percent-encoded, with unique keys that decode to UTF-8; every string set on a member is
//! found, decoded, in the body; validation and encoding are deterministic.
#![no_main]

mod common;

use common::{is_canonically_encoded, percent_decode, Input};
use libfuzzer_sys::fuzz_target;
use std::collections::{HashMap, HashSet};
use std::ffi::CString;
use stskit::ffi::request::*;
use stskit::ffi::status::StskitStatus;
use stskit::model::*;
use stskit::QueryWriter;

/// Every input member id, and a few that name nothing.
const MEMBER_IDS: [i32; 28] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 30, 31, 32, 33, 34, 0, 20, 29, -1,
];

fn validate_and_write<O: Operation>(r: &O) -> (Result<(), String>, String) {
    let v = r.validate().map_err(|e| {
        assert_eq!(e.kind(), stskit::ErrorKind::InvalidArgument, "validation failed with {e}");
        assert!(!e.message().is_empty());
        e.to_string()
    });
    let mut w = QueryWriter::new(O::ACTION);
    r.write(&mut w);
    let body = w.as_str().to_owned();
    assert!(
        body.starts_with(&format!("Action={}&Version=2011-06-15", O::ACTION)),
        "body does not start with Action and Version: {body}"
    );
    (v, body)
}

fn run(req: &AnyRequest) -> (Result<(), String>, String) {
    use AnyRequest as R;
    match req {
        R::AssumeRole(r) => validate_and_write(r),
        R::AssumeRoleWithSaml(r) => validate_and_write(r),
        R::AssumeRoleWithWebIdentity(r) => validate_and_write(r),
        R::AssumeRoot(r) => validate_and_write(r),
        R::DecodeAuthorizationMessage(r) => validate_and_write(r),
        R::GetAccessKeyInfo(r) => validate_and_write(r),
        R::GetCallerIdentity(r) => validate_and_write(r),
        R::GetDelegatedAccessToken(r) => validate_and_write(r),
        R::GetFederationToken(r) => validate_and_write(r),
        R::GetSessionToken(r) => validate_and_write(r),
        R::GetWebIdentityToken(r) => validate_and_write(r),
    }
}

/// The C string a C caller would pass for `raw` (cut at the first NUL; may be invalid UTF-8).
fn c(raw: &[u8]) -> CString {
    CString::new(raw.split(|b| *b == 0).next().unwrap_or(&[])).unwrap()
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let op_id = i32::from(input.u8() % 11) + 1;
    let op = OperationId::from_i32(op_id).unwrap();
    let mut req = AnyRequest::new(op);
    let handle = stskit_request_new(op_id);
    assert!(!handle.is_null());
    // What the body must carry: the last value of each scalar, every item of each list.
    let mut scalars: HashMap<i32, String> = HashMap::new();
    let mut lists: HashMap<i32, Vec<String>> = HashMap::new();

    for _ in 0..32 {
        if input.is_empty() {
            break;
        }
        let cmd = input.u8() % 5;
        let member_id = MEMBER_IDS[usize::from(input.u8()) % MEMBER_IDS.len()];
        let member = Member::from_i32(member_id);
        let (rust_ok, c_status, c_utf8) = match cmd {
            0 => {
                let raw = input.raw();
                let v = String::from_utf8_lossy(raw).into_owned();
                let ok = member.is_some_and(|m| req.set_string(m, &v).is_ok());
                if ok {
                    scalars.insert(member_id, v);
                }
                let cv = c(raw);
                (ok, stskit_request_set_string(handle, member_id, cv.as_ptr()), std::str::from_utf8(cv.as_bytes()).is_ok())
            }
            1 => {
                let n = input.u32() as i32;
                let ok = member.is_some_and(|m| req.set_int(m, n).is_ok());
                if ok {
                    scalars.insert(member_id, n.to_string());
                }
                (ok, stskit_request_set_int(handle, member_id, n), true)
            }
            2 => {
                let raw = input.raw();
                let v = String::from_utf8_lossy(raw).into_owned();
                let ok = member.is_some_and(|m| req.add_string(m, &v).is_ok());
                if ok {
                    lists.entry(member_id).or_default().push(v);
                }
                let cv = c(raw);
                (ok, stskit_request_add_string(handle, member_id, cv.as_ptr()), std::str::from_utf8(cv.as_bytes()).is_ok())
            }
            3 => {
                let (ra, rb) = (input.raw(), input.raw());
                let (a, b) = (String::from_utf8_lossy(ra).into_owned(), String::from_utf8_lossy(rb).into_owned());
                let ok = member.is_some_and(|m| req.add_pair(m, &a, &b).is_ok());
                if ok {
                    lists.entry(member_id).or_default().extend([a, b]);
                }
                let (ca, cb) = (c(ra), c(rb));
                let utf8 = std::str::from_utf8(ca.as_bytes()).is_ok() && std::str::from_utf8(cb.as_bytes()).is_ok();
                (ok, stskit_request_add_pair(handle, member_id, ca.as_ptr(), cb.as_ptr()), utf8)
            }
            _ => {
                let ok = member.is_some_and(|m| req.set_empty_list(m).is_ok());
                if ok {
                    lists.insert(member_id, Vec::new());
                }
                (ok, stskit_request_set_empty_list(handle, member_id), true)
            }
        };
        if !c_utf8 {
            assert_eq!(c_status, StskitStatus::InvalidUtf8, "invalid UTF-8 from C must be refused");
        } else {
            // The C ABI accepts exactly what the Rust API accepts.
            assert_eq!(rust_ok, c_status == StskitStatus::Ok, "cmd {cmd} member {member_id}: C says {c_status:?}");
            if !rust_ok {
                assert_eq!(c_status, StskitStatus::UnknownMember);
            }
        }
    }
    assert_eq!(stskit_request_operation(handle), op_id);
    unsafe { stskit_request_free(handle) };

    let (valid, body) = run(&req);
    // Deterministic.
    assert_eq!(run(&req), (valid.clone(), body.clone()));

    // Canonically encoded, unique keys, values decode to UTF-8.
    let mut keys = HashSet::new();
    let mut values: Vec<String> = Vec::new();
    for pair in body.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or_else(|| panic!("pair without '=': {pair:?}"));
        assert!(is_canonically_encoded(k, b"") && is_canonically_encoded(v, b""), "not canonical: {pair:?}");
        let k = String::from_utf8(percent_decode(k).unwrap()).expect("key decodes to UTF-8");
        let v = String::from_utf8(percent_decode(v).unwrap()).expect("value decodes to UTF-8");
        assert!(keys.insert(k.clone()), "key {k:?} appears twice in {body}");
        values.push(v);
    }
    for v in scalars.values().chain(lists.values().flatten()) {
        assert!(values.iter().any(|x| x == v), "value {v:?} is missing from {body}");
    }
});
