using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_provider_config *</c>; freed with <c>stskit_provider_config_free</c>.</summary>
    internal sealed class ProviderConfigHandle : NativeHandle
    {
        internal ProviderConfigHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_provider_config_free(handle);
            return true;
        }
    }
}
