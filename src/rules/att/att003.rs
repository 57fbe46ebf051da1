//! ATT003 data-driven-volume.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT003",
    name: "data-driven-volume",
    severity: Severity::Warning,
    fix: None,
    summary: "a `data-driven` model has no `monthly-conversions`, or fewer than `data-driven-min-monthly-conversions` (300, option)",
    why: "Data-driven attribution is ML-based weighting and requires a large data volume; with few conversions its weights are noise. (300 a month is this project's threshold, not the seed's.)",
    bad: include_str!("../../../tests/rules/ATT003/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let min = cx.opts.data_driven_min_monthly_conversions;
    for a in user(&cx.model.attributions).filter(|a| a.data.model.value == "data-driven") {
        match &a.data.monthly_conversions {
            None => {
                out.report(
                    a.file,
                    a.data.model.span,
                    format!("data-driven model `{}` does not state its monthly conversions", a.name.value),
                )
                .with_help(format!("add `monthly-conversions = N`; data-driven needs at least {min} a month"));
            }
            Some(n) if n.value < min => {
                out.report(
                    a.file,
                    n.span,
                    format!("data-driven model `{}` has {} conversions a month, under {min}", a.name.value, n.value),
                )
                .with_help("use a rule-based model (position-based or time-decay) until the volume is there");
            }
            _ => {}
        }
    }
}
