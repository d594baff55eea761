using System;

namespace StsKit
{
    /// <summary>
    /// The native library: its versions, and the ABI check every entry point runs on first use.
    /// </summary>
    public static class StsKitLibrary
    {
        /// <summary>The C ABI version this wrapper was written against (STSKIT_ABI_VERSION).</summary>
        public const uint WrapperAbiVersion = 1;

        private static readonly object Lock = new object();
        private static volatile bool _compatible;

        /// <summary>The ABI version of the loaded native library.</summary>
        public static uint NativeAbiVersion
        {
            get
            {
                EnsureCompatible();
                return NativeMethods.stskit_abi_version();
            }
        }

        /// <summary>The version of the loaded native library, e.g. "0.1.0".</summary>
        public static string NativeVersion
        {
            get
            {
                EnsureCompatible();
                return Utf8.FromNative(NativeMethods.stskit_version());
            }
        }

        /// <summary>
        /// Loads the native library and checks that its ABI matches this wrapper; throws
        /// <see cref="StsKitNativeLibraryException"/> otherwise. Called by every public entry
        /// point; calling it at start-up reports a missing or stale plugin early.
        /// </summary>
        public static void EnsureCompatible()
        {
            if (_compatible)
            {
                return;
            }
            lock (Lock)
            {
                if (_compatible)
                {
                    return;
                }
                uint native;
                try
                {
                    native = NativeMethods.stskit_abi_version();
                }
                catch (DllNotFoundException e)
                {
                    throw new StsKitNativeLibraryException(
                        "the native stskit library (" + NativeMethods.Lib + ") could not be loaded: add the plugin for this platform", e);
                }
                catch (EntryPointNotFoundException e)
                {
                    throw new StsKitNativeLibraryException(
                        "the loaded native library has no stskit_abi_version: it is not stskit, or far too old; rebuild/replace the plugin", e);
                }
                CheckAbi(native);
                _compatible = true;
            }
        }

        /// <summary>Throws unless <paramref name="native"/> equals <see cref="WrapperAbiVersion"/>.</summary>
        internal static void CheckAbi(uint native)
        {
            if (native != WrapperAbiVersion)
            {
                throw new StsKitNativeLibraryException(
                    "native stskit library ABI " + native + " does not match the C# wrapper's ABI " + WrapperAbiVersion
                    + ": rebuild/replace the plugin");
            }
        }

        /// <summary>The header's name for a status, e.g. "STSKIT_STATUS_TIMEOUT".</summary>
        public static string StatusName(StskitStatus status)
        {
            EnsureCompatible();
            return Utf8.FromNative(NativeMethods.stskit_status_name((int)status));
        }
    }
}
