//! AssumeRoot: short-term root credentials for a member account (signed, regional only).

use super::{Operation, PolicyDescriptor, ResponseMetadata};
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRootRequest {
    /// The member account id or principal ARN (12..2048 characters).
    pub target_principal: String,
    /// One of the AWS managed root-task policies; sent as `TaskPolicyArn.arn`.
    pub task_policy_arn: PolicyDescriptor,
    /// 0..900 seconds; STS defaults to 900.
    pub duration_seconds: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRootResponse {
    pub credentials: Credentials,
    pub source_identity: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for AssumeRootRequest {
    type Output = AssumeRootResponse;
    const ACTION: &'static str = "AssumeRoot";
    const REGIONAL_ONLY: bool = true;

    fn validate(&self) -> Result<()> {
        v::length("TargetPrincipal", &self.target_principal, 12, Some(2048))?;
        match &self.task_policy_arn.arn {
            Some(arn) => v::arn("TaskPolicyArn.arn", arn)?,
            None => return Err(Error::invalid_argument("TaskPolicyArn.arn: is required")),
        }
        v::opt_range("DurationSeconds", self.duration_seconds, 0, 900)
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("TargetPrincipal", &self.target_principal);
        w.opt_string("TaskPolicyArn.arn", self.task_policy_arn.arn.as_deref());
        w.opt_int("DurationSeconds", self.duration_seconds);
    }

    fn read(r: &ResultReader) -> Result<AssumeRootResponse> {
        Ok(AssumeRootResponse {
            credentials: r.credentials()?,
            source_identity: r.opt("SourceIdentity"),
            metadata: r.metadata(),
        })
    }
}
