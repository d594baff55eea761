//! Freed secrets are wiped: a global allocator wrapper inspects every block as it is freed and
//! records whether it still holds a canary secret. Only this test runs in this binary, so no
//! other thread allocates canaries concurrently.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const CANARY: &[u8] = b"CANARY-SECRET-7f3a9c";

struct Inspecting;

static WATCHING: AtomicBool = AtomicBool::new(false);
static LEAKED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::Relaxed) && layout.size() >= CANARY.len() {
            let block = std::slice::from_raw_parts(ptr, layout.size());
            if block.windows(CANARY.len()).any(|w| w == CANARY) {
                LEAKED.fetch_add(1, Ordering::Relaxed);
            }
        }
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Inspecting = Inspecting;

fn canary_string() -> String {
    String::from_utf8(CANARY.to_vec()).unwrap()
}

/// Runs `f` and returns how many freed blocks still contained the canary.
fn leaks_while(f: impl FnOnce()) -> usize {
    LEAKED.store(0, Ordering::SeqCst);
    WATCHING.store(true, Ordering::SeqCst);
    f();
    WATCHING.store(false, Ordering::SeqCst);
    LEAKED.load(Ordering::SeqCst)
}

#[test]
fn secret_types_wipe_their_memory_when_freed() {
    // The detector works: a plain String is not wiped.
    assert!(leaks_while(|| drop(std::hint::black_box(canary_string()))) > 0, "detector is blind");

    assert_eq!(leaks_while(|| drop(stskit::SecretString::new(canary_string()))), 0, "SecretString");

    let creds =
        || stskit::Credentials::new("ASIAEXAMPLE", canary_string(), Some(stskit::SecretString::new(canary_string())));
    assert_eq!(leaks_while(|| drop(creds())), 0, "Credentials");
    assert_eq!(leaks_while(|| drop(creds().clone())), 0, "cloned Credentials");

    // A success body with the canary as secret key and token, parsed by the XML reader.
    let body = format!(
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId>\
         <SecretAccessKey>{c}&amp;{c}&#65;{c}</SecretAccessKey><SessionToken>{c}</SessionToken>\
         <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
        c = canary_string()
    );
    let bytes = zeroize::Zeroizing::new(body.into_bytes());
    assert_eq!(leaks_while(|| drop(stskit::XmlDoc::parse(&bytes).unwrap())), 0, "XmlDoc");

    // Query bodies carrying a web identity token.
    let token = stskit::SecretString::new(canary_string());
    assert_eq!(
        leaks_while(|| {
            let mut w = stskit::QueryWriter::new("AssumeRoleWithWebIdentity");
            w.string("WebIdentityToken", token.expose());
            drop(w.into_body());
        }),
        0,
        "QueryWriter"
    );

    // Credentials as the C ABI hands them out, freed through the C ABI.
    assert_eq!(
        leaks_while(|| {
            let c = creds();
            drop(stskit::ffi::credentials::stskit_credentials::new(&c));
            drop(c);
        }),
        0,
        "stskit_credentials"
    );
}
