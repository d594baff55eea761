//! `stskit_client`: the STS client. Thread-safe: one client may be used from many threads at once.

use super::boundary::{boundary, free_handle, into_handle, try_ref, write_out, CText};
use super::config::stskit_client_config;
use super::error::{fail, stskit_error, with_error_detail};
use super::request::stskit_request;
use super::response::stskit_response;
use super::status::StskitStatus;
use crate::Client;

/// An STS client with its connection pool, retry quota and learned clock skew. Any number of
/// threads may call it concurrently; free it only after every call has returned.
pub struct stskit_client {
    pub(crate) client: Client,
    endpoint_url: CText,
}

/// Builds a client from `config` (which is not consumed and may be reused or freed afterwards).
/// On success writes `*out`; on failure writes `*err` if `err` is not NULL.
#[no_mangle]
pub extern "C" fn stskit_client_new(
    config: *const stskit_client_config,
    out: *mut *mut stskit_client,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let config = try_ref!(config);
            if out.is_null() {
                return StskitStatus::NullArgument;
            }
            match config.builder.clone().build() {
                Ok(client) => {
                    let endpoint_url = CText::new(&client.endpoint_url());
                    write_out(out, into_handle(stskit_client { client, endpoint_url }));
                    StskitStatus::Ok
                }
                Err(e) => fail(err, &e),
            }
        })
    })
}

/// Frees a client and closes its connections. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn stskit_client_free(client: *mut stskit_client) {
    boundary(|| unsafe { free_handle(client) })
}

/// Sends `request` (validated first, then signed, sent and retried as configured) and blocks until
/// the response. On success writes `*out` (free with `stskit_response_free`); on failure writes
/// `*err` if `err` is not NULL. The request is not consumed.
#[no_mangle]
pub extern "C" fn stskit_client_send(
    client: *const stskit_client,
    request: *const stskit_request,
    out: *mut *mut stskit_response,
    err: *mut *mut stskit_error,
) -> StskitStatus {
    boundary(|| {
        with_error_detail(err, || {
            let client = try_ref!(client);
            let request = try_ref!(request);
            if out.is_null() {
                return StskitStatus::NullArgument;
            }
            match client.client.send_any(&request.request) {
                Ok(resp) => {
                    write_out(out, into_handle(stskit_response::new(resp)));
                    StskitStatus::Ok
                }
                Err(e) => fail(err, &e),
            }
        })
    })
}

/// Shuts `client` down for good (say when the game quits): calls in flight on other threads
/// return `STSKIT_STATUS_CANCELLED` (their connections are closed under them; a call still
/// connecting returns within the connect timeout), a call waiting to retry stops waiting, and
/// every later call fails with `STSKIT_STATUS_CANCELLED` without touching the network. Safe from
/// any thread, while calls are running; idempotent. The client must still be freed, after its
/// calls returned.
#[no_mangle]
pub extern "C" fn stskit_client_shutdown(client: *const stskit_client) -> StskitStatus {
    boundary(|| {
        let client = try_ref!(client);
        client.client.shutdown();
        StskitStatus::Ok
    })
}

/// The clock offset (seconds) the client learned from STS; 0 until a skew was detected.
#[no_mangle]
pub extern "C" fn stskit_client_clock_offset_seconds(client: *const stskit_client) -> i64 {
    boundary(|| unsafe { client.as_ref() }.map_or(0, |c| c.client.clock_offset().whole_seconds()))
}

/// The URL requests go to, as resolved from the region and endpoint settings (e.g.
/// `https://sts.eu-west-1.amazonaws.com/`). Borrowed from `client`; "" for NULL.
#[no_mangle]
pub extern "C" fn stskit_client_endpoint_url(client: *const stskit_client) -> *const std::os::raw::c_char {
    boundary(|| unsafe { client.as_ref() }.map_or(c"".as_ptr(), |c| c.endpoint_url.as_ptr()))
}
