//! CMP011 funnel-inversion.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP011",
    name: "funnel-inversion",
    severity: Severity::Warning,
    fix: None,
    summary: "a campaign's `sql` goal is above its `mql` goal",
    why: "SQLs are MQLs that sales accepted: a funnel that asks for more SQLs than MQLs cannot be met, and usually means the two numbers were swapped or one has a typo.",
    bad: include_str!("../../../tests/rules/CMP011/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP011/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        let Some(g) = &c.data.goals else { continue };
        let (Some(mql), Some(sql)) = (g.mql, g.sql) else { continue };
        if sql > mql {
            out.report(
                c.file,
                g.span,
                format!("campaign `{}` aims at {sql} SQLs from {mql} MQLs: more SQLs than MQLs", c.name.value),
            )
            .with_label(c.file, g.span, "sql > mql")
            .with_help("SQLs come from MQLs: check whether the two goals are swapped (`mql` is the larger)");
        }
    }
}
