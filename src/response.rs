//! The STS response envelope: success bodies, error bodies and response metadata.

use crate::credentials::Credentials;
use crate::error::{Error, Result, ServiceError};
use crate::model::{AssumedRoleUser, ResponseMetadata};
use crate::secret::SecretString;
use crate::xml::XmlDoc;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What the transport hands the decoder.
pub struct HttpResponse {
    pub status: u16,
    pub request_id_header: Option<String>,
    pub content_length: u64,
    /// The `Date` header, for clock-skew detection.
    pub date: Option<String>,
    /// `x-amz-retry-after` in milliseconds, when the server sent a valid one.
    pub retry_after_ms: Option<u64>,
    pub body: zeroize::Zeroizing<Vec<u8>>,
}

/// Reads members of `<{Action}Result>` from a parsed success body.
pub struct ResultReader {
    doc: XmlDoc,
    prefix: String,
    metadata: ResponseMetadata,
}

/// Decodes a 2xx body for `action`, or turns an error body into `Error::Service`.
pub fn read_success(action: &str, resp: &HttpResponse) -> Result<ResultReader> {
    let doc = XmlDoc::parse(&resp.body)?;
    if doc.root().strip_suffix("Response") != Some(action) {
        if let Some(err) = service_error(&doc, resp) {
            return Err(Error::service(err));
        }
        return Err(Error::invalid_response(format!("expected <{action}Response>, got <{}>", doc.root())));
    }
    let request_id = doc
        .get("ResponseMetadata/RequestId")
        .map(str::to_owned)
        .or_else(|| resp.request_id_header.clone())
        .unwrap_or_default();
    let metadata = ResponseMetadata { request_id, http_status_code: resp.status, content_length: resp.content_length };
    Ok(ResultReader { doc, prefix: format!("{action}Result/"), metadata })
}

/// Decodes a non-2xx response into the error it carries.
pub fn read_error(resp: &HttpResponse) -> Error {
    match XmlDoc::parse(&resp.body) {
        Ok(doc) => match service_error(&doc, resp) {
            Some(err) => Error::service(err),
            None => Error::invalid_response(format!("HTTP {} with an unexpected <{}> body", resp.status, doc.root())),
        },
        Err(e) if resp.status >= 500 => {
            // A gateway's HTML 502/503 page: keep it retryable as the status says.
            Error::service(ServiceError {
                code: String::new(),
                message: format!("HTTP {} without an STS error body ({})", resp.status, e.message()),
                error_type: "Receiver".into(),
                request_id: resp.request_id_header.clone().unwrap_or_default(),
                http_status: resp.status,
            })
        }
        Err(e) => e.with_context(&format!("HTTP {} error response", resp.status)),
    }
}

/// `<ErrorResponse><Error>…</Error><RequestId/>` or the EC2-style `<Response><Errors><Error>`.
fn service_error(doc: &XmlDoc, resp: &HttpResponse) -> Option<ServiceError> {
    let (error, request_id) = match doc.root() {
        "ErrorResponse" => ("Error", doc.get("RequestId")),
        "Response" => ("Errors/Error", doc.get("RequestID").or_else(|| doc.get("RequestId"))),
        _ => return None,
    };
    let code = doc.get(&format!("{error}/Code"))?;
    let field = |name: &str| doc.get(&format!("{error}/{name}")).unwrap_or_default().to_owned();
    Some(ServiceError {
        code: code.to_owned(),
        message: field("Message"),
        error_type: field("Type"),
        request_id: request_id.map(str::to_owned).or_else(|| resp.request_id_header.clone()).unwrap_or_default(),
        http_status: resp.status,
    })
}

impl ResultReader {
    pub fn metadata(&self) -> ResponseMetadata {
        self.metadata.clone()
    }

    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        self.doc.get_at(&self.prefix, name).map(str::to_owned)
    }

    pub fn req(&self, name: &str) -> Result<String> {
        self.opt(name).ok_or_else(|| missing(name))
    }

    pub fn secret(&self, name: &str) -> Result<SecretString> {
        self.doc.get_at(&self.prefix, name).map(SecretString::new).ok_or_else(|| missing(name))
    }

    pub fn opt_int(&self, name: &str) -> Result<Option<i32>> {
        self.opt(name)
            .map(|v| v.trim().parse::<i32>().map_err(|_| Error::invalid_response(format!("{name} is not an integer"))))
            .transpose()
    }

    pub fn timestamp(&self, name: &str) -> Result<OffsetDateTime> {
        parse_timestamp(name, &self.req(name)?)
    }

    pub fn credentials(&self) -> Result<Credentials> {
        let token = self.secret("Credentials/SessionToken")?;
        Ok(Credentials::new(
            self.req("Credentials/AccessKeyId")?,
            self.secret("Credentials/SecretAccessKey")?,
            Some(token),
        )
        .with_expiration(self.timestamp("Credentials/Expiration")?))
    }

    pub fn assumed_role_user(&self) -> Result<Option<AssumedRoleUser>> {
        if !self.doc.contains(&self.path("AssumedRoleUser")) {
            return Ok(None);
        }
        Ok(Some(AssumedRoleUser {
            assumed_role_id: self.req("AssumedRoleUser/AssumedRoleId")?,
            arn: self.req("AssumedRoleUser/Arn")?,
        }))
    }
}

fn missing(name: &str) -> Error {
    Error::invalid_response(format!("the response is missing the required element {name}"))
}

/// ISO-8601 date-time as STS sends it, with or without fractional seconds and with any offset.
pub fn parse_timestamp(name: &str, value: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(value.trim(), &Rfc3339)
        .map_err(|_| Error::invalid_response(format!("{name} is not an ISO-8601 timestamp")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            request_id_header: Some("hdr-id".into()),
            content_length: body.len() as u64,
            date: None,
            retry_after_ms: None,
            body: zeroize::Zeroizing::new(body.as_bytes().to_vec()),
        }
    }

    #[test]
    fn error_body_maps_to_service_error() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>bad</Message></Error><RequestId>rid</RequestId></ErrorResponse>"#;
        let e = read_error(&resp(403, body));
        let s = e.service_error().unwrap();
        assert_eq!(
            (s.code.as_str(), s.message.as_str(), s.request_id.as_str(), s.http_status),
            ("InvalidClientTokenId", "bad", "rid", 403)
        );
        assert_eq!(s.error_type, "Sender");
    }

    #[test]
    fn ec2_style_errors_are_understood() {
        let body = "<Response><Errors><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></Errors><RequestID>r2</RequestID></Response>";
        let e = read_error(&resp(400, body));
        assert_eq!(e.service_error().unwrap().request_id, "r2");
        assert!(e.is_retryable());
    }

    #[test]
    fn html_gateway_page_is_a_retryable_5xx() {
        let e = read_error(&resp(502, "<html><body>Bad Gateway"));
        assert_eq!(e.kind(), ErrorKind::Service);
        assert!(e.is_retryable());
        let e = read_error(&resp(400, "not xml"));
        assert_eq!(e.kind(), ErrorKind::InvalidResponse);
    }

    #[test]
    fn timestamps_accept_fractions_and_offsets() {
        let a = parse_timestamp("t", "2011-07-15T23:28:33.359Z").unwrap();
        let b = parse_timestamp("t", "2011-07-15T23:28:33Z").unwrap();
        assert_eq!(a.unix_timestamp(), b.unix_timestamp());
        assert_eq!(parse_timestamp("t", "2019-12-16T22:48:18-01:00").unwrap().unix_timestamp(), 1576540098);
        assert!(parse_timestamp("t", "yesterday").is_err());
    }
}
