using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_request *</c>; freed with <c>stskit_request_free</c>.</summary>
    internal sealed class RequestHandle : NativeHandle
    {
        internal RequestHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_request_free(handle);
            return true;
        }
    }
}
