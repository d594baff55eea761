//! JNI glue for the Kotlin wrapper (`bindings/kotlin`, package `dev.stskit`; cargo feature `jni`).
//!
//! Thin and boring, like the C ABI next door, but calling the core directly: no C shim, no JNA.
//! Every native method is a static method of the Kotlin `object dev.stskit.internal.Native`
//! (exported as `Java_dev_stskit_internal_Native_<name>`), and its body is one
//! `env.with_env(|env| ...).resolve::<ThrowStsException>()`: `with_env` runs the body inside
//! `catch_unwind`, and the policy turns a core error into the matching Kotlin `StsException`
//! subclass and a panic into `dev.stskit.InternalException`. A panic never unwinds into the JVM.
//!
//! Handles are `jlong`s holding `Box` pointers (`Client`, `CredentialsProvider`; both are cheap
//! `Arc` clones inside, safe to use from many threads). The Kotlin owner guarantees a handle is
//! not freed while a call on it is in flight (a call counter plus a closed flag, see
//! `NativeHandle.kt`); the glue still refuses a zero handle with `IllegalStateException`.
//!
//! Requests and responses cross as flat arrays, one JNI call per STS call:
//! - a request is its `StskitOperation` number, an `int[]` of (tag, `StskitMember`, int value)
//!   triples and a `String[]` of (first, second) string pairs, replayed onto an
//!   [`AnyRequest`](crate::model::AnyRequest) (see `request.rs`), so validation stays in Rust;
//! - a response is written into a `String[]` indexed by `StskitOutput` number (plus credential
//!   and metadata slots) and a `long[]` of numbers (see `response.rs`); Kotlin builds the data
//!   classes from them.
//!
//! Secrets coming from Kotlin are copied into zeroizing storage; they are never logged.

mod callback;
mod client;
mod config;
mod error;
mod provider;
mod request;
mod response;

use jni::objects::{JClass, JObjectArray, JString};
use jni::sys::{jint, jlong};
use jni::{Env, EnvUnowned};
use zeroize::Zeroizing;

pub(crate) use error::ThrowStsException;

/// Bumped on every incompatible change of the native methods' signatures or of the array
/// encodings. The Kotlin wrapper compares it with its own constant at load time.
pub const JNI_ABI_VERSION: jint = 1;

/// Why a native method failed; the error policy turns each into a Java exception.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An stskit error: thrown as the matching `dev.stskit.StsException` subclass.
    Sts(crate::Error),
    /// A JNI failure (`JavaException` means one is already pending and is left as is).
    Jni(jni::errors::Error),
    /// A zero handle: `IllegalStateException`.
    Closed(&'static str),
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Self {
        Failure::Jni(e)
    }
}

impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Self {
        Failure::Sts(e)
    }
}

pub(crate) type JResult<T> = std::result::Result<T, Failure>;

/// A new handle owning `value`.
pub(crate) fn into_handle<T>(value: T) -> jlong {
    Box::into_raw(Box::new(value)) as jlong
}

/// Borrows the value behind a handle.
///
/// # Safety
/// `handle` is 0 or came from [`into_handle::<T>`] and has not been freed; the Kotlin owner
/// frees it only after every call using it has returned.
pub(crate) unsafe fn handle_ref<'a, T>(handle: jlong, what: &'static str) -> JResult<&'a T> {
    if handle == 0 {
        return Err(Failure::Closed(what));
    }
    Ok(unsafe { &*(handle as *const T) })
}

/// Frees a handle; 0 is a no-op.
///
/// # Safety
/// As for [`handle_ref`]; the handle is not used again.
pub(crate) unsafe fn free_handle<T>(handle: jlong) {
    if handle != 0 {
        drop(unsafe { Box::from_raw(handle as *mut T) });
    }
}

/// A Java string as Rust (copied into zeroizing storage: it may be a secret); `None` for null.
pub(crate) fn opt_string(env: &Env<'_>, s: &JString<'_>) -> JResult<Option<Zeroizing<String>>> {
    if s.is_null() {
        return Ok(None);
    }
    Ok(Some(Zeroizing::new(s.try_to_string(env)?)))
}

/// Element `i` of a `String[]` (null elements are `None`).
pub(crate) fn string_at(
    env: &mut Env<'_>,
    array: &JObjectArray<'_, JString<'_>>,
    i: usize,
) -> JResult<Option<Zeroizing<String>>> {
    let s = array.get_element(env, i)?;
    let value = opt_string(env, &s);
    env.delete_local_ref(s);
    value
}

/// Stores `value` (or null) at `array[i]`.
pub(crate) fn set_string_at(
    env: &mut Env<'_>,
    array: &JObjectArray<'_, JString<'_>>,
    i: usize,
    value: Option<&str>,
) -> JResult<()> {
    match value {
        Some(v) => {
            let s = JString::from_str(env, v)?;
            array.set_element(env, i, &s)?;
            env.delete_local_ref(s);
        }
        None => array.set_element(env, i, JString::null())?,
    }
    Ok(())
}

/// The JNI ABI version; Kotlin refuses a library whose number differs from its own.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_abiVersion<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> jint {
    env.with_env(|_env| -> JResult<jint> { Ok(JNI_ABI_VERSION) }).resolve::<ThrowStsException>()
}

/// The library version, e.g. "0.1.0".
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_version<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
) -> JString<'l> {
    env.with_env(|env| -> JResult<JString<'l>> { Ok(JString::from_str(env, env!("CARGO_PKG_VERSION"))?) })
        .resolve::<ThrowStsException>()
}

/// Panics on purpose, so the tests can check a panic becomes a Java exception.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_panicForTest<'l>(mut env: EnvUnowned<'l>, _class: JClass<'l>) {
    env.with_env(|_env| -> JResult<()> { panic!("deliberate panic for the boundary test") })
        .resolve::<ThrowStsException>()
}
