//! What every benchmark client shares: argument parsing, CPU/wall/RSS measurement and the one
//! JSON line each client prints on stdout for `bench/run.sh` to collect.

use std::time::Instant;

/// The role every client assumes (the responder answers any AssumeRole the same way).
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/GameClient";
pub const SESSION_NAME: &str = "bench-session";
/// Static keys: the responder does not verify signatures, but every client still signs.
pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-east-1";

/// `--endpoint URL --calls N --warmup N [--rss-samples] [--request FILE]`
pub struct Args {
    pub endpoint: String,
    pub calls: u64,
    pub warmup: u64,
    pub rss_samples: bool,
    pub request_file: Option<String>,
}

impl Args {
    pub fn parse() -> Args {
        let mut a = Args { endpoint: String::new(), calls: 20_000, warmup: 200, rss_samples: false, request_file: None };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut val = || it.next().unwrap_or_else(|| die(&format!("{flag} needs a value")));
            match flag.as_str() {
                "--endpoint" => a.endpoint = val(),
                "--calls" => a.calls = val().parse().unwrap_or_else(|_| die("--calls: not a number")),
                "--warmup" => a.warmup = val().parse().unwrap_or_else(|_| die("--warmup: not a number")),
                "--request" => a.request_file = Some(val()),
                "--rss-samples" => a.rss_samples = true,
                other => die(&format!("unknown argument {other}")),
            }
        }
        if a.endpoint.is_empty() {
            die("--endpoint is required");
        }
        a
    }
}

pub fn die(msg: &str) -> ! {
    eprintln!("{}: {msg}", std::env::args().next().unwrap_or_default());
    std::process::exit(2)
}

/// User and system CPU time of the whole process (all threads), in microseconds.
pub fn cpu_us() -> (u64, u64) {
    // SAFETY: getrusage writes into the zeroed struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    (us(ru.ru_utime), us(ru.ru_stime))
}

/// Peak RSS so far (getrusage's ru_maxrss), KiB.
pub fn max_rss_kb() -> u64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru.ru_maxrss as u64
}

/// Current RSS from /proc/self/statm (resident pages × page size), KiB.
pub fn rss_kb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    pages * page / 1024
}

/// Runs `warmup` unmeasured calls, then `calls` measured ones, and prints the JSON result line.
/// With `rss_samples`, RSS is read after 10%, 50% and 90% of the measured calls.
pub fn run(client: &str, args: &Args, mut call: impl FnMut(u64)) {
    for i in 0..args.warmup {
        call(i);
    }
    let n = args.calls;
    let marks = [n / 10, n / 2, n - n / 10];
    let mut rss = [0u64; 3];
    let (u0, s0) = cpu_us();
    let t0 = Instant::now();
    for i in 0..n {
        call(i);
        if args.rss_samples {
            for (k, m) in marks.iter().enumerate() {
                if i + 1 == *m {
                    rss[k] = rss_kb();
                }
            }
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let (u1, s1) = cpu_us();
    let user = (u1 - u0) as f64 / 1e6;
    let sys = (s1 - s0) as f64 / 1e6;
    let mut line = format!(
        "{{\"client\":\"{client}\",\"calls\":{n},\"wall_s\":{wall:.6},\"user_s\":{user:.6},\"sys_s\":{sys:.6},\
         \"calls_per_s\":{:.1},\"cpu_us_per_call\":{:.3},\"maxrss_kb\":{}",
        n as f64 / wall,
        (user + sys) * 1e6 / n as f64,
        max_rss_kb()
    );
    if args.rss_samples {
        line.push_str(&format!(",\"rss_10pct_kb\":{},\"rss_50pct_kb\":{},\"rss_90pct_kb\":{}", rss[0], rss[1], rss[2]));
    }
    line.push('}');
    println!("{line}");
}
