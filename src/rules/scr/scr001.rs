//! SCR001 signal-points-range.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR001",
    name: "signal-points-range",
    severity: Severity::Warning,
    fix: None,
    summary: "a signal's points are outside the range for its kind",
    why: "The seed's point ranges keep a model balanced: demographic fit +10..+25, high intent +15..+25, engagement +5..+15, product usage +20..+30, negative −50..−10. One outsized signal makes every lead that trips it an MQL.",
    bad: include_str!("../../../tests/rules/SCR001/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        for sig in &s.data.signals {
            let (Some(p), Some((lo, hi))) = (&sig.points, super::points_range(&sig.kind.value)) else { continue };
            if p.value < lo || p.value > hi {
                out.report(
                    s.file,
                    p.span,
                    format!(
                        "{} signal `{}` scores {:+}; the range for its kind is {lo:+} to {hi:+}",
                        sig.kind.value, sig.name.value, p.value
                    ),
                )
                .with_help(format!("set `points` between {lo:+} and {hi:+}"));
            }
        }
    }
}
