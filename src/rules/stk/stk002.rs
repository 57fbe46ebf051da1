//! STK002 tool-not-connected.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK002",
    name: "tool-not-connected",
    severity: Severity::Warning,
    fix: None,
    summary: "a tool that is not `retired` and not a `crm` tool does not integrate (either direction) with a `crm` or `warehouse` tool; a `warehouse` tool does not integrate with a `crm`",
    why: "Never add a tool that does not integrate with your CRM: disconnected data is worse than no data. Every tool connects to the CRM or the central warehouse, and the warehouse to the CRM.",
    bad: include_str!("../../../tests/rules/STK002/invalid.mops"),
    good: include_str!("../../../tests/rules/STK002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let tools: Vec<_> = user(&cx.model.tools).collect();
    let mut neighbours: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for t in &tools {
        for i in &t.data.integrates {
            neighbours.entry(t.name.value.as_str()).or_default().push(i.value.as_str());
            neighbours.entry(i.value.as_str()).or_default().push(t.name.value.as_str());
        }
    }
    for t in &tools {
        let cat = t.data.category.value.as_str();
        if t.data.status.value == "retired" || cat == "crm" {
            continue;
        }
        let targets: &[&str] = if cat == "warehouse" { &["crm"] } else { &["crm", "warehouse"] };
        let connected = neighbours
            .get(t.name.value.as_str())
            .is_some_and(|ns| ns.iter().any(|n| cx.tool_category(n).is_some_and(|c| targets.contains(&c))));
        if !connected {
            let what = if cat == "warehouse" { "the CRM" } else { "a CRM or warehouse tool" };
            let crm = tools.iter().find(|o| o.data.category.value == "crm").map(|o| o.name.value.clone());
            out.report(t.file, t.header, format!("tool `{}` is connected to no CRM or warehouse", t.name.value))
                .with_help(match crm {
                    Some(c) => format!(
                        "add `integrates = [{c}]` (or list `{}` in {c}'s `integrates`): data must flow to {what}",
                        t.name.value
                    ),
                    None => format!("connect it to {what} with `integrates = [...]`"),
                });
        }
    }
}
