//! Checks of input members against the STS model's constraints, run before any network I/O.
//!
//! Every failure names the member and the rule. Values are never echoed, because several
//! members are secrets (SAML assertion, web identity token).

use crate::error::{Error, Result};

/// Length in characters (Unicode scalar values), as Smithy's `@length` counts.
pub fn length(member: &str, value: &str, min: usize, max: Option<usize>) -> Result<()> {
    let n = value.chars().count();
    let ok = n >= min && max.is_none_or(|m| n <= m);
    if ok {
        return Ok(());
    }
    Err(Error::invalid_argument(match max {
        Some(max) if min == max => format!("{member}: must be exactly {min} characters long, got {n}"),
        Some(max) => format!("{member}: must be {min} to {max} characters long, got {n}"),
        None => format!("{member}: must be at least {min} characters long, got {n}"),
    }))
}

/// An optional member: checked only when present.
pub fn opt_length(member: &str, value: Option<&str>, min: usize, max: Option<usize>) -> Result<()> {
    value.map_or(Ok(()), |v| length(member, v, min, max))
}

/// Each character must satisfy `allowed`; `rule` describes the class for the message.
pub fn chars(member: &str, value: &str, rule: &str, allowed: impl Fn(char) -> bool) -> Result<()> {
    match value.chars().position(|c| !allowed(c)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid_argument(format!("{member}: character {} is not allowed; {rule}", i + 1))),
    }
}

pub fn range(member: &str, value: i32, min: i32, max: i32) -> Result<()> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!("{member}: must be between {min} and {max}, got {value}")))
    }
}

pub fn opt_range(member: &str, value: Option<i32>, min: i32, max: i32) -> Result<()> {
    value.map_or(Ok(()), |v| range(member, v, min, max))
}

pub fn count(member: &str, len: usize, min: usize, max: usize) -> Result<()> {
    if (min..=max).contains(&len) {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!("{member}: must have {min} to {max} items, got {len}")))
    }
}

pub fn required<'a>(member: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() {
        Err(Error::invalid_argument(format!("{member}: is required")))
    } else {
        Ok(value)
    }
}

/// `\w` in the model's patterns is ASCII `[A-Za-z0-9_]`.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `[\w+=,.@-]*` plus the given extra punctuation.
pub fn word_or(member: &str, value: &str, extra: &'static str) -> Result<()> {
    let rule = format!("allowed are letters, digits and _{extra}");
    chars(member, value, &rule, |c| is_word(c) || extra.contains(c))
}

/// `arnType`: 20..2048 characters legal in XML 1.0 (the model's Java-notation regex means this).
pub fn arn(member: &str, value: &str) -> Result<()> {
    length(member, value, 20, Some(2048))?;
    chars(member, value, "only characters legal in XML are allowed", is_xml_char)
}

pub fn opt_arn(member: &str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| arn(member, v))
}

pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Session policy documents: TAB, LF, CR and U+0020..U+00FF.
pub fn policy(member: &str, value: &str, max: Option<usize>) -> Result<()> {
    length(member, value, 1, max)?;
    chars(member, value, "allowed are TAB, LF, CR and U+0020..U+00FF", |c| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FF}')
    })
}

/// Tag keys and values: `[\p{L}\p{Z}\p{N}_.:/=+\-@]`.
pub fn tag_chars(member: &str, value: &str) -> Result<()> {
    chars(member, value, "allowed are letters, digits, spaces and _.:/=+-@", |c| {
        c.is_alphabetic() || c.is_numeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
    })
}

pub fn digits(member: &str, value: &str) -> Result<()> {
    chars(member, value, "only digits are allowed", |c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_member_and_rule() {
        let e = length("RoleSessionName", "a", 2, Some(64)).unwrap_err();
        assert_eq!(e.message(), "RoleSessionName: must be 2 to 64 characters long, got 1");
        let e = word_or("RoleSessionName", "a b", "+=,.@-").unwrap_err();
        assert!(e.message().starts_with("RoleSessionName: character 2 is not allowed"), "{}", e.message());
        let e = range("DurationSeconds", 100, 900, 43200).unwrap_err();
        assert_eq!(e.message(), "DurationSeconds: must be between 900 and 43200, got 100");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(length("Key", "ééé", 3, Some(3)).is_ok());
    }

    #[test]
    fn character_classes() {
        assert!(tag_chars("Key", "Projekt Ä 1:/=+-@_.").is_ok());
        assert!(tag_chars("Key", "a*b").is_err());
        assert!(policy("Policy", "{\"a\":\t\"ÿ\"}", Some(2048)).is_ok());
        assert!(policy("Policy", "Ā", Some(2048)).is_err());
        assert!(arn("RoleArn", "arn:aws:iam::123456789012:role/x").is_ok());
        assert!(arn("RoleArn", "arn:aws:iam::12345678\u{1}9012:role/x").is_err());
        assert!(digits("TokenCode", "12345a").is_err());
    }
}
