//! The parts of an endpoint URL the client needs: scheme, host, port and path.

use crate::error::{Error, Result};
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl {
    pub https: bool,
    /// Host name or IP address; IPv6 without brackets.
    pub host: String,
    pub port: Option<u16>,
    /// The path, at least `/`. Custom endpoints may carry a prefix (gateways, the emulator).
    pub path: String,
}

impl EndpointUrl {
    pub fn parse(url: &str) -> Result<EndpointUrl> {
        let bad = |why: &str| Error::configuration(format!("endpoint URL {url:?} {why}"));
        let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(bad("must start with https:// or http://"));
        };
        if rest.contains(['?', '#']) {
            return Err(bad("must not have a query or fragment"));
        }
        let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
        if authority.contains('@') {
            return Err(bad("must not contain user information"));
        }
        // Only forms that `to_url` writes back unchanged are accepted, so the URL requests go to
        // is the one that was checked (scheme, host, loopback): an IPv6 literal in brackets
        // followed by nothing or `:port`; any other host without ':', '[' or ']'.
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let end = v6.find(']').ok_or_else(|| bad("has an unclosed IPv6 bracket"))?;
            let port = match &v6[end + 1..] {
                "" => None,
                rest => Some(rest.strip_prefix(':').ok_or_else(|| bad("has characters after the IPv6 address"))?),
            };
            if v6[..end].parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("has no valid IPv6 address in brackets"));
            }
            (&v6[..end], port)
        } else {
            let (h, p) = match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            };
            if h.contains([':', '[', ']']) {
                return Err(bad("has an invalid host (an IPv6 address must be in brackets)"));
            }
            (h, p)
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("has no valid host"));
        }
        let port = port.map(|p| p.parse::<u16>().map_err(|_| bad("has an invalid port"))).transpose()?;
        Ok(EndpointUrl { https, host: host.to_ascii_lowercase(), port, path: path.to_owned() })
    }

    /// The `Host` header value: the port only when it is not the scheme's default.
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(p) if p != if self.https { 443 } else { 80 } => format!("{host}:{p}"),
            _ => host,
        }
    }

    pub fn scheme(&self) -> &'static str {
        if self.https {
            "https"
        } else {
            "http"
        }
    }

    /// The URL to send requests to.
    pub fn to_url(&self) -> String {
        format!("{}://{}{}", self.scheme(), self.host_header(), self.path)
    }

    /// `localhost`, 127.0.0.0/8 or ::1: the only hosts plain HTTP is allowed to by default.
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost" || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_ports_and_paths() {
        let u = EndpointUrl::parse("https://sts.us-east-1.amazonaws.com").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("sts.us-east-1.amazonaws.com", None, "/"));
        assert_eq!(u.host_header(), "sts.us-east-1.amazonaws.com");
        let u = EndpointUrl::parse("http://127.0.0.1:8080/_s/a/fault=throttle/").unwrap();
        assert_eq!(u.host_header(), "127.0.0.1:8080");
        assert_eq!(u.path, "/_s/a/fault=throttle/");
        assert!(u.is_loopback());
        let u = EndpointUrl::parse("http://[::1]:9/").unwrap();
        assert_eq!(u.host_header(), "[::1]:9");
        assert!(u.is_loopback());
        assert_eq!(EndpointUrl::parse("https://h:443/").unwrap().host_header(), "h");
        assert!(!EndpointUrl::parse("http://example.com").unwrap().is_loopback());
    }

    /// Regression (cargo fuzz, endpoint_resolve): `https://`::0]:8443/` parsed as host "`::0]"
    /// port 8443 but was sent to `https://[`::0]]:8443/`; `https://[::1]evil/` silently lost
    /// "evil". Such URLs are refused now, and every accepted URL's request URL parses back to it.
    #[test]
    fn accepted_urls_round_trip_and_ambiguous_hosts_are_refused() {
        for bad in [
            "https://`::0]:8443/",
            "https://[::1]evil/",
            "https://[::1]x:1/",
            "http://a:b:1/",
            "https://[not-v6]/",
            "http://h]:1/",
            "http://[::1/",
        ] {
            assert!(EndpointUrl::parse(bad).is_err(), "{bad}");
        }
        for good in [
            "https://sts.amazonaws.com",
            "http://127.0.0.1:8080/_s/a/",
            "http://[::1]:9/",
            "https://[2001:db8::1]/p",
            "https://H:443/x",
        ] {
            let u = EndpointUrl::parse(good).unwrap();
            let again = EndpointUrl::parse(&u.to_url()).unwrap();
            assert_eq!((again.https, &again.host, again.path.as_str()), (u.https, &u.host, u.path.as_str()), "{good}");
            assert_eq!(again.to_url(), u.to_url(), "{good}");
        }
    }

    #[test]
    fn rejects_bad_urls() {
        for bad in ["ftp://x", "https://", "https://h:99999", "https://u@h/", "https://h/?a=b", "sts.amazonaws.com"] {
            assert!(EndpointUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
