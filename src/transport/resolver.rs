//! A resolver that remembers addresses for a while (ureq resolves before every request).

use std::sync::Mutex;
use std::time::{Duration, Instant};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a host's resolved addresses are reused.
const DNS_CACHE_TTL: Duration = Duration::from_secs(30);

/// ureq resolves the host before every request, even one a pooled keep-alive connection will carry,
/// and with a timeout configured it does so on a freshly spawned thread. That put a thread spawn
/// and a DNS lookup on every call. This resolver keeps each host's addresses for
/// [`DNS_CACHE_TTL`], so only new connections after that see fresh DNS answers.
#[derive(Debug, Default)]
pub(super) struct CachingResolver {
    inner: DefaultResolver,
    /// (scheme, authority, when resolved, addresses); a client talks to one or two hosts.
    cache: Mutex<Vec<(String, String, Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority().map(|a| a.as_str())) else {
            return self.inner.resolve(uri, config, timeout);
        };
        let now = Instant::now();
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((.., addrs)) = cache
                .iter()
                .find(|(s, a, at, _)| s == scheme && a == authority && now.duration_since(*at) < DNS_CACHE_TTL)
            {
                return Ok(addrs.clone());
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|(s, a, at, _)| !(s == scheme && a == authority) && now.duration_since(*at) < DNS_CACHE_TTL);
        cache.push((scheme.to_owned(), authority.to_owned(), now, addrs.clone()));
        Ok(addrs)
    }
}
