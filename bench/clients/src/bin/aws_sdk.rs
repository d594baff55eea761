//! N AssumeRole calls through the official aws-sdk-sts: a current-thread tokio runtime, static
//! credentials, behavior version latest, a custom endpoint URL, each call `block_on`'d in turn.

use aws_sdk_sts::config::{BehaviorVersion, Credentials, Region};
use stskit_bench_clients::*;

fn main() {
    let args = Args::parse();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| die(&format!("runtime: {e}")));
    let config = aws_sdk_sts::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY, None, None, "bench"))
        .endpoint_url(&args.endpoint)
        .build();
    let client = aws_sdk_sts::Client::from_conf(config);
    run("aws_sdk", &args, |i| {
        let out = rt
            .block_on(client.assume_role().role_arn(ROLE_ARN).role_session_name(SESSION_NAME).send())
            .unwrap_or_else(|e| die(&format!("call {i}: {e:?}")));
        if out.credentials().map_or(true, |c| c.access_key_id().is_empty()) {
            die("no credentials in the response");
        }
    });
}
