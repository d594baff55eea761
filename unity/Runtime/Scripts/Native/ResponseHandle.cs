using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_response *</c>; freed with <c>stskit_response_free</c>.</summary>
    internal sealed class ResponseHandle : NativeHandle
    {
        internal ResponseHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_response_free(handle);
            return true;
        }
    }
}
