//! The plan as Markdown (`mopsc plan`, the default format).

use super::*;

fn rollup_markdown(o: &mut String, r: &Rollup) {
    let _ = writeln!(
        o,
        "# Workspace roll-up
"
    );
    o.push_str(
        "| | |
|---|---|
",
    );
    let _ = writeln!(o, "| Campaigns | {} |", r.campaigns);
    let _ = writeln!(o, "| Budget | {} |", money_list(&r.budget));
    let _ = writeln!(o, "| Allocated to steps | {} |", money_list(&r.allocated));
    let g = &r.goals;
    let mut goals = Vec::new();
    for (k, v) in [("mql", g.mql), ("sql", g.sql), ("signups", g.signups)] {
        if v > 0 {
            goals.push(format!("{k} {v}"));
        }
    }
    if !g.pipeline.is_empty() {
        goals.push(format!("pipeline {}", money_list(&g.pipeline)));
    }
    if !g.revenue.is_empty() {
        goals.push(format!("revenue {}", money_list(&g.revenue)));
    }
    let _ = writeln!(o, "| Goals | {} |", if goals.is_empty() { "—".to_string() } else { goals.join(", ") });
    if !r.spend_by_month.is_empty() {
        o.push_str(
            "
| Month | Step spend |
|---|---|
",
        );
        for m in &r.spend_by_month {
            let _ = writeln!(o, "| {} | {} |", m.month, money_list(&m.spend));
        }
    }
    o.push('\n');
}

/// One line of Markdown: see [`escape::markdown`].
pub(crate) fn md_escape(s: &str) -> String {
    escape::markdown(s)
}

pub fn to_markdown(plan: &Plan) -> String {
    let mut o = String::new();
    if plan.campaigns.len() > 1 {
        rollup_markdown(&mut o, &plan.rollup);
    }
    for c in &plan.campaigns {
        let _ = writeln!(o, "# Run plan: {}\n", c.name);
        o.push_str("| | |\n|---|---|\n");
        let _ = writeln!(o, "| Playbook | {} |", c.playbook);
        let _ = writeln!(o, "| Context | {} |", c.context.as_deref().unwrap_or("—"));
        let _ = writeln!(o, "| Owner | {} |", md_escape(c.owner.as_deref().unwrap_or("—")));
        if c.calendar == "working-days" {
            let _ = writeln!(
                o,
                "| Runs | {} to {} ({} working days: weekends and holidays skipped) |",
                c.start, c.end, c.days
            );
        } else {
            let _ = writeln!(o, "| Runs | {} to {} ({} days) |", c.start, c.end, c.days);
        }
        if let Some(d) = &c.deadline {
            let _ = writeln!(o, "| Deadline | {d} |");
        }
        let _ = writeln!(
            o,
            "| Budget | {} (allocated {}, unallocated {}) |",
            money(&c.budget.campaign),
            money(&c.budget.allocated),
            money(&c.budget.unallocated)
        );
        if let Some(g) = &c.goals {
            let goals: Vec<String> = g
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| match v {
                            serde_json::Value::Object(o) => format!(
                                "{k} {} {}",
                                o.get("amount")
                                    .and_then(|a| a.as_str())
                                    .map(|a| a.trim_end_matches(".00"))
                                    .unwrap_or(""),
                                o.get("currency").and_then(|a| a.as_str()).unwrap_or("")
                            ),
                            serde_json::Value::String(s) => format!("{k} {}", md_escape(s)),
                            other => format!("{k} {other}"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let _ = writeln!(o, "| Goals | {} |", goals.join(", "));
        }
        let others: Vec<&str> = c
            .steps
            .iter()
            .filter(|s| s.critical && !c.critical_path.contains(&s.name))
            .map(|s| s.name.as_str())
            .collect();
        let parallel = if others.is_empty() {
            String::new()
        } else {
            format!("; also critical (zero slack, on a parallel chain): {}", others.join(", "))
        };
        let unit = if c.calendar == "working-days" { "working days" } else { "days" };
        let _ = writeln!(o, "\n**Critical path:** {} ({} {unit}){parallel}\n", c.critical_path.join(" → "), c.days);
        o.push_str("## Stages\n\n");
        for s in &c.stages {
            let _ = writeln!(o, "{}. from {}: {}", s.stage, s.start, s.steps.join(", "));
        }
        o.push_str("\n## Steps\n\n| step | skill | dates | days | owner | inputs ← from | outputs | budget | slack |\n|---|---|---|---|---|---|---|---|---|\n");
        for s in &c.steps {
            let inputs: Vec<String> =
                s.inputs.iter().map(|i| format!("{} ← {}", i.artifact, i.from.replace("step:", ""))).collect();
            let name = if s.critical { format!("**{}**", s.name) } else { s.name.clone() };
            let _ = writeln!(
                o,
                "| {name} | {} | {} – {} | {} | {} | {} | {} | {} | {} |",
                s.skill,
                s.start,
                s.end,
                s.duration_days,
                md_escape(s.owner.as_deref().unwrap_or("—")),
                if inputs.is_empty() { "—".into() } else { inputs.join(", ") },
                if s.outputs.is_empty() { "—".into() } else { s.outputs.join(", ") },
                money(&s.budget),
                if s.critical { "critical".to_string() } else { format!("{}d", s.slack_days) }
            );
        }
        o.push_str("\n## Pre-launch checklist\n\n");
        for i in &c.checklist {
            let mark = match i.status {
                Status::Pass => "[x]",
                Status::Fail => "[ ]",
                Status::NotApplicable => "[-]",
            };
            let codes = if i.codes.is_empty() { String::new() } else { format!(" ({})", i.codes.join(", ")) };
            let note = i.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
            let _ = writeln!(o, "- {mark} {} — {}{codes}{}", md_escape(&i.item), i.status, md_escape(&note));
        }
        if !c.links.is_empty() {
            o.push_str("\n## Tagged links\n\n");
            // steps sharing one link are listed together
            let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
            for l in &c.links {
                match groups.iter_mut().find(|(u, _)| *u == l.url) {
                    Some((_, steps)) => steps.push(&l.step),
                    None => groups.push((&l.url, vec![&l.step])),
                }
            }
            for (url, steps) in groups {
                let _ = writeln!(o, "- {}: <{}>", steps.join(", "), escape::text(url));
            }
        }
        o.push('\n');
    }
    o.truncate(o.trim_end().len());
    o.push('\n');
    escape::log_safe(&o).into_owned()
}
