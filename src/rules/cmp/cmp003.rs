//! CMP003 playbook-step-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP003",
    name: "playbook-step-missing",
    severity: Severity::Info,
    fix: None,
    summary: "a skill in the campaign's playbook has no step",
    why: "Orchestrate, do not fragment: a playbook is the recommended sequence for its campaign type. A skipped skill may be a deliberate choice, but it should be a visible one.",
    bad: include_str!("../../../tests/rules/CMP003/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        let Some(pb) = cx.model.playbook(&c.data.playbook.value) else { continue };
        for skill in &pb.data.steps {
            if !c.data.steps.iter().any(|s| s.skill.value == skill.value) && !super::misspelt_step(cx, c, &skill.value)
            {
                out.report(
                    c.file,
                    c.data.playbook.span,
                    format!(
                        "campaign `{}` has no `{}` step, which the playbook `{}` includes",
                        c.name.value, skill.value, pb.name.value
                    ),
                )
                .with_help(format!(
                    "add a step using `{}`, or suppress this with the reason it is skipped",
                    skill.value
                ));
            }
        }
    }
}
