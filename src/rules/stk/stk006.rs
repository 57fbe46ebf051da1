//! STK006 missing-core-category.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK006",
    name: "missing-core-category",
    severity: Severity::Warning,
    fix: None,
    summary: "the stack (when it has any tool) has no active tool of a critical category: `crm`, `marketing-automation`, `analytics`, `email`",
    why: "CRM, marketing automation, analytics and an email platform are the critical core of every MarTech stack; everything else integrates with them. One diagnostic per missing category, at the first tool declared.",
    bad: include_str!("../../../tests/rules/STK006/invalid.mops"),
    good: include_str!("../../../tests/rules/STK006/valid.mops"),
    check,
};

pub const CORE: &[&str] = &["crm", "marketing-automation", "analytics", "email"];

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(first) = user(&cx.model.tools).next() else { return };
    for cat in CORE {
        if !user(&cx.model.tools).any(|t| t.data.category.value == *cat && super::active(&t.data)) {
            out.report(first.file, first.header, format!("the stack has no active `{cat}` tool"))
                .with_help(format!("add the stack's `{cat}` tool (`tool NAME: {cat} {{ … }}`), connected to the CRM"));
        }
    }
}
