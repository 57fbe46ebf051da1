//! SCR006 sales-route-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SCR006",
    name: "sales-route-missing",
    severity: Severity::Warning,
    fix: None,
    summary: "no `route`, or `route` is not a `crm` tool (\"route SQLs to sales\")",
    why: "Scores exist to route leads: SQLs go to sales and hot leads get immediate outreach, through the CRM. A model without a CRM route scores leads nobody acts on.",
    bad: include_str!("../../../tests/rules/SCR006/invalid.mops"),
    good: include_str!("../../../tests/rules/SCR006/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.scorings) {
        match &s.data.route {
            None => {
                out.report(s.file, s.header, format!("scoring `{}` routes SQLs nowhere", s.name.value))
                    .with_help("add `route = CRM-TOOL`: where sql and hot leads go");
            }
            Some(r) => {
                if let Some(cat) = cx.tool_category(&r.value).filter(|c| *c != "crm") {
                    out.report(
                        s.file,
                        r.span,
                        format!(
                            "scoring `{}` routes leads to `{}`, {} `{cat}` tool, not the CRM",
                            s.name.value,
                            r.value,
                            article(cat)
                        ),
                    )
                    .with_help("route sql and hot leads to the `crm` tool sales works in");
                }
            }
        }
    }
}
