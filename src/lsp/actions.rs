//! Code actions and formatting.
//!
//! One quick fix per diagnostic that has a fix and touches the requested
//! range, titled with the fix's title, preferred when the fix is safe; and,
//! when the file has safe fixes, a `source.fixAll` action applying all of
//! them at once (what `mopsc check --fix` would write: fixes applied and
//! the text checked again until nothing more applies).
//! Actions come from the server's own check of the current text, so their
//! byte offsets always index the text the client has.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

use super::convert::LineMap;
use super::diagnostics::{fix_edits, to_lsp, Maps};
use crate::check::Report;
use crate::diagnostic::{Applicability, FileId, Span};

/// Which kinds of action the client asked for (`context.only`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(kinds) => {
            kinds.iter().any(|k| kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str())))
        }
    }
}

/// Whether `only` asks for `source.fixAll`.
pub fn wants_fix_all(only: &[CodeActionKind]) -> bool {
    wanted(Some(only), &CodeActionKind::SOURCE_FIX_ALL)
}

/// The code actions for `range` (a byte span) of `file`. `fix_all` is what
/// `check --fix` would write (the server iterates it to a fixed point).
pub fn code_actions(
    report: &Report,
    file: FileId,
    uri: &Uri,
    span: Span,
    only: Option<&[CodeActionKind]>,
    uri_of: &dyn Fn(FileId) -> Option<Uri>,
    fix_all: Option<(String, usize)>,
) -> Vec<CodeActionOrCommand> {
    let mut maps = Maps::default();
    let mut out = Vec::new();
    let fixable: Vec<_> = report.diagnostics.iter().filter(|d| d.file == file && d.fix.is_some()).collect();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for d in &fixable {
            if !(d.span.start() <= span.end() && span.start() <= d.span.end()) {
                continue;
            }
            let Some(fix) = &d.fix else { continue };
            let edits = fix_edits(fix, &report.files, file, &mut maps);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(d, &report.files, &mut maps, uri_of)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                command: None,
                is_preferred: Some(fix.applicability == Applicability::Safe),
                disabled: None,
                data: None,
            }));
        }
    }
    if let Some((new, n)) = fix_all.filter(|_| wanted(only, &CodeActionKind::SOURCE_FIX_ALL)) {
        let text = &report.files.get(file).text();
        if n > 0 && new != *text {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Apply {n} safe fix{} (mopsc)", if n == 1 { "" } else { "es" }),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                diagnostics: None,
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), whole(text, new))])),
                    ..Default::default()
                }),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
        }
    }
    out
}

/// One edit replacing the whole text.
fn whole(text: &str, new: String) -> Vec<TextEdit> {
    let map = LineMap::new(text);
    vec![TextEdit { range: Range { start: map.position(text, 0), end: map.end(text) }, new_text: new }]
}

/// `textDocument/formatting`: one edit replacing the whole text, none when
/// it is already formatted, `Err` with the reason when it has a syntax error.
pub fn format(text: &str) -> Result<Vec<TextEdit>, String> {
    match crate::format::format_source(text) {
        Ok(new) if new == text => Ok(Vec::new()),
        Ok(new) => Ok(whole(text, new)),
        Err(e) => Err(e.to_string()),
    }
}
