//! STK011 retired-tool-in-use.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK011",
    name: "retired-tool-in-use",
    severity: Severity::Warning,
    fix: None,
    summary: "a step, sequence, automation or scoring `route` names a `retired` tool",
    why: "A retired tool is one the team stopped paying for or running: work planned on it does not happen, emails are not sent and leads are routed nowhere.",
    bad: include_str!("../../../tests/rules/STK011/invalid.mops"),
    good: include_str!("../../../tests/rules/STK011/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let retired = |name: &str| cx.model.tool(name).is_some_and(|t| t.data.status.value == "retired");
    let mut report = |file, span, what: String, tool: &str| {
        out.report(file, span, format!("{what} uses `{tool}`, a retired tool"))
            .with_label(file, span, "retired")
            .with_help(format!(
                "move it to the tool that replaced `{tool}`, or set `{tool}`'s `status` back to `active`"
            ));
    };
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            if let Some(t) = s.tool.as_ref().filter(|t| retired(&t.value)) {
                report(c.file, t.span, format!("step `{}` of campaign `{}`", s.name.value, c.name.value), &t.value);
            }
        }
    }
    for q in user(&cx.model.sequences) {
        if let Some(t) = q.data.tool.as_ref().filter(|t| retired(&t.value)) {
            report(q.file, t.span, format!("sequence `{}`", q.name.value), &t.value);
        }
    }
    for a in user(&cx.model.automations) {
        if let Some(t) = a.data.tool.as_ref().filter(|t| retired(&t.value)) {
            report(a.file, t.span, format!("automation `{}`", a.name.value), &t.value);
        }
    }
    for s in user(&cx.model.scorings) {
        if let Some(t) = s.data.route.as_ref().filter(|t| retired(&t.value)) {
            report(s.file, t.span, format!("scoring `{}` (its `route`)", s.name.value), &t.value);
        }
    }
}
