//! `stskit_provider`: self-refreshing credentials through the C ABI. Thread-safe like the client.

use super::boundary::{boundary, free_handle, into_handle, str_arg, try_mut, try_ref, write_out};
use super::client::stskit_client;
use super::credentials::stskit_credentials;
use super::error::{fail, stskit_error, with_error_detail};
use super::request::stskit_request;
use super::status::StskitStatus;
use crate::error::{Error, Result};
use crate::model::AnyRequest;
use crate::provider::{
    CredentialsProvider, CredentialsSourceKind, RefreshCallback, RefreshPolicy, SecretCallback, TokenSource,
};
use crate::{Credentials, SecretString};
use std::os::raw::{c_char, c_void};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zeroize::Zeroizing;

/// Supplies a secret at each refresh: writes up to `capacity` bytes of UTF-8 into `buffer` and
/// returns how many it wrote, or a negative number to fail the refresh. Called on the refreshing
/// thread (possibly a background thread); `buffer` is wiped afterwards.
pub type stskit_secret_callback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, buffer: *mut c_char, capacity: usize) -> i64>;

/// Told about new credentials after each successful refresh; `credentials` is borrowed for the
/// duration of the call. Called on the refreshing thread.
pub type stskit_refresh_callback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, credentials: *const stskit_credentials)>;

/// Large enough for the largest secret STS accepts (a 100,000-character SAML assertion).
const SECRET_CAPACITY: usize = 128 * 1024;

#[derive(Clone, Copy)]
struct CallbackTarget<F> {
    callback: F,
    user_data: usize,
}

type SecretFn = unsafe extern "C" fn(*mut c_void, *mut c_char, usize) -> i64;
type RefreshFn = unsafe extern "C" fn(*mut c_void, *const stskit_credentials);

/// Closes a provider's callbacks: `stskit_provider_free` takes the write side, so it waits for a
/// callback already running and no callback starts afterwards, while a refresh still in flight in
/// the background simply finishes without them. The application may then release `user_data`.
#[derive(Default)]
struct CallbackGate(std::sync::RwLock<bool>);

impl CallbackGate {
    /// Runs `f` unless the gate is closed.
    fn run<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        let closed = self.0.read().unwrap_or_else(|p| p.into_inner());
        if *closed {
            None
        } else {
            Some(f())
        }
    }

    fn close(&self) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = true;
    }
}

fn secret_callback(target: CallbackTarget<SecretFn>, what: &'static str, gate: Arc<CallbackGate>) -> SecretCallback {
    Arc::new(move || -> Result<SecretString> {
        let mut buf = Zeroizing::new(vec![0u8; SECRET_CAPACITY]);
        // SAFETY: the application promised a valid callback; the buffer has SECRET_CAPACITY bytes.
        let n = gate
            .run(|| unsafe {
                (target.callback)(target.user_data as *mut c_void, buf.as_mut_ptr().cast(), SECRET_CAPACITY)
            })
            .ok_or_else(|| Error::invalid_argument(format!("the {what} callback is gone: the provider was freed")))?;
        let n = usize::try_from(n)
            .ok()
            .filter(|n| *n <= SECRET_CAPACITY)
            .ok_or_else(|| Error::invalid_argument(format!("the {what} callback reported a failure")))?;
        let text = std::str::from_utf8(&buf[..n])
            .map_err(|_| Error::invalid_argument(format!("the {what} callback returned invalid UTF-8")))?;
        Ok(SecretString::new(text))
    })
}

fn refresh_callback(target: CallbackTarget<RefreshFn>, gate: Arc<CallbackGate>) -> RefreshCallback {
    Arc::new(move |creds: &Credentials| {
        let view = stskit_credentials::new(creds);
        // SAFETY: the application promised a valid callback and user_data.
        gate.run(|| unsafe { (target.callback)(target.user_data as *mut c_void, &view) });
    })
}

/// Settings of a provider: the request it repeats, windows, backoff, callbacks.
pub struct stskit_provider_config {
    request: AnyRequest,
    policy: RefreshPolicy,
    token_file: Option<String>,
    secret: Option<CallbackTarget<SecretFn>>,
    mfa: Option<CallbackTarget<SecretFn>>,
    on_refresh: Option<CallbackTarget<RefreshFn>>,
}

/// Settings for a provider that repeats `request` (copied) at each refresh. The request must be an
/// AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML or GetSessionToken request; NULL
/// otherwise. Defaults: refresh 5 minutes before expiry (advisory), block from 1 minute before,
/// back off 1 s doubling to 5 minutes after failures.
#[no_mangle]
pub extern "C" fn stskit_provider_config_new(request: *const stskit_request) -> *mut stskit_provider_config {
    boundary(|| {
        let Some(r) = (unsafe { request.as_ref() }) else { return std::ptr::null_mut() };
        match r.request {
            AnyRequest::AssumeRole(_)
            | AnyRequest::AssumeRoleWithWebIdentity(_)
            | AnyRequest::AssumeRoleWithSaml(_)
            | AnyRequest::GetSessionToken(_) => into_handle(stskit_provider_config {
                request: r.request.clone(),
                policy: RefreshPolicy::default(),
                token_file: None,
                secret: None,
                mfa: None,
                on_refresh: None,
            }),
            _ => std::ptr::null_mut(),
        }
    })
}

/// Frees provider settings. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_provider_config_free(config: *mut stskit_provider_config) {
    boundary(|| unsafe { free_handle(config) })
}

/// Refresh windows in seconds before expiry: from `advisory_secs` a refresh is attempted while the
/// old credentials are still served; from `mandatory_secs` callers wait for fresh ones.
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_windows(
    config: *mut stskit_provider_config,
    advisory_secs: u32,
    mandatory_secs: u32,
) -> StskitStatus {
    boundary(|| {
        let c = try_mut!(config);
        if mandatory_secs > advisory_secs {
            return StskitStatus::InvalidArgument;
        }
        c.policy.advisory_window = Duration::from_secs(advisory_secs.into());
        c.policy.mandatory_window = Duration::from_secs(mandatory_secs.into());
        StskitStatus::Ok
    })
}

/// Backoff after failed refreshes: starts at `min_ms`, doubles per failure, capped at `max_ms`.
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_backoff_ms(
    config: *mut stskit_provider_config,
    min_ms: u32,
    max_ms: u32,
) -> StskitStatus {
    boundary(|| {
        let c = try_mut!(config);
        if min_ms > max_ms {
            return StskitStatus::InvalidArgument;
        }
        c.policy.min_backoff = Duration::from_millis(min_ms.into());
        c.policy.max_backoff = Duration::from_millis(max_ms.into());
        StskitStatus::Ok
    })
}

/// AssumeRoleWithWebIdentity: read the token from this file at every refresh (copied path).
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_token_file(
    config: *mut stskit_provider_config,
    path: *const c_char,
) -> StskitStatus {
    boundary(|| {
        let path = match unsafe { str_arg(path) } {
            Ok(p) => p.to_owned(),
            Err(s) => return s,
        };
        let c = try_mut!(config);
        c.token_file = Some(path);
        StskitStatus::Ok
    })
}

/// AssumeRoleWithWebIdentity: the token; AssumeRoleWithSAML: the base64 assertion. Asked at every
/// refresh. `user_data` must stay valid while the provider lives.
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_secret_callback(
    config: *mut stskit_provider_config,
    callback: stskit_secret_callback,
    user_data: *mut c_void,
) -> StskitStatus {
    boundary(|| {
        let c = try_mut!(config);
        c.secret = callback.map(|callback| CallbackTarget { callback, user_data: user_data as usize });
        StskitStatus::Ok
    })
}

/// MFA: when the request has a SerialNumber, asked for a fresh 6-digit token code at each refresh.
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_mfa_callback(
    config: *mut stskit_provider_config,
    callback: stskit_secret_callback,
    user_data: *mut c_void,
) -> StskitStatus {
    boundary(|| {
        let c = try_mut!(config);
        c.mfa = callback.map(|callback| CallbackTarget { callback, user_data: user_data as usize });
        StskitStatus::Ok
    })
}

/// Called with the new credentials after each successful refresh.
#[no_mangle]
pub extern "C" fn stskit_provider_config_set_refresh_callback(
    config: *mut stskit_provider_config,
    callback: stskit_refresh_callback,
    user_data: *mut c_void,
) -> StskitStatus {
    boundary(|| {
        let c = try_mut!(config);
        c.on_refresh = callback.map(|callback| CallbackTarget { callback, user_data: user_data as usize });
        StskitStatus::Ok
    })
}

fn source(c: &stskit_provider_config, gate: &Arc<CallbackGate>) -> Result<CredentialsSourceKind> {
    let mfa = c.mfa.map(|t| secret_callback(t, "MFA", gate.clone()));
    let secret = c.secret.map(|t| secret_callback(t, "token", gate.clone()));
    let missing = |what: &str| Error::invalid_argument(format!("the provider needs {what}"));
    Ok(match &c.request {
        AnyRequest::AssumeRole(r) => CredentialsSourceKind::AssumeRole { request: r.clone(), mfa },
        AnyRequest::GetSessionToken(r) => CredentialsSourceKind::SessionToken { request: r.clone(), mfa },
        AnyRequest::AssumeRoleWithWebIdentity(r) => {
            let token = match (&c.token_file, secret) {
                (Some(path), _) => TokenSource::File(path.into()),
                (None, Some(cb)) => TokenSource::Callback(cb),
                (None, None) if !r.web_identity_token.is_empty() => {
                    let fixed = r.web_identity_token.clone();
                    TokenSource::Callback(Arc::new(move || Ok(fixed.clone())))
                }
                (None, None) => return Err(missing("a token file, a token callback or a token in the request")),
            };
            CredentialsSourceKind::WebIdentity { request: r.clone(), token }
        }
        AnyRequest::AssumeRoleWithSaml(r) => {
            let assertion = secret.ok_or_else(|| missing("an assertion callback"))?;
            CredentialsSourceKind::Saml { request: r.clone(), assertion }
        }
        _ => return Err(missing("a credential-issuing request")),
    })
}

/// Self-refreshing credentials. Thread-safe: call from any number of threads.
pub struct stskit_provider {
    provider: CredentialsProvider,
    /// The C view of the current credentials, rebuilt only when they change, so a cached read is
    /// a lock and a reference-count increment.
    view: Mutex<Option<CachedView>>,
    /// The provider's client, for its skew-corrected clock.
    client: crate::Client,
    /// The provider's advisory window: until then cached credentials are simply handed out.
    advisory_window: Duration,
    /// Closed by `stskit_provider_free`: no callback of this provider runs after that.
    gate: Arc<CallbackGate>,
}

struct CachedView {
    creds: Arc<Credentials>,
    view: Arc<stskit_credentials>,
    /// Wall-clock milliseconds (coarse clock) before which `try_get` may hand out `view` without
    /// asking the provider, and the client's clock offset then. Set only when the provider has just
    /// called the credentials fresh; it ends at the advisory window and at most
    /// [`FAST_PATH_MAX_MS`] later, so anything else (an invalidation elsewhere, a refresh by a chained
    /// client, a new clock offset) is seen within a second. In that state the provider itself would
    /// only return the same cached credentials.
    fast_until_ms: i64,
    clock_offset: time::Duration,
}

/// Longest the fast path of `try_get` goes without asking the provider.
const FAST_PATH_MAX_MS: i64 = 1000;

/// Wall-clock milliseconds since the epoch, from the coarse clock where there is one: a cached read
/// happens every frame and the precise clock costs more than the rest of the read here (the vDSO's
/// `CLOCK_REALTIME_COARSE` is a memory read; its few milliseconds of resolution are irrelevant
/// against windows of minutes). Wall time like the provider's own clock, so suspend is counted.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(clippy::useless_conversion)] // c_long is i32 on 32-bit Android
fn coarse_wall_ms() -> i64 {
    use std::os::raw::{c_int, c_long};
    #[repr(C)]
    struct Timespec {
        tv_sec: c_long,
        tv_nsec: c_long,
    }
    extern "C" {
        fn clock_gettime(clock: c_int, ts: *mut Timespec) -> c_int;
    }
    const CLOCK_REALTIME_COARSE: c_int = 5;
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    if unsafe { clock_gettime(CLOCK_REALTIME_COARSE, &mut ts) } != 0 {
        return i64::MAX; // no clock: never take the fast path
    }
    i64::from(ts.tv_sec) * 1000 + i64::from(ts.tv_nsec) / 1_000_000
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn coarse_wall_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(i64::MAX, |d| d.as_millis() as i64)
}

impl stskit_provider {
    pub(crate) fn inner(&self) -> &CredentialsProvider {
        &self.provider
    }

    fn view_of(&self, creds: Arc<Credentials>) -> Arc<stskit_credentials> {
        let mut v = self.view.lock().unwrap_or_else(|p| p.into_inner());
        let view = match &*v {
            Some(c) if Arc::ptr_eq(&c.creds, &creds) => c.view.clone(),
            _ => Arc::new(stskit_credentials::new(&creds)),
        };
        // How long these credentials stay fresh (outside the advisory window), by the client's clock.
        let now_ms = coarse_wall_ms();
        let clock_offset = self.client.clock_offset();
        let fresh_ms = match creds.expiration() {
            Some(exp) => ((exp - self.client.now()) - self.advisory_window)
                .whole_milliseconds()
                .clamp(0, FAST_PATH_MAX_MS as i128) as i64,
            None => FAST_PATH_MAX_MS,
        };
        let fast_until_ms = if fresh_ms > 0 { now_ms.saturating_add(fresh_ms) } else { i64::MIN };
        *v = Some(CachedView { creds, view: view.clone(), fast_until_ms, clock_offset });
        view
    }

    /// The cached view while it is certainly fresh: no clock but the coarse one, no provider lock.
    fn fast_view(&self) -> Option<Arc<stskit_credentials>> {
        let v = self.view.lock().unwrap_or_else(|p| p.into_inner());
        let c = v.as_ref()?;
        (coarse_wall_ms() < c.fast_until_ms && self.client.clock_offset() == c.clock_offset).then(|| c.view.clone())
    }

    fn hand_out(
        &self,
        result: Result<Arc<Credentials>>,
        out: *mut *mut stskit_credentials,
        err: *mut *mut stskit_error,
    ) -> StskitStatus {
        match result {
            Ok(c) => {
                write_out(out, Arc::into_raw(self.view_of(c)).cast_mut());
                StskitStatus::Ok
            }
            Err(e) => fail(err, &e),
        }
    }
}

/// Creates a provider that refreshes through `client` (which it keeps a reference to; the client
/// handle may be freed afterwards). Makes no STS call yet.
#[no_mangle]
pub extern "C" fn stskit_provider_new(
    client: *const stskit_client,
    config: *const stskit_provider_config,
    out: *mut *mut stskit_provider,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let client = try_ref!(client);
            let config = try_ref!(config);
            if out.is_null() {
                return StskitStatus::NullArgument;
            }
            let gate = Arc::new(CallbackGate::default());
            match source(config, &gate) {
                Ok(source) => {
                    let on_refresh = config.on_refresh.map(|t| refresh_callback(t, gate.clone()));
                    let provider = CredentialsProvider::with_policy(
                        client.client.clone(),
                        source,
                        config.policy.clone(),
                        on_refresh,
                    );
                    write_out(
                        out,
                        into_handle(stskit_provider {
                            provider,
                            view: Mutex::new(None),
                            client: client.client.clone(),
                            advisory_window: config.policy.advisory_window,
                            gate,
                        }),
                    );
                    StskitStatus::Ok
                }
                Err(e) => fail(err, &e),
            }
        })
    })
}

/// Frees a provider. No MFA, token, assertion or refresh callback of this provider starts after it
/// returns (it waits for one already running), so their `user_data` may be released then; a refresh
/// still in flight in the background finishes without them. A client that signs with this provider
/// (`stskit_client_config_set_credentials_provider`) keeps it, but without its callbacks. Must not be
/// called from inside one of the provider's own callbacks. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_provider_free(provider: *mut stskit_provider) {
    boundary(|| {
        if let Some(p) = unsafe { provider.as_ref() } {
            p.gate.close();
        }
        unsafe { free_handle(provider) }
    })
}

/// Valid credentials, refreshing first when needed (blocks during that STS call). On success
/// writes `*out`, which the caller frees with `stskit_credentials_free`. On failure the error
/// carries the refresh's STS code and request id.
#[no_mangle]
pub extern "C" fn stskit_provider_get(
    provider: *const stskit_provider,
    out: *mut *mut stskit_credentials,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let p = try_ref!(provider);
            if out.is_null() {
                return StskitStatus::NullArgument;
            }
            p.hand_out(p.provider.credentials(), out, err)
        })
    })
}

/// Never blocks on the network: cached valid credentials (`*out`, free with
/// `stskit_credentials_free`; while the credentials are unchanged every call hands out the same
/// pointer, so callers may compare pointers to detect a refresh), or `STSKIT_STATUS_NOT_READY` while a background refresh runs (this
/// call starts one if needed), or the last refresh's error while backing off. For per-frame use.
#[no_mangle]
pub extern "C" fn stskit_provider_try_get(
    provider: *const stskit_provider,
    out: *mut *mut stskit_credentials,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let p = try_ref!(provider);
            if out.is_null() {
                return StskitStatus::NullArgument;
            }
            if let Some(view) = p.fast_view() {
                write_out(out, Arc::into_raw(view).cast_mut());
                return StskitStatus::Ok;
            }
            p.hand_out(p.provider.try_credentials(), out, err)
        })
    })
}

/// Forgets the cached credentials (after a service rejected them); the next call refreshes.
#[no_mangle]
pub extern "C" fn stskit_provider_invalidate(provider: *const stskit_provider) -> StskitStatus {
    boundary(|| {
        let p = try_ref!(provider);
        if let Some(c) = p.view.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            c.fast_until_ms = i64::MIN;
        }
        p.provider.invalidate();
        StskitStatus::Ok
    })
}

/// The last refresh's error into `*out` (free with `stskit_error_free`), or
/// `STSKIT_STATUS_NOT_PRESENT` if the last refresh succeeded or none was attempted.
#[no_mangle]
pub extern "C" fn stskit_provider_last_error(
    provider: *const stskit_provider,
    out: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        let p = try_ref!(provider);
        if out.is_null() {
            return StskitStatus::NullArgument;
        }
        match p.provider.last_error() {
            Some(e) => {
                write_out(out, into_handle(stskit_error::from_error(&e)));
                StskitStatus::Ok
            }
            None => StskitStatus::NotPresent,
        }
    })
}

/// Refresh counters: STS calls made, and how many produced new credentials. Either pointer may be NULL.
#[no_mangle]
pub extern "C" fn stskit_provider_stats(
    provider: *const stskit_provider,
    refresh_attempts: *mut u64,
    refreshes: *mut u64,
) -> StskitStatus {
    boundary(|| {
        let s = try_ref!(provider).provider.stats();
        if !refresh_attempts.is_null() {
            write_out(refresh_attempts, s.refresh_attempts);
        }
        if !refreshes.is_null() {
            write_out(refreshes, s.refreshes);
        }
        StskitStatus::Ok
    })
}
