//! SCR009 scoring-review-in-future.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR009",
    name: "scoring-review-in-future",
    severity: Severity::Warning,
    fix: None,
    summary: "a scoring's `reviewed` date is after today",
    why: "`reviewed` records when sales and marketing last reviewed the model together: a date in the future makes SCR007 treat a review that never happened as done.",
    bad: include_str!("../../../tests/rules/SCR009/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR009/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(r) = &s.data.reviewed else { continue };
        let ahead = -cx.days_since(r.value);
        if ahead > 0 {
            out.report(
                s.file,
                r.span,
                format!(
                    "scoring `{}` is marked reviewed on {}, {ahead} {} from today ({})",
                    s.name.value,
                    r.value,
                    if ahead == 1 { "day" } else { "days" },
                    cx.today
                ),
            )
            .with_label(s.file, r.span, "in the future")
            .with_help("write the date the review took place (`reviewed` is never later than today)");
        }
    }
}
