using System;

namespace StsKit
{
    /// <summary>Owns a <c>stskit_presigned *</c>; freed with <c>stskit_presigned_free</c>.</summary>
    internal sealed class PresignedHandle : NativeHandle
    {
        internal PresignedHandle(IntPtr pointer) : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.stskit_presigned_free(handle);
            return true;
        }
    }
}
