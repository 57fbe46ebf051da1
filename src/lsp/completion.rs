//! Completion from the schema table and the checked model.
//!
//! The context comes from `scan` (the raw text up to the cursor), so that
//! half-typed input that does not parse still completes:
//!
//! | cursor | items |
//! |---|---|
//! | start of a top-level line | top-level block kinds, `import` |
//! | start of a line in a block | the block's attributes (not yet written ones first) and nested block kinds |
//! | `attr = ` | enum values, `true`/`false`, names of the referenced kind |
//! | `after = [` in a step | the other steps of the same campaign |
//! | `KIND NAME: ` | the kind's type: skills after `step`, playbooks after `campaign`, categories after `tool`, … |
//!
//! Every item replaces the word being typed (a `textEdit`), so names with
//! dashes complete whole whatever the client thinks a word is.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit, Documentation,
    MarkupContent, MarkupKind, TextEdit,
};

use crate::check::Analysis;
use crate::schema::{self, KindSpec, Req, Ty, TypeRule};

use super::convert::LineMap;
use super::hover::{attr_doc, describe, kind_doc};
use super::scan::{self, Scan, State, Tok};
use super::server::Server;

/// `textDocument/completion`.
pub(super) fn handle(s: &mut Server, p: CompletionParams) -> Option<CompletionResponse> {
    s.ensure_fresh();
    let (view, map, offset) = s.view_at(&p.text_document_position)?;
    Some(CompletionResponse::Array(complete(&view.doc.text, offset, &map, view.analysis)))
}

struct Out<'a> {
    text: &'a str,
    map: &'a LineMap,
    scan: &'a Scan,
    items: Vec<CompletionItem>,
}

impl Out<'_> {
    fn push(&mut self, label: &str, kind: CompletionItemKind, detail: String, doc: Option<String>, sort: String) {
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        let range = self.map.range(self.text, self.scan.partial);
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: Some(detail),
            documentation: doc
                .map(|d| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d })),
            sort_text: Some(sort),
            filter_text: Some(label.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: label.to_string() })),
            ..Default::default()
        });
    }
}

/// Completion items at byte offset `cursor` of `text`; `analysis` (the last
/// check of the document's workspace) supplies the names.
pub fn complete(text: &str, cursor: usize, map: &LineMap, analysis: Option<&Analysis>) -> Vec<CompletionItem> {
    let s = scan::scan(text, cursor);
    if s.state != State::Normal {
        return Vec::new();
    }
    let mut out = Out { text, map, scan: &s, items: Vec::new() };
    let seg: Vec<Tok> = s.segment.iter().map(|(t, _)| *t).collect();
    let word = |i: usize| s.segment.get(i).map(|(_, sp)| &text[sp.start()..sp.end()]).unwrap_or("");
    if let Some(list) = &s.list {
        if let (Some(kind), Some(attr)) = (s.block_kind(), list.attr.as_deref()) {
            if let Some(a) = schema::kind(kind).and_then(|k| k.attr(attr)) {
                if let Ty::List(inner) = a.ty {
                    values(&mut out, kind, attr, inner, analysis, &list.items);
                }
            }
            // `quality { required = [ | ] }`: the columns of the dataset
            if kind == "quality" && matches!(attr, "required" | "unique") {
                let ds = s.blocks.iter().rev().find(|b| b.kind == "dataset").and_then(|b| b.name.clone());
                let model = analysis.map(|a| &a.model);
                if let Some(d) = ds.as_deref().and_then(|n| model.and_then(|m| m.dataset(n))) {
                    for (i, (col, ty)) in d.data.schema().iter().enumerate() {
                        if !list.items.iter().any(|x| x == col.as_str()) {
                            let detail = format!("{}: {}", d.name.value, ty.as_str());
                            out.push(col, CompletionItemKind::FIELD, detail, None, format!("{i:03}"));
                        }
                    }
                }
            }
        }
        return out.items;
    }
    // inside a condition (`when = …`): columns, functions, touches datasets
    if seg.len() >= 2 && seg[0] == Tok::Word && seg[1] == Tok::Eq && word(0) == "when" {
        let scoring = s.blocks.iter().rev().find(|b| b.kind == "scoring").and_then(|b| b.name.clone());
        let start = s.segment.get(1).map_or(cursor, |(_, sp)| sp.end());
        let inner = aggregate_where(&text[start..cursor.max(start)]);
        condition(&mut out, analysis, scoring.as_deref(), inner.as_deref());
        return out.items;
    }
    match seg.as_slice() {
        [.., Tok::Word, Tok::Eq] => {
            let attr = word(seg.len() - 2);
            if let Some(kind) = s.block_kind() {
                if let Some(a) = schema::kind(kind).and_then(|k| k.attr(attr)) {
                    if !matches!(a.ty, Ty::List(_)) {
                        values(&mut out, kind, attr, &a.ty, analysis, &[]);
                    }
                }
            }
        }
        [Tok::Word, Tok::Colon] | [Tok::Word, Tok::Word, Tok::Colon] => {
            if let Some(spec) = schema::kind(word(0)) {
                types(&mut out, spec, analysis);
            }
        }
        [] => match s.blocks.last() {
            Some(b) => {
                if let Some(spec) = schema::kind(&b.kind) {
                    members(&mut out, spec, text, cursor);
                }
            }
            None => top_level(&mut out),
        },
        // after a complete `attr = value` on the same line: the next attribute
        _ if seg.contains(&Tok::Eq) && !matches!(seg.last(), Some(Tok::Colon)) => {
            if let Some(spec) = s.block_kind().and_then(schema::kind) {
                members(&mut out, spec, text, cursor);
            }
        }
        // naming a block (`tool |`), or text that is not a statement
        _ => {}
    }
    out.items
}

fn top_level(out: &mut Out) {
    for (i, k) in schema::top_level_kinds().enumerate() {
        out.push(k.kind, CompletionItemKind::KEYWORD, k.doc.to_string(), Some(kind_doc(k)), format!("0{i:02}"));
    }
    out.push(
        "import",
        CompletionItemKind::KEYWORD,
        "import \"path.mops\": declarations of another file".into(),
        None,
        "100".into(),
    );
}

/// Attributes and nested block kinds of a block: required attributes not yet
/// written, then optional ones not yet written, then nested blocks, then the
/// attributes already written (they would be E014).
fn members(out: &mut Out, spec: &KindSpec, text: &str, cursor: usize) {
    let frame = out.scan.blocks.last();
    let later = scan::after(text, cursor);
    let mut written: Vec<String> = frame.map(|b| b.attrs.clone()).unwrap_or_default();
    written.extend(later.attrs);
    for (i, a) in spec.attrs.iter().enumerate() {
        let rank = if written.iter().any(|w| w == a.name) {
            3
        } else if a.req == Req::Required {
            0
        } else {
            1
        };
        let detail = format!("{}{}", a.ty.describe(), if a.req == Req::Required { " (required)" } else { "" });
        out.push(a.name, CompletionItemKind::PROPERTY, detail, attr_doc(spec.kind, a.name), format!("{rank}{i:02}"));
    }
    let mut children: Vec<&str> =
        frame.map(|b| b.children.iter().map(|(k, _)| k.as_str()).collect()).unwrap_or_default();
    children.extend(later.children.iter().map(String::as_str));
    for (i, c) in spec.children.iter().enumerate() {
        let Some(cs) = schema::kind(c.kind) else { continue };
        let rank = if !c.many && children.contains(&c.kind) { 4 } else { 2 };
        out.push(c.kind, CompletionItemKind::MODULE, cs.doc.to_string(), Some(kind_doc(cs)), format!("{rank}{i:02}"));
    }
}

/// The `: TYPE` of a block kind.
fn types(out: &mut Out, spec: &KindSpec, analysis: Option<&Analysis>) {
    match spec.ty {
        TypeRule::Enum(vals) => {
            for (i, v) in vals.iter().enumerate() {
                out.push(
                    v,
                    CompletionItemKind::ENUM_MEMBER,
                    format!("{} {}", spec.kind, spec.ty_meaning),
                    None,
                    format!("{i:03}"),
                );
            }
        }
        TypeRule::Ref(k) => names(out, k, analysis, &[]),
        TypeRule::None => {}
    }
}

/// Values of an attribute of type `ty` (a list's item type inside `[ ]`).
fn values(out: &mut Out, kind: &str, attr: &str, ty: &Ty, analysis: Option<&Analysis>, exclude: &[String]) {
    match ty {
        Ty::Enum(vals) => {
            for (i, v) in vals.iter().enumerate() {
                if exclude.iter().any(|e| e == v) {
                    continue;
                }
                out.push(v, CompletionItemKind::ENUM_MEMBER, format!("{kind}.{attr}"), None, format!("{i:03}"));
            }
        }
        Ty::Bool => {
            out.push("true", CompletionItemKind::KEYWORD, "boolean".into(), None, "0".into());
            out.push("false", CompletionItemKind::KEYWORD, "boolean".into(), None, "1".into());
        }
        Ty::Ref("step") => steps(out, analysis, exclude),
        Ty::Ref(k) => names(out, k, analysis, exclude),
        Ty::Word | Ty::WordOrString => {
            let Some(model) = analysis.map(|a| &a.model) else { return };
            let words: Vec<String> = match (kind, attr) {
                // artifacts: what skills require and produce
                ("campaign", "given") | ("skill", "requires") | ("skill", "produces") => {
                    let mut v: Vec<String> = model
                        .skills
                        .iter()
                        .flat_map(|s| s.data.requires.iter().chain(s.data.produces.iter()).map(|a| a.value.to_string()))
                        .collect();
                    v.sort();
                    v.dedup();
                    v
                }
                // UTM values allowed by the policy in force (globs left out)
                ("utm", "source") => policy(model, |p| &p.sources),
                ("utm", "medium") => policy(model, |p| &p.mediums),
                _ => Vec::new(),
            };
            for (i, w) in words.iter().enumerate() {
                if exclude.contains(w) {
                    continue;
                }
                out.push(w, CompletionItemKind::VALUE, format!("{kind}.{attr}"), None, format!("{i:04}"));
            }
        }
        _ => {}
    }
}

fn policy(
    model: &crate::model::Model,
    field: impl Fn(&crate::model::UtmPolicy) -> &Vec<crate::model::Spanned<crate::model::Name>>,
) -> Vec<String> {
    model
        .utm_policy()
        .map(|p| field(&p.data).iter().map(|s| s.value.to_string()).filter(|v| !v.contains(['*', '?', '['])).collect())
        .unwrap_or_default()
}

/// Declared names of a kind, with their descriptions.
fn names(out: &mut Out, kind: &str, analysis: Option<&Analysis>, exclude: &[String]) {
    let Some(a) = analysis else { return };
    for (i, n) in a.symbols.names_of(kind).into_iter().enumerate() {
        if exclude.iter().any(|e| e == n) {
            continue;
        }
        let (detail, doc) = match describe(kind, n, None, &a.model) {
            Some(d) => (d.detail, Some(d.markdown)),
            None => (kind.to_string(), None),
        };
        out.push(n, CompletionItemKind::REFERENCE, detail, doc, format!("{i:04}"));
    }
}

/// The steps of the campaign around the cursor, but the step being edited.
fn steps(out: &mut Out, analysis: Option<&Analysis>, exclude: &[String]) {
    let blocks = &out.scan.blocks;
    let Some(ci) = blocks.iter().rposition(|b| b.kind == "campaign") else { return };
    let campaign = blocks[ci].name.clone();
    let current = blocks.get(ci + 1).filter(|b| b.kind == "step").and_then(|b| b.name.clone());
    // steps written before the cursor, then the checked model's (those after it)
    let mut found: Vec<(String, String)> = blocks[ci]
        .children
        .iter()
        .filter(|(k, n)| k == "step" && n.is_some())
        .map(|(_, n)| (n.clone().unwrap_or_default(), String::new()))
        .collect();
    if let (Some(a), Some(c)) = (analysis, campaign.as_deref()) {
        if let Some(c) = a.model.campaigns.iter().find(|d| d.name.value == c) {
            for s in &c.data.steps {
                match found.iter_mut().find(|(n, _)| *n == s.name.value) {
                    Some(f) => f.1 = s.skill.value.to_string(),
                    None => found.push((s.name.value.to_string(), s.skill.value.to_string())),
                }
            }
        }
    }
    for (i, (name, skill)) in found.iter().enumerate() {
        if Some(name) == current.as_ref() || exclude.contains(name) {
            continue;
        }
        let detail = if skill.is_empty() { "step".to_string() } else { format!("step ({skill})") };
        out.push(name, CompletionItemKind::REFERENCE, detail, None, format!("{i:04}"));
    }
}

/// The touches dataset whose columns are in scope at the end of `cond`: the
/// innermost unclosed aggregate call whose `where` has begun
/// (`count(web where ev|` → `web`).
fn aggregate_where(cond: &str) -> Option<String> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let b = cond.as_bytes();
    let mut i = 0;
    let mut word_start = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                word_start = None;
            }
            b'(' => {
                let name = word_start.map(|s| cond[s..i].trim().to_string()).unwrap_or_default();
                stack.push((name, i + 1));
                word_start = None;
            }
            b')' => {
                stack.pop();
                word_start = None;
            }
            c if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' => {
                if word_start.is_none() {
                    word_start = Some(i);
                }
            }
            b' ' | b'\t' if word_start.is_some() && b.get(i + 1) == Some(&b'(') => {}
            _ => word_start = None,
        }
        i += 1;
    }
    let (name, open) = stack.iter().rev().find(|(n, _)| crate::data::cond::is_aggregate(n))?;
    let _ = name;
    let inside = cond.get(*open..)?;
    let mut words = inside.split(|c: char| c.is_whitespace() || c == ',');
    let ds = words.find(|w| !w.is_empty())?;
    let ds = ds.split('.').next().unwrap_or(ds);
    inside.split_whitespace().any(|w| w == "where").then(|| ds.to_string())
}

/// In a condition: the columns of the scoring's leads dataset (with their
/// types), or, inside an aggregate's `where`, of the touches it reads; the
/// functions; and the touches datasets aggregates read.
fn condition(out: &mut Out, analysis: Option<&Analysis>, scoring: Option<&str>, inner: Option<&str>) {
    let Some(model) = analysis.map(|a| &a.model) else { return };
    let named = scoring.and_then(|n| model.scorings.iter().find(|s| s.name.value == n));
    let in_scope = match inner {
        Some(t) => model.dataset(t).filter(|d| d.data.kind.value == "touches"),
        None => model.dataset_for(named.and_then(|s| s.data.leads.as_ref()), "leads"),
    };
    if let Some(ds) = in_scope {
        for (i, (col, ty)) in ds.data.schema().iter().enumerate() {
            out.push(
                col,
                CompletionItemKind::FIELD,
                format!("{}: {}", ds.name.value, ty.as_str()),
                None,
                format!("0{i:03}"),
            );
        }
    }
    for (i, (f, doc)) in crate::data::cond::FUNCTIONS.iter().enumerate() {
        out.push(f, CompletionItemKind::FUNCTION, doc.to_string(), None, format!("1{i:03}"));
    }
    for (i, d) in model.datasets.iter().filter(|d| d.data.kind.value == "touches").enumerate() {
        out.push(&d.name.value, CompletionItemKind::MODULE, "touches dataset".into(), None, format!("2{i:03}"));
    }
}
