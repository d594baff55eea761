//! Request and response types of the 11 STS operations, and the structures they share.
//!
//! Each operation lives in its own file with its request, its response, the request's
//! validation against the model's constraints, its Query encoding and its response decoding.

mod any;
mod assume_role;
mod assume_role_with_saml;
mod assume_role_with_web_identity;
mod assume_root;
mod decode_authorization_message;
mod get_access_key_info;
mod get_caller_identity;
mod get_delegated_access_token;
mod get_federation_token;
mod get_session_token;
mod get_web_identity_token;
mod members;

pub use any::{AnyRequest, AnyResponse, Member, OperationId, OutputMember};
pub use assume_role::{AssumeRoleRequest, AssumeRoleResponse};
pub use assume_role_with_saml::{AssumeRoleWithSamlRequest, AssumeRoleWithSamlResponse};
pub use assume_role_with_web_identity::{AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse};
pub use assume_root::{AssumeRootRequest, AssumeRootResponse};
pub use decode_authorization_message::{DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse};
pub use get_access_key_info::{GetAccessKeyInfoRequest, GetAccessKeyInfoResponse};
pub use get_caller_identity::{GetCallerIdentityRequest, GetCallerIdentityResponse};
pub use get_delegated_access_token::{GetDelegatedAccessTokenRequest, GetDelegatedAccessTokenResponse};
pub use get_federation_token::{GetFederationTokenRequest, GetFederationTokenResponse};
pub use get_session_token::{GetSessionTokenRequest, GetSessionTokenResponse};
pub use get_web_identity_token::{GetWebIdentityTokenRequest, GetWebIdentityTokenResponse};

use crate::error::Result;
use crate::query::QueryWriter;
use crate::response::ResultReader;

/// A session tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Tag { key: key.into(), value: value.into() }
    }
}

/// A managed policy ARN used as a session policy (`PolicyDescriptorType`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyDescriptor {
    pub arn: Option<String>,
}

impl PolicyDescriptor {
    pub fn new(arn: impl Into<String>) -> Self {
        PolicyDescriptor { arn: Some(arn.into()) }
    }
}

/// A context assertion from a trusted context provider (e.g. IAM Identity Center).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProvidedContext {
    pub provider_arn: Option<String>,
    pub context_assertion: Option<String>,
}

/// The role session a set of temporary credentials belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumedRoleUser {
    /// `AROA…:<session name>`.
    pub assumed_role_id: String,
    pub arn: String,
}

/// The federated user of `GetFederationToken` credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FederatedUser {
    /// `<account>:<name>`.
    pub federated_user_id: String,
    pub arn: String,
}

/// What every response carries besides its result, as the AWS SDK for .NET exposes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseMetadata {
    pub request_id: String,
    pub http_status_code: u16,
    pub content_length: u64,
}

/// How an operation is sent: signed with the client's credentials, or anonymous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    SigV4,
    None,
}

/// One STS operation: its name, how it is authenticated, and how its request and response
/// map to and from the wire.
pub trait Operation {
    type Output;
    const ACTION: &'static str;
    const AUTH: Auth = Auth::SigV4;
    /// `AssumeRoot` and `GetWebIdentityToken` are not served on the legacy global endpoint.
    const REGIONAL_ONLY: bool = false;

    /// Checks the request against the model's constraints, before any network I/O.
    fn validate(&self) -> Result<()>;
    /// Writes the members after `Action` and `Version`.
    fn write(&self, w: &mut QueryWriter);
    /// Builds the output from `<{Action}Result>`.
    fn read(r: &ResultReader) -> Result<Self::Output>;
}
