//! AssumeRoleWithWebIdentity: credentials for an OIDC / OAuth 2.0 token (unsigned).

use super::members as m;
use super::{AssumedRoleUser, Auth, Operation, PolicyDescriptor, ResponseMetadata};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::secret::SecretString;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityRequest {
    pub role_arn: String,
    pub role_session_name: String,
    /// The OIDC ID token or OAuth 2.0 access token (4..20000 characters).
    pub web_identity_token: SecretString,
    /// Only for OAuth 2.0 providers (`www.amazon.com`, `graph.facebook.com`); omit for OIDC.
    pub provider_id: Option<String>,
    pub policy_arns: Option<Vec<PolicyDescriptor>>,
    pub policy: Option<String>,
    pub duration_seconds: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleWithWebIdentityResponse {
    pub credentials: Credentials,
    /// The token's `sub` claim.
    pub subject_from_web_identity_token: Option<String>,
    pub assumed_role_user: Option<AssumedRoleUser>,
    pub packed_policy_size: Option<i32>,
    /// The token's `iss` claim, or the ProviderId for OAuth 2.0.
    pub provider: Option<String>,
    pub audience: Option<String>,
    pub source_identity: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for AssumeRoleWithWebIdentityRequest {
    type Output = AssumeRoleWithWebIdentityResponse;
    const ACTION: &'static str = "AssumeRoleWithWebIdentity";
    const AUTH: Auth = Auth::None;

    fn validate(&self) -> Result<()> {
        v::arn("RoleArn", &self.role_arn)?;
        m::role_session_name("RoleSessionName", &self.role_session_name)?;
        v::length("WebIdentityToken", self.web_identity_token.expose(), 4, Some(20_000))?;
        v::opt_length("ProviderId", self.provider_id.as_deref(), 4, Some(2048))?;
        m::policy_arns(self.policy_arns.as_deref())?;
        if let Some(p) = &self.policy {
            v::policy("Policy", p, Some(2048))?;
        }
        v::opt_range("DurationSeconds", self.duration_seconds, 900, 43200)
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("RoleArn", &self.role_arn);
        w.string("RoleSessionName", &self.role_session_name);
        w.string("WebIdentityToken", self.web_identity_token.expose());
        w.opt_string("ProviderId", self.provider_id.as_deref());
        m::write_policy_arns(w, self.policy_arns.as_deref());
        w.opt_string("Policy", self.policy.as_deref());
        w.opt_int("DurationSeconds", self.duration_seconds);
    }

    fn read(r: &ResultReader) -> Result<AssumeRoleWithWebIdentityResponse> {
        Ok(AssumeRoleWithWebIdentityResponse {
            credentials: r.credentials()?,
            subject_from_web_identity_token: r.opt("SubjectFromWebIdentityToken"),
            assumed_role_user: r.assumed_role_user()?,
            packed_policy_size: r.opt_int("PackedPolicySize")?,
            provider: r.opt("Provider"),
            audience: r.opt("Audience"),
            source_identity: r.opt("SourceIdentity"),
            metadata: r.metadata(),
        })
    }
}
