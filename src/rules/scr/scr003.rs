//! SCR003 tiers-gap.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR003",
    name: "tiers-gap",
    severity: Severity::Error,
    fix: None,
    summary: "tiers do not cover every score from 0 upward without a gap, in the order nurture < mql < sql < hot",
    why: "Every score must land in exactly one tier, from 0 up to the open-ended hot tier; a lead whose score falls in a gap is routed nowhere.",
    bad: include_str!("../../../tests/rules/SCR003/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(t) = &s.data.tiers else { continue };
        let tiers = super::tiers(t);
        if tiers.len() < 4 {
            continue; // E012 already
        }
        let (first_name, first) = tiers[0];
        if first.value.low > 0 {
            out.report(
                s.file,
                first.span,
                format!(
                    "no tier covers {}: `{first_name}` starts at {}",
                    if first.value.low == 1 {
                        "score 0".to_string()
                    } else {
                        format!("scores 0 to {}", first.value.low - 1)
                    },
                    first.value.low
                ),
            )
            .with_help(format!("start `{first_name}` at 0"));
        }
        for w in tiers.windows(2) {
            let ((an, a), (bn, b)) = (w[0], w[1]);
            let Some(ah) = a.value.high else {
                out.report(
                    s.file,
                    a.span,
                    format!("`{an}` ({}) is open-ended, so `{bn}` can never be reached", a.value),
                )
                .with_help(format!(
                    "close `{an}` (e.g. `{}..{}`): only `hot` is open-ended",
                    a.value.low,
                    b.value.low - 1
                ));
                continue;
            };
            if b.value.low <= a.value.low {
                out.report(
                    s.file,
                    b.span,
                    format!("tier `{bn}` ({}) does not come above `{an}` ({})", b.value, a.value),
                )
                .with_help(format!("order the tiers {}", crate::seed::TIER_NAMES.join(" < ")));
            } else if b.value.low > ah + 1 {
                out.report(s.file, b.span, {
                    let (from, to) = (ah + 1, b.value.low - 1);
                    let scores = if from == to { format!("score {from}") } else { format!("scores {from} to {to}") };
                    format!("no tier covers {scores}, between `{an}` and `{bn}`")
                })
                .with_help(format!("start `{bn}` at {}", ah + 1));
            }
        }
        let (ln, last) = tiers[3];
        if let Some(h) = last.value.high {
            out.report(s.file, last.span, format!("no tier covers scores above {h}: `{ln}` is closed"))
                .with_help(format!("make `{ln}` open-ended: `{}..`", last.value.low));
        }
    }
}
