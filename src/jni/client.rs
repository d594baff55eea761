//! `StsClient`'s native methods. The handle is a `Box<Client>`; `Client` is an `Arc` inside and
//! safe to call from many threads at once. Calls block; Kotlin keeps them off the main thread.

use super::{
    config, free_handle, handle_ref, into_handle, request, response, set_string_at, string_at, JResult,
    ThrowStsException,
};
use crate::provider::CredentialsProvider;
use crate::{Client, Error, PresignOptions};
use jni::objects::{JByteArray, JClass, JIntArray, JLongArray, JObject, JObjectArray, JString};
use jni::sys::{jint, jlong};
use jni::EnvUnowned;
use std::time::Duration;

const WHAT: &str = "StsClient";

/// Builds a client from the encoded settings (see `config.rs`); returns its handle.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientNew<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    strings: JObjectArray<'l, JString<'l>>,
    longs: JLongArray<'l>,
    pem: JByteArray<'l>,
    logger: JObject<'l>,
    provider: jlong,
) -> jlong {
    env.with_env(|env| -> JResult<jlong> {
        let provider = match provider {
            0 => None,
            h => Some(unsafe { handle_ref::<CredentialsProvider>(h, "CredentialsProvider") }?),
        };
        let client = config::builder(env, &strings, &longs, &pem, &logger, provider)?.build()?;
        Ok(into_handle(client))
    })
    .resolve::<ThrowStsException>()
}

/// Frees a client handle (0 is a no-op). Kotlin calls it once, after the last call returned.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientFree<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    env.with_env(|_env| -> JResult<()> {
        unsafe { free_handle::<Client>(handle) };
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

/// Sends one request (encoded as in `request.rs`) and fills the response arrays (`response.rs`).
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientSend<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    operation: jint,
    codes: JIntArray<'l>,
    strings: JObjectArray<'l, JString<'l>>,
    out_strings: JObjectArray<'l, JString<'l>>,
    out_longs: JLongArray<'l>,
) {
    env.with_env(|env| -> JResult<()> {
        let client = unsafe { handle_ref::<Client>(handle, WHAT) }?;
        let request = request::decode(env, operation, &codes, &strings)?;
        let resp = client.send_any(&request)?;
        response::write(env, &resp, &out_strings, &out_longs)
    })
    .resolve::<ThrowStsException>()
}

/// Presigns GetCallerIdentity. `headers` holds (name, value) pairs; `out_strings` receives the
/// URL then the (name, value) pairs to send with it; `out_longs[0]` the expiry in epoch ms.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientPresign<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    expires_secs: jint,
    headers: JObjectArray<'l, JString<'l>>,
    out_strings: JObjectArray<'l, JString<'l>>,
    out_longs: JLongArray<'l>,
) {
    env.with_env(|env| -> JResult<()> {
        let client = unsafe { handle_ref::<Client>(handle, WHAT) }?;
        let expires =
            u64::try_from(expires_secs).map_err(|_| Error::invalid_argument("expires_in: must be positive"))?;
        let mut signed_headers = Vec::new();
        for i in 0..headers.len(env)? / 2 {
            let name = string_at(env, &headers, 2 * i)?.unwrap_or_default();
            let value = string_at(env, &headers, 2 * i + 1)?.unwrap_or_default();
            signed_headers.push((name.as_str().to_owned(), value.as_str().to_owned()));
        }
        let options = PresignOptions { expires_in: Duration::from_secs(expires), signed_headers };
        let p = client.presign_get_caller_identity(&options)?;
        if out_strings.len(env)? < 1 + 2 * p.headers.len() {
            return Err(Error::invalid_argument("presign output array too short").into());
        }
        set_string_at(env, &out_strings, 0, Some(&p.url))?;
        for (i, (name, value)) in p.headers.iter().enumerate() {
            set_string_at(env, &out_strings, 1 + 2 * i, Some(name))?;
            set_string_at(env, &out_strings, 2 + 2 * i, Some(value))?;
        }
        out_longs.set_region(env, 0, &[response::epoch_millis(p.expires_at)])?;
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

/// Shuts the client down: calls in flight return `Cancelled`, later calls fail at once.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientShutdown<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    env.with_env(|_env| -> JResult<()> {
        unsafe { handle_ref::<Client>(handle, WHAT) }?.shutdown();
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

/// The clock offset in seconds the client learned from STS (0 until a skew was seen).
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientClockOffsetSeconds<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> jlong {
    env.with_env(|_env| -> JResult<jlong> {
        let client = unsafe { handle_ref::<Client>(handle, WHAT) }?;
        Ok(client.clock_offset().whole_seconds())
    })
    .resolve::<ThrowStsException>()
}

/// The endpoint URL requests go to.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_clientEndpointUrl<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> JString<'l> {
    env.with_env(|env| -> JResult<JString<'l>> {
        let client = unsafe { handle_ref::<Client>(handle, WHAT) }?;
        Ok(JString::from_str(env, client.endpoint_url())?)
    })
    .resolve::<ThrowStsException>()
}
