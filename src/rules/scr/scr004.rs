//! SCR004 tiers-nonstandard.
use super::super::prelude::*;
use crate::seed::{Writer, TIERS};

pub static RULE: Rule = Rule {
    code: "SCR004",
    name: "tiers-nonstandard",
    severity: Severity::Info,
    fix: None,
    summary: "tiers differ from the standard thresholds",
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/SCR004/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR004/valid.mops"),
    check,
};

/// The why, with the seed's thresholds.
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("Marketing and sales share lead scoring criteria; the seed's thresholds (");
    crate::seed::each!(w, TIERS, ", ", |t| match t.high {
        Some(h) => w.s(t.label).s(" ").n(t.low).s("–").n(h),
        None => w.s(t.label).s(" ").n(t.low).s("+"),
    });
    w.s(") are the shared default. Different thresholds may be right for you, but should be agreed with sales.");
}

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(t) = &s.data.tiers else { continue };
        let tiers = super::tiers(t);
        let differs: Vec<String> = tiers
            .iter()
            .filter_map(|(n, r)| {
                let std = TIERS.iter().find(|x| x.name == *n)?;
                (r.value.low != std.low || r.value.high != std.high).then(|| format!("{n} {}", r.value))
            })
            .collect();
        if !differs.is_empty() {
            out.report(
                s.file,
                Span::new(t.span.start(), t.span.start() + 5),
                format!("scoring `{}` uses non-standard tiers: {}", s.name.value, differs.join(", ")),
            )
            .with_help(format!(
                "the standard is {}; keep yours if sales agreed to them",
                TIERS.iter().map(|t| format!("{} {}", t.name, t.range())).collect::<Vec<_>>().join(", ")
            ));
        }
    }
}
