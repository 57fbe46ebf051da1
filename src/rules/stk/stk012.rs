//! STK012 review-date-in-future.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK012",
    name: "review-date-in-future",
    severity: Severity::Warning,
    fix: None,
    summary: "a tool's `reviewed` date is after today",
    why: "`reviewed` records when the contract was last reviewed: a date in the future (often a year typed wrong) makes STK004 treat a review that never happened as done, for years.",
    bad: include_str!("../../../tests/rules/STK012/invalid.mops"),
    good: include_str!("../../../tests/rules/STK012/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for t in user(&cx.model.tools) {
        let Some(r) = &t.data.reviewed else { continue };
        let ahead = -cx.days_since(r.value);
        if ahead > 0 {
            out.report(
                t.file,
                r.span,
                format!(
                    "the contract of `{}` is marked reviewed on {}, {ahead} {} from today ({})",
                    t.name.value,
                    r.value,
                    if ahead == 1 { "day" } else { "days" },
                    cx.today
                ),
            )
            .with_label(t.file, r.span, "in the future")
            .with_help("write the date the review took place (`reviewed` is never later than today)");
        }
    }
}
