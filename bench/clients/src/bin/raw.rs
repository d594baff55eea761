//! The ceiling: sends pre-built request bytes (a request stskit really sent, captured by the
//! responder) over one keep-alive TcpStream and reads each response by its Content-Length.
//! Nothing is signed, encoded or parsed beyond the status line and Content-Length.

use std::io::{Read, Write};
use std::net::TcpStream;
use stskit_bench_clients::*;

fn main() {
    let args = Args::parse();
    let file = args.request_file.clone().unwrap_or_else(|| die("--request FILE is required"));
    let request = std::fs::read(&file).unwrap_or_else(|e| die(&format!("{file}: {e}")));
    let addr = args
        .endpoint
        .strip_prefix("http://")
        .unwrap_or_else(|| die("raw speaks plain HTTP only"))
        .trim_end_matches('/')
        .to_owned();
    let mut stream = TcpStream::connect(&addr).unwrap_or_else(|e| die(&format!("connect {addr}: {e}")));
    stream.set_nodelay(true).ok();
    let mut buf = vec![0u8; 64 * 1024];
    run("raw", &args, |i| {
        stream.write_all(&request).unwrap_or_else(|e| die(&format!("call {i}: write: {e}")));
        read_response(&mut stream, &mut buf).unwrap_or_else(|e| die(&format!("call {i}: {e}")));
    });
}

/// Reads one response: headers up to the blank line, then exactly Content-Length body bytes.
fn read_response(s: &mut TcpStream, buf: &mut [u8]) -> Result<(), String> {
    let mut have = 0;
    let head_end = loop {
        let n = s.read(&mut buf[have..]).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("connection closed".into());
        }
        have += n;
        if let Some(p) = buf[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        if have == buf.len() {
            return Err("headers too large".into());
        }
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| "non-UTF-8 headers")?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("unexpected status: {}", head.lines().next().unwrap_or("")));
    }
    let len: usize = head
        .split("\r\n")
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
        })
        .ok_or("no Content-Length")?;
    let mut body_have = have - head_end;
    while body_have < len {
        let n = s.read(&mut buf[..]).map_err(|e| format!("read body: {e}"))?;
        if n == 0 {
            return Err("connection closed in the body".into());
        }
        body_have += n;
    }
    Ok(())
}
