//! `CredentialsProvider`'s native methods. The handle is a `Box<CredentialsProvider>` (an `Arc`
//! inside; a background refresh keeps its own reference and finishes on its own after free).
//!
//! Credentials cross as `strings[0..3]` = access key id, secret access key, session token and
//! `longs[0]` = expiration in epoch ms (`Long.MIN_VALUE` if none).

use super::callback::KotlinObject;
use super::{free_handle, handle_ref, into_handle, opt_string, request, response, JResult, ThrowStsException};
use crate::error::{Error, ErrorKind};
use crate::model::AnyRequest;
use crate::provider::{
    CredentialsProvider, CredentialsSourceKind, RefreshCallback, RefreshPolicy, SecretCallback, TokenSource,
};
use crate::secret::SecretString;
use crate::Client;
use jni::objects::{JClass, JIntArray, JLongArray, JObject, JObjectArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::{Env, EnvUnowned};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const WHAT: &str = "CredentialsProvider";
/// `flags` bits of `providerNew`: which Kotlin callbacks exist.
const HAS_MFA: jint = 1;
const HAS_SECRET: jint = 2;
const HAS_LISTENER: jint = 4;
/// `ProviderCallbacks.secret(kind)`.
const SECRET_MFA: i32 = 1;
const SECRET_TOKEN: i32 = 2;

fn secret_callback(cb: &Arc<KotlinObject>, kind: i32, what: &'static str) -> SecretCallback {
    let cb = cb.clone();
    Arc::new(move || cb.secret(kind, what))
}

fn fixed(value: SecretString) -> SecretCallback {
    Arc::new(move || Ok(value.clone()))
}

/// The provider's STS call: the request's operation picks the source kind.
fn source(
    request: AnyRequest,
    token_file: Option<PathBuf>,
    cb: Option<&Arc<KotlinObject>>,
    flags: jint,
) -> JResult<CredentialsSourceKind> {
    let mfa = cb.filter(|_| flags & HAS_MFA != 0).map(|cb| secret_callback(cb, SECRET_MFA, "MFA token code"));
    let secret = |what| cb.filter(|_| flags & HAS_SECRET != 0).map(|cb| secret_callback(cb, SECRET_TOKEN, what));
    Ok(match request {
        AnyRequest::AssumeRole(request) => CredentialsSourceKind::AssumeRole { request, mfa },
        AnyRequest::GetSessionToken(request) => CredentialsSourceKind::SessionToken { request, mfa },
        AnyRequest::AssumeRoleWithWebIdentity(request) => {
            let token = match (token_file, secret("web identity token")) {
                (Some(path), _) => TokenSource::File(path),
                (None, Some(cb)) => TokenSource::Callback(cb),
                (None, None) => TokenSource::Callback(fixed(request.web_identity_token.clone())),
            };
            CredentialsSourceKind::WebIdentity { request, token }
        }
        AnyRequest::AssumeRoleWithSaml(request) => {
            let assertion = secret("SAML assertion").unwrap_or_else(|| fixed(request.saml_assertion.clone()));
            CredentialsSourceKind::Saml { request, assertion }
        }
        other => {
            return Err(Error::invalid_argument(format!(
                "a credentials provider repeats AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML or GetSessionToken, not {:?}",
                other.operation()
            ))
            .into())
        }
    })
}

fn policy(env: &mut Env<'_>, longs: &JLongArray<'_>) -> JResult<RefreshPolicy> {
    let mut n = [0i64; 4];
    longs.get_region(env, 0, &mut n)?;
    let mut p = RefreshPolicy::default();
    let slots = [&mut p.advisory_window, &mut p.mandatory_window, &mut p.min_backoff, &mut p.max_backoff];
    for (slot, v) in slots.into_iter().zip(n) {
        if v >= 0 {
            *slot = Duration::from_millis(v as u64);
        }
    }
    Ok(p)
}

/// Creates a provider refreshing through the client `client` with the encoded request.
/// `callbacks` is the Kotlin `ProviderCallbacks` (or null); `flags` says which of its callbacks
/// exist; `longs` holds advisory and mandatory windows and min and max backoff in ms (-1 = default).
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerNew<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    client: jlong,
    operation: jint,
    codes: JIntArray<'l>,
    strings: JObjectArray<'l, JString<'l>>,
    token_file: JString<'l>,
    callbacks: JObject<'l>,
    flags: jint,
    longs: JLongArray<'l>,
) -> jlong {
    env.with_env(|env| -> JResult<jlong> {
        let client = unsafe { handle_ref::<Client>(client, "StsClient") }?.clone();
        let request = request::decode(env, operation, &codes, &strings)?;
        let token_file = opt_string(env, &token_file)?.map(|p| PathBuf::from(p.as_str()));
        let cb = if callbacks.is_null() { None } else { Some(Arc::new(KotlinObject::new(env, &callbacks)?)) };
        let on_refresh: Option<RefreshCallback> = cb.clone().filter(|_| flags & HAS_LISTENER != 0).map(|cb| {
            let f: RefreshCallback = Arc::new(move |c| cb.refreshed(c));
            f
        });
        let source = source(request, token_file, cb.as_ref(), flags)?;
        let policy = policy(env, &longs)?;
        Ok(into_handle(CredentialsProvider::with_policy(client, source, policy, on_refresh)))
    })
    .resolve::<ThrowStsException>()
}

/// Frees a provider handle (0 is a no-op).
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerFree<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    env.with_env(|_env| -> JResult<()> {
        unsafe { free_handle::<CredentialsProvider>(handle) };
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

fn write(
    env: &mut Env<'_>,
    c: &crate::Credentials,
    strings: &JObjectArray<'_, JString<'_>>,
    longs: &JLongArray<'_>,
) -> JResult<()> {
    let expiration = response::write_credentials(env, c, strings, 0)?;
    longs.set_region(env, 0, &[expiration])?;
    Ok(())
}

/// Valid credentials, refreshing first when needed (blocks during that STS call).
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerGet<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    out_strings: JObjectArray<'l, JString<'l>>,
    out_longs: JLongArray<'l>,
) {
    env.with_env(|env| -> JResult<()> {
        let provider = unsafe { handle_ref::<CredentialsProvider>(handle, WHAT) }?;
        let creds = provider.credentials()?;
        write(env, &creds, &out_strings, &out_longs)
    })
    .resolve::<ThrowStsException>()
}

/// Never blocks on the network: `true` with the arrays filled, `false` while not ready, or the
/// last refresh's error as an exception.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerTryGet<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    out_strings: JObjectArray<'l, JString<'l>>,
    out_longs: JLongArray<'l>,
) -> jboolean {
    env.with_env(|env| -> JResult<jboolean> {
        let provider = unsafe { handle_ref::<CredentialsProvider>(handle, WHAT) }?;
        match provider.try_credentials() {
            Ok(creds) => write(env, &creds, &out_strings, &out_longs).map(|()| true),
            Err(e) if e.kind() == ErrorKind::NotReady => Ok(false),
            Err(e) => Err(e.into()),
        }
    })
    .resolve::<ThrowStsException>()
}

/// Forgets the cached credentials; the next read refreshes.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerInvalidate<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    env.with_env(|_env| -> JResult<()> {
        unsafe { handle_ref::<CredentialsProvider>(handle, WHAT) }?.invalidate();
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

/// Refresh attempts, refreshes and consecutive failures into `out_longs[0..3]`.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerStats<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
    out_longs: JLongArray<'l>,
) {
    env.with_env(|env| -> JResult<()> {
        let s = unsafe { handle_ref::<CredentialsProvider>(handle, WHAT) }?.stats();
        out_longs.set_region(
            env,
            0,
            &[s.refresh_attempts as jlong, s.refreshes as jlong, jlong::from(s.consecutive_failures)],
        )?;
        Ok(())
    })
    .resolve::<ThrowStsException>()
}

/// The last refresh's error as an (unthrown) `StsException`, or null if it succeeded.
#[no_mangle]
pub extern "system" fn Java_dev_stskit_internal_Native_providerLastError<'l>(
    mut env: EnvUnowned<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> JObject<'l> {
    env.with_env(|env| -> JResult<JObject<'l>> {
        let provider = unsafe { handle_ref::<CredentialsProvider>(handle, WHAT) }?;
        match provider.last_error() {
            Some(e) => Ok(super::error::new_exception(env, &e)?),
            None => Ok(JObject::null()),
        }
    })
    .resolve::<ThrowStsException>()
}
