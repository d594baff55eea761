//! Errors and panics become Java exceptions. The Kotlin side owns the exception hierarchy: the
//! glue calls `Native.newException(...)` (a plain static Kotlin method) with the error's status,
//! STS code, message, request id, HTTP status and retryable flag, and throws what it returns.

use super::Failure;
use crate::error::Error;
use jni::errors::ErrorPolicy;
use jni::objects::{JObject, JThrowable};
use jni::{jni_sig, jni_str, Env, JValue};

/// `StskitStatus` of a caught panic.
const STATUS_PANIC: i32 = 99;

/// The `dev.stskit.StsException` subclass for `err`, as a local reference (not thrown).
pub(crate) fn new_exception<'l>(env: &mut Env<'l>, err: &Error) -> jni::errors::Result<JObject<'l>> {
    let service = err.service_error();
    let sts_code = err.sts_code().map_or(0, |c| c as i32);
    new_exception_raw(
        env,
        err.kind() as i32,
        sts_code,
        service.map_or("", |s| s.code.as_str()),
        &err.to_string(),
        err.request_id(),
        err.http_status().map_or(0, i32::from),
        err.is_retryable(),
    )
}

#[allow(clippy::too_many_arguments)]
fn new_exception_raw<'l>(
    env: &mut Env<'l>,
    status: i32,
    sts_code: i32,
    code: &str,
    message: &str,
    request_id: Option<&str>,
    http_status: i32,
    retryable: bool,
) -> jni::errors::Result<JObject<'l>> {
    // A native method's FindClass uses the class loader of the class declaring the method, so
    // this also works on Android's app class loader.
    let class = env.find_class(jni_str!("dev/stskit/internal/Native"))?;
    let code = env.new_string(code)?;
    let message = env.new_string(message)?;
    let request_id = match request_id {
        Some(r) => env.new_string(r)?.into(),
        None => JObject::null(),
    };
    env.call_static_method(
        &class,
        jni_str!("newException"),
        jni_sig!("(IILjava/lang/String;Ljava/lang/String;Ljava/lang/String;IZ)Ljava/lang/Throwable;"),
        &[
            JValue::Int(status),
            JValue::Int(sts_code),
            JValue::from(&code),
            JValue::from(&message),
            JValue::from(&request_id),
            JValue::Int(http_status),
            JValue::Bool(retryable),
        ],
    )?
    .l()
}

fn throw_object(env: &mut Env<'_>, obj: JObject<'_>) -> jni::errors::Result<()> {
    let throwable = env.cast_local::<JThrowable>(obj)?;
    match env.throw(throwable) {
        Err(jni::errors::Error::JavaException) | Ok(()) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Throws a plain Java exception of `class` (fallback when the Kotlin factory is unusable).
fn throw_plain(env: &mut Env<'_>, class: &jni::strings::JNIStr, message: &str) {
    if env.exception_check() {
        return;
    }
    let msg = jni::strings::JNIString::new(message);
    let _ = env.throw_new(class, &msg);
}

/// Throws the exception for `failure`, unless one is already pending.
fn throw_failure(env: &mut Env<'_>, failure: Failure) {
    if env.exception_check() {
        return; // a Java exception (e.g. from a callback) is already on its way
    }
    match failure {
        Failure::Sts(err) => {
            let thrown = new_exception(env, &err).and_then(|ex| throw_object(env, ex));
            if thrown.is_err() {
                throw_plain(env, jni_str!("java/lang/RuntimeException"), &err.to_string());
            }
        }
        Failure::Closed(what) => {
            throw_plain(env, jni_str!("java/lang/IllegalStateException"), &format!("stskit: the {what} is closed"))
        }
        Failure::Jni(jni::errors::Error::JavaException) => {}
        Failure::Jni(e) => throw_plain(env, jni_str!("java/lang/RuntimeException"), &format!("stskit JNI error: {e}")),
    }
}

/// Throws a `dev.stskit.StsException` subclass for every failure, and
/// `dev.stskit.InternalException` (status PANIC) for a panic; returns the type's default.
#[derive(Debug, Default)]
pub(crate) struct ThrowStsException;

impl<T: Default> ErrorPolicy<T, Failure> for ThrowStsException {
    type Captures<'unowned_env_local: 'native_method, 'native_method> = ();

    fn on_error<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut Self::Captures<'unowned_env_local, 'native_method>,
        err: Failure,
    ) -> jni::errors::Result<T> {
        throw_failure(env, err);
        Ok(T::default())
    }

    fn on_panic<'unowned_env_local: 'native_method, 'native_method>(
        env: &mut Env<'unowned_env_local>,
        _cap: &mut Self::Captures<'unowned_env_local, 'native_method>,
        payload: Box<dyn std::any::Any + Send + 'static>,
    ) -> jni::errors::Result<T> {
        let what = match (payload.downcast_ref::<&'static str>(), payload.downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_owned(),
            (_, Some(s)) => s.clone(),
            _ => "non-string panic payload".to_owned(),
        };
        // Dropping an arbitrary payload may itself panic: leak it instead.
        std::mem::forget(payload);
        if env.exception_check() {
            return Ok(T::default());
        }
        let message = format!("internal error: stskit panicked: {what}");
        let thrown =
            new_exception_raw(env, STATUS_PANIC, 0, "", &message, None, 0, false).and_then(|ex| throw_object(env, ex));
        if thrown.is_err() {
            throw_plain(env, jni_str!("java/lang/RuntimeException"), &message);
        }
        Ok(T::default())
    }
}
