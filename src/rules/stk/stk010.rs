//! STK010 cost-unknown.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK010",
    name: "cost-unknown",
    severity: Severity::Info,
    fix: None,
    summary: "an active tool has no `cost`",
    why: "Every tool should justify its cost and usage; a tool whose cost is unknown cannot be weighed in the annual audit.",
    bad: include_str!("../../../tests/rules/STK010/invalid.mops"),
    good: include_str!("../../../tests/rules/STK010/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for t in user(&cx.model.tools).filter(|t| super::active(&t.data)) {
        if t.data.cost.is_none() && !cx.model.failed(t.file, t.span, "cost") {
            out.report(t.file, t.header, format!("tool `{}` has no cost", t.name.value))
                .with_help("add `cost = AMOUNT CUR/yr` (or `/mo`), even `0 USD/yr` for a free tool");
        }
    }
}
