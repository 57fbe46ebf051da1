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

/// A value a marketer commonly writes that mops reads otherwise: what it
/// is, what to write instead, and the part of `text` (byte offsets) to
/// point at.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMistake {
    pub message: String,
    pub help: String,
    pub start: usize,
    pub end: usize,
}

/// The words of a duration a marketer writes in full, and mops's unit.
const DURATION_WORDS: &[(&str, &str)] = &[
    ("hour", "h"),
    ("hours", "h"),
    ("hr", "h"),
    ("hrs", "h"),
    ("day", "d"),
    ("days", "d"),
    ("week", "w"),
    ("weeks", "w"),
    ("wk", "w"),
    ("wks", "w"),
];

/// Recognise a common mistake in the value text of `name = …` (the text
/// after `=` to the end of its line): an unquoted glob (`partner-*`), a
/// thousands separator (`18,000 USD/yr`), a unit written apart (`5 days`),
/// an abbreviated amount (`20k USD`), a currency sign (`$20000`). `None`
/// when it is none of these.
pub fn value_mistake(name: &str, text: &str) -> Option<ValueMistake> {
    let t = text.trim_end();
    // an unquoted glob anywhere outside strings
    if let Some((s, e)) = unquoted_glob(t) {
        let glob = &t[s..e];
        let fixed = quote_globs(t);
        return Some(ValueMistake {
            message: format!("quote a glob: \"{glob}\""),
            help: format!("a glob is a string: write `{name} = {fixed}`"),
            start: s,
            end: e,
        });
    }
    let b = t.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(|c| *c == b'+' || *c == b'-') {
        i = 1;
    }
    // a currency sign before the number
    let sign = ["$", "€", "£"].into_iter().find(|s| t[i..].starts_with(s));
    if let Some(sym) = sign {
        i += sym.len();
    }
    let digits_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    // thousands separators: groups of exactly three digits after commas
    let mut number = t[digits_start..i].replace('_', "");
    let mut separated = false;
    while i + 3 < b.len()
        && b[i] == b','
        && b.get(i + 1..i + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        number.push_str(&t[i + 1..i + 4]);
        i += 4;
        separated = true;
    }
    if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        let s = i;
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        number.push_str(&t[s..i]);
    }
    // an abbreviated amount: 20k, 1.5m
    let mut multiplier = None;
    if i < b.len() && matches!(b[i], b'k' | b'K' | b'm' | b'M') && !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        multiplier = Some(if b[i].eq_ignore_ascii_case(&b'k') { 1_000 } else { 1_000_000 });
        i += 1;
    }
    let rest = t[i..].trim_start();
    let word_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '-')).unwrap_or(rest.len());
    let word = &rest[..word_end];
    let whole = |number: &str, unit: &str, sep: &str| format!("{number}{sep}{unit}");
    let amount = |n: &str, m: Option<u64>| -> String {
        match m {
            None => n.to_string(),
            Some(m) => {
                // 1.5k is 1500: scale the decimal by hand (no floats)
                let (int, frac) = n.split_once('.').unwrap_or((n, ""));
                let zeros = if m == 1_000 { 3 } else { 6 };
                if frac.len() > zeros {
                    return format!("{n}×{m}");
                }
                let mut s = format!("{int}{frac}{}", "0".repeat(zeros - frac.len()));
                while s.len() > 1 && s.starts_with('0') {
                    s.remove(0);
                }
                s
            }
        }
    };
    let currency = word.len() >= 3 && word[..3].chars().all(|c| c.is_ascii_uppercase());
    let value_end = t.len() - rest.len() + word_end;
    if currency && (separated || multiplier.is_some() || sign.is_some()) {
        let n = amount(&number, multiplier);
        let what = if separated {
            "numbers are written without thousands separators"
        } else if multiplier.is_some() {
            "amounts are written in full"
        } else {
            "money is an amount and a currency code"
        };
        return Some(ValueMistake {
            message: format!("`{}`: {what}", &t[..value_end]),
            help: format!("write `{name} = {}`", whole(&n, word, " ")),
            start: 0,
            end: value_end,
        });
    }
    if let Some(sym) = sign.filter(|_| word.is_empty()) {
        let code = match sym {
            "$" => "USD",
            "€" => "EUR",
            _ => "GBP",
        };
        let n = amount(&number, multiplier);
        return Some(ValueMistake {
            message: format!("`{}`: money is an amount and a currency code", &t[..value_end]),
            help: format!("write `{name} = {n} {code}`"),
            start: 0,
            end: value_end,
        });
    }
    if let Some((_, unit)) = DURATION_WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)) {
        if !separated && multiplier.is_none() && sign.is_none() && !number.contains('.') {
            return Some(ValueMistake {
                message: format!("`{}`: a duration is one word", &t[..value_end]),
                help: format!("write `{name} = {}` (units: h, d, w)", whole(&number, unit, "")),
                start: 0,
                end: value_end,
            });
        }
    }
    if separated {
        return Some(ValueMistake {
            message: format!("`{}`: numbers are written without thousands separators", &t[..value_end]),
            help: format!("write `{name} = {}`", t[..value_end].replace(',', "")),
            start: 0,
            end: value_end,
        });
    }
    None
}

/// The first token outside strings and comments that holds a `*` (a glob
/// written without quotes).
fn unquoted_glob(t: &str) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let is_tok = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'*' | b'.' | b'?');
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'#' => return None,
            c if is_tok(c) => {
                let s = i;
                while i < b.len() && is_tok(b[i]) {
                    i += 1;
                }
                if t[s..i].contains('*') {
                    return Some((s, i));
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// `text` with every unquoted glob quoted.
fn quote_globs(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some((s, e)) = unquoted_glob(rest) {
        out.push_str(&rest[..s]);
        out.push('"');
        out.push_str(&rest[s..e]);
        out.push('"');
        rest = &rest[e..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod value_mistake_tests {
    use super::value_mistake;

    fn says(name: &str, text: &str) -> Option<(String, String)> {
        value_mistake(name, text).map(|m| (m.message, m.help))
    }

    #[test]
    fn common_mistakes_say_what_to_write() {
        let glob = value_mistake("sources", "[google, partner-*]").expect("glob");
        assert_eq!(glob.message, "quote a glob: \"partner-*\"");
        assert_eq!(glob.help, "a glob is a string: write `sources = [google, \"partner-*\"]`");
        assert_eq!(&"[google, partner-*]"[glob.start..glob.end], "partner-*");
        assert_eq!(
            says("cost", "18,000 USD/yr"),
            Some((
                "`18,000 USD/yr`: numbers are written without thousands separators".into(),
                "write `cost = 18000 USD/yr`".into()
            ))
        );
        assert_eq!(
            says("duration", "5 days"),
            Some(("`5 days`: a duration is one word".into(), "write `duration = 5d` (units: h, d, w)".into()))
        );
        assert_eq!(
            says("budget", "20k USD"),
            Some(("`20k USD`: amounts are written in full".into(), "write `budget = 20000 USD`".into()))
        );
        assert_eq!(says("budget", "1.5k EUR").map(|s| s.1), Some("write `budget = 1500 EUR`".into()));
        assert_eq!(says("budget", "$20,000").map(|s| s.1), Some("write `budget = 20000 USD`".into()));
        assert_eq!(says("goal", "1,000,000").map(|s| s.1), Some("write `goal = 1000000`".into()));
    }

    #[test]
    fn other_values_are_not_taken_for_mistakes() {
        for t in ["[google, \"partner-*\"]", "40000 USD", "4d", "[a, b]", "\"5 days\"", "12, 13", "2 wombats"] {
            assert_eq!(value_mistake("x", t), None, "{t}");
        }
    }
}
