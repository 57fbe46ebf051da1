//! CMP006 paid-step-without-budget.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP006",
    name: "paid-step-without-budget",
    severity: Severity::Warning,
    fix: None,
    summary: "a `paid-ads` step has no `budget`",
    why: "Paid ads set up campaign targeting and budget; spend without a budget line cannot be rolled up against the campaign budget nor judged by ROAS.",
    bad: include_str!("../../../tests/rules/CMP006/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP006/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in
            c.data.steps.iter().filter(|s| {
                s.skill.value == "paid-ads" && s.budget.is_none() && !cx.model.failed(c.file, s.span, "budget")
            })
        {
            out.report(c.file, s.header, format!("paid step `{}` has no budget", s.name.value))
                .with_help("add `budget = AMOUNT CUR` in the campaign's currency");
        }
    }
}
