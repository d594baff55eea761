//! GetDelegatedAccessToken: credentials for a trade-in token (signed; limited availability).

use super::{Operation, ResponseMetadata};
use crate::credentials::Credentials;
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::secret::SecretString;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetDelegatedAccessTokenRequest {
    pub trade_in_token: SecretString,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetDelegatedAccessTokenResponse {
    pub credentials: Credentials,
    pub packed_policy_size: Option<i32>,
    pub assumed_principal: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for GetDelegatedAccessTokenRequest {
    type Output = GetDelegatedAccessTokenResponse;
    const ACTION: &'static str = "GetDelegatedAccessToken";

    fn validate(&self) -> Result<()> {
        v::required("TradeInToken", self.trade_in_token.expose()).map(|_| ())
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("TradeInToken", self.trade_in_token.expose());
    }

    fn read(r: &ResultReader) -> Result<GetDelegatedAccessTokenResponse> {
        Ok(GetDelegatedAccessTokenResponse {
            credentials: r.credentials()?,
            packed_policy_size: r.opt_int("PackedPolicySize")?,
            assumed_principal: r.opt("AssumedPrincipal"),
            metadata: r.metadata(),
        })
    }
}
