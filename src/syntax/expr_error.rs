//! E001 in words for a condition that does not parse (DATA.md §2).
//!
//! When pest cannot read an attribute's value as an expression, the value
//! is cut short (`when = a >=` keeps `a`) or the whole line becomes an error
//! node; either way the generic recovery would say "expected an attribute".
//! This re-reads the value with a small tokenizer and a recursive descent of
//! the expression shape, and names the first thing that does not fit: a
//! value missing after an operator, an unbalanced parenthesis, two values
//! with no operator between them.

use crate::diagnostic::{Diagnostic, FileId, Span};

#[derive(Debug, Clone, Copy, PartialEq)]
enum T {
    /// A literal, a name or a path.
    Atom,
    /// `not`
    Not,
    /// A binary operator (symbol or word).
    Infix,
    Where,
    Within,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    /// A single `=` (a typo for `==`).
    Assign,
    /// Anything else.
    Other,
}

const WORD_OPS: &[&str] = &["or", "and", "in", "matches", "contains", "starts-with", "ends-with"];

fn lex(src: &str, start: usize, end: usize) -> Vec<(T, Span)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = b[i];
        let s = i;
        let tok = match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'#' => break,
            b'"' => {
                i += 1;
                while i < end && b[i] != b'"' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(end);
                T::Atom
            }
            b'(' => {
                i += 1;
                T::LParen
            }
            b')' => {
                i += 1;
                T::RParen
            }
            b'[' => {
                i += 1;
                T::LBracket
            }
            b']' => {
                i += 1;
                T::RBracket
            }
            b',' => {
                i += 1;
                T::Comma
            }
            b'=' | b'!' | b'<' | b'>' => {
                i += 1;
                if i < end && b[i] == b'=' {
                    i += 1;
                    T::Infix
                } else if c == b'<' || c == b'>' {
                    T::Infix
                } else if c == b'=' {
                    T::Assign
                } else {
                    T::Other
                }
            }
            b'+' | b'-' | b'*' | b'/' if !(c == b'-' && i + 1 < end && b[i + 1].is_ascii_digit()) => {
                i += 1;
                T::Infix
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'+' => {
                i += 1;
                while i < end && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'-' | b'.' | b'%')) {
                    i += 1;
                }
                // money: a number, spaces, a currency code
                if c.is_ascii_digit() || c == b'-' || c == b'+' {
                    let mut j = i;
                    while j < end && b[j] == b' ' {
                        j += 1;
                    }
                    if j > i && j + 3 <= end && b[j..j + 3].iter().all(u8::is_ascii_uppercase) {
                        i = j + 3;
                        while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'/') {
                            i += 1;
                        }
                    }
                }
                match &src[s..i] {
                    "not" => {
                        // `not in` is one operator
                        let mut j = i;
                        while j < end && b[j] == b' ' {
                            j += 1;
                        }
                        if src[j..end].starts_with("in") && !src[j + 2..end].starts_with(|c: char| c.is_alphanumeric())
                        {
                            i = j + 2;
                            T::Infix
                        } else {
                            T::Not
                        }
                    }
                    "where" => T::Where,
                    "within" => T::Within,
                    w if WORD_OPS.contains(&w) => T::Infix,
                    _ => T::Atom,
                }
            }
            _ => {
                i += 1;
                while i < end && !src.is_char_boundary(i) {
                    i += 1;
                }
                T::Other
            }
        };
        out.push((tok, Span::new(s, i)));
    }
    out
}

/// What went wrong, in words.
struct Found {
    msg: String,
    at: Span,
    label: &'static str,
    help: &'static str,
}

struct P<'a> {
    src: &'a str,
    toks: Vec<(T, Span)>,
    i: usize,
    /// Where the value ends (for an error at the end).
    end: usize,
    /// The text before the value (`when =`), for "after `when =`".
    lead: String,
}

impl P<'_> {
    fn peek(&self) -> Option<(T, Span)> {
        self.toks.get(self.i).copied()
    }
    fn text(&self, sp: Span) -> &str {
        &self.src[sp.start()..sp.end()]
    }
    /// The token before the current one, in backquotes.
    fn before(&self) -> String {
        match self.i.checked_sub(1).and_then(|j| self.toks.get(j)) {
            Some((_, sp)) => format!("`{}`", self.text(*sp)),
            None => format!("`{}`", self.lead),
        }
    }
    fn eof_span(&self) -> Span {
        let at = self.toks.last().map_or(self.end, |(_, sp)| sp.end());
        Span::new(at, at)
    }

    fn expr(&mut self) -> Result<(), Found> {
        self.unary()?;
        while let Some((T::Infix, _)) = self.peek() {
            self.i += 1;
            self.unary()?;
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<(), Found> {
        while let Some((T::Not, _)) = self.peek() {
            self.i += 1;
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<(), Found> {
        let Some((t, sp)) = self.peek() else {
            return Err(Found {
                msg: format!("expected a value after {}", self.before()),
                at: self.eof_span(),
                label: "a value is missing here",
                help: "complete the condition: a column, a literal, a call such as `count(web-touches)`, or `( … )`",
            });
        };
        match t {
            T::Atom => {
                self.i += 1;
                if let Some((T::LParen, _)) = self.peek() {
                    let open = sp;
                    self.i += 1;
                    self.args(open)?;
                }
                Ok(())
            }
            T::LParen => {
                self.i += 1;
                self.expr()?;
                match self.peek() {
                    Some((T::RParen, _)) => {
                        self.i += 1;
                        Ok(())
                    }
                    None => Err(Found {
                        msg: "unbalanced parenthesis: this `(` is never closed".into(),
                        at: sp,
                        label: "no matching `)`",
                        help: "add a `)` where the parenthesised part ends",
                    }),
                    Some(_) => Err(self.no_operator()),
                }
            }
            T::LBracket => {
                self.i += 1;
                self.list(sp)
            }
            _ => Err(Found {
                msg: format!("expected a value after {}, found `{}`", self.before(), self.text(sp)),
                at: sp,
                label: "a value is missing before this",
                help: "put a column, a literal or a call between the operators",
            }),
        }
    }

    /// After `name(`: arguments, each `expr [where expr] [within expr]`.
    fn args(&mut self, name: Span) -> Result<(), Found> {
        let unclosed = |p: &P| Found {
            msg: format!("the call `{}(` is never closed", p.text(name)),
            at: name,
            label: "no matching `)`",
            help: "close the call with `)`: `count(web-touches where event == \"demo-requested\" within 30d)`",
        };
        if let Some((T::RParen, _)) = self.peek() {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.expr()?;
            if let Some((T::Where, _)) = self.peek() {
                self.i += 1;
                self.expr()?;
            }
            if let Some((T::Within, _)) = self.peek() {
                self.i += 1;
                self.expr()?;
            }
            match self.peek() {
                Some((T::RParen, _)) => {
                    self.i += 1;
                    return Ok(());
                }
                Some((T::Comma, _)) => self.i += 1,
                None => return Err(unclosed(self)),
                Some(_) => return Err(self.no_operator()),
            }
        }
    }

    fn list(&mut self, open: Span) -> Result<(), Found> {
        loop {
            match self.peek() {
                Some((T::RBracket, _)) => {
                    self.i += 1;
                    return Ok(());
                }
                None => {
                    return Err(Found {
                        msg: "this list's `[` is never closed".into(),
                        at: open,
                        label: "no matching `]`",
                        help: "close the list with `]`: `[\"a\", \"b\"]`",
                    })
                }
                Some((T::Atom, _)) => {
                    self.i += 1;
                    match self.peek() {
                        Some((T::Comma, _)) => self.i += 1,
                        Some((T::RBracket, _)) | None => {}
                        Some((_, sp)) => {
                            return Err(Found {
                                msg: format!("expected `,` or `]` in the list, found `{}`", self.text(sp)),
                                at: sp,
                                label: "not a list item",
                                help: "a list holds plain values separated by commas: `[\"a\", \"b\"]`",
                            })
                        }
                    }
                }
                Some((_, sp)) => {
                    return Err(Found {
                        msg: format!("expected a value in the list, found `{}`", self.text(sp)),
                        at: sp,
                        label: "not a list item",
                        help: "a list holds plain values separated by commas: `[\"a\", \"b\"]`",
                    })
                }
            }
        }
    }

    /// A complete operand followed by something that is not an operator.
    fn no_operator(&self) -> Found {
        let Some((t, sp)) = self.peek() else {
            return Found {
                msg: "unexpected end of the condition".into(),
                at: self.eof_span(),
                label: "here",
                help: "",
            };
        };
        match t {
            T::Assign => Found {
                msg: "`=` is not a comparison in a condition; write `==`".into(),
                at: sp,
                label: "use `==`",
                help: "compare with `==` or `!=`: `country == \"DE\"`",
            },
            T::RParen => Found {
                msg: "unbalanced parenthesis: this `)` closes nothing".into(),
                at: sp,
                label: "no `(` opened before this",
                help: "remove this `)`, or add the `(` it closes",
            },
            T::Where | T::Within => Found {
                msg: format!("`{}` belongs inside an aggregate's parentheses", self.text(sp)),
                at: sp,
                label: "outside an aggregate",
                help: "write `count(web-touches where … within 30d)`",
            },
            _ => Found {
                msg: format!("expected an operator after {}, found `{}`", self.before(), self.text(sp)),
                at: sp,
                label: "an operator is missing before this",
                help: "join values with an operator: `and`, `or`, `==`, `>=`, `in`, `matches`, `+`, …",
            },
        }
    }
}

/// The E001 of a condition `start..end` of `src` that does not parse, if the
/// text has the shape of an expression and an error is found; `lead` is
/// what stands before it (`when =`).
pub fn describe(file: FileId, src: &str, start: usize, end: usize, lead: &str) -> Option<Diagnostic> {
    let toks = lex(src, start, end);
    // only text that reads as an expression: an operator, a call or parentheses
    // (a `=` counts after a value: `title = "VP"`; `cost = = 1` is not one)
    let shaped = toks.iter().enumerate().any(|(i, (t, _))| match t {
        T::Infix | T::Not | T::LParen | T::RParen => true,
        T::Assign => i > 0,
        _ => false,
    });
    if !shaped {
        return None;
    }
    let mut p = P { src, toks, i: 0, end, lead: lead.to_string() };
    let found = match p.expr() {
        Err(f) => f,
        Ok(()) if p.i < p.toks.len() => p.no_operator(),
        Ok(()) => return None,
    };
    let mut d = Diagnostic::error("E001", found.msg, file, found.at).with_label(file, found.at, found.label);
    if !found.help.is_empty() {
        d = d.with_help(found.help);
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(v: &str) -> Option<String> {
        describe(FileId(1), v, 0, v.len(), "when =").map(|d| d.message)
    }

    #[test]
    fn names_what_is_missing() {
        assert_eq!(msg("a >=").as_deref(), Some("expected a value after `>=`"));
        assert_eq!(msg("a >= and b").as_deref(), Some("expected a value after `>=`, found `and`"));
        assert_eq!(msg("(a > 1").as_deref(), Some("unbalanced parenthesis: this `(` is never closed"));
        assert_eq!(msg("a > 1)").as_deref(), Some("unbalanced parenthesis: this `)` closes nothing"));
        assert_eq!(msg("count(web where x == 1").as_deref(), Some("the call `count(` is never closed"));
        assert_eq!(msg("a = 1").as_deref(), Some("`=` is not a comparison in a condition; write `==`"));
        assert_eq!(msg("a == 1 b").as_deref(), Some("expected an operator after `1`, found `b`"));
        assert_eq!(msg("a in [\"x\" \"y\"] or b").as_deref(), Some("expected `,` or `]` in the list, found `\"y\"`"));
        assert_eq!(msg("not").as_deref(), Some("expected a value after `not`"));
        // well-formed, or not an expression at all: nothing to say
        assert_eq!(msg("a >= 3 and not (b or c)"), None);
        assert_eq!(msg("count(web where x == 1 within 30d) > -2"), None);
        assert_eq!(msg("40000 USD"), None);
        assert_eq!(msg("\"x\" \"y\""), None);
        assert_eq!(msg("= 18000 USD/yr"), None);
    }
}
