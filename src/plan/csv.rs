//! The plan as CSV: one row per step.

use super::*;
use crate::render::escape::csv_cell as csv_text;

pub fn to_csv(plan: &Plan) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record([
        "campaign",
        "step",
        "skill",
        "stage",
        "start",
        "end",
        "days",
        "owner",
        "tool",
        "channel",
        "after",
        "inputs",
        "outputs",
        "critical",
        "slack_days",
        "budget_amount",
        "budget_currency",
        "link",
    ]);
    for c in &plan.campaigns {
        for s in &c.steps {
            let inputs: Vec<String> = s.inputs.iter().map(|i| format!("{}<-{}", i.artifact, i.from)).collect();
            let _ = w.write_record([
                c.name.clone(),
                s.name.clone(),
                s.skill.clone(),
                s.stage.to_string(),
                s.start.clone(),
                s.end.clone(),
                s.duration_days.to_string(),
                csv_text(s.owner.as_deref().unwrap_or_default()),
                csv_text(s.tool.as_deref().unwrap_or_default()),
                csv_text(s.channel.as_deref().unwrap_or_default()),
                s.after.join(" "),
                inputs.join(" "),
                s.outputs.join(" "),
                s.critical.to_string(),
                s.slack_days.to_string(),
                s.budget.as_ref().map(|b| b.amount_string()).unwrap_or_default(),
                s.budget.as_ref().map(|b| b.currency.to_string()).unwrap_or_default(),
                csv_text(s.link.as_deref().unwrap_or_default()),
            ]);
        }
    }
    let out = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    escape::log_safe(&out).into_owned()
}
