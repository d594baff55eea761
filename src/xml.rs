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
    name: String,
    has_children: bool,
    text: Zeroizing<String>,
}

impl XmlDoc {
    pub fn parse(body: &[u8]) -> Result<XmlDoc> {
        let text = std::str::from_utf8(body)
            .map_err(|e| Error::invalid_response(format!("response body is not valid UTF-8 (at byte {})", e.valid_up_to())))?;
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<Frame> = Vec::with_capacity(MAX_DEPTH);
        let mut doc = XmlDoc { root: String::new(), leaves: Vec::with_capacity(16) };
        loop {
            let event = reader.read_event().map_err(|e| {
                Error::invalid_response(format!("malformed XML at byte {}: {e}", reader.buffer_position()))
            })?;
            match event {
                Event::Start(start) => {
                    let name = local_name(start.local_name().as_ref())?;
                    doc.open(&mut stack, name)?;
                }
                Event::Empty(start) => {
                    let name = local_name(start.local_name().as_ref())?;
                    doc.open(&mut stack, name)?;
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
        if !stack.is_empty() {
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

    /// Whether any leaf lies at or below `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.leaves.iter().any(|(p, _)| {
            p == path || (p.len() > path.len() && p.starts_with(path) && p.as_bytes()[path.len()] == b'/')
        })
    }

    fn open(&mut self, stack: &mut Vec<Frame>, name: String) -> Result<()> {
        if stack.is_empty() {
            if !self.root.is_empty() {
                return Err(Error::invalid_response("XML has more than one root element"));
            }
            self.root = name.clone();
        }
        if stack.len() >= MAX_DEPTH {
            return Err(Error::invalid_response("XML nests too deeply to be an STS response"));
        }
        if let Some(parent) = stack.last_mut() {
            parent.has_children = true;
        }
        stack.push(Frame { name, has_children: false, text: Zeroizing::new(String::new()) });
        Ok(())
    }

    fn close(&mut self, stack: &mut Vec<Frame>) -> Result<()> {
        let frame = stack.pop().ok_or_else(|| Error::invalid_response("XML closes an element it never opened"))?;
        if frame.has_children || stack.is_empty() {
            return Ok(());
        }
        if self.leaves.len() >= MAX_LEAVES {
            return Err(Error::invalid_response("XML has too many elements to be an STS response"));
        }
        let mut path = String::with_capacity(64);
        for f in &stack[1..] {
            path.push_str(&f.name);
            path.push('/');
        }
        path.push_str(&frame.name);
        self.leaves.push((path, frame.text));
        Ok(())
    }

    fn append_text(&mut self, stack: &mut [Frame], s: &str) -> Result<()> {
        match stack.last_mut() {
            Some(frame) => {
                crate::secret::reserve_wiping(&mut frame.text, s.len());
                frame.text.push_str(s);
                Ok(())
            }
            None if s.trim().is_empty() => Ok(()),
            None => Err(Error::invalid_response("text outside the root element: not an XML response")),
        }
    }
}

fn local_name(raw: &[u8]) -> Result<String> {
    std::str::from_utf8(raw)
        .map(str::to_owned)
        .map_err(|_| Error::invalid_response("XML element name is not valid UTF-8"))
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
