using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace StsKit
{
    /// <summary>
    /// A blocking AWS STS client (AWSSDK.SecurityToken's AmazonSecurityTokenServiceClient, with the
    /// synchronous methods that SDK lacks on Unity and PCL).
    ///
    /// Every operation blocks the calling thread until STS answers (or retries and timeouts run
    /// out): do not call the blocking form on Unity's main thread; use the <c>...Async</c> form or
    /// a worker thread. The client is thread-safe: share one instance. <see cref="Dispose"/> may
    /// race calls on other threads: calls already inside the native library finish normally (the
    /// native client is freed after the last one returns); later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public class AmazonSecurityTokenServiceClient : IDisposable
    {
        private readonly ClientHandle _handle;
        private volatile bool _disposed;

        /// <summary>A client without credentials: only AssumeRoleWithSAML and
        /// AssumeRoleWithWebIdentity (which are unsigned) can succeed.</summary>
        public AmazonSecurityTokenServiceClient(AmazonSecurityTokenServiceConfig config)
            : this(new AnonymousAWSCredentials(), config)
        {
        }

        public AmazonSecurityTokenServiceClient(AWSCredentials credentials, RegionEndpoint region)
            : this(credentials, new AmazonSecurityTokenServiceConfig { RegionEndpoint = region })
        {
        }

        public AmazonSecurityTokenServiceClient(string awsAccessKeyId, string awsSecretAccessKey, AmazonSecurityTokenServiceConfig config)
            : this(new BasicAWSCredentials(awsAccessKeyId, awsSecretAccessKey), config)
        {
        }

        public AmazonSecurityTokenServiceClient(string awsAccessKeyId, string awsSecretAccessKey, string awsSessionToken, AmazonSecurityTokenServiceConfig config)
            : this(new SessionAWSCredentials(awsAccessKeyId, awsSecretAccessKey, awsSessionToken), config)
        {
        }

        public AmazonSecurityTokenServiceClient(string awsAccessKeyId, string awsSecretAccessKey, RegionEndpoint region)
            : this(new BasicAWSCredentials(awsAccessKeyId, awsSecretAccessKey), region)
        {
        }

        public AmazonSecurityTokenServiceClient(string awsAccessKeyId, string awsSecretAccessKey, string awsSessionToken, RegionEndpoint region)
            : this(new SessionAWSCredentials(awsAccessKeyId, awsSecretAccessKey, awsSessionToken), region)
        {
        }

        /// <summary>Builds the native client. Throws <see cref="StsKitConfigurationException"/> for an
        /// unusable configuration and <see cref="StsKitNativeLibraryException"/> for a missing or
        /// mismatched native library.</summary>
        public AmazonSecurityTokenServiceClient(AWSCredentials credentials, AmazonSecurityTokenServiceConfig config)
        {
            if (credentials == null) throw new ArgumentNullException("credentials");
            if (config == null) throw new ArgumentNullException("config");
            StsKitLibrary.EnsureCompatible();
            Config = config;
            _handle = Build(credentials.GetCredentials(), config);
        }

        /// <summary>The settings the client was built from (later changes have no effect).</summary>
        public AmazonSecurityTokenServiceConfig Config { get; private set; }

        /// <summary>The device clock's offset from STS's, learned from responses (zero until a skew
        /// was detected). Requests are signed with the corrected time.</summary>
        public TimeSpan ClockOffset
        {
            get { return TimeSpan.FromSeconds(NativeMethods.stskit_client_clock_offset_seconds(Handle)); }
        }

        internal ClientHandle Handle
        {
            get
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException("AmazonSecurityTokenServiceClient");
                }
                return _handle;
            }
        }

        /// <summary>Shuts the client down for good, e.g. in <c>OnApplicationQuit</c> or when the scene
        /// that owns it unloads: calls in flight on other threads (and their tasks) fail at once with
        /// <see cref="StsKitCancelledException"/> (their connections are closed under them; a call still
        /// connecting within the connect timeout), a call waiting to retry stops waiting, and later
        /// calls throw <see cref="StsKitCancelledException"/> without touching the network.
        /// Idempotent; <see cref="Dispose()"/> is still needed to release the client.</summary>
        public void Shutdown()
        {
            Errors.Check(NativeMethods.stskit_client_shutdown(Handle), "Shutdown");
        }

        /// <summary>Releases the native client once every call in flight has returned.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposed = true;
                _handle.Dispose();
            }
        }

        // ---- operations ------------------------------------------------------------------------

        public AssumeRoleResponse AssumeRole(AssumeRoleRequest request)
        {
            using (var r = Send(request)) return AssumeRoleResponse.Read(r);
        }

        public Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, AssumeRoleResponse.Read, cancellationToken);
        }

        public AssumeRoleWithSAMLResponse AssumeRoleWithSAML(AssumeRoleWithSAMLRequest request)
        {
            using (var r = Send(request)) return AssumeRoleWithSAMLResponse.Read(r);
        }

        public Task<AssumeRoleWithSAMLResponse> AssumeRoleWithSAMLAsync(AssumeRoleWithSAMLRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, AssumeRoleWithSAMLResponse.Read, cancellationToken);
        }

        public AssumeRoleWithWebIdentityResponse AssumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest request)
        {
            using (var r = Send(request)) return AssumeRoleWithWebIdentityResponse.Read(r);
        }

        public Task<AssumeRoleWithWebIdentityResponse> AssumeRoleWithWebIdentityAsync(AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, AssumeRoleWithWebIdentityResponse.Read, cancellationToken);
        }

        public AssumeRootResponse AssumeRoot(AssumeRootRequest request)
        {
            using (var r = Send(request)) return AssumeRootResponse.Read(r);
        }

        public Task<AssumeRootResponse> AssumeRootAsync(AssumeRootRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, AssumeRootResponse.Read, cancellationToken);
        }

        public DecodeAuthorizationMessageResponse DecodeAuthorizationMessage(DecodeAuthorizationMessageRequest request)
        {
            using (var r = Send(request)) return DecodeAuthorizationMessageResponse.Read(r);
        }

        public Task<DecodeAuthorizationMessageResponse> DecodeAuthorizationMessageAsync(DecodeAuthorizationMessageRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, DecodeAuthorizationMessageResponse.Read, cancellationToken);
        }

        public GetAccessKeyInfoResponse GetAccessKeyInfo(GetAccessKeyInfoRequest request)
        {
            using (var r = Send(request)) return GetAccessKeyInfoResponse.Read(r);
        }

        public Task<GetAccessKeyInfoResponse> GetAccessKeyInfoAsync(GetAccessKeyInfoRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetAccessKeyInfoResponse.Read, cancellationToken);
        }

        public GetCallerIdentityResponse GetCallerIdentity(GetCallerIdentityRequest request)
        {
            using (var r = Send(request)) return GetCallerIdentityResponse.Read(r);
        }

        public Task<GetCallerIdentityResponse> GetCallerIdentityAsync(GetCallerIdentityRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetCallerIdentityResponse.Read, cancellationToken);
        }

        public GetDelegatedAccessTokenResponse GetDelegatedAccessToken(GetDelegatedAccessTokenRequest request)
        {
            using (var r = Send(request)) return GetDelegatedAccessTokenResponse.Read(r);
        }

        public Task<GetDelegatedAccessTokenResponse> GetDelegatedAccessTokenAsync(GetDelegatedAccessTokenRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetDelegatedAccessTokenResponse.Read, cancellationToken);
        }

        public GetFederationTokenResponse GetFederationToken(GetFederationTokenRequest request)
        {
            using (var r = Send(request)) return GetFederationTokenResponse.Read(r);
        }

        public Task<GetFederationTokenResponse> GetFederationTokenAsync(GetFederationTokenRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetFederationTokenResponse.Read, cancellationToken);
        }

        public GetSessionTokenResponse GetSessionToken()
        {
            return GetSessionToken(new GetSessionTokenRequest());
        }

        public GetSessionTokenResponse GetSessionToken(GetSessionTokenRequest request)
        {
            using (var r = Send(request)) return GetSessionTokenResponse.Read(r);
        }

        public Task<GetSessionTokenResponse> GetSessionTokenAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            return GetSessionTokenAsync(new GetSessionTokenRequest(), cancellationToken);
        }

        public Task<GetSessionTokenResponse> GetSessionTokenAsync(GetSessionTokenRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetSessionTokenResponse.Read, cancellationToken);
        }

        public GetWebIdentityTokenResponse GetWebIdentityToken(GetWebIdentityTokenRequest request)
        {
            using (var r = Send(request)) return GetWebIdentityTokenResponse.Read(r);
        }

        public Task<GetWebIdentityTokenResponse> GetWebIdentityTokenAsync(GetWebIdentityTokenRequest request, CancellationToken cancellationToken = default(CancellationToken))
        {
            return SendAsync(request, GetWebIdentityTokenResponse.Read, cancellationToken);
        }

        /// <summary>
        /// A presigned <c>GET ?Action=GetCallerIdentity</c> URL, signed with this client's
        /// credentials (e.g. to prove an identity to a game server, or as an EKS token with the
        /// header "x-k8s-aws-id"). <paramref name="signedHeaders"/> are bound into the signature;
        /// whoever sends the URL must send them too. STS honours at most 15 minutes.
        /// </summary>
        public PresignedUrl PresignGetCallerIdentity(TimeSpan expiresIn, IDictionary<string, string> signedHeaders = null)
        {
            if (expiresIn.TotalSeconds < 1 || expiresIn.TotalSeconds > 604800)
            {
                throw new ArgumentOutOfRangeException("expiresIn", "must be 1 second to 7 days");
            }
            var names = new List<IntPtr>();
            var values = new List<IntPtr>();
            try
            {
                if (signedHeaders != null)
                {
                    foreach (var header in signedHeaders)
                    {
                        names.Add(CopyToNative(header.Key, "header name"));
                        values.Add(CopyToNative(header.Value, "header value"));
                    }
                }
                IntPtr presigned, err;
                var status = NativeMethods.stskit_client_presign_get_caller_identity(Handle, (uint)expiresIn.TotalSeconds,
                    names.Count == 0 ? null : names.ToArray(), values.Count == 0 ? null : values.ToArray(),
                    new UIntPtr((uint)names.Count), out presigned, out err);
                if (status != StskitStatus.Ok)
                {
                    throw Errors.Take(status, err);
                }
                using (var handle = new PresignedHandle(presigned))
                {
                    return new PresignedUrl(
                        Utf8.FromNative(NativeMethods.stskit_presigned_url(handle)),
                        UnixTime.ToDateTime(NativeMethods.stskit_presigned_expires_at_unix(handle)));
                }
            }
            finally
            {
                foreach (var p in names) Marshal.FreeHGlobal(p);
                foreach (var p in values) Marshal.FreeHGlobal(p);
            }
        }

        private static IntPtr CopyToNative(string value, string what)
        {
            if (value == null) throw new StsKitValidationException(what + " is null");
            byte[] bytes = Utf8.ToNative(value, what);
            IntPtr p = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, p, bytes.Length);
            return p;
        }

        // ---- plumbing --------------------------------------------------------------------------

        private NativeResponse Send(AmazonSecurityTokenServiceRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var native = new NativeRequest(request))
            {
                return Send(native);
            }
        }

        private NativeResponse Send(NativeRequest request)
        {
            IntPtr response, err;
            var status = NativeMethods.stskit_client_send(Handle, request.Handle, out response, out err);
            if (status != StskitStatus.Ok)
            {
                throw Errors.Take(status, err);
            }
            if (response == IntPtr.Zero)
            {
                throw new StsKitInternalException("stskit_client_send succeeded without a response");
            }
            return new NativeResponse(response);
        }

        /// <summary>
        /// Runs the blocking call on the thread pool. The request is copied into a native request
        /// first, on the calling thread, so it may be changed once this returns and validation errors
        /// surface from the returned task. When <paramref name="cancellationToken"/> fires, the task
        /// is cancelled at once (OperationCanceledException); the native call cannot be interrupted,
        /// so it finishes in the background (bounded by the configured timeouts) and its result is
        /// discarded.
        /// </summary>
        private Task<T> SendAsync<T>(AmazonSecurityTokenServiceRequest request, Func<NativeResponse, T> read, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException("request");
            NativeRequest native;
            try
            {
                if (_disposed) throw new ObjectDisposedException("AmazonSecurityTokenServiceClient");
                native = new NativeRequest(request);
            }
            catch (Exception e)
            {
                var failed = new TaskCompletionSource<T>();
                failed.SetException(e);
                return failed.Task;
            }
            return AsyncHelper.Run(() =>
            {
                using (native)
                using (var r = Send(native))
                {
                    return read(r);
                }
            }, cancellationToken, native);
        }

        private static ClientHandle Build(ImmutableCredentials credentials, AmazonSecurityTokenServiceConfig config)
        {
            CallbackSlot logSlot = null;
            try
            {
                using (var cfg = new ClientConfigHandle(NativeMethods.stskit_client_config_new()))
                {
                    if (cfg.IsInvalid) throw new StsKitInternalException("stskit_client_config_new failed");
                    Configure(cfg, credentials, config);
                    if (config.LogCallback != null)
                    {
                        logSlot = new CallbackSlot(new LogTarget { Callback = config.LogCallback });
                        Errors.Check(NativeMethods.stskit_client_config_set_log_callback(cfg, NativeCallbacks.Log, logSlot.Key, (int)config.LogLevel), "LogLevel");
                    }
                    IntPtr client, err;
                    var status = NativeMethods.stskit_client_new(cfg, out client, out err);
                    if (status != StskitStatus.Ok)
                    {
                        throw Errors.Take(status, err);
                    }
                    var handle = new ClientHandle(client);
                    handle.LogSlot = logSlot;
                    logSlot = null;
                    return handle;
                }
            }
            finally
            {
                if (logSlot != null)
                {
                    logSlot.Release();
                }
            }
        }

        private static void Configure(ClientConfigHandle cfg, ImmutableCredentials credentials, AmazonSecurityTokenServiceConfig config)
        {
            if (config.Region != null)
            {
                Errors.Check(NativeMethods.stskit_client_config_set_region(cfg, Utf8.ToNative(config.Region, "Region")), "Region");
            }
            if (config.ServiceURL != null)
            {
                Errors.Check(NativeMethods.stskit_client_config_set_endpoint_url(cfg, Utf8.ToNative(config.ServiceURL, "ServiceURL")), "ServiceURL");
            }
            Errors.Check(NativeMethods.stskit_client_config_set_use_fips(cfg, config.UseFIPSEndpoint), "UseFIPSEndpoint");
            Errors.Check(NativeMethods.stskit_client_config_set_use_dual_stack(cfg, config.UseDualstackEndpoint), "UseDualstackEndpoint");
            Errors.Check(NativeMethods.stskit_client_config_set_use_global_endpoint(cfg, config.UseGlobalEndpoint), "UseGlobalEndpoint");
            Errors.Check(NativeMethods.stskit_client_config_set_allow_insecure_http(cfg, config.AllowInsecureHttp), "AllowInsecureHttp");
            if (credentials != null)
            {
                byte[] id = Utf8.ToNative(credentials.AccessKey, "AccessKey");
                byte[] secret = Utf8.ToNative(credentials.SecretKey, "SecretKey");
                byte[] token = credentials.UseToken ? Utf8.ToNative(credentials.Token, "Token") : null;
                try
                {
                    Errors.Check(NativeMethods.stskit_client_config_set_credentials(cfg, id, secret, token), "credentials");
                }
                finally
                {
                    Utf8.Wipe(secret);
                    Utf8.Wipe(token);
                }
            }
            Errors.Check(NativeMethods.stskit_client_config_set_timeouts_ms(cfg,
                Milliseconds(config.ConnectTimeout, "ConnectTimeout"),
                Milliseconds(config.ReadWriteTimeout, "ReadWriteTimeout"),
                Milliseconds(config.Timeout, "Timeout")), "timeouts");
            int retries = config.MaxErrorRetry ?? 2;
            if (retries < 0 || retries > 100)
            {
                throw new StsKitValidationException("MaxErrorRetry must be 0..100");
            }
            Errors.Check(NativeMethods.stskit_client_config_set_retry(cfg, (uint)retries + 1, (int)config.RetryMode, config.RetryBackoffScale), "retry settings");
            StskitProxyMode proxyMode = config.ProxyMode;
            string proxyUrl = config.ProxyUrl();
            if (proxyMode == StskitProxyMode.FromEnv && proxyUrl != null)
            {
                proxyMode = StskitProxyMode.Url;
            }
            if (proxyMode == StskitProxyMode.Url && proxyUrl == null)
            {
                throw new StsKitConfigurationException("ProxyMode Url needs ProxyHost");
            }
            Errors.Check(NativeMethods.stskit_client_config_set_proxy(cfg, (int)proxyMode,
                proxyMode == StskitProxyMode.Url ? Utf8.ToNative(proxyUrl, "ProxyHost") : null), "proxy settings");
            if (config.AdditionalCaCertificatesPem != null)
            {
                byte[] pem = new System.Text.UTF8Encoding(false).GetBytes(config.AdditionalCaCertificatesPem);
                Errors.Check(NativeMethods.stskit_client_config_add_root_certificates_pem(cfg, pem, new UIntPtr((uint)pem.Length)), "AdditionalCaCertificatesPem");
            }
            if (config.MaxResponseBytes.HasValue)
            {
                if (config.MaxResponseBytes.Value <= 0) throw new StsKitValidationException("MaxResponseBytes must be positive");
                Errors.Check(NativeMethods.stskit_client_config_set_max_response_bytes(cfg, (ulong)config.MaxResponseBytes.Value), "MaxResponseBytes");
            }
            if (config.DeviceClockOffset.HasValue)
            {
                Errors.Check(NativeMethods.stskit_client_config_set_device_clock_offset(cfg, (long)config.DeviceClockOffset.Value.TotalSeconds), "DeviceClockOffset");
            }
        }

        private static uint Milliseconds(TimeSpan? value, string name)
        {
            if (!value.HasValue)
            {
                return 0; // keep the native default
            }
            double ms = value.Value.TotalMilliseconds;
            if (ms < 1 || ms > uint.MaxValue)
            {
                throw new StsKitValidationException(name + " must be at least 1 ms");
            }
            return (uint)ms;
        }
    }

    /// <summary>A presigned GetCallerIdentity URL.</summary>
    public sealed class PresignedUrl
    {
        internal PresignedUrl(string url, DateTime expiresAt)
        {
            Url = url;
            ExpiresAt = expiresAt;
        }

        /// <summary>The URL. It authorises an identity check: treat it as a secret.</summary>
        public string Url { get; private set; }

        /// <summary>When STS stops accepting it (UTC, by the client's corrected clock).</summary>
        public DateTime ExpiresAt { get; private set; }

        public override string ToString()
        {
            return "PresignedUrl(expires " + ExpiresAt.ToString("u") + ")";
        }
    }

    internal static class AsyncHelper
    {
        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool. Cancellation completes the returned task
        /// as cancelled right away; the work itself cannot be interrupted and finishes in the
        /// background, where its result (or exception) is observed and dropped, and
        /// <paramref name="cleanup"/> is disposed if the work never started.
        /// </summary>
        internal static Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken, IDisposable cleanup)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                if (cleanup != null) cleanup.Dispose();
                var cancelled = new TaskCompletionSource<T>();
                cancelled.SetCanceled();
                return cancelled.Task;
            }
            Task<T> task = Task.Run(work);
            if (!cancellationToken.CanBeCanceled)
            {
                return task;
            }
            var result = new TaskCompletionSource<T>();
            CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled());
            task.ContinueWith(t =>
            {
                registration.Dispose();
                if (t.IsFaulted)
                {
                    result.TrySetException(t.Exception.InnerExceptions);
                }
                else if (t.IsCanceled)
                {
                    result.TrySetCanceled();
                }
                else
                {
                    result.TrySetResult(t.Result);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return result.Task;
        }
    }
}
