using System;
using System.Runtime.InteropServices;

namespace StsKit
{
    /// <summary>
    /// Base of the SafeHandle subclasses, one per native handle type. A zero pointer is invalid;
    /// <see cref="SafeHandle.Dispose()"/> marks the handle closed at once and the native free runs
    /// when the last P/Invoke call using it has returned (SafeHandle's reference count), or from
    /// the finalizer if the owner was never disposed.
    /// </summary>
    internal abstract class NativeHandle : SafeHandle
    {
        protected NativeHandle(IntPtr pointer) : base(IntPtr.Zero, true)
        {
            SetHandle(pointer);
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }
    }
}
