using System;
using System.Collections.Generic;
using System.Net;

namespace StsKit
{
    /// <summary>Temporary credentials issued by STS (AWSSDK.SecurityToken.Model.Credentials). Like
    /// AWSSDK's, it is an <see cref="AWSCredentials"/>, so a response's credentials can sign the
    /// next client (role chaining).</summary>
    public class Credentials : AWSCredentials
    {
        public Credentials()
        {
        }

        public Credentials(string accessKeyId, string secretAccessKey, string sessionToken, DateTime expiration)
        {
            AccessKeyId = accessKeyId;
            SecretAccessKey = secretAccessKey;
            SessionToken = sessionToken;
            Expiration = expiration;
        }

        public string AccessKeyId { get; set; }
        public string SecretAccessKey { get; set; }
        public string SessionToken { get; set; }

        /// <summary>When the credentials expire, in UTC (DateTimeKind.Utc).</summary>
        public DateTime Expiration { get; set; }

        public override ImmutableCredentials GetCredentials()
        {
            return new ImmutableCredentials(AccessKeyId, SecretAccessKey, SessionToken,
                Expiration == default(DateTime) ? (DateTime?)null : Expiration);
        }

        /// <summary>Never prints the secret key or token.</summary>
        public override string ToString()
        {
            return "Credentials(" + AccessKeyId + ", expires " + Expiration.ToString("u") + ")";
        }

        internal static Credentials FromBorrowed(IntPtr creds)
        {
            if (creds == IntPtr.Zero)
            {
                return null;
            }
            return new Credentials(
                Utf8.FromNative(NativeMethods.stskit_credentials_access_key_id(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_secret_access_key(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_session_token(creds)),
                UnixTime.ToDateTime(NativeMethods.stskit_credentials_expiration_unix(creds)));
        }
    }

    /// <summary>The role session of AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity.</summary>
    public class AssumedRoleUser
    {
        /// <summary>"AROA...:session-name".</summary>
        public string AssumedRoleId { get; set; }

        /// <summary>"arn:aws:sts::123456789012:assumed-role/Role/session-name".</summary>
        public string Arn { get; set; }
    }

    /// <summary>The federated user of GetFederationToken.</summary>
    public class FederatedUser
    {
        /// <summary>"123456789012:name".</summary>
        public string FederatedUserId { get; set; }

        public string Arn { get; set; }
    }

    /// <summary>A managed policy to use as a session policy.</summary>
    public class PolicyDescriptorType
    {
        public PolicyDescriptorType()
        {
        }

        public PolicyDescriptorType(string arn)
        {
            Arn = arn;
        }

        public string Arn { get; set; }
    }

    /// <summary>A session tag.</summary>
    public class Tag
    {
        public Tag()
        {
        }

        public Tag(string key, string value)
        {
            Key = key;
            Value = value;
        }

        public string Key { get; set; }
        public string Value { get; set; }
    }

    /// <summary>A context assertion from a trusted context provider (AssumeRole).</summary>
    public class ProvidedContext
    {
        public string ProviderArn { get; set; }
        public string ContextAssertion { get; set; }
    }

    /// <summary>Metadata of a response.</summary>
    public class ResponseMetadata
    {
        public ResponseMetadata()
        {
            Metadata = new Dictionary<string, string>();
        }

        /// <summary>STS's request id (x-amzn-RequestId), as AWS support asks for it.</summary>
        public string RequestId { get; set; }

        /// <summary>Always empty; kept for source compatibility with AWSSDK.</summary>
        public IDictionary<string, string> Metadata { get; private set; }
    }

    /// <summary>What every response has (AWSSDK's Amazon.Runtime.AmazonWebServiceResponse).</summary>
    public abstract class AmazonWebServiceResponse
    {
        protected AmazonWebServiceResponse()
        {
            ResponseMetadata = new ResponseMetadata();
        }

        public ResponseMetadata ResponseMetadata { get; set; }

        /// <summary>The length of the response body in bytes.</summary>
        public long ContentLength { get; set; }

        public HttpStatusCode HttpStatusCode { get; set; }
    }
}
