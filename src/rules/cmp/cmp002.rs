//! CMP002 analytics-not-last.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP002",
    name: "analytics-not-last",
    severity: Severity::Warning,
    fix: None,
    summary: "a `campaign-analytics` step does not come after every other step (transitively)",
    why: "Measurement closes the campaign: it can only report on work that has finished. An analytics step that runs beside other steps measures a campaign that is still running.",
    bad: include_str!("../../../tests/rules/CMP002/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        let steps = &c.data.steps;
        if !steps.iter().any(|s| s.skill.value == "campaign-analytics") {
            continue;
        }
        let g = crate::campaign::structure(c);
        if g.order.is_none() {
            continue;
        }
        for (a, s) in steps.iter().enumerate().filter(|(_, s)| s.skill.value == "campaign-analytics") {
            // ancestors of `a` by a reverse walk
            let mut seen = vec![false; steps.len()];
            let mut stack = vec![a];
            while let Some(x) = stack.pop() {
                for p in &g.preds[x] {
                    if !seen[p.step] {
                        seen[p.step] = true;
                        stack.push(p.step);
                    }
                }
            }
            let loose: Vec<&str> = steps
                .iter()
                .enumerate()
                .filter(|(i, o)| *i != a && o.skill.value != "campaign-analytics" && !seen[*i])
                .map(|(_, o)| o.name.value.as_str())
                .collect();
            if !loose.is_empty() {
                let list = loose.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ");
                out.report(c.file, s.header, format!("analytics step `{}` does not come after {list}", s.name.value))
                    .with_help(format!("make it wait for the last steps: add them to its `after` ({list})"));
            }
        }
    }
}
