//! A string that holds a secret: wiped from memory when dropped, never printed.

use std::fmt;
use zeroize::Zeroizing;

/// A secret string (secret access key, session token, SAML assertion, web identity token).
///
/// The bytes are zeroized on drop. `Debug` and `Display` print `<redacted>`, so a secret
/// cannot leak through `{:?}` of a struct that contains it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(Zeroizing::new(value.into()))
    }

    /// The secret value. Named explicitly so every read of a secret is visible in review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString::new(value)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Makes room for `additional` more bytes in a zeroizing string without leaving a copy behind:
/// a plain `reserve` would free the old buffer unwiped when it reallocates.
pub fn reserve_wiping(buf: &mut Zeroizing<String>, additional: usize) {
    if buf.capacity() - buf.len() >= additional {
        return;
    }
    let mut grown = Zeroizing::new(String::with_capacity((buf.len() + additional).max(buf.capacity() * 2)));
    grown.push_str(buf);
    *buf = grown; // the old buffer is wiped as it drops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = SecretString::new("canary-secret-value");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(s.expose(), "canary-secret-value");
    }
}
