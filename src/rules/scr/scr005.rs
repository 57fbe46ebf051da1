//! SCR005 no-negative-signals.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR005",
    name: "no-negative-signals",
    severity: Severity::Warning,
    fix: None,
    summary: "the model has no `negative` signal",
    why: "Negative signals (competitor employees, student addresses, unsubscribes) keep bad-fit leads out of sales' queue; a model that only adds points inflates every score over time.",
    bad: include_str!("../../../tests/rules/SCR005/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR005/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        if !s.data.signals.iter().any(|x| x.kind.value == "negative") {
            out.report(s.file, s.header, format!("scoring `{}` has no negative signal", s.name.value))
                .with_help("add e.g. `signal student: negative { points = -30  rule = \"email ends in .edu\" }`");
        }
    }
}
