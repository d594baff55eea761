//! AWS Query protocol request bodies: `Action=…&Version=…&Key=value…`, form-encoded.
//!
//! Lists are `Name.member.N` (1-based), structures `Parent.Child`, an empty list is the bare
//! `Name=`; unset members are omitted. The buffer is zeroized because bodies can carry secrets
//! (SAML assertions, web identity tokens).

use crate::secret::reserve_wiping;
use crate::sigv4::uri_encode_into;
use zeroize::Zeroizing;

pub const API_VERSION: &str = "2011-06-15";

pub struct QueryWriter {
    body: Zeroizing<String>,
}

impl QueryWriter {
    /// A body for `action` with the STS API version.
    pub fn new(action: &str) -> Self {
        Self::with_version(action, API_VERSION)
    }

    /// A body for any awsQuery service (the protocol tests use another version).
    pub fn with_version(action: &str, version: &str) -> Self {
        let mut w = QueryWriter { body: Zeroizing::new(String::with_capacity(256)) };
        w.string("Action", action);
        w.string("Version", version);
        w
    }

    pub fn string(&mut self, key: &str, value: &str) {
        // Percent-encoding at most triples the length; reserving first means the buffer never
        // reallocates (which would leave an unwiped copy) while a secret is written.
        reserve_wiping(&mut self.body, 2 + 3 * (key.len() + value.len()));
        if !self.body.is_empty() {
            self.body.push('&');
        }
        uri_encode_into(&mut self.body, key, true);
        self.body.push('=');
        uri_encode_into(&mut self.body, value, true);
    }

    pub fn opt_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(key, v);
        }
    }

    pub fn int(&mut self, key: &str, value: i64) {
        self.string(key, &value.to_string());
    }

    pub fn opt_int(&mut self, key: &str, value: Option<i32>) {
        if let Some(v) = value {
            self.int(key, v.into());
        }
    }

    /// A list: `None` writes nothing, an empty list writes `key=`, otherwise `write_item`
    /// is called with the prefix `key.member.N` of each item.
    pub fn list<T>(&mut self, key: &str, items: Option<&[T]>, mut write_item: impl FnMut(&mut Self, &str, &T)) {
        let Some(items) = items else { return };
        if items.is_empty() {
            self.string(key, "");
            return;
        }
        for (i, item) in items.iter().enumerate() {
            write_item(self, &format!("{key}.member.{}", i + 1), item);
        }
    }

    pub fn string_list(&mut self, key: &str, items: Option<&[String]>) {
        self.list(key, items, |w, prefix, v| w.string(prefix, v));
    }

    pub fn as_str(&self) -> &str {
        &self.body
    }

    pub fn into_body(self) -> Zeroizing<String> {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lists_empty_lists_and_escapes() {
        let mut w = QueryWriter::new("AssumeRole");
        w.string("RoleSessionName", "a b/c");
        w.string_list("TransitiveTagKeys", Some(&["x".to_string(), "y".to_string()]));
        w.string_list("PolicyArns", Some(&[]));
        w.string_list("Unset", None);
        assert_eq!(
            w.as_str(),
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=a%20b%2Fc\
             &TransitiveTagKeys.member.1=x&TransitiveTagKeys.member.2=y&PolicyArns="
        );
    }
}
