//! Suppression comments (RULES.md "SUP"): `# mops: allow(CODE, …) reason`
//! on its own line covers the next block or attribute and everything inside
//! it; at the end of a line it covers the item that starts on that line.
//! The engine (`super::run`) applies them and reports SUP001 and SUP002.

use crate::diagnostic::{FileId, Severity, Span};
use crate::syntax::{Block, SourceFile};

use super::{Ctx, Rule, Sink};

#[derive(Debug, Clone)]
pub struct Suppression {
    pub file: FileId,
    /// The comment.
    pub span: Span,
    /// Each code named, with its span.
    pub codes: Vec<(String, Span)>,
    /// What it suppresses (empty when nothing follows it).
    pub covers: Span,
    /// What to delete to remove it.
    pub removal: Span,
}

fn items(blocks: &[Block], out: &mut Vec<Span>) {
    for b in blocks {
        out.push(b.span);
        for a in &b.attributes {
            out.push(a.span);
        }
        items(&b.blocks, out);
    }
}

/// Parse `mops: allow(A, B) reason` out of a comment's text (which starts with `#`).
fn parse(text: &str, start: usize) -> Option<Vec<(String, Span)>> {
    let body = text.strip_prefix('#')?;
    let trimmed = body.trim_start();
    let rest = trimmed.strip_prefix("mops:")?.trim_start();
    let inner = rest.strip_prefix("allow(")?;
    let close = inner.find(')')?;
    let list = &inner[..close];
    let list_off = start + (text.len() - inner.len());
    let mut codes = Vec::new();
    let mut pos = 0;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let code = part.trim();
        if !code.is_empty() {
            let s = list_off + pos + lead;
            codes.push((code.to_string(), Span::new(s, s + code.len())));
        }
        pos += part.len() + 1;
    }
    Some(codes)
}

/// Every suppression comment of one file.
pub fn collect(file: FileId, text: &str, ast: &SourceFile) -> Vec<Suppression> {
    let mut spans = Vec::new();
    items(&ast.blocks, &mut spans);
    spans.sort_by_key(|s| (s.start(), std::cmp::Reverse(s.end())));
    let mut out = Vec::new();
    for c in &ast.comments {
        let Some(codes) = parse(&c.text, c.span.start()) else { continue };
        let line_start = text[..c.span.start()].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let own_line = text[line_start..c.span.start()].trim().is_empty();
        let (covers, removal) = if own_line {
            let next = spans.iter().find(|s| s.start() >= c.span.end()).copied();
            let line_end = text[c.span.end()..].find('\n').map(|i| c.span.end() + i + 1).unwrap_or(text.len());
            (next.unwrap_or(Span::new(c.span.end(), c.span.end())), Span::new(line_start, line_end))
        } else {
            let on_line = spans.iter().find(|s| s.start() >= line_start && s.start() < c.span.start()).copied();
            let ws = text[..c.span.start()].trim_end_matches([' ', '\t']).len();
            (on_line.unwrap_or(Span::new(c.span.end(), c.span.end())), Span::new(ws, c.span.end()))
        };
        out.push(Suppression { file, span: c.span, codes, covers, removal });
    }
    out
}

fn engine_only(_: &Ctx, _: &mut Sink) {}

pub static SUP001: Rule = Rule {
    code: "SUP001",
    name: "unused-suppression",
    severity: Severity::Info,
    fix: Some(crate::diagnostic::Applicability::Safe),
    summary: "a suppression that suppressed nothing",
    why: "A suppression records a decision (\"we accept this, because …\"). Once the finding is gone, the stale comment only hides the next real finding of that code on the same item: remove it. The safe fix deletes the comment.",
    bad: include_str!("../../tests/rules/SUP001/invalid.mops"),
    good: include_str!("../../tests/rules/SUP001/valid.mops"),
    check: engine_only,
};

pub static SUP002: Rule = Rule {
    code: "SUP002",
    name: "unknown-rule-code",
    severity: Severity::Warning,
    fix: None,
    summary: "a suppression or `mops.toml` names a code that does not exist",
    why: "A misspelt code suppresses or configures nothing while looking as if it did, and E-codes are errors that can never be suppressed: both are reported instead of silently ignored.",
    bad: include_str!("../../tests/rules/SUP002/invalid.mops"),
    good: include_str!("../../tests/rules/SUP002/valid.mops"),
    check: engine_only,
};
