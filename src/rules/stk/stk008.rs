//! STK008 integrates-retired.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK008",
    name: "integrates-retired",
    severity: Severity::Warning,
    fix: None,
    summary: "an active tool integrates with a `retired` tool",
    why: "Data flows are documented between tools: an integration with a retired tool is a flow that no longer exists, or a dependency that keeps a retired tool alive.",
    bad: include_str!("../../../tests/rules/STK008/invalid.mops"),
    good: include_str!("../../../tests/rules/STK008/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for t in user(&cx.model.tools).filter(|t| super::active(&t.data)) {
        for i in &t.data.integrates {
            if cx.model.tool(&i.value).is_some_and(|o| o.data.status.value == "retired") {
                out.report(
                    t.file,
                    i.span,
                    format!("active tool `{}` integrates with the retired tool `{}`", t.name.value, i.value),
                )
                .with_help(format!("remove `{}` from `integrates`, or move the flow to its replacement", i.value));
            }
        }
    }
}
