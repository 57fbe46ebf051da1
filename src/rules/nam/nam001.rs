//! NAM001 kebab-case-names.
use super::super::prelude::*;
use std::collections::HashMap;

/// References by (kind, name, scope).
type RefsByName<'a> = HashMap<(&'a str, &'a str, Option<&'a str>), Vec<crate::refs::RefSite<'a>>>;

pub static RULE: Rule = Rule {
    code: "NAM001",
    name: "kebab-case-names",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    summary: "a declared name is not lowercase kebab-case",
    why: "Names become UTM values, plan rows and file names in other tools; one convention (lowercase words joined by hyphens, `insights-launch`) keeps them consistent everywhere. The fix renames the declaration and every reference to it in the same file (unsafe: other files and tools may use the old name).",
    bad: include_str!("../../../tests/rules/NAM001/invalid.mops"),
    good: include_str!("../../../tests/rules/NAM001/valid.mops"),
    check,
};

pub fn is_kebab(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts.next().is_some_and(|p| p.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    first_ok && s.split('-').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// `Hub_Spot` → `hub-spot`, `insightsLaunch` → `insights-launch`.
pub fn to_kebab(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c == '_' || c == '-' || c == ' ' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("n-{out}")
    } else {
        out
    }
}

/// A name to report: kind, name, file, reference scope, and the enclosing
/// block's name (names are unique per kind and block).
type Misnamed<'a> =
    (&'static str, &'a crate::model::Spanned<crate::model::Name>, crate::diagnostic::FileId, Option<&'a str>, &'a str);

/// Declared names by (kind, enclosing block, name).
type Taken<'a> = std::collections::HashSet<(&'static str, &'a str, &'a str)>;

/// Every declared name (the prelude's too), by kind and enclosing block.
fn taken(m: &crate::model::Model) -> Taken<'_> {
    let mut t = Taken::new();
    m.for_each_head(|h| {
        t.insert((h.kind.name(), "", h.name.value.as_str()));
    });
    for c in &m.campaigns {
        t.extend(c.data.steps.iter().map(|s| ("step", c.name.value.as_str(), s.name.value.as_str())));
    }
    for s in &m.sequences {
        t.extend(s.data.emails.iter().map(|e| ("email", s.name.value.as_str(), e.name.value.as_str())));
    }
    for s in &m.scorings {
        t.extend(s.data.signals.iter().map(|e| ("signal", s.name.value.as_str(), e.name.value.as_str())));
    }
    for h in &m.hygienes {
        t.extend(h.data.tasks.iter().map(|e| ("task", h.name.value.as_str(), e.name.value.as_str())));
    }
    t
}

fn check(cx: &Ctx, out: &mut Sink) {
    let m = cx.model;
    // only the names to report are collected (a workspace has a million names)
    let mut names: Vec<Misnamed> = Vec::new();
    let misnamed = |n: &crate::model::Spanned<crate::model::Name>| !n.value.is_empty() && !is_kebab(&n.value);
    m.for_each_head(|h| {
        if h.file != crate::diagnostic::FileId::PRELUDE && misnamed(h.name) {
            names.push((h.kind.name(), h.name, h.file, None, ""));
        }
    });
    for c in user(&m.campaigns) {
        for s in &c.data.steps {
            if misnamed(&s.name) {
                names.push(("step", &s.name, c.file, Some(c.name.value.as_str()), c.name.value.as_str()));
            }
        }
    }
    for s in user(&m.sequences) {
        for e in &s.data.emails {
            if misnamed(&e.name) {
                names.push(("email", &e.name, s.file, None, s.name.value.as_str()));
            }
        }
    }
    for s in user(&m.scorings) {
        for e in &s.data.signals {
            if misnamed(&e.name) {
                names.push(("signal", &e.name, s.file, None, s.name.value.as_str()));
            }
        }
    }
    for h in user(&m.hygienes) {
        for t in &h.data.tasks {
            if misnamed(&t.name) {
                names.push(("task", &t.name, h.file, None, h.name.value.as_str()));
            }
        }
    }
    // references by (kind, name, scope), indexed once and only when a name
    // is reported: a scan of every reference per name was quadratic
    let mut by_name: Option<RefsByName> = None;
    let taken = if names.is_empty() { Taken::new() } else { taken(m) };
    // two misnamed names with one kebab-case form: renaming either clashes
    let mut targets: HashMap<(&str, &str, String), usize> = HashMap::new();
    for &(kind, name, _, _, parent) in &names {
        *targets.entry((kind, parent, to_kebab(&name.value))).or_default() += 1;
    }
    for &(kind, name, file, scope, parent) in &names {
        let new = to_kebab(&name.value);
        let clash = taken.contains(&(kind, parent, new.as_str())) || targets[&(kind, parent, new.clone())] > 1;
        let index = by_name.get_or_insert_with(|| {
            // only the references to reported names are indexed
            let wanted: std::collections::HashSet<(&str, &str, Option<&str>)> =
                names.iter().map(|(k, n, _, sc, _)| (*k, n.value.as_str(), *sc)).collect();
            let mut found = Vec::new();
            crate::refs::for_each(cx.model, |r| {
                let key = (r.kind(), r.name, r.scope.map(|c| c.name.value.as_str()));
                if wanted.contains(&key) {
                    found.push((key, r));
                }
            });
            super::super::group_by(found)
        });
        let refs: Vec<_> = index.get(&(kind, name.value.as_str(), scope)).cloned().unwrap_or_default();
        // no fix when it would declare a name twice (E020) and repoint
        // references, or when a reference is in another file
        let fix = (!clash && refs.iter().all(|r| r.file == file)).then(|| {
            let mut edits = vec![Edit { start: name.span.start(), end: name.span.end(), replacement: new.clone() }];
            edits.extend(refs.iter().map(|r| Edit {
                start: r.span.start(),
                end: r.span.end(),
                replacement: new.clone(),
            }));
            out.fix(format!("rename `{}` to `{new}` and its references", name.value), edits)
        });
        let d = out.report(file, name.span, format!("{kind} name `{}` is not lowercase kebab-case", name.value));
        if clash {
            d.with_help(format!(
                "rename it in lowercase kebab-case; `{new}` is already taken by another {kind}, so choose another name"
            ));
            continue;
        }
        d.with_help(format!("rename it `{new}` (lowercase words joined by hyphens)"));
        d.with_label(file, name.span, format!("use `{new}`"));
        if let Some(fix) = fix {
            d.with_fix(fix);
        }
    }
}
