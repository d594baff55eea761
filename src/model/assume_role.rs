//! AssumeRole: temporary credentials for an IAM role (signed).

use super::members as m;
use super::{AssumedRoleUser, Operation, PolicyDescriptor, ProvidedContext, ResponseMetadata, Tag};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRoleRequest {
    pub role_arn: String,
    pub role_session_name: String,
    pub policy_arns: Option<Vec<PolicyDescriptor>>,
    /// Inline session policy; the model sets no maximum length for AssumeRole.
    pub policy: Option<String>,
    /// 900..43200 seconds; STS defaults to 3600.
    pub duration_seconds: Option<i32>,
    pub tags: Option<Vec<Tag>>,
    pub transitive_tag_keys: Option<Vec<String>>,
    pub external_id: Option<String>,
    pub serial_number: Option<String>,
    pub token_code: Option<String>,
    pub source_identity: Option<String>,
    pub provided_contexts: Option<Vec<ProvidedContext>>,
}

impl AssumeRoleRequest {
    pub fn new(role_arn: impl Into<String>, role_session_name: impl Into<String>) -> Self {
        AssumeRoleRequest {
            role_arn: role_arn.into(),
            role_session_name: role_session_name.into(),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleResponse {
    pub credentials: Credentials,
    pub assumed_role_user: Option<AssumedRoleUser>,
    pub packed_policy_size: Option<i32>,
    pub source_identity: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for AssumeRoleRequest {
    type Output = AssumeRoleResponse;
    const ACTION: &'static str = "AssumeRole";

    fn validate(&self) -> Result<()> {
        v::arn("RoleArn", &self.role_arn)?;
        m::role_session_name("RoleSessionName", &self.role_session_name)?;
        m::policy_arns(self.policy_arns.as_deref())?;
        if let Some(p) = &self.policy {
            v::policy("Policy", p, None)?;
        }
        v::opt_range("DurationSeconds", self.duration_seconds, 900, 43200)?;
        m::tags(self.tags.as_deref())?;
        m::transitive_tag_keys(self.transitive_tag_keys.as_deref())?;
        if let Some(id) = &self.external_id {
            v::length("ExternalId", id, 2, Some(1224))?;
            v::word_or("ExternalId", id, "+=,.@:/-")?;
        }
        m::serial_number(self.serial_number.as_deref())?;
        m::token_code(self.token_code.as_deref())?;
        m::source_identity(self.source_identity.as_deref())?;
        m::provided_contexts(self.provided_contexts.as_deref())
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("RoleArn", &self.role_arn);
        w.string("RoleSessionName", &self.role_session_name);
        m::write_policy_arns(w, self.policy_arns.as_deref());
        w.opt_string("Policy", self.policy.as_deref());
        w.opt_int("DurationSeconds", self.duration_seconds);
        m::write_tags(w, self.tags.as_deref());
        w.string_list("TransitiveTagKeys", self.transitive_tag_keys.as_deref());
        w.opt_string("ExternalId", self.external_id.as_deref());
        w.opt_string("SerialNumber", self.serial_number.as_deref());
        w.opt_string("TokenCode", self.token_code.as_deref());
        w.opt_string("SourceIdentity", self.source_identity.as_deref());
        m::write_provided_contexts(w, self.provided_contexts.as_deref());
    }

    fn read(r: &ResultReader) -> Result<AssumeRoleResponse> {
        Ok(AssumeRoleResponse {
            credentials: r.credentials()?,
            assumed_role_user: r.assumed_role_user()?,
            packed_policy_size: r.opt_int("PackedPolicySize")?,
            source_identity: r.opt("SourceIdentity"),
            metadata: r.metadata(),
        })
    }
}
