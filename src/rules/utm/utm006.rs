//! UTM006 utm-incomplete.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM006",
    name: "utm-incomplete",
    severity: Severity::Warning,
    fix: None,
    summary: "a step with a `channel` does not resolve `source`, `medium` and `campaign` from its own and its campaign's `utm`",
    why: "All marketing channels tagged consistently: a step that sends traffic through a channel needs source, medium and campaign, or its visits land in analytics as direct traffic.",
    bad: "campaign launch: brand-awareness {\n  start = 2026-03-02\n  given = [context]\n  step social: social-content { duration = 14d  channel = linkedin }\n}\n",
    good: "campaign launch: brand-awareness {\n  start = 2026-03-02\n  given = [context]\n  utm { source = linkedin  medium = social  campaign = \"brand-q1\" }\n  step social: social-content { duration = 14d  channel = linkedin }\n}\n",
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
