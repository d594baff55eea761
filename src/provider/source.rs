//! Where a provider's credentials come from: one STS call per refresh.

use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    AssumeRoleRequest, AssumeRoleWithSamlRequest, AssumeRoleWithWebIdentityRequest, GetSessionTokenRequest,
};
use crate::secret::SecretString;
use std::path::PathBuf;
use std::sync::Arc;

/// Supplies a secret on demand: an MFA token code, a web identity token, a SAML assertion.
/// Called on the thread doing the refresh (possibly a background thread).
pub type SecretCallback = Arc<dyn Fn() -> Result<SecretString> + Send + Sync>;

/// Where a web identity token comes from at each refresh.
#[derive(Clone)]
pub enum TokenSource {
    /// A file re-read at every refresh (Kubernetes / EKS projected service account tokens rotate).
    File(PathBuf),
    /// A callback, e.g. the game's sign-in SDK.
    Callback(SecretCallback),
}

/// The STS call a provider makes to refresh.
#[derive(Clone)]
pub enum CredentialsSourceKind {
    /// AssumeRole with every member of the request; if the request names an MFA `serial_number`,
    /// `mfa` is asked for a fresh token code at each refresh.
    AssumeRole { request: AssumeRoleRequest, mfa: Option<SecretCallback> },
    /// AssumeRoleWithWebIdentity; the request's token is replaced by the source's at each refresh.
    WebIdentity { request: AssumeRoleWithWebIdentityRequest, token: TokenSource },
    /// AssumeRoleWithSAML; the assertion comes from the callback at each refresh.
    Saml { request: AssumeRoleWithSamlRequest, assertion: SecretCallback },
    /// GetSessionToken, with an MFA callback when `serial_number` is set.
    SessionToken { request: GetSessionTokenRequest, mfa: Option<SecretCallback> },
}

fn mfa_code(mfa: &Option<SecretCallback>, serial: &Option<String>) -> Result<Option<String>> {
    match (serial, mfa) {
        (None, _) => Ok(None),
        (Some(_), Some(cb)) => Ok(Some(cb()?.expose().to_owned())),
        (Some(_), None) => Err(Error::invalid_argument("SerialNumber is set but no MFA token code callback was given")),
    }
}

impl CredentialsSourceKind {
    /// Performs the STS call and returns the new credentials.
    pub(crate) fn fetch(&self, client: &Client) -> Result<Credentials> {
        match self {
            CredentialsSourceKind::AssumeRole { request, mfa } => {
                let mut req = request.clone();
                if let Some(code) = mfa_code(mfa, &request.serial_number)? {
                    req.token_code = Some(code);
                }
                Ok(client.assume_role(&req)?.credentials)
            }
            CredentialsSourceKind::WebIdentity { request, token } => {
                let mut req = request.clone();
                req.web_identity_token = match token {
                    TokenSource::File(path) => read_token_file(path)?,
                    TokenSource::Callback(cb) => cb()?,
                };
                Ok(client.assume_role_with_web_identity(&req)?.credentials)
            }
            CredentialsSourceKind::Saml { request, assertion } => {
                let mut req = request.clone();
                req.saml_assertion = assertion()?;
                Ok(client.assume_role_with_saml(&req)?.credentials)
            }
            CredentialsSourceKind::SessionToken { request, mfa } => {
                let mut req = request.clone();
                if let Some(code) = mfa_code(mfa, &request.serial_number)? {
                    req.token_code = Some(code);
                }
                Ok(client.get_session_token(&req)?.credentials)
            }
        }
    }
}

fn read_token_file(path: &PathBuf) -> Result<SecretString> {
    let bytes = zeroize::Zeroizing::new(std::fs::read(path).map_err(|e| {
        Error::new(ErrorKind::Configuration, format!("cannot read web identity token file {}: {e}", path.display()))
    })?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::configuration(format!("web identity token file {} is not UTF-8", path.display())))?;
    Ok(SecretString::new(text.trim()))
}
