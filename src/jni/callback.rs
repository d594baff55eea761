//! Calls from Rust into Kotlin: secret callbacks (MFA code, web identity token, SAML assertion),
//! the refresh listener and the log listener. They may run on any thread (the caller's, or the
//! provider's background refresh thread), so each call attaches through `JavaVM::singleton()`
//! (a no-op on a thread that is already attached).
//!
//! The Kotlin adapters (`ProviderCallbacks`, `LogAdapter`) catch every Throwable themselves and
//! report failures as values, so no Java exception escapes into the core. Methods are looked
//! up on the object's own class: no `FindClass`, which on Android would fail on a native thread.

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::secret::SecretString;
use jni::objects::{Global, JObject, JObjectArray, JString};
use jni::{jni_sig, jni_str, Env, JValue, JavaVM};
use zeroize::Zeroizing;

/// A Kotlin object kept alive (as a JNI global reference) while the Rust side needs it.
pub(crate) struct KotlinObject(Global<JObject<'static>>);

impl KotlinObject {
    pub(crate) fn new(env: &Env<'_>, obj: &JObject<'_>) -> jni::errors::Result<Self> {
        Ok(KotlinObject(env.new_global_ref(obj)?))
    }

    fn attached<T>(
        &self,
        f: impl FnOnce(&mut Env<'_>, &JObject<'static>) -> jni::errors::Result<T>,
    ) -> jni::errors::Result<T> {
        JavaVM::singleton()?.attach_current_thread(|env| f(env, self.0.as_obj()))
    }

    /// Asks `ProviderCallbacks.secret(kind)` for a secret: `[value, null]` or `[null, failure]`.
    pub(crate) fn secret(&self, kind: i32, what: &str) -> Result<SecretString> {
        let outcome = self.attached(|env, obj| {
            let array = env
                .call_method(obj, jni_str!("secret"), jni_sig!("(I)[Ljava/lang/String;"), &[JValue::Int(kind)])?
                .l()?;
            let array = env.cast_local::<JObjectArray<JString>>(array)?;
            let value = array.get_element(env, 0)?;
            let failure = array.get_element(env, 1)?;
            let value = if value.is_null() { None } else { Some(Zeroizing::new(value.try_to_string(env)?)) };
            let failure = if failure.is_null() { None } else { Some(failure.try_to_string(env)?) };
            Ok((value, failure))
        });
        match outcome {
            Ok((Some(value), _)) => Ok(SecretString::new(value.as_str())),
            Ok((None, failure)) => Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("the {what} callback failed: {}", failure.as_deref().unwrap_or("it returned null")),
            )),
            Err(e) => Err(Error::new(ErrorKind::Internal, format!("the {what} callback could not be called: {e}"))),
        }
    }

    /// `ProviderCallbacks.refreshed(accessKeyId, secretAccessKey, sessionToken, expirationMillis)`.
    pub(crate) fn refreshed(&self, c: &Credentials) {
        let _ = self.attached(|env, obj| {
            let id = env.new_string(c.access_key_id())?;
            let secret = env.new_string(c.secret_access_key().expose())?;
            let token: JObject = match c.session_token() {
                Some(t) => env.new_string(t.expose())?.into(),
                None => JObject::null(),
            };
            let expiration = c.expiration().map_or(super::response::ABSENT, super::response::epoch_millis);
            env.call_method(
                obj,
                jni_str!("refreshed"),
                jni_sig!("(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;J)V"),
                &[JValue::from(&id), JValue::from(&secret), JValue::from(&token), JValue::Long(expiration)],
            )?;
            Ok(())
        });
    }

    /// `LogAdapter.log(level, message)`. Messages never contain secrets.
    pub(crate) fn log(&self, level: i32, message: &str) {
        let _ = self.attached(|env, obj| {
            let message = env.new_string(message)?;
            env.call_method(
                obj,
                jni_str!("log"),
                jni_sig!("(ILjava/lang/String;)V"),
                &[JValue::Int(level), JValue::from(&message)],
            )?;
            Ok(())
        });
    }
}
