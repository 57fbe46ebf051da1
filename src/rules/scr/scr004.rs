//! SCR004 tiers-nonstandard.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR004",
    name: "tiers-nonstandard",
    severity: Severity::Info,
    fix: None,
    summary: "tiers differ from the standard thresholds",
    why: "Marketing and sales share lead scoring criteria; the seed's thresholds (nurture 0–25, MQL 26–50, SQL 51–75, hot 76+) are the shared default. Different thresholds may be right for you, but should be agreed with sales.",
    bad: include_str!("../../../tests/rules/SCR004/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        let Some(t) = &s.data.tiers else { continue };
        let tiers = super::tiers(t);
        let differs: Vec<String> = tiers
            .iter()
            .filter_map(|(n, r)| {
                let std = super::STANDARD.iter().find(|x| x.0 == *n)?;
                (r.value.low != std.1 || r.value.high != std.2).then(|| format!("{n} {}", r.value))
            })
            .collect();
        if !differs.is_empty() {
            out.report(
                s.file,
                Span::new(t.span.start(), t.span.start() + 5),
                format!("scoring `{}` uses non-standard tiers: {}", s.name.value, differs.join(", ")),
            )
            .with_help(
                "the standard is nurture 0..25, mql 26..50, sql 51..75, hot 76..; keep yours if sales agreed to them",
            );
        }
    }
}
