//! The panic boundary and pointer/string helpers every exported function uses.

use super::status::StskitStatus;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use zeroize::Zeroizing;

/// What a function returns when its body panicked.
pub trait PanicValue {
    fn panic_value() -> Self;
}

impl PanicValue for StskitStatus {
    fn panic_value() -> Self {
        StskitStatus::Panic
    }
}

impl<T> PanicValue for *const T {
    fn panic_value() -> Self {
        std::ptr::null()
    }
}

impl<T> PanicValue for *mut T {
    fn panic_value() -> Self {
        std::ptr::null_mut()
    }
}

macro_rules! zero_on_panic {
    ($($t:ty),*) => { $(impl PanicValue for $t { fn panic_value() -> Self { Default::default() } })* };
}
zero_on_panic!((), bool, i32, i64, u32, u64);

/// Runs an exported function's body; a panic becomes the return type's panic value instead of
/// unwinding into C (which would abort the host game).
pub fn boundary<T: PanicValue>(body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| T::panic_value())
}

/// `&T` from a pointer, or return `NullArgument`.
macro_rules! try_ref {
    ($p:expr) => {
        match unsafe { $p.as_ref() } {
            Some(r) => r,
            None => return $crate::ffi::status::StskitStatus::NullArgument,
        }
    };
}
pub(crate) use try_ref;

/// `&mut T` from a pointer, or return `NullArgument`.
macro_rules! try_mut {
    ($p:expr) => {
        match unsafe { $p.as_mut() } {
            Some(r) => r,
            None => return $crate::ffi::status::StskitStatus::NullArgument,
        }
    };
}
pub(crate) use try_mut;

/// `&str` from a NUL-terminated UTF-8 pointer, or return `NullArgument` / `InvalidUtf8`.
macro_rules! try_str {
    ($p:expr) => {
        match unsafe { $crate::ffi::boundary::str_arg($p) } {
            Ok(s) => s,
            Err(status) => return status,
        }
    };
}
pub(crate) use try_str;

/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid for the call.
pub unsafe fn str_arg<'a>(p: *const c_char) -> Result<&'a str, StskitStatus> {
    if p.is_null() {
        return Err(StskitStatus::NullArgument);
    }
    CStr::from_ptr(p).to_str().map_err(|_| StskitStatus::InvalidUtf8)
}

/// Like `str_arg`, but NULL means "absent".
///
/// # Safety
/// As for [`str_arg`].
pub unsafe fn opt_str_arg<'a>(p: *const c_char) -> Result<Option<&'a str>, StskitStatus> {
    if p.is_null() {
        Ok(None)
    } else {
        str_arg(p).map(Some)
    }
}

/// Writes `value` through `out` (already checked non-NULL).
pub fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: callers check `out` before doing any work.
    unsafe { out.write(value) }
}

/// A NUL-terminated copy of a string that C may borrow, wiped on drop (it may hold a secret).
/// An interior NUL, which no STS value contains, ends the C view of the string there.
#[derive(Clone)]
pub struct CText(Zeroizing<Vec<u8>>);

impl CText {
    pub fn new(s: &str) -> Self {
        let mut v = Vec::with_capacity(s.len() + 1);
        v.extend_from_slice(s.as_bytes());
        v.push(0);
        CText(Zeroizing::new(v))
    }

    pub fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }
}

/// Boxes a handle for C.
pub fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a handle made by `into_handle`; NULL is a no-op.
///
/// # Safety
/// `p` is NULL or came from `into_handle::<T>` and is not used afterwards.
pub unsafe fn free_handle<T>(p: *mut T) {
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

impl PanicValue for crate::error::StsErrorCode {
    fn panic_value() -> Self {
        crate::error::StsErrorCode::Other
    }
}
