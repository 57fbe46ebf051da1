//! CTX001 campaign-without-context.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CTX001",
    name: "campaign-without-context",
    severity: Severity::Warning,
    fix: None,
    summary: "a campaign names no `context`",
    why: "Context first, always: every piece of marketing work goes better when the ICP, positioning and voice are settled before it starts. A campaign that names its context gets them handed to every step (the `context` artifact).",
    bad: include_str!("../../../tests/rules/CTX001/invalid.mops"),
    good: include_str!("../../../tests/rules/CTX001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if c.data.context.is_none() {
            out.report(c.file, c.header, format!("campaign `{}` names no context", c.name.value)).with_help(
                "add `context = NAME` naming the `context` block with the ICP and positioning this campaign serves",
            );
        }
    }
}
