//! AUT001 automation-priority-inversion.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "AUT001",
    name: "automation-priority-inversion",
    severity: Severity::Warning,
    fix: None,
    summary: "an automation of a later priority is `live` or `building` while a build-first one is absent or only `planned` (a welcome/onboarding `sequence`, a `scoring` model and its `route` count as built)",
    why: "Automate the repeatable, high-impact, low-complexity work first: welcome sequences, lead scoring, trial follow-up and lead routing. Building dynamic content before them spends effort where it pays least.",
    bad: include_str!("../../../tests/rules/AUT001/invalid.mops"),
    good: include_str!("../../../tests/rules/AUT001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let autos: Vec<_> = user(&cx.model.automations).collect();
    let implied = super::implied(cx.model);
    let done = |kind: &str| super::status_of(cx.model, &implied, kind).is_some_and(|s| s != "planned");
    let missing: Vec<&str> = super::BUILD_FIRST.iter().copied().filter(|k| !done(k)).collect();
    if missing.is_empty() {
        return;
    }
    for a in &autos {
        let Some(status) = &a.data.status else { continue };
        if status.value == "planned" || super::priority(&a.data.kind.value).is_none_or(|p| p == 0) {
            continue;
        }
        out.report(
            a.file,
            status.span,
            format!(
                "automation `{}` ({}) is {} while build-first automations are not live: {}",
                a.name.value,
                a.data.kind.value,
                status.value,
                missing.join(", ")
            ),
        )
        .with_help("build the build-first automations (welcome sequence, lead scoring, trial follow-up, lead routing) before later ones");
    }
}
