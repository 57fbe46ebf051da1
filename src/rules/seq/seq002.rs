//! SEQ002 sequence-duration.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SEQ002",
    name: "sequence-duration",
    severity: Severity::Warning,
    fix: None,
    summary: "the sequence's duration (its largest `at`) is outside 50%–150% of the standard duration",
    why: "Sequences have standard spans (welcome and onboarding 14 days, re-engagement 21, win-back 30, nurture 45, upsell and referral 7). Far shorter floods the inbox; far longer loses the moment. (The 50%–150% band is this project's choice.)",
    bad: include_str!("../../../tests/rules/SEQ002/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let Some((_, _, days)) = super::standard(&s.data.kind.value) else { continue };
        let Some(max) = s.data.emails.iter().filter_map(|e| e.at.as_ref()).max_by_key(|a| a.value) else { continue };
        let hours = max.value.hours;
        let std_hours = days * 24;
        // 50%..=150%, in integers
        if hours * 2 < std_hours || hours * 2 > std_hours * 3 {
            out.report(
                s.file,
                max.span,
                format!(
                    "{} sequence `{}` spans {}; the standard is {days} days (accepted {}–{} days)",
                    s.data.kind.value,
                    s.name.value,
                    max.value,
                    (days + 1) / 2,
                    days * 3 / 2
                ),
            )
            .with_help(format!("spread the emails over about {days} days"));
        }
    }
}
