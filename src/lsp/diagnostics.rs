//! Compiler diagnostics as LSP diagnostics.
//!
//! code → `code`, severity (info → Information), message with the help on a
//! second line, the primary span → `range`, the other labels →
//! `relatedInformation`, and the fix → `data` (its title, applicability and
//! edits as LSP text edits), so that a client can see what a code action
//! will do. Code actions themselves are computed from the server's own
//! up-to-date check (`actions.rs`), never trusted from `data`.

use std::collections::HashMap;

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit, Uri};

use super::convert::LineMap;
use crate::diagnostic::{Applicability, Diagnostic, FileId, Files, Fix};

/// Line maps of the files of one report, built on first use.
#[derive(Default)]
pub struct Maps {
    maps: HashMap<FileId, LineMap>,
}

impl Maps {
    pub fn get<'m>(&'m mut self, files: &Files, id: FileId) -> &'m LineMap {
        self.maps.entry(id).or_insert_with(|| LineMap::new(files.get(id).text()))
    }
}

pub fn severity(s: crate::diagnostic::Severity) -> DiagnosticSeverity {
    match s {
        crate::diagnostic::Severity::Error => DiagnosticSeverity::ERROR,
        crate::diagnostic::Severity::Warning => DiagnosticSeverity::WARNING,
        crate::diagnostic::Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP text edits of a fix whose byte offsets index `file`'s text.
pub fn fix_edits(fix: &Fix, files: &Files, file: FileId, maps: &mut Maps) -> Vec<TextEdit> {
    let text = &files.get(file).text();
    let map = maps.get(files, file);
    fix.edits
        .iter()
        .map(|e| TextEdit {
            range: map.range(text, crate::diagnostic::Span::new(e.start, e.end)),
            new_text: e.replacement.clone(),
        })
        .collect()
}

/// Convert one diagnostic. `uri_of` names the file of a secondary label
/// (`None`: the label is left out, e.g. a file with no URI).
pub fn to_lsp(
    d: &Diagnostic,
    files: &Files,
    maps: &mut Maps,
    uri_of: &dyn Fn(FileId) -> Option<Uri>,
) -> lsp_types::Diagnostic {
    let text = &files.get(d.file).text();
    let range = maps.get(files, d.file).range(text, d.span);
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let mut related = Vec::new();
    for l in &d.labels {
        if l.file == d.file && l.span == d.span {
            continue; // the primary label: the range already shows it
        }
        let Some(uri) = uri_of(l.file) else { continue };
        let ltext = &files.get(l.file).text();
        let lrange = maps.get(files, l.file).range(ltext, l.span);
        related.push(DiagnosticRelatedInformation {
            location: Location { uri, range: lrange },
            message: l.message.clone(),
        });
    }
    let data = d.fix.as_ref().map(|f| {
        serde_json::json!({
            "fix": {
                "title": f.title,
                "applicability": match f.applicability { Applicability::Safe => "safe", Applicability::Unsafe => "unsafe" },
                "edits": fix_edits(f, files, d.file, maps),
            }
        })
    });
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.clone())),
        code_description: None,
        source: Some("mopsc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data,
    }
}
