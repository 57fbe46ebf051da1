//! AUD002 audit-weak-area.
use super::super::prelude::*;
use crate::seed::{AuditScore, Writer, AUDIT_SCORES};

pub static RULE: Rule = Rule {
    code: "AUD002",
    name: "audit-weak-area",
    severity: Severity::Info,
    fix: None,
    summary: crate::seed::written!(summary),
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/AUD002/invalid.mops"),
    good: include_str!("../../../tests/rules/AUD002/valid.mops"),
    check,
};

/// The scores that call for planned work: 1 and 2, the seed's "build
/// from scratch" and "significant improvement needed".
const WEAK: &[AuditScore] = AUDIT_SCORES.split_at(2).0;

/// The summary, with the seed's action for each weak score.
const fn summary<const N: usize>(w: &mut Writer<N>) {
    w.s("an area scores ");
    crate::seed::each!(w, WEAK, " or ", |a| w.n(a.score).s(" (\"").s(a.action).s("\")"));
}

/// The why, with the seed's status and action for each weak score.
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("The audit's scores map to actions: ");
    crate::seed::each!(w, WEAK, ", ", |i, a| {
        w.n(a.score).s(if i == 0 { " means " } else { " " }).s(a.status).s(" (").s(a.action).s(")")
    });
    w.s(". These are the areas to plan work for.");
}

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.audits) {
        for (area, score) in &a.data.areas {
            let Some(score) = score else { continue };
            if score.value <= WEAK[WEAK.len() - 1].score {
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
