//! STK004 contract-review-overdue.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK004",
    name: "contract-review-overdue",
    severity: Severity::Warning,
    fix: None,
    summary: "a tool with a `cost` has no `reviewed` date, or it is older than `contract-review-days` (365, option)",
    why: "Audit tools annually: every contract is reviewed once a year for cost optimisation, and every tool must justify its cost and usage. (365 days is this project's reading of \"annually\"; configure `contract-review-days`.)",
    bad: include_str!("../../../tests/rules/STK004/invalid.mops"),
    good: include_str!("../../../tests/rules/STK004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let max = cx.opts.contract_review_days;
    for t in user(&cx.model.tools) {
        if t.data.cost.is_none() {
            continue;
        }
        match &t.data.reviewed {
            None => {
                out.report(t.file, t.header, format!("tool `{}` has a cost but no contract review date", t.name.value))
                    .with_help(format!("review the contract and record it: `reviewed = {}`", cx.today));
            }
            Some(r) => {
                let age = cx.days_since(r.value);
                if age > max {
                    out.report(
                        t.file,
                        r.span,
                        format!(
                            "the contract of `{}` was last reviewed {age} days ago ({}), over {max} days",
                            t.name.value, r.value
                        ),
                    )
                    .with_help("review the contract's cost and usage, then update `reviewed`");
                }
            }
        }
    }
}
