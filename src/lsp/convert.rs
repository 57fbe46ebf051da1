//! Conversions between the compiler's byte offsets and LSP positions, and
//! between `file:` URIs and paths.
//!
//! LSP positions are (line, character) with the character counted in UTF-16
//! code units: "é" is one unit, "🚀" two, while they are two and four bytes
//! in the UTF-8 text the compiler's spans index. Out-of-range positions are
//! clamped (a line past the end is the end of the text, a character past the
//! end of its line is the end of that line), never an error: clients send
//! them for half-typed or just-changed text.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, TextEdit, Uri};

use crate::diagnostic::Span;

/// Line starts of one text, for offset ⇄ position conversion.
#[derive(Debug, Clone)]
pub struct LineMap {
    /// Byte offset of the start of every line (after `\n`).
    starts: Vec<usize>,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineMap { starts }
    }

    /// The LSP position of a byte offset (clamped to the text, moved back to
    /// a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position { line: line as u32, character: character as u32 }
    }

    /// The byte offset of an LSP position, clamped to the text. A position
    /// inside a character (between the two units of a surrogate pair) is the
    /// start of that character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return text.len() };
        let start = start.min(text.len());
        let end = self.starts.get(pos.line as usize + 1).map(|s| s - 1).unwrap_or(text.len()).min(text.len());
        let line = &text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let target = pos.character as usize;
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > target {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range { start: self.position(text, span.start()), end: self.position(text, span.end()) }
    }

    /// The byte span of an LSP range (start and end clamped, end ≥ start).
    pub fn span(&self, text: &str, range: Range) -> Span {
        Span::new(self.offset(text, range.start), self.offset(text, range.end))
    }

    /// The position just past the end of the text.
    pub fn end(&self, text: &str) -> Position {
        self.position(text, text.len())
    }
}

/// The path of a `file:` URI (percent-decoded), or `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://").or_else(|| s.strip_prefix("FILE://"))?;
    // `file:///p` (empty host) or `file://localhost/p`
    let path = if let Some(p) = rest.strip_prefix("localhost") { p } else { rest };
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// Characters kept as they are in a file URI path; everything else is
/// percent-encoded (like VS Code does).
const PATH_SET: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?;
    let encoded = percent_encoding::utf8_percent_encode(s, PATH_SET).to_string();
    let text = if encoded.starts_with('/') { format!("file://{encoded}") } else { format!("file:///{encoded}") };
    text.parse().ok()
}

/// One edit replacing the whole text.
pub(super) fn whole(text: &str, new: String) -> Vec<TextEdit> {
    let map = LineMap::new(text);
    vec![TextEdit { range: Range { start: map.position(text, 0), end: map.end(text) }, new_text: new }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_round_trip() {
        let t = "ab\ncd\n";
        let m = LineMap::new(t);
        for o in 0..=t.len() {
            assert_eq!(m.offset(t, m.position(t, o)), o);
        }
        assert_eq!(m.position(t, 4), pos(1, 1));
    }

    #[test]
    fn utf16_units_for_non_ascii() {
        // é: 2 bytes, 1 unit; 🚀: 4 bytes, 2 units
        let t = "é🚀x\n";
        let m = LineMap::new(t);
        assert_eq!(m.position(t, 2), pos(0, 1));
        assert_eq!(m.position(t, 6), pos(0, 3));
        assert_eq!(m.offset(t, pos(0, 3)), 6);
        assert_eq!(m.offset(t, pos(0, 1)), 2);
        // inside the surrogate pair: the start of the rocket
        assert_eq!(m.offset(t, pos(0, 2)), 2);
        // inside a multi-byte character: moved back to its start
        assert_eq!(m.position(t, 1), pos(0, 0));
    }

    #[test]
    fn out_of_range_is_clamped() {
        let t = "ab\r\ncd";
        let m = LineMap::new(t);
        assert_eq!(m.offset(t, pos(0, 99)), 2);
        assert_eq!(m.offset(t, pos(1, 99)), 6);
        assert_eq!(m.offset(t, pos(99, 0)), 6);
        assert_eq!(m.position(t, 999), pos(1, 2));
    }

    #[test]
    fn file_uris() {
        let p = Path::new("/tmp/a b/é.mops");
        let u = path_to_uri(p).expect("uri");
        assert_eq!(u.as_str(), "file:///tmp/a%20b/%C3%A9.mops");
        assert_eq!(uri_to_path(&u).as_deref(), Some(p));
        let u: Uri = "file://localhost/x/y.mops".parse().expect("uri");
        assert_eq!(uri_to_path(&u), Some(PathBuf::from("/x/y.mops")));
        let u: Uri = "untitled:Untitled-1".parse().expect("uri");
        assert_eq!(uri_to_path(&u), None);
    }
}
