//! GetSessionToken: temporary credentials for the caller, optionally MFA-backed (signed).

use super::members as m;
use super::{Operation, ResponseMetadata};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetSessionTokenRequest {
    /// 900..129600 seconds; STS defaults to 43200.
    pub duration_seconds: Option<i32>,
    pub serial_number: Option<String>,
    pub token_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetSessionTokenResponse {
    pub credentials: Credentials,
    pub metadata: ResponseMetadata,
}

impl Operation for GetSessionTokenRequest {
    type Output = GetSessionTokenResponse;
    const ACTION: &'static str = "GetSessionToken";

    fn validate(&self) -> Result<()> {
        v::opt_range("DurationSeconds", self.duration_seconds, 900, 129_600)?;
        m::serial_number(self.serial_number.as_deref())?;
        m::token_code(self.token_code.as_deref())
    }

    fn write(&self, w: &mut QueryWriter) {
        w.opt_int("DurationSeconds", self.duration_seconds);
        w.opt_string("SerialNumber", self.serial_number.as_deref());
        w.opt_string("TokenCode", self.token_code.as_deref());
    }

    fn read(r: &ResultReader) -> Result<GetSessionTokenResponse> {
        Ok(GetSessionTokenResponse { credentials: r.credentials()?, metadata: r.metadata() })
    }
}
