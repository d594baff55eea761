using System;
using System.Net;

namespace StsKit
{
    public class AssumeRoleResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }
        public AssumedRoleUser AssumedRoleUser { get; set; }

        /// <summary>Percentage of the packed size limit the session policies and tags use.</summary>
        public int? PackedPolicySize { get; set; }

        public string SourceIdentity { get; set; }

        internal static AssumeRoleResponse Read(NativeResponse r)
        {
            var o = r.Fill(new AssumeRoleResponse());
            o.Credentials = r.Credentials();
            o.AssumedRoleUser = r.AssumedRoleUser();
            o.PackedPolicySize = r.PackedPolicySize();
            o.SourceIdentity = r.String(StskitOutput.SourceIdentity);
            return o;
        }
    }

    public class AssumeRoleWithSAMLResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }
        public AssumedRoleUser AssumedRoleUser { get; set; }
        public int? PackedPolicySize { get; set; }

        /// <summary>The NameID of the assertion's subject.</summary>
        public string Subject { get; set; }

        /// <summary>The NameID format without its urn prefix, e.g. "persistent" or "transient".</summary>
        public string SubjectType { get; set; }

        public string Issuer { get; set; }

        /// <summary>The Recipient of the assertion's SubjectConfirmationData.</summary>
        public string Audience { get; set; }

        public string NameQualifier { get; set; }
        public string SourceIdentity { get; set; }

        internal static AssumeRoleWithSAMLResponse Read(NativeResponse r)
        {
            var o = r.Fill(new AssumeRoleWithSAMLResponse());
            o.Credentials = r.Credentials();
            o.AssumedRoleUser = r.AssumedRoleUser();
            o.PackedPolicySize = r.PackedPolicySize();
            o.Subject = r.String(StskitOutput.Subject);
            o.SubjectType = r.String(StskitOutput.SubjectType);
            o.Issuer = r.String(StskitOutput.Issuer);
            o.Audience = r.String(StskitOutput.Audience);
            o.NameQualifier = r.String(StskitOutput.NameQualifier);
            o.SourceIdentity = r.String(StskitOutput.SourceIdentity);
            return o;
        }
    }

    public class AssumeRoleWithWebIdentityResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }

        /// <summary>The token's sub claim.</summary>
        public string SubjectFromWebIdentityToken { get; set; }

        public AssumedRoleUser AssumedRoleUser { get; set; }
        public int? PackedPolicySize { get; set; }

        /// <summary>The token's iss claim (or the ProviderId of an OAuth 2.0 provider).</summary>
        public string Provider { get; set; }

        /// <summary>The token's aud claim (the client id).</summary>
        public string Audience { get; set; }

        public string SourceIdentity { get; set; }

        internal static AssumeRoleWithWebIdentityResponse Read(NativeResponse r)
        {
            var o = r.Fill(new AssumeRoleWithWebIdentityResponse());
            o.Credentials = r.Credentials();
            o.SubjectFromWebIdentityToken = r.String(StskitOutput.SubjectFromWebIdentityToken);
            o.AssumedRoleUser = r.AssumedRoleUser();
            o.PackedPolicySize = r.PackedPolicySize();
            o.Provider = r.String(StskitOutput.Provider);
            o.Audience = r.String(StskitOutput.Audience);
            o.SourceIdentity = r.String(StskitOutput.SourceIdentity);
            return o;
        }
    }

    public class AssumeRootResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }
        public string SourceIdentity { get; set; }

        internal static AssumeRootResponse Read(NativeResponse r)
        {
            var o = r.Fill(new AssumeRootResponse());
            o.Credentials = r.Credentials();
            o.SourceIdentity = r.String(StskitOutput.SourceIdentity);
            return o;
        }
    }

    public class DecodeAuthorizationMessageResponse : AmazonWebServiceResponse
    {
        /// <summary>The decoded message, a JSON document.</summary>
        public string DecodedMessage { get; set; }

        internal static DecodeAuthorizationMessageResponse Read(NativeResponse r)
        {
            var o = r.Fill(new DecodeAuthorizationMessageResponse());
            o.DecodedMessage = r.String(StskitOutput.DecodedMessage);
            return o;
        }
    }

    public class GetAccessKeyInfoResponse : AmazonWebServiceResponse
    {
        public string Account { get; set; }

        internal static GetAccessKeyInfoResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetAccessKeyInfoResponse());
            o.Account = r.String(StskitOutput.Account);
            return o;
        }
    }

    public class GetCallerIdentityResponse : AmazonWebServiceResponse
    {
        public string UserId { get; set; }
        public string Account { get; set; }
        public string Arn { get; set; }

        internal static GetCallerIdentityResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetCallerIdentityResponse());
            o.UserId = r.String(StskitOutput.UserId);
            o.Account = r.String(StskitOutput.Account);
            o.Arn = r.String(StskitOutput.Arn);
            return o;
        }
    }

    public class GetDelegatedAccessTokenResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }
        public int? PackedPolicySize { get; set; }
        public string AssumedPrincipal { get; set; }

        internal static GetDelegatedAccessTokenResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetDelegatedAccessTokenResponse());
            o.Credentials = r.Credentials();
            o.PackedPolicySize = r.PackedPolicySize();
            o.AssumedPrincipal = r.String(StskitOutput.AssumedPrincipal);
            return o;
        }
    }

    public class GetFederationTokenResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }
        public FederatedUser FederatedUser { get; set; }
        public int? PackedPolicySize { get; set; }

        internal static GetFederationTokenResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetFederationTokenResponse());
            o.Credentials = r.Credentials();
            string id = r.String(StskitOutput.FederatedUserId);
            string arn = r.String(StskitOutput.FederatedUserArn);
            if (id != null || arn != null)
            {
                o.FederatedUser = new FederatedUser { FederatedUserId = id, Arn = arn };
            }
            o.PackedPolicySize = r.PackedPolicySize();
            return o;
        }
    }

    public class GetSessionTokenResponse : AmazonWebServiceResponse
    {
        public Credentials Credentials { get; set; }

        internal static GetSessionTokenResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetSessionTokenResponse());
            o.Credentials = r.Credentials();
            return o;
        }
    }

    public class GetWebIdentityTokenResponse : AmazonWebServiceResponse
    {
        /// <summary>The signed JWT. A secret: do not log it.</summary>
        public string WebIdentityToken { get; set; }

        /// <summary>When the token expires, in UTC.</summary>
        public DateTime Expiration { get; set; }

        internal static GetWebIdentityTokenResponse Read(NativeResponse r)
        {
            var o = r.Fill(new GetWebIdentityTokenResponse());
            o.WebIdentityToken = r.String(StskitOutput.WebIdentityToken);
            long expiration;
            if (NativeMethods.stskit_response_expiration_unix(r.Handle, out expiration) == StskitStatus.Ok)
            {
                o.Expiration = UnixTime.ToDateTime(expiration);
            }
            return o;
        }
    }

    /// <summary>Reads a native response. Every string and the credentials are borrowed from it, so
    /// everything is copied before it is freed (which wipes the secrets natively).</summary>
    internal sealed class NativeResponse : IDisposable
    {
        internal NativeResponse(IntPtr pointer)
        {
            Handle = new ResponseHandle(pointer);
        }

        internal ResponseHandle Handle { get; private set; }

        public void Dispose()
        {
            Handle.Dispose();
        }

        internal T Fill<T>(T response) where T : AmazonWebServiceResponse
        {
            response.ResponseMetadata.RequestId = Utf8.FromNative(NativeMethods.stskit_response_request_id(Handle));
            response.HttpStatusCode = (HttpStatusCode)NativeMethods.stskit_response_http_status(Handle);
            response.ContentLength = (long)NativeMethods.stskit_response_content_length(Handle);
            return response;
        }

        internal string String(StskitOutput member)
        {
            return Utf8.FromNative(NativeMethods.stskit_response_string(Handle, (int)member));
        }

        internal int? PackedPolicySize()
        {
            int value;
            var status = NativeMethods.stskit_response_int(Handle, (int)StskitOutput.PackedPolicySize, out value);
            return status == StskitStatus.Ok ? value : (int?)null;
        }

        internal Credentials Credentials()
        {
            // The pointer is borrowed from the response: read it while the handle is referenced.
            bool added = false;
            try
            {
                Handle.DangerousAddRef(ref added);
                return StsKit.Credentials.FromBorrowed(NativeMethods.stskit_response_credentials(Handle));
            }
            finally
            {
                if (added)
                {
                    Handle.DangerousRelease();
                }
            }
        }

        internal AssumedRoleUser AssumedRoleUser()
        {
            string id = String(StskitOutput.AssumedRoleId);
            string arn = String(StskitOutput.AssumedRoleArn);
            return id == null && arn == null ? null : new AssumedRoleUser { AssumedRoleId = id, Arn = arn };
        }
    }
}
