//! The C ABI. Thin and boring on purpose: every exported function runs inside
//! [`boundary::boundary`], checks its pointers, converts, and calls the core. The header
//! `include/stskit.h` is generated from these files by cbindgen.
//!
//! Conventions (see README "C ABI conventions"): `stskit_<noun>_<verb>`; the handle comes first;
//! inputs, then outputs; out-parameters are written only on success; `*err` only on failure;
//! `_free(NULL)` is a no-op; strings in are UTF-8, NUL-terminated, copied, never retained; strings
//! out are borrowed from the handle that returns them and valid until it is freed.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
// Exported functions check every pointer (NULL gives a status) before use; C callers cannot see
// `unsafe`, and marking them so would only move the same checks into every Rust caller.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod boundary;
pub mod client;
pub mod config;
pub mod credentials;
pub mod error;
pub mod presign;
pub mod provider;
pub mod request;
pub mod response;
pub mod status;
pub mod version;
