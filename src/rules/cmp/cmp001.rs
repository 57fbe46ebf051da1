//! CMP001 campaign-without-analytics.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP001",
    name: "campaign-without-analytics",
    severity: Severity::Warning,
    fix: None,
    summary: "no step uses `campaign-analytics` (\"measure results\")",
    why: "Every orchestrated campaign ends by measuring results with campaign analytics; without it nobody learns what worked, and the next campaign repeats the same guesses.",
    bad: include_str!("../../../tests/rules/CMP001/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if !c.data.steps.iter().any(|s| s.skill.value == "campaign-analytics")
            && !super::misspelt_step(cx, c, "campaign-analytics")
        {
            out.report(c.file, c.header, format!("campaign `{}` has no `campaign-analytics` step", c.name.value))
                .with_help(
                    "add a last step `step measure: campaign-analytics { duration = 2d }` after every other step",
                );
        }
    }
}
