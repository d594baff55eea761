//! Client settings cross as arrays (StsClientConfig.kt writes the same layout); negative numbers
//! and null strings keep the core's defaults, everything else is checked by the core's builder.
//!
//! `strings`: region, endpoint URL, access key id, secret access key, session token, proxy URL.
//!
//! `longs`: flags (1 FIPS, 2 dual-stack, 4 global endpoint, 8 allow insecure HTTP), connect,
//! read and attempt timeouts in ms, max attempts, retry mode (0 standard, 1 standard-2026),
//! backoff scale (`Double.toRawBits`, NaN = default), proxy mode (0 environment, 1 disabled,
//! 2 URL), max response bytes, device clock offset in seconds, log level (0 = no logging).

use super::callback::KotlinObject;
use super::{string_at, JResult};
use crate::clock::OffsetClock;
use crate::log::{LogLevel, Logger};
use crate::provider::CredentialsProvider;
use crate::{ClientBuilder, Credentials, Error, ProxyConfig, RetryConfig, RetryMode, SecretString};
use jni::objects::{JByteArray, JLongArray, JObject, JObjectArray, JString};
use jni::Env;
use std::sync::Arc;
use std::time::Duration;

const LONGS_LEN: usize = 11;

fn millis(v: i64) -> Option<Duration> {
    (v >= 0).then(|| Duration::from_millis(v as u64))
}

fn log_level(n: i64) -> Option<LogLevel> {
    match n {
        1 => Some(LogLevel::Error),
        2 => Some(LogLevel::Warn),
        3 => Some(LogLevel::Info),
        4 => Some(LogLevel::Debug),
        _ => None,
    }
}

/// The builder described by the arrays. `provider` (if any) becomes the credentials source.
pub(crate) fn builder(
    env: &mut Env<'_>,
    strings: &JObjectArray<'_, JString<'_>>,
    longs: &JLongArray<'_>,
    pem: &JByteArray<'_>,
    logger: &JObject<'_>,
    provider: Option<&CredentialsProvider>,
) -> JResult<ClientBuilder> {
    let s = |env: &mut Env<'_>, i| string_at(env, strings, i);
    let mut n = [0i64; LONGS_LEN];
    if longs.len(env)? != LONGS_LEN || strings.len(env)? != 6 {
        return Err(Error::invalid_argument("malformed client configuration encoding").into());
    }
    longs.get_region(env, 0, &mut n)?;
    let mut b = ClientBuilder::new()
        .use_fips(n[0] & 1 != 0)
        .use_dual_stack(n[0] & 2 != 0)
        .use_global_endpoint(n[0] & 4 != 0)
        .allow_insecure_http(n[0] & 8 != 0);
    if let Some(region) = s(env, 0)? {
        b = b.region(region.as_str());
    }
    if let Some(url) = s(env, 1)? {
        b = b.endpoint_url(url.as_str());
    }
    if let (Some(id), Some(secret)) = (s(env, 2)?, s(env, 3)?) {
        let token = s(env, 4)?.map(|t| SecretString::new(t.as_str()));
        b = b.credentials(Credentials::new(id.as_str(), SecretString::new(secret.as_str()), token));
    }
    if let Some(p) = provider {
        b = b.credentials_source(Arc::new(p.clone()));
    }
    if let Some(d) = millis(n[1]) {
        b = b.connect_timeout(d);
    }
    if let Some(d) = millis(n[2]) {
        b = b.read_timeout(d);
    }
    if let Some(d) = millis(n[3]) {
        b = b.attempt_timeout(d);
    }
    let mut retry = RetryConfig::default();
    if n[4] >= 0 {
        retry.max_attempts = u32::try_from(n[4]).unwrap_or(u32::MAX);
    }
    match n[5] {
        0 => retry.mode = RetryMode::Standard,
        1 => retry.mode = RetryMode::Standard2026,
        _ => {}
    }
    let scale = f64::from_bits(n[6] as u64);
    if !scale.is_nan() {
        retry.backoff_scale = scale;
    }
    b = b.retry(retry);
    match n[7] {
        1 => b = b.proxy(ProxyConfig::Disabled),
        2 => {
            let url = s(env, 5)?.ok_or_else(|| Error::configuration("proxy mode URL needs a proxy URL"))?;
            b = b.proxy(ProxyConfig::Url(url.as_str().to_owned()));
        }
        _ => {}
    }
    if n[8] >= 0 {
        b = b.max_response_bytes(n[8] as u64);
    }
    if n[9] != 0 {
        b = b.clock(Arc::new(OffsetClock(time::Duration::seconds(n[9]))));
    }
    if !pem.is_null() {
        b = b.add_root_certificates_pem(&env.convert_byte_array(pem)?);
    }
    if let (Some(level), false) = (log_level(n[10]), logger.is_null()) {
        let sink = KotlinObject::new(env, logger)?;
        b = b.logger(Logger::new(level, move |l, msg| sink.log(l as i32, msg)));
    }
    Ok(b)
}
