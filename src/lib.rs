//! stskit: a small, blocking AWS Security Token Service (STS) client.
//!
//! Every STS operation, signed with SigV4 (or sent unsigned where STS wants that), with local
//! validation, retries, clock-skew correction, keep-alive connections and secrets that are
//! zeroized and never printed. The same core sits behind the C ABI (`ffi`), the JNI glue and the
//! C#, Kotlin and Swift wrappers.
//!
//! ```no_run
//! use stskit::{Client, Credentials, model::AssumeRoleRequest};
//! let client = Client::builder()
//!     .region("eu-west-1")
//!     .credentials(Credentials::new("AKIA…", "secret", None))
//!     .build()?;
//! let resp = client.assume_role(&AssumeRoleRequest::new("arn:aws:iam::123456789012:role/game", "player-1"))?;
//! println!("{}", resp.credentials.access_key_id());
//! # Ok::<(), stskit::Error>(())
//! ```

mod client;
pub mod clock;
mod config;
mod credentials;
pub mod endpoint;
mod error;
pub mod ffi;
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "jni")]
mod jni;
pub mod log;
pub mod model;
mod presign;
pub mod provider;
mod query;
mod response;
mod retry;
mod secret;
mod shutdown;
pub mod sigv4;
mod transport;
mod url;
pub mod validate;
mod xml;

pub use client::Client;
pub use config::ClientBuilder;
pub use credentials::{mask_access_key_id, Credentials, CredentialsSource};
pub use error::{Error, ErrorKind, Result, ServiceError, StsErrorCode};
pub use presign::{PresignOptions, PresignedRequest, STS_PRESIGN_VALIDITY};
pub use query::{QueryWriter, API_VERSION};
pub use response::parse_timestamp;
pub use retry::{RetryConfig, RetryMode};
pub use secret::SecretString;
pub use transport::ProxyConfig;
pub use xml::XmlDoc;
