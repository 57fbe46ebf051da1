//! Merging the files of one checked set into one model, and name resolution:
//! E020 (duplicates, prelude overrides), E021 (undefined), E022 (wrong kind).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::kinds::{DeclData, DeclKind};
use crate::model::{Decl, FileModel, Model, Name};
use crate::refs::RefKind;
use crate::schema;

/// Where each declared name lives, by kind.
#[derive(Debug, Default)]
pub struct Symbols {
    names: HashMap<&'static str, HashMap<Name, (FileId, Span)>>,
}

impl Symbols {
    pub fn get(&self, kind: &str, name: &str) -> Option<(FileId, Span)> {
        self.names.get(kind).and_then(|m| m.get(name)).copied()
    }
    pub fn names_of(&self, kind: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self.names.get(kind).map(|m| m.keys().map(Name::as_str).collect()).unwrap_or_default();
        v.sort_unstable();
        v
    }
}

/// Merge the prelude's model and the workspace files' models (in checked-set
/// order) into one, reporting duplicates. Returns the model and its symbols.
pub fn merge(prelude: Model, files: Vec<FileModel>, diags: &mut Vec<Diagnostic>) -> (Model, Symbols) {
    let mut ws = Model::default();
    // exact capacities: the campaigns of 100,000 files are one large vector,
    // and doubling growth would leave up to half of it unused
    ws.reserve_for(&files);
    for m in files {
        ws.append(m.into_model());
    }
    let mut out = Model::default();
    let mut syms = Symbols::default();

    fn dedupe<T>(
        kind: &'static str,
        prelude: Vec<Decl<T>>,
        ws: Vec<Decl<T>>,
        overrides: impl Fn(&T) -> bool,
        overridable: bool,
        syms: &mut Symbols,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Decl<T>> {
        let table = syms.names.entry(kind).or_default();
        table.reserve(ws.len() + prelude.len());
        let mut keep_ws = ws;
        // in place: no second vector of the workspace's declarations
        keep_ws.retain(|d| {
            if d.name.value.is_empty() {
                return false;
            }
            if let Some((f, sp)) = table.get(&d.name.value).copied() {
                diags.push(
                    Diagnostic::error(
                        "E020",
                        format!("{kind} `{}` is declared twice", d.name.value),
                        d.file,
                        d.name.span,
                    )
                    .with_label(d.file, d.name.span, "declared again here")
                    .with_label(f, sp, "first declared here")
                    .with_help(format!(
                        "all {kind}s share one namespace across the workspace: rename or remove one of them"
                    )),
                );
                return false;
            }
            table.insert(d.name.value.clone(), (d.file, d.name.span));
            true
        });
        if prelude.is_empty() {
            return keep_ws;
        }
        let mut out = Vec::with_capacity(prelude.len() + keep_ws.len());
        for p in prelude {
            if let Some(w) = keep_ws.iter().find(|w| w.name.value == p.name.value) {
                if !(overridable && overrides(&w.data)) {
                    diags.push(
                        Diagnostic::error(
                            "E020",
                            format!("{kind} `{}` is already declared by the prelude", w.name.value),
                            w.file,
                            w.name.span,
                        )
                        .with_label(w.file, w.name.span, "declared again here")
                        .with_help(if overridable {
                            format!(
                                "add `override = true` to replace the prelude's {kind} `{}`, or choose another name",
                                w.name.value
                            )
                        } else {
                            "choose another name".to_string()
                        }),
                    );
                }
                continue;
            }
            table.insert(p.name.value.clone(), (p.file, p.name.span));
            out.push(p);
        }
        out.extend(keep_ws);
        out
    }

    // every kind but utm-policy (below) merges the same way: a workspace
    // name may replace the prelude's only where the kind is overridable
    let mut prelude = prelude;
    macro_rules! merge_kinds {
        ($(($field:ident, $variant:ident, $name:literal, $ty:ty)),* $(,)?) => {$(
            if DeclKind::$variant != DeclKind::UtmPolicy {
                out.$field = dedupe(
                    $name,
                    std::mem::take(&mut prelude.$field),
                    std::mem::take(&mut ws.$field),
                    DeclData::overrides,
                    <$ty as DeclData>::OVERRIDABLE,
                    &mut syms,
                    diags,
                );
            }
        )*};
    }
    {
        use crate::model::*;
        crate::kinds::with_decl_kinds!(merge_kinds);
    }
    out.failed = std::mem::take(&mut ws.failed);

    // utm-policy: a workspace policy replaces the prelude's whatever its name;
    // two workspace policies are E020.
    let mut policies = ws.utm_policies.into_iter();
    if let Some(first) = policies.next() {
        for other in policies {
            diags.push(
                Diagnostic::error(
                    "E020",
                    format!("a second utm-policy `{}` is declared", other.name.value),
                    other.file,
                    other.name.span,
                )
                .with_label(other.file, other.name.span, "second policy")
                .with_label(first.file, first.name.span, "the policy in force")
                .with_help("at most one utm-policy is in force: merge the two into one"),
            );
        }
        syms.names.entry("utm-policy").or_default().insert(first.name.value.clone(), (first.file, first.name.span));
        out.utm_policies = vec![first];
    } else {
        for p in prelude.utm_policies {
            syms.names.entry("utm-policy").or_default().insert(p.name.value.clone(), (p.file, p.name.span));
            out.utm_policies.push(p);
        }
    }
    (out, syms)
}

/// Check every reference against the symbols (and, for `after`, the
/// campaign's steps in the model): E021 and E022.
pub fn resolve(syms: &Symbols, model: &Model, diags: &mut Vec<Diagnostic>) {
    crate::refs::for_each(model, |r| {
        if r.ref_kind == RefKind::Step {
            let Some(c) = r.scope else { return };
            let campaign = c.name.value.as_str();
            let steps: Vec<&str> = c.data.steps.iter().map(|s| s.name.value.as_str()).collect();
            if !steps.contains(&r.name) {
                let mut d = Diagnostic::error(
                    "E021",
                    format!("campaign `{campaign}` has no step `{}`", r.name),
                    r.file,
                    r.span,
                )
                .with_label(r.file, r.span, "no such step");
                let hint = schema::did_you_mean(r.name, steps.iter().copied());
                let list = steps.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                d = d.with_help(match hint {
                    Some(h) => format!("{h} `after` names steps of the same campaign: {list}"),
                    None => format!("`after` names steps of the same campaign: {list}"),
                });
                diags.push(d);
            }
            return;
        }
        if syms.get(r.kind(), r.name).is_some() {
            return;
        }
        if let Some(other) =
            DeclKind::ALL.iter().map(|k| k.name()).find(|k| *k != r.kind() && syms.get(k, r.name).is_some())
        {
            let (f, sp) = syms.get(other, r.name).expect("checked above");
            let mut d =
                Diagnostic::error("E022", format!("`{}` is a {other}, not a {}", r.name, r.kind()), r.file, r.span)
                    .with_label(r.file, r.span, format!("expected a {}", r.kind()));
            if f != FileId::PRELUDE {
                d = d.with_label(f, sp, format!("`{}` is declared as a {other} here", r.name));
            }
            let names = syms.names_of(r.kind());
            let help = if names.is_empty() {
                format!("declare a {} and name it here", r.kind())
            } else {
                format!(
                    "name a {} here: {}",
                    r.kind(),
                    names.iter().take(8).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )
            };
            diags.push(d.with_help(help));
            return;
        }
        let names = syms.names_of(r.kind());
        let hint = schema::did_you_mean(r.name, names.iter().copied());
        let help = match hint {
            Some(h) => h,
            None => format!("declare `{} {}` or import the file that declares it", r.kind(), r.name),
        };
        diags.push(
            Diagnostic::error("E021", format!("undefined {} `{}`", r.kind(), r.name), r.file, r.span)
                .with_label(r.file, r.span, format!("no {} has this name", r.kind()))
                .with_help(help),
        );
    });
}
