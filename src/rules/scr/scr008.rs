//! SCR008 tier-unreachable.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR008",
    name: "tier-unreachable",
    severity: Severity::Warning,
    fix: None,
    summary: "the sum of all positive points is below a tier's lower bound",
    why: "If every positive signal together cannot reach a tier, no lead ever becomes an SQL or a hot lead, and sales gets nothing from the model.",
    bad: include_str!("../../../tests/rules/SCR008/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR008/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(t) = &s.data.tiers else { continue };
        let max: i64 = s
            .data
            .signals
            .iter()
            .filter_map(|x| x.points.as_ref())
            .map(|p| p.value.max(0))
            .fold(0i64, |a, b| a.saturating_add(b));
        for (name, r) in super::tiers(t) {
            if r.value.low > max {
                out.report(
                    s.file,
                    r.span,
                    format!("tier `{name}` starts at {} but all positive signals add up to {max}", r.value.low),
                )
                .with_help("add signals (or points) so that a lead can reach the tier, or lower its threshold");
            }
        }
    }
}
