//! CMP008 campaign-without-goals.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP008",
    name: "campaign-without-goals",
    severity: Severity::Warning,
    fix: None,
    summary: "a campaign has no `goals` (\"measure what matters\")",
    why: "Measure what matters: track leading indicators (MQLs, pipeline) alongside lagging ones (revenue, ROAS). A campaign with no goals cannot succeed or fail.",
    bad: include_str!("../../../tests/rules/CMP008/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP008/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if c.data.goals.is_none() {
            out.report(c.file, c.header, format!("campaign `{}` has no goals", c.name.value))
                .with_help("add e.g. `goals { mql = 250  pipeline = 500000 USD }`");
        }
    }
}
