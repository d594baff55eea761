//! Responses cross as two arrays that Kotlin allocates and the glue fills (Responses.kt reads
//! the same layout):
//!
//! `strings` (length [`STRINGS_LEN`]): index `StskitOutput` number (1..=18) for every string
//! output member present, then [`ACCESS_KEY_ID`], [`SECRET_ACCESS_KEY`], [`SESSION_TOKEN`] and
//! [`REQUEST_ID`]; absent values are null.
//!
//! `longs` (length [`LONGS_LEN`]): HTTP status, content length, `PackedPolicySize`,
//! GetWebIdentityToken's `Expiration` and the credentials' expiration (epoch milliseconds), and
//! whether credentials are present; [`ABSENT`] marks an absent number.

use super::{set_string_at, JResult};
use crate::credentials::Credentials;
use crate::model::{AnyResponse, OutputMember};
use jni::objects::{JLongArray, JObjectArray, JString};
use jni::sys::jlong;
use jni::Env;
use time::OffsetDateTime;

pub(crate) const ACCESS_KEY_ID: usize = 19;
pub(crate) const SECRET_ACCESS_KEY: usize = 20;
pub(crate) const SESSION_TOKEN: usize = 21;
pub(crate) const REQUEST_ID: usize = 22;
pub(crate) const STRINGS_LEN: usize = 23;
pub(crate) const LONGS_LEN: usize = 6;
/// Marks an absent number in `longs`.
pub(crate) const ABSENT: jlong = jlong::MIN;

pub(crate) fn epoch_millis(t: OffsetDateTime) -> jlong {
    (t.unix_timestamp_nanos() / 1_000_000) as jlong
}

/// Writes access key id, secret, token at `strings[first..first + 3]`; returns the expiration.
pub(crate) fn write_credentials(
    env: &mut Env<'_>,
    c: &Credentials,
    strings: &JObjectArray<'_, JString<'_>>,
    first: usize,
) -> JResult<jlong> {
    set_string_at(env, strings, first, Some(c.access_key_id()))?;
    set_string_at(env, strings, first + 1, Some(c.secret_access_key().expose()))?;
    set_string_at(env, strings, first + 2, c.session_token().map(|t| t.expose()))?;
    Ok(c.expiration().map_or(ABSENT, epoch_millis))
}

/// Fills the two arrays from `resp`.
pub(crate) fn write(
    env: &mut Env<'_>,
    resp: &AnyResponse,
    strings: &JObjectArray<'_, JString<'_>>,
    longs: &JLongArray<'_>,
) -> JResult<()> {
    if strings.len(env)? < STRINGS_LEN || longs.len(env)? < LONGS_LEN {
        return Err(crate::Error::invalid_argument("response arrays too short").into());
    }
    for (member, value) in resp.strings() {
        debug_assert!((member as usize) < ACCESS_KEY_ID && member != OutputMember::PackedPolicySize);
        set_string_at(env, strings, member as usize, Some(value))?;
    }
    debug_assert_eq!((SECRET_ACCESS_KEY, SESSION_TOKEN), (ACCESS_KEY_ID + 1, ACCESS_KEY_ID + 2));
    let creds_expiration = match resp.credentials() {
        Some(c) => write_credentials(env, c, strings, ACCESS_KEY_ID)?,
        None => ABSENT,
    };
    let meta = resp.metadata();
    set_string_at(env, strings, REQUEST_ID, Some(&meta.request_id))?;
    let numbers: [jlong; LONGS_LEN] = [
        jlong::from(meta.http_status_code),
        meta.content_length as jlong,
        resp.packed_policy_size().map_or(ABSENT, jlong::from),
        resp.expiration().map_or(ABSENT, epoch_millis),
        creds_expiration,
        jlong::from(resp.credentials().is_some()),
    ];
    longs.set_region(env, 0, &numbers)?;
    Ok(())
}
