//! GetAccessKeyInfo: the account an access key belongs to (signed).

use super::{Operation, ResponseMetadata};
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetAccessKeyInfoRequest {
    pub access_key_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetAccessKeyInfoResponse {
    pub account: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for GetAccessKeyInfoRequest {
    type Output = GetAccessKeyInfoResponse;
    const ACTION: &'static str = "GetAccessKeyInfo";

    fn validate(&self) -> Result<()> {
        v::length("AccessKeyId", &self.access_key_id, 16, Some(128))?;
        v::word_or("AccessKeyId", &self.access_key_id, "")
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("AccessKeyId", &self.access_key_id);
    }

    fn read(r: &ResultReader) -> Result<GetAccessKeyInfoResponse> {
        Ok(GetAccessKeyInfoResponse { account: r.opt("Account"), metadata: r.metadata() })
    }
}
