//! Document symbols: the outline of a file, from its syntax tree. Top-level
//! declarations, with their nested blocks (steps, emails, signals, tasks,
//! and the unnamed goals, utm, icp, score, tiers, notes) as children.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use super::convert::LineMap;
use super::server::Server;
use crate::kinds::DeclKind;
use crate::syntax::{Block, SourceFile};

/// The outline symbol of a top-level kind.
pub(crate) fn decl_symbol(kind: DeclKind) -> SymbolKind {
    match kind {
        DeclKind::Context => SymbolKind::NAMESPACE,
        DeclKind::Tool => SymbolKind::OBJECT,
        DeclKind::Skill => SymbolKind::FUNCTION,
        DeclKind::Playbook => SymbolKind::CLASS,
        DeclKind::Campaign => SymbolKind::MODULE,
        DeclKind::Route => SymbolKind::KEY,
        DeclKind::Sequence => SymbolKind::ARRAY,
        DeclKind::Automation => SymbolKind::EVENT,
        DeclKind::Scoring => SymbolKind::ENUM,
        DeclKind::Attribution => SymbolKind::OPERATOR,
        DeclKind::UtmPolicy => SymbolKind::STRUCT,
        DeclKind::Hygiene => SymbolKind::PACKAGE,
        DeclKind::Audit => SymbolKind::FILE,
        DeclKind::Dataset => SymbolKind::VARIABLE,
    }
}

fn kind_of(kind: &str) -> SymbolKind {
    if let Some(k) = DeclKind::from_name(kind) {
        return decl_symbol(k);
    }
    match kind {
        "step" => SymbolKind::METHOD,
        "email" => SymbolKind::STRING,
        "signal" => SymbolKind::ENUM_MEMBER,
        "icp" | "utm" | "channel-rule" => SymbolKind::STRUCT,
        "task" => SymbolKind::EVENT,
        "goals" | "score" | "tiers" => SymbolKind::NUMBER,
        "notes" => SymbolKind::STRING,
        "columns" | "quality" | "formats" => SymbolKind::PROPERTY,
        _ => SymbolKind::NULL,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written even though it is deprecated
fn symbol(text: &str, map: &LineMap, b: &Block) -> Option<DocumentSymbol> {
    if b.kind.text.is_empty() {
        return None;
    }
    let name = b.display_name().to_string();
    let detail = match &b.ty {
        Some(t) => format!("{}: {}", b.kind.text, t.text),
        None => b.kind.text.clone(),
    };
    let selection = b.name.as_ref().map(|n| n.span).unwrap_or(b.kind.span);
    let children: Vec<DocumentSymbol> = b.blocks.iter().filter_map(|c| symbol(text, map, c)).collect();
    Some(DocumentSymbol {
        name,
        detail: Some(detail),
        kind: kind_of(&b.kind.text),
        tags: None,
        deprecated: None,
        range: map.range(text, b.span),
        selection_range: map.range(text, selection),
        children: (!children.is_empty()).then_some(children),
    })
}

/// The outline of one file.
pub fn document_symbols(text: &str, map: &LineMap, ast: &SourceFile) -> Vec<DocumentSymbol> {
    ast.blocks.iter().filter_map(|b| symbol(text, map, b)).collect()
}

/// `textDocument/documentSymbol`.
pub(super) fn handle(s: &mut Server, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    s.ensure_fresh();
    let view = s.view(&p.text_document.uri)?;
    let text = &view.doc.text;
    let ast = view.ast();
    Some(DocumentSymbolResponse::Nested(document_symbols(text, &LineMap::new(text), &ast)))
}
