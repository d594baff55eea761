//! Proxies: an explicit proxy URL, and HTTP(S)_PROXY / NO_PROXY from the environment.
//! One test function, because it changes process environment variables.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;
use stskit::ProxyConfig;

/// A tunnelling HTTP proxy (ureq uses CONNECT for every proxied request) that reports the
/// CONNECT line of each connection it serves.
fn tunnel_proxy() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(client) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
                tx.send(line.trim_end().to_owned()).ok();
                let Ok(upstream) = TcpStream::connect(&target) else { return };
                let mut client = client;
                client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").unwrap();
                let (mut up_r, mut up_w) = (upstream.try_clone().unwrap(), upstream);
                let mut down_w = client.try_clone().unwrap();
                std::thread::spawn(move || {
                    std::io::copy(&mut up_r, &mut down_w).ok();
                    down_w.shutdown(std::net::Shutdown::Both).ok();
                });
                std::io::copy(&mut reader, &mut up_w).ok();
                up_w.shutdown(std::net::Shutdown::Both).ok();
            });
        }
    });
    (url, rx)
}

#[test]
fn proxies_explicit_and_from_environment() {
    let target = format!("{}/", emulator().http);
    let authority = target.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let connect_line = format!("CONNECT {authority} HTTP/1.1");
    let quiet = |rx: &mpsc::Receiver<String>| rx.recv_timeout(Duration::from_millis(300)).is_err();

    // Explicit proxy: the call tunnels through it to the emulator.
    let (proxy, seen) = tunnel_proxy();
    let c = builder(&target).proxy(ProxyConfig::Url(proxy.clone())).build().unwrap();
    assert_eq!(c.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
    assert_eq!(seen.recv().unwrap(), connect_line);

    // HTTPS inside the tunnel: TLS runs end to end with the emulator, the proxy sees the host.
    let https = format!("{}/", emulator().https);
    let https_authority = https.trim_start_matches("https://").trim_end_matches('/').to_owned();
    let ca = std::fs::read(&emulator().ca).unwrap();
    let c = builder(&https).proxy(ProxyConfig::Url(proxy.clone())).add_root_certificates_pem(&ca).build().unwrap();
    assert_eq!(c.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
    assert_eq!(seen.recv().unwrap(), format!("CONNECT {https_authority} HTTP/1.1"));

    // From the environment (the default setting).
    std::env::set_var("HTTP_PROXY", &proxy);
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let c = builder(&target).build().unwrap();
    assert_eq!(c.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
    assert_eq!(seen.recv().unwrap(), connect_line);

    // Disabled: the environment is ignored.
    let c = builder(&target).proxy(ProxyConfig::Disabled).build().unwrap();
    assert_eq!(c.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
    assert!(quiet(&seen), "a disabled proxy must not be used");

    // NO_PROXY exempts the host.
    std::env::set_var("NO_PROXY", "127.0.0.1");
    let c = builder(&target).build().unwrap();
    assert_eq!(c.get_caller_identity().unwrap().account.as_deref(), Some(ACCOUNT));
    assert!(quiet(&seen), "NO_PROXY must bypass the proxy");
    std::env::remove_var("HTTP_PROXY");
    std::env::remove_var("NO_PROXY");

    // An unusable proxy URL is a configuration error, not a panic.
    assert_eq!(
        builder(&target).proxy(ProxyConfig::Url("::not a url::".into())).build().err().map(|e| e.kind()),
        Some(stskit::ErrorKind::Configuration)
    );
}
