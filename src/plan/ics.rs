//! The plan as an iCalendar file (RFC 5545): one event per step.

use super::*;
use crate::render::escape::{ics_fold, ics_text};

fn ics_date(iso: &str) -> String {
    iso.replace('-', "")
}

pub fn to_ics(plan: &Plan) -> String {
    let mut o = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mopsc//run plan//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        ics_fold(l, &mut o);
    }
    for c in &plan.campaigns {
        for s in &c.steps {
            let start = ics_date(&s.start);
            // DTEND is exclusive: the day after the last day (a milestone
            // still spans its day; with working days, weekends inside count)
            let end = crate::literal::date(&s.end)
                .ok()
                .and_then(|d| campaign::add_days(d, 1))
                .map(|d| ics_date(&d.to_string()))
                .unwrap_or_else(|| start.clone());
            let mut desc = format!("Campaign {} ({}). Skill: {}.", c.name, c.playbook, s.skill);
            if let Some(o) = &s.owner {
                let _ = write!(desc, " Owner: {o}.");
            }
            if !s.inputs.is_empty() {
                let ins: Vec<String> =
                    s.inputs.iter().map(|i| format!("{} from {}", i.artifact, i.from.replace("step:", ""))).collect();
                let _ = write!(desc, " Inputs: {}.", ins.join("; "));
            }
            if !s.outputs.is_empty() {
                let _ = write!(desc, " Outputs: {}.", s.outputs.join(", "));
            }
            if s.critical {
                desc.push_str(" On the critical path.");
            } else {
                let _ = write!(desc, " Slack: {} days.", s.slack_days);
            }
            let lines = [
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}.{}@mopsc.plan", c.name, s.name),
                format!("DTSTAMP:{}T000000Z", ics_date(&c.start)),
                format!("DTSTART;VALUE=DATE:{start}"),
                format!("DTEND;VALUE=DATE:{end}"),
                format!("SUMMARY:{}", ics_text(&format!("{}: {} ({})", c.name, s.name, s.skill))),
                format!("DESCRIPTION:{}", ics_text(&desc)),
                format!("CATEGORIES:{}", ics_text(&c.playbook)),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ];
            for l in &lines {
                ics_fold(l, &mut o);
            }
        }
    }
    ics_fold("END:VCALENDAR", &mut o);
    o
}
