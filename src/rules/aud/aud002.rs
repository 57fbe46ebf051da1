//! AUD002 audit-weak-area.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "AUD002",
    name: "audit-weak-area",
    severity: Severity::Info,
    fix: None,
    summary: "an area scores 1 (\"build from scratch\") or 2 (\"significant improvement needed\")",
    why: "The audit's scores map to actions: 1 means not present (build from scratch), 2 basic but underperforming (significant improvement needed). These are the areas to plan work for.",
    bad: include_str!("../../../tests/rules/AUD002/invalid.mops"),
    good: include_str!("../../../tests/rules/AUD002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.audits) {
        for (area, score) in &a.data.areas {
            let Some(score) = score else { continue };
            if score.value <= 2 {
                let (status, action) = super::status(score.value);
                out.report(
                    a.file,
                    score.span,
                    format!("audit `{}` scores {area} {} ({status})", a.name.value, score.value),
                )
                .with_help(format!("{action}: plan the work for {area}"));
            }
        }
    }
}
