//! Turning an error node of the parse tree into an E001 diagnostic in words.
//!
//! pest reports what failed in terms of grammar rules; users need "expected
//! '=' or '{' after 'owner'". The error node's text is small (a line or an
//! unclosed block), so we re-read it with a tiny tokenizer and name the first
//! token that does not fit the `KIND NAME? (: TYPE)? { … }` / `NAME = value`
//! shapes of LANGUAGE.md §2.

use crate::diagnostic::{Diagnostic, FileId, Span};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident,
    Eq,
    Colon,
    LBrace,
    RBrace,
    Str { closed: bool },
    Other,
}

fn lex(src: &str, start: usize, end: usize) -> Vec<(Tok, Span)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = b[i];
        let s = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < end && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'=' => {
                i += 1;
                out.push((Tok::Eq, Span::new(s, i)));
            }
            b':' => {
                i += 1;
                out.push((Tok::Colon, Span::new(s, i)));
            }
            b'{' => {
                i += 1;
                out.push((Tok::LBrace, Span::new(s, i)));
            }
            b'}' => {
                i += 1;
                out.push((Tok::RBrace, Span::new(s, i)));
            }
            b'"' => {
                i += 1;
                let mut closed = false;
                while i < end && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == b'"' {
                        closed = true;
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                i = i.min(end);
                out.push((Tok::Str { closed }, Span::new(s, i)));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
                    i += 1;
                }
                out.push((Tok::Ident, Span::new(s, i)));
            }
            _ => {
                // one character (whole UTF-8 sequence) of something else
                i += 1;
                while i < end && !src.is_char_boundary(i) {
                    i += 1;
                }
                out.push((Tok::Other, Span::new(s, i)));
            }
        }
    }
    out
}

fn quote(src: &str, sp: Span) -> String {
    let t = &src[sp.start()..sp.end()];
    let t: String = t.chars().take(30).collect();
    format!("'{t}'")
}

/// Find the first `{` in the region that is never closed, if any.
fn unclosed_brace(toks: &[(Tok, Span)]) -> Option<Span> {
    let mut stack = Vec::new();
    for (t, sp) in toks {
        match t {
            Tok::LBrace => stack.push(*sp),
            Tok::RBrace => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.first().copied()
}

/// Describe the error region `span` of `src` as an E001 diagnostic.
pub fn describe(file: FileId, src: &str, span: Span, top_level: bool) -> Diagnostic {
    let toks = lex(src, span.start(), span.end());
    let err = |msg: String, at: Span, label: &str, help: &str| {
        Diagnostic::error("E001", msg, file, at).with_label(file, at, label).with_help(help)
    };
    let Some((first, first_sp)) = toks.first().cloned() else {
        return err("unexpected input".into(), span, "here", "remove this text");
    };
    // An unterminated string anywhere in the region is the likely cause.
    if let Some((_, sp)) = toks.iter().find(|(t, _)| *t == Tok::Str { closed: false }) {
        return err(
            "unterminated string".into(),
            *sp,
            "this string has no closing '\"'",
            "close the string with '\"' on the same line, or use a \"\"\"text block\"\"\" for several lines",
        );
    }
    match first {
        Tok::RBrace if top_level => {
            return err(
                "unexpected '}' with no block to close".into(),
                first_sp,
                "no '{' opened before this",
                "remove this '}'",
            )
        }
        Tok::Ident => {}
        _ => {
            let what = if top_level {
                "an import or a block (`KIND NAME { … }`)"
            } else {
                "an attribute (`name = value`) or a block"
            };
            return err(
                format!("expected {what}, found {}", quote(src, first_sp)),
                first_sp,
                "unexpected here",
                if top_level {
                    "a file holds `import \"path.mops\"` lines and blocks such as `tool hubspot: crm { … }`"
                } else {
                    "write `name = value`, or a nested block `kind name { … }`"
                },
            );
        }
    }
    let word = quote(src, first_sp);
    // NAME = value
    if let Some((Tok::Eq, eq_sp)) = toks.get(1).cloned() {
        if top_level {
            return err(
                format!("attribute {word} is outside of any block"),
                Span::new(first_sp.start(), eq_sp.end()),
                "attributes belong inside a block",
                "move this attribute into the block it describes, between its '{' and '}'",
            );
        }
        return match toks.get(2) {
            None | Some((Tok::RBrace, _)) => err(
                format!("expected a value after '{} ='", &src[first_sp.start()..first_sp.end()]),
                eq_sp,
                "a value is missing after '='",
                "give a value: a string, number, money, duration, date, percent, range, list or name",
            ),
            Some((_, sp)) => err(
                format!("expected a value after '{} =', found {}", &src[first_sp.start()..first_sp.end()], quote(src, *sp)),
                *sp,
                "not a value",
                "values are strings (\"…\"), numbers, money (40000 USD), durations (4d), dates (2026-03-02), percents (40%), ranges (26..50), lists ([a, b]) or names",
            ),
        };
    }
    // KIND NAME? (: TYPE)? { … }
    let mut i = 1;
    if let Some((Tok::Ident, _)) = toks.get(i) {
        i += 1;
    }
    if let Some((Tok::Colon, colon)) = toks.get(i).cloned() {
        match toks.get(i + 1) {
            Some((Tok::Ident, _)) => i += 2,
            other => {
                let at = other.map(|(_, s)| *s).unwrap_or(colon);
                return err(
                    format!("expected a type name after ':' in {word}"),
                    at,
                    "a type name such as `crm` or `paid-ads` goes here",
                    "write `KIND NAME: TYPE { … }`, or drop the ':'",
                );
            }
        }
    }
    match toks.get(i) {
        Some((Tok::LBrace, _)) => {
            if let Some(open) = unclosed_brace(&toks) {
                let head = quote(src, Span::new(first_sp.start(), toks[i - 1].1.end()));
                return err(
                    format!("the block {head} is never closed"),
                    open,
                    "this '{' has no matching '}'",
                    "add a '}' at the end of the block",
                );
            }
            err(
                format!("unexpected input in {word}"),
                first_sp,
                "here",
                "a block is `KIND NAME? (: TYPE)? { … }` with attributes `name = value` inside",
            )
        }
        Some((_, sp)) => {
            let prev = toks[i - 1].1;
            let prev_word = quote(src, prev);
            let expected = if i == 1 { "'=' or '{'" } else { "'{'" };
            err(
                format!("expected {expected} after {prev_word}, found {}", quote(src, *sp)),
                *sp,
                &format!("expected {expected} here"),
                if i == 1 {
                    "write `name = value` for an attribute, or `kind name { … }` for a block"
                } else {
                    "a block header is `KIND NAME? (: TYPE)?` followed by '{'"
                },
            )
        }
        None => {
            let prev = toks[i - 1].1;
            let at = Span::new(prev.end(), prev.end());
            let expected = if i == 1 { "'=' or '{'" } else { "'{'" };
            err(
                format!("expected {expected} after {}", quote(src, prev)),
                at,
                &format!("expected {expected} here"),
                if i == 1 {
                    "write `name = value` for an attribute, or `kind name { … }` for a block"
                } else {
                    "a block header is followed by '{', its attributes and '}'"
                },
            )
        }
    }
}
