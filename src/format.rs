//! The formatter (LANGUAGE.md §8; the rules and the decisions where the
//! spec is silent are in docs/formatter.md) and the `mopsc fmt` command.
//!
//! Like Prisma's `reformat.rs`, it prints from the syntax tree, never from
//! tokens re-flowed by regex: blocks, attributes and values come from
//! [`crate::syntax`], values are re-printed from their source text, and the
//! comments (kept with their spans in [`SourceFile::comments`]) are woven back
//! in by position. A file with a syntax error is never formatted.
//!
//! How comments are placed: every comment belongs to the innermost
//! "container" (the file, a block body between `{` and `}`, or a list between
//! `[` and `]`) that holds it outside any member. Within a container a comment
//! that shares its line with the end of the previous member (or with the
//! opening brace/bracket) trails that member; any other comment is an
//! own-line comment attached to the member below it, or, with no member
//! below, kept before the closing `}`/`]`. The few comments that sit inside a
//! member's own syntax (between a block's kind and its `{`, between an
//! attribute's name and its value, inside an import) are moved onto their own
//! line just above that member.

use std::path::Path;

use crate::diagnostic::{FileId, LineIndex, Span};
use crate::syntax::{self, Attribute, Block, Comment, Import, Member, SourceFile, Value, ValueKind};

/// Lines are kept within this many columns where the layout can choose.
pub const MAX_WIDTH: usize = 100;

/// A `step` with at most this many attributes (and nothing else) is written
/// on one line when it fits.
pub const STEP_INLINE_MAX_ATTRIBUTES: usize = 3;

const INDENT: &str = "  ";
/// Between a member and its trailing comment.
const TRAILING_GAP: &str = "  ";
/// Between the attributes of a block written on one line.
const INLINE_GAP: &str = "  ";

/// Why a source was not formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The source has a syntax error (E001); it is left as it is.
    #[error("{message} (line {line}, column {column})")]
    Syntax {
        message: String,
        /// 1-based line of the first syntax error.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
}

/// The canonical form of one `.mops` source (LANGUAGE.md §8).
///
/// Idempotent (`format_source(out) == Ok(out)`), and the output parses to
/// the same tree as the input, all comments included. A source with a syntax
/// error gives [`FormatError::Syntax`] naming the first error.
pub fn format_source(src: &str) -> Result<String, FormatError> {
    let (ast, diags) = syntax::parse(FileId(1), src, syntax::DEFAULT_MAX_DEPTH);
    let first = diags
        .iter()
        .filter(|d| d.code == "E001")
        .map(|d| (d.span, d.message.clone()))
        .chain(ast.errors.iter().map(|s| (*s, "syntax error".to_string())))
        .min_by_key(|(s, _)| s.start());
    if let Some((span, message)) = first {
        let (line, column) = LineIndex::new(src).line_col(src, span.start());
        return Err(FormatError::Syntax { message, line, column });
    }
    Ok(Formatter::new(src, &ast).file(&ast))
}

// ------------------------------------------------------------------ layout

fn indent(depth: usize) -> String {
    INDENT.repeat(depth)
}

/// Display width of one line of output, in characters.
fn width(s: &str) -> usize {
    s.chars().count()
}

/// A member of a container: what a comment can attach to.
#[derive(Debug, Clone, Copy)]
enum Elem<'a> {
    Import(&'a Import),
    Block(&'a Block),
    Attr(&'a Attribute),
    Value(&'a Value),
}

impl Elem<'_> {
    fn span(&self) -> Span {
        match self {
            Elem::Import(i) => i.span,
            Elem::Block(b) => b.span,
            Elem::Attr(a) => a.span,
            Elem::Value(v) => v.span,
        }
    }
}

/// One line-level item of a container, in source order.
#[derive(Debug)]
enum Entry<'a> {
    /// An own-line comment.
    Comment { text: &'a str, blank_before: bool },
    /// A member, with the comment that ends its last line, if any.
    Item { elem: Elem<'a>, blank_before: bool, trailing: Option<&'a str> },
}

impl Entry<'_> {
    fn blank_before(&self) -> bool {
        match self {
            Entry::Comment { blank_before, .. } | Entry::Item { blank_before, .. } => *blank_before,
        }
    }
}

/// The contents of a container: the comment on the line of its opening
/// brace or bracket, then its entries.
#[derive(Debug)]
struct Body<'a> {
    opener_trailing: Option<&'a str>,
    entries: Vec<Entry<'a>>,
}

struct Formatter<'s> {
    src: &'s str,
    /// Sorted by position.
    comments: Vec<&'s Comment>,
}

impl<'s> Formatter<'s> {
    fn new(src: &'s str, ast: &'s SourceFile) -> Formatter<'s> {
        let mut comments: Vec<&Comment> = ast.comments.iter().collect();
        comments.sort_by_key(|c| c.span.start());
        comments.dedup_by_key(|c| c.span.start());
        Formatter { src, comments }
    }

    /// The comments that start in `lo..hi`.
    fn comments_in(&self, lo: usize, hi: usize) -> &[&'s Comment] {
        let a = self.comments.partition_point(|c| c.span.start() < lo);
        let b = self.comments.partition_point(|c| c.span.start() < hi);
        &self.comments[a..b.max(a)]
    }

    /// Byte offset of a block's opening `{`: the first `{` after its header
    /// that is not inside a comment.
    fn brace(&self, b: &Block) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = b.header_span().end();
        while i < b.span.end() {
            match bytes[i] {
                b'{' => return i,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        b.span.start()
    }

    /// Comments inside a member's own syntax, which are moved above it.
    fn displaced(&self, e: Elem<'_>) -> &[&'s Comment] {
        match e {
            Elem::Import(i) => self.comments_in(i.span.start(), i.path_span.start()),
            Elem::Block(b) => self.comments_in(b.span.start(), self.brace(b)),
            Elem::Attr(a) => self.comments_in(a.span.start(), a.value.span.start()),
            Elem::Value(_) => &[],
        }
    }

    /// Sort the members and the free comments of one container into entries.
    /// `lo..hi` is the container's inside; `at_file_start` is true for the
    /// file, where nothing precedes the first comment.
    fn body(&self, lo: usize, hi: usize, elems: &[Elem<'s>], at_file_start: bool) -> Body<'s> {
        enum Thing<'a> {
            Comment(&'a Comment),
            Elem(Elem<'a>),
        }
        let mut things: Vec<(usize, Thing<'s>)> = Vec::new();
        for c in self.comments_in(lo, hi) {
            // members are in source order: only the last one starting before
            // the comment can hold it
            let before = elems.partition_point(|e| e.span().start() <= c.span.start());
            let inside = before > 0 && c.span.start() < elems[before - 1].span().end();
            if !inside {
                things.push((c.span.start(), Thing::Comment(c)));
            }
        }
        for e in elems {
            things.push((e.span().start(), Thing::Elem(*e)));
        }
        things.sort_by_key(|(start, _)| *start);

        #[derive(PartialEq)]
        enum Prev {
            Nothing,
            Opener,
            Item,
            Comment,
        }
        let mut body = Body { opener_trailing: None, entries: Vec::new() };
        let mut prev = if at_file_start { Prev::Nothing } else { Prev::Opener };
        let mut prev_end = lo;
        for (start, thing) in things {
            let gap = self.src.get(prev_end..start).unwrap_or("");
            let newlines = gap.bytes().filter(|b| *b == b'\n').count();
            let blank_before = newlines >= 2;
            match thing {
                Thing::Comment(c) => {
                    let text = c.text.as_str();
                    if newlines == 0 && prev == Prev::Opener {
                        body.opener_trailing = Some(text);
                    } else if newlines == 0 && prev == Prev::Item {
                        if let Some(Entry::Item { trailing, .. }) = body.entries.last_mut() {
                            *trailing = Some(text);
                        }
                    } else {
                        body.entries.push(Entry::Comment { text, blank_before });
                    }
                    prev = Prev::Comment;
                    prev_end = c.span.end();
                }
                Thing::Elem(e) => {
                    body.entries.push(Entry::Item { elem: e, blank_before, trailing: None });
                    prev = Prev::Item;
                    prev_end = e.span().end();
                }
            }
        }
        body
    }

    // ------------------------------------------------------------- the file

    fn file(&self, ast: &'s SourceFile) -> String {
        let mut elems: Vec<Elem<'s>> = ast.imports.iter().map(Elem::Import).collect();
        elems.extend(ast.blocks.iter().map(Elem::Block));
        elems.sort_by_key(|e| e.span().start());
        let body = self.body(0, self.src.len(), &elems, true);

        // Units: a member with the own-line comments above it.
        struct Unit<'a> {
            leading: Vec<(&'a str, bool)>,
            elem: Elem<'a>,
            blank_before: bool,
            trailing: Option<&'a str>,
        }
        let mut imports = Vec::new();
        let mut blocks = Vec::new();
        let mut pending: Vec<(&str, bool)> = Vec::new();
        for entry in body.entries {
            match entry {
                Entry::Comment { text, blank_before } => pending.push((text, blank_before)),
                Entry::Item { elem, blank_before, trailing } => {
                    let unit = Unit { leading: std::mem::take(&mut pending), elem, blank_before, trailing };
                    match elem {
                        Elem::Import(_) => imports.push(unit),
                        _ => blocks.push(unit),
                    }
                }
            }
        }

        #[derive(Clone, Copy)]
        enum Sep {
            /// The first thing in the file: no blank line before it.
            First,
            /// A blank line where the author had one.
            Keep,
            /// Exactly one blank line.
            One,
        }
        let mut out: Vec<String> = Vec::new();
        let emit_unit = |out: &mut Vec<String>, unit: &Unit<'s>, sep: Sep| {
            // the unit's lines: leading comments, displaced comments, the member
            let displaced = self.displaced(unit.elem);
            let mut flags: Vec<bool> = unit.leading.iter().map(|(_, b)| *b).collect();
            flags.extend(displaced.iter().enumerate().map(|(i, _)| i == 0 && unit.blank_before));
            flags.push(unit.blank_before && displaced.is_empty());
            let blank = |i: usize, flag: bool| match (i, sep) {
                (0, Sep::First) => false,
                (0, Sep::One) => true,
                _ => flag,
            };
            let mut i = 0;
            for (text, _) in &unit.leading {
                if blank(i, flags[i]) {
                    out.push(String::new());
                }
                out.push((*text).to_string());
                i += 1;
            }
            for c in displaced {
                if blank(i, flags[i]) {
                    out.push(String::new());
                }
                out.push(c.text.clone());
                i += 1;
            }
            if blank(i, flags[i]) {
                out.push(String::new());
            }
            match unit.elem {
                Elem::Import(imp) => out.push(format!("import {}", self.text(imp.path_span))),
                Elem::Block(b) => self.block(b, 0, out),
                _ => {}
            }
            if let Some(t) = unit.trailing {
                push_trailing(out, t);
            }
        };
        for (i, u) in imports.iter().enumerate() {
            emit_unit(&mut out, u, if i == 0 { Sep::First } else { Sep::Keep });
        }
        for (i, u) in blocks.iter().enumerate() {
            let sep = if i == 0 && imports.is_empty() { Sep::First } else { Sep::One };
            emit_unit(&mut out, u, sep);
        }
        for (i, (text, flag)) in pending.iter().enumerate() {
            let nothing_before = i == 0 && imports.is_empty() && blocks.is_empty();
            if *flag && !nothing_before {
                out.push(String::new());
            }
            out.push((*text).to_string());
        }
        if out.is_empty() {
            return String::new();
        }
        let mut s = out.join("\n");
        s.push('\n');
        s
    }

    fn text(&self, span: Span) -> &'s str {
        self.src.get(span.start()..span.end()).unwrap_or("")
    }

    // ------------------------------------------------------------- blocks

    fn header(&self, b: &Block) -> String {
        let mut h = b.kind.text.clone();
        if let Some(n) = &b.name {
            h.push(' ');
            h.push_str(&n.text);
        }
        if let Some(t) = &b.ty {
            h.push_str(": ");
            h.push_str(&t.text);
        }
        h
    }

    fn members(&self, b: &'s Block) -> Vec<Elem<'s>> {
        b.order
            .iter()
            .filter_map(|m| match m {
                Member::Attribute(i) => b.attributes.get(*i).map(Elem::Attr),
                Member::Block(i) => b.blocks.get(*i).map(Elem::Block),
                Member::Error(_) => None,
            })
            .collect()
    }

    /// Push the lines of a block whose header is indented `depth` levels.
    fn block(&self, b: &'s Block, depth: usize, out: &mut Vec<String>) {
        if depth > 0 {
            if let Some(line) = self.inline_block(b, depth) {
                out.push(line);
                return;
            }
        }
        let ind = indent(depth);
        let header = self.header(b);
        let brace = self.brace(b);
        let body = self.body(brace + 1, b.span.end().saturating_sub(1), &self.members(b), false);
        if body.entries.is_empty() && body.opener_trailing.is_none() {
            out.push(format!("{ind}{header} {{}}"));
            return;
        }
        let mut first = format!("{ind}{header} {{");
        if let Some(t) = body.opener_trailing {
            first.push_str(TRAILING_GAP);
            first.push_str(t);
        }
        out.push(first);
        self.block_entries(&body.entries, depth + 1, out);
        out.push(format!("{ind}}}"));
    }

    /// The one-line form of a nested block, when it gets one: a `step` with
    /// few attributes, or a block of attributes that the author wrote on one
    /// line; never with a comment or a nested block inside.
    fn inline_block(&self, b: &'s Block, depth: usize) -> Option<String> {
        if !b.blocks.is_empty() || b.order.iter().any(|m| matches!(m, Member::Error(_))) {
            return None;
        }
        let brace = self.brace(b);
        if !self.comments_in(brace, b.span.end()).is_empty() {
            return None;
        }
        if b.kind.text == "step" {
            if b.attributes.len() > STEP_INLINE_MAX_ATTRIBUTES {
                return None;
            }
        } else if self.text(Span::new(brace, b.span.end())).contains('\n') {
            return None;
        }
        let attrs: Vec<&Attribute> = self
            .members(b)
            .into_iter()
            .filter_map(|e| match e {
                Elem::Attr(a) => Some(a),
                _ => None,
            })
            .collect();
        // `budget = 40000` then `USD = 1` on one line would read as money.
        if attrs.windows(2).any(|w| glues_to_money(&w[0].value, &w[1].name.text)) {
            return None;
        }
        let mut parts = Vec::with_capacity(attrs.len());
        for a in &attrs {
            parts.push(format!("{} = {}", a.name.text, self.flat(&a.value)?));
        }
        let ind = indent(depth);
        let header = self.header(b);
        let line = if parts.is_empty() {
            format!("{ind}{header} {{}}")
        } else {
            format!("{ind}{header} {{ {} }}", parts.join(INLINE_GAP))
        };
        (width(&line) <= MAX_WIDTH).then_some(line)
    }

    /// The entries of an expanded block body, members indented `depth` levels.
    fn block_entries(&self, entries: &[Entry<'s>], depth: usize, out: &mut Vec<String>) {
        let ind = indent(depth);
        // The one-line rendering of each attribute's value, where it has one.
        let flat_values: Vec<Option<String>> = entries
            .iter()
            .map(|e| match e {
                Entry::Item { elem: Elem::Attr(a), .. } => self.flat(&a.value),
                _ => None,
            })
            .collect();
        let mut single: Vec<bool> = flat_values.iter().map(Option::is_some).collect();
        let starts_run = |i: usize| {
            entries[i].blank_before()
                || matches!(&entries[i], Entry::Item { elem, .. } if !self.displaced(*elem).is_empty())
        };
        // Runs of single-line attributes share the column of `=`; a list that
        // no longer fits once padded is wrapped, which ends the run, so repeat
        // until nothing changes.
        let mut pad = vec![0usize; entries.len()];
        loop {
            let runs = runs(&single, starts_run);
            let mut changed = false;
            for run in &runs {
                let w = run.iter().map(|&i| name_width(&entries[i])).max().unwrap_or(0);
                for &i in run {
                    pad[i] = w;
                    if let (Entry::Item { elem: Elem::Attr(a), .. }, Some(v)) = (&entries[i], &flat_values[i]) {
                        let wraps = matches!(&a.value.kind, ValueKind::List(items) if !items.is_empty());
                        if wraps && width(&ind) + w + 3 + width(v) > MAX_WIDTH {
                            single[i] = false;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 && entry.blank_before() {
                out.push(String::new());
            }
            match entry {
                Entry::Comment { text, .. } => out.push(format!("{ind}{text}")),
                Entry::Item { elem, trailing, .. } => {
                    for c in self.displaced(*elem) {
                        out.push(format!("{ind}{}", c.text));
                    }
                    match elem {
                        Elem::Attr(a) => match (&flat_values[i], single[i]) {
                            (Some(v), true) => {
                                out.push(format!("{ind}{:<w$} = {v}", a.name.text, w = pad[i]));
                            }
                            _ => self.value(&a.value, depth, format!("{ind}{} = ", a.name.text), "", out),
                        },
                        Elem::Block(b) => self.block(b, depth, out),
                        _ => {}
                    }
                    if let Some(t) = trailing {
                        push_trailing(out, t);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------- values

    /// A value on one line, or `None` when it cannot be: a text block with
    /// line breaks, or a list holding one or a comment.
    fn flat(&self, v: &Value) -> Option<String> {
        match &v.kind {
            ValueKind::Text(_) => {
                let t = self.text(v.span);
                (!t.contains('\n')).then(|| t.to_string())
            }
            ValueKind::List(items) => {
                if !self.comments_in(v.span.start(), v.span.end()).is_empty() {
                    return None;
                }
                let items: Option<Vec<String>> = items.iter().map(|i| self.flat(i)).collect();
                Some(format!("[{}]", items?.join(", ")))
            }
            ValueKind::Money { amount, currency, per, .. } => {
                let mut s = format!("{amount} {currency}");
                if let Some((p, _)) = per {
                    s.push('/');
                    s.push_str(p);
                }
                Some(s)
            }
            ValueKind::Path(parts) => Some(parts.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(".")),
            ValueKind::Not(..) | ValueKind::Binary { .. } | ValueKind::Call { .. } | ValueKind::Paren(_) => {
                // an expression with a comment inside keeps its text
                if !self.comments_in(v.span.start(), v.span.end()).is_empty() {
                    return None;
                }
                self.flat_expr(v)
            }
            _ => Some(self.text(v.span).to_string()),
        }
    }

    /// An expression on one line, one space around each binary operator.
    fn flat_expr(&self, v: &Value) -> Option<String> {
        Some(match &v.kind {
            ValueKind::Not(_, e) => format!("not {}", self.flat(e)?),
            ValueKind::Binary { op, lhs, rhs, .. } => {
                format!("{} {} {}", self.flat(lhs)?, op.as_str(), self.flat(rhs)?)
            }
            ValueKind::Paren(e) => format!("({})", self.flat(e)?),
            ValueKind::Call { name, args } => {
                let mut parts = Vec::new();
                for a in args {
                    let mut s = self.flat(&a.expr)?;
                    if let Some(w) = &a.where_ {
                        s.push_str(" where ");
                        s.push_str(&self.flat(w)?);
                    }
                    if let Some(w) = &a.within {
                        s.push_str(" within ");
                        s.push_str(&self.flat(w)?);
                    }
                    parts.push(s);
                }
                format!("{}({})", name.text, parts.join(", "))
            }
            _ => self.flat(v)?,
        })
    }

    /// Push a value that may take several lines. `prefix` starts its first
    /// line (indentation and `name = `), `suffix` ends its last (`,` in a
    /// list); a list's items are indented one level deeper than `depth`.
    fn value(&self, v: &'s Value, depth: usize, prefix: String, suffix: &str, out: &mut Vec<String>) {
        let ValueKind::List(items) = &v.kind else {
            let text = self.flat(v).unwrap_or_else(|| self.text(v.span).to_string());
            out.push(format!("{prefix}{text}{suffix}"));
            return;
        };
        let elems: Vec<Elem<'s>> = items.iter().map(Elem::Value).collect();
        let body = self.body(v.span.start() + 1, v.span.end().saturating_sub(1), &elems, false);
        let mut first = format!("{prefix}[");
        if let Some(t) = body.opener_trailing {
            first.push_str(TRAILING_GAP);
            first.push_str(t);
        }
        out.push(first);
        let ind = indent(depth + 1);
        for (i, entry) in body.entries.iter().enumerate() {
            if i > 0 && entry.blank_before() {
                out.push(String::new());
            }
            match entry {
                Entry::Comment { text, .. } => out.push(format!("{ind}{text}")),
                Entry::Item { elem, trailing, .. } => {
                    if let Elem::Value(item) = elem {
                        let wraps = matches!(&item.kind, ValueKind::List(l) if !l.is_empty());
                        match self.flat(item) {
                            Some(f) if !wraps || width(&format!("{ind}{f},")) <= MAX_WIDTH => {
                                out.push(format!("{ind}{f},"));
                            }
                            _ => self.value(item, depth + 1, ind.clone(), ",", out),
                        }
                    }
                    if let Some(t) = trailing {
                        push_trailing(out, t);
                    }
                }
            }
        }
        out.push(format!("{}]{suffix}", indent(depth)));
    }
}

/// The entry indices of each run of single-line attributes.
fn runs(single: &[bool], starts_run: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for (i, &one_line) in single.iter().enumerate() {
        if !one_line {
            if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if starts_run(i) && !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
        cur.push(i);
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

fn name_width(e: &Entry<'_>) -> usize {
    match e {
        Entry::Item { elem: Elem::Attr(a), .. } => width(&a.name.text),
        _ => 0,
    }
}

/// Whether `value  NAME` on one line would parse as money: a bare number
/// followed by a name starting with three capitals (`40000  USD = 1`).
fn glues_to_money(value: &Value, next_name: &str) -> bool {
    matches!(value.kind, ValueKind::Integer(_) | ValueKind::Decimal(_))
        && next_name.len() >= 3
        && next_name.bytes().take(3).all(|b| b.is_ascii_uppercase())
}

fn push_trailing(out: &mut [String], comment: &str) {
    if let Some(last) = out.last_mut() {
        last.push_str(TRAILING_GAP);
        last.push_str(comment);
    }
}

// ------------------------------------------------------------- the command

/// Read and format one file: `(old, new, what was read)`, or the message
/// to print after the file's name. Only a regular file of at most
/// `max_file_bytes` is read.
pub(crate) fn format_file(
    path: &Path,
    max_file_bytes: u64,
) -> Result<(String, String, crate::fsutil::ReadStamp), String> {
    let limit = max_file_bytes.min(u64::from(u32::MAX));
    let (bytes, stamp) = crate::fsutil::read_bounded(path, limit).map_err(|e| format!(": cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(": cannot format: not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })?;
    match format_source(&text) {
        Ok(new) => Ok((text, new, stamp)),
        Err(FormatError::Syntax { message, line, column }) => {
            Err(format!(":{line}:{column}: cannot format: {message}"))
        }
    }
}
