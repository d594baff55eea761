//! Versions: the ABI version wrappers check at load, and the library version string.

use super::boundary::boundary;
use std::os::raw::c_char;

/// Bumped on every incompatible change of the C ABI (signatures, enum numbers, ownership).
/// The header defines `STSKIT_ABI_VERSION` to the same value.
pub const STSKIT_ABI_VERSION: u32 = 1;

/// The ABI version of the loaded library. Wrappers compare it with the `STSKIT_ABI_VERSION` they
/// were built against and refuse a mismatch.
#[no_mangle]
pub extern "C" fn stskit_abi_version() -> u32 {
    boundary(|| STSKIT_ABI_VERSION)
}

/// The library version, e.g. "0.1.0". Static; never NULL.
#[no_mangle]
pub extern "C" fn stskit_version() -> *const c_char {
    boundary(|| concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast())
}
