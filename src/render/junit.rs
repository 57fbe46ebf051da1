//! `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure).
//! One `<testsuite>` per checked file holding one `<testcase>` for the file;
//! each error-level diagnostic is a `<failure>`, warnings and infos are listed
//! in `<system-out>`. No timestamps or durations, so the output is
//! deterministic.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, FileId, Files, Severity};

/// Escape text content: `&`, `<`, `>`; CR as a character reference (a raw CR
/// would be normalised away); characters XML 1.0 cannot hold as `\u{…}`.
pub fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// Escape an attribute value: as text, plus quotes, and tabs and line breaks as
/// character references (attribute normalisation would turn them into spaces).
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// `path:line:col: severity[CODE] message`, then the help on the next line.
fn describe(d: &Diagnostic, files: &Files) -> String {
    let (l, c) = files.line_col(d.file, d.span.start());
    // escaped like `--format short`: the text's lines are shown in CI logs
    let mut s = format!(
        "{}:{l}:{c}: {}[{}] {}\n",
        super::escape::path_at_line_start(&files.get(d.file).name),
        d.severity.as_str(),
        super::escape::text(&d.code),
        super::escape::text(&d.message)
    );
    if let Some(h) = &d.help {
        s.push_str(&format!("help: {}\n", super::escape::text(h)));
    }
    s
}

/// The JUnit document for `mopsc check --format junit`.
pub fn junit(diags: &[Diagnostic], files: &Files) -> String {
    let mut by_file: BTreeMap<FileId, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_file.entry(d.file).or_default().push(d);
    }
    // every checked file, and a configuration file when it has diagnostics
    let mut listed: Vec<(&str, FileId)> = files
        .iter()
        .filter(|(id, f)| *id != FileId::PRELUDE && (!f.config || by_file.contains_key(id)))
        .map(|(id, f)| (f.name.as_str(), id))
        .collect();
    listed.sort_unstable();
    let failed = |id: &FileId| by_file.get(id).is_some_and(|v| v.iter().any(|d| d.severity == Severity::Error));
    let failures = listed.iter().filter(|(_, id)| failed(id)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"mopsc check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        listed.len()
    ));
    for (name, id) in &listed {
        let name = escape_attr(name);
        let here = by_file.get(id).map(Vec::as_slice).unwrap_or_default();
        let fails = usize::from(failed(id));
        out.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"1\" failures=\"{fails}\" errors=\"0\" skipped=\"0\">\n"
        ));
        out.push_str(&format!("    <testcase name=\"{name}\" classname=\"mopsc.check\" file=\"{name}\""));
        if here.is_empty() {
            out.push_str("/>\n");
        } else {
            out.push_str(">\n");
            for d in here.iter().filter(|d| d.severity == Severity::Error) {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    escape_attr(&d.code),
                    escape_attr(&d.message),
                    escape_text(&describe(d, files))
                ));
            }
            let others: String =
                here.iter().filter(|d| d.severity != Severity::Error).map(|d| describe(d, files)).collect();
            if !others.is_empty() {
                out.push_str(&format!("      <system-out>{}</system-out>\n", escape_text(&others)));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    super::escape::log_safe(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes() {
        assert_eq!(escape_text("a<b & \"c\"\r\n\u{1}"), "a&lt;b &amp; \"c\"&#13;\n\\u{1}");
        assert_eq!(escape_attr("'x'\n\t>"), "&apos;x&apos;&#10;&#9;&gt;");
    }
}
