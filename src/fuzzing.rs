//! Entry points for the cargo-fuzz targets in `fuzz/` to reach code that is otherwise private:
//! the response decoder and the endpoint URL parser. Not part of the API (hidden from the docs);
//! they may change at any time.

use crate::error::Result;
use crate::model::*;
use crate::response::{read_error, read_success, HttpResponse};
use crate::url::EndpointUrl;

/// Decodes `body` as the HTTP `status` response to `op`, exactly as `Client::send` does once the
/// transport returned it: a 2xx body through `<{Action}Response>` and the operation's reader,
/// anything else as an STS error body.
pub fn decode_response(op: OperationId, status: u16, body: &[u8]) -> Result<AnyResponse> {
    let resp = HttpResponse {
        status,
        request_id_header: Some("fuzz-request-id".to_owned()),
        content_length: body.len() as u64,
        date: None,
        retry_after_ms: None,
        body: zeroize::Zeroizing::new(body.to_vec()),
    };
    if !(200..300).contains(&status) {
        return Err(read_error(&resp));
    }
    fn one<O: Operation>(resp: &HttpResponse) -> Result<O::Output> {
        O::read(&read_success(O::ACTION, resp)?)
    }
    use AnyResponse as R;
    use OperationId as Op;
    Ok(match op {
        Op::AssumeRole => R::AssumeRole(one::<AssumeRoleRequest>(&resp)?),
        Op::AssumeRoleWithSaml => R::AssumeRoleWithSaml(one::<AssumeRoleWithSamlRequest>(&resp)?),
        Op::AssumeRoleWithWebIdentity => R::AssumeRoleWithWebIdentity(one::<AssumeRoleWithWebIdentityRequest>(&resp)?),
        Op::AssumeRoot => R::AssumeRoot(one::<AssumeRootRequest>(&resp)?),
        Op::DecodeAuthorizationMessage => {
            R::DecodeAuthorizationMessage(one::<DecodeAuthorizationMessageRequest>(&resp)?)
        }
        Op::GetAccessKeyInfo => R::GetAccessKeyInfo(one::<GetAccessKeyInfoRequest>(&resp)?),
        Op::GetCallerIdentity => R::GetCallerIdentity(one::<GetCallerIdentityRequest>(&resp)?),
        Op::GetDelegatedAccessToken => R::GetDelegatedAccessToken(one::<GetDelegatedAccessTokenRequest>(&resp)?),
        Op::GetFederationToken => R::GetFederationToken(one::<GetFederationTokenRequest>(&resp)?),
        Op::GetSessionToken => R::GetSessionToken(one::<GetSessionTokenRequest>(&resp)?),
        Op::GetWebIdentityToken => R::GetWebIdentityToken(one::<GetWebIdentityTokenRequest>(&resp)?),
    })
}

/// An endpoint URL as the client parses it: scheme, host, port, path, whether plain HTTP would
/// be allowed without opting in (loopback), and the URL requests are sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEndpointUrl {
    pub https: bool,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
    pub loopback: bool,
    pub url: String,
}

/// Parses `url` as `Client::builder().endpoint_url(url)` does.
pub fn parse_endpoint_url(url: &str) -> Result<ParsedEndpointUrl> {
    let u = EndpointUrl::parse(url)?;
    Ok(ParsedEndpointUrl {
        https: u.https,
        loopback: u.is_loopback(),
        url: u.to_url(),
        host: u.host,
        port: u.port,
        path: u.path,
    })
}
