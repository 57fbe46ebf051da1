//! STK001 tool-without-owner.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK001",
    name: "tool-without-owner",
    severity: Severity::Warning,
    fix: None,
    summary: "a tool has no `owner`",
    why: "Every tool has a clear owner responsible for it: someone who answers for its cost, its data and its integrations. Tools without an owner decay quietly.",
    bad: include_str!("../../../tests/rules/STK001/invalid.mops"),
    good: include_str!("../../../tests/rules/STK001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for t in user(&cx.model.tools) {
        if t.data.owner.as_ref().is_none_or(|o| o.value.trim().is_empty()) && !cx.model.failed(t.file, t.span, "owner")
        {
            out.report(t.file, t.header, format!("tool `{}` has no owner", t.name.value))
                .with_help("add `owner = \"team@company.io\"`: the person or team responsible for the tool");
        }
    }
}
