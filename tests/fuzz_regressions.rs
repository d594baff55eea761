//! Inputs found by the cargo-fuzz targets (fuzz/), replayed through the public API so that what
//! they exposed stays fixed. Each test names the target and the artifact.

use stskit::fuzzing::parse_endpoint_url;
use stskit::{Client, ErrorKind};

/// endpoint_resolve, crash-64a8aab89f7b9f93da98e53afd20f9c927366326: the custom endpoint
/// `https://`::0]:8443/` parsed as host "`::0]", port 8443, but requests would have gone to
/// `https://[`::0]]:8443/` (port lost on re-parse); `https://[::1]evil/` silently dropped "evil".
/// The client checks (plain-HTTP policy, loopback) must judge the URL it sends to, so such
/// endpoints are now a configuration error when the client is built.
#[test]
fn endpoint_urls_that_do_not_round_trip_are_refused() {
    for url in ["https://`::0]:8443/", "https://[::1]evil/", "https://[::1]x:1/", "http://a:b:1/", "https://[junk]/"] {
        assert!(parse_endpoint_url(url).is_err(), "{url}");
        let err = Client::builder().region("us-east-1").endpoint_url(url).build().err().expect("must be refused");
        assert_eq!(err.kind(), ErrorKind::Configuration, "{url}: {err}");
    }
    // Still fine: bracketed IPv6 with and without a port, names, upper case.
    for url in ["https://[::1]:8443/", "http://[::1]/", "http://LOCALHOST:80/a", "https://sts.eu-west-1.amazonaws.com"]
    {
        let u = parse_endpoint_url(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(parse_endpoint_url(&u.url).unwrap().url, u.url, "{url}");
        Client::builder().region("us-east-1").endpoint_url(url).build().unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

/// The exact fuzz input: selector 0x20 (custom endpoint only), then the endpoint and the rest.
#[test]
fn endpoint_resolve_crash_64a8aab8_replays_cleanly() {
    let data: &[u8] = b"\x20\x13https://`::0]:8443/http://LOCALHOST:80/a?b";
    let endpoint = std::str::from_utf8(&data[2..2 + usize::from(data[1])]).unwrap();
    assert_eq!(endpoint, "https://`::0]:8443/");
    assert!(parse_endpoint_url(endpoint).is_err());
    assert!(parse_endpoint_url("http://LOCALHOST:80/a?b").is_err(), "a query is refused");
}
