//! Code actions.
//!
//! One quick fix per diagnostic that has a fix and touches the requested
//! range, titled with the fix's title, preferred when the fix is safe; and,
//! when the file has safe fixes, a `source.fixAll` action applying all of
//! them at once (what `mopsc check --fix` would write: fixes applied and
//! the text checked again until nothing more applies).
//! Actions come from the server's own check of the current text, so their
//! byte offsets always index the text the client has.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Uri, WorkspaceEdit};

use super::convert::{whole, LineMap};
use super::diagnostics::{fix_edits, to_lsp, Maps};
use super::server::Server;
use super::workspace::WsKey;
use crate::check::Report;
use crate::diagnostic::{Applicability, FileId, Span};

/// `textDocument/codeAction`.
pub(super) fn handle(s: &mut Server, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    s.ensure_fresh();
    let uri = p.text_document.uri;
    let only = p.context.only;
    let fix_all = if only.as_deref().is_none_or(wants_fix_all) { fix_all(s, &uri) } else { None };
    let view = s.view(&uri)?;
    let (report, file) = (view.report?, view.file?);
    let text = &view.doc.text;
    let span = LineMap::new(text).span(text, p.range);
    let uri_of = |id: FileId| s.docs.uri_of(&view.doc.key, &report.files, id);
    Some(code_actions(report, file, &uri, span, only.as_deref(), &uri_of, fix_all))
}

/// What `mopsc check --fix` would write for a document: its safe fixes
/// applied, the workspace checked again with the new text, and again,
/// until nothing more applies (at most 10 rounds, as the CLI); nothing
/// for a document with a syntax error (E001, E002). The new text and the
/// number of fixes.
fn fix_all(s: &mut Server, uri: &Uri) -> Option<(String, usize)> {
    let doc = s.docs.get(uri.as_str())?;
    let (key, path, mut text) = (doc.key.clone(), doc.path.clone(), doc.text.clone());
    let mut total = 0;
    let mut report: Option<Report> = None;
    for _round in 0..10 {
        let r = match &report {
            Some(r) => r,
            None => s.workspaces.report(&key)?,
        };
        let file = match &key {
            WsKey::Memory(_) => Some(FileId(1)).filter(|_| r.files.len() > 1),
            _ => {
                let p = path.as_deref()?;
                r.files.iter().find(|(_, f)| !f.config && f.path == p).map(|(id, _)| id)
            }
        }?;
        if r.files.get(file).text() != text
            || r.diagnostics.iter().any(|d| d.file == file && (d.code == "E001" || d.code == "E002"))
        {
            break;
        }
        let safe: Vec<&crate::diagnostic::Fix> = r
            .diagnostics
            .iter()
            .filter(|d| d.file == file)
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.applicability == Applicability::Safe)
            .collect();
        let (new, n) = crate::fix::apply(&text, &safe);
        if n == 0 || new == text {
            break;
        }
        text = new;
        total += n;
        // check again with the new text in place of the document's
        let next = match (&key, &path) {
            (WsKey::Memory(u), _) => Ok(crate::check::check_source(u, &text, &s.opts)),
            (_, Some(p)) => {
                let before = s.workspaces.overlay.texts.insert(p.clone(), text.clone());
                let r = s.workspaces.run_check(&key, &s.docs, &s.opts);
                match before {
                    Some(t) => s.workspaces.overlay.texts.insert(p.clone(), t),
                    None => s.workspaces.overlay.texts.remove(p),
                };
                r
            }
            (_, None) => break,
        };
        match next {
            Ok(r) => report = Some(r),
            Err(_) => break,
        }
    }
    (total > 0).then_some((text, total))
}

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
