//! SCR001 signal-points-range.
use super::super::prelude::*;
use crate::seed::{Writer, SIGNALS};

pub static RULE: Rule = Rule {
    code: "SCR001",
    name: "signal-points-range",
    severity: Severity::Warning,
    fix: None,
    summary: "a signal's points are outside the range for its kind",
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/SCR001/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR001/valid.mops"),
    check,
};

/// The why, with the seed's point range per signal kind.
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("The seed's point ranges keep a model balanced: ");
    crate::seed::each!(w, SIGNALS, ", ", |s| w.s(s.label).s(" ").signed(s.low).s("..").signed(s.high));
    w.s(". One outsized signal makes every lead that trips it an MQL.");
}

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
