//! Output held back until the transport is about to read, so that a request (head and body,
//! which ureq hands down separately) leaves in one write: every exchange ends by reading the
//! response. One write instead of two saves a system call per request, and under TLS a record.

use std::io::{self, Write};

/// Most bytes held back; a larger request is written as it comes.
const MAX: usize = 16 * 1024;

/// The held bytes may be secrets (a session token, a signature): wiped once written and on drop.
/// The capacity is reserved once, because a growing buffer would leave unwiped copies behind.
#[derive(Default)]
pub(super) struct HeldOutput(Vec<u8>);

impl HeldOutput {
    /// Holds `bytes` if they fit with what is already held; false means "write them now", after
    /// writing what is held with [`HeldOutput::write_to`].
    pub(super) fn hold(&mut self, bytes: &[u8]) -> bool {
        if self.0.len() + bytes.len() > MAX {
            return false;
        }
        if self.0.capacity() < MAX {
            self.0.reserve_exact(MAX);
        }
        self.0.extend_from_slice(bytes);
        true
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Writes what is held to `w` and wipes it, whether or not the write succeeded.
    pub(super) fn write_to(&mut self, mut w: impl Write) -> io::Result<()> {
        let result = w.write_all(&self.0);
        self.0.fill(0);
        self.0.clear();
        result
    }
}

impl Drop for HeldOutput {
    fn drop(&mut self) {
        self.0.fill(0);
    }
}

impl std::fmt::Debug for HeldOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HeldOutput({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_within_the_limit_and_writes_what_it_held() {
        let mut held = HeldOutput::default();
        assert!(held.hold(b"head"));
        assert!(held.hold(b"body"));
        assert!(!held.hold(&vec![0u8; MAX]), "over the limit: the caller writes");
        let mut writes = Vec::new();
        held.write_to(&mut writes).unwrap();
        assert_eq!(writes, b"headbody");
        assert!(held.is_empty());
    }

    #[test]
    fn debug_shows_the_size_not_the_bytes() {
        let mut held = HeldOutput::default();
        held.hold(b"X-Amz-Security-Token: secret");
        assert_eq!(format!("{held:?}"), "HeldOutput(28 bytes)");
    }
}
