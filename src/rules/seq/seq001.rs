//! SEQ001 sequence-length.
use super::super::prelude::*;
use crate::seed::{Writer, SEQUENCES};

pub static RULE: Rule = Rule {
    code: "SEQ001",
    name: "sequence-length",
    severity: Severity::Warning,
    fix: None,
    summary: "the number of emails is outside the standard range for the kind",
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/SEQ001/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ001/valid.mops"),
    check,
};

/// The why, with the seed's number of emails per kind.
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("Each sequence kind has a proven length: ");
    crate::seed::each!(w, SEQUENCES, ", ", |i, s| {
        w.s(s.kind).s(" ").n(s.fewest as i64);
        if s.most != s.fewest {
            w.s("–").n(s.most as i64);
        }
        if i == 0 {
            w.s(" emails");
        }
    });
    w.s(". Too few leaves value unsaid; too many trains people to ignore you.");
}

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let Some(std) = crate::seed::sequence(&s.data.kind.value) else { continue };
        let (lo, hi) = (std.fewest, std.most);
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
