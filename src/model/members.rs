//! Validation and encoding of members that several operations share.

use super::{PolicyDescriptor, ProvidedContext, Tag};
use crate::error::Result;
use crate::query::QueryWriter;
use crate::validate as v;

pub const WORD_PUNCT: &str = "+=,.@-";

pub fn role_session_name(member: &str, value: &str) -> Result<()> {
    v::length(member, value, 2, Some(64))?;
    v::word_or(member, value, WORD_PUNCT)
}

pub fn source_identity(value: Option<&str>) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    role_session_name("SourceIdentity", value)?;
    if value.starts_with("aws:") {
        return Err(crate::error::Error::invalid_argument("SourceIdentity: must not start with \"aws:\""));
    }
    Ok(())
}

pub fn serial_number(value: Option<&str>) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    v::length("SerialNumber", value, 9, Some(256))?;
    v::word_or("SerialNumber", value, "+=/:,.@-")
}

pub fn token_code(value: Option<&str>) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    v::length("TokenCode", value, 6, Some(6))?;
    v::digits("TokenCode", value)
}

pub fn policy_arns(list: Option<&[PolicyDescriptor]>) -> Result<()> {
    for (i, p) in list.unwrap_or_default().iter().enumerate() {
        v::opt_arn(&format!("PolicyArns[{}].arn", i + 1), p.arn.as_deref())?;
    }
    Ok(())
}

pub fn tag_key(member: &str, key: &str) -> Result<()> {
    v::length(member, key, 1, Some(128))?;
    v::tag_chars(member, key)
}

pub fn tags(list: Option<&[Tag]>) -> Result<()> {
    let list = list.unwrap_or_default();
    v::count("Tags", list.len(), 0, 50)?;
    for (i, t) in list.iter().enumerate() {
        tag_key(&format!("Tags[{}].Key", i + 1), &t.key)?;
        let member = format!("Tags[{}].Value", i + 1);
        v::length(&member, &t.value, 0, Some(256))?;
        v::tag_chars(&member, &t.value)?;
    }
    Ok(())
}

pub fn transitive_tag_keys(list: Option<&[String]>) -> Result<()> {
    let list = list.unwrap_or_default();
    v::count("TransitiveTagKeys", list.len(), 0, 50)?;
    for (i, k) in list.iter().enumerate() {
        tag_key(&format!("TransitiveTagKeys[{}]", i + 1), k)?;
    }
    Ok(())
}

pub fn provided_contexts(list: Option<&[ProvidedContext]>) -> Result<()> {
    let Some(list) = list else { return Ok(()) };
    v::count("ProvidedContexts", list.len(), 1, 5)?;
    for (i, c) in list.iter().enumerate() {
        v::opt_arn(&format!("ProvidedContexts[{}].ProviderArn", i + 1), c.provider_arn.as_deref())?;
        v::opt_length(
            &format!("ProvidedContexts[{}].ContextAssertion", i + 1),
            c.context_assertion.as_deref(),
            4,
            Some(2048),
        )?;
    }
    Ok(())
}

pub fn write_policy_arns(w: &mut QueryWriter, list: Option<&[PolicyDescriptor]>) {
    w.list("PolicyArns", list, |w, prefix, p| w.opt_string(&format!("{prefix}.arn"), p.arn.as_deref()));
}

pub fn write_tags(w: &mut QueryWriter, list: Option<&[Tag]>) {
    w.list("Tags", list, |w, prefix, t| {
        w.string(&format!("{prefix}.Key"), &t.key);
        w.string(&format!("{prefix}.Value"), &t.value);
    });
}

pub fn write_provided_contexts(w: &mut QueryWriter, list: Option<&[ProvidedContext]>) {
    w.list("ProvidedContexts", list, |w, prefix, c| {
        w.opt_string(&format!("{prefix}.ProviderArn"), c.provider_arn.as_deref());
        w.opt_string(&format!("{prefix}.ContextAssertion"), c.context_assertion.as_deref());
    });
}
