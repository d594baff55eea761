//! `stskit_credentials`: a set of temporary credentials, borrowed from the handle that holds it.

use super::boundary::{boundary, CText};
use crate::Credentials;
use std::os::raw::c_char;
use time::format_description::well_known::Rfc3339;

/// Credentials as C sees them. Always borrowed from a response (or provider result) and valid
/// until that is freed; the secret key and session token are wiped then.
pub struct stskit_credentials {
    access_key_id: CText,
    secret_access_key: CText,
    session_token: Option<CText>,
    expiration_unix: i64,
    expiration_iso8601: CText,
}

impl stskit_credentials {
    pub fn new(c: &Credentials) -> Self {
        let exp = c.expiration();
        stskit_credentials {
            access_key_id: CText::new(c.access_key_id()),
            secret_access_key: CText::new(c.secret_access_key().expose()),
            session_token: c.session_token().map(|t| CText::new(t.expose())),
            expiration_unix: exp.map_or(0, |t| t.unix_timestamp()),
            expiration_iso8601: CText::new(&exp.and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()),
        }
    }
}

/// The access key id. Borrowed; NULL if `creds` is NULL.
#[no_mangle]
pub extern "C" fn stskit_credentials_access_key_id(creds: *const stskit_credentials) -> *const c_char {
    boundary(|| unsafe { creds.as_ref() }.map_or(std::ptr::null(), |c| c.access_key_id.as_ptr()))
}

/// The secret access key. Borrowed and wiped when the owner is freed: copy it only into memory
/// you wipe too.
#[no_mangle]
pub extern "C" fn stskit_credentials_secret_access_key(creds: *const stskit_credentials) -> *const c_char {
    boundary(|| unsafe { creds.as_ref() }.map_or(std::ptr::null(), |c| c.secret_access_key.as_ptr()))
}

/// The session token; NULL for long-term credentials. Borrowed and wiped like the secret key.
#[no_mangle]
pub extern "C" fn stskit_credentials_session_token(creds: *const stskit_credentials) -> *const c_char {
    boundary(|| {
        unsafe { creds.as_ref() }.and_then(|c| c.session_token.as_ref()).map_or(std::ptr::null(), CText::as_ptr)
    })
}

/// Expiry in seconds since the Unix epoch; 0 if the credentials do not expire.
#[no_mangle]
pub extern "C" fn stskit_credentials_expiration_unix(creds: *const stskit_credentials) -> i64 {
    boundary(|| unsafe { creds.as_ref() }.map_or(0, |c| c.expiration_unix))
}

/// Expiry as ISO-8601 UTC, e.g. "2026-08-11T10:15:02Z"; "" if none. Borrowed.
#[no_mangle]
pub extern "C" fn stskit_credentials_expiration_iso8601(creds: *const stskit_credentials) -> *const c_char {
    boundary(|| unsafe { creds.as_ref() }.map_or(c"".as_ptr(), |c| c.expiration_iso8601.as_ptr()))
}

/// Frees credentials returned by `stskit_provider_get` / `stskit_provider_try_get` (never those
/// borrowed from a response), wiping the secrets once no other holder remains. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_credentials_free(creds: *mut stskit_credentials) {
    boundary(|| {
        if !creds.is_null() {
            // SAFETY: provider credentials are handed out by Arc::into_raw.
            drop(unsafe { std::sync::Arc::from_raw(creds.cast_const()) });
        }
    })
}
