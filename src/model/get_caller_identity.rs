//! GetCallerIdentity: who the signing credentials belong to (signed; needs no permission).

use super::{Operation, ResponseMetadata};
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetCallerIdentityRequest {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCallerIdentityResponse {
    pub user_id: Option<String>,
    pub account: Option<String>,
    pub arn: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for GetCallerIdentityRequest {
    type Output = GetCallerIdentityResponse;
    const ACTION: &'static str = "GetCallerIdentity";

    fn validate(&self) -> Result<()> {
        Ok(())
    }

    fn write(&self, _w: &mut QueryWriter) {}

    fn read(r: &ResultReader) -> Result<GetCallerIdentityResponse> {
        Ok(GetCallerIdentityResponse {
            user_id: r.opt("UserId"),
            account: r.opt("Account"),
            arn: r.opt("Arn"),
            metadata: r.metadata(),
        })
    }
}
