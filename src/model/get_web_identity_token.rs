//! GetWebIdentityToken: an outbound OIDC JWT for external services (signed, regional only).

use super::members as m;
use super::{Operation, ResponseMetadata, Tag};
use crate::error::{Error, Result};
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::secret::SecretString;
use crate::validate as v;
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetWebIdentityTokenRequest {
    /// 1..10 audiences of 1..1000 characters (the JWT's `aud`).
    pub audience: Vec<String>,
    /// 60..3600 seconds; STS defaults to 300.
    pub duration_seconds: Option<i32>,
    /// `RS256` or `ES384`.
    pub signing_algorithm: String,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetWebIdentityTokenResponse {
    pub web_identity_token: SecretString,
    pub expiration: OffsetDateTime,
    pub metadata: ResponseMetadata,
}

impl Operation for GetWebIdentityTokenRequest {
    type Output = GetWebIdentityTokenResponse;
    const ACTION: &'static str = "GetWebIdentityToken";
    const REGIONAL_ONLY: bool = true;

    fn validate(&self) -> Result<()> {
        v::count("Audience", self.audience.len(), 1, 10)?;
        for (i, a) in self.audience.iter().enumerate() {
            v::length(&format!("Audience[{}]", i + 1), a, 1, Some(1000))?;
        }
        v::opt_range("DurationSeconds", self.duration_seconds, 60, 3600)?;
        if !matches!(self.signing_algorithm.as_str(), "RS256" | "ES384") {
            return Err(Error::invalid_argument("SigningAlgorithm: must be RS256 or ES384"));
        }
        m::tags(self.tags.as_deref())
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string_list("Audience", Some(&self.audience));
        w.opt_int("DurationSeconds", self.duration_seconds);
        w.string("SigningAlgorithm", &self.signing_algorithm);
        m::write_tags(w, self.tags.as_deref());
    }

    fn read(r: &ResultReader) -> Result<GetWebIdentityTokenResponse> {
        Ok(GetWebIdentityTokenResponse {
            web_identity_token: r.secret("WebIdentityToken")?,
            expiration: r.timestamp("Expiration")?,
            metadata: r.metadata(),
        })
    }
}
