//! AWS credentials: an access key id, a secret key, an optional session token and expiry.

use crate::secret::SecretString;
use std::fmt;
use time::OffsetDateTime;

/// A set of AWS credentials. Secrets are zeroized on drop and redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: SecretString,
    session_token: Option<SecretString>,
    expiration: Option<OffsetDateTime>,
}

impl Credentials {
    /// Long-term or temporary credentials. `session_token` is required for temporary ones.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<SecretString>,
        session_token: Option<SecretString>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiration: None,
        }
    }

    /// The same credentials with an expiry time (as returned by STS).
    pub fn with_expiration(mut self, expiration: OffsetDateTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and the optional
    /// `AWS_SESSION_TOKEN`, as every AWS SDK reads them. `None` when either key is unset.
    pub fn from_env() -> Option<Self> {
        let id = std::env::var("AWS_ACCESS_KEY_ID").ok().filter(|v| !v.is_empty())?;
        let secret = std::env::var("AWS_SECRET_ACCESS_KEY").ok().filter(|v| !v.is_empty())?;
        let token = std::env::var("AWS_SESSION_TOKEN").ok().filter(|v| !v.is_empty());
        Some(Credentials::new(id, secret, token.map(SecretString::new)))
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn secret_access_key(&self) -> &SecretString {
        &self.secret_access_key
    }

    pub fn session_token(&self) -> Option<&SecretString> {
        self.session_token.as_ref()
    }

    pub fn expiration(&self) -> Option<OffsetDateTime> {
        self.expiration
    }

    /// The borrowed form the signer takes.
    pub fn signing_key(&self) -> crate::sigv4::SigningKey<'_> {
        crate::sigv4::SigningKey {
            access_key_id: &self.access_key_id,
            secret_access_key: self.secret_access_key.expose(),
            session_token: self.session_token.as_ref().map(SecretString::expose),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &mask_access_key_id(&self.access_key_id))
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// `ASIAIOSFODNN7EXAMPLE` -> `ASIA************MPLE`: enough to tell keys apart in logs.
pub fn mask_access_key_id(id: &str) -> String {
    let n = id.chars().count();
    if n <= 8 {
        return "*".repeat(n);
    }
    id.chars().enumerate().map(|(i, c)| if i < 4 || i >= n - 4 { c } else { '*' }).collect()
}

/// Anything that can supply credentials for signing: static credentials, or a provider that
/// refreshes them.
pub trait CredentialsSource: Send + Sync {
    fn credentials(&self) -> crate::error::Result<Credentials>;
}

impl CredentialsSource for Credentials {
    fn credentials(&self) -> crate::error::Result<Credentials> {
        Ok(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets_and_masks_key_id() {
        let c = Credentials::new("ASIAIOSFODNN7EXAMPLE", "canary-secret", Some("canary-token".into()));
        let text = format!("{c:?}");
        assert!(!text.contains("canary"), "{text}");
        assert!(text.contains("ASIA************MPLE"), "{text}");
    }

    #[test]
    fn short_key_ids_are_fully_masked() {
        assert_eq!(mask_access_key_id("ABC"), "***");
    }
}
