//! DAT003 hygiene-too-rare.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "DAT003",
    name: "hygiene-too-rare",
    severity: Severity::Warning,
    fix: None,
    summary: "a task runs less often than recommended (`before-campaign` never satisfies a periodic recommendation, nor a periodic frequency `before-campaign`)",
    why: "Each hygiene task has a cadence that keeps data fresh: dedupe monthly, verify emails before every campaign, firmographics and inactive contacts quarterly, UTMs monthly, scoring quarterly, CRM sync continuously.",
    bad: include_str!("../../../tests/rules/DAT003/invalid.mops"),
    good: include_str!("../../../tests/rules/DAT003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for h in user(&cx.model.hygienes) {
        for t in &h.data.tasks {
            let Some(every) = &t.every else { continue };
            let Some(rec) = crate::seed::hygiene_every(&t.kind.value) else { continue };
            if !super::often_enough(&every.value, rec) {
                out.report(
                    h.file,
                    every.span,
                    format!(
                        "task `{}` ({}) runs {}; the recommendation is {rec}",
                        t.name.value, t.kind.value, every.value
                    ),
                )
                .with_help(format!(
                    "run it {rec}{}",
                    if rec == crate::seed::BEFORE_CAMPAIGN { " (or continuously)" } else { " or more often" }
                ));
            }
        }
    }
}
