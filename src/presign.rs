//! Presigned `GetCallerIdentity` URLs: how a client proves its AWS identity to a third party
//! (HashiCorp Vault's IAM auth, EKS's aws-iam-authenticator) without sharing its keys.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::{GetCallerIdentityRequest, GetCallerIdentityResponse, Operation};
use crate::query::API_VERSION;
use crate::response::{read_error, read_success};
use crate::sigv4;
use std::fmt;
use std::time::Duration;
use time::OffsetDateTime;

/// STS accepts a presigned GetCallerIdentity for 15 minutes after signing, whatever
/// `X-Amz-Expires` says.
pub const STS_PRESIGN_VALIDITY: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignOptions {
    /// The `X-Amz-Expires` value (EKS uses 60; STS caps validity at 15 minutes anyway).
    pub expires_in: Duration,
    /// Headers bound into the signature that the URL's user must send, e.g.
    /// `("x-k8s-aws-id", cluster)` or `("x-vault-aws-iam-server-id", id)`.
    pub signed_headers: Vec<(String, String)>,
}

impl Default for PresignOptions {
    fn default() -> Self {
        PresignOptions { expires_in: Duration::from_secs(900), signed_headers: Vec::new() }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// The GET URL. It authorises one identity check; treat it as a short-lived secret.
    pub url: String,
    /// Headers (besides `host`) that must accompany the GET.
    pub headers: Vec<(String, String)>,
    /// When STS stops accepting the URL (by the client's skew-corrected clock).
    pub expires_at: OffsetDateTime,
}

/// The URL with the values that let anyone use it (session token, signature) redacted.
fn redacted_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else { return url.to_owned() };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k == "X-Amz-Security-Token" || k == "X-Amz-Signature" => format!("{k}=<redacted>"),
            _ => p.to_owned(),
        })
        .collect();
    format!("{base}?{}", params.join("&"))
}

/// The session token in a presigned URL, as it appears there (percent-encoded).
fn url_session_token(url: &str) -> Option<&str> {
    let (_, query) = url.split_once('?')?;
    query.split('&').find_map(|p| p.strip_prefix("X-Amz-Security-Token="))
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("url", &redacted_url(&self.url))
            .field("headers", &self.headers)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Client {
    /// A presigned `GET …?Action=GetCallerIdentity…` signed with the client's credentials and
    /// skew-corrected clock.
    pub fn presign_get_caller_identity(&self, options: &PresignOptions) -> Result<PresignedRequest> {
        if options.expires_in.is_zero() || options.expires_in > Duration::from_secs(604_800) {
            return Err(Error::invalid_argument("expires_in: must be between 1 second and 7 days"));
        }
        for (name, _) in &options.signed_headers {
            let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok || name.eq_ignore_ascii_case("host") {
                return Err(Error::invalid_argument(format!("signed header name {name:?} is not allowed")));
            }
        }
        let creds = self.signing_credentials_for_presign()?;
        let endpoint = self.endpoint();
        let region = self.signing_region(endpoint)?;
        let now = self.now();
        let extra: Vec<(&str, &str)> = options.signed_headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let url = sigv4::presign_url(
            &creds.signing_key(),
            region,
            "sts",
            now,
            endpoint.url.scheme(),
            &endpoint.url.host_header(),
            &endpoint.url.path,
            &[("Action", GetCallerIdentityRequest::ACTION), ("Version", API_VERSION)],
            &extra,
            options.expires_in.as_secs(),
        );
        let validity = options.expires_in.min(STS_PRESIGN_VALIDITY);
        Ok(PresignedRequest {
            url,
            headers: options.signed_headers.clone(),
            expires_at: now + time::Duration::try_from(validity).unwrap_or(time::Duration::ZERO),
        })
    }

    /// Sends a presigned request as its verifier would, and decodes the identity.
    pub fn send_presigned(&self, presigned: &PresignedRequest) -> Result<GetCallerIdentityResponse> {
        let resp = self.transport().get(&presigned.url, &presigned.headers)?;
        if !(200..300).contains(&resp.status) {
            let err = read_error(&resp);
            // STS quotes the canonical query string, token included, when the signature fails.
            return Err(match url_session_token(&presigned.url) {
                Some(token) => err.redact(token),
                None => err,
            });
        }
        GetCallerIdentityRequest::read(&read_success(GetCallerIdentityRequest::ACTION, &resp)?)
    }
}
