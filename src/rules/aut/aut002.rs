//! AUT002 build-first-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "AUT002",
    name: "build-first-missing",
    severity: Severity::Info,
    fix: None,
    summary: "a build-first automation is declared by no block (only where any automation is declared): not as an `automation`, nor as a welcome/onboarding `sequence`, a trial or cart `sequence`, a `scoring` model or its `route`",
    why: "The seed's build-first automations (welcome/onboarding sequence, lead scoring, trial follow-up, lead routing to sales) have high impact at low complexity; a team that tracks its automations should track these.",
    bad: include_str!("../../../tests/rules/AUT002/invalid.mops"),
    good: include_str!("../../../tests/rules/AUT002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(first) = user(&cx.model.automations).next() else { return };
    let implied = super::implied(cx.model);
    for kind in super::BUILD_FIRST {
        if super::status_of(cx.model, &implied, kind).is_none() {
            out.report(first.file, first.header, format!("no `{kind}` automation is declared"))
                .with_help(format!("declare it, even as planned: `automation NAME: {kind} {{ status = planned }}`"));
        }
    }
}
