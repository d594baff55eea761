//! Turns fuzz input into structured values: a cursor that never fails (missing bytes read as 0).
#![allow(dead_code)]

pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    pub fn i64(&mut self) -> i64 {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.u8();
        }
        i64::from_le_bytes(b)
    }

    /// Up to 254 bytes (length byte first), or up to 64 KiB after a 255 marker.
    pub fn raw(&mut self) -> &'a [u8] {
        let len = match self.u8() {
            255 => usize::from(u16::from_le_bytes([self.u8(), self.u8()])),
            n => usize::from(n),
        };
        self.bytes(len)
    }

    /// Like [`Input::raw`], with invalid UTF-8 replaced, so the value is always a `String`.
    pub fn string(&mut self) -> String {
        String::from_utf8_lossy(self.raw()).into_owned()
    }

    /// Everything left, as a string.
    pub fn rest_string(&mut self) -> String {
        let n = self.data.len();
        String::from_utf8_lossy(self.bytes(n)).into_owned()
    }

    pub fn rest(&mut self) -> &'a [u8] {
        let n = self.data.len();
        self.bytes(n)
    }
}

/// Percent-decodes `s` (every `%` must start a valid `%XX`); `None` if it does not.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Whether `s` is in the canonical RFC 3986 form SigV4 and the Query protocol produce:
/// unreserved characters, `%XX` with upper-case hex, and the `extra` characters.
pub fn is_canonically_encoded(s: &str, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let ok = i + 2 < b.len()
                && b.get(i + 1).is_some_and(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h))
                && b.get(i + 2).is_some_and(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h));
            if !ok {
                return false;
            }
            // An unreserved byte must not be percent-encoded.
            let v = u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap();
            if v.is_ascii_alphanumeric() || b"-_.~".contains(&v) {
                return false;
            }
            i += 3;
        } else if c.is_ascii_alphanumeric() || b"-_.~".contains(&c) || extra.contains(&c) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}
