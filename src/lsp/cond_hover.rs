//! Hover inside a condition (`when = …`, DATA.md §2): the type of the
//! expression under the cursor, checked against the dataset in scope (the
//! scoring's leads; inside an aggregate's `where`, the touches it reads).

use std::fmt::Write as _;

use crate::data::cond::{self, Scope};
use crate::diagnostic::{FileId, Span};
use crate::model::{Dataset, Decl, Model};
use crate::syntax::{Block, SourceFile, Value, ValueKind};

/// Attributes whose value is a condition.
const CONDITION_ATTRS: &[&str] = &["when"];

/// The hover text of the expression at `offset`, if it is inside a condition.
pub fn hover(text: &str, offset: usize, file: FileId, ast: &SourceFile, model: &Model) -> Option<(String, Span)> {
    for b in &ast.blocks {
        if let Some(h) = in_block(text, offset, file, b, None, model) {
            return Some(h);
        }
    }
    None
}

fn in_block(
    text: &str,
    offset: usize,
    file: FileId,
    b: &Block,
    scoring: Option<&str>,
    model: &Model,
) -> Option<(String, Span)> {
    if !(b.span.start() <= offset && offset <= b.span.end()) {
        return None;
    }
    let scoring = if b.kind.text == "scoring" { b.name.as_ref().map(|n| n.text.as_str()) } else { scoring };
    for a in &b.attributes {
        if CONDITION_ATTRS.contains(&a.name.text.as_str()) && contains(a.value.span, offset) {
            let named = scoring.and_then(|n| model.scorings.iter().find(|s| s.name.value == n));
            let leads = model.dataset_for(named.and_then(|s| s.data.leads.as_ref()), "leads");
            return at(text, offset, file, &a.value, leads, false, model);
        }
    }
    b.blocks.iter().find_map(|c| in_block(text, offset, file, c, scoring, model))
}

fn contains(span: Span, offset: usize) -> bool {
    span.start() <= offset && offset <= span.end() && !span.is_empty()
}

/// The innermost expression around `offset` and its type in the scope.
fn at<'m>(
    text: &str,
    offset: usize,
    file: FileId,
    v: &Value,
    dataset: Option<&'m Decl<Dataset>>,
    in_aggregate: bool,
    model: &'m Model,
) -> Option<(String, Span)> {
    // descend into the child that holds the cursor
    match &v.kind {
        ValueKind::Not(_, e) | ValueKind::Paren(e) if contains(e.span, offset) => {
            return at(text, offset, file, e, dataset, in_aggregate, model);
        }
        ValueKind::Binary { lhs, rhs, .. } => {
            for side in [lhs, rhs] {
                if contains(side.span, offset) {
                    return at(text, offset, file, side, dataset, in_aggregate, model);
                }
            }
        }
        ValueKind::List(items) => {
            if let Some(i) = items.iter().find(|i| contains(i.span, offset)) {
                return at(text, offset, file, i, dataset, in_aggregate, model);
            }
        }
        ValueKind::Call { name, args } if !contains(name.span, offset) => {
            for a in args {
                if contains(a.expr.span, offset) {
                    // the aggregate's dataset: the touches dataset itself
                    if crate::data::cond::is_aggregate(&name.text) {
                        return dataset_hover(&a.expr, model);
                    }
                    return at(text, offset, file, &a.expr, dataset, in_aggregate, model);
                }
                let touches = aggregate_dataset(&name.text, &a.expr, model);
                for w in [&a.where_, &a.within].into_iter().flatten() {
                    if contains(w.span, offset) {
                        return match touches {
                            Some(t) => at(text, offset, file, w, Some(t), true, model),
                            None => None,
                        };
                    }
                }
            }
        }
        _ => {}
    }
    let mut sink = Vec::new();
    let e = cond::from_syntax(v, file, &mut sink)?;
    let sc = Scope { model, dataset, file, in_aggregate };
    let ty = cond::type_of(&e, &sc, &mut sink)?;
    let src = text.get(v.span.start()..v.span.end()).unwrap_or("");
    let src: String =
        if src.chars().count() > 60 { src.chars().take(57).collect::<String>() + "…" } else { src.into() };
    let mut md = match (&e.kind, dataset) {
        (cond::ExprKind::Column(c), Some(ds)) => {
            let role =
                ds.data.roles.iter().find(|(_, col)| col.value == *c).map(|(r, _)| r.to_string()).or_else(|| {
                    // a role's default column has the role's name
                    crate::schema::DATASET_ROLES
                        .iter()
                        .find(|(k, _)| *k == ds.data.kind.value)
                        .and_then(|(_, roles)| roles.iter().find(|(r, _)| *r == c.as_str()))
                        .filter(|(r, _)| !ds.data.roles.iter().any(|(rr, _)| rr.as_str() == *r))
                        .map(|(r, _)| r.to_string())
                });
            let mut md = format!("**column** `{c}` of dataset `{}`: {}", ds.name.value, ty.describe());
            if let Some(r) = role {
                let _ = write!(md, "\n\nplays the `{r}` role of a {} dataset", ds.data.kind.value);
            }
            md
        }
        _ => format!("**expression** `{src}`: {}", ty.describe()),
    };
    if let ValueKind::Call { name, .. } = &v.kind {
        if let Some((_, doc)) = cond::FUNCTIONS.iter().find(|(f, _)| *f == name.text) {
            let _ = write!(md, "\n\n{doc}");
        }
    }
    Some((md, v.span))
}

/// The touches dataset an aggregate call reads (`count(web …)`, `sum(web.value …)`).
fn aggregate_dataset<'m>(func: &str, arg: &Value, model: &'m Model) -> Option<&'m Decl<Dataset>> {
    if !cond::is_aggregate(func) {
        return None;
    }
    let name = match &arg.kind {
        ValueKind::Ident(n) => n.as_str(),
        ValueKind::Path(parts) => parts.first()?.text.as_str(),
        _ => return None,
    };
    model.dataset(name).filter(|d| d.data.kind.value == "touches")
}

fn dataset_hover(arg: &Value, model: &Model) -> Option<(String, Span)> {
    let (name, col) = match &arg.kind {
        ValueKind::Ident(n) => (n.as_str(), None),
        ValueKind::Path(parts) if parts.len() == 2 => (parts[0].text.as_str(), Some(&parts[1])),
        _ => return None,
    };
    let ds = model.dataset(name)?;
    let mut md = describe_dataset(ds);
    if let Some(c) = col {
        if let Some((_, t)) = ds.data.schema().iter().find(|(n, _)| *n == c.text) {
            md = format!("**column** `{}` of dataset `{name}`: {}\n\n{md}", c.text, cond::T::of(*t).describe());
        }
    }
    Some((md, arg.span))
}

/// A dataset in Markdown: its kind, where it is read from, its columns.
pub fn describe_dataset(ds: &Decl<Dataset>) -> String {
    let mut md = format!("**dataset** `{}`: {}\n", ds.name.value, ds.data.kind.value);
    if let Some(p) = &ds.data.path {
        let _ = write!(md, "\n- file: `{}`", p.value);
    }
    if let Some(t) = &ds.data.table {
        let _ = write!(md, "\n- table: `{}`", t.value);
    }
    let cols: Vec<String> = ds.data.schema().iter().map(|(c, t)| format!("`{c}` ({})", t.as_str())).collect();
    if !cols.is_empty() {
        let _ = write!(md, "\n- columns: {}", cols.join(", "));
    }
    md
}
