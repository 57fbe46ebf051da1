//! CMP001 campaign-without-analytics.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP001",
    name: "campaign-without-analytics",
    severity: Severity::Warning,
    fix: None,
    summary: "no step uses `campaign-analytics` (\"measure results\")",
    why: "Every orchestrated campaign ends by measuring results with campaign analytics; without it nobody learns what worked, and the next campaign repeats the same guesses.",
    bad: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  step levers: marketing-psychology { duration = 2d }\n}\n",
    good: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  step levers: marketing-psychology { duration = 2d }\n  step measure: campaign-analytics { duration = 2d }\n}\n",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if !c.data.steps.iter().any(|s| s.skill.value == "campaign-analytics")
            && !super::misspelt_step(cx, c, "campaign-analytics")
        {
            out.report(c.file, c.header, format!("campaign `{}` has no `campaign-analytics` step", c.name.value))
                .with_help(
                    "add a last step `step measure: campaign-analytics { duration = 2d }` after every other step",
                );
        }
    }
}
