//! The data plane (DATA.md): datasets, conditions, the relational IR, its
//! printers per SQL dialect, the engines that run the printed SQL, and the
//! `score` report.
//!
//! The IR (`ir`) is the one place the semantics live: an engine only ever
//! gets SQL printed from it (`print`). Library code never prints or exits.

pub mod attribute;
pub mod attribute_cmd;
pub mod audit_data;
pub mod cmd;
pub mod cond;
pub mod dbt;
pub mod engine;
pub mod external;
pub mod ir;
pub mod load;
pub mod markov;
pub mod print;
pub mod quality;
pub mod score;
pub mod spark;

use std::path::Path;

use crate::diagnostic::{Diagnostic, FileId, Files};
use crate::model::{Decl, Model, Name, Scoring, Spanned};

/// The checks of the data declarations that need the whole checked set:
/// E033 for a dataset file outside the root, E057 for a dataset reference of
/// the wrong kind or a scoring with nothing to score, and the conditions'
/// types (E050–E059).
pub fn validate(model: &Model, files: &Files, root: &Path, diags: &mut Vec<Diagnostic>) {
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for d in &model.datasets {
        let Some(p) = &d.data.path else { continue };
        if d.file == FileId::PRELUDE {
            continue;
        }
        let decl_path = &files.get(d.file).path;
        if decl_path.as_os_str().is_empty() {
            continue;
        }
        if resolve_file(decl_path, &p.value, &canon_root).is_none() {
            diags.push(
                Diagnostic::error("E033", format!("dataset file `{}` leaves the workspace root", p.value), d.file, p.span)
                    .with_label(d.file, p.span, "outside the workspace")
                    .with_help("data files must be inside the workspace root (the nearest directory with a mops.toml), named relative to the declaring file"),
            );
        }
    }
    for d in &model.datasets {
        if let Some(q) = &d.data.quality {
            quality::validate(d, q, diags);
        }
    }
    for s in &model.scorings {
        let leads = dataset_ref(model, s.file, s.data.leads.as_ref(), "leads", diags);
        let _ = dataset_ref(model, s.file, s.data.touches.as_ref(), "touches", diags);
        let scored: Vec<_> = s.data.signals.iter().filter_map(|sig| sig.when.as_ref()).collect();
        if scored.is_empty() {
            continue;
        }
        let leads = match leads {
            Ok(Some(l)) => Some(l),
            Ok(None) => {
                no_leads(model, s, diags);
                None
            }
            Err(()) => None,
        };
        let sc = cond::Scope { model, dataset: leads, file: s.file, in_aggregate: false };
        if leads.is_none() {
            continue;
        }
        for e in scored {
            cond::check_condition(e, &sc, diags);
        }
    }
    for a in &model.attributions {
        let _ = dataset_ref(model, a.file, a.data.touches.as_ref(), "touches", diags);
        let _ = dataset_ref(model, a.file, a.data.spend.as_ref(), "spend", diags);
    }
    // the channel grouping's regular expressions (E054), the portable subset
    for p in model.utm_policies.iter() {
        for r in &p.data.channel_rules {
            for re in [&r.source, &r.medium, &r.campaign].into_iter().flatten() {
                if let Err(why) = cond::portable_regex(&re.value) {
                    diags.push(
                        Diagnostic::error("E054", format!("channel rule `{}`: {why}", r.name.value), p.file, re.span)
                            .with_label(p.file, re.span, "not a portable regular expression")
                            .with_help("use the portable subset: classes, alternation, anchors and a leading (?i); every engine reads it alike"),
                    );
                }
            }
        }
    }
}

/// The file a dataset's `file` names, canonical, if it is inside the root
/// (it need not exist).
pub fn resolve_file(decl_path: &Path, rel: &str, canon_root: &Path) -> Option<std::path::PathBuf> {
    if Path::new(rel).is_absolute() {
        return None;
    }
    let dir = decl_path.parent().unwrap_or(Path::new("."));
    let target = dir.join(rel);
    if !crate::workspace::lexically_inside(&target, canon_root) {
        return None;
    }
    match std::fs::canonicalize(&target) {
        Ok(c) if c.starts_with(canon_root) => Some(c),
        Ok(_) => None,
        Err(_) => Some(target),
    }
}

/// The dataset a reference names, checked to be of `kind` (E057); `Ok(None)`
/// when nothing is named and no single dataset of the kind exists.
fn dataset_ref<'m>(
    model: &'m Model,
    file: FileId,
    named: Option<&Spanned<Name>>,
    kind: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<&'m Decl<crate::model::Dataset>>, ()> {
    if let Some(n) = named {
        return match model.dataset(&n.value) {
            Some(d) if d.data.kind.value == kind => Ok(Some(d)),
            Some(d) => {
                diags.push(
                    Diagnostic::error(
                        "E057",
                        format!("`{}` is a {} dataset; `{kind} =` names a {kind} dataset", n.value, d.data.kind.value),
                        file,
                        n.span,
                    )
                    .with_label(file, n.span, format!("not a {kind} dataset"))
                    .with_label(d.file, d.header, "declared here")
                    .with_help(format!("name a `dataset NAME : {kind}` here")),
                );
                Err(())
            }
            None => Err(()), // E021 from resolution
        };
    }
    Ok(model.dataset_for(None, kind))
}

fn no_leads(model: &Model, s: &Decl<Scoring>, diags: &mut Vec<Diagnostic>) {
    let names: Vec<&str> =
        model.datasets.iter().filter(|d| d.data.kind.value == "leads").map(|d| d.name.value.as_str()).collect();
    let (msg, help) = if names.is_empty() {
        (
            format!("scoring `{}` has conditions but no leads dataset to score", s.name.value),
            "declare `dataset crm-leads : leads { file = \"data/leads.csv\" }` (or a `table`)".to_string(),
        )
    } else {
        (
            format!("scoring `{}` does not say which leads dataset it scores", s.name.value),
            format!("add `leads = NAME`: {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
        )
    };
    diags.push(
        Diagnostic::error("E057", msg, s.file, s.header)
            .with_label(s.file, s.header, "no leads dataset")
            .with_help(help),
    );
}
