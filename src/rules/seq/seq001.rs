//! SEQ001 sequence-length.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SEQ001",
    name: "sequence-length",
    severity: Severity::Warning,
    fix: None,
    summary: "the number of emails is outside the standard range for the kind",
    why: "Each sequence kind has a proven length: welcome 5–7 emails, onboarding 4–6, re-engagement 3–4, win-back 3–5, nurture 5–7, upsell 2–3, referral 2. Too few leaves value unsaid; too many trains people to ignore you.",
    bad: include_str!("../../../tests/rules/SEQ001/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let Some((lo, hi, _)) = super::standard(&s.data.kind.value) else { continue };
        let n = s.data.emails.len();
        if n < lo || n > hi {
            let range = if lo == hi { format!("{lo}") } else { format!("{lo}–{hi}") };
            out.report(
                s.file,
                s.header,
                format!("{} sequence `{}` has {n} emails; the standard is {range}", s.data.kind.value, s.name.value),
            )
            .with_help(format!("{} to {range} emails", if n < lo { "add emails" } else { "trim the sequence" }));
        }
    }
}
