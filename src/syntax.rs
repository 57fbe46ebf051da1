//! The syntax tree: the pest parse of one file, turned into owned nodes with
//! byte spans. Comments are kept (for the formatter), and broken regions are
//! kept as error nodes so that the rest of the file is still analysed.

use pest::iterators::Pair;
use pest::Parser;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId, Span};

mod expr_error;
mod fast;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/mops.pest"]
struct MopsParser;

/// Deepest nesting of `{` and `[` accepted before pest sees the file.
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// The deepest `--max-depth` allowed: the parser and the walks over the
/// syntax tree recurse once per level, and 1,000 levels fit the smallest
/// stack they run on (a 2 MiB reader thread, in a debug build) with room to
/// spare; 100,000 overflowed it.
pub const MAX_DEPTH_LIMIT: usize = 1000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ident {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    pub imports: Vec<Import>,
    pub blocks: Vec<Block>,
    pub comments: Vec<Comment>,
    /// Regions the parser could not read; each produced one E001.
    pub errors: Vec<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Import {
    pub path: String,
    pub path_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: Ident,
    pub name: Option<Ident>,
    pub ty: Option<Ident>,
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
    /// The whole block, from its kind to its closing brace.
    pub span: Span,
    /// Attributes and blocks in source order (indices into the two vectors).
    pub order: Vec<Member>,
    /// Attributes written whose value could not be parsed (each already has
    /// its E001): lowering neither reports them missing nor checks them.
    pub unparsed: Vec<Ident>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum Member {
    Attribute(usize),
    Block(usize),
    Error(Span),
}

impl Block {
    /// The span used to point at the block as a whole: its header.
    pub fn header_span(&self) -> Span {
        let end = self
            .ty
            .as_ref()
            .map(|t| t.span.end())
            .or(self.name.as_ref().map(|n| n.span.end()))
            .unwrap_or(self.kind.span.end());
        Span::new(self.kind.span.start(), end)
    }

    /// The name of the block, or its kind when it has none.
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map(|n| n.text.as_str()).unwrap_or(self.kind.text.as_str())
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.text == name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub name: Ident,
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// A value as written. Literals keep their source text; `crate::literal`
/// checks and converts them.
#[derive(Debug, Clone, Serialize)]
pub enum ValueKind {
    /// The raw contents between the quotes, escapes not yet processed.
    String(String),
    /// The raw contents between the triple quotes.
    Text(String),
    Integer(String),
    Decimal(String),
    /// A number glued to a unit: `4d`, `40%`, `4x`.
    Quantity {
        number: String,
        unit: String,
        unit_span: Span,
    },
    Money {
        amount: String,
        currency: String,
        currency_span: Span,
        per: Option<(String, Span)>,
    },
    Date(String),
    Range {
        low: String,
        high: Option<String>,
    },
    Ident(String),
    List(Vec<Value>),
    /// `dataset.column` in an expression.
    Path(Vec<Ident>),
    /// `not x`; the span is the operator's.
    Not(Span, Box<Value>),
    /// `lhs OP rhs` (DATA.md §2).
    Binary {
        op: Op,
        op_span: Span,
        lhs: Box<Value>,
        rhs: Box<Value>,
    },
    /// `name(arg, …)`, an argument optionally with `where` and `within`.
    Call {
        name: Ident,
        args: Vec<Arg>,
    },
    /// `( expr )`
    Paren(Box<Value>),
}

/// A binary operator of an expression.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Matches,
    Contains,
    StartsWith,
    EndsWith,
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    /// How the operator is written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Or => "or",
            Op::And => "and",
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Matches => "matches",
            Op::Contains => "contains",
            Op::StartsWith => "starts-with",
            Op::EndsWith => "ends-with",
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }

    /// Binding power, loosest first: or 1, and 2, (not 3), comparisons 4,
    /// + - 5, * / 6.
    pub fn precedence(self) -> u8 {
        match self {
            Op::Or => 1,
            Op::And => 2,
            Op::Add | Op::Sub => 5,
            Op::Mul | Op::Div => 6,
            _ => 4,
        }
    }
}

/// The precedence `not` binds its operand at.
pub const NOT_PRECEDENCE: u8 = 3;

/// One argument of a call: `expr [where cond] [within duration]`.
#[derive(Debug, Clone, Serialize)]
pub struct Arg {
    pub expr: Value,
    pub where_: Option<Value>,
    pub within: Option<Value>,
    pub span: Span,
}

impl ValueKind {
    /// The kind of value in words, for "expected X, found Y".
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::String(_) => "a string",
            ValueKind::Text(_) => "a text block",
            ValueKind::Integer(_) => "an integer",
            ValueKind::Decimal(_) => "a decimal",
            ValueKind::Quantity { unit, .. } => match unit.as_str() {
                "%" => "a percent",
                "h" | "d" | "w" => "a duration",
                _ => "a number with a unit",
            },
            ValueKind::Money { per: Some(_), .. } => "a rate",
            ValueKind::Money { .. } => "money",
            ValueKind::Date(_) => "a date",
            ValueKind::Range { .. } => "a range",
            ValueKind::Ident(t) if t == "true" || t == "false" => "a boolean",
            ValueKind::Ident(_) => "a name",
            ValueKind::List(_) => "a list",
            ValueKind::Path(_)
            | ValueKind::Not(..)
            | ValueKind::Binary { .. }
            | ValueKind::Call { .. }
            | ValueKind::Paren(_) => "an expression",
        }
    }
}

/// Parse one file. Never panics; syntax errors become E001 diagnostics and
/// error regions in the tree.
pub fn parse(file: FileId, src: &str, max_depth: usize) -> (SourceFile, Vec<Diagnostic>) {
    let max_depth = max_depth.min(MAX_DEPTH_LIMIT);
    // well-formed files take the hand-written fast path (same tree); a file
    // with an error, or too deep, goes to pest for recovery and messages
    let (tree, mut diags) = match fast::parse(src, max_depth) {
        Some(out) => (out, Vec::new()),
        None => parse_with_pest(file, src, max_depth),
    };
    diags.extend(raw_controls(file, src));
    (tree, diags)
}

/// At most this many raw control characters are reported per file.
const MAX_RAW_CONTROLS: usize = 10;

/// E001 for each raw control character inside a string, a text block or a
/// comment (outside them the grammar already refuses one): NUL, ESC, BEL, a
/// lone CR and the rest of C0 but tab, and DEL, as TOML does. They would
/// reach every output that shows the value; a string can hold one written
/// as an escape (`\u{1b}`), which the outputs show escaped.
pub fn raw_controls(file: FileId, src: &str) -> Vec<Diagnostic> {
    let b = src.as_bytes();
    let is_raw = |i: usize| {
        let c = b[i];
        (c < 0x20 && c != b'\t' && c != b'\n' && !(c == b'\r' && b.get(i + 1) == Some(&b'\n'))) || c == 0x7f
    };
    if !b.iter().enumerate().any(|(i, _)| is_raw(i)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut report = |i: usize, place: &str| {
        if out.len() >= MAX_RAW_CONTROLS {
            return;
        }
        let c = b[i];
        let escape = format!("\\u{{{c:x}}}");
        let help = if place == "string" {
            format!("write it as the escape `{escape}`")
        } else {
            format!("remove it (a string can hold it written as `{escape}`)")
        };
        out.push(
            Diagnostic::error(
                "E001",
                format!("a raw control character (U+{c:04X}) in a {place}"),
                file,
                Span::new(i, i + 1),
            )
            .with_label(file, Span::new(i, i + 1), "control character")
            .with_help(help),
        );
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    if is_raw(i) {
                        report(i, "comment");
                    }
                    i += 1;
                }
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    if is_raw(i) {
                        report(i, "text block");
                    }
                    i += 1;
                }
                i = (i + 3).min(b.len());
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                        if i >= b.len() || b[i] == b'\n' {
                            break;
                        }
                    }
                    if is_raw(i) {
                        report(i, "string");
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The fast path alone: the tree of a well-formed file, `None` otherwise
/// (tests hold it equal to [`parse_with_pest`]).
pub fn parse_fast(src: &str, max_depth: usize) -> Option<SourceFile> {
    fast::parse(src, max_depth.min(MAX_DEPTH_LIMIT))
}

/// [`parse`] through pest only.
pub fn parse_with_pest(file: FileId, src: &str, max_depth: usize) -> (SourceFile, Vec<Diagnostic>) {
    let max_depth = max_depth.min(MAX_DEPTH_LIMIT);
    let mut out = SourceFile { imports: vec![], blocks: vec![], comments: vec![], errors: vec![] };
    let mut diags = Vec::new();
    if let Some(pos) = too_deep(src, max_depth) {
        diags.push(
            Diagnostic::error(
                "E001",
                format!("nesting is deeper than {max_depth} levels"),
                file,
                Span::new(pos, pos + 1),
            )
            .with_label(file, Span::new(pos, pos + 1), "too deep here")
            .with_help("flatten the structure: mops blocks and lists are never nested this deeply"),
        );
        out.errors.push(Span::new(pos, pos + 1));
        return (out, diags);
    }
    let mut b = Builder { file, src, out, diags, last_top_error: None, offset: 0 };
    for (start, end) in chunks(src) {
        b.offset = start;
        match MopsParser::parse(Rule::file, &src[start..end]) {
            Ok(pairs) => {
                for pair in pairs {
                    if pair.as_rule() == Rule::file {
                        for item in pair.into_inner() {
                            b.top_item(item);
                        }
                    }
                }
            }
            Err(e) => {
                // The catch-all alternatives make this unreachable in
                // practice; report it as a syntax error all the same.
                let pos = start
                    + match e.location {
                        pest::error::InputLocation::Pos(p) => p,
                        pest::error::InputLocation::Span((s, _)) => s,
                    };
                let sp = Span::new(pos, (pos + 1).min(src.len()).max(pos));
                b.diags.push(Diagnostic::error("E001", "this part of the file could not be parsed", file, sp));
                b.out.errors.push(sp);
            }
        }
    }
    (b.out, b.diags)
}

struct Builder<'s> {
    file: FileId,
    src: &'s str,
    /// Where the chunk being read starts in `src` (pest's spans are relative to it).
    offset: usize,
    out: SourceFile,
    diags: Vec<Diagnostic>,
    /// End of the last top-level error, to merge a run of them into one.
    last_top_error: Option<usize>,
}

impl<'s> Builder<'s> {
    fn span_of(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.offset + s.start(), self.offset + s.end())
    }

    fn top_item(&mut self, pair: Pair<Rule>) {
        match pair.as_rule() {
            Rule::COMMENT => self.comment(pair),
            Rule::import => {
                self.last_top_error = None;
                let span = self.span_of(&pair);
                let mut path = String::new();
                let mut path_span = span;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::string => {
                            path_span = self.span_of(&p);
                            path = p.into_inner().next().map(|s| s.as_str().to_string()).unwrap_or_default();
                        }
                        Rule::COMMENT => self.comment(p),
                        _ => {}
                    }
                }
                self.out.imports.push(Import { path, path_span, span });
            }
            Rule::block => {
                self.last_top_error = None;
                let b = self.block(pair);
                self.out.blocks.push(b);
            }
            Rule::top_error => {
                let span = self.span_of(&pair);
                let merged = self
                    .last_top_error
                    .is_some_and(|end| self.src[end..span.start()].trim().is_empty() || pair.as_str() == "}");
                self.out.errors.push(span);
                self.last_top_error = Some(span.end());
                if !merged {
                    let d = crate::recovery::describe(self.file, self.src, span, true);
                    self.diags.push(d);
                }
            }
            _ => {}
        }
    }

    fn comment(&mut self, pair: Pair<Rule>) {
        self.out.comments.push(Comment { text: pair.as_str().trim_end().to_string(), span: self.span_of(&pair) });
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident { text: pair.as_str().to_string(), span: self.span_of(&pair) }
    }

    fn block(&mut self, pair: Pair<Rule>) -> Block {
        let span = self.span_of(&pair);
        let mut kind = None;
        let mut name = None;
        let mut ty = None;
        let mut attributes = Vec::new();
        let mut blocks = Vec::new();
        let mut order = Vec::new();
        let mut unparsed = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => kind = Some(self.ident(p)),
                Rule::block_name => {
                    if let Some(i) = p.into_inner().find(|i| i.as_rule() == Rule::ident) {
                        name = Some(self.ident(i));
                    }
                }
                Rule::block_type => {
                    for i in p.into_inner() {
                        match i.as_rule() {
                            Rule::ident => ty = Some(self.ident(i)),
                            Rule::COMMENT => self.comment(i),
                            _ => {}
                        }
                    }
                }
                Rule::attribute => {
                    order.push(Member::Attribute(attributes.len()));
                    let a = self.attribute(p);
                    attributes.push(a);
                }
                Rule::block => {
                    order.push(Member::Block(blocks.len()));
                    let b = self.block(p);
                    blocks.push(b);
                }
                Rule::bad_item => {
                    let mut sp = self.span_of(&p);
                    self.collect_comments(p);
                    if let Some((name, at, d)) = self.continued_value(&attributes, &order, sp) {
                        // `duration = 5 days`: the attribute read `5` and the
                        // error `days`; one mistake, one finding
                        attributes.pop();
                        order.pop();
                        self.diags.push(d);
                        unparsed.push(name);
                        order.push(Member::Error(at));
                        self.out.errors.push(at);
                        // the attributes after it on the line are read again
                        let mut pos = at.end();
                        // pest's span of the bad item takes the white space after it
                        let sp = Span::new(sp.start(), sp.start() + self.src[sp.start()..sp.end()].trim_end().len());
                        loop {
                            let rest = &self.src[pos..sp.end()];
                            pos += rest.len() - rest.trim_start_matches([' ', '\t']).len();
                            if pos >= sp.end() {
                                break;
                            }
                            let a = MopsParser::parse(Rule::attribute, &self.src[pos..sp.end()])
                                .ok()
                                .and_then(|mut pairs| pairs.next())
                                .map(|pair| {
                                    let saved = self.offset;
                                    self.offset = pos;
                                    let a = self.attribute(pair);
                                    self.offset = saved;
                                    a
                                })
                                .filter(|a| a.span.end() > pos && a.span.end() <= sp.end());
                            let Some(a) = a else {
                                // a nested block (`utm { … }`)
                                let b = MopsParser::parse(Rule::block, &self.src[pos..sp.end()])
                                    .ok()
                                    .and_then(|mut pairs| pairs.next())
                                    .filter(|pair| pair.as_span().end() > 0 && pos + pair.as_span().end() <= sp.end())
                                    .map(|pair| {
                                        let saved = self.offset;
                                        self.offset = pos;
                                        let b = self.block(pair);
                                        self.offset = saved;
                                        b
                                    });
                                if let Some(b) = b {
                                    pos = b.span.end();
                                    order.push(Member::Block(blocks.len()));
                                    blocks.push(b);
                                    continue;
                                }
                                // something else: an error of its own
                                let tail = Span::new(pos, sp.end());
                                order.push(Member::Error(tail));
                                self.out.errors.push(tail);
                                self.diags.push(crate::recovery::describe(self.file, self.src, tail, false));
                                break;
                            };
                            pos = a.span.end();
                            order.push(Member::Attribute(attributes.len()));
                            attributes.push(a);
                        }
                        continue;
                    }
                    // a condition cut short or unreadable says what was expected
                    let plain = crate::recovery::describe(self.file, self.src, sp, false);
                    let cond = if plain.message != "unterminated string" {
                        self.condition_error(&attributes, &order, sp)
                    } else {
                        None
                    };
                    let (name, d) = match cond {
                        Some((e, true)) => {
                            // the attribute's value was cut short: the whole
                            // `name = …` is the error region
                            let mut name = None;
                            if let Some(a) = attributes.pop() {
                                order.pop();
                                sp = Span::new(a.span.start(), sp.end());
                                name = Some(a.name.clone());
                            }
                            (name, e)
                        }
                        Some((e, false)) => (self.unparsed_value(sp).0, e),
                        None => self.unparsed_value(sp),
                    };
                    order.push(Member::Error(sp));
                    self.out.errors.push(sp);
                    self.diags.push(d);
                    unparsed.extend(name);
                }
                Rule::COMMENT => self.comment(p),
                _ => {}
            }
        }
        let kind = kind.unwrap_or(Ident { text: String::new(), span: Span::new(span.start(), span.start()) });
        Block { kind, name, ty, attributes, blocks, span, order, unparsed }
    }

    /// A bad item that continues, on the same line, the value of the
    /// attribute just read, when the two make a common mistake
    /// ([`crate::recovery::value_mistake`]): the attribute's name, the span of
    /// the value as far as the mistake goes, and the one E001 saying what
    /// to write.
    fn continued_value(
        &self,
        attributes: &[Attribute],
        order: &[Member],
        sp: Span,
    ) -> Option<(Ident, Span, Diagnostic)> {
        let (Some(Member::Attribute(i)), Some(a)) = (order.last(), attributes.last()) else { return None };
        if *i + 1 != attributes.len() {
            return None;
        }
        let gap = self.src.get(a.value.span.end()..sp.start())?;
        if !gap.chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        let line_end = self.src[sp.start()..sp.end()].find('\n').map(|n| sp.start() + n).unwrap_or(sp.end());
        let text = self.src.get(a.value.span.start()..line_end)?;
        let m = crate::recovery::value_mistake(&a.name.text, text)?;
        let base = a.value.span.start();
        let at = Span::new(base + m.start, base + m.end);
        let whole = Span::new(base, base + m.end);
        let d = Diagnostic::error("E001", m.message, self.file, at)
            .with_label(self.file, at, "written here")
            .with_help(m.help);
        Some((a.name.clone(), whole, d))
    }

    /// The E001 of a bad item; when it starts `NAME =` (a value that could
    /// not be parsed), the attribute's name too, and the message says what
    /// to write for a common mistake (`quote a glob: "partner-*"`).
    fn unparsed_value(&self, sp: Span) -> (Option<Ident>, Diagnostic) {
        let region = &self.src[sp.start()..sp.end()];
        let name_len =
            region.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(region.len());
        let after = region[name_len..].trim_start_matches([' ', '\t']);
        let starts_ident = region.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !(starts_ident && name_len > 0 && after.starts_with('=')) {
            return (None, crate::recovery::describe(self.file, self.src, sp, false));
        }
        let name = Ident { text: region[..name_len].to_string(), span: Span::new(sp.start(), sp.start() + name_len) };
        let value = after[1..].trim_start_matches([' ', '\t']);
        let value_start = sp.end() - value.len();
        let line = value.split('\n').next().unwrap_or("");
        let d = match crate::recovery::value_mistake(&name.text, line) {
            Some(m) => {
                let at = Span::new(value_start + m.start, value_start + m.end);
                Diagnostic::error("E001", m.message, self.file, at)
                    .with_label(self.file, at, "written here")
                    .with_help(m.help)
            }
            None => crate::recovery::describe(self.file, self.src, sp, false),
        };
        (Some(name), d)
    }

    /// An E001 in words for an error region that is (the rest of) an
    /// attribute's condition; `true` when the region continues the last
    /// attribute, whose value pest cut short (`when = a >=` kept `a`).
    fn condition_error(&self, attributes: &[Attribute], order: &[Member], sp: Span) -> Option<(Diagnostic, bool)> {
        let line_end = |from: usize| self.src[from..sp.end()].find(['\n', '{', '}']).map_or(sp.end(), |i| from + i);
        if let (Some(Member::Attribute(k)), Some(a)) = (order.last(), attributes.last()) {
            if *k + 1 == attributes.len()
                && !self.src[a.span.end()..sp.start()].contains('\n')
                && crate::schema::is_condition_attribute(&a.name.text)
            {
                let lead = format!("{} =", a.name.text);
                let d = expr_error::describe(self.file, self.src, a.value.span.start(), line_end(sp.start()), &lead)?;
                return Some((d, true));
            }
        }
        // `name = <something pest could not read>`
        let text = &self.src[sp.start()..sp.end()];
        let name_len = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(0);
        if name_len == 0 {
            return None;
        }
        let rest = &text[name_len..];
        let after = rest.trim_start_matches([' ', '\t']);
        if !after.starts_with('=')
            || after.starts_with("==")
            || !crate::schema::is_condition_attribute(&text[..name_len])
        {
            return None;
        }
        let value_start = sp.start() + name_len + (rest.len() - after.len()) + 1;
        let lead = format!("{} =", &text[..name_len]);
        let d = expr_error::describe(self.file, self.src, value_start, line_end(value_start), &lead)?;
        Some((d, false))
    }

    fn collect_comments(&mut self, pair: Pair<Rule>) {
        for p in pair.into_inner().flatten() {
            if p.as_rule() == Rule::COMMENT {
                self.comment(p);
            }
        }
    }

    fn attribute(&mut self, pair: Pair<Rule>) -> Attribute {
        let span = self.span_of(&pair);
        let mut name = None;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident if name.is_none() => name = Some(self.ident(p)),
                Rule::COMMENT => self.comment(p),
                _ => value = Some(self.value(p)),
            }
        }
        let name = name.unwrap_or(Ident { text: String::new(), span });
        let value = value.unwrap_or(Value { kind: ValueKind::List(vec![]), span });
        // pest's span of a rule ending in a repetition takes the whitespace
        // (and comments) after it: the attribute ends where its value does
        let span = Span::new(span.start(), value.span.end().max(name.span.end()));
        Attribute { name, value, span }
    }

    /// An expression: a lone value stays that value; anything else is read
    /// by precedence climbing over the flat run of operands and operators.
    fn expr(&mut self, pair: Pair<Rule>) -> Value {
        let span = self.span_of(&pair);
        let mut items: Vec<Item> = Vec::new();
        for p in pair.into_inner() {
            let sp = self.span_of(&p);
            let op = match p.as_rule() {
                Rule::COMMENT => {
                    self.comment(p);
                    continue;
                }
                Rule::op_not => {
                    items.push(Item::Not(sp));
                    continue;
                }
                Rule::op_or => Op::Or,
                Rule::op_and => Op::And,
                Rule::op_not_in => Op::NotIn,
                Rule::op_in => Op::In,
                Rule::op_matches => Op::Matches,
                Rule::op_contains => Op::Contains,
                Rule::op_starts => Op::StartsWith,
                Rule::op_ends => Op::EndsWith,
                Rule::op_eq => Op::Eq,
                Rule::op_ne => Op::Ne,
                Rule::op_le => Op::Le,
                Rule::op_ge => Op::Ge,
                Rule::op_lt => Op::Lt,
                Rule::op_gt => Op::Gt,
                Rule::op_add => Op::Add,
                Rule::op_sub => Op::Sub,
                Rule::op_mul => Op::Mul,
                Rule::op_div => Op::Div,
                _ => {
                    let v = self.value(p);
                    items.push(Item::Operand(v));
                    continue;
                }
            };
            items.push(Item::Infix(op, sp));
        }
        if items.len() == 1 {
            if let Some(Item::Operand(v)) = items.pop() {
                return v;
            }
        }
        let mut it = items.into_iter().peekable();
        climb(&mut it, 0).unwrap_or(Value { kind: ValueKind::List(vec![]), span })
    }

    fn value(&mut self, pair: Pair<Rule>) -> Value {
        let span = self.span_of(&pair);
        let text = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::String(inner_text(pair)),
            Rule::text => ValueKind::Text(inner_text(pair)),
            Rule::integer => ValueKind::Integer(text.to_string()),
            Rule::decimal => ValueKind::Decimal(text.to_string()),
            Rule::date => ValueKind::Date(text.to_string()),
            Rule::ident => ValueKind::Ident(text.to_string()),
            Rule::quantity => {
                let mut number = String::new();
                let mut unit = String::new();
                let mut unit_span = span;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::number => number = p.as_str().to_string(),
                        Rule::unit => {
                            unit_span = self.span_of(&p);
                            unit = p.as_str().to_string();
                        }
                        _ => {}
                    }
                }
                ValueKind::Quantity { number, unit, unit_span }
            }
            Rule::money => {
                let mut amount = String::new();
                let mut currency = String::new();
                let mut currency_span = span;
                let mut per = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::number => amount = p.as_str().to_string(),
                        Rule::currency => {
                            currency_span = self.span_of(&p);
                            currency = p.as_str().to_string();
                        }
                        Rule::per => per = Some((p.as_str().to_string(), self.span_of(&p))),
                        _ => {}
                    }
                }
                ValueKind::Money { amount, currency, currency_span, per }
            }
            Rule::range => {
                let mut ints = pair.into_inner().filter(|p| p.as_rule() == Rule::integer);
                let low = ints.next().map(|p| p.as_str().to_string()).unwrap_or_default();
                let high = ints.next().map(|p| p.as_str().to_string());
                ValueKind::Range { low, high }
            }
            Rule::list => {
                let mut items = Vec::new();
                for p in pair.into_inner() {
                    if p.as_rule() == Rule::COMMENT {
                        self.comment(p);
                    } else {
                        items.push(self.value(p));
                    }
                }
                ValueKind::List(items)
            }
            Rule::expr => return self.expr(pair),
            Rule::paren => {
                let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
                match inner {
                    Some(e) => ValueKind::Paren(Box::new(self.expr(e))),
                    None => ValueKind::List(vec![]),
                }
            }
            Rule::path => {
                let mut parts = Vec::new();
                let mut at = span.start();
                for part in text.split('.') {
                    parts.push(Ident { text: part.to_string(), span: Span::new(at, at + part.len()) });
                    at += part.len() + 1;
                }
                ValueKind::Path(parts)
            }
            Rule::call => {
                let mut name = Ident { text: String::new(), span };
                let mut args = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident => name = self.ident(p),
                        Rule::arg => {
                            let asp = self.span_of(&p);
                            let mut exprs: Vec<(Rule, Value)> = Vec::new();
                            let mut last = Rule::arg;
                            for q in p.into_inner() {
                                match q.as_rule() {
                                    Rule::COMMENT => self.comment(q),
                                    Rule::kw_where | Rule::kw_within => last = q.as_rule(),
                                    _ => {
                                        let v = self.expr(q);
                                        exprs.push((last, v));
                                    }
                                }
                            }
                            let end = exprs.last().map_or(asp.end(), |(_, v)| v.span.end());
                            let asp = Span::new(asp.start(), end);
                            let empty = Value { kind: ValueKind::List(vec![]), span: asp };
                            let mut arg = Arg { expr: empty, where_: None, within: None, span: asp };
                            for (kw, v) in exprs {
                                match kw {
                                    Rule::kw_where => arg.where_ = Some(v),
                                    Rule::kw_within => arg.within = Some(v),
                                    _ => arg.expr = v,
                                }
                            }
                            args.push(arg);
                        }
                        Rule::COMMENT => self.comment(p),
                        _ => {}
                    }
                }
                ValueKind::Call { name, args }
            }
            _ => ValueKind::Ident(text.to_string()),
        };
        Value { kind, span }
    }
}

/// One element of an expression's flat run.
enum Item {
    Operand(Value),
    Not(Span),
    Infix(Op, Span),
}

/// Precedence climbing: the expression whose operators bind at least `min`.
fn climb(it: &mut std::iter::Peekable<std::vec::IntoIter<Item>>, min: u8) -> Option<Value> {
    let mut lhs = match it.next()? {
        Item::Operand(v) => v,
        Item::Not(sp) => {
            let operand = climb(it, NOT_PRECEDENCE + 1)?;
            let span = Span::new(sp.start(), operand.span.end());
            Value { kind: ValueKind::Not(sp, Box::new(operand)), span }
        }
        Item::Infix(..) => return None,
    };
    while let Some(Item::Infix(op, _)) = it.peek() {
        let op = *op;
        if op.precedence() < min {
            break;
        }
        let Some(Item::Infix(_, op_span)) = it.next() else { break };
        let rhs = climb(it, op.precedence() + 1)?;
        let span = Span::new(lhs.span.start(), rhs.span.end());
        lhs = Value { kind: ValueKind::Binary { op, op_span, lhs: Box::new(lhs), rhs: Box::new(rhs) }, span };
    }
    Some(lhs)
}

fn inner_text(pair: Pair<Rule>) -> String {
    pair.into_inner().next().map(|p| p.as_str().to_string()).unwrap_or_default()
}

/// The byte offset at which `{`/`[` nesting first exceeds `max`, skipping
/// strings, text blocks and comments. Runs before pest so that hostile input
/// cannot overflow the parser's stack.
pub fn too_deep(src: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut hit = None;
    scan_brackets(src, |i, c| {
        if c == b'{' || c == b'[' {
            depth += 1;
            if depth > max {
                hit = Some(i);
                return false;
            }
        } else {
            depth = depth.saturating_sub(1);
        }
        true
    });
    hit
}

/// Walk `src`, skipping comments, strings and text blocks, and call
/// `on_bracket(offset, byte)` for every `{`, `}`, `[` and `]` outside them,
/// until it returns false. Returns the byte ranges of the text blocks.
/// The one lexical scan behind [`too_deep`] and [`chunks`], which run
/// before pest and must not trust it.
fn scan_brackets(src: &str, mut on_bracket: impl FnMut(usize, u8) -> bool) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut texts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                let start = i;
                i += 3;
                while i < b.len() && !b[i..].starts_with(b"\"\"\"") {
                    i += 1;
                }
                i = (i + 3).min(b.len());
                texts.push((start, i));
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            c @ (b'{' | b'}' | b'[' | b']') if !on_bracket(i, c) => break,
            _ => {}
        }
        i += 1;
    }
    texts
}

/// Count the blocks of a file, nested ones included.
pub fn count_blocks(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| 1 + count_blocks(&b.blocks)).sum()
}

/// Enforce the cap on declarations per file: past `max` blocks (nested ones
/// included) the rest of the file is dropped with one E001, so that hostile
/// input cannot make the later stages do unbounded work.
pub fn cap_declarations(file: FileId, ast: &mut SourceFile, max: usize) -> Option<Diagnostic> {
    let total = count_blocks(&ast.blocks);
    if total <= max {
        return None;
    }
    let mut kept = 0;
    let mut cut = ast.blocks.len();
    for (i, b) in ast.blocks.iter().enumerate() {
        let n = 1 + count_blocks(&b.blocks);
        if kept + n > max {
            cut = i;
            break;
        }
        kept += n;
    }
    let at = ast.blocks.get(cut).map(|b| b.header_span()).unwrap_or_default();
    ast.blocks.truncate(cut);
    Some(
        Diagnostic::error("E001", format!("the file declares {total} blocks, over the limit of {max}"), file, at)
            .with_label(file, at, "blocks from here on are not checked")
            .with_help("split the file, or raise the limit with --max-declarations"),
    )
}

/// The regions of `src` parsed one at a time. A `{` that is never closed
/// would make the parser retry the rest of the file from every later
/// declaration (quadratic on hostile input); so the file is cut before each
/// line that starts in column 0 with an identifier and follows such a `{`.
/// Balanced files are one region.
pub fn chunks(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    let texts = scan_brackets(src, |i, c| {
        match c {
            b'{' => stack.push(i),
            b'}' => {
                stack.pop();
            }
            _ => {}
        }
        true
    });
    if stack.is_empty() {
        return vec![(0, src.len())];
    }
    let in_text = |pos: usize| texts.iter().any(|(s, e)| *s < pos && pos < *e);
    let mut cuts: Vec<usize> = Vec::new();
    for open in stack {
        let mut pos = open;
        while let Some(nl) = src[pos..].find('\n') {
            let line = pos + nl + 1;
            if line < b.len() && (b[line].is_ascii_alphabetic() || b[line] == b'_') && !in_text(line) {
                cuts.push(line);
                break;
            }
            pos = line;
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for c in cuts {
        if c > start {
            out.push((start, c));
            start = c;
        }
    }
    out.push((start, src.len()));
    out
}
