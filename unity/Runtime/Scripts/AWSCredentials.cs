using System;

namespace StsKit
{
    /// <summary>Credentials a client signs with (AWSSDK's Amazon.Runtime.AWSCredentials).</summary>
    public abstract class AWSCredentials
    {
        /// <summary>The keys to sign with; null for anonymous (unsigned) access.</summary>
        public abstract ImmutableCredentials GetCredentials();
    }

    /// <summary>Long-term keys: an access key id and a secret access key.</summary>
    public class BasicAWSCredentials : AWSCredentials
    {
        private readonly ImmutableCredentials _credentials;

        public BasicAWSCredentials(string accessKey, string secretKey)
        {
            if (string.IsNullOrEmpty(accessKey)) throw new ArgumentNullException("accessKey");
            if (string.IsNullOrEmpty(secretKey)) throw new ArgumentNullException("secretKey");
            _credentials = new ImmutableCredentials(accessKey, secretKey, null);
        }

        public override ImmutableCredentials GetCredentials()
        {
            return _credentials;
        }
    }

    /// <summary>Temporary keys: access key id, secret access key and session token.</summary>
    public class SessionAWSCredentials : AWSCredentials
    {
        private readonly ImmutableCredentials _credentials;

        public SessionAWSCredentials(string awsAccessKeyId, string awsSecretAccessKey, string token)
        {
            if (string.IsNullOrEmpty(awsAccessKeyId)) throw new ArgumentNullException("awsAccessKeyId");
            if (string.IsNullOrEmpty(awsSecretAccessKey)) throw new ArgumentNullException("awsSecretAccessKey");
            if (string.IsNullOrEmpty(token)) throw new ArgumentNullException("token");
            _credentials = new ImmutableCredentials(awsAccessKeyId, awsSecretAccessKey, token);
        }

        public override ImmutableCredentials GetCredentials()
        {
            return _credentials;
        }
    }

    /// <summary>No credentials: only the unsigned operations (AssumeRoleWithSAML,
    /// AssumeRoleWithWebIdentity) can be called.</summary>
    public class AnonymousAWSCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials()
        {
            return null;
        }
    }

    /// <summary>An immutable set of keys (AWSSDK's Amazon.Runtime.ImmutableCredentials), plus the
    /// expiry of temporary credentials.</summary>
    public class ImmutableCredentials
    {
        public ImmutableCredentials(string awsAccessKeyId, string awsSecretAccessKey, string token)
            : this(awsAccessKeyId, awsSecretAccessKey, token, null)
        {
        }

        public ImmutableCredentials(string awsAccessKeyId, string awsSecretAccessKey, string token, DateTime? expiration)
        {
            if (string.IsNullOrEmpty(awsAccessKeyId)) throw new ArgumentNullException("awsAccessKeyId");
            if (string.IsNullOrEmpty(awsSecretAccessKey)) throw new ArgumentNullException("awsSecretAccessKey");
            AccessKey = awsAccessKeyId;
            SecretKey = awsSecretAccessKey;
            Token = token ?? string.Empty;
            Expiration = expiration;
        }

        public string AccessKey { get; private set; }
        public string SecretKey { get; private set; }

        /// <summary>The session token; "" for long-term keys.</summary>
        public string Token { get; private set; }

        public bool UseToken
        {
            get { return !string.IsNullOrEmpty(Token); }
        }

        /// <summary>When temporary credentials expire (UTC); null if they do not.</summary>
        public DateTime? Expiration { get; private set; }

        public ImmutableCredentials Copy()
        {
            return new ImmutableCredentials(AccessKey, SecretKey, Token, Expiration);
        }

        /// <summary>Never prints the secret key or token.</summary>
        public override string ToString()
        {
            return "ImmutableCredentials(" + AccessKey + (UseToken ? ", with session token" : "") + ")";
        }

        /// <summary>Copies credentials borrowed from a response or passed to a callback.</summary>
        internal static ImmutableCredentials FromBorrowed(IntPtr creds)
        {
            long exp = NativeMethods.stskit_credentials_expiration_unix(creds);
            return new ImmutableCredentials(
                Utf8.FromNative(NativeMethods.stskit_credentials_access_key_id(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_secret_access_key(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_session_token(creds)),
                exp == 0 ? (DateTime?)null : UnixTime.ToDateTime(exp));
        }

        internal static ImmutableCredentials FromHandle(CredentialsHandle creds)
        {
            long exp = NativeMethods.stskit_credentials_expiration_unix(creds);
            return new ImmutableCredentials(
                Utf8.FromNative(NativeMethods.stskit_credentials_access_key_id(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_secret_access_key(creds)),
                Utf8.FromNative(NativeMethods.stskit_credentials_session_token(creds)),
                exp == 0 ? (DateTime?)null : UnixTime.ToDateTime(exp));
        }
    }

    internal static class UnixTime
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        internal static DateTime ToDateTime(long seconds)
        {
            return Epoch.AddSeconds(seconds);
        }
    }
}
