//! AssumeRoleWithSAML: credentials for a SAML 2.0 assertion (unsigned: no credentials needed).

use super::members as m;
use super::{AssumedRoleUser, Auth, Operation, PolicyDescriptor, ResponseMetadata};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::secret::SecretString;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRoleWithSamlRequest {
    pub role_arn: String,
    /// The ARN of the IAM SAML provider.
    pub principal_arn: String,
    /// Base64 of the IdP's SAML response (4..100000 characters).
    pub saml_assertion: SecretString,
    pub policy_arns: Option<Vec<PolicyDescriptor>>,
    pub policy: Option<String>,
    pub duration_seconds: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleWithSamlResponse {
    pub credentials: Credentials,
    pub assumed_role_user: Option<AssumedRoleUser>,
    pub packed_policy_size: Option<i32>,
    /// The NameID value of the assertion.
    pub subject: Option<String>,
    /// The NameID format, e.g. `persistent` or `transient`.
    pub subject_type: Option<String>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub name_qualifier: Option<String>,
    pub source_identity: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for AssumeRoleWithSamlRequest {
    type Output = AssumeRoleWithSamlResponse;
    const ACTION: &'static str = "AssumeRoleWithSAML";
    const AUTH: Auth = Auth::None;

    fn validate(&self) -> Result<()> {
        v::arn("RoleArn", &self.role_arn)?;
        v::arn("PrincipalArn", &self.principal_arn)?;
        v::length("SAMLAssertion", self.saml_assertion.expose(), 4, Some(100_000))?;
        m::policy_arns(self.policy_arns.as_deref())?;
        if let Some(p) = &self.policy {
            v::policy("Policy", p, Some(2048))?;
        }
        v::opt_range("DurationSeconds", self.duration_seconds, 900, 43200)
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("RoleArn", &self.role_arn);
        w.string("PrincipalArn", &self.principal_arn);
        w.string("SAMLAssertion", self.saml_assertion.expose());
        m::write_policy_arns(w, self.policy_arns.as_deref());
        w.opt_string("Policy", self.policy.as_deref());
        w.opt_int("DurationSeconds", self.duration_seconds);
    }

    fn read(r: &ResultReader) -> Result<AssumeRoleWithSamlResponse> {
        Ok(AssumeRoleWithSamlResponse {
            credentials: r.credentials()?,
            assumed_role_user: r.assumed_role_user()?,
            packed_policy_size: r.opt_int("PackedPolicySize")?,
            subject: r.opt("Subject"),
            subject_type: r.opt("SubjectType"),
            issuer: r.opt("Issuer"),
            audience: r.opt("Audience"),
            name_qualifier: r.opt("NameQualifier"),
            source_identity: r.opt("SourceIdentity"),
            metadata: r.metadata(),
        })
    }
}
