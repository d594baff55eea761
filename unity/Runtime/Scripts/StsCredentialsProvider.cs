using System;
using System.Threading;
using System.Threading.Tasks;

namespace StsKit
{
    /// <summary>When a <see cref="StsCredentialsProvider"/> refreshes, how it backs off, and whom it asks.</summary>
    public sealed class StsCredentialsProviderOptions
    {
        public StsCredentialsProviderOptions()
        {
            AdvisoryRefreshWindow = TimeSpan.FromMinutes(5);
            MandatoryRefreshWindow = TimeSpan.FromMinutes(1);
            MinBackoff = TimeSpan.FromSeconds(1);
            MaxBackoff = TimeSpan.FromMinutes(5);
        }

        /// <summary>From this long before expiry a refresh is attempted while the cached
        /// credentials are still served (default 5 minutes).</summary>
        public TimeSpan AdvisoryRefreshWindow { get; set; }

        /// <summary>From this long before expiry callers of GetCredentials wait for fresh
        /// credentials (default 1 minute). At most the advisory window.</summary>
        public TimeSpan MandatoryRefreshWindow { get; set; }

        /// <summary>First delay after a failed refresh (default 1 s); doubles per failure.</summary>
        public TimeSpan MinBackoff { get; set; }

        /// <summary>Longest delay between failed refreshes (default 5 minutes).</summary>
        public TimeSpan MaxBackoff { get; set; }

        /// <summary>Asked for a fresh 6-digit MFA code at each refresh when the AssumeRole or
        /// GetSessionToken request has a SerialNumber. Called on the refreshing thread (possibly a
        /// background thread); return null or throw to fail the refresh.</summary>
        public Func<string> MfaTokenCodeCallback { get; set; }

        /// <summary>Told about the new credentials after each successful refresh, on the refreshing
        /// thread (possibly a background thread: in Unity, hand them to the main thread).
        /// Exceptions it throws are ignored.</summary>
        public Action<ImmutableCredentials> RefreshCallback { get; set; }
    }

    /// <summary>
    /// Temporary credentials that refresh themselves ahead of expiry, from repeated AssumeRole,
    /// AssumeRoleWithWebIdentity (token in the request, a token file re-read at each refresh, or
    /// a token callback), AssumeRoleWithSAML (assertion callback) or GetSessionToken calls.
    /// Thread-safe; refreshes are single-flight and failed ones back off.
    ///
    /// <see cref="GetCredentials"/> may block on STS; <see cref="TryGetCredentials"/> never does
    /// and is meant to be called every frame. The provider keeps its own reference to the client:
    /// disposing the client afterwards does not stop the provider.
    /// </summary>
    public sealed class StsCredentialsProvider : IDisposable
    {
        private readonly ProviderHandle _handle;
        private readonly ProviderCallbacks _callbacks;
        private readonly object _cacheLock = new object();
        private CredentialsHandle _cachedHandle;
        private IntPtr _cachedPointer;
        private ImmutableCredentials _cached;
        private volatile bool _disposed;

        /// <summary>Repeats AssumeRole (with the MFA callback when the request has a SerialNumber).</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AssumeRoleRequest request, StsCredentialsProviderOptions options = null)
            : this(client, (AmazonSecurityTokenServiceRequest)request, null, null, options)
        {
        }

        /// <summary>Repeats GetSessionToken (with the MFA callback when the request has a SerialNumber).</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, GetSessionTokenRequest request, StsCredentialsProviderOptions options = null)
            : this(client, (AmazonSecurityTokenServiceRequest)request, null, null, options)
        {
        }

        /// <summary>Repeats AssumeRoleWithWebIdentity with the token set in the request.</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AssumeRoleWithWebIdentityRequest request, StsCredentialsProviderOptions options = null)
            : this(client, (AmazonSecurityTokenServiceRequest)request, null, null, options)
        {
        }

        /// <summary>Repeats AssumeRoleWithWebIdentity, re-reading the token from
        /// <paramref name="webIdentityTokenFile"/> at each refresh (as EKS/IRSA rotate it).</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AssumeRoleWithWebIdentityRequest request, string webIdentityTokenFile, StsCredentialsProviderOptions options = null)
            : this(client, request, RequireFile(webIdentityTokenFile), null, options)
        {
        }

        /// <summary>Repeats AssumeRoleWithWebIdentity, asking <paramref name="webIdentityTokenCallback"/>
        /// for a token at each refresh (on the refreshing thread; return null or throw to fail it).</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AssumeRoleWithWebIdentityRequest request, Func<string> webIdentityTokenCallback, StsCredentialsProviderOptions options = null)
            : this(client, request, null, RequireCallback(webIdentityTokenCallback, "webIdentityTokenCallback"), options)
        {
        }

        /// <summary>Repeats AssumeRoleWithSAML, asking <paramref name="samlAssertionCallback"/> for a
        /// fresh base64 assertion at each refresh (on the refreshing thread).</summary>
        public StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AssumeRoleWithSAMLRequest request, Func<string> samlAssertionCallback, StsCredentialsProviderOptions options = null)
            : this(client, request, null, RequireCallback(samlAssertionCallback, "samlAssertionCallback"), options)
        {
        }

        private StsCredentialsProvider(AmazonSecurityTokenServiceClient client, AmazonSecurityTokenServiceRequest request,
            string tokenFile, Func<string> secret, StsCredentialsProviderOptions options)
        {
            if (client == null) throw new ArgumentNullException("client");
            if (request == null) throw new ArgumentNullException("request");
            options = options ?? new StsCredentialsProviderOptions();
            StsKitLibrary.EnsureCompatible();

            _callbacks = new ProviderCallbacks
            {
                Secret = secret,
                Mfa = options.MfaTokenCodeCallback,
                Refreshed = options.RefreshCallback,
            };
            ClientHandle clientHandle = client.Handle;
            var callbackSlot = new CallbackSlot(_callbacks);
            CallbackSlot logSlot = null;
            try
            {
                using (var native = new NativeRequest(request))
                using (var cfg = new ProviderConfigHandle(NativeMethods.stskit_provider_config_new(native.Handle)))
                {
                    if (cfg.IsInvalid)
                    {
                        throw new StsKitValidationException("a credentials provider repeats AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML or GetSessionToken");
                    }
                    Errors.Check(NativeMethods.stskit_provider_config_set_windows(cfg,
                        Seconds(options.AdvisoryRefreshWindow, "AdvisoryRefreshWindow"),
                        Seconds(options.MandatoryRefreshWindow, "MandatoryRefreshWindow")),
                        "MandatoryRefreshWindow must not exceed AdvisoryRefreshWindow");
                    Errors.Check(NativeMethods.stskit_provider_config_set_backoff_ms(cfg,
                        Milliseconds(options.MinBackoff, "MinBackoff"),
                        Milliseconds(options.MaxBackoff, "MaxBackoff")),
                        "MinBackoff must not exceed MaxBackoff");
                    if (tokenFile != null)
                    {
                        Errors.Check(NativeMethods.stskit_provider_config_set_token_file(cfg, Utf8.ToNative(tokenFile, "webIdentityTokenFile")), "webIdentityTokenFile");
                    }
                    if (secret != null)
                    {
                        Errors.Check(NativeMethods.stskit_provider_config_set_secret_callback(cfg, NativeCallbacks.Secret, callbackSlot.Key), "token callback");
                    }
                    if (options.MfaTokenCodeCallback != null)
                    {
                        Errors.Check(NativeMethods.stskit_provider_config_set_mfa_callback(cfg, NativeCallbacks.Mfa, callbackSlot.Key), "MfaTokenCodeCallback");
                    }
                    if (options.RefreshCallback != null)
                    {
                        Errors.Check(NativeMethods.stskit_provider_config_set_refresh_callback(cfg, NativeCallbacks.Refreshed, callbackSlot.Key), "RefreshCallback");
                    }

                    // The native provider keeps the client (and its log callback) alive.
                    logSlot = clientHandle.LogSlot != null ? clientHandle.LogSlot.AddRef() : null;
                    IntPtr provider, err;
                    var status = NativeMethods.stskit_provider_new(clientHandle, cfg, out provider, out err);
                    if (status != StskitStatus.Ok)
                    {
                        throw Errors.Take(status, err);
                    }
                    _handle = new ProviderHandle(provider);
                    _handle.CallbackSlot = callbackSlot;
                    _handle.LogSlot = logSlot;
                    callbackSlot = null;
                    logSlot = null;
                }
            }
            finally
            {
                if (callbackSlot != null) callbackSlot.Release();
                if (logSlot != null) logSlot.Release();
            }
        }

        private ProviderHandle Handle
        {
            get
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException("StsCredentialsProvider");
                }
                return _handle;
            }
        }

        /// <summary>
        /// Valid credentials, refreshing first when needed: this blocks during that STS call, so do
        /// not call it on Unity's main thread (use <see cref="TryGetCredentials"/> or
        /// <see cref="GetCredentialsAsync"/>). After a failed refresh, credentials that have not
        /// expired yet are still returned; otherwise the refresh's exception is thrown (an
        /// <see cref="AmazonSecurityTokenServiceException"/> subclass, with the callback's exception
        /// as InnerException when a callback failed).
        /// </summary>
        public ImmutableCredentials GetCredentials()
        {
            IntPtr credentials, err;
            var status = NativeMethods.stskit_provider_get(Handle, out credentials, out err);
            if (status != StskitStatus.Ok)
            {
                throw Failure(status, err);
            }
            return Adopt(credentials);
        }

        /// <summary><see cref="GetCredentials"/> on the thread pool. Cancellation completes the task
        /// at once; a refresh in progress finishes in the background and still updates the cache.</summary>
        public Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            if (_disposed)
            {
                var failed = new TaskCompletionSource<ImmutableCredentials>();
                failed.SetException(new ObjectDisposedException("StsCredentialsProvider"));
                return failed.Task;
            }
            return AsyncHelper.Run(GetCredentials, cancellationToken, null);
        }

        /// <summary>
        /// Never blocks on the network, so it can run every frame: returns true with the cached
        /// credentials while they are valid (the same instance until they change, so a frame
        /// allocates nothing), false while the first refresh (or one after the credentials expired)
        /// runs in the background — this call starts it if needed. While refreshes fail and the
        /// provider backs off with no valid credentials left, it throws the last refresh's
        /// exception (an <see cref="AmazonSecurityTokenServiceException"/> subclass such as
        /// <see cref="IDPRejectedClaimException"/>) on every call; the next refresh is attempted
        /// (in the background, so false again) once the backoff has passed. To avoid an exception
        /// per frame, use the overload with an <c>out</c> error.
        /// </summary>
        public bool TryGetCredentials(out ImmutableCredentials credentials)
        {
            AmazonSecurityTokenServiceException error;
            if (TryGetCredentials(out credentials, out error))
            {
                return true;
            }
            if (error != null)
            {
                throw error;
            }
            return false;
        }

        /// <summary>
        /// Like <see cref="TryGetCredentials(out ImmutableCredentials)"/>, but never throws for a
        /// failed refresh: returns false with <paramref name="error"/> set to the last refresh's
        /// exception while the provider backs off, and false with a null error while a refresh is
        /// under way. Cheaper than catching an exception every frame.
        /// </summary>
        public bool TryGetCredentials(out ImmutableCredentials credentials, out AmazonSecurityTokenServiceException error)
        {
            IntPtr pointer, err;
            var status = NativeMethods.stskit_provider_try_get(Handle, out pointer, out err);
            credentials = null;
            error = null;
            if (status == StskitStatus.Ok)
            {
                credentials = Adopt(pointer);
                return true;
            }
            if (status == StskitStatus.NotReady)
            {
                if (err != IntPtr.Zero)
                {
                    NativeMethods.stskit_error_free(err);
                }
                return false;
            }
            error = Failure(status, err);
            return false;
        }

        /// <summary>Forgets the cached credentials (e.g. after a service rejected them); the next
        /// read refreshes.</summary>
        public void Invalidate()
        {
            Errors.Check(NativeMethods.stskit_provider_invalidate(Handle), "Invalidate");
            DropCache();
        }

        /// <summary>The exception of the last refresh if it failed; null if it succeeded or none ran.</summary>
        public AmazonSecurityTokenServiceException LastError
        {
            get
            {
                IntPtr err;
                var status = NativeMethods.stskit_provider_last_error(Handle, out err);
                if (status == StskitStatus.NotPresent)
                {
                    return null;
                }
                if (status != StskitStatus.Ok)
                {
                    throw Errors.Take(status, IntPtr.Zero);
                }
                return Errors.Take(StskitStatus.Internal, err);
            }
        }

        /// <summary>STS calls made to refresh.</summary>
        public long RefreshAttempts
        {
            get
            {
                ulong attempts, refreshes;
                Errors.Check(NativeMethods.stskit_provider_stats(Handle, out attempts, out refreshes), "stats");
                return (long)attempts;
            }
        }

        /// <summary>Refreshes that produced new credentials.</summary>
        public long Refreshes
        {
            get
            {
                ulong attempts, refreshes;
                Errors.Check(NativeMethods.stskit_provider_stats(Handle, out attempts, out refreshes), "stats");
                return (long)refreshes;
            }
        }

        /// <summary>Releases the provider once calls in flight have returned. A background refresh
        /// still running finishes on its own; its callbacks are no longer invoked.</summary>
        public void Dispose()
        {
            _disposed = true;
            _handle.Dispose();
            DropCache();
        }

        private AmazonSecurityTokenServiceException Failure(StskitStatus status, IntPtr err)
        {
            Exception inner = Interlocked.Exchange(ref _callbacks.LastCallbackException, null);
            return Errors.Take(status, err, inner);
        }

        /// <summary>
        /// Takes ownership of credentials from the provider. The native provider hands out the same
        /// object while its credentials do not change, and this keeps a reference to the last one,
        /// so its address cannot be reused: an equal pointer means the same credentials, and the
        /// managed copy is reused instead of decoding the strings again.
        /// </summary>
        private ImmutableCredentials Adopt(IntPtr pointer)
        {
            var handle = new CredentialsHandle(pointer);
            lock (_cacheLock)
            {
                if (_cachedHandle != null && pointer == _cachedPointer)
                {
                    handle.Dispose();
                    return _cached;
                }
                var value = ImmutableCredentials.FromHandle(handle);
                if (_disposed)
                {
                    handle.Dispose();
                    return value;
                }
                if (_cachedHandle != null)
                {
                    _cachedHandle.Dispose();
                }
                _cachedHandle = handle;
                _cachedPointer = pointer;
                _cached = value;
                return value;
            }
        }

        private void DropCache()
        {
            lock (_cacheLock)
            {
                if (_cachedHandle != null)
                {
                    _cachedHandle.Dispose();
                }
                _cachedHandle = null;
                _cachedPointer = IntPtr.Zero;
                _cached = null;
            }
        }

        private static string RequireFile(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentNullException("webIdentityTokenFile");
            return path;
        }

        private static Func<string> RequireCallback(Func<string> callback, string name)
        {
            if (callback == null) throw new ArgumentNullException(name);
            return callback;
        }

        private static uint Seconds(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero || value.TotalSeconds > uint.MaxValue)
            {
                throw new StsKitValidationException(name + " is out of range");
            }
            return (uint)value.TotalSeconds;
        }

        private static uint Milliseconds(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero || value.TotalMilliseconds > uint.MaxValue)
            {
                throw new StsKitValidationException(name + " is out of range");
            }
            return (uint)value.TotalMilliseconds;
        }
    }
}
