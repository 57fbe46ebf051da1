//! Go to definition: from any reference (an attribute value, a `: TYPE`,
//! an `after` step, as `crate::refs` reads them off the model) to the
//! declaration's name,
//! in whichever file of the checked set declares it; from an import's path
//! to the imported file. Declarations of the prelude have no file to go to:
//! the answer is then empty.

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};

use super::convert::LineMap;
use super::server::Server;
use crate::check::Analysis;
use crate::diagnostic::{FileId, Span};
use crate::syntax::SourceFile;

/// `textDocument/definition`.
pub(super) fn handle(s: &mut Server, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    s.ensure_fresh();
    let (view, _, offset) = s.view_at(&p.text_document_position_params)?;
    let (file, analysis, report) = (view.file?, view.analysis?, view.report?);
    let ast = view.ast();
    let target = definition(offset, file, &ast, analysis)?;
    let target_uri = s.docs.uri_of(&view.doc.key, &report.files, target.file)?;
    let ttext = &report.files.get(target.file).text();
    let range = LineMap::new(ttext).range(ttext, target.span);
    Some(GotoDefinitionResponse::Scalar(Location { uri: target_uri, range }))
}

/// Where to go: a file of the report and a span in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub file: FileId,
    pub span: Span,
}

/// The definition of what is at `offset` of `file`.
pub fn definition(offset: usize, file: FileId, ast: &SourceFile, analysis: &Analysis) -> Option<Target> {
    let touches = |s: Span| s.start() <= offset && offset <= s.end();
    // an import path: the imported file, at its start
    if let Some(imp) = ast.imports.iter().find(|i| touches(i.path_span)) {
        let (_, target, _) = analysis.set.imports.iter().find(|(from, _, sp)| *from == file && *sp == imp.path_span)?;
        return Some(Target { file: *target, span: Span::new(0, 0) });
    }
    let r = super::hover::refs_of(file, ast).into_iter().find(|r| !r.span.is_empty() && touches(r.span))?;
    if let Some(campaign) = &r.scope {
        // a step of the same campaign: prefer the campaign of this file
        let c = analysis.model.campaigns.iter().filter(|c| c.name.value == *campaign).min_by_key(|c| c.file != file)?;
        let s = c.data.steps.iter().find(|s| s.name.value == r.name)?;
        return Some(Target { file: c.file, span: s.name.span });
    }
    let (f, span) = analysis.symbols.get(r.kind, &r.name)?;
    if f == FileId::PRELUDE {
        return None;
    }
    Some(Target { file: f, span })
}
