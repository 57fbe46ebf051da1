//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE
//! viewers). One run; its driver lists every lint rule of [`RULES`] and every
//! error code of [`ERROR_CODES`] with their documentation, so a viewer can show
//! `mopsc explain` text next to a result. Results carry physical locations
//! (1-based lines and columns in Unicode code points, `charOffset` and
//! `charLength` in code points too), related locations for labels elsewhere,
//! and the fix when there is one. The output depends only on the diagnostics
//! and the files: no time, no absolute paths for files below the working
//! directory.

use std::collections::HashMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Map, Value};

use crate::diagnostic::{Applicability, Diagnostic, FileId, Files, Severity, Span};
use crate::explain::{self, ErrorCode, ERROR_CODES};
use crate::rules::{Rule, RULES};

/// The JSON schema the document declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The tool's home page (`repository` in Cargo.toml).
pub const INFORMATION_URI: &str = crate::reference::REPOSITORY;
/// The base every relative artifact URI is resolved against (the checkout).
pub const SRCROOT: &str = "%SRCROOT%";

/// Characters escaped in a URI path: controls, space, and the delimiters that
/// would end or change a path (`?`, `#`, `%`…). `/` stays a separator.
const PATH: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');
const PATH_STRICT: &AsciiSet = &PATH.add(b'[').add(b']').add(b'\\').add(b'^').add(b'|');

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The documentation URL of a rule or error code: its section of the
/// generated docs/rules.md (every rule and error code has an anchor, its
/// code in lower case).
pub fn help_uri(code: &str) -> String {
    crate::reference::doc_url("docs/rules.md", Some(&code.to_ascii_lowercase()))
}

/// The artifact location of a file as shown to the user: a relative path
/// becomes a relative URI against `%SRCROOT%`, an absolute one a `file:` URI.
pub fn artifact_location(name: &str) -> Value {
    // a backslash separates on Windows only; elsewhere it is part of a name
    let name: String = if cfg!(windows) { name.replace('\\', "/") } else { name.to_string() };
    if name.starts_with('/') {
        json!({ "uri": format!("file://{}", utf8_percent_encode(&name, PATH_STRICT)) })
    } else {
        let rel = name.strip_prefix("./").unwrap_or(&name);
        json!({ "uri": utf8_percent_encode(rel, PATH_STRICT).to_string(), "uriBaseId": SRCROOT })
    }
}

/// Byte offsets to code-point offsets, per file, computed once per file and
/// only for files that are not pure ASCII (where the two are equal).
struct CharOffsets<'a> {
    files: &'a Files,
    /// Per file: code points before each line start, or `None` for ASCII text.
    cache: HashMap<FileId, Option<Vec<usize>>>,
}

impl<'a> CharOffsets<'a> {
    fn new(files: &'a Files) -> Self {
        CharOffsets { files, cache: HashMap::new() }
    }

    fn offset(&mut self, file: FileId, byte: usize) -> usize {
        let f = self.files.get(file);
        let byte = byte.min(f.text().len());
        let table = self.cache.entry(file).or_insert_with(|| {
            if f.text().is_ascii() {
                return None;
            }
            let mut before = Vec::with_capacity(f.lines().line_count());
            let mut chars = 0;
            let mut last = 0;
            for l in 0..f.lines().line_count() {
                let start = f.lines().line_start(l).unwrap_or(f.text().len());
                chars += f.text()[last..start].chars().count();
                last = start;
                before.push(chars);
            }
            Some(before)
        });
        match table {
            None => byte,
            Some(before) => {
                let (line, col) = f.lines().line_col(f.text(), byte);
                before[line - 1] + col - 1
            }
        }
    }

    fn region(&mut self, file: FileId, span: Span) -> Value {
        let (start_line, start_column) = self.files.line_col(file, span.start());
        let (end_line, end_column) = self.files.line_col(file, span.end().max(span.start()));
        let char_offset = self.offset(file, span.start());
        let char_end = self.offset(file, span.end().max(span.start()));
        json!({
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
            "charOffset": char_offset,
            "charLength": char_end - char_offset,
        })
    }

    fn physical(&mut self, file: FileId, span: Span) -> Value {
        json!({
            "artifactLocation": artifact_location(&self.files.get(file).name),
            "region": self.region(file, span),
        })
    }
}

/// Markdown documentation of a rule: `help.markdown`.
fn rule_markdown(r: &Rule) -> String {
    let fix = match r.fix {
        Some(Applicability::Safe) => "safe fix (`mopsc check --fix`)",
        Some(Applicability::Unsafe) => "unsafe fix (`mopsc check --fix --unsafe-fixes`)",
        None => "no automatic fix",
    };
    format!(
        "**{} {}** ({}, {fix})\n\n{}\n\n**Why.** {}\n\nTriggers:\n\n```\n{}```\n\nFixed:\n\n```\n{}```\n",
        r.code,
        r.name,
        r.severity.as_str(),
        r.summary,
        r.why,
        r.bad,
        r.good
    )
}

fn error_markdown(e: &ErrorCode) -> String {
    let mut s = format!("**{} {}** ({})\n\n{}\n", e.code, e.title, explain::error_kind(e.code), e.explanation);
    if !e.example.is_empty() {
        s.push_str(&format!("\nExample:\n\n```\n{}```\n", e.example));
    }
    s
}

fn rule_descriptor(r: &Rule) -> Value {
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": format!("{}. {}", r.summary.trim_end_matches('.'), r.why) },
        "help": { "text": explain::explain(r.code).unwrap_or_else(|_| explain::rule_text(r)), "markdown": rule_markdown(r) },
        "helpUri": help_uri(r.code),
        "defaultConfiguration": { "level": level(r.severity) },
    })
}

fn error_descriptor(e: &ErrorCode) -> Value {
    json!({
        "id": e.code,
        "name": e.title.replace(' ', "-"),
        "shortDescription": { "text": e.title },
        "fullDescription": { "text": e.explanation },
        "help": { "text": explain::error_text(e), "markdown": error_markdown(e) },
        "helpUri": help_uri(e.code),
        "defaultConfiguration": { "level": "error" },
    })
}

/// The driver's rules: every lint rule in code order, then every error code.
pub fn rule_descriptors() -> Vec<Value> {
    // the data rules (`check --data`) last, so the other indices stay put
    RULES
        .iter()
        .map(|r| rule_descriptor(r))
        .chain(ERROR_CODES.iter().map(error_descriptor))
        .chain(crate::data::quality::RULES.iter().map(|r| rule_descriptor(r)))
        .collect()
}

/// The index of each code in [`rule_descriptors`].
fn rule_indices() -> HashMap<&'static str, usize> {
    RULES
        .iter()
        .map(|r| r.code)
        .chain(ERROR_CODES.iter().map(|e| e.code))
        .chain(crate::data::quality::RULES.iter().map(|r| r.code))
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect()
}

/// The result's message: the diagnostic's, then its help on a paragraph of its own.
fn message_text(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{}\n\nhelp: {h}", d.message),
        None => d.message.clone(),
    }
}

fn result(d: &Diagnostic, index: Option<usize>, offsets: &mut CharOffsets) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code));
    if let Some(i) = index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": message_text(d) }));
    let mut primary = json!({ "physicalLocation": offsets.physical(d.file, d.span) });
    // a label on the primary span labels the location; others are related
    let mut related = Vec::new();
    for l in &d.labels {
        if l.file == d.file && l.span == d.span && primary.get("message").is_none() {
            primary["message"] = json!({ "text": l.message });
        } else {
            related.push(json!({
                "id": related.len(),
                "physicalLocation": offsets.physical(l.file, l.span),
                "message": { "text": l.message },
            }));
        }
    }
    r.insert("locations".into(), json!([primary]));
    if !related.is_empty() {
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let start = offsets.offset(d.file, e.start);
                let end = offsets.offset(d.file, e.end.max(e.start));
                json!({
                    "deletedRegion": { "charOffset": start, "charLength": end - start },
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        r.insert(
            "fixes".into(),
            json!([{
                "description": { "text": fix.title },
                "artifactChanges": [{
                    "artifactLocation": artifact_location(&offsets.files.get(d.file).name),
                    "replacements": replacements,
                }],
            }]),
        );
        r.insert(
            "properties".into(),
            json!({ "fixApplicability": match fix.applicability { Applicability::Safe => "safe", Applicability::Unsafe => "unsafe" } }),
        );
    }
    Value::Object(r)
}

/// The results, serialised one at a time: each result's JSON exists only
/// while it is written (a workspace can have hundreds of thousands).
struct Results<'a> {
    diags: &'a [Diagnostic],
    indices: HashMap<&'static str, usize>,
    offsets: std::cell::RefCell<CharOffsets<'a>>,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.diags.len()))?;
        let mut offsets = self.offsets.borrow_mut();
        for d in self.diags {
            seq.serialize_element(&result(d, self.indices.get(d.code.as_str()).copied(), &mut offsets))?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct Run<'a> {
    tool: Value,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(serde::Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// The SARIF document for `mopsc check --format sarif`.
pub fn sarif(diags: &[Diagnostic], files: &Files) -> String {
    let tool = json!({
        "driver": {
            "name": "mopsc",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": rule_descriptors(),
        }
    });
    let results = Results { diags, indices: rule_indices(), offsets: std::cell::RefCell::new(CharOffsets::new(files)) };
    let doc =
        Document { schema: SCHEMA, version: "2.1.0", runs: [Run { tool, column_kind: "unicodeCodePoints", results }] };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(artifact_location("examples/a b.mops"), json!({"uri": "examples/a%20b.mops", "uriBaseId": SRCROOT}));
        assert_eq!(artifact_location("./x#1.mops"), json!({"uri": "x%231.mops", "uriBaseId": SRCROOT}));
        assert_eq!(artifact_location("/tmp/ws/é.mops"), json!({"uri": "file:///tmp/ws/%C3%A9.mops"}));
    }

    #[test]
    fn char_offsets_count_code_points() {
        let mut files = Files::new();
        let id = files.add("a.mops".into(), Default::default(), "é\nxé y".into());
        let mut o = CharOffsets::new(&files);
        // "y" is at byte 7 (é is two bytes): code point 5
        assert_eq!(o.offset(id, 7), 5);
        assert_eq!(
            o.region(id, Span::new(3, 8)),
            json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 5, "charOffset": 2, "charLength": 4})
        );
    }

    #[test]
    fn every_rule_and_error_code_is_described_once() {
        let rules = rule_descriptors();
        assert_eq!(rules.len(), RULES.len() + ERROR_CODES.len() + crate::data::quality::RULES.len());
        let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("id")).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules.len(), "duplicate rule ids");
        for r in &rules {
            assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{r}");
            assert!(r["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")), "{r}");
        }
    }
}
