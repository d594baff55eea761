//! `stskit_client_config`: the settings a client is built from. Single-owner; not thread-safe.

use super::boundary::{boundary, free_handle, into_handle, opt_str_arg, try_mut, try_str};
use super::status::StskitStatus;
use crate::clock::OffsetClock;
use crate::log::{LogLevel, Logger};
use crate::{ClientBuilder, Credentials, ProxyConfig, RetryMode, SecretString};
use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::sync::Arc;
use std::time::Duration;

/// Client settings. Create with `stskit_client_config_new`, free with `stskit_client_config_free`.
pub struct stskit_client_config {
    pub(crate) builder: ClientBuilder,
}

/// Receives log lines: `level` is a `StskitLogLevel`, `message` is valid only during the call.
/// Called on the thread making the STS call; must not call back into the same client.
pub type stskit_log_callback = Option<unsafe extern "C" fn(user_data: *mut c_void, level: i32, message: *const c_char)>;

/// Proxy selection for `stskit_client_config_set_proxy`.
#[repr(i32)]
pub enum StskitProxyMode {
    /// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment (the default).
    FromEnv = 0,
    /// Never use a proxy.
    Disabled = 1,
    /// Use the given URL.
    Url = 2,
}

/// Retry parameter sets for `stskit_client_config_set_retry`.
#[repr(i32)]
pub enum StskitRetryMode {
    /// The SDKs' standard mode before 2026 (backoff base 1 s, retry cost 5).
    Standard = 0,
    /// The 2026 standard mode, the default (base 50 ms, 1 s for throttling; retry cost 14).
    Standard2026 = 1,
}

/// New settings with defaults: no region, regional endpoints, no credentials, 5 s connect,
/// 10 s read and 30 s attempt timeouts, 3 attempts, proxy from the environment, 1 MiB limit.
#[no_mangle]
pub extern "C" fn stskit_client_config_new() -> *mut stskit_client_config {
    boundary(|| into_handle(stskit_client_config { builder: ClientBuilder::new() }))
}

/// Frees settings. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_client_config_free(config: *mut stskit_client_config) {
    boundary(|| unsafe { free_handle(config) })
}

fn update(config: *mut stskit_client_config, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> StskitStatus {
    let c = try_mut!(config);
    c.builder = f(std::mem::take(&mut c.builder));
    StskitStatus::Ok
}

/// The AWS region, e.g. "eu-west-1" (copied).
#[no_mangle]
pub extern "C" fn stskit_client_config_set_region(
    config: *mut stskit_client_config,
    region: *const c_char,
) -> StskitStatus {
    boundary(|| {
        let region = try_str!(region);
        update(config, |b| b.region(region))
    })
}

/// A custom endpoint URL, used verbatim including its path (copied). Plain http:// is refused
/// when the client is built unless the host is loopback or insecure HTTP is allowed.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_endpoint_url(
    config: *mut stskit_client_config,
    url: *const c_char,
) -> StskitStatus {
    boundary(|| {
        let url = try_str!(url);
        update(config, |b| b.endpoint_url(url))
    })
}

#[no_mangle]
pub extern "C" fn stskit_client_config_set_use_fips(config: *mut stskit_client_config, on: bool) -> StskitStatus {
    boundary(|| update(config, |b| b.use_fips(on)))
}

#[no_mangle]
pub extern "C" fn stskit_client_config_set_use_dual_stack(config: *mut stskit_client_config, on: bool) -> StskitStatus {
    boundary(|| update(config, |b| b.use_dual_stack(on)))
}

/// The legacy global endpoint sts.amazonaws.com for the 16 regions that had it (off by default).
#[no_mangle]
pub extern "C" fn stskit_client_config_set_use_global_endpoint(
    config: *mut stskit_client_config,
    on: bool,
) -> StskitStatus {
    boundary(|| update(config, |b| b.use_global_endpoint(on)))
}

/// Permit plain http:// to non-loopback hosts. Credentials then travel unencrypted.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_allow_insecure_http(
    config: *mut stskit_client_config,
    on: bool,
) -> StskitStatus {
    boundary(|| update(config, |b| b.allow_insecure_http(on)))
}

/// Credentials for signed operations (copied; the copies are wiped when freed). `session_token`
/// may be NULL for long-term keys.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_credentials(
    config: *mut stskit_client_config,
    access_key_id: *const c_char,
    secret_access_key: *const c_char,
    session_token: *const c_char,
) -> StskitStatus {
    boundary(|| {
        let id = try_str!(access_key_id);
        let secret = try_str!(secret_access_key);
        let token = match unsafe { opt_str_arg(session_token) } {
            Ok(t) => t,
            Err(s) => return s,
        };
        let creds = Credentials::new(id, SecretString::new(secret), token.map(SecretString::new));
        update(config, |b| b.credentials(creds))
    })
}

/// Timeouts in milliseconds: connecting, waiting for the response (and its body), and one whole
/// attempt. 0 keeps the current value.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_timeouts_ms(
    config: *mut stskit_client_config,
    connect_ms: u32,
    read_ms: u32,
    attempt_ms: u32,
) -> StskitStatus {
    boundary(|| {
        let ms = |v: u32| Duration::from_millis(v.into());
        update(config, |mut b| {
            if connect_ms > 0 {
                b = b.connect_timeout(ms(connect_ms));
            }
            if read_ms > 0 {
                b = b.read_timeout(ms(read_ms));
            }
            if attempt_ms > 0 {
                b = b.attempt_timeout(ms(attempt_ms));
            }
            b
        })
    })
}

/// Retries: `max_attempts` including the first (1 disables retries), `mode` a `StskitRetryMode`; `backoff_scale` multiplies every backoff delay
/// (1.0 normally; tests use small values).
#[no_mangle]
pub extern "C" fn stskit_client_config_set_retry(
    config: *mut stskit_client_config,
    max_attempts: u32,
    mode: i32,
    backoff_scale: f64,
) -> StskitStatus {
    boundary(|| {
        let mode = match mode {
            0 => RetryMode::Standard,
            1 => RetryMode::Standard2026,
            _ => return StskitStatus::InvalidArgument,
        };
        if max_attempts == 0 || !(0.0..=1000.0).contains(&backoff_scale) {
            return StskitStatus::InvalidArgument;
        }
        update(config, |b| {
            let retry = crate::RetryConfig { max_attempts, mode, backoff_scale, ..Default::default() };
            b.retry(retry)
        })
    })
}

/// Proxy: `mode` is a `StskitProxyMode`; `url` is required for `STSKIT_PROXY_MODE_URL` and
/// ignored otherwise.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_proxy(
    config: *mut stskit_client_config,
    mode: i32,
    url: *const c_char,
) -> StskitStatus {
    boundary(|| {
        let proxy = match mode {
            0 => ProxyConfig::FromEnv,
            1 => ProxyConfig::Disabled,
            2 => ProxyConfig::Url(try_str!(url).to_owned()),
            _ => return StskitStatus::InvalidArgument,
        };
        update(config, |b| b.proxy(proxy))
    })
}

/// Trusts the CA certificates in a PEM buffer in addition to the bundled roots. Invalid PEM is
/// reported by `stskit_client_new` (STSKIT_STATUS_CONFIGURATION).
#[no_mangle]
pub extern "C" fn stskit_client_config_add_root_certificates_pem(
    config: *mut stskit_client_config,
    pem: *const u8,
    len: usize,
) -> StskitStatus {
    boundary(|| {
        let bytes: &[u8] = match (pem.is_null(), len) {
            (true, 0) => &[], // NULL with length 0 is an empty buffer (and holds no certificate)
            (true, _) => return StskitStatus::NullArgument,
            // SAFETY: the caller passes `len` readable bytes at `pem`.
            (false, _) => unsafe { std::slice::from_raw_parts(pem, len) },
        };
        update(config, |b| b.add_root_certificates_pem(bytes))
    })
}

/// Largest accepted response body in bytes (default 1 MiB).
#[no_mangle]
pub extern "C" fn stskit_client_config_set_max_response_bytes(
    config: *mut stskit_client_config,
    max: u64,
) -> StskitStatus {
    boundary(|| update(config, |b| b.max_response_bytes(max)))
}

/// Pretends the device clock is off by `seconds` (testing how the client copes with a phone whose
/// clock is wrong; the skew correction learns the real offset from STS).
#[no_mangle]
pub extern "C" fn stskit_client_config_set_device_clock_offset(
    config: *mut stskit_client_config,
    seconds: i64,
) -> StskitStatus {
    boundary(|| update(config, |b| b.clock(Arc::new(OffsetClock(time::Duration::seconds(seconds))))))
}

struct CallbackTarget {
    callback: unsafe extern "C" fn(*mut c_void, i32, *const c_char),
    user_data: usize,
}

/// Installs a log callback receiving lines up to `max_level` (a `StskitLogLevel`). Messages never
/// contain secrets. `user_data` is passed back as is; it must stay valid while clients built from
/// this config live and be safe to use from any thread. A NULL callback removes logging.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_log_callback(
    config: *mut stskit_client_config,
    callback: stskit_log_callback,
    user_data: *mut c_void,
    max_level: i32,
) -> StskitStatus {
    boundary(|| {
        let level = match max_level {
            1 => LogLevel::Error,
            2 => LogLevel::Warn,
            3 => LogLevel::Info,
            4 => LogLevel::Debug,
            _ => return StskitStatus::InvalidArgument,
        };
        let c = try_mut!(config);
        c.builder.logger = callback.map(|callback| {
            let target = CallbackTarget { callback, user_data: user_data as usize };
            Logger::new(level, move |level, message| {
                let Ok(text) = CString::new(message) else { return };
                // SAFETY: the application promised the callback and user_data are valid.
                unsafe { (target.callback)(target.user_data as *mut c_void, level as i32, text.as_ptr()) }
            })
        });
        StskitStatus::Ok
    })
}

/// Signs with the credentials of `provider` (role chaining: e.g. a client for another account
/// that uses the credentials a provider keeps fresh). The config keeps a reference to the provider,
/// which may be freed afterwards; clients built from this config keep it alive.
#[no_mangle]
pub extern "C" fn stskit_client_config_set_credentials_provider(
    config: *mut stskit_client_config,
    provider: *const super::provider::stskit_provider,
) -> StskitStatus {
    boundary(|| {
        let provider = super::boundary::try_ref!(provider);
        let source: Arc<dyn crate::CredentialsSource> = Arc::new(provider.inner().clone());
        update(config, |b| b.credentials_source(source))
    })
}
