//! Escaping for every output format, in one place (issue 15 item 8).
//!
//! What users write reaches the outputs: file names, strings (whose
//! `\u{…}` escapes decode to any character, ESC and NUL included), owners,
//! links. Each output format gets its text through the functions here, so
//! that no format shows a control character raw and none lets a value break
//! out of its syntax:
//!
//! - [`text`]: a terminal or a CI log (the human report, `--format short`):
//!   hidden characters as Rust-style escapes (`\n`, `\u{1b}`);
//! - [`log_safe`]: the last defence of a text a CI log reads: no line that
//!   GitHub Actions would run as a workflow command;
//! - [`github_data`], [`github_property`]: workflow commands' own escapes;
//! - [`markdown`]: one line of Markdown (a table cell or a list item);
//! - [`csv_cell`]: a spreadsheet cell, formulas neutralised;
//! - [`ics_text`], [`ics_fold`]: RFC 5545 TEXT and content lines;
//! - [`dot_string`]: a quoted Graphviz string;
//! - [`mermaid_id`], [`mermaid_label`]: Mermaid node ids and labels.
//!
//! JSON, SARIF and the language server's messages are escaped by their
//! serialiser; JUnit and HTML by their own XML/HTML escaping.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A character no text output shows raw: the C0 and C1 control characters
/// and DEL (ESC starts terminal sequences, CR moves the cursor and ends a
/// line for GitHub's log reader), the Unicode line and paragraph
/// separators, the bidirectional controls (which reorder what is shown:
/// "Trojan source") and the byte-order mark.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// The escape that shows a hidden character: `\n`, `\r`, `\t`, `\0`, else
/// `\u{1b}` (the form a mops string accepts).
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Text on one line of a terminal or a log: every hidden character (line
/// breaks included) written as its escape. A file name, a message, a label.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file name at the start of a line of a terminal or a log (`--format
/// short`, `fmt --check`): [`text`], and `./` before a name that starts
/// with `:` or white space (the same file), so that the line cannot start
/// as a GitHub Actions workflow command.
pub fn path_at_line_start(name: &str) -> String {
    let name = text(name);
    if name.starts_with(|c: char| c == ':' || c.is_whitespace()) {
        format!("./{name}")
    } else {
        name.into_owned()
    }
}

/// [`text`] that keeps line feeds (a help text of several lines); a CR is
/// escaped, since log readers end a line there too.
pub fn text_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_hidden(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c != '\n' && is_hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text for a snippet of the human report, with the same byte
/// offsets: a hidden character other than a line break or a tab becomes
/// as many `?` as it has bytes, so that spans still point where they did.
pub fn snippet(s: &str) -> Cow<'_, str> {
    let keep = |c: char| matches!(c, '\n' | '\r' | '\t') || !is_hidden(c);
    if s.chars().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        }
    }
    Cow::Owned(out)
}

/// Where a line of `text` ends: after `\n`, `\r\n` or a lone `\r` (GitHub's
/// runner reads lines with .NET's `ReadLine`, which ends one at each).
fn lines_with_ends(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let mut i = start;
        while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        if i < b.len() {
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        }
        let line = &text[start..i];
        start = i;
        Some(line)
    })
}

/// Whether GitHub Actions would read a line of a log as a workflow
/// command: `::` first after white space (`::error …::`, `::add-mask::`,
/// `::stop-commands::`), or the older `##[command]` anywhere in it.
pub fn is_workflow_command(line: &str) -> bool {
    line.trim_start().starts_with("::") || line.contains("##[")
}

/// A text that a CI log may show, with no line that GitHub Actions would
/// run as a workflow command: the first `:` of a line that starts with
/// `::` (after white space) is written `\u{3a}`, and every `##[` as
/// `#\u{23}[`. Escapes of the values inside the text ([`text`]) already
/// keep their line breaks out; this catches what is left (a long message
/// wrapped so that a user's `::` starts a line, a file named `::error`).
pub fn log_safe(text: &str) -> Cow<'_, str> {
    if !lines_with_ends(text).any(is_workflow_command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in lines_with_ends(text) {
        let line = line.replace("##[", "#\\u{23}[");
        let lead = line.len() - line.trim_start().len();
        if line[lead..].starts_with("::") {
            out.push_str(&line[..lead]);
            out.push_str("\\u{3a}");
            out.push_str(&line[lead + 1..]);
        } else {
            out.push_str(&line);
        }
    }
    Cow::Owned(out)
}

/// Workflow command data (the message after `::`): `%`, CR and LF as
/// `%25`, `%0D`, `%0A` (the runner decodes them); other hidden characters
/// as [`text`] escapes.
pub fn github_data(s: &str) -> String {
    github(s, false)
}

/// A workflow command property value (`file=…`, `title=…`): as
/// [`github_data`], and `:` and `,`, which would end it, as `%3A`, `%2C`.
pub fn github_property(s: &str) -> String {
    github(s, true)
}

fn github(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML, in content and in quoted attribute values alike: `&`,
/// `<`, `>`, `"` and `'` as entities. Every HTML page mopsc writes (the
/// audit, the calendar, scores, credits) escapes through here.
pub fn html(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Text for one line of Markdown (a table cell, a list item, a heading):
/// `|` escaped (it would end a cell), `<` and `>` as entities (no raw
/// HTML), a line break as a space (it would end the row or start a line
/// of its own), other hidden characters as [`text`] escapes.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A CSV text cell: hidden characters as [`text`] escapes (no cell spans
/// lines), and a cell that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a CR, OWASP's CSV injection advice)
/// gets a leading `'`. The CSV writer quotes what needs quoting.
pub fn csv_cell(s: &str) -> String {
    let s = text(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// RFC 5545 TEXT (§3.3.11): backslash, `;` and `,` escaped, a line break
/// (LF, CRLF or a lone CR) as `\n`; other control characters, which TEXT
/// does not allow, and the other hidden characters as [`text`] escapes
/// (their backslash escaped in turn: the calendar shows `\u{1b}`).
pub fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c if is_hidden(c) => {
                let mut e = String::new();
                push_escape(&mut e, c);
                out.push_str(&e.replace('\\', "\\\\"));
            }
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line (RFC 5545 §3.1) into `out`: at most 75 octets a
/// line, on character boundaries, each continuation starting with a space.
/// No physical line may be a GitHub Actions workflow command (calendar
/// readers join the lines again, a CI log does not): a fold never leaves
/// `::` first on a continuation (after white space), and one is made
/// inside every `##[`.
pub fn ics_fold(line: &str, out: &mut String) {
    let bad = |i: usize| line[i..].trim_start().starts_with("::");
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // the character where the current physical line's content starts
    let mut seg_start = 0usize;
    let mut count = 0usize;
    // over the limit with no fold allowed yet (a long run of white space before `::`)
    let mut over = false;
    let mut k = 0;
    while k < chars.len() {
        let (i, ch) = chars[k];
        let n = ch.len_utf8();
        let split = k > seg_start && chars[k - 1].1 == '#' && line[i..].starts_with("#[");
        if split || over || count + n > 75 {
            if !bad(i) {
                out.push_str("\r\n ");
                seg_start = k;
                count = 1;
                over = false;
            } else if !over {
                // step back to the last place on this line where a fold is allowed
                match (seg_start + 1..k).rev().find(|&j| !bad(chars[j].0)) {
                    Some(j) => {
                        out.truncate(out.len() - (i - chars[j].0));
                        out.push_str("\r\n ");
                        seg_start = j;
                        count = 1;
                        k = j;
                        continue;
                    }
                    None => over = true,
                }
            }
        }
        out.push(ch);
        count += n;
        k += 1;
    }
    out.push_str("\r\n");
}

/// A quoted Graphviz string: `\` and `"` escaped, a line break as DOT's
/// `\n`, other hidden characters as [`text`] escapes (backslash doubled).
pub fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if is_hidden(c) => {
                let mut e = String::new();
                push_escape(&mut e, c);
                out.push_str(&e.replace('\\', "\\\\"));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Mermaid node id for `s`: letters and digits kept, everything else
/// encoded after a `_` (`_` as `__`, `-` as `_d`, `.` as `_p`, others as
/// `_u{hex}_`), so that distinct names (`a-b`, `a_b`) get distinct ids.
pub fn mermaid_id(prefix: &str, s: &str) -> String {
    let mut out = format!("{prefix}_");
    for c in s.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '_' => out.push_str("__"),
            '-' => out.push_str("_d"),
            '.' => out.push_str("_p"),
            c => {
                let _ = write!(out, "_u{:x}_", c as u32);
            }
        }
    }
    out
}

/// Text inside a quoted Mermaid label: `"`, `<`, `>`, `#`, `|` written as
/// entities, so a label cannot end early or inject markup; hidden
/// characters (line breaks included) as spaces.
pub fn mermaid_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            c if is_hidden(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}[2J\u{7}\r\0b\n::error title=x::pwned\u{202e}\u{9b}";

    #[test]
    fn text_shows_every_hidden_character_as_an_escape() {
        assert_eq!(text("plain"), Cow::Borrowed("plain"));
        assert_eq!(text(HOSTILE), "a\\u{1b}[2J\\u{7}\\r\\0b\\n::error title=x::pwned\\u{202e}\\u{9b}");
        assert!(!text(HOSTILE).chars().any(is_hidden));
        assert_eq!(text_lines("a\nb\rc"), "a\nb\\rc");
        assert_eq!(path_at_line_start("::error::x.mops"), "./::error::x.mops");
        assert_eq!(path_at_line_start(" a\n.mops"), "./ a\\n.mops");
        assert_eq!(path_at_line_start("dir/a.mops"), "dir/a.mops");
    }

    #[test]
    fn snippets_keep_their_offsets() {
        let s = "x = \"\u{1b}[2J\u{9b}\"\n\ty\r\n";
        let out = snippet(s);
        assert_eq!(out.len(), s.len());
        assert_eq!(out, "x = \"?[2J??\"\n\ty\r\n");
    }

    #[test]
    fn log_safe_leaves_no_workflow_command() {
        let t = "ok\n  ::error::x\r::warning::y\r\nsee ##[error]z\n::\n";
        let out = log_safe(t);
        assert!(!lines_with_ends(&out).any(is_workflow_command), "{out}");
        assert_eq!(out, "ok\n  \\u{3a}:error::x\r\\u{3a}:warning::y\r\nsee #\\u{23}[error]z\n\\u{3a}:\n");
        assert_eq!(log_safe("a: b\n"), Cow::Borrowed("a: b\n"));
    }

    #[test]
    fn github_values_cannot_start_a_line_or_end_a_property() {
        assert_eq!(github_data("50%\r\n::x\u{1b}"), "50%25%0D%0A::x\\u{1b}");
        assert_eq!(github_property("a:b,c\n%"), "a%3Ab%2Cc%0A%25");
    }

    #[test]
    fn markdown_stays_on_its_line_and_in_its_cell() {
        assert_eq!(markdown("a|b\n::warning::x\r\n<b>\u{1b}"), "a\\|b ::warning::x &lt;b&gt;\\u{1b}");
    }

    #[test]
    fn csv_cells_that_spreadsheets_would_run_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for f in ["+1", "-2+3", "@SUM(A1)"] {
            assert_eq!(csv_cell(f), format!("'{f}"));
        }
        assert_eq!(csv_cell("ops@acme.io"), "ops@acme.io");
        assert_eq!(csv_cell("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\nc");
    }

    #[test]
    fn ics_text_has_no_bare_cr_or_control_characters() {
        assert_eq!(ics_text("a\r\nb\rc\nd"), "a\\nb\\nc\\nd");
        assert_eq!(ics_text("x\u{1b}[2J\u{7}\0;,\\"), "x\\\\u{1b}[2J\\\\u{7}\\\\0\\;\\,\\\\");
        let mut folded = String::new();
        ics_fold(&format!("DESCRIPTION:{}", ics_text(&"é".repeat(100))), &mut folded);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded}");
    }

    /// Unfolding gives the line back; no physical line is over 75 octets,
    /// starts (after the fold's space) with white space or `:`, or holds `##[`.
    #[test]
    fn ics_folds_never_make_a_workflow_command() {
        let cases = [
            format!("DESCRIPTION:{}", "x".repeat(200)),
            format!("DESCRIPTION:{}::error::pwned", "x".repeat(62)),
            format!("DESCRIPTION:{}  ::error::pwned and ##[error]z ##[", "y".repeat(60)),
            format!("SUMMARY:{}", " :".repeat(100)),
            format!("SUMMARY:{}", "é: ##[".repeat(40)),
            "SUMMARY:short".to_string(),
        ];
        for line in cases {
            let mut out = String::new();
            ics_fold(&line, &mut out);
            assert!(out.ends_with("\r\n"));
            let physical: Vec<&str> = out[..out.len() - 2].split("\r\n").collect();
            assert_eq!(physical.concat().len(), line.len() + physical.len() - 1);
            let unfolded = out[..out.len() - 2].replace("\r\n ", "");
            assert_eq!(unfolded, line);
            for (n, p) in physical.iter().enumerate() {
                assert!(p.len() <= 75, "{p:?}");
                assert!(!is_workflow_command(p), "line {n} of {out:?}");
            }
        }
    }

    #[test]
    fn dot_strings_are_closed_and_show_breaks_as_escapes() {
        assert_eq!(dot_string("a\"b\\c\nd\u{1b}"), "\"a\\\"b\\\\c\\nd\\\\u{1b}\"");
    }

    #[test]
    fn mermaid_ids_are_distinct_and_labels_closed() {
        assert_ne!(mermaid_id("n", "a-b"), mermaid_id("n", "a_b"));
        assert_eq!(mermaid_label("a\"b\n<x>|#"), "a#quot;b #lt;x#gt;#124;#35;");
    }
}
