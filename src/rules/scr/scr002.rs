//! SCR002 tiers-overlap.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR002",
    name: "tiers-overlap",
    severity: Severity::Error,
    fix: None,
    summary: "two tiers share a score",
    why: "A lead has one tier at a time: if mql and sql both contain 50, routing sends the same lead to nurture and to sales.",
    bad: include_str!("../../../tests/rules/SCR002/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(t) = &s.data.tiers else { continue };
        let tiers = super::tiers(t);
        for (i, (bn, b)) in tiers.iter().enumerate() {
            for (an, a) in &tiers[..i] {
                let lo = a.value.low.max(b.value.low);
                let hi = match (a.value.high, b.value.high) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                if hi.is_none_or(|h| lo <= h) {
                    out.report(
                        s.file,
                        b.span,
                        format!("tiers `{an}` ({}) and `{bn}` ({}) share scores from {lo}", a.value, b.value),
                    )
                    .with_label(s.file, a.span, format!("`{an}`"))
                    .with_label(s.file, b.span, format!("`{bn}`"))
                    .with_help("make each tier start one point above the previous tier's end");
                }
            }
        }
    }
}
