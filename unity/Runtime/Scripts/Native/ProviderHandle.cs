using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_provider *</c>; freed with <c>stskit_provider_free</c>.</summary>
    internal sealed class ProviderHandle : NativeHandle
    {
        internal ProviderHandle(IntPtr pointer) : base(pointer)
        {
        }

        /// <summary>The provider's callbacks, and the log callback of the client it refreshes
        /// through. Released after the native free (see CallbackSlot for why that is safe).</summary>
        internal CallbackSlot CallbackSlot;
        internal CallbackSlot LogSlot;

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_provider_free(handle);
            if (CallbackSlot != null)
            {
                CallbackSlot.Release();
            }
            if (LogSlot != null)
            {
                LogSlot.Release();
            }
            return true;
        }
    }
}
