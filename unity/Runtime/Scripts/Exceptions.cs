using System;
using System.Net;

namespace StsKit
{
    /// <summary>What the native error object says about a failed call.</summary>
    internal sealed class ErrorDetail
    {
        internal StskitStatus Status;
        internal string Message;
        internal string ErrorCode;
        internal StskitStsError StsError;
        internal string RequestId;
        internal int HttpStatus;
        internal bool Retryable;

        internal static ErrorDetail OfStatus(StskitStatus status, string message)
        {
            return new ErrorDetail { Status = status, Message = message, ErrorCode = string.Empty, RequestId = string.Empty };
        }
    }

    /// <summary>
    /// Every failure of an STS call, of the client's configuration or of a credentials provider.
    /// STS's modeled errors have their own subclasses (named as in AWSSDK.SecurityToken); other STS
    /// codes (AccessDenied, Throttling, ...) arrive as this class with <see cref="ErrorCode"/> set;
    /// failures that did not come from STS have StsKit* subclasses. <c>catch
    /// (AmazonSecurityTokenServiceException)</c> catches them all.
    /// </summary>
    public class AmazonSecurityTokenServiceException : Exception
    {
        public AmazonSecurityTokenServiceException(string message) : this(message, null)
        {
        }

        public AmazonSecurityTokenServiceException(string message, Exception innerException)
            : base(message, innerException)
        {
            ErrorCode = string.Empty;
            RequestId = string.Empty;
            Status = StskitStatus.ServiceError;
        }

        internal AmazonSecurityTokenServiceException(ErrorDetail detail, Exception innerException)
            : base(detail.Message, innerException)
        {
            ErrorCode = detail.ErrorCode ?? string.Empty;
            StsError = detail.StsError;
            RequestId = detail.RequestId ?? string.Empty;
            StatusCode = (HttpStatusCode)detail.HttpStatus;
            Retryable = detail.Retryable;
            Status = detail.Status;
        }

        /// <summary>STS's error code as sent, e.g. "ExpiredTokenException", "IDPRejectedClaim" or
        /// "AccessDenied"; "" when STS did not answer with an error.</summary>
        public string ErrorCode { get; private set; }

        /// <summary>The error code as an enum; <c>Other</c> for codes not in it and non-STS failures.</summary>
        public StskitStsError StsError { get; private set; }

        /// <summary>STS's request id; "" if there was none.</summary>
        public string RequestId { get; private set; }

        /// <summary>The HTTP status STS answered with; 0 if there was no HTTP response.</summary>
        public HttpStatusCode StatusCode { get; private set; }

        /// <summary>Whether the same call may succeed later. The client has already retried.</summary>
        public bool Retryable { get; private set; }

        /// <summary>The native status of the failed call (ServiceError for STS errors).</summary>
        public StskitStatus Status { get; private set; }
    }

    // ---- STS's modeled errors (AWSSDK.SecurityToken.Model names) -----------------------------

    /// <summary>The web identity token or SAML assertion has expired (wire code ExpiredTokenException).</summary>
    public class ExpiredTokenException : AmazonSecurityTokenServiceException
    {
        public ExpiredTokenException(string message) : base(message) { }
        public ExpiredTokenException(string message, Exception innerException) : base(message, innerException) { }
        internal ExpiredTokenException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The trade-in token of GetDelegatedAccessToken has expired.</summary>
    public class ExpiredTradeInTokenException : AmazonSecurityTokenServiceException
    {
        public ExpiredTradeInTokenException(string message) : base(message) { }
        public ExpiredTradeInTokenException(string message, Exception innerException) : base(message, innerException) { }
        internal ExpiredTradeInTokenException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>STS could not reach the identity provider (wire code IDPCommunicationError).</summary>
    public class IDPCommunicationErrorException : AmazonSecurityTokenServiceException
    {
        public IDPCommunicationErrorException(string message) : base(message) { }
        public IDPCommunicationErrorException(string message, Exception innerException) : base(message, innerException) { }
        internal IDPCommunicationErrorException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The identity provider rejected the claim (wire code IDPRejectedClaim, HTTP 403).</summary>
    public class IDPRejectedClaimException : AmazonSecurityTokenServiceException
    {
        public IDPRejectedClaimException(string message) : base(message) { }
        public IDPRejectedClaimException(string message, Exception innerException) : base(message, innerException) { }
        internal IDPRejectedClaimException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>DecodeAuthorizationMessage got an invalid or expired message.</summary>
    public class InvalidAuthorizationMessageException : AmazonSecurityTokenServiceException
    {
        public InvalidAuthorizationMessageException(string message) : base(message) { }
        public InvalidAuthorizationMessageException(string message, Exception innerException) : base(message, innerException) { }
        internal InvalidAuthorizationMessageException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The web identity token or SAML assertion failed validation (wire code InvalidIdentityToken).</summary>
    public class InvalidIdentityTokenException : AmazonSecurityTokenServiceException
    {
        public InvalidIdentityTokenException(string message) : base(message) { }
        public InvalidIdentityTokenException(string message, Exception innerException) : base(message, innerException) { }
        internal InvalidIdentityTokenException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>GetWebIdentityToken: the tags make the JWT too large.</summary>
    public class JWTPayloadSizeExceededException : AmazonSecurityTokenServiceException
    {
        public JWTPayloadSizeExceededException(string message) : base(message) { }
        public JWTPayloadSizeExceededException(string message, Exception innerException) : base(message, innerException) { }
        internal JWTPayloadSizeExceededException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The session policy is invalid (wire code MalformedPolicyDocument).</summary>
    public class MalformedPolicyDocumentException : AmazonSecurityTokenServiceException
    {
        public MalformedPolicyDocumentException(string message) : base(message) { }
        public MalformedPolicyDocumentException(string message, Exception innerException) : base(message, innerException) { }
        internal MalformedPolicyDocumentException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>GetWebIdentityToken: outbound web identity federation is not enabled for the account.</summary>
    public class OutboundWebIdentityFederationDisabledException : AmazonSecurityTokenServiceException
    {
        public OutboundWebIdentityFederationDisabledException(string message) : base(message) { }
        public OutboundWebIdentityFederationDisabledException(string message, Exception innerException) : base(message, innerException) { }
        internal OutboundWebIdentityFederationDisabledException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>Session policies and tags exceed the packed size limit (wire code PackedPolicyTooLarge).</summary>
    public class PackedPolicyTooLargeException : AmazonSecurityTokenServiceException
    {
        public PackedPolicyTooLargeException(string message) : base(message) { }
        public PackedPolicyTooLargeException(string message, Exception innerException) : base(message, innerException) { }
        internal PackedPolicyTooLargeException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>STS is not activated in this region for the account.</summary>
    public class RegionDisabledException : AmazonSecurityTokenServiceException
    {
        public RegionDisabledException(string message) : base(message) { }
        public RegionDisabledException(string message, Exception innerException) : base(message, innerException) { }
        internal RegionDisabledException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>GetWebIdentityToken: the requested lifetime exceeds the caller's session.</summary>
    public class SessionDurationEscalationException : AmazonSecurityTokenServiceException
    {
        public SessionDurationEscalationException(string message) : base(message) { }
        public SessionDurationEscalationException(string message, Exception innerException) : base(message, innerException) { }
        internal SessionDurationEscalationException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    // ---- failures that did not come from STS --------------------------------------------------

    /// <summary>A request member or argument is invalid (checked before anything is sent).</summary>
    public class StsKitValidationException : AmazonSecurityTokenServiceException
    {
        public StsKitValidationException(string message) : base(ErrorDetail.OfStatus(StskitStatus.InvalidArgument, message), null) { }
        internal StsKitValidationException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The client configuration is unusable (region, endpoint, proxy, CA PEM, plain HTTP).</summary>
    public class StsKitConfigurationException : AmazonSecurityTokenServiceException
    {
        public StsKitConfigurationException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Configuration, message), null) { }
        internal StsKitConfigurationException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>A signed operation was called on a client without credentials.</summary>
    public class StsKitMissingCredentialsException : AmazonSecurityTokenServiceException
    {
        public StsKitMissingCredentialsException(string message) : base(ErrorDetail.OfStatus(StskitStatus.MissingCredentials, message), null) { }
        internal StsKitMissingCredentialsException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>Connecting, waiting for the response, or the whole attempt took too long.</summary>
    public class StsKitTimeoutException : AmazonSecurityTokenServiceException
    {
        public StsKitTimeoutException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Timeout, message), null) { }
        internal StsKitTimeoutException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The connection failed or broke (DNS, refused, reset, proxy).</summary>
    public class StsKitNetworkException : AmazonSecurityTokenServiceException
    {
        public StsKitNetworkException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Network, message), null) { }
        internal StsKitNetworkException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The TLS handshake failed (untrusted, expired or wrong-host certificate).</summary>
    public class StsKitTlsException : AmazonSecurityTokenServiceException
    {
        public StsKitTlsException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Tls, message), null) { }
        internal StsKitTlsException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The response was not a valid STS response.</summary>
    public class StsKitInvalidResponseException : AmazonSecurityTokenServiceException
    {
        public StsKitInvalidResponseException(string message) : base(ErrorDetail.OfStatus(StskitStatus.InvalidResponse, message), null) { }
        internal StsKitInvalidResponseException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The response body exceeded the configured maximum size.</summary>
    public class StsKitResponseTooLargeException : AmazonSecurityTokenServiceException
    {
        public StsKitResponseTooLargeException(string message) : base(ErrorDetail.OfStatus(StskitStatus.ResponseTooLarge, message), null) { }
        internal StsKitResponseTooLargeException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>A credentials provider has no credentials yet; a refresh is under way.</summary>
    public class StsKitNotReadyException : AmazonSecurityTokenServiceException
    {
        public StsKitNotReadyException(string message) : base(ErrorDetail.OfStatus(StskitStatus.NotReady, message), null) { }
        internal StsKitNotReadyException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The client was shut down (<c>Shutdown()</c>) before or during the call.</summary>
    public class StsKitCancelledException : AmazonSecurityTokenServiceException
    {
        public StsKitCancelledException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Cancelled, message), null) { }
        internal StsKitCancelledException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>A bug in stskit or in this wrapper (Internal, Panic, or an unexpected status).</summary>
    public class StsKitInternalException : AmazonSecurityTokenServiceException
    {
        public StsKitInternalException(string message) : base(ErrorDetail.OfStatus(StskitStatus.Internal, message), null) { }
        internal StsKitInternalException(ErrorDetail d, Exception inner) : base(d, inner) { }
    }

    /// <summary>The native library is missing, or its ABI does not match this wrapper.</summary>
    public class StsKitNativeLibraryException : AmazonSecurityTokenServiceException
    {
        public StsKitNativeLibraryException(string message) : this(message, null) { }
        public StsKitNativeLibraryException(string message, Exception innerException)
            : base(ErrorDetail.OfStatus(StskitStatus.Internal, message), innerException) { }
    }

    /// <summary>Turns native statuses and error objects into exceptions. No reflection: one switch.</summary>
    internal static class Errors
    {
        /// <summary>Reads and frees the native error (if any) of a failed call; returns the exception.</summary>
        internal static AmazonSecurityTokenServiceException Take(StskitStatus status, IntPtr err, Exception inner = null)
        {
            ErrorDetail detail;
            if (err == IntPtr.Zero)
            {
                detail = ErrorDetail.OfStatus(status, Describe(status));
            }
            else
            {
                using (var handle = new ErrorHandle(err))
                {
                    detail = Read(handle);
                }
                if (detail.Status == StskitStatus.Ok)
                {
                    detail.Status = status;
                }
            }
            return Create(detail, inner);
        }

        internal static ErrorDetail Read(ErrorHandle handle)
        {
            var d = new ErrorDetail();
            d.Status = NativeMethods.stskit_error_status(handle);
            d.Message = Utf8.FromNative(NativeMethods.stskit_error_message(handle));
            d.ErrorCode = Utf8.FromNative(NativeMethods.stskit_error_code(handle)) ?? string.Empty;
            d.StsError = NativeMethods.stskit_error_sts_code(handle);
            d.RequestId = Utf8.FromNative(NativeMethods.stskit_error_request_id(handle)) ?? string.Empty;
            d.HttpStatus = NativeMethods.stskit_error_http_status(handle);
            d.Retryable = NativeMethods.stskit_error_is_retryable(handle);
            if (string.IsNullOrEmpty(d.Message))
            {
                d.Message = Describe(d.Status);
            }
            return d;
        }

        /// <summary>Throws for a status-only call (config setters, request members) that failed.</summary>
        internal static void Check(StskitStatus status, string what)
        {
            if (status != StskitStatus.Ok)
            {
                throw Create(ErrorDetail.OfStatus(status, what + ": " + Describe(status)), null);
            }
        }

        internal static string Describe(StskitStatus status)
        {
            switch (status)
            {
                case StskitStatus.InvalidArgument: return "invalid argument";
                case StskitStatus.Configuration: return "invalid configuration";
                case StskitStatus.MissingCredentials: return "the client has no credentials";
                case StskitStatus.ServiceError: return "STS returned an error";
                case StskitStatus.Timeout: return "timed out";
                case StskitStatus.Network: return "network error";
                case StskitStatus.Tls: return "TLS error";
                case StskitStatus.InvalidResponse: return "invalid response";
                case StskitStatus.ResponseTooLarge: return "response too large";
                case StskitStatus.NotReady: return "credentials are being fetched; try again shortly";
                case StskitStatus.Cancelled: return "the client was shut down";
                case StskitStatus.NullArgument: return "a required value is missing";
                case StskitStatus.InvalidUtf8: return "a string is not valid UTF-8";
                case StskitStatus.UnknownMember: return "the operation has no such member";
                case StskitStatus.NotPresent: return "the value is not present";
                case StskitStatus.Panic: return "stskit panicked (a bug in stskit)";
                default: return "stskit error " + (int)status;
            }
        }

        internal static AmazonSecurityTokenServiceException Create(ErrorDetail d, Exception inner)
        {
            switch (d.StsError)
            {
                case StskitStsError.ExpiredTokenException: return new ExpiredTokenException(d, inner);
                case StskitStsError.ExpiredTradeInTokenException: return new ExpiredTradeInTokenException(d, inner);
                case StskitStsError.IdpCommunicationError: return new IDPCommunicationErrorException(d, inner);
                case StskitStsError.IdpRejectedClaim: return new IDPRejectedClaimException(d, inner);
                case StskitStsError.InvalidAuthorizationMessageException: return new InvalidAuthorizationMessageException(d, inner);
                case StskitStsError.InvalidIdentityToken: return new InvalidIdentityTokenException(d, inner);
                case StskitStsError.JwtPayloadSizeExceededException: return new JWTPayloadSizeExceededException(d, inner);
                case StskitStsError.MalformedPolicyDocument: return new MalformedPolicyDocumentException(d, inner);
                case StskitStsError.OutboundWebIdentityFederationDisabledException: return new OutboundWebIdentityFederationDisabledException(d, inner);
                case StskitStsError.PackedPolicyTooLarge: return new PackedPolicyTooLargeException(d, inner);
                case StskitStsError.RegionDisabledException: return new RegionDisabledException(d, inner);
                case StskitStsError.SessionDurationEscalationException: return new SessionDurationEscalationException(d, inner);
            }
            switch (d.Status)
            {
                case StskitStatus.ServiceError: return new AmazonSecurityTokenServiceException(d, inner);
                case StskitStatus.InvalidArgument:
                case StskitStatus.NullArgument:
                case StskitStatus.InvalidUtf8:
                case StskitStatus.UnknownMember:
                    return new StsKitValidationException(d, inner);
                case StskitStatus.Configuration: return new StsKitConfigurationException(d, inner);
                case StskitStatus.MissingCredentials: return new StsKitMissingCredentialsException(d, inner);
                case StskitStatus.Timeout: return new StsKitTimeoutException(d, inner);
                case StskitStatus.Network: return new StsKitNetworkException(d, inner);
                case StskitStatus.Tls: return new StsKitTlsException(d, inner);
                case StskitStatus.InvalidResponse: return new StsKitInvalidResponseException(d, inner);
                case StskitStatus.ResponseTooLarge: return new StsKitResponseTooLargeException(d, inner);
                case StskitStatus.NotReady: return new StsKitNotReadyException(d, inner);
                case StskitStatus.Cancelled: return new StsKitCancelledException(d, inner);
                default: return new StsKitInternalException(d, inner);
            }
        }
    }
}
