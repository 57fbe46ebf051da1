//! The fast path of [`super::parse`]: a hand-written reader of
//! `grammar/mops.pest` for well-formed files.
//!
//! pest runs a stack probe and a call counter on every combinator it enters;
//! on a workspace of 10,000 campaigns that was half of `mopsc check`. Most
//! files are well formed, so this reader follows the grammar's ordered
//! choices exactly, builds the same syntax tree the pest path builds (spans,
//! comments in document order, values as written) and gives up, returning
//! `None`, at the first thing the grammar would read as an error (`top_error`,
//! `bad_item`, an unclosed string…). The pest path then parses the file again
//! and does the error recovery and the messages. A test holds the two paths
//! equal on every fixture and on mutated examples.

use super::{Attribute, Block, Comment, Ident, Import, Member, SourceFile, Value, ValueKind};
use crate::diagnostic::Span;

/// The syntax tree of a well-formed file, or `None` where the file has an
/// error or nests `{` and `[` deeper than `max_depth` (pest's path reports it).
pub(super) fn parse(src: &str, max_depth: usize) -> Option<SourceFile> {
    let mut r = Reader { src, b: src.as_bytes(), i: 0, comments: Vec::new(), depth: 0, max_depth };
    let mut imports = Vec::new();
    let mut blocks = Vec::new();
    r.skip();
    while r.i < r.b.len() {
        // `file = (import | block | top_error)*` is an ordered choice: where
        // `import` is not followed by a string, pest reads a block whose
        // kind is `import` (an E010 later), and so does this reader.
        let (at, comments) = (r.i, r.comments.len());
        match r.at_import().then(|| r.import()).flatten() {
            Some(import) => imports.push(import),
            None => {
                r.i = at;
                r.comments.truncate(comments);
                blocks.push(r.block()?);
            }
        }
        r.skip();
    }
    Some(SourceFile { imports, blocks, comments: r.comments, errors: Vec::new() })
}

fn ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

struct Reader<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
    comments: Vec<Comment>,
    /// Open `{` and `[`: the reader recurses, so it stops where
    /// `super::too_deep` would.
    depth: usize,
    max_depth: usize,
}

impl Reader<'_> {
    /// Enter a `{` or `[`; `None` past the nesting limit.
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= self.max_depth).then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Implicit whitespace and comments between tokens (`WHITESPACE`, `COMMENT`).
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.i += 1,
                Some(0xEF) if self.b[self.i..].starts_with("\u{FEFF}".as_bytes()) => self.i += 3,
                Some(b'#') => {
                    let start = self.i;
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                    let text = self.src[start..self.i].trim_end().to_string();
                    self.comments.push(Comment { text, span: Span::new(start, self.i) });
                }
                _ => return,
            }
        }
    }

    /// `kw_import = @{ "import" ~ !ident_char }`
    fn at_import(&self) -> bool {
        self.b[self.i..].starts_with(b"import") && !self.at(self.i + 6).is_some_and(ident_char)
    }

    fn import(&mut self) -> Option<Import> {
        let start = self.i;
        self.i += 6;
        self.skip();
        let (kind, end) = self.string(self.i)?;
        let ValueKind::String(path) = kind else { return None };
        let path_span = Span::new(self.i, end);
        self.i = end;
        Some(Import { path, path_span, span: Span::new(start, end) })
    }

    /// `ident = @{ (ASCII_ALPHA | "_") ~ ident_char* }`, at `i`: its end.
    fn ident_end(&self, i: usize) -> Option<usize> {
        let c = self.at(i)?;
        if !(c.is_ascii_alphabetic() || c == b'_') {
            return None;
        }
        let mut j = i + 1;
        while self.at(j).is_some_and(ident_char) {
            j += 1;
        }
        Some(j)
    }

    fn ident(&mut self) -> Option<Ident> {
        let end = self.ident_end(self.i)?;
        let id = Ident { text: self.src[self.i..end].to_string(), span: Span::new(self.i, end) };
        self.i = end;
        Some(id)
    }

    /// `block = { ident ~ block_name? ~ block_type? ~ "{" ~ body_item* ~ "}" }`
    fn block(&mut self) -> Option<Block> {
        let start = self.i;
        let kind = self.ident()?;
        self.skip();
        let name = if self.ident_end(self.i).is_some() { self.ident() } else { None };
        self.skip();
        let ty = if self.peek() == Some(b':') {
            self.i += 1;
            self.skip();
            Some(self.ident()?)
        } else {
            None
        };
        self.skip();
        if self.peek() != Some(b'{') {
            return None;
        }
        self.enter()?;
        self.i += 1;
        let mut attributes = Vec::new();
        let mut blocks = Vec::new();
        let mut order = Vec::new();
        loop {
            self.skip();
            match self.peek() {
                Some(b'}') => break,
                None => return None,
                _ => {}
            }
            // body_item = attribute | block | bad_item
            let (at, comments) = (self.i, self.comments.len());
            let name = self.ident()?;
            self.skip();
            if self.peek() == Some(b'=') {
                self.i += 1;
                self.skip();
                let value = self.value()?;
                // an expression (an operator, a call, a path, `not`) is left
                // to pest, which reads it with the grammar's `expr`
                if matches!(&value.kind, ValueKind::Ident(w) if w == "not") || self.continues_expr() {
                    return None;
                }
                let span = Span::new(name.span.start(), value.span.end());
                order.push(Member::Attribute(attributes.len()));
                attributes.push(Attribute { name, value, span });
            } else {
                self.i = at;
                self.comments.truncate(comments);
                order.push(Member::Block(blocks.len()));
                blocks.push(self.block()?);
            }
        }
        self.i += 1;
        self.depth -= 1;
        Some(Block { kind, name, ty, attributes, blocks, span: Span::new(start, self.i), order, unparsed: Vec::new() })
    }

    /// Whether what follows a value (after whitespace and comments) makes
    /// it part of an expression: anything but the next item's name or the
    /// closing brace, or a word operator of the grammar's `infix`.
    fn continues_expr(&self) -> bool {
        let mut j = self.i;
        loop {
            match self.at(j) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => j += 1,
                Some(0xEF) if self.b[j..].starts_with("\u{FEFF}".as_bytes()) => j += 3,
                Some(b'#') => {
                    while self.at(j).is_some_and(|c| c != b'\n') {
                        j += 1;
                    }
                }
                _ => break,
            }
        }
        match self.ident_end(j) {
            Some(e) => {
                let word = matches!(
                    &self.src[j..e],
                    "or" | "and" | "not" | "in" | "matches" | "contains" | "starts-with" | "ends-with"
                );
                // `in = 3` is the next attribute, not an operator
                let mut k = e;
                while matches!(self.at(k), Some(b' ' | b'\t')) {
                    k += 1;
                }
                word && self.at(k) != Some(b'=')
            }
            None => !matches!(self.at(j), Some(b'}') | None),
        }
    }

    /// `value = _{ text | string | list | money | date | range | quantity | decimal | integer | ident }`
    fn value(&mut self) -> Option<Value> {
        let start = self.i;
        let (kind, end) = if self.peek() == Some(b'[') {
            // a list skips whitespace and comments inside: it moves `i` itself
            let kind = self.list()?;
            (kind, self.i)
        } else {
            let i = self.i;
            self.text(i)
                .or_else(|| self.string(i))
                .or_else(|| self.money(i))
                .or_else(|| self.date(i))
                .or_else(|| self.range(i))
                .or_else(|| self.quantity(i))
                .or_else(|| self.decimal(i))
                .or_else(|| self.integer(i))
                .or_else(|| self.ident_end(i).map(|e| (ValueKind::Ident(self.src[i..e].to_string()), e)))?
        };
        self.i = end;
        Some(Value { kind, span: Span::new(start, end) })
    }

    /// `text = ${ "\"\"\"" ~ text_inner ~ "\"\"\"" }`
    fn text(&self, i: usize) -> Option<(ValueKind, usize)> {
        if !self.b[i..].starts_with(b"\"\"\"") {
            return None;
        }
        let inner = i + 3;
        // an unclosed text block would be read differently: leave it to pest
        let close = inner + self.src[inner..].find("\"\"\"")?;
        Some((ValueKind::Text(self.src[inner..close].to_string()), close + 3))
    }

    /// `string = ${ "\"" ~ str_inner ~ "\"" }`
    fn string(&self, i: usize) -> Option<(ValueKind, usize)> {
        if self.at(i) != Some(b'"') {
            return None;
        }
        let inner = i + 1;
        let mut j = inner;
        loop {
            match self.at(j)? {
                b'"' => break,
                b'\n' => return None,
                b'\\' => {
                    // str_escape = "\\" ~ ("u{" ~ (!("}" | "\"" | "\n") ~ ANY)* ~ "}" | !"\n" ~ ANY)
                    if self.b[j + 1..].starts_with(b"u{") {
                        let rest = &self.b[j + 3..];
                        if let Some(k) = rest.iter().position(|&c| c == b'}' || c == b'"' || c == b'\n') {
                            if rest[k] == b'}' {
                                j += 3 + k + 1;
                                continue;
                            }
                        }
                    }
                    match self.at(j + 1) {
                        None | Some(b'\n') => return None,
                        Some(_) => j = self.next_char(j + 1),
                    }
                }
                _ => j = self.next_char(j),
            }
        }
        Some((ValueKind::String(self.src[inner..j].to_string()), j + 1))
    }

    /// The offset after the character at `j`.
    fn next_char(&self, j: usize) -> usize {
        j + self.src[j..].chars().next().map_or(1, char::len_utf8)
    }

    /// `list = { "[" ~ (value ~ ("," ~ value)* ~ ","?)? ~ "]" }`
    fn list(&mut self) -> Option<ValueKind> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        self.skip();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Some(ValueKind::List(items));
        }
        loop {
            items.push(self.value()?);
            self.skip();
            match self.peek()? {
                b']' => break,
                b',' => {
                    self.i += 1;
                    self.skip();
                    if self.peek() == Some(b']') {
                        break;
                    }
                }
                _ => return None,
            }
        }
        self.i += 1;
        self.depth -= 1;
        Some(ValueKind::List(items))
    }

    /// `digits = @{ ASCII_DIGIT ~ (ASCII_DIGIT | "_")* }`
    fn digits(&self, i: usize) -> Option<usize> {
        if !self.at(i)?.is_ascii_digit() {
            return None;
        }
        let mut j = i + 1;
        while self.at(j).is_some_and(|c| c.is_ascii_digit() || c == b'_') {
            j += 1;
        }
        Some(j)
    }

    fn sign(&self, i: usize) -> usize {
        if matches!(self.at(i), Some(b'+' | b'-')) {
            i + 1
        } else {
            i
        }
    }

    /// `number = @{ sign? ~ digits ~ ("." ~ digits)? }`
    fn number(&self, i: usize) -> Option<usize> {
        let j = self.digits(self.sign(i))?;
        if self.at(j) == Some(b'.') {
            if let Some(k) = self.digits(j + 1) {
                return Some(k);
            }
        }
        Some(j)
    }

    /// `money = ${ number ~ (" " | "\t")+ ~ currency ~ ("/" ~ per)? }`
    fn money(&self, i: usize) -> Option<(ValueKind, usize)> {
        let n = self.number(i)?;
        let mut j = n;
        while matches!(self.at(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if j == n {
            return None;
        }
        // currency = @{ ASCII_ALPHA_UPPER{3} ~ ident_char* }
        let c = j;
        if !(0..3).all(|k| self.at(c + k).is_some_and(|x| x.is_ascii_uppercase())) {
            return None;
        }
        let mut e = c + 3;
        while self.at(e).is_some_and(ident_char) {
            e += 1;
        }
        let currency = (self.src[c..e].to_string(), Span::new(c, e));
        let mut per = None;
        if self.at(e) == Some(b'/') {
            let p = e + 1;
            let mut q = p;
            while self.at(q).is_some_and(ident_char) {
                q += 1;
            }
            per = Some((self.src[p..q].to_string(), Span::new(p, q)));
            e = q;
        }
        let kind = ValueKind::Money {
            amount: self.src[i..n].to_string(),
            currency: currency.0,
            currency_span: currency.1,
            per,
        };
        Some((kind, e))
    }

    /// `date = @{ ASCII_DIGIT{4} ~ "-" ~ ASCII_DIGIT{2} ~ "-" ~ ASCII_DIGIT{2} ~ !(ident_char | ".") }`
    fn date(&self, i: usize) -> Option<(ValueKind, usize)> {
        let digit = |k: usize| self.at(i + k).is_some_and(|c| c.is_ascii_digit());
        let ok = (0..4).all(digit)
            && self.at(i + 4) == Some(b'-')
            && (5..7).all(digit)
            && self.at(i + 7) == Some(b'-')
            && (8..10).all(digit)
            && !self.at(i + 10).is_some_and(|c| ident_char(c) || c == b'.');
        ok.then(|| (ValueKind::Date(self.src[i..i + 10].to_string()), i + 10))
    }

    /// `integer = @{ sign? ~ digits ~ !(ident_char | "." ~ ASCII_DIGIT) }`: its end.
    fn integer_end(&self, i: usize) -> Option<usize> {
        let j = self.digits(self.sign(i))?;
        let next = self.at(j);
        if next.is_some_and(ident_char) || (next == Some(b'.') && self.at(j + 1).is_some_and(|c| c.is_ascii_digit())) {
            return None;
        }
        Some(j)
    }

    /// `range = ${ integer ~ ".." ~ integer? }`
    fn range(&self, i: usize) -> Option<(ValueKind, usize)> {
        let lo = self.integer_end(i)?;
        if !self.b[lo..].starts_with(b"..") {
            return None;
        }
        let hi = self.integer_end(lo + 2);
        let end = hi.unwrap_or(lo + 2);
        let kind =
            ValueKind::Range { low: self.src[i..lo].to_string(), high: hi.map(|h| self.src[lo + 2..h].to_string()) };
        Some((kind, end))
    }

    /// `quantity = ${ number ~ unit }`, `unit = @{ "%" | ASCII_ALPHA ~ ident_char* }`
    fn quantity(&self, i: usize) -> Option<(ValueKind, usize)> {
        let n = self.number(i)?;
        let u = match self.at(n)? {
            b'%' => n + 1,
            c if c.is_ascii_alphabetic() => {
                let mut e = n + 1;
                while self.at(e).is_some_and(ident_char) {
                    e += 1;
                }
                e
            }
            _ => return None,
        };
        let kind = ValueKind::Quantity {
            number: self.src[i..n].to_string(),
            unit: self.src[n..u].to_string(),
            unit_span: Span::new(n, u),
        };
        Some((kind, u))
    }

    /// `decimal = @{ sign? ~ digits ~ "." ~ digits ~ !ident_char }`
    fn decimal(&self, i: usize) -> Option<(ValueKind, usize)> {
        let j = self.digits(self.sign(i))?;
        if self.at(j) != Some(b'.') {
            return None;
        }
        let k = self.digits(j + 1)?;
        if self.at(k).is_some_and(ident_char) {
            return None;
        }
        Some((ValueKind::Decimal(self.src[i..k].to_string()), k))
    }

    fn integer(&self, i: usize) -> Option<(ValueKind, usize)> {
        let e = self.integer_end(i)?;
        Some((ValueKind::Integer(self.src[i..e].to_string()), e))
    }
}
