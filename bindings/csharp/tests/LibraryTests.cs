// The native library: ABI check, versions, status names, UTF-8 marshalling, registrations.
using System;

namespace StsKit.Tests
{
    internal static class LibraryTests
    {
        internal static void Register(Runner r)
        {
            r.Add("native ABI matches the wrapper; a mismatch gives a clear message", AbiCheck);
            r.Add("native version and status names", VersionAndStatusNames);
            r.Add("UTF-8 marshalling both ways", Utf8RoundTrip);
            r.Add("callback registrations are released with their handles", RegistrationsReleased);
        }

        private static void AbiCheck()
        {
            StsKitLibrary.EnsureCompatible();
            Assert.Equal(StsKitLibrary.WrapperAbiVersion, StsKitLibrary.NativeAbiVersion, "NativeAbiVersion");
            Assert.Equal(1u, StsKitLibrary.WrapperAbiVersion, "WrapperAbiVersion");
            var e = Assert.Throws<StsKitNativeLibraryException>(() => StsKitLibrary.CheckAbi(2), "ABI 2");
            Assert.Equal("native stskit library ABI 2 does not match the C# wrapper's ABI 1: rebuild/replace the plugin", e.Message, "Message");
            Assert.True(e is AmazonSecurityTokenServiceException, "catch-all base");
        }

        private static void VersionAndStatusNames()
        {
            string version = StsKitLibrary.NativeVersion;
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(version, "^\\d+\\.\\d+\\.\\d+"), "NativeVersion " + version);
            Assert.Equal("STSKIT_STATUS_TIMEOUT", StsKitLibrary.StatusName(StskitStatus.Timeout), "Timeout");
            Assert.Equal("STSKIT_STATUS_PANIC", StsKitLibrary.StatusName(StskitStatus.Panic), "Panic");
            Assert.Equal("STSKIT_STATUS_NOT_PRESENT", StsKitLibrary.StatusName(StskitStatus.NotPresent), "NotPresent");
        }

        private static void Utf8RoundTrip()
        {
            string text = "h\u00e9llo \u2713 \u6f22\u5b57 \U0001F3AE";
            byte[] bytes = Utf8.ToNative(text, "text");
            Assert.Equal(0, (int)bytes[bytes.Length - 1], "NUL-terminated");
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text) + 1, bytes.Length, "UTF-8 length");
            var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(bytes.Length);
            try
            {
                System.Runtime.InteropServices.Marshal.Copy(bytes, 0, p, bytes.Length);
                Assert.Equal(text, Utf8.FromNative(p), "decoded");
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.FreeHGlobal(p);
            }
            Assert.Null(Utf8.FromNative(IntPtr.Zero), "NULL");
            Assert.Null(Utf8.ToNative(null, "null"), "null");
            Assert.Throws<StsKitValidationException>(() => Utf8.ToNative("a\0b", "text"), "embedded NUL");
            // A lone surrogate cannot reach the native side as invalid UTF-8.
            byte[] lone = Utf8.ToNative("x\ud800y", "lone");
            Assert.Equal("x\ufffdy", System.Text.Encoding.UTF8.GetString(lone, 0, lone.Length - 1), "replacement character");
        }

        private static void RegistrationsReleased()
        {
            int baseline = CallbackRegistry.Count;
            var config = Emu.Config(Emu.Http + "/");
            config.LogCallback = (level, message) => { };
            var client = new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, config);
            Assert.Equal(baseline + 1, CallbackRegistry.Count, "client log callback registered");
            var provider = new StsCredentialsProvider(client, new AssumeRoleRequest { RoleArn = Emu.RoleArn, RoleSessionName = "reg" },
                new StsCredentialsProviderOptions { RefreshCallback = c => { } });
            Assert.Equal(baseline + 2, CallbackRegistry.Count, "provider callbacks registered");
            client.Dispose();
            Assert.Equal(baseline + 2, CallbackRegistry.Count, "the provider keeps the client's log callback");
            provider.GetCredentials();
            provider.Dispose();
            Assert.Equal(baseline, CallbackRegistry.Count, "all released");

            // A failed construction releases what it registered.
            var bad = Emu.Config("http://sts.example.com/");
            bad.LogCallback = (level, message) => { };
            Assert.Throws<StsKitConfigurationException>(() => new AmazonSecurityTokenServiceClient(Emu.AccessKeyId, Emu.SecretAccessKey, bad), "plain http");
            Assert.Equal(baseline, CallbackRegistry.Count, "released after a failed construction");
        }
    }
}
