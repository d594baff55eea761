//! The error type of every stskit operation.
//!
//! One `Error` carries a coarse, stable `ErrorKind` (what went wrong, as the C ABI's status
//! reports it), a human-readable message that never contains secrets, and for errors returned by
//! STS itself the `ServiceError` detail: code, message, request id and HTTP status.

use std::fmt;

/// What went wrong, coarsely. The numbers are stable: the C ABI and the wrappers use them.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An argument failed validation before any network I/O.
    InvalidArgument = 1,
    /// The client configuration is unusable (region, endpoint, proxy, CA PEM, ...).
    Configuration = 2,
    /// A signed operation was called on a client without credentials.
    MissingCredentials = 3,
    /// STS answered with an error response; see [`Error::service_error`].
    Service = 4,
    /// A connect, read or overall timeout expired.
    Timeout = 5,
    /// The connection could not be made or broke (refused, reset, DNS failure, truncated).
    Network = 6,
    /// TLS failed: unknown CA, wrong host name, expired certificate, handshake error.
    Tls = 7,
    /// The response is not a valid STS response (not XML, malformed, missing elements, bad UTF-8).
    InvalidResponse = 8,
    /// The response body exceeded the configured size limit.
    ResponseTooLarge = 9,
    /// A credentials provider has no credentials yet (non-blocking read while refreshing).
    NotReady = 10,
    /// A bug in stskit (a panic caught at a boundary).
    Internal = 11,
    /// The client was shut down ([`Client::shutdown`](crate::Client::shutdown)) before or during
    /// the call.
    Cancelled = 12,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid argument",
            ErrorKind::Configuration => "invalid configuration",
            ErrorKind::MissingCredentials => "missing credentials",
            ErrorKind::Service => "service error",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network error",
            ErrorKind::Tls => "TLS error",
            ErrorKind::InvalidResponse => "invalid response",
            ErrorKind::ResponseTooLarge => "response too large",
            ErrorKind::NotReady => "not ready",
            ErrorKind::Internal => "internal error",
            ErrorKind::Cancelled => "cancelled",
        }
    }
}

/// The error codes STS is known to return, with stable numbers for the C ABI and wrappers.
/// `Other` means a code not in this list; the code string is still in [`ServiceError::code`].
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StsErrorCode {
    Other = 0,
    // Errors modeled in the STS service model (wire codes differ from shape names for some).
    ExpiredTokenException = 1,
    ExpiredTradeInTokenException = 2,
    IdpCommunicationError = 3,
    IdpRejectedClaim = 4,
    InvalidAuthorizationMessageException = 5,
    InvalidIdentityToken = 6,
    JwtPayloadSizeExceededException = 7,
    MalformedPolicyDocument = 8,
    OutboundWebIdentityFederationDisabledException = 9,
    PackedPolicyTooLarge = 10,
    RegionDisabledException = 11,
    SessionDurationEscalationException = 12,
    // Generic errors STS returns for every operation.
    ExpiredToken = 100,
    InvalidClientTokenId = 101,
    SignatureDoesNotMatch = 102,
    IncompleteSignature = 103,
    AccessDenied = 104,
    Throttling = 105,
    ValidationError = 106,
    RequestExpired = 107,
    MissingAuthenticationToken = 108,
    InternalFailure = 109,
    ServiceUnavailable = 110,
    InvalidAction = 111,
    MissingParameter = 112,
    InvalidParameterValue = 113,
    InvalidParameterCombination = 114,
    OptInRequired = 115,
    AccessDeniedException = 116,
    ThrottlingException = 117,
    RequestTimeTooSkewed = 118,
    InvalidSignatureException = 119,
}

/// (wire code, enum) for every known code; the one table both directions use.
const CODES: &[(&str, StsErrorCode)] = &[
    ("ExpiredTokenException", StsErrorCode::ExpiredTokenException),
    ("ExpiredTradeInTokenException", StsErrorCode::ExpiredTradeInTokenException),
    ("IDPCommunicationError", StsErrorCode::IdpCommunicationError),
    ("IDPRejectedClaim", StsErrorCode::IdpRejectedClaim),
    ("InvalidAuthorizationMessageException", StsErrorCode::InvalidAuthorizationMessageException),
    ("InvalidIdentityToken", StsErrorCode::InvalidIdentityToken),
    ("JWTPayloadSizeExceededException", StsErrorCode::JwtPayloadSizeExceededException),
    ("MalformedPolicyDocument", StsErrorCode::MalformedPolicyDocument),
    ("OutboundWebIdentityFederationDisabledException", StsErrorCode::OutboundWebIdentityFederationDisabledException),
    ("PackedPolicyTooLarge", StsErrorCode::PackedPolicyTooLarge),
    ("RegionDisabledException", StsErrorCode::RegionDisabledException),
    ("SessionDurationEscalationException", StsErrorCode::SessionDurationEscalationException),
    ("ExpiredToken", StsErrorCode::ExpiredToken),
    ("InvalidClientTokenId", StsErrorCode::InvalidClientTokenId),
    ("SignatureDoesNotMatch", StsErrorCode::SignatureDoesNotMatch),
    ("IncompleteSignature", StsErrorCode::IncompleteSignature),
    ("AccessDenied", StsErrorCode::AccessDenied),
    ("Throttling", StsErrorCode::Throttling),
    ("ValidationError", StsErrorCode::ValidationError),
    ("RequestExpired", StsErrorCode::RequestExpired),
    ("MissingAuthenticationToken", StsErrorCode::MissingAuthenticationToken),
    ("InternalFailure", StsErrorCode::InternalFailure),
    ("ServiceUnavailable", StsErrorCode::ServiceUnavailable),
    ("InvalidAction", StsErrorCode::InvalidAction),
    ("MissingParameter", StsErrorCode::MissingParameter),
    ("InvalidParameterValue", StsErrorCode::InvalidParameterValue),
    ("InvalidParameterCombination", StsErrorCode::InvalidParameterCombination),
    ("OptInRequired", StsErrorCode::OptInRequired),
    ("AccessDeniedException", StsErrorCode::AccessDeniedException),
    ("ThrottlingException", StsErrorCode::ThrottlingException),
    ("RequestTimeTooSkewed", StsErrorCode::RequestTimeTooSkewed),
    ("InvalidSignatureException", StsErrorCode::InvalidSignatureException),
];

impl StsErrorCode {
    /// The enum for a wire `<Code>`; `Other` for codes not in the table.
    pub fn from_code(code: &str) -> Self {
        CODES.iter().find(|(c, _)| *c == code).map_or(StsErrorCode::Other, |(_, e)| *e)
    }

    /// The wire `<Code>` (`None` for `Other`).
    pub fn code(self) -> Option<&'static str> {
        CODES.iter().find(|(_, e)| *e == self).map(|(c, _)| *c)
    }

    /// Every known code, for tests and wrapper generators.
    pub fn all() -> impl Iterator<Item = (&'static str, StsErrorCode)> {
        CODES.iter().copied()
    }
}

/// An error response from STS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The wire `<Code>`, e.g. `ExpiredTokenException` or `Throttling`.
    pub code: String,
    /// The `<Message>` text.
    pub message: String,
    /// `Sender` or `Receiver`.
    pub error_type: String,
    /// The request id from `<RequestId>` or the `x-amzn-RequestId` header.
    pub request_id: String,
    /// The HTTP status code.
    pub http_status: u16,
}

impl ServiceError {
    pub fn sts_code(&self) -> StsErrorCode {
        StsErrorCode::from_code(&self.code)
    }
}

/// The error of every stskit operation.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    service: Option<Box<ServiceError>>,
    retryable: bool,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let retryable = matches!(kind, ErrorKind::Timeout | ErrorKind::Network);
        Error { kind, message: message.into(), service: None, retryable }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    pub fn invalid_response(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidResponse, message)
    }

    pub fn configuration(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Configuration, message)
    }

    pub fn service(err: ServiceError) -> Self {
        let retryable = crate::retry::is_retryable_service_error(&err);
        let message = err.message.clone();
        Error { kind: ErrorKind::Service, message, service: Some(Box::new(err)), retryable }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind prefix that `Display` adds. Never contains secrets.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// STS's error detail when `kind()` is `Service`.
    pub fn service_error(&self) -> Option<&ServiceError> {
        self.service.as_deref()
    }

    /// The STS error code enum (`Other` for unknown codes); `None` unless `kind()` is `Service`.
    pub fn sts_code(&self) -> Option<StsErrorCode> {
        self.service.as_ref().map(|s| s.sts_code())
    }

    /// The request id STS gave, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.service.as_ref().map(|s| s.request_id.as_str()).filter(|s| !s.is_empty())
    }

    /// The HTTP status when STS answered.
    pub fn http_status(&self) -> Option<u16> {
        self.service.as_ref().map(|s| s.http_status)
    }

    /// Whether trying again later may succeed (throttling, 5xx, transient network failures).
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    pub(crate) fn with_context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// Replaces every occurrence of `secret` in the messages with `<redacted>` (STS quotes the
    /// canonical request, session token included, in `SignatureDoesNotMatch` messages).
    pub(crate) fn redact(mut self, secret: &str) -> Self {
        fn scrub(text: &mut String, secret: &str) {
            if text.contains(secret) {
                let clean = text.replace(secret, "<redacted>");
                zeroize::Zeroize::zeroize(text);
                *text = clean;
            }
        }
        if !secret.is_empty() {
            scrub(&mut self.message, secret);
            if let Some(s) = self.service.as_mut() {
                scrub(&mut s.message, secret);
            }
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.service {
            Some(s) => write!(
                f,
                "STS error {}(HTTP {}, request id {}): {}",
                if s.code.is_empty() { String::new() } else { format!("{} ", s.code) },
                s.http_status,
                if s.request_id.is_empty() { "none" } else { &s.request_id },
                s.message
            ),
            None => write!(f, "{}: {}", self.kind.as_str(), self.message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_table_round_trips() {
        for (code, e) in StsErrorCode::all() {
            assert_eq!(StsErrorCode::from_code(code), e);
            assert_eq!(e.code(), Some(code));
        }
        assert_eq!(StsErrorCode::from_code("NoSuchThing"), StsErrorCode::Other);
    }

    #[test]
    fn display_names_code_status_and_request_id() {
        let e = Error::service(ServiceError {
            code: "ExpiredToken".into(),
            message: "The security token included in the request is expired".into(),
            error_type: "Sender".into(),
            request_id: "abc".into(),
            http_status: 403,
        });
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.sts_code(), Some(StsErrorCode::ExpiredToken));
        assert!(e.to_string().contains("ExpiredToken (HTTP 403, request id abc)"));
    }
}
