//! DAT002 hygiene-task-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "DAT002",
    name: "hygiene-task-missing",
    severity: Severity::Info,
    fix: None,
    summary: "a `hygiene` block exists and a recommended task kind is in none of them",
    why: "The seed's hygiene schedule has seven tasks: dedupe CRM records, verify emails, update firmographics, clean inactive contacts, audit UTMs, review lead scoring, sync CRM with automation. Each one left out is a way data rots.",
    bad: include_str!("../../../tests/rules/DAT002/invalid.mops"),
    good: include_str!("../../../tests/rules/DAT002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(first) = user(&cx.model.hygienes).next() else { return };
    for crate::seed::HygieneTask { kind, every: freq, .. } in &crate::seed::HYGIENE {
        let present = user(&cx.model.hygienes).any(|h| h.data.tasks.iter().any(|t| t.kind.value == *kind));
        if !present {
            out.report(first.file, first.header, format!("no hygiene task `{kind}` (recommended {freq})"))
                .with_help(format!("add `task NAME: {kind} {{ every = {freq}  owner = \"…\" }}`"));
        }
    }
}
