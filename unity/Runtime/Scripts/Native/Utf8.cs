using System;
using System.Runtime.InteropServices;
using System.Text;

namespace StsKit
{
    /// <summary>
    /// Explicit UTF-8 marshalling. Strings go in as NUL-terminated byte arrays (the runtime pins
    /// the array for the call); strings come out as borrowed <c>const char *</c> that are copied
    /// with Marshal.Copy and decoded with Encoding.UTF8. Never PtrToStringAnsi (the ANSI code page
    /// on Windows), never a <c>char *</c> return marshalled as <c>string</c> (the runtime would
    /// free it with the wrong allocator).
    /// </summary>
    internal static class Utf8
    {
        // Encoding.UTF8 would emit a BOM only through GetPreamble, which is not used here. Invalid
        // UTF-16 (a lone surrogate) is replaced with U+FFFD, so the native side never sees invalid UTF-8.
        private static readonly Encoding Encoding = new UTF8Encoding(false, false);

        /// <summary>A NUL-terminated UTF-8 copy of <paramref name="value"/>, or null for null.</summary>
        /// <param name="what">Names the value in the error for an embedded NUL.</param>
        internal static byte[] ToNative(string value, string what)
        {
            if (value == null)
            {
                return null;
            }
            if (value.IndexOf('\0') >= 0)
            {
                throw new StsKitValidationException(what + " must not contain a NUL character");
            }
            int length = Encoding.GetByteCount(value);
            var bytes = new byte[length + 1];
            Encoding.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Overwrites a buffer that held a secret.</summary>
        internal static void Wipe(byte[] bytes)
        {
            if (bytes != null)
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        /// <summary>Copies and decodes a borrowed NUL-terminated UTF-8 string; null for NULL.</summary>
        internal static string FromNative(IntPtr pointer)
        {
            if (pointer == IntPtr.Zero)
            {
                return null;
            }
            int length = 0;
            while (Marshal.ReadByte(pointer, length) != 0)
            {
                length++;
            }
            if (length == 0)
            {
                return string.Empty;
            }
            var bytes = new byte[length];
            Marshal.Copy(pointer, bytes, 0, length);
            string text = Encoding.GetString(bytes);
            // The buffer may have held a secret key or session token.
            Array.Clear(bytes, 0, bytes.Length);
            return text;
        }

        /// <summary>Like <see cref="FromNative"/>, but "" (the ABI's "none") becomes null.</summary>
        internal static string FromNativeOrNull(IntPtr pointer)
        {
            string s = FromNative(pointer);
            return string.IsNullOrEmpty(s) ? null : s;
        }
    }
}
