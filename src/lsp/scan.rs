//! What surrounds a cursor, read from the raw text rather than the syntax
//! tree: completion and hover must work on half-typed input that does not
//! parse (`step ads: |`, `after = [`, an unclosed block).
//!
//! A tiny tokenizer (words, strings, text blocks, comments, braces, brackets,
//! `=`, `:`, `,`, newlines) runs from the start of the file to the cursor and
//! keeps a stack of the blocks and lists that are open there. Scanning forward
//! from the start, rather than backward from the cursor, is what makes strings
//! and comments unambiguous: a `{` or `#` inside a string is skipped because
//! the string's opening quote was seen first. It is linear in the text before
//! the cursor and needs no allocation per character, so it is cheap even on
//! the 5,000-line files of the latency benchmark.

use crate::diagnostic::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Word,
    Str,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    Eq,
    Colon,
    Comma,
    Newline,
    /// A complete value that is not a single word (a list): ends a statement.
    Value,
}

/// Where the lexer stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Normal,
    /// Inside a `#` comment.
    Comment,
    /// Inside a string or text block that is not closed yet.
    String,
}

fn is_delim(c: u8) -> bool {
    matches!(c, b'{' | b'}' | b'[' | b']' | b'=' | b':' | b',' | b'"' | b'#') || c.is_ascii_whitespace()
}

/// A character of an identifier (block kinds, names, attributes, enum values).
pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Tokens of `text[from..to]` and the state at `to`.
pub fn lex(text: &str, from: usize, to: usize) -> (Vec<(Tok, Span)>, State) {
    let b = text.as_bytes();
    let to = to.min(b.len());
    let mut out = Vec::new();
    let mut i = from.min(to);
    while i < to {
        let c = b[i];
        match c {
            b'\n' => {
                out.push((Tok::Newline, Span::new(i, i + 1)));
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                while i < to && b[i] != b'\n' {
                    i += 1;
                }
                if i >= to {
                    return (out, State::Comment);
                }
            }
            b'"' => {
                let start = i;
                if b[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                    if i + 3 > to {
                        return (out, State::String);
                    }
                    i += 3;
                } else {
                    i += 1;
                    loop {
                        if i >= b.len() || b[i] == b'\n' {
                            // an unterminated string ends at the end of its line
                            if i >= to {
                                return (out, State::String);
                            }
                            break;
                        }
                        if b[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if b[i] == b'"' {
                            i += 1;
                            break;
                        }
                        i += 1;
                    }
                    if i > to {
                        return (out, State::String);
                    }
                }
                out.push((Tok::Str, Span::new(start, i)));
            }
            b'{' | b'}' | b'[' | b']' | b'=' | b':' | b',' => {
                let t = match c {
                    b'{' => Tok::LBrace,
                    b'}' => Tok::RBrace,
                    b'[' => Tok::LBrack,
                    b']' => Tok::RBrack,
                    b'=' => Tok::Eq,
                    b':' => Tok::Colon,
                    _ => Tok::Comma,
                };
                out.push((t, Span::new(i, i + 1)));
                i += 1;
            }
            _ => {
                let start = i;
                while i < to && !is_delim(b[i]) {
                    i += 1;
                }
                out.push((Tok::Word, Span::new(start, i)));
            }
        }
    }
    (out, State::Normal)
}

/// An open block around the cursor.
#[derive(Debug, Clone, Default)]
pub struct BlockFrame {
    pub kind: String,
    pub name: Option<String>,
    pub ty: Option<String>,
    /// Attributes written in the block before the cursor.
    pub attrs: Vec<String>,
    /// Nested blocks written before the cursor: (kind, name).
    pub children: Vec<(String, Option<String>)>,
    /// Offset of the `{`.
    pub open: usize,
}

/// An open list around the cursor.
#[derive(Debug, Clone, Default)]
pub struct ListFrame {
    /// The attribute the list is the value of (`after` in `after = [`).
    pub attr: Option<String>,
    /// Words already in the list.
    pub items: Vec<String>,
}

#[derive(Debug, Clone)]
enum Frame {
    Block(BlockFrame, Vec<(Tok, Span)>),
    List(ListFrame),
}

/// The surroundings of one cursor position.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Open blocks, outermost first.
    pub blocks: Vec<BlockFrame>,
    /// The innermost open list, when the cursor is inside one.
    pub list: Option<ListFrame>,
    /// Tokens of the statement the cursor is in, before the cursor and
    /// without the word being typed (within the innermost block, or at top
    /// level). Spans index the text.
    pub segment: Vec<(Tok, Span)>,
    /// The word being typed: the identifier characters just before the cursor.
    pub partial: Span,
    pub state: State,
}

impl Scan {
    /// The kind of the innermost open block, if any.
    pub fn block_kind(&self) -> Option<&str> {
        self.blocks.last().map(|b| b.kind.as_str())
    }
}

/// The header (kind, name, type) at the end of a statement segment.
fn header(text: &str, seg: &[(Tok, Span)]) -> (String, Option<String>, Option<String>) {
    let words: Vec<&(Tok, Span)> = seg.iter().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let w = |i: usize| -> Option<String> {
        words.get(i).filter(|(t, _)| *t == Tok::Word).map(|(_, s)| text[s.start()..s.end()].to_string())
    };
    // forms: K, K N, K N : T, K : T (tail of the segment)
    let toks: Vec<Tok> = words.iter().map(|(t, _)| *t).collect();
    match toks.as_slice() {
        [.., Tok::Word, Tok::Word, Tok::Colon, Tok::Word] => {
            let n = words.len();
            (w(n - 4).unwrap_or_default(), w(n - 3), w(n - 1))
        }
        [.., Tok::Word, Tok::Colon, Tok::Word] => {
            let n = words.len();
            (w(n - 3).unwrap_or_default(), None, w(n - 1))
        }
        [.., Tok::Word, Tok::Word] => {
            let n = words.len();
            (w(n - 2).unwrap_or_default(), w(n - 1), None)
        }
        [.., Tok::Word] => (w(words.len() - 1).unwrap_or_default(), None, None),
        _ => (String::new(), None, None),
    }
}

/// Scan `text` from its start to `cursor`.
pub fn scan(text: &str, cursor: usize) -> Scan {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let (toks, state) = lex(text, 0, cursor);
    let mut stack: Vec<Frame> = Vec::new();
    let mut top_seg: Vec<(Tok, Span)> = Vec::new();
    // the last non-empty segment cleared by a newline: a header whose `{` is on the next line
    let mut before_newline: Vec<(Tok, Span)> = Vec::new();

    fn seg_of<'a>(stack: &'a mut [Frame], top: &'a mut Vec<(Tok, Span)>) -> &'a mut Vec<(Tok, Span)> {
        for f in stack.iter_mut().rev() {
            if let Frame::Block(_, seg) = f {
                return seg;
            }
        }
        top
    }

    for (tok, span) in toks {
        let in_list = matches!(stack.last(), Some(Frame::List(_)));
        match tok {
            Tok::LBrace => {
                let seg = seg_of(&mut stack, &mut top_seg);
                let src = if seg.is_empty() { std::mem::take(&mut before_newline) } else { std::mem::take(seg) };
                let (kind, name, ty) = header(text, &src);
                // a `{` inside a list is an error: close the list first
                while matches!(stack.last(), Some(Frame::List(_))) {
                    stack.pop();
                }
                if let Some(Frame::Block(parent, _)) = stack.last_mut() {
                    parent.children.push((kind.clone(), name.clone()));
                }
                stack.push(Frame::Block(
                    BlockFrame { kind, name, ty, attrs: Vec::new(), children: Vec::new(), open: span.start() },
                    Vec::new(),
                ));
            }
            Tok::RBrace => {
                while let Some(f) = stack.pop() {
                    if matches!(f, Frame::Block(..)) {
                        break;
                    }
                }
                seg_of(&mut stack, &mut top_seg).clear();
                before_newline.clear();
            }
            Tok::LBrack => {
                let seg = seg_of(&mut stack, &mut top_seg);
                let attr = match seg.as_slice() {
                    [.., (Tok::Word, s), (Tok::Eq, _)] if !in_list => Some(text[s.start()..s.end()].to_string()),
                    _ => None,
                };
                stack.push(Frame::List(ListFrame { attr, items: Vec::new() }));
            }
            Tok::RBrack => {
                if in_list {
                    stack.pop();
                }
                if !matches!(stack.last(), Some(Frame::List(_))) {
                    seg_of(&mut stack, &mut top_seg).push((Tok::Value, span));
                }
            }
            Tok::Word | Tok::Str | Tok::Comma | Tok::Colon | Tok::Eq if in_list => {
                if let (Tok::Word | Tok::Str, Some(Frame::List(l))) = (tok, stack.last_mut()) {
                    let w = &text[span.start()..span.end()];
                    l.items.push(w.trim_matches('"').to_string());
                }
            }
            Tok::Newline => {
                if !in_list {
                    let seg = seg_of(&mut stack, &mut top_seg);
                    if !seg.is_empty() {
                        before_newline = std::mem::take(seg);
                    }
                }
            }
            Tok::Eq => {
                before_newline.clear();
                let attr = {
                    let seg = seg_of(&mut stack, &mut top_seg);
                    let a = match seg.last() {
                        Some((Tok::Word, s)) => Some(text[s.start()..s.end()].to_string()),
                        _ => None,
                    };
                    seg.push((tok, span));
                    a
                };
                if let (Some(a), Some(Frame::Block(b, _))) =
                    (attr, stack.iter_mut().rev().find(|f| matches!(f, Frame::Block(..))))
                {
                    b.attrs.push(a);
                }
            }
            _ => {
                before_newline.clear();
                seg_of(&mut stack, &mut top_seg).push((tok, span));
            }
        }
    }
    let mut blocks = Vec::new();
    let mut list = None;
    let mut segment = top_seg;
    for f in stack {
        match f {
            Frame::Block(b, seg) => {
                blocks.push(b);
                segment = seg;
                list = None;
            }
            Frame::List(l) => list = Some(l),
        }
    }
    // the word being typed
    let mut start = cursor;
    while start > 0 {
        let Some(c) = text[..start].chars().next_back() else { break };
        if !is_ident_char(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let partial = Span::new(start, cursor);
    if let Some((Tok::Word, s)) = segment.last() {
        if s.end() == cursor {
            segment.pop();
        }
    }
    if let Some(l) = list.as_mut() {
        if !partial.is_empty() && l.items.last().is_some_and(|w| text[partial.start()..partial.end()] == **w) {
            l.items.pop();
        }
    }
    Scan { blocks, list, segment, partial, state }
}

/// What the innermost block holds after `cursor` (up to its `}`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct After {
    /// Attribute names.
    pub attrs: Vec<String>,
    /// Kinds of nested blocks.
    pub children: Vec<String>,
}

/// The attributes and nested blocks written in the innermost block after
/// `cursor`.
pub fn after(text: &str, cursor: usize) -> After {
    let mut cursor = cursor.min(text.len());
    while !text.is_char_boundary(cursor) {
        cursor -= 1;
    }
    // start after the word at the cursor, so the word being typed is not counted
    let rest = &text[cursor..];
    let skip = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
    let (toks, _) = lex(text, cursor + skip, text.len());
    let mut depth = 0i32;
    let mut out = After::default();
    let mut prev: Option<Span> = None;
    // the first word of the current statement at depth 0: a nested block's kind
    let mut first: Option<Span> = None;
    let mut prev_tok: Option<Tok> = None;
    for (tok, span) in toks {
        match tok {
            Tok::LBrace if depth == 0 => {
                if let Some(f) = first.take() {
                    out.children.push(text[f.start()..f.end()].to_string());
                }
                depth += 1;
            }
            Tok::LBrace | Tok::LBrack => depth += 1,
            Tok::RBrace | Tok::RBrack => {
                depth -= 1;
                if depth < 0 {
                    break;
                }
                first = None;
            }
            Tok::Eq if depth == 0 => {
                if let Some(p) = prev {
                    out.attrs.push(text[p.start()..p.end()].to_string());
                }
                first = None;
            }
            Tok::Newline if depth == 0 => first = None,
            // a word that starts a statement: not a value, not a name or type
            Tok::Word
                if depth == 0
                    && first.is_none()
                    && !matches!(prev_tok, Some(Tok::Word | Tok::Eq | Tok::Colon | Tok::Str)) =>
            {
                first = Some(span)
            }
            _ => {}
        }
        prev = if tok == Tok::Word { Some(span) } else { None };
        prev_tok = Some(tok);
    }
    out
}

/// The identifier around `offset` (touching it on either side).
pub fn word_at(text: &str, offset: usize) -> Option<Span> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut start = offset;
    while let Some(c) = text[..start].chars().next_back() {
        if !is_ident_char(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = offset;
    while let Some(c) = text[end..].chars().next() {
        if !is_ident_char(c) {
            break;
        }
        end += c.len_utf8();
    }
    (end > start).then(|| Span::new(start, end))
}

/// The first character after `offset` that is not a space or tab.
pub fn next_char(text: &str, offset: usize) -> Option<char> {
    text.get(offset..)?.chars().find(|c| *c != ' ' && *c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str) -> Scan {
        let cursor = src.find('|').expect("cursor marker");
        let text = src.replacen('|', "", 1);
        scan(&text, cursor)
    }

    #[test]
    fn top_level() {
        let s = at("tool a: crm { }\nto|");
        assert!(s.blocks.is_empty());
        assert!(s.segment.is_empty());
        assert_eq!(s.partial.len(), 2);
    }

    #[test]
    fn inside_a_block_skipping_strings_and_comments() {
        let s = at("tool a: crm {\n  owner = \"x { y\" # } {\n  |\n}\n");
        assert_eq!(s.block_kind(), Some("tool"));
        assert_eq!(s.blocks[0].attrs, vec!["owner"]);
        assert!(s.segment.is_empty());
    }

    #[test]
    fn after_equals_and_in_a_list() {
        let s = at("tool a: crm {\n  status = |");
        assert!(matches!(s.segment.as_slice(), [(Tok::Word, _), (Tok::Eq, _)]));
        let s = at("campaign c: p {\n  step a: x { duration = 1d }\n  step b: y { after = [a, |");
        assert_eq!(s.block_kind(), Some("step"));
        assert_eq!(
            s.blocks[0].children,
            vec![("step".to_string(), Some("a".to_string())), ("step".into(), Some("b".into()))]
        );
        let l = s.list.expect("in a list");
        assert_eq!(l.attr.as_deref(), Some("after"));
        assert_eq!(l.items, vec!["a"]);
    }

    #[test]
    fn header_type() {
        let s = at("campaign c: p {\n  step a: |");
        assert_eq!(s.block_kind(), Some("campaign"));
        assert!(matches!(s.segment.as_slice(), [(Tok::Word, _), (Tok::Word, _), (Tok::Colon, _)]));
    }

    #[test]
    fn unterminated_string_and_comment() {
        assert_eq!(at("tool a: crm { owner = \"ab|").state, State::String);
        assert_eq!(at("# a comm|ent").state, State::Comment);
    }

    #[test]
    fn attributes_after_the_cursor() {
        let t = "tool a: crm {\n  \n  owner = \"x\"\n  score { problem = 1 }\n  cost = 1 USD/yr\n}\ntool b: crm { status = active }";
        let a = after(t, 16);
        assert_eq!(a.attrs, vec!["owner", "cost"]);
        assert_eq!(a.children, vec!["score"]);
    }
}
