using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_client *</c>; freed with <c>stskit_client_free</c>.</summary>
    internal sealed class ClientHandle : NativeHandle
    {
        internal ClientHandle(IntPtr pointer) : base(pointer)
        {
        }

        /// <summary>The log callback registration of this client (null without logging). Released
        /// after the native free; providers built on the client hold their own reference.</summary>
        internal CallbackSlot LogSlot;

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_client_free(handle);
            if (LogSlot != null)
            {
                LogSlot.Release();
            }
            return true;
        }
    }
}
