using System;
using System.Collections.Generic;

namespace StsKit
{
    /// <summary>
    /// Base of the request classes. Members left null (and lists left empty) are not sent; the
    /// native library checks required members and value rules before anything goes on the wire
    /// (<see cref="StsKitValidationException"/>). Lists start empty, as in AWSSDK v3, so
    /// <c>request.Tags.Add(...)</c> works.
    /// </summary>
    public abstract class AmazonSecurityTokenServiceRequest
    {
        internal abstract StskitOperation Operation { get; }

        internal abstract void WriteTo(NativeRequest r);
    }

    public class AssumeRoleRequest : AmazonSecurityTokenServiceRequest
    {
        public AssumeRoleRequest()
        {
            PolicyArns = new List<PolicyDescriptorType>();
            Tags = new List<Tag>();
            TransitiveTagKeys = new List<string>();
            ProvidedContexts = new List<ProvidedContext>();
        }

        public string RoleArn { get; set; }
        public string RoleSessionName { get; set; }
        public List<PolicyDescriptorType> PolicyArns { get; set; }
        public string Policy { get; set; }
        public int? DurationSeconds { get; set; }
        public List<Tag> Tags { get; set; }
        public List<string> TransitiveTagKeys { get; set; }
        public string ExternalId { get; set; }
        public string SerialNumber { get; set; }

        /// <summary>The MFA code. With <see cref="StsCredentialsProvider"/>, use its MFA callback instead.</summary>
        public string TokenCode { get; set; }

        public string SourceIdentity { get; set; }
        public List<ProvidedContext> ProvidedContexts { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.AssumeRole; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.RoleArn, RoleArn, "RoleArn");
            r.String(StskitMember.RoleSessionName, RoleSessionName, "RoleSessionName");
            r.PolicyArns(PolicyArns);
            r.String(StskitMember.Policy, Policy, "Policy");
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
            r.Tags(Tags);
            r.Strings(StskitMember.TransitiveTagKeys, TransitiveTagKeys, "TransitiveTagKeys");
            r.String(StskitMember.ExternalId, ExternalId, "ExternalId");
            r.String(StskitMember.SerialNumber, SerialNumber, "SerialNumber");
            r.Secret(StskitMember.TokenCode, TokenCode, "TokenCode");
            r.String(StskitMember.SourceIdentity, SourceIdentity, "SourceIdentity");
            r.ProvidedContexts(ProvidedContexts);
        }
    }

    public class AssumeRoleWithSAMLRequest : AmazonSecurityTokenServiceRequest
    {
        public AssumeRoleWithSAMLRequest()
        {
            PolicyArns = new List<PolicyDescriptorType>();
        }

        public string RoleArn { get; set; }
        public string PrincipalArn { get; set; }

        /// <summary>The base64 SAML response. With <see cref="StsCredentialsProvider"/>, use its
        /// assertion callback instead.</summary>
        public string SAMLAssertion { get; set; }

        public List<PolicyDescriptorType> PolicyArns { get; set; }
        public string Policy { get; set; }
        public int? DurationSeconds { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.AssumeRoleWithSaml; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.RoleArn, RoleArn, "RoleArn");
            r.String(StskitMember.PrincipalArn, PrincipalArn, "PrincipalArn");
            r.Secret(StskitMember.SamlAssertion, SAMLAssertion, "SAMLAssertion");
            r.PolicyArns(PolicyArns);
            r.String(StskitMember.Policy, Policy, "Policy");
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
        }
    }

    public class AssumeRoleWithWebIdentityRequest : AmazonSecurityTokenServiceRequest
    {
        public AssumeRoleWithWebIdentityRequest()
        {
            PolicyArns = new List<PolicyDescriptorType>();
        }

        public string RoleArn { get; set; }
        public string RoleSessionName { get; set; }

        /// <summary>The OIDC ID token or OAuth 2.0 access token. With
        /// <see cref="StsCredentialsProvider"/>, a token file or token callback may supply it instead.</summary>
        public string WebIdentityToken { get; set; }

        public string ProviderId { get; set; }
        public List<PolicyDescriptorType> PolicyArns { get; set; }
        public string Policy { get; set; }
        public int? DurationSeconds { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.AssumeRoleWithWebIdentity; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.RoleArn, RoleArn, "RoleArn");
            r.String(StskitMember.RoleSessionName, RoleSessionName, "RoleSessionName");
            r.Secret(StskitMember.WebIdentityToken, WebIdentityToken, "WebIdentityToken");
            r.String(StskitMember.ProviderId, ProviderId, "ProviderId");
            r.PolicyArns(PolicyArns);
            r.String(StskitMember.Policy, Policy, "Policy");
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
        }
    }

    public class AssumeRootRequest : AmazonSecurityTokenServiceRequest
    {
        /// <summary>The member account id or principal ARN.</summary>
        public string TargetPrincipal { get; set; }

        /// <summary>One of the AWS managed root-task policies.</summary>
        public PolicyDescriptorType TaskPolicyArn { get; set; }

        /// <summary>0..900 seconds (default 900).</summary>
        public int? DurationSeconds { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.AssumeRoot; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.TargetPrincipal, TargetPrincipal, "TargetPrincipal");
            if (TaskPolicyArn != null)
            {
                r.String(StskitMember.TaskPolicyArn, TaskPolicyArn.Arn, "TaskPolicyArn.Arn");
            }
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
        }
    }

    public class DecodeAuthorizationMessageRequest : AmazonSecurityTokenServiceRequest
    {
        public DecodeAuthorizationMessageRequest()
        {
        }

        public DecodeAuthorizationMessageRequest(string encodedMessage)
        {
            EncodedMessage = encodedMessage;
        }

        public string EncodedMessage { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.DecodeAuthorizationMessage; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.EncodedMessage, EncodedMessage, "EncodedMessage");
        }
    }

    public class GetAccessKeyInfoRequest : AmazonSecurityTokenServiceRequest
    {
        public string AccessKeyId { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetAccessKeyInfo; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.AccessKeyId, AccessKeyId, "AccessKeyId");
        }
    }

    public class GetCallerIdentityRequest : AmazonSecurityTokenServiceRequest
    {
        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetCallerIdentity; }
        }

        internal override void WriteTo(NativeRequest r)
        {
        }
    }

    public class GetDelegatedAccessTokenRequest : AmazonSecurityTokenServiceRequest
    {
        public string TradeInToken { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetDelegatedAccessToken; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.Secret(StskitMember.TradeInToken, TradeInToken, "TradeInToken");
        }
    }

    public class GetFederationTokenRequest : AmazonSecurityTokenServiceRequest
    {
        public GetFederationTokenRequest()
        {
            PolicyArns = new List<PolicyDescriptorType>();
            Tags = new List<Tag>();
        }

        public GetFederationTokenRequest(string name) : this()
        {
            Name = name;
        }

        public string Name { get; set; }
        public string Policy { get; set; }
        public List<PolicyDescriptorType> PolicyArns { get; set; }
        public int? DurationSeconds { get; set; }
        public List<Tag> Tags { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetFederationToken; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.String(StskitMember.Name, Name, "Name");
            r.String(StskitMember.Policy, Policy, "Policy");
            r.PolicyArns(PolicyArns);
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
            r.Tags(Tags);
        }
    }

    public class GetSessionTokenRequest : AmazonSecurityTokenServiceRequest
    {
        public int? DurationSeconds { get; set; }
        public string SerialNumber { get; set; }

        /// <summary>The MFA code. With <see cref="StsCredentialsProvider"/>, use its MFA callback instead.</summary>
        public string TokenCode { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetSessionToken; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
            r.String(StskitMember.SerialNumber, SerialNumber, "SerialNumber");
            r.Secret(StskitMember.TokenCode, TokenCode, "TokenCode");
        }
    }

    public class GetWebIdentityTokenRequest : AmazonSecurityTokenServiceRequest
    {
        public GetWebIdentityTokenRequest()
        {
            Audience = new List<string>();
            Tags = new List<Tag>();
        }

        /// <summary>1..10 audiences (the JWT's aud claim).</summary>
        public List<string> Audience { get; set; }

        /// <summary>60..3600 seconds (default 300).</summary>
        public int? DurationSeconds { get; set; }

        /// <summary>"RS256" or "ES384".</summary>
        public string SigningAlgorithm { get; set; }

        public List<Tag> Tags { get; set; }

        internal override StskitOperation Operation
        {
            get { return StskitOperation.GetWebIdentityToken; }
        }

        internal override void WriteTo(NativeRequest r)
        {
            r.Strings(StskitMember.Audience, Audience, "Audience");
            r.Int(StskitMember.DurationSeconds, DurationSeconds, "DurationSeconds");
            r.String(StskitMember.SigningAlgorithm, SigningAlgorithm, "SigningAlgorithm");
            r.Tags(Tags);
        }
    }

    /// <summary>A native request filled member by member. Single-owner, like the native handle.</summary>
    internal sealed class NativeRequest : IDisposable
    {
        internal NativeRequest(AmazonSecurityTokenServiceRequest request)
        {
            StsKitLibrary.EnsureCompatible();
            IntPtr pointer = NativeMethods.stskit_request_new((int)request.Operation);
            if (pointer == IntPtr.Zero)
            {
                throw new StsKitInternalException("stskit_request_new refused operation " + (int)request.Operation);
            }
            Handle = new RequestHandle(pointer);
            try
            {
                request.WriteTo(this);
            }
            catch
            {
                Handle.Dispose();
                throw;
            }
        }

        internal RequestHandle Handle { get; private set; }

        public void Dispose()
        {
            Handle.Dispose();
        }

        internal void String(StskitMember member, string value, string name)
        {
            if (value != null)
            {
                Errors.Check(NativeMethods.stskit_request_set_string(Handle, (int)member, Utf8.ToNative(value, name)), name);
            }
        }

        /// <summary>A string member holding a secret: the UTF-8 copy is wiped after the call.</summary>
        internal void Secret(StskitMember member, string value, string name)
        {
            if (value == null)
            {
                return;
            }
            byte[] bytes = Utf8.ToNative(value, name);
            try
            {
                Errors.Check(NativeMethods.stskit_request_set_string(Handle, (int)member, bytes), name);
            }
            finally
            {
                Utf8.Wipe(bytes);
            }
        }

        internal void Int(StskitMember member, int? value, string name)
        {
            if (value.HasValue)
            {
                Errors.Check(NativeMethods.stskit_request_set_int(Handle, (int)member, value.Value), name);
            }
        }

        internal void Strings(StskitMember member, List<string> values, string name)
        {
            if (values == null)
            {
                return;
            }
            for (int i = 0; i < values.Count; i++)
            {
                string item = name + "[" + i + "]";
                Errors.Check(NativeMethods.stskit_request_add_string(Handle, (int)member, Required(values[i], item)), item);
            }
        }

        internal void PolicyArns(List<PolicyDescriptorType> values)
        {
            if (values == null)
            {
                return;
            }
            for (int i = 0; i < values.Count; i++)
            {
                string item = "PolicyArns[" + i + "]";
                if (values[i] == null)
                {
                    throw new StsKitValidationException(item + " is null");
                }
                Errors.Check(NativeMethods.stskit_request_add_string(Handle, (int)StskitMember.PolicyArns,
                    Required(values[i].Arn, item + ".Arn")), item);
            }
        }

        internal void Tags(List<Tag> values)
        {
            if (values == null)
            {
                return;
            }
            for (int i = 0; i < values.Count; i++)
            {
                string item = "Tags[" + i + "]";
                if (values[i] == null)
                {
                    throw new StsKitValidationException(item + " is null");
                }
                Errors.Check(NativeMethods.stskit_request_add_pair(Handle, (int)StskitMember.Tags,
                    Required(values[i].Key, item + ".Key"), Required(values[i].Value, item + ".Value")), item);
            }
        }

        internal void ProvidedContexts(List<ProvidedContext> values)
        {
            if (values == null)
            {
                return;
            }
            for (int i = 0; i < values.Count; i++)
            {
                string item = "ProvidedContexts[" + i + "]";
                if (values[i] == null)
                {
                    throw new StsKitValidationException(item + " is null");
                }
                Errors.Check(NativeMethods.stskit_request_add_pair(Handle, (int)StskitMember.ProvidedContexts,
                    Required(values[i].ProviderArn, item + ".ProviderArn"),
                    Required(values[i].ContextAssertion, item + ".ContextAssertion")), item);
            }
        }

        private static byte[] Required(string value, string name)
        {
            if (value == null)
            {
                throw new StsKitValidationException(name + " is required");
            }
            return Utf8.ToNative(value, name);
        }
    }
}
