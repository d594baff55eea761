//! Operation-independent access to requests and responses, by member id.
//!
//! The C ABI and the JNI glue expose one request handle and one response handle for all 11
//! operations; setting a member the operation does not have is an error, not a silent no-op.
//! The ids are stable numbers shared with the header and every wrapper.

use super::*;
use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::secret::SecretString;
use time::OffsetDateTime;

/// The 11 STS operations.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationId {
    AssumeRole = 1,
    AssumeRoleWithSaml = 2,
    AssumeRoleWithWebIdentity = 3,
    AssumeRoot = 4,
    DecodeAuthorizationMessage = 5,
    GetAccessKeyInfo = 6,
    GetCallerIdentity = 7,
    GetDelegatedAccessToken = 8,
    GetFederationToken = 9,
    GetSessionToken = 10,
    GetWebIdentityToken = 11,
}

/// Input members. Scalars below 30, lists from 30.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Member {
    RoleArn = 1,
    RoleSessionName = 2,
    Policy = 3,
    DurationSeconds = 4,
    ExternalId = 5,
    SerialNumber = 6,
    TokenCode = 7,
    SourceIdentity = 8,
    PrincipalArn = 9,
    SamlAssertion = 10,
    WebIdentityToken = 11,
    ProviderId = 12,
    TargetPrincipal = 13,
    TaskPolicyArn = 14,
    EncodedMessage = 15,
    AccessKeyId = 16,
    TradeInToken = 17,
    Name = 18,
    SigningAlgorithm = 19,
    PolicyArns = 30,
    Tags = 31,
    TransitiveTagKeys = 32,
    ProvidedContexts = 33,
    Audience = 34,
}

/// Output members besides credentials and metadata.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputMember {
    AssumedRoleId = 1,
    AssumedRoleArn = 2,
    SourceIdentity = 3,
    Subject = 4,
    SubjectType = 5,
    Issuer = 6,
    Audience = 7,
    NameQualifier = 8,
    SubjectFromWebIdentityToken = 9,
    Provider = 10,
    DecodedMessage = 11,
    Account = 12,
    UserId = 13,
    Arn = 14,
    AssumedPrincipal = 15,
    FederatedUserId = 16,
    FederatedUserArn = 17,
    /// Secret: the JWT of GetWebIdentityToken.
    WebIdentityToken = 18,
    /// Integer member.
    PackedPolicySize = 30,
    /// Timestamp member (GetWebIdentityToken).
    Expiration = 40,
}

macro_rules! id_from_i32 {
    ($t:ident { $($v:ident),* $(,)? }) => {
        impl $t {
            /// The id for a number from outside (C, JNI); `None` if it names nothing.
            pub fn from_i32(n: i32) -> Option<Self> {
                [$($t::$v),*].into_iter().find(|v| *v as i32 == n)
            }
        }
    };
}
id_from_i32!(OperationId {
    AssumeRole,
    AssumeRoleWithSaml,
    AssumeRoleWithWebIdentity,
    AssumeRoot,
    DecodeAuthorizationMessage,
    GetAccessKeyInfo,
    GetCallerIdentity,
    GetDelegatedAccessToken,
    GetFederationToken,
    GetSessionToken,
    GetWebIdentityToken
});
id_from_i32!(Member {
    RoleArn,
    RoleSessionName,
    Policy,
    DurationSeconds,
    ExternalId,
    SerialNumber,
    TokenCode,
    SourceIdentity,
    PrincipalArn,
    SamlAssertion,
    WebIdentityToken,
    ProviderId,
    TargetPrincipal,
    TaskPolicyArn,
    EncodedMessage,
    AccessKeyId,
    TradeInToken,
    Name,
    SigningAlgorithm,
    PolicyArns,
    Tags,
    TransitiveTagKeys,
    ProvidedContexts,
    Audience
});
id_from_i32!(OutputMember {
    AssumedRoleId,
    AssumedRoleArn,
    SourceIdentity,
    Subject,
    SubjectType,
    Issuer,
    Audience,
    NameQualifier,
    SubjectFromWebIdentityToken,
    Provider,
    DecodedMessage,
    Account,
    UserId,
    Arn,
    AssumedPrincipal,
    FederatedUserId,
    FederatedUserArn,
    WebIdentityToken,
    PackedPolicySize,
    Expiration
});

/// A request of any operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyRequest {
    AssumeRole(AssumeRoleRequest),
    AssumeRoleWithSaml(AssumeRoleWithSamlRequest),
    AssumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest),
    AssumeRoot(AssumeRootRequest),
    DecodeAuthorizationMessage(DecodeAuthorizationMessageRequest),
    GetAccessKeyInfo(GetAccessKeyInfoRequest),
    GetCallerIdentity(GetCallerIdentityRequest),
    GetDelegatedAccessToken(GetDelegatedAccessTokenRequest),
    GetFederationToken(GetFederationTokenRequest),
    GetSessionToken(GetSessionTokenRequest),
    GetWebIdentityToken(GetWebIdentityTokenRequest),
}

/// A response of any operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyResponse {
    AssumeRole(AssumeRoleResponse),
    AssumeRoleWithSaml(AssumeRoleWithSamlResponse),
    AssumeRoleWithWebIdentity(AssumeRoleWithWebIdentityResponse),
    AssumeRoot(AssumeRootResponse),
    DecodeAuthorizationMessage(DecodeAuthorizationMessageResponse),
    GetAccessKeyInfo(GetAccessKeyInfoResponse),
    GetCallerIdentity(GetCallerIdentityResponse),
    GetDelegatedAccessToken(GetDelegatedAccessTokenResponse),
    GetFederationToken(GetFederationTokenResponse),
    GetSessionToken(GetSessionTokenResponse),
    GetWebIdentityToken(GetWebIdentityTokenResponse),
}

fn not_in(member: impl std::fmt::Debug, op: OperationId) -> Error {
    Error::invalid_argument(format!("{op:?} has no member {member:?}"))
}

impl AnyRequest {
    pub fn new(op: OperationId) -> Self {
        match op {
            OperationId::AssumeRole => AnyRequest::AssumeRole(Default::default()),
            OperationId::AssumeRoleWithSaml => AnyRequest::AssumeRoleWithSaml(Default::default()),
            OperationId::AssumeRoleWithWebIdentity => AnyRequest::AssumeRoleWithWebIdentity(Default::default()),
            OperationId::AssumeRoot => AnyRequest::AssumeRoot(Default::default()),
            OperationId::DecodeAuthorizationMessage => AnyRequest::DecodeAuthorizationMessage(Default::default()),
            OperationId::GetAccessKeyInfo => AnyRequest::GetAccessKeyInfo(Default::default()),
            OperationId::GetCallerIdentity => AnyRequest::GetCallerIdentity(Default::default()),
            OperationId::GetDelegatedAccessToken => AnyRequest::GetDelegatedAccessToken(Default::default()),
            OperationId::GetFederationToken => AnyRequest::GetFederationToken(Default::default()),
            OperationId::GetSessionToken => AnyRequest::GetSessionToken(Default::default()),
            OperationId::GetWebIdentityToken => AnyRequest::GetWebIdentityToken(Default::default()),
        }
    }

    pub fn operation(&self) -> OperationId {
        match self {
            AnyRequest::AssumeRole(_) => OperationId::AssumeRole,
            AnyRequest::AssumeRoleWithSaml(_) => OperationId::AssumeRoleWithSaml,
            AnyRequest::AssumeRoleWithWebIdentity(_) => OperationId::AssumeRoleWithWebIdentity,
            AnyRequest::AssumeRoot(_) => OperationId::AssumeRoot,
            AnyRequest::DecodeAuthorizationMessage(_) => OperationId::DecodeAuthorizationMessage,
            AnyRequest::GetAccessKeyInfo(_) => OperationId::GetAccessKeyInfo,
            AnyRequest::GetCallerIdentity(_) => OperationId::GetCallerIdentity,
            AnyRequest::GetDelegatedAccessToken(_) => OperationId::GetDelegatedAccessToken,
            AnyRequest::GetFederationToken(_) => OperationId::GetFederationToken,
            AnyRequest::GetSessionToken(_) => OperationId::GetSessionToken,
            AnyRequest::GetWebIdentityToken(_) => OperationId::GetWebIdentityToken,
        }
    }

    /// Sets a string member. Secret members are copied into zeroizing storage.
    pub fn set_string(&mut self, member: Member, value: &str) -> Result<()> {
        use AnyRequest as R;
        use Member as M;
        let op = self.operation();
        let s = || value.to_owned();
        let some = || Some(value.to_owned());
        match (self, member) {
            (R::AssumeRole(r), M::RoleArn) => r.role_arn = s(),
            (R::AssumeRole(r), M::RoleSessionName) => r.role_session_name = s(),
            (R::AssumeRole(r), M::Policy) => r.policy = some(),
            (R::AssumeRole(r), M::ExternalId) => r.external_id = some(),
            (R::AssumeRole(r), M::SerialNumber) => r.serial_number = some(),
            (R::AssumeRole(r), M::TokenCode) => r.token_code = some(),
            (R::AssumeRole(r), M::SourceIdentity) => r.source_identity = some(),
            (R::AssumeRoleWithSaml(r), M::RoleArn) => r.role_arn = s(),
            (R::AssumeRoleWithSaml(r), M::PrincipalArn) => r.principal_arn = s(),
            (R::AssumeRoleWithSaml(r), M::SamlAssertion) => r.saml_assertion = SecretString::new(value),
            (R::AssumeRoleWithSaml(r), M::Policy) => r.policy = some(),
            (R::AssumeRoleWithWebIdentity(r), M::RoleArn) => r.role_arn = s(),
            (R::AssumeRoleWithWebIdentity(r), M::RoleSessionName) => r.role_session_name = s(),
            (R::AssumeRoleWithWebIdentity(r), M::WebIdentityToken) => r.web_identity_token = SecretString::new(value),
            (R::AssumeRoleWithWebIdentity(r), M::ProviderId) => r.provider_id = some(),
            (R::AssumeRoleWithWebIdentity(r), M::Policy) => r.policy = some(),
            (R::AssumeRoot(r), M::TargetPrincipal) => r.target_principal = s(),
            (R::AssumeRoot(r), M::TaskPolicyArn) => r.task_policy_arn = PolicyDescriptor::new(value),
            (R::DecodeAuthorizationMessage(r), M::EncodedMessage) => r.encoded_message = s(),
            (R::GetAccessKeyInfo(r), M::AccessKeyId) => r.access_key_id = s(),
            (R::GetDelegatedAccessToken(r), M::TradeInToken) => r.trade_in_token = SecretString::new(value),
            (R::GetFederationToken(r), M::Name) => r.name = s(),
            (R::GetFederationToken(r), M::Policy) => r.policy = some(),
            (R::GetSessionToken(r), M::SerialNumber) => r.serial_number = some(),
            (R::GetSessionToken(r), M::TokenCode) => r.token_code = some(),
            (R::GetWebIdentityToken(r), M::SigningAlgorithm) => r.signing_algorithm = s(),
            (_, member) => return Err(not_in(member, op)),
        }
        Ok(())
    }

    /// Sets `DurationSeconds`, the only integer input member.
    pub fn set_int(&mut self, member: Member, value: i32) -> Result<()> {
        use AnyRequest as R;
        let op = self.operation();
        if member != Member::DurationSeconds {
            return Err(not_in(member, op));
        }
        let slot = match self {
            R::AssumeRole(r) => &mut r.duration_seconds,
            R::AssumeRoleWithSaml(r) => &mut r.duration_seconds,
            R::AssumeRoleWithWebIdentity(r) => &mut r.duration_seconds,
            R::AssumeRoot(r) => &mut r.duration_seconds,
            R::GetFederationToken(r) => &mut r.duration_seconds,
            R::GetSessionToken(r) => &mut r.duration_seconds,
            R::GetWebIdentityToken(r) => &mut r.duration_seconds,
            _ => return Err(not_in(member, op)),
        };
        *slot = Some(value);
        Ok(())
    }

    fn policy_arns(&mut self) -> Option<&mut Option<Vec<PolicyDescriptor>>> {
        use AnyRequest as R;
        match self {
            R::AssumeRole(r) => Some(&mut r.policy_arns),
            R::AssumeRoleWithSaml(r) => Some(&mut r.policy_arns),
            R::AssumeRoleWithWebIdentity(r) => Some(&mut r.policy_arns),
            R::GetFederationToken(r) => Some(&mut r.policy_arns),
            _ => None,
        }
    }

    fn tags(&mut self) -> Option<&mut Option<Vec<Tag>>> {
        use AnyRequest as R;
        match self {
            R::AssumeRole(r) => Some(&mut r.tags),
            R::GetFederationToken(r) => Some(&mut r.tags),
            R::GetWebIdentityToken(r) => Some(&mut r.tags),
            _ => None,
        }
    }

    /// Appends to a list member: `PolicyArns` (an ARN), `TransitiveTagKeys`, `Audience`.
    pub fn add_string(&mut self, member: Member, value: &str) -> Result<()> {
        use AnyRequest as R;
        let op = self.operation();
        match (member, self) {
            (Member::PolicyArns, req) => {
                let list = req.policy_arns().ok_or_else(|| not_in(member, op))?;
                list.get_or_insert_with(Vec::new).push(PolicyDescriptor::new(value));
            }
            (Member::TransitiveTagKeys, R::AssumeRole(r)) => {
                r.transitive_tag_keys.get_or_insert_with(Vec::new).push(value.to_owned())
            }
            (Member::Audience, R::GetWebIdentityToken(r)) => r.audience.push(value.to_owned()),
            _ => return Err(not_in(member, op)),
        }
        Ok(())
    }

    /// Appends a pair to `Tags` (key, value) or `ProvidedContexts` (provider ARN, assertion).
    pub fn add_pair(&mut self, member: Member, first: &str, second: &str) -> Result<()> {
        let op = self.operation();
        match (member, self) {
            (Member::Tags, req) => {
                let list = req.tags().ok_or_else(|| not_in(member, op))?;
                list.get_or_insert_with(Vec::new).push(Tag::new(first, second));
            }
            (Member::ProvidedContexts, AnyRequest::AssumeRole(r)) => {
                r.provided_contexts.get_or_insert_with(Vec::new).push(ProvidedContext {
                    provider_arn: Some(first.to_owned()),
                    context_assertion: Some(second.to_owned()),
                })
            }
            _ => return Err(not_in(member, op)),
        }
        Ok(())
    }

    /// Makes a list member present and empty: it is then sent as `Name=` (an explicit empty list).
    pub fn set_empty_list(&mut self, member: Member) -> Result<()> {
        use AnyRequest as R;
        let op = self.operation();
        match (member, self) {
            (Member::PolicyArns, req) => *req.policy_arns().ok_or_else(|| not_in(member, op))? = Some(Vec::new()),
            (Member::Tags, req) => *req.tags().ok_or_else(|| not_in(member, op))? = Some(Vec::new()),
            (Member::TransitiveTagKeys, R::AssumeRole(r)) => r.transitive_tag_keys = Some(Vec::new()),
            (Member::ProvidedContexts, R::AssumeRole(r)) => r.provided_contexts = Some(Vec::new()),
            _ => return Err(not_in(member, op)),
        }
        Ok(())
    }
}

impl Client {
    /// Sends a request of any operation.
    pub fn send_any(&self, request: &AnyRequest) -> Result<AnyResponse> {
        use AnyRequest as R;
        Ok(match request {
            R::AssumeRole(r) => AnyResponse::AssumeRole(self.send(r)?),
            R::AssumeRoleWithSaml(r) => AnyResponse::AssumeRoleWithSaml(self.send(r)?),
            R::AssumeRoleWithWebIdentity(r) => AnyResponse::AssumeRoleWithWebIdentity(self.send(r)?),
            R::AssumeRoot(r) => AnyResponse::AssumeRoot(self.send(r)?),
            R::DecodeAuthorizationMessage(r) => AnyResponse::DecodeAuthorizationMessage(self.send(r)?),
            R::GetAccessKeyInfo(r) => AnyResponse::GetAccessKeyInfo(self.send(r)?),
            R::GetCallerIdentity(r) => AnyResponse::GetCallerIdentity(self.send(r)?),
            R::GetDelegatedAccessToken(r) => AnyResponse::GetDelegatedAccessToken(self.send(r)?),
            R::GetFederationToken(r) => AnyResponse::GetFederationToken(self.send(r)?),
            R::GetSessionToken(r) => AnyResponse::GetSessionToken(self.send(r)?),
            R::GetWebIdentityToken(r) => AnyResponse::GetWebIdentityToken(self.send(r)?),
        })
    }
}

impl AnyResponse {
    pub fn operation(&self) -> OperationId {
        use AnyResponse as R;
        match self {
            R::AssumeRole(_) => OperationId::AssumeRole,
            R::AssumeRoleWithSaml(_) => OperationId::AssumeRoleWithSaml,
            R::AssumeRoleWithWebIdentity(_) => OperationId::AssumeRoleWithWebIdentity,
            R::AssumeRoot(_) => OperationId::AssumeRoot,
            R::DecodeAuthorizationMessage(_) => OperationId::DecodeAuthorizationMessage,
            R::GetAccessKeyInfo(_) => OperationId::GetAccessKeyInfo,
            R::GetCallerIdentity(_) => OperationId::GetCallerIdentity,
            R::GetDelegatedAccessToken(_) => OperationId::GetDelegatedAccessToken,
            R::GetFederationToken(_) => OperationId::GetFederationToken,
            R::GetSessionToken(_) => OperationId::GetSessionToken,
            R::GetWebIdentityToken(_) => OperationId::GetWebIdentityToken,
        }
    }

    pub fn metadata(&self) -> &ResponseMetadata {
        use AnyResponse as R;
        match self {
            R::AssumeRole(r) => &r.metadata,
            R::AssumeRoleWithSaml(r) => &r.metadata,
            R::AssumeRoleWithWebIdentity(r) => &r.metadata,
            R::AssumeRoot(r) => &r.metadata,
            R::DecodeAuthorizationMessage(r) => &r.metadata,
            R::GetAccessKeyInfo(r) => &r.metadata,
            R::GetCallerIdentity(r) => &r.metadata,
            R::GetDelegatedAccessToken(r) => &r.metadata,
            R::GetFederationToken(r) => &r.metadata,
            R::GetSessionToken(r) => &r.metadata,
            R::GetWebIdentityToken(r) => &r.metadata,
        }
    }

    /// The credentials, for the operations that issue them.
    pub fn credentials(&self) -> Option<&Credentials> {
        use AnyResponse as R;
        match self {
            R::AssumeRole(r) => Some(&r.credentials),
            R::AssumeRoleWithSaml(r) => Some(&r.credentials),
            R::AssumeRoleWithWebIdentity(r) => Some(&r.credentials),
            R::AssumeRoot(r) => Some(&r.credentials),
            R::GetDelegatedAccessToken(r) => Some(&r.credentials),
            R::GetFederationToken(r) => Some(&r.credentials),
            R::GetSessionToken(r) => Some(&r.credentials),
            _ => None,
        }
    }

    /// Every string output member that is present, as (member, value) pairs.
    pub fn strings(&self) -> Vec<(OutputMember, &str)> {
        use AnyResponse as R;
        use OutputMember as O;
        let mut out: Vec<(OutputMember, Option<&str>)> = Vec::new();
        fn user(u: &Option<AssumedRoleUser>) -> [(OutputMember, Option<&str>); 2] {
            let u = u.as_ref();
            [
                (OutputMember::AssumedRoleId, u.map(|u| u.assumed_role_id.as_str())),
                (OutputMember::AssumedRoleArn, u.map(|u| u.arn.as_str())),
            ]
        }
        match self {
            R::AssumeRole(r) => {
                out.extend(user(&r.assumed_role_user));
                out.push((O::SourceIdentity, r.source_identity.as_deref()));
            }
            R::AssumeRoleWithSaml(r) => {
                out.extend(user(&r.assumed_role_user));
                out.extend([
                    (O::Subject, r.subject.as_deref()),
                    (O::SubjectType, r.subject_type.as_deref()),
                    (O::Issuer, r.issuer.as_deref()),
                    (O::Audience, r.audience.as_deref()),
                    (O::NameQualifier, r.name_qualifier.as_deref()),
                    (O::SourceIdentity, r.source_identity.as_deref()),
                ]);
            }
            R::AssumeRoleWithWebIdentity(r) => {
                out.extend(user(&r.assumed_role_user));
                out.extend([
                    (O::SubjectFromWebIdentityToken, r.subject_from_web_identity_token.as_deref()),
                    (O::Provider, r.provider.as_deref()),
                    (O::Audience, r.audience.as_deref()),
                    (O::SourceIdentity, r.source_identity.as_deref()),
                ]);
            }
            R::AssumeRoot(r) => out.push((O::SourceIdentity, r.source_identity.as_deref())),
            R::DecodeAuthorizationMessage(r) => out.push((O::DecodedMessage, r.decoded_message.as_deref())),
            R::GetAccessKeyInfo(r) => out.push((O::Account, r.account.as_deref())),
            R::GetCallerIdentity(r) => out.extend([
                (O::UserId, r.user_id.as_deref()),
                (O::Account, r.account.as_deref()),
                (O::Arn, r.arn.as_deref()),
            ]),
            R::GetDelegatedAccessToken(r) => out.push((O::AssumedPrincipal, r.assumed_principal.as_deref())),
            R::GetFederationToken(r) => {
                let u = r.federated_user.as_ref();
                out.extend([
                    (O::FederatedUserId, u.map(|u| u.federated_user_id.as_str())),
                    (O::FederatedUserArn, u.map(|u| u.arn.as_str())),
                ]);
            }
            R::GetSessionToken(_) => {}
            R::GetWebIdentityToken(r) => out.push((O::WebIdentityToken, Some(r.web_identity_token.expose()))),
        }
        out.into_iter().filter_map(|(m, v)| v.map(|v| (m, v))).collect()
    }

    /// `PackedPolicySize`, for the operations that return it.
    pub fn packed_policy_size(&self) -> Option<i32> {
        use AnyResponse as R;
        match self {
            R::AssumeRole(r) => r.packed_policy_size,
            R::AssumeRoleWithSaml(r) => r.packed_policy_size,
            R::AssumeRoleWithWebIdentity(r) => r.packed_policy_size,
            R::GetDelegatedAccessToken(r) => r.packed_policy_size,
            R::GetFederationToken(r) => r.packed_policy_size,
            _ => None,
        }
    }

    /// `Expiration` of GetWebIdentityToken's token.
    pub fn expiration(&self) -> Option<OffsetDateTime> {
        match self {
            AnyResponse::GetWebIdentityToken(r) => Some(r.expiration),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_unknown_numbers() {
        assert_eq!(OperationId::from_i32(11), Some(OperationId::GetWebIdentityToken));
        assert_eq!(OperationId::from_i32(0), None);
        assert_eq!(Member::from_i32(34), Some(Member::Audience));
        assert_eq!(Member::from_i32(20), None);
        assert_eq!(OutputMember::from_i32(40), Some(OutputMember::Expiration));
    }

    #[test]
    fn setters_reach_members_and_refuse_foreign_ones() {
        let mut r = AnyRequest::new(OperationId::AssumeRole);
        r.set_string(Member::RoleArn, "arn:aws:iam::123456789012:role/r").unwrap();
        r.set_int(Member::DurationSeconds, 900).unwrap();
        r.add_pair(Member::Tags, "k", "v").unwrap();
        r.add_string(Member::PolicyArns, "arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
        r.set_empty_list(Member::TransitiveTagKeys).unwrap();
        let AnyRequest::AssumeRole(a) = &r else { panic!() };
        assert_eq!(a.duration_seconds, Some(900));
        assert_eq!(a.tags.as_ref().unwrap()[0], Tag::new("k", "v"));
        assert_eq!(a.transitive_tag_keys, Some(vec![]));
        let e = r.set_string(Member::SamlAssertion, "x").unwrap_err();
        assert!(e.message().contains("AssumeRole has no member SamlAssertion"), "{e}");
        let mut g = AnyRequest::new(OperationId::GetCallerIdentity);
        assert!(g.set_int(Member::DurationSeconds, 900).is_err());
        assert!(g.add_pair(Member::Tags, "k", "v").is_err());
    }
}
