//! Endpoint resolution, region validation and endpoint URL parsing.
//!
//! Input: flags, an optional region and an optional custom endpoint. Properties: no panic;
//! `resolve` follows the rule set (custom endpoints verbatim, errors only where the rules give
//! them); a region `validate_region` accepts always resolves to an `https://` URL that the
//! client's URL parser accepts with the expected host; any URL the parser accepts is turned into
//! a request URL that parses back to the same scheme, host, effective port and path (a fixpoint),
//! and only loopback hosts are called loopback.
#![no_main]

mod common;

use common::Input;
use libfuzzer_sys::fuzz_target;
use stskit::endpoint::{partition_of, resolve, validate_region, EndpointParams};
use stskit::fuzzing::{parse_endpoint_url, ParsedEndpointUrl};

fn effective_port(u: &ParsedEndpointUrl) -> u16 {
    u.port.unwrap_or(if u.https { 443 } else { 80 })
}

/// Parsing the URL a parsed endpoint produces gives the same endpoint.
fn check_round_trip(u: &ParsedEndpointUrl) {
    let again = parse_endpoint_url(&u.url).unwrap_or_else(|e| panic!("{:?} (from {u:?}) does not parse: {e}", u.url));
    assert_eq!((again.https, &again.host, effective_port(&again), &again.path), (u.https, &u.host, effective_port(u), &u.path));
    assert_eq!(again.url, u.url, "to_url is not a fixpoint");
    assert_eq!(again.loopback, u.loopback);
    if u.loopback {
        let h = u.host.as_str();
        assert!(
            h == "localhost" || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
            "{h:?} called loopback"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let flags = input.u8();
    let region = (flags & 16 != 0).then(|| input.string());
    let endpoint = (flags & 32 != 0).then(|| input.string());
    let params = EndpointParams {
        region: region.clone(),
        use_fips: flags & 1 != 0,
        use_dual_stack: flags & 2 != 0,
        endpoint: endpoint.clone(),
        use_global_endpoint: flags & 4 != 0,
    };
    let valid_region = region.as_deref().map(|r| validate_region(r).is_ok());
    if let Some(r) = &region {
        let _ = partition_of(r);
        if let Err(e) = validate_region(r) {
            assert!(e.message.starts_with("invalid region "), "{e}");
        }
    }

    match resolve(&params) {
        Ok(resolved) => {
            if let Some(e) = &endpoint {
                assert_eq!(&resolved.url, e, "custom endpoint not used verbatim");
            } else {
                assert!(resolved.url.starts_with("https://"), "{}", resolved.url);
            }
            if endpoint.is_none() && valid_region == Some(true) {
                let u = parse_endpoint_url(&resolved.url)
                    .unwrap_or_else(|e| panic!("resolved {:?} does not parse: {e}", resolved.url));
                assert!(u.https && u.port.is_none() && u.path == "/", "{u:?}");
                assert!(u.host.starts_with("sts"), "{u:?}");
                check_round_trip(&u);
            }
            // (The rule set does not validate the region; the client does, before resolving.)
            if let (Some(r), Some(true)) = (&resolved.signing_region, valid_region) {
                assert!(!r.is_empty());
            }
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            assert!(params.use_fips || params.use_dual_stack || region.is_none(), "unexpected error {e} for {params:?}");
        }
    }

    // The client's URL parser on the custom endpoint (and on the raw rest of the input).
    let rest = input.rest_string();
    for url in endpoint.iter().chain(std::iter::once(&rest)) {
        if let Ok(u) = parse_endpoint_url(url) {
            assert!(!u.host.is_empty());
            assert!(u.path.starts_with('/'));
            check_round_trip(&u);
        }
    }
});
