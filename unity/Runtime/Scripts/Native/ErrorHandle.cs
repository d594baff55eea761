using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_error *</c>; freed with <c>stskit_error_free</c>.</summary>
    internal sealed class ErrorHandle : NativeHandle
    {
        internal ErrorHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_error_free(handle);
            return true;
        }
    }
}
