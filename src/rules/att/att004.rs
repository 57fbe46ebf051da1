//! ATT004 time-decay-half-life.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT004",
    name: "time-decay-half-life",
    severity: Severity::Warning,
    fix: None,
    summary: "a `time-decay` model has no `half-life`",
    why: "Time-decay gives more credit to recent touchpoints; how much more is its half-life. Without it the model is undefined and each tool fills in its own default.",
    bad: include_str!("../../../tests/rules/ATT004/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.attributions).filter(|a| a.data.model.value == "time-decay") {
        if a.data.half_life.is_none() {
            out.report(a.file, a.data.model.span, format!("time-decay model `{}` has no half-life", a.name.value))
                .with_help("add `half-life = 7d` (or the half-life you use)");
        }
    }
}
