using System;

namespace StsKit
{
    /// <summary>An AWS region (AWSSDK's Amazon.RegionEndpoint, reduced to its system name).</summary>
    public sealed class RegionEndpoint
    {
        public static readonly RegionEndpoint USEast1 = new RegionEndpoint("us-east-1");
        public static readonly RegionEndpoint USEast2 = new RegionEndpoint("us-east-2");
        public static readonly RegionEndpoint USWest1 = new RegionEndpoint("us-west-1");
        public static readonly RegionEndpoint USWest2 = new RegionEndpoint("us-west-2");
        public static readonly RegionEndpoint EUWest1 = new RegionEndpoint("eu-west-1");
        public static readonly RegionEndpoint EUWest2 = new RegionEndpoint("eu-west-2");
        public static readonly RegionEndpoint EUWest3 = new RegionEndpoint("eu-west-3");
        public static readonly RegionEndpoint EUCentral1 = new RegionEndpoint("eu-central-1");
        public static readonly RegionEndpoint EUNorth1 = new RegionEndpoint("eu-north-1");
        public static readonly RegionEndpoint APNortheast1 = new RegionEndpoint("ap-northeast-1");
        public static readonly RegionEndpoint APNortheast2 = new RegionEndpoint("ap-northeast-2");
        public static readonly RegionEndpoint APSoutheast1 = new RegionEndpoint("ap-southeast-1");
        public static readonly RegionEndpoint APSoutheast2 = new RegionEndpoint("ap-southeast-2");
        public static readonly RegionEndpoint APSouth1 = new RegionEndpoint("ap-south-1");
        public static readonly RegionEndpoint SAEast1 = new RegionEndpoint("sa-east-1");
        public static readonly RegionEndpoint CACentral1 = new RegionEndpoint("ca-central-1");
        public static readonly RegionEndpoint CNNorth1 = new RegionEndpoint("cn-north-1");
        public static readonly RegionEndpoint USGovCloudWest1 = new RegionEndpoint("us-gov-west-1");

        private RegionEndpoint(string systemName)
        {
            SystemName = systemName;
        }

        /// <summary>The region's name, e.g. "eu-west-1".</summary>
        public string SystemName { get; private set; }

        /// <summary>Any region by name; the native library checks it when the client is built.</summary>
        public static RegionEndpoint GetBySystemName(string systemName)
        {
            if (string.IsNullOrEmpty(systemName)) throw new ArgumentNullException("systemName");
            return new RegionEndpoint(systemName);
        }

        public override string ToString()
        {
            return SystemName;
        }

        public override bool Equals(object obj)
        {
            var other = obj as RegionEndpoint;
            return other != null && other.SystemName == SystemName;
        }

        public override int GetHashCode()
        {
            return SystemName.GetHashCode();
        }
    }

    /// <summary>
    /// Settings of an <see cref="AmazonSecurityTokenServiceClient"/> (AWSSDK's
    /// AmazonSecurityTokenServiceConfig). Read once, when the client is constructed.
    /// </summary>
    public class AmazonSecurityTokenServiceConfig
    {
        public AmazonSecurityTokenServiceConfig()
        {
            RetryMode = StskitRetryMode.Standard2026;
            RetryBackoffScale = 1.0;
            ProxyMode = StskitProxyMode.FromEnv;
            LogLevel = StskitLogLevel.Info;
        }

        /// <summary>The region, e.g. "eu-west-1". Required for signing, also with a ServiceURL.</summary>
        public string Region { get; set; }

        /// <summary>The region as a RegionEndpoint (the same setting as <see cref="Region"/>).</summary>
        public RegionEndpoint RegionEndpoint
        {
            get { return Region == null ? null : RegionEndpoint.GetBySystemName(Region); }
            set { Region = value == null ? null : value.SystemName; }
        }

        /// <summary>A custom endpoint URL, used verbatim including its path. Plain http:// is refused
        /// unless the host is loopback or <see cref="AllowInsecureHttp"/> is set.</summary>
        public string ServiceURL { get; set; }

        public bool UseFIPSEndpoint { get; set; }
        public bool UseDualstackEndpoint { get; set; }

        /// <summary>The legacy global endpoint sts.amazonaws.com for the regions that had it.</summary>
        public bool UseGlobalEndpoint { get; set; }

        /// <summary>Permit plain http:// to non-loopback hosts (credentials then travel unencrypted).</summary>
        public bool AllowInsecureHttp { get; set; }

        /// <summary>Time to connect (default 5 s).</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>Time to wait for the response and its body (default 10 s).</summary>
        public TimeSpan? ReadWriteTimeout { get; set; }

        /// <summary>Time for one whole attempt (default 30 s).</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Retries after the first attempt (default 2; 0 disables retries).</summary>
        public int? MaxErrorRetry { get; set; }

        public StskitRetryMode RetryMode { get; set; }

        /// <summary>Multiplies every retry backoff delay (1.0 normally; tests use small values).</summary>
        public double RetryBackoffScale { get; set; }

        /// <summary>FromEnv (HTTPS_PROXY etc., the default), Disabled, or Url (ProxyHost/ProxyPort).
        /// Setting ProxyHost while the mode is FromEnv selects Url.</summary>
        public StskitProxyMode ProxyMode { get; set; }

        /// <summary>Proxy host name or URL ("proxy.local" or "http://proxy.local:3128").</summary>
        public string ProxyHost { get; set; }

        public int ProxyPort { get; set; }

        /// <summary>PEM CA certificates to trust in addition to the bundled roots.</summary>
        public string AdditionalCaCertificatesPem { get; set; }

        /// <summary>Largest accepted response body in bytes (default 1 MiB).</summary>
        public long? MaxResponseBytes { get; set; }

        /// <summary>Testing aid: pretend the device clock is off by this much.</summary>
        public TimeSpan? DeviceClockOffset { get; set; }

        /// <summary>Receives log lines (never containing secrets) up to <see cref="LogLevel"/>. Called
        /// on the thread making the STS call, possibly a thread-pool or background refresh thread:
        /// in Unity, hand the line to the main thread before touching Unity objects (Debug.Log is fine).</summary>
        public Action<StskitLogLevel, string> LogCallback { get; set; }

        public StskitLogLevel LogLevel { get; set; }

        internal string ProxyUrl()
        {
            if (ProxyHost == null)
            {
                return null;
            }
            string url = ProxyHost.Contains("://") ? ProxyHost : "http://" + ProxyHost;
            return ProxyPort > 0 ? url + ":" + ProxyPort : url;
        }
    }
}
