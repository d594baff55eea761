// Every P/Invoke declaration of the C ABI (include/stskit.h), in header order.
//
// Rules followed here (docs/style.md, "C#"):
// - Handles cross as SafeHandle subclasses, so the runtime holds a reference for the duration of
//   each call (DangerousAddRef/Release): disposing a handle while another thread is inside a call
//   defers the native free until that call has returned.
// - Handles created by the native side come back as `out IntPtr` and are wrapped at once.
// - Strings in are NUL-terminated UTF-8 byte[] (see Utf8.ToNative); strings out are IntPtr,
//   borrowed from the handle that returned them, decoded with Utf8.FromNative. Never `string`.
// - C `bool` is marshalled as one byte (UnmanagedType.I1); the calling convention is explicit.
using System;
using System.Runtime.InteropServices;

namespace StsKit
{
    internal static class NativeMethods
    {
#if ((UNITY_IOS || UNITY_TVOS) && !UNITY_EDITOR) || __IOS__ || __TVOS__
        // iOS links the static library into the app: symbols resolve at link time.
        internal const string Lib = "__Internal";
#else
        // libstskit.so (Android, Linux), libstskit.dylib (macOS), stskit.dll (Windows).
        internal const string Lib = "stskit";
#endif

        // ---- callbacks -------------------------------------------------------------------------

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void LogCallback(IntPtr userData, int level, IntPtr message);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate long SecretCallback(IntPtr userData, IntPtr buffer, UIntPtr capacity);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void RefreshCallback(IntPtr userData, IntPtr credentials);

        // ---- client ----------------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_new(ClientConfigHandle config, out IntPtr client, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_client_free(IntPtr client);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_send(ClientHandle client, RequestHandle request, out IntPtr response, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_shutdown(ClientHandle client);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern long stskit_client_clock_offset_seconds(ClientHandle client);

        // ---- client config ---------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_client_config_new();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_client_config_free(IntPtr config);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_region(ClientConfigHandle config, byte[] region);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_endpoint_url(ClientConfigHandle config, byte[] url);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_use_fips(ClientConfigHandle config, [MarshalAs(UnmanagedType.I1)] bool on);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_use_dual_stack(ClientConfigHandle config, [MarshalAs(UnmanagedType.I1)] bool on);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_use_global_endpoint(ClientConfigHandle config, [MarshalAs(UnmanagedType.I1)] bool on);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_allow_insecure_http(ClientConfigHandle config, [MarshalAs(UnmanagedType.I1)] bool on);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_credentials(ClientConfigHandle config, byte[] accessKeyId, byte[] secretAccessKey, byte[] sessionToken);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_timeouts_ms(ClientConfigHandle config, uint connectMs, uint readMs, uint attemptMs);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_retry(ClientConfigHandle config, uint maxAttempts, int mode, double backoffScale);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_proxy(ClientConfigHandle config, int mode, byte[] url);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_add_root_certificates_pem(ClientConfigHandle config, byte[] pem, UIntPtr len);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_max_response_bytes(ClientConfigHandle config, ulong max);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_device_clock_offset(ClientConfigHandle config, long seconds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_config_set_log_callback(ClientConfigHandle config, LogCallback callback, IntPtr userData, int maxLevel);

        // ---- credentials -----------------------------------------------------------------------
        // Two forms each: credentials owned by a CredentialsHandle (from a provider), and
        // credentials borrowed from a response or passed to a refresh callback (IntPtr, valid while
        // their owner is).

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_access_key_id(CredentialsHandle creds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_access_key_id(IntPtr borrowedCreds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_secret_access_key(CredentialsHandle creds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_secret_access_key(IntPtr borrowedCreds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_session_token(CredentialsHandle creds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_session_token(IntPtr borrowedCreds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern long stskit_credentials_expiration_unix(CredentialsHandle creds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern long stskit_credentials_expiration_unix(IntPtr borrowedCreds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_credentials_expiration_iso8601(CredentialsHandle creds);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_credentials_free(IntPtr creds);

        // ---- errors ----------------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_error_status(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_error_message(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_error_code(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStsError stskit_error_sts_code(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_error_request_id(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int stskit_error_http_status(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.I1)]
        internal static extern bool stskit_error_is_retryable(ErrorHandle err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_error_free(IntPtr err);

        // ---- presigned GetCallerIdentity -------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_client_presign_get_caller_identity(
            ClientHandle client, uint expiresSecs, IntPtr[] headerNames, IntPtr[] headerValues, UIntPtr headerCount,
            out IntPtr presigned, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_presigned_url(PresignedHandle presigned);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern long stskit_presigned_expires_at_unix(PresignedHandle presigned);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_presigned_free(IntPtr presigned);

        // ---- credentials provider --------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_provider_config_new(RequestHandle request);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_provider_config_free(IntPtr config);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_windows(ProviderConfigHandle config, uint advisorySecs, uint mandatorySecs);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_backoff_ms(ProviderConfigHandle config, uint minMs, uint maxMs);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_token_file(ProviderConfigHandle config, byte[] path);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_secret_callback(ProviderConfigHandle config, SecretCallback callback, IntPtr userData);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_mfa_callback(ProviderConfigHandle config, SecretCallback callback, IntPtr userData);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_config_set_refresh_callback(ProviderConfigHandle config, RefreshCallback callback, IntPtr userData);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_new(ClientHandle client, ProviderConfigHandle config, out IntPtr provider, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_provider_free(IntPtr provider);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_get(ProviderHandle provider, out IntPtr credentials, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_try_get(ProviderHandle provider, out IntPtr credentials, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_invalidate(ProviderHandle provider);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_last_error(ProviderHandle provider, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_provider_stats(ProviderHandle provider, out ulong refreshAttempts, out ulong refreshes);

        // ---- requests --------------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_request_new(int operation);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_request_free(IntPtr request);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int stskit_request_operation(RequestHandle request);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_request_set_string(RequestHandle request, int member, byte[] value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_request_set_int(RequestHandle request, int member, int value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_request_add_string(RequestHandle request, int member, byte[] value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_request_add_pair(RequestHandle request, int member, byte[] first, byte[] second);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_request_set_empty_list(RequestHandle request, int member);

        // ---- responses -------------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void stskit_response_free(IntPtr response);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int stskit_response_operation(ResponseHandle response);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_response_string(ResponseHandle response, int member);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_response_int(ResponseHandle response, int member, out int value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern StskitStatus stskit_response_expiration_unix(ResponseHandle response, out long value);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_response_credentials(ResponseHandle response);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_response_request_id(ResponseHandle response);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int stskit_response_http_status(ResponseHandle response);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern ulong stskit_response_content_length(ResponseHandle response);

        // ---- library ---------------------------------------------------------------------------

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_status_name(int status);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint stskit_abi_version();

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr stskit_version();
    }
}
