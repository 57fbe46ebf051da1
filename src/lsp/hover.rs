//! Hover: what the word under the cursor is, in Markdown.
//!
//! - a block kind or an attribute name: its documentation, type and allowed
//!   values, from the schema table (`crate::schema`);
//! - a reference (an attribute value, a `: TYPE`, an `after` step) or a
//!   declaration's name: a description of the declaration, from the checked
//!   model (a skill's category, summary, requires and produces; a tool's
//!   category, owner and status; a context's product; …);
//! - a diagnostic's range: its message and the rule's or error code's
//!   explanation (`crate::explain`).

use crate::kinds::DeclKind;
use std::fmt::Write as _;

use crate::check::{Analysis, Report};
use crate::diagnostic::{FileId, Span};
use crate::model::{Decl, Model};
use crate::schema::{self, KindSpec, NameRule, Req, Ty, TypeRule};
use crate::syntax::SourceFile;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::scan::{self, State, Tok};
use super::server::Server;

/// `textDocument/hover`.
pub(super) fn handle(s: &mut Server, p: HoverParams) -> Option<Hover> {
    s.ensure_fresh();
    let (view, map, offset) = s.view_at(&p.text_document_position_params)?;
    let text = &view.doc.text;
    let ast = view.ast();
    let input = Input { text, offset, file: view.file, report: view.report, analysis: view.analysis, ast: &ast };
    let (value, span) = hover(&input)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: Some(map.range(text, span)),
    })
}

/// A declaration in one line (`detail`) and in Markdown.
pub struct Description {
    pub detail: String,
    pub markdown: String,
}

fn find<'m, T>(decls: &'m [Decl<T>], name: &str) -> Option<&'m Decl<T>> {
    decls.iter().find(|d| d.name.value == name)
}

fn list(items: &[crate::model::Spanned<crate::model::Name>]) -> String {
    if items.is_empty() {
        "—".to_string()
    } else {
        items.iter().map(|i| format!("`{}`", i.value)).collect::<Vec<_>>().join(", ")
    }
}

fn origin(file: FileId) -> &'static str {
    if file == FileId::PRELUDE {
        " *(prelude)*"
    } else {
        ""
    }
}

/// Describe the declaration `name` of `kind` (a step: of campaign `scope`).
pub fn describe(kind: &str, name: &str, scope: Option<&str>, model: &Model) -> Option<Description> {
    if kind == "step" {
        return describe_step(name, scope?, model);
    }
    let d = match DeclKind::from_name(kind)? {
        DeclKind::Skill => {
            let s = model.skill(name)?;
            let mut md = format!("**skill** `{name}`: {}{}\n\n", s.data.category.value, origin(s.file));
            if let Some(sum) = &s.data.summary {
                let _ = writeln!(md, "{}\n", sum.value);
            }
            let _ = write!(md, "- requires: {}\n- produces: {}", list(&s.data.requires), list(&s.data.produces));
            Description { detail: format!("skill ({})", s.data.category.value), markdown: md }
        }
        DeclKind::Tool => {
            let t = model.tool(name)?;
            let mut md = format!("**tool** `{name}`: {}{}\n\n", t.data.category.value, origin(t.file));
            if let Some(o) = &t.data.owner {
                let _ = writeln!(md, "- owner: {}", o.value);
            }
            let _ = writeln!(md, "- status: {}", t.data.status.value);
            if let Some(c) = &t.data.cost {
                let per = match c.value.per {
                    crate::literal::Per::Yr => "yr",
                    crate::literal::Per::Mo => "mo",
                };
                let _ = writeln!(md, "- cost: {}/{per}", c.value.money);
            }
            if !t.data.integrates.is_empty() {
                let _ = writeln!(md, "- integrates: {}", list(&t.data.integrates));
            }
            Description { detail: format!("tool ({})", t.data.category.value), markdown: md.trim_end().to_string() }
        }
        DeclKind::Context => {
            let c = model.context(name)?;
            let mut md = format!("**context** `{name}`{}", origin(c.file));
            if let Some(p) = &c.data.product {
                let _ = write!(md, "\n\n- product: {}", p.value);
            }
            if let Some(p) = &c.data.positioning {
                let first = p.value.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                let _ = write!(md, "\n- positioning: {first}");
            }
            let product = c.data.product.as_ref().map(|p| p.value.to_string()).unwrap_or_default();
            Description { detail: format!("context ({product})"), markdown: md }
        }
        DeclKind::Playbook => {
            let p = model.playbook(name)?;
            let mut md = format!("**playbook** `{name}`{}\n\n", origin(p.file));
            if let Some(s) = &p.data.summary {
                let _ = writeln!(md, "{}\n", s.value);
            }
            let _ = write!(md, "steps: {}", list(&p.data.steps));
            let summary = p.data.summary.as_ref().map(|s| s.value.to_string()).unwrap_or_default();
            Description { detail: format!("playbook: {summary}"), markdown: md }
        }
        DeclKind::Campaign => {
            let c = find(&model.campaigns, name)?;
            let mut md = format!("**campaign** `{name}`: playbook `{}`\n\n", c.data.playbook.value);
            if let Some(o) = &c.data.owner {
                let _ = writeln!(md, "- owner: {}", o.value);
            }
            if let Some(s) = &c.data.start {
                let _ = writeln!(md, "- start: {}", s.value);
            }
            let _ = write!(md, "- steps: {}", c.data.steps.len());
            Description { detail: format!("campaign ({})", c.data.playbook.value), markdown: md }
        }
        DeclKind::Route => {
            let r = find(&model.routes, name)?;
            let to = r.data.to.as_ref().map(|t| t.value.to_string()).unwrap_or_default();
            Description {
                detail: format!("route → {to}"),
                markdown: format!("**route** `{name}` → skill `{to}`{}", origin(r.file)),
            }
        }
        DeclKind::Sequence => {
            let s = find(&model.sequences, name)?;
            Description {
                detail: format!("sequence ({})", s.data.kind.value),
                markdown: format!("**sequence** `{name}`: {} ({} emails)", s.data.kind.value, s.data.emails.len()),
            }
        }
        DeclKind::Automation => {
            let a = find(&model.automations, name)?;
            let status = a.data.status.as_ref().map(|s| s.value.to_string()).unwrap_or_default();
            Description {
                detail: format!("automation ({})", a.data.kind.value),
                markdown: format!("**automation** `{name}`: {}, {status}", a.data.kind.value),
            }
        }
        DeclKind::Dataset => {
            let ds = model.dataset(name)?;
            Description {
                detail: format!("dataset ({})", ds.data.kind.value),
                markdown: super::cond_hover::describe_dataset(ds),
            }
        }
        k @ (DeclKind::Scoring | DeclKind::Attribution | DeclKind::Hygiene | DeclKind::Audit | DeclKind::UtmPolicy) => {
            let exists = match k {
                DeclKind::Scoring => find(&model.scorings, name).is_some(),
                DeclKind::Attribution => find(&model.attributions, name).is_some(),
                DeclKind::Hygiene => find(&model.hygienes, name).is_some(),
                DeclKind::Audit => find(&model.audits, name).is_some(),
                _ => find(&model.utm_policies, name).is_some(),
            };
            if !exists {
                return None;
            }
            let doc = schema::kind(kind).map(|k| k.doc).unwrap_or("");
            Description { detail: kind.to_string(), markdown: format!("**{kind}** `{name}`\n\n{doc}") }
        }
    };
    Some(d)
}

fn describe_step(name: &str, scope: &str, model: &Model) -> Option<Description> {
    let c = find(&model.campaigns, scope)?;
    let s = c.data.steps.iter().find(|s| s.name.value == name)?;
    let mut md = format!("**step** `{name}` of campaign `{}`: skill `{}`", c.name.value, s.skill.value);
    if let Some(d) = &s.duration {
        let _ = write!(md, "\n\n- duration: {}", d.value);
    }
    if let Some(t) = &s.tool {
        let _ = write!(md, "\n- tool: `{}`", t.value);
    }
    if let Some(a) = &s.after {
        let _ = write!(md, "\n- after: {}", list(&a.value));
    }
    Some(Description { detail: format!("step ({})", s.skill.value), markdown: md })
}

/// The documentation of a block kind.
pub fn kind_doc(spec: &KindSpec) -> String {
    let mut md = format!("**block** `{}`\n\n{}\n\n", spec.kind, spec.doc);
    let name = match spec.name {
        NameRule::Required => " NAME",
        NameRule::Forbidden => "",
    };
    let ty = match spec.ty {
        TypeRule::None => String::new(),
        TypeRule::Enum(_) | TypeRule::Ref(_) => format!(": {}", spec.ty_meaning.to_uppercase()),
    };
    let _ = writeln!(md, "`{}{name}{ty} {{ … }}`\n", spec.kind);
    match spec.ty {
        TypeRule::Enum(vals) => {
            let _ = writeln!(
                md,
                "{}: one of {}\n",
                spec.ty_meaning,
                vals.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
            );
        }
        TypeRule::Ref(k) => {
            let _ = writeln!(md, "{}: the name of a {k}\n", spec.ty_meaning);
        }
        TypeRule::None => {}
    }
    if !spec.attrs.is_empty() {
        let _ = writeln!(md, "attributes:");
        for a in spec.attrs {
            let req = if a.req == Req::Required { " (required)" } else { "" };
            let _ = writeln!(md, "- `{}`{req}: {}", a.name, a.ty.describe());
        }
    }
    if !spec.children.is_empty() {
        let kids = spec.children.iter().map(|c| format!("`{}`", c.kind)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(md, "\nblocks: {kids}");
    }
    md.trim_end().to_string()
}

/// The documentation of an attribute of a block kind.
pub fn attr_doc(kind: &str, name: &str) -> Option<String> {
    let a = schema::kind(kind)?.attr(name)?;
    let req = if a.req == Req::Required { "required" } else { "optional" };
    let mut md = format!("**attribute** `{name}` of `{kind}` ({req})\n\n{}\n\ntype: {}", a.doc, a.ty.describe());
    let vals = match a.ty {
        Ty::Enum(v) => Some(v),
        Ty::List(Ty::Enum(v)) => Some(*v),
        _ => None,
    };
    if let Some(v) = vals {
        let _ = write!(md, "\n\nallowed values: {}", v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "));
    }
    Some(md)
}

/// The explanation of a diagnostic code, in Markdown.
pub fn code_doc(code: &str) -> Option<String> {
    if let Some(r) = crate::rules::any_rule(code) {
        return Some(format!("`{}` **{}**: {}\n\n{}", r.code, r.name, r.summary, r.why));
    }
    if let Some(e) = crate::explain::error_code(code) {
        return Some(format!("`{}` **{}**: {}", e.code, e.title, e.explanation));
    }
    crate::explain::explain(code).ok().map(|t| format!("```text\n{t}\n```"))
}

/// Everything hover needs about one document.
pub struct Input<'a> {
    pub text: &'a str,
    pub offset: usize,
    /// The document's file in the report, when it was checked.
    pub file: Option<FileId>,
    pub report: Option<&'a Report>,
    pub analysis: Option<&'a Analysis>,
    pub ast: &'a SourceFile,
}

/// The hover text and the span it is about.
pub fn hover(inp: &Input) -> Option<(String, Span)> {
    let mut parts = Vec::new();
    let mut span = None;
    if let Some((md, sp)) = element(inp) {
        parts.push(md);
        span = Some(sp);
    }
    // diagnostics under the cursor
    if let (Some(report), Some(file)) = (inp.report, inp.file) {
        let mut seen = Vec::new();
        for d in report.diagnostics.iter().filter(|d| d.file == file) {
            if !(d.span.start() <= inp.offset && inp.offset <= d.span.end()) {
                continue;
            }
            let mut md = format!("**{}** ({}): {}", d.code, d.severity.as_str(), d.message);
            if let Some(h) = &d.help {
                let _ = write!(md, "\n\nhelp: {h}");
            }
            if !seen.contains(&d.code) {
                if let Some(doc) = code_doc(&d.code) {
                    let _ = write!(md, "\n\n{doc}");
                }
                seen.push(d.code.clone());
            }
            parts.push(md);
            span.get_or_insert(d.span);
        }
    }
    let span = span?;
    Some((parts.join("\n\n---\n\n"), span))
}

/// A reference written in the document.
pub struct DocRef {
    pub kind: &'static str,
    pub name: String,
    pub span: Span,
    /// For a step reference (`after`): its campaign.
    pub scope: Option<String>,
}

/// The references written in the document (read off its lowered model).
pub fn refs_of(file: FileId, ast: &SourceFile) -> Vec<DocRef> {
    let lowered = crate::lower::lower_file(file, ast);
    crate::refs::all(&lowered.model)
        .into_iter()
        .map(|r| DocRef {
            kind: r.kind(),
            name: r.name.to_string(),
            span: r.span,
            scope: r.scope.map(|c| c.name.value.to_string()),
        })
        .collect()
}

fn element(inp: &Input) -> Option<(String, Span)> {
    let model = inp.analysis.map(|a| &a.model);
    // inside a condition: the type of the expression under the cursor
    if let (Some(file), Some(model)) = (inp.file, model) {
        if let Some(h) = super::cond_hover::hover(inp.text, inp.offset, file, inp.ast, model) {
            return Some(h);
        }
    }
    // a reference, as lowering recorded it
    if let (Some(file), Some(model)) = (inp.file, model) {
        let hit = refs_of(file, inp.ast)
            .into_iter()
            .find(|r| r.span.start() <= inp.offset && inp.offset <= r.span.end() && !r.span.is_empty());
        if let Some(r) = hit {
            let md = match describe(r.kind, &r.name, r.scope.as_deref(), model) {
                Some(d) => d.markdown,
                None => format!("no {} `{}` is declared", r.kind, r.name),
            };
            return Some((md, r.span));
        }
    }
    // otherwise read the role of the word from the text
    let word = scan::word_at(inp.text, inp.offset)?;
    let w = &inp.text[word.start()..word.end()];
    let s = scan::scan(inp.text, word.start());
    if s.state != State::Normal {
        return None;
    }
    let next = scan::next_char(inp.text, word.end());
    if let Some(l) = &s.list {
        // a list item: a reference of the list's type
        let (kind, attr) = (s.block_kind()?, l.attr.as_deref()?);
        if let Ty::List(Ty::Ref(k)) = schema::kind(kind)?.attr(attr)?.ty {
            let scope = s.blocks.iter().rev().find(|b| b.kind == "campaign").and_then(|b| b.name.clone());
            return describe(k, w, scope.as_deref(), model?).map(|d| (d.markdown, word));
        }
        return None;
    }
    if next == Some('=') {
        return attr_doc(s.block_kind()?, w).map(|md| (md, word));
    }
    let seg: Vec<Tok> = s.segment.iter().map(|(t, _)| *t).collect();
    let seg_word = |i: usize| s.segment.get(i).map(|(_, sp)| &inp.text[sp.start()..sp.end()]);
    match seg.as_slice() {
        // the kind of a block
        [] => {
            let spec = schema::kind(w)?;
            Some((kind_doc(spec), word))
        }
        // the name of a declaration
        [Tok::Word] => {
            let kind = seg_word(0)?;
            let scope = s.blocks.iter().rev().find(|b| b.kind == "campaign").and_then(|b| b.name.clone());
            describe(kind, w, scope.as_deref(), model?).map(|d| (d.markdown, word))
        }
        // the `: TYPE` of a block
        [Tok::Word, Tok::Colon] | [Tok::Word, Tok::Word, Tok::Colon] => {
            let kind = seg_word(0)?;
            let spec = schema::kind(kind)?;
            match spec.ty {
                TypeRule::Enum(vals) => {
                    let all = vals.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
                    Some((format!("`{w}`: the {} of a `{kind}`\n\none of {all}", spec.ty_meaning), word))
                }
                TypeRule::Ref(k) => describe(k, w, None, model?).map(|d| (d.markdown, word)),
                TypeRule::None => None,
            }
        }
        // an attribute's value
        [.., Tok::Word, Tok::Eq] => {
            let attr = seg_word(seg.len() - 2)?;
            let a = schema::kind(s.block_kind()?)?.attr(attr)?;
            match a.ty {
                Ty::Ref(k) => describe(k, w, None, model?).map(|d| (d.markdown, word)),
                Ty::Enum(_) => attr_doc(s.block_kind()?, attr).map(|md| (md, word)),
                _ => None,
            }
        }
        _ => None,
    }
}
