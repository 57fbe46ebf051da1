//! AUT002 build-first-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "AUT002",
    name: "build-first-missing",
    severity: Severity::Info,
    fix: None,
    summary: "a build-first automation is not declared (only where any automation is declared)",
    why: "The seed's build-first automations (welcome/onboarding sequence, lead scoring, trial follow-up, lead routing to sales) have high impact at low complexity; a team that tracks its automations should track these.",
    bad: "automation welcome: welcome-sequence { status = live }\n",
    good: "automation welcome: welcome-sequence { status = live }\n\nautomation scoring: lead-scoring { status = live }\n\nautomation trial: trial-follow-up { status = planned }\n\nautomation routing: lead-routing { status = building }\n",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(first) = user(&cx.model.automations).next() else { return };
    for kind in super::BUILD_FIRST {
        if !user(&cx.model.automations).any(|a| a.data.kind.value == *kind) {
            out.report(first.file, first.header, format!("no `{kind}` automation is declared"))
                .help(format!("declare it, even as planned: `automation NAME: {kind} {{ status = planned }}`"));
        }
    }
}
