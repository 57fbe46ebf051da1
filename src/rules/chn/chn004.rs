//! CHN004 paid-step-without-channel.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CHN004",
    name: "paid-step-without-channel",
    severity: Severity::Warning,
    fix: None,
    summary: "a `paid-ads` step has no `channel`",
    why: "Spend is reported by channel: a paid step without one gets no tagged link, no UTM check (UTM006) and no place in the channel mix, so its budget cannot be tied to what it bought.",
    bad: include_str!("../../../tests/rules/CHN004/invalid.mops"),
    good: include_str!("../../../tests/rules/CHN004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            if s.skill.value != "paid-ads" || s.channel.is_some() || cx.model.failed(c.file, s.span, "channel") {
                continue;
            }
            out.report(c.file, s.header, format!("paid step `{}` has no `channel`", s.name.value))
                .with_help("say where the ads run, e.g. `channel = google-ads` or `channel = linkedin`");
        }
    }
}
