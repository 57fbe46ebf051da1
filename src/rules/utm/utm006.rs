//! UTM006 utm-incomplete.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM006",
    name: "utm-incomplete",
    severity: Severity::Warning,
    fix: None,
    summary: "a step with a `channel` does not resolve `source`, `medium` and `campaign` from its own and its campaign's `utm`",
    why: "All marketing channels tagged consistently: a step that sends traffic through a channel needs source, medium and campaign, or its visits land in analytics as direct traffic.",
    bad: include_str!("../../../tests/rules/UTM006/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM006/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        let cu = c.data.utm.as_deref();
        for s in &c.data.steps {
            let Some(channel) = &s.channel else { continue };
            let su = s.utm.as_deref();
            let mut missing = Vec::new();
            if super::effective(su, cu, |u| &u.source).is_none() {
                missing.push("source");
            }
            if super::effective(su, cu, |u| &u.medium).is_none() {
                missing.push("medium");
            }
            if super::effective(su, cu, |u| &u.campaign).is_none() {
                missing.push("campaign");
            }
            if !missing.is_empty() {
                out.report(
                    c.file,
                    channel.span,
                    format!(
                        "step `{}` runs on channel `{}` without a UTM {}",
                        s.name.value,
                        channel.value,
                        missing.join(", ")
                    ),
                )
                .with_help(format!("set {} in the campaign's or the step's `utm` block", missing.join(", ")));
            }
        }
    }
}
