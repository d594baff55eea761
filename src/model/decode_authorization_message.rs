//! DecodeAuthorizationMessage: the JSON behind an encoded authorization failure (signed).

use super::{Operation, ResponseMetadata};
use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;
use crate::validate as v;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecodeAuthorizationMessageRequest {
    pub encoded_message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeAuthorizationMessageResponse {
    /// A JSON document describing the authorization decision.
    pub decoded_message: Option<String>,
    pub metadata: ResponseMetadata,
}

impl Operation for DecodeAuthorizationMessageRequest {
    type Output = DecodeAuthorizationMessageResponse;
    const ACTION: &'static str = "DecodeAuthorizationMessage";

    fn validate(&self) -> Result<()> {
        v::length("EncodedMessage", &self.encoded_message, 1, Some(10240))
    }

    fn write(&self, w: &mut QueryWriter) {
        w.string("EncodedMessage", &self.encoded_message);
    }

    fn read(r: &ResultReader) -> Result<DecodeAuthorizationMessageResponse> {
        Ok(DecodeAuthorizationMessageResponse { decoded_message: r.opt("DecodedMessage"), metadata: r.metadata() })
    }
}
