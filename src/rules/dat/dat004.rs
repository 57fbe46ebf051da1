//! DAT004 hygiene-task-without-owner.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "DAT004",
    name: "hygiene-task-without-owner",
    severity: Severity::Warning,
    fix: None,
    summary: "a task has no `owner`",
    why: "Every hygiene task has an owner (marketing ops, marketing and sales, or the system for automated syncs); a task nobody owns does not happen.",
    bad: include_str!("../../../tests/rules/DAT004/invalid.mops"),
    good: include_str!("../../../tests/rules/DAT004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for h in user(&cx.model.hygienes) {
        for t in &h.data.tasks {
            if t.owner.is_none() {
                out.report(
                    h.file,
                    Span::new(t.span.start(), t.name.span.end()),
                    format!("hygiene task `{}` has no owner", t.name.value),
                )
                .with_help("add `owner = \"…\"` (use \"system\" for an automated task)");
            }
        }
    }
}
