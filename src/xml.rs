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
use zeroize::Zeroizing;

/// Deeper documents are not STS responses; the bound keeps hostile input cheap.
const MAX_DEPTH: usize = 16;
const MAX_LEAVES: usize = 512;

pub struct XmlDoc {
    root: String,
    leaves: Vec<(String, Zeroizing<String>)>,
}

struct Frame {
    /// Length of the shared path buffer before this element's name was appended.
    path_len: usize,
    has_children: bool,
    text: Zeroizing<String>,
}

/// Parse state, reused across the elements of one document so that an element costs no
/// allocation beyond its leaf's path and text.
struct Scratch {
    stack: Vec<Frame>,
    /// Path of the open element below the root, e.g. `AssumeRoleResult/Credentials`.
    path: String,
    /// Whitespace-only text of the innermost element, kept aside until it proves to be a leaf
    /// (whitespace between elements is almost all the text a pretty-printed response has).
    pending_ws: String,
}

impl XmlDoc {
    pub fn parse(body: &[u8]) -> Result<XmlDoc> {
        let text = std::str::from_utf8(body).map_err(|e| {
            Error::invalid_response(format!("response body is not valid UTF-8 (at byte {})", e.valid_up_to()))
        })?;
        let mut reader = Reader::from_str(text);
        let mut stack = Scratch {
            stack: Vec::with_capacity(MAX_DEPTH),
            path: String::with_capacity(128),
            pending_ws: String::new(),
        };
        let mut doc = XmlDoc { root: String::new(), leaves: Vec::with_capacity(16) };
        loop {
            let event = reader.read_event().map_err(|e| {
                Error::invalid_response(format!("malformed XML at byte {}: {e}", reader.buffer_position()))
            })?;
            match event {
                Event::Start(start) => {
                    doc.open(&mut stack, local_name(start.local_name().as_ref())?)?;
                }
                Event::Empty(start) => {
                    doc.open(&mut stack, local_name(start.local_name().as_ref())?)?;
                    doc.close(&mut stack)?;
                }
                Event::End(_) => doc.close(&mut stack)?,
                Event::Text(t) => {
                    let s = t.decode().map_err(|e| Error::invalid_response(format!("bad text in XML: {e}")))?;
                    doc.append_text(&mut stack, &s)?;
                }
                Event::CData(t) => {
                    let s = t.decode().map_err(|e| Error::invalid_response(format!("bad CDATA in XML: {e}")))?;
                    doc.append_text(&mut stack, &s)?;
                }
                Event::GeneralRef(r) => {
                    let c = resolve_reference(&r)?;
                    let mut buf = [0u8; 4];
                    doc.append_text(&mut stack, c.encode_utf8(&mut buf))?;
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        if !stack.stack.is_empty() {
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

    /// The text of the first leaf at `path` (relative to the root), if present.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.leaves.iter().find(|(p, _)| p == path).map(|(_, v)| v.as_str())
    }

    /// [`get`](Self::get) of the path `prefix` + `name`, without building it.
    pub fn get_at(&self, prefix: &str, name: &str) -> Option<&str> {
        self.leaves
            .iter()
            .find(|(p, _)| p.len() == prefix.len() + name.len() && p.starts_with(prefix) && p.ends_with(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether any leaf lies at or below `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.leaves.iter().any(|(p, _)| {
            p == path || (p.len() > path.len() && p.starts_with(path) && p.as_bytes()[path.len()] == b'/')
        })
    }

    fn open(&mut self, st: &mut Scratch, name: &str) -> Result<()> {
        let path_len = st.path.len();
        if st.stack.is_empty() {
            if !self.root.is_empty() {
                return Err(Error::invalid_response("XML has more than one root element"));
            }
            self.root = name.to_owned();
        } else {
            if st.stack.len() > 1 {
                st.path.push('/');
            }
            st.path.push_str(name);
        }
        if st.stack.len() >= MAX_DEPTH {
            return Err(Error::invalid_response("XML nests too deeply to be an STS response"));
        }
        if let Some(parent) = st.stack.last_mut() {
            parent.has_children = true;
        }
        st.pending_ws.clear();
        st.stack.push(Frame { path_len, has_children: false, text: Zeroizing::new(String::new()) });
        Ok(())
    }

    fn close(&mut self, st: &mut Scratch) -> Result<()> {
        let mut frame =
            st.stack.pop().ok_or_else(|| Error::invalid_response("XML closes an element it never opened"))?;
        let is_leaf = !frame.has_children && !st.stack.is_empty();
        if is_leaf && frame.text.is_empty() && !st.pending_ws.is_empty() {
            frame.text.push_str(&st.pending_ws); // a leaf whose text is only whitespace
        }
        st.pending_ws.clear();
        if !is_leaf {
            st.path.truncate(frame.path_len);
            return Ok(());
        }
        if self.leaves.len() >= MAX_LEAVES {
            return Err(Error::invalid_response("XML has too many elements to be an STS response"));
        }
        self.leaves.push((st.path.clone(), frame.text));
        st.path.truncate(frame.path_len);
        Ok(())
    }

    fn append_text(&mut self, st: &mut Scratch, s: &str) -> Result<()> {
        match st.stack.last_mut() {
            // Text beside child elements is not a leaf's value: nothing reads it.
            Some(frame) if frame.has_children => Ok(()),
            Some(frame) if frame.text.is_empty() && s.bytes().all(|b| b.is_ascii_whitespace()) => {
                st.pending_ws.push_str(s);
                Ok(())
            }
            Some(frame) => {
                crate::secret::reserve_wiping(&mut frame.text, st.pending_ws.len() + s.len());
                frame.text.push_str(&st.pending_ws);
                st.pending_ws.clear();
                frame.text.push_str(s);
                Ok(())
            }
            None if s.trim().is_empty() => Ok(()),
            None => Err(Error::invalid_response("text outside the root element: not an XML response")),
        }
    }
}

fn local_name(raw: &[u8]) -> Result<&str> {
    std::str::from_utf8(raw).map_err(|_| Error::invalid_response("XML element name is not valid UTF-8"))
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
        for body in [&b""[..], b"not xml at all", b"<R><A>1</A>", b"<R><A>\xff</A></R>", b"<R></S>", b"<R/><S/>"] {
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
