//! CMP003 playbook-step-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP003",
    name: "playbook-step-missing",
    severity: Severity::Info,
    fix: None,
    summary: "a skill in the campaign's playbook has no step",
    why: "Orchestrate, do not fragment: a playbook is the recommended sequence for its campaign type. A skipped skill may be a deliberate choice, but it should be a visible one.",
    bad: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  step levers: marketing-psychology { duration = 2d }\n  step measure: campaign-analytics { duration = 2d }\n}\n",
    good: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  step levers: marketing-psychology { duration = 2d }\n  step audit: copy-editing { duration = 2d }\n  step rewrite: copywriting { duration = 3d }\n  step page: landing-page-generator { duration = 3d }\n  step measure: campaign-analytics { duration = 2d }\n}\n",
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
