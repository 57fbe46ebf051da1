//! SCR007 scoring-review-overdue.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR007",
    name: "scoring-review-overdue",
    severity: Severity::Warning,
    fix: None,
    summary: "`reviewed` is missing or older than `scoring-review-days` (92, option)",
    why: "Review lead scoring accuracy quarterly, marketing and sales together: buyers change, and a stale model sends sales the wrong leads.",
    bad: include_str!("../../../tests/rules/SCR007/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR007/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let max = cx.opts.scoring_review_days;
    for s in user(&cx.model.scorings) {
        match &s.data.reviewed {
            None => {
                out.report(s.file, s.header, format!("scoring `{}` has no review date", s.name.value))
                    .with_help(format!("review the model with sales and record it: `reviewed = {}`", cx.today));
            }
            Some(r) => {
                let age = cx.days_since(r.value);
                if age > max {
                    out.report(
                        s.file,
                        r.span,
                        format!(
                            "scoring `{}` was last reviewed {age} days ago ({}), over {max} days",
                            s.name.value, r.value
                        ),
                    )
                    .with_help("review the model's accuracy with sales, then update `reviewed`");
                }
            }
        }
    }
}
