using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

#if !UNITY_5_3_OR_NEWER
namespace AOT
{
    /// <summary>
    /// Marks a static method that native code calls through a function pointer. Unity ships this
    /// attribute in UnityEngine; elsewhere Mono's and Xamarin's AOT compilers recognise it by name,
    /// so declaring it here makes the same callbacks work under full AOT (iOS, IL2CPP-like).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class MonoPInvokeCallbackAttribute : Attribute
    {
        public MonoPInvokeCallbackAttribute(Type type)
        {
            Type = type;
        }

        public Type Type { get; private set; }
    }
}
#endif

namespace StsKit
{
    /// <summary>
    /// Managed state reachable from native callbacks through the <c>user_data</c> pointer.
    ///
    /// The pointer is a registry key, not a GCHandle: the C ABI lets a provider's background
    /// refresh (and the logging of clients it keeps alive) call back after
    /// <c>stskit_provider_free</c>/<c>stskit_client_free</c> have returned, and it offers no
    /// "user_data released" notification. A freed GCHandle slot can be reused for another object,
    /// so a late callback could reach the wrong target; a key that is never reused simply finds
    /// nothing, and the callback then does nothing (or fails the refresh).
    /// </summary>
    internal static class CallbackRegistry
    {
        private static readonly object Lock = new object();
        private static readonly Dictionary<long, object> Targets = new Dictionary<long, object>();
        private static long _nextKey;

        internal static IntPtr Add(object target)
        {
            lock (Lock)
            {
                long key = ++_nextKey;
                Targets.Add(key, target);
                return new IntPtr(key);
            }
        }

        internal static void Remove(IntPtr key)
        {
            lock (Lock)
            {
                Targets.Remove(key.ToInt64());
            }
        }

        internal static object Get(IntPtr key)
        {
            lock (Lock)
            {
                object target;
                return Targets.TryGetValue(key.ToInt64(), out target) ? target : null;
            }
        }

        internal static int Count
        {
            get
            {
                lock (Lock)
                {
                    return Targets.Count;
                }
            }
        }
    }

    /// <summary>A reference-counted registry entry: removed when the last owner releases it.</summary>
    internal sealed class CallbackSlot
    {
        private int _references = 1;

        internal CallbackSlot(object target)
        {
            Key = CallbackRegistry.Add(target);
        }

        internal IntPtr Key { get; private set; }

        internal CallbackSlot AddRef()
        {
            Interlocked.Increment(ref _references);
            return this;
        }

        internal void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                CallbackRegistry.Remove(Key);
            }
        }
    }

    /// <summary>What the log callback of a client reaches.</summary>
    internal sealed class LogTarget
    {
        internal Action<StskitLogLevel, string> Callback;
    }

    /// <summary>What a provider's secret, MFA and refresh callbacks reach.</summary>
    internal sealed class ProviderCallbacks
    {
        internal Func<string> Secret;
        internal Func<string> Mfa;
        internal Action<ImmutableCredentials> Refreshed;

        /// <summary>The last exception a user callback threw (attached to the refresh error).</summary>
        internal Exception LastCallbackException;
    }

    /// <summary>
    /// The native-to-managed entry points. Each is a static method marked MonoPInvokeCallback
    /// (required by IL2CPP and full AOT), its delegate is kept in a static field for the life of
    /// the process (so it is never collected while native code holds the pointer), and every
    /// exception is caught: none may unwind into Rust.
    /// </summary>
    internal static class NativeCallbacks
    {
        internal static readonly NativeMethods.LogCallback Log = OnLog;
        internal static readonly NativeMethods.SecretCallback Secret = OnSecret;
        internal static readonly NativeMethods.SecretCallback Mfa = OnMfa;
        internal static readonly NativeMethods.RefreshCallback Refreshed = OnRefreshed;

        [AOT.MonoPInvokeCallback(typeof(NativeMethods.LogCallback))]
        private static void OnLog(IntPtr userData, int level, IntPtr message)
        {
            try
            {
                var target = CallbackRegistry.Get(userData) as LogTarget;
                if (target != null && target.Callback != null)
                {
                    target.Callback((StskitLogLevel)level, Utf8.FromNative(message));
                }
            }
            catch (Exception)
            {
                // A throwing log handler must not break the STS call or unwind into native code.
            }
        }

        [AOT.MonoPInvokeCallback(typeof(NativeMethods.SecretCallback))]
        private static long OnSecret(IntPtr userData, IntPtr buffer, UIntPtr capacity)
        {
            var target = CallbackRegistry.Get(userData) as ProviderCallbacks;
            return target == null ? -1 : WriteSecret(target, target.Secret, buffer, capacity);
        }

        [AOT.MonoPInvokeCallback(typeof(NativeMethods.SecretCallback))]
        private static long OnMfa(IntPtr userData, IntPtr buffer, UIntPtr capacity)
        {
            var target = CallbackRegistry.Get(userData) as ProviderCallbacks;
            return target == null ? -1 : WriteSecret(target, target.Mfa, buffer, capacity);
        }

        private static long WriteSecret(ProviderCallbacks target, Func<string> source, IntPtr buffer, UIntPtr capacity)
        {
            byte[] bytes = null;
            try
            {
                if (source == null)
                {
                    return -1;
                }
                string value = source();
                if (value == null)
                {
                    target.LastCallbackException = new InvalidOperationException("the callback returned null");
                    return -1;
                }
                bytes = new UTF8Encoding(false, false).GetBytes(value);
                if ((ulong)bytes.Length > capacity.ToUInt64())
                {
                    target.LastCallbackException = new InvalidOperationException(
                        "the callback returned " + bytes.Length + " bytes; at most " + capacity + " fit");
                    return -1;
                }
                Marshal.Copy(bytes, 0, buffer, bytes.Length);
                return bytes.Length;
            }
            catch (Exception e)
            {
                target.LastCallbackException = e;
                return -1;
            }
            finally
            {
                Utf8.Wipe(bytes);
            }
        }

        [AOT.MonoPInvokeCallback(typeof(NativeMethods.RefreshCallback))]
        private static void OnRefreshed(IntPtr userData, IntPtr credentials)
        {
            try
            {
                var target = CallbackRegistry.Get(userData) as ProviderCallbacks;
                if (target != null && target.Refreshed != null)
                {
                    target.Refreshed(ImmutableCredentials.FromBorrowed(credentials));
                }
            }
            catch (Exception)
            {
                // The refresh itself succeeded; a throwing observer must not unwind into native code.
            }
        }
    }
}
