//! CMP010 campaign-in-the-past.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP010",
    name: "campaign-in-the-past",
    severity: Severity::Warning,
    fix: None,
    summary: "every date of a campaign is before today, and it does not say `status = done`",
    why: "A campaign that lies wholly in the past is either finished (say so: `status = done`, so readers know it ran) or a typo in its year (a Q1 launch written as last year), which would put every date, deadline and overlap check in the wrong year.",
    bad: include_str!("../../../tests/rules/CMP010/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP010/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if c.data.status.as_ref().is_some_and(|s| s.value == "done") || cx.model.failed(c.file, c.span, "status") {
            continue;
        }
        let Some(start) = &c.data.start else { continue };
        // the last day of the schedule, else the start; a declared `end`
        // later than that still belongs to the campaign
        let scheduled = crate::campaign::step_dates(c, &cx.calendar)
            .and_then(|v| v.into_iter().flatten().map(|(_, last)| last).max())
            .unwrap_or(start.value);
        let last = c.data.end.as_ref().map(|e| e.value.max(scheduled)).unwrap_or(scheduled);
        if cx.days_since(last) <= 0 {
            continue;
        }
        out.report(
            c.file,
            start.span,
            format!(
                "campaign `{}` lies wholly in the past: it ran from {} to {last}, before today ({})",
                c.name.value, start.value, cx.today
            ),
        )
        .with_label(c.file, start.span, "starts here")
        .with_help(format!(
            "if it is finished, say so with `status = done`; if it is still to come, check the year of `start = {}`",
            start.value
        ));
    }
}
