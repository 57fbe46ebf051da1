//! STK006 missing-core-category.
use super::super::prelude::*;
use crate::seed::Writer;

pub static RULE: Rule = Rule {
    code: "STK006",
    name: "missing-core-category",
    severity: Severity::Warning,
    fix: None,
    summary: crate::seed::written!(summary),
    why: "CRM, marketing automation, analytics and an email platform are the critical core of every MarTech stack; everything else integrates with them. One diagnostic per missing category, at the first tool declared.",
    bad: include_str!("../../../tests/rules/STK006/invalid.mops"),
    good: include_str!("../../../tests/rules/STK006/valid.mops"),
    check,
};

/// The seed's critical categories.
pub use crate::seed::CORE;

/// The summary, naming the seed's critical categories.
const fn summary<const N: usize>(w: &mut Writer<N>) {
    w.s("the stack (when it has any tool) has no active tool of a critical category: ");
    crate::seed::each!(w, CORE, ", ", |c| w.s("`").s(c).s("`"));
}

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(first) = user(&cx.model.tools).next() else { return };
    for cat in CORE {
        if !user(&cx.model.tools).any(|t| t.data.category.value == *cat && super::active(&t.data)) {
            out.report(first.file, first.header, format!("the stack has no active `{cat}` tool"))
                .with_help(format!("add the stack's `{cat}` tool (`tool NAME: {cat} {{ … }}`), connected to the CRM"));
        }
    }
}
