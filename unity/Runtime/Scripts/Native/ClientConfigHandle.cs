using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_client_config *</c>; freed with <c>stskit_client_config_free</c>.</summary>
    internal sealed class ClientConfigHandle : NativeHandle
    {
        internal ClientConfigHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_client_config_free(handle);
            return true;
        }
    }
}
