//! GetFederationToken: credentials for a federated user (signed with long-term IAM user keys).

use super::members as m;
use super::{FederatedUser, Operation, PolicyDescriptor, ResponseMetadata, Tag};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetFederationTokenRequest {
    /// 2..32 characters.
    pub name: String,
    pub policy: Option<String>,
    pub policy_arns: Option<Vec<PolicyDescriptor>>,
    /// 900..129600 seconds; STS defaults to 43200.
    pub duration_seconds: Option<i32>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetFederationTokenResponse {
    pub credentials: Credentials,
    pub federated_user: Option<FederatedUser>,
    pub packed_policy_size: Option<i32>,
    pub metadata: ResponseMetadata,
}

impl Operation for GetFederationTokenRequest {
    type Output = GetFederationTokenResponse;
    const ACTION: &'static str = "GetFederationToken";

    fn validate(&self) -> Result<()> {
        v::length("Name", &self.name, 2, Some(32))?;
        v::word_or("Name", &self.name, m::WORD_PUNCT)?;
        if let Some(p) = &self.policy {
            v::policy("Policy", p, Some(2048))?;
        }
        m::policy_arns(self.policy_arns.as_deref())?;
        v::opt_range("DurationSeconds", self.duration_seconds, 900, 129_600)?;
        m::tags(self.tags.as_deref())
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("Name", &self.name);
        w.opt_string("Policy", self.policy.as_deref());
        m::write_policy_arns(w, self.policy_arns.as_deref());
        w.opt_int("DurationSeconds", self.duration_seconds);
        m::write_tags(w, self.tags.as_deref());
    }

    fn read(r: &ResultReader) -> Result<GetFederationTokenResponse> {
        let federated_user = match r.opt("FederatedUser/FederatedUserId") {
            Some(id) => Some(FederatedUser { federated_user_id: id, arn: r.req("FederatedUser/Arn")? }),
            None => None,
        };
        Ok(GetFederationTokenResponse {
            credentials: r.credentials()?,
            federated_user,
            packed_policy_size: r.opt_int("PackedPolicySize")?,
            metadata: r.metadata(),
        })
    }
}
