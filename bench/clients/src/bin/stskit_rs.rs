//! N AssumeRole calls through the stskit Rust API with static credentials.

use stskit::model::AssumeRoleRequest;
use stskit::{Client, Credentials};
use stskit_bench_clients::*;

fn main() {
    let args = Args::parse();
    let client = Client::builder()
        .region(REGION)
        .endpoint_url(&args.endpoint)
        .credentials(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None))
        .build()
        .unwrap_or_else(|e| die(&format!("client: {e}")));
    let request = AssumeRoleRequest::new(ROLE_ARN, SESSION_NAME);
    run("stskit_rs", &args, |i| match client.assume_role(&request) {
        Ok(resp) => {
            if resp.credentials.access_key_id().is_empty() {
                die("empty access key id");
            }
        }
        Err(e) => die(&format!("call {i}: {e}")),
    });
}
