//! CHN002 channel-source-mismatch.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CHN002",
    name: "channel-source-mismatch",
    severity: Severity::Warning,
    fix: None,
    summary: "a step's `channel` runs on one platform and its UTM `source` (its own or its campaign's) names another",
    why: "Inconsistent UTMs make attribution impossible: a LinkedIn step whose links say `utm_source=google` credits Google with LinkedIn's traffic, and the channel report is wrong from the first click.",
    bad: include_str!("../../../tests/rules/CHN002/invalid.mops"),
    good: include_str!("../../../tests/rules/CHN002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            let Some(ch) = &s.channel else { continue };
            let Some(platform) = super::platform_of(&ch.value) else { continue };
            let Some(src) = super::super::utm::effective(s.utm.as_deref(), c.data.utm.as_deref(), |u| &u.source) else {
                continue;
            };
            let norm = super::super::utm::normalise(&src.value);
            let Some(other) = super::platform_of_source(&norm) else { continue };
            if other.name == platform.name {
                continue;
            }
            let own = s.utm.as_ref().is_some_and(|u| u.source.is_some());
            let d = out.report(
                c.file,
                ch.span,
                format!(
                    "step `{}` runs on {} (`channel = {}`) but its UTM source `{}` names {}",
                    s.name.value, platform.name, ch.value, src.value, other.name
                ),
            );
            d.with_label(c.file, ch.span, format!("a {} channel", platform.name)).with_label(
                c.file,
                src.span,
                format!("a {} source", other.name),
            );
            let want = platform.sources[0];
            if own {
                d.with_help(format!("write the step's source as the channel's: `source = {want}`"));
            } else {
                d.with_help(format!(
                    "give the step its own source, which overrides the campaign's: `utm {{ source = {want} }}`"
                ));
            }
        }
    }
}
