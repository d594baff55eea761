using System;

namespace StsKit
{
    /// <summary>Owns credentials handed out by a provider (<c>stskit_provider_get</c> / <c>_try_get</c>);
    /// freed with <c>stskit_credentials_free</c>. Credentials borrowed from a response have no handle.</summary>
    internal sealed class CredentialsHandle : NativeHandle
    {
        internal CredentialsHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_credentials_free(handle);
            return true;
        }
    }
}
