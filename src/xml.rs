//! A streaming reader that flattens an XML document into `(path, text)` pairs.
//!
//! STS responses are small trees without lists, so the leaves keyed by their element path
//! (`AssumeRoleResult/Credentials/AccessKeyId`, root excluded) are all a decoder needs. Element
//! order and unknown elements do not matter; namespaces are ignored (local names only); the XML
//! prolog, comments and processing instructions are skipped. Leaf text is zeroized on drop
//! because it includes secret keys and session tokens.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::ops::Range;
use zeroize::Zeroizing;

/// Deeper documents are not STS responses; the bound keeps hostile input cheap.
const MAX_DEPTH: usize = 16;
const MAX_LEAVES: usize = 512;

/// The leaves of a document, kept in two buffers (paths, texts) rather than a string each: a
/// response costs a handful of allocations, not three per element.
pub struct XmlDoc {
    root: String,
    /// Every leaf's path, back to back.
    paths: String,
    /// Every leaf's text, back to back. Sized from the body up front (decoded text is never
    /// longer than its source), so it never reallocates and leaves no unwiped copy behind.
    texts: Zeroizing<String>,
    leaves: Vec<Leaf>,
}

struct Leaf {
    path: Range<usize>,
    text: Range<usize>,
}

#[derive(Clone, Copy, Default)]
struct Frame {
    /// Length of the path buffer before this element's name was appended.
    path_len: usize,
    /// Where this element's text starts in `texts`.
    text_start: usize,
    has_children: bool,
}

/// Parse state: the open elements and the path of the innermost one below the root
/// (`AssumeRoleResult/Credentials`).
struct Scratch {
    stack: [Frame; MAX_DEPTH],
    depth: usize,
    path: String,
}

impl Scratch {
    /// Whether text at this point belongs to a possible leaf, so it must be decoded and kept.
    /// Text beside child elements is no leaf's value (nothing reads it: pretty-printing
    /// whitespace, mostly), so it is skipped undecoded; text outside the root is an error.
    fn collects_text(&self, raw: &[u8]) -> Result<bool> {
        match self.depth.checked_sub(1).map(|i| &self.stack[i]) {
            Some(frame) => Ok(!frame.has_children),
            None if raw.iter().all(u8::is_ascii_whitespace) => Ok(false),
            None => Err(Error::invalid_response("text outside the root element: not an XML response")),
        }
    }
}

impl XmlDoc {
    pub fn parse(body: &[u8]) -> Result<XmlDoc> {
        let text = std::str::from_utf8(body).map_err(|e| {
            Error::invalid_response(format!("response body is not valid UTF-8 (at byte {})", e.valid_up_to()))
        })?;
        let mut reader = Reader::from_str(text);
        let mut st = Scratch { stack: [Frame::default(); MAX_DEPTH], depth: 0, path: String::with_capacity(128) };
        let mut doc = XmlDoc {
            root: String::new(),
            paths: String::with_capacity(512),
            texts: Zeroizing::new(String::with_capacity(body.len())),
            leaves: Vec::with_capacity(16),
        };
        loop {
            let event = reader.read_event().map_err(|e| {
                Error::invalid_response(format!("malformed XML at byte {}: {e}", reader.buffer_position()))
            })?;
            match event {
                Event::Start(start) => doc.open(&mut st, doc_str(text, start.local_name().as_ref())?)?,
                Event::Empty(start) => {
                    doc.open(&mut st, doc_str(text, start.local_name().as_ref())?)?;
                    doc.close(&mut st)?;
                }
                Event::End(_) => doc.close(&mut st)?,
                Event::Text(t) => {
                    if st.collects_text(&t)? {
                        doc.texts.push_str(doc_str(text, &t)?);
                    }
                }
                Event::CData(t) => {
                    if st.collects_text(&t)? {
                        doc.texts.push_str(doc_str(text, &t)?);
                    }
                }
                Event::GeneralRef(r) => {
                    let c = resolve_reference(&r)?;
                    if st.collects_text(&r)? {
                        doc.texts.push(c);
                    }
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        if st.depth != 0 {
            return Err(Error::invalid_response("truncated XML: the document ends inside an element"));
        }
        if doc.root.is_empty() {
            return Err(Error::invalid_response("response body is empty or has no XML element"));
        }
        Ok(doc)
    }

    /// The root element's local name, e.g. `AssumeRoleResponse` or `ErrorResponse`.
    pub fn root(&self) -> &str {
        &self.root
    }

    fn leaf_path(&self, leaf: &Leaf) -> &str {
        &self.paths[leaf.path.clone()]
    }

    fn leaf_text(&self, leaf: &Leaf) -> &str {
        &self.texts[leaf.text.clone()]
    }

    /// The text of the first leaf at `path` (relative to the root), if present.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.leaves.iter().find(|l| self.leaf_path(l) == path).map(|l| self.leaf_text(l))
    }

    /// [`get`](Self::get) of the path `prefix` + `name`, without building it.
    pub fn get_at(&self, prefix: &str, name: &str) -> Option<&str> {
        self.leaves
            .iter()
            .find(|l| {
                let p = self.leaf_path(l);
                p.len() == prefix.len() + name.len() && p.starts_with(prefix) && p.ends_with(name)
            })
            .map(|l| self.leaf_text(l))
    }

    /// Whether any leaf lies at or below `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.leaves.iter().any(|l| {
            let p = self.leaf_path(l);
            p == path || (p.len() > path.len() && p.starts_with(path) && p.as_bytes()[path.len()] == b'/')
        })
    }

    fn open(&mut self, st: &mut Scratch, name: &str) -> Result<()> {
        let path_len = st.path.len();
        if st.depth == 0 {
            if !self.root.is_empty() {
                return Err(Error::invalid_response("XML has more than one root element"));
            }
            self.root = name.to_owned();
        } else {
            if st.depth > 1 {
                st.path.push('/');
            }
            st.path.push_str(name);
        }
        if st.depth >= MAX_DEPTH {
            return Err(Error::invalid_response("XML nests too deeply to be an STS response"));
        }
        if let Some(parent) = st.depth.checked_sub(1).map(|i| &mut st.stack[i]) {
            if !parent.has_children {
                // The parent is no leaf: the text it collected (whitespace, usually) goes. The
                // bytes stay in the spare capacity until `Zeroizing` wipes it on drop.
                parent.has_children = true;
                self.texts.truncate(parent.text_start);
            }
        }
        st.stack[st.depth] = Frame { path_len, text_start: self.texts.len(), has_children: false };
        st.depth += 1;
        Ok(())
    }

    fn close(&mut self, st: &mut Scratch) -> Result<()> {
        if st.depth == 0 {
            return Err(Error::invalid_response("XML closes an element it never opened"));
        }
        st.depth -= 1;
        let frame = st.stack[st.depth];
        let is_leaf = !frame.has_children && st.depth > 0;
        if is_leaf {
            if self.leaves.len() >= MAX_LEAVES {
                return Err(Error::invalid_response("XML has too many elements to be an STS response"));
            }
            let path_start = self.paths.len();
            self.paths.push_str(&st.path);
            self.leaves.push(Leaf { path: path_start..self.paths.len(), text: frame.text_start..self.texts.len() });
        }
        st.path.truncate(frame.path_len);
        Ok(())
    }
}

/// A name or raw text (quick-xml reports entity references separately) as `&str`. The reader
/// hands out slices of `doc`, which is valid UTF-8, cut at ASCII delimiters, so the slice is
/// found in `doc` by its position rather than validated again.
fn doc_str<'a>(doc: &'a str, raw: &'a [u8]) -> Result<&'a str> {
    let start = (raw.as_ptr() as usize).wrapping_sub(doc.as_ptr() as usize);
    match doc.get(start..start.saturating_add(raw.len())) {
        Some(name) if name.as_bytes() == raw => Ok(name),
        _ => std::str::from_utf8(raw).map_err(|_| Error::invalid_response("XML text is not valid UTF-8")),
    }
}

fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char> {
    let bad = |what: &str| Error::invalid_response(format!("bad entity reference in XML: {what}"));
    if let Some(c) = r.resolve_char_ref().map_err(|e| bad(&e.to_string()))? {
        return Ok(c);
    }
    let name = r.decode().map_err(|e| bad(&e.to_string()))?;
    match name.as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(bad(&format!("&{other};"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_leaves_by_path() {
        let doc = XmlDoc::parse(
            br#"<?xml version="1.0"?><R xmlns="x"><!-- c --><A><B>1 &amp; 2</B><C/></A><D><![CDATA[<x>]]></D><U><V>&#65;</V></U></R>"#,
        )
        .unwrap();
        assert_eq!(doc.root(), "R");
        assert_eq!(doc.get("A/B"), Some("1 & 2"));
        assert_eq!(doc.get("A/C"), Some(""));
        assert_eq!(doc.get("D"), Some("<x>"));
        assert_eq!(doc.get("U/V"), Some("A"));
        assert!(doc.contains("A"));
        assert!(!doc.contains("Z"));
    }

    #[test]
    fn rejects_non_xml_truncated_and_bad_utf8() {
        for body in [
            &b""[..],
            b"not xml at all",
            b"<R><A>1</A>",
            b"<R><A>\xff</A></R>",
            b"<R></S>",
            b"<R><A>1</B></R>",
            b"<R/><S/>",
        ] {
            let e = XmlDoc::parse(body).err().expect("must fail");
            assert_eq!(e.kind(), crate::error::ErrorKind::InvalidResponse, "{body:?}: {e}");
        }
    }

    #[test]
    fn bounds_depth() {
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(XmlDoc::parse(deep.as_bytes()).is_err());
    }
}
