//! Presigned GetCallerIdentity URLs through the C ABI.

use super::boundary::{boundary, free_handle, into_handle, str_arg, try_ref, write_out, CText};
use super::client::stskit_client;
use super::error::{fail, stskit_error, with_error_detail};
use super::status::StskitStatus;
use crate::PresignOptions;
use std::os::raw::c_char;
use std::time::Duration;

/// A presigned URL. Single-owner; the URL is wiped when freed (it authorises an identity check).
pub struct stskit_presigned {
    url: CText,
    expires_at_unix: i64,
}

/// Presigns `GET …?Action=GetCallerIdentity` with the client's credentials. `expires_secs` is the
/// `X-Amz-Expires` value (1..=604800; STS honours at most 15 minutes). `header_names` and
/// `header_values` hold `header_count` extra headers bound into the signature (e.g.
/// "x-k8s-aws-id"); both may be NULL when `header_count` is 0.
#[no_mangle]
pub extern "C" fn stskit_client_presign_get_caller_identity(
    client: *const stskit_client,
    expires_secs: u32,
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    out: *mut *mut stskit_presigned,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let client = try_ref!(client);
            if out.is_null() || (header_count > 0 && (header_names.is_null() || header_values.is_null())) {
                return StskitStatus::NullArgument;
            }
            let mut signed_headers = Vec::with_capacity(header_count);
            for i in 0..header_count {
                // SAFETY: the caller passes arrays of `header_count` string pointers.
                let (name, value) = unsafe { (str_arg(*header_names.add(i)), str_arg(*header_values.add(i))) };
                match (name, value) {
                    (Ok(n), Ok(v)) => signed_headers.push((n.to_ascii_lowercase(), v.to_owned())),
                    (Err(s), _) | (_, Err(s)) => return s,
                }
            }
            let options = PresignOptions { expires_in: Duration::from_secs(expires_secs.into()), signed_headers };
            match client.client.presign_get_caller_identity(&options) {
                Ok(p) => {
                    let handle =
                        stskit_presigned { url: CText::new(&p.url), expires_at_unix: p.expires_at.unix_timestamp() };
                    write_out(out, into_handle(handle));
                    StskitStatus::Ok
                }
                Err(e) => fail(err, &e),
            }
        })
    })
}

/// The URL. Borrowed from `presigned`; "" for NULL.
#[no_mangle]
pub extern "C" fn stskit_presigned_url(presigned: *const stskit_presigned) -> *const c_char {
    boundary(|| unsafe { presigned.as_ref() }.map_or(c"".as_ptr(), |p| p.url.as_ptr()))
}

/// When STS stops accepting the URL, in Unix seconds (by the client's corrected clock).
#[no_mangle]
pub extern "C" fn stskit_presigned_expires_at_unix(presigned: *const stskit_presigned) -> i64 {
    boundary(|| unsafe { presigned.as_ref() }.map_or(0, |p| p.expires_at_unix))
}

/// Frees a presigned URL. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_presigned_free(presigned: *mut stskit_presigned) {
    boundary(|| unsafe { free_handle(presigned) })
}
