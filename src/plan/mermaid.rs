//! The plan as a Mermaid Gantt chart.

use super::*;

/// A Gantt task's text as Mermaid reads it. Task ids are the plan's
/// indexes (`c0s1`), distinct whatever the names (`a-b`, `a_b`); the text
/// cannot be quoted in a Gantt chart, and entities are not decoded there,
/// so a text that Mermaid's lexer would take for a statement (a step named
/// `section` or `title`, `gantt-check`, `weekday …`) gets a leading `‣ `,
/// and characters that end a task (`:`, `#`, `;`, line breaks) become spaces.
fn gantt_text(s: &str) -> String {
    const STATEMENTS: &[&str] = &[
        "acctitle",
        "accdescr",
        "accdescription",
        "href",
        "call",
        "click",
        "gantt",
        "dateformat",
        "inclusiveenddates",
        "topaxis",
        "axisformat",
        "tickinterval",
        "includes",
        "excludes",
        "todaymarker",
        "weekday",
        "weekend",
        "title",
        "section",
    ];
    let clean: String =
        s.chars().map(|c| if matches!(c, ':' | '#' | ';') || c.is_control() { ' ' } else { c }).collect();
    let lower = clean.to_ascii_lowercase();
    let hijacked = lower.starts_with('%')
        || STATEMENTS.iter().any(|k| {
            lower.starts_with(k) && !lower[k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        });
    if hijacked {
        format!("‣ {clean}")
    } else {
        clean
    }
}

pub fn to_mermaid(plan: &Plan) -> String {
    let mut o = String::from("gantt\n  dateFormat YYYY-MM-DD\n  axisFormat %b %d\n");
    if let [only] = plan.campaigns.as_slice() {
        let _ = writeln!(o, "  title {} ({})", only.name, only.playbook);
    } else {
        o.push_str("  title Run plans\n");
    }
    for (ci, c) in plan.campaigns.iter().enumerate() {
        for st in &c.stages {
            let _ = writeln!(o, "  section {} · stage {}", c.name, st.stage);
            for name in &st.steps {
                let Some((si, s)) = c.steps.iter().enumerate().find(|(_, s)| s.name == *name) else { continue };
                let mut tags = Vec::new();
                if s.critical {
                    tags.push("crit".to_string());
                }
                if s.duration_days == 0 {
                    tags.push("milestone".to_string());
                }
                tags.push(format!("c{ci}s{si}"));
                tags.push(s.start.clone());
                tags.push(format!("{}d", s.duration_days));
                let _ = writeln!(o, "    {} :{}", gantt_text(&format!("{} ({})", s.name, s.skill)), tags.join(", "));
            }
        }
    }
    o
}
