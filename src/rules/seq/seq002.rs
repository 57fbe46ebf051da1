//! SEQ002 sequence-duration.
use super::super::prelude::*;
use crate::seed::{Writer, SEQUENCES};

pub static RULE: Rule = Rule {
    code: "SEQ002",
    name: "sequence-duration",
    severity: Severity::Warning,
    fix: None,
    summary: "the sequence's duration (its largest `at`) is outside 50%–150% of the standard duration",
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/SEQ002/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ002/valid.mops"),
    check,
};

/// The why, with the seed's duration per kind (kinds of the same duration
/// side by side share it: "welcome and onboarding 14 days").
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("Sequences have standard spans (");
    let mut groups = 0;
    crate::seed::each!(w, SEQUENCES, "", |i, s| {
        let shared = i > 0 && SEQUENCES[i - 1].days == s.days;
        w.s(if i == 0 {
            ""
        } else if shared {
            " and "
        } else {
            ", "
        })
        .s(s.kind);
        if i + 1 == SEQUENCES.len() || SEQUENCES[i + 1].days != s.days {
            w.s(" ").n(s.days).s(if groups == 0 { " days" } else { "" });
            groups += 1;
        }
    });
    w.s("). Far shorter floods the inbox; far longer loses the moment. (The 50%–150% band is this project's choice.)");
}

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let Some(days) = crate::seed::sequence(&s.data.kind.value).map(|s| s.days) else { continue };
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
