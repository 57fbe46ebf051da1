//! UTM001 utm-lowercase.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM001",
    name: "utm-lowercase",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    summary: "a value has uppercase letters",
    why: "Always lowercase: analytics tools treat `LinkedIn` and `linkedin` as two sources, which splits one channel's numbers in two. The safe fix lowercases the value.",
    bad: include_str!("../../../tests/rules/UTM001/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for v in super::values(cx) {
        if v.value.value.chars().any(|c| c.is_uppercase()) {
            let Some(text) = cx.source(v.file, v.value.span) else { continue };
            let fixed = super::conforming(text, v.policy_source);
            let fix = out.fix(
                format!("rewrite as {fixed}"),
                vec![Edit { start: v.value.span.start(), end: v.value.span.end(), replacement: fixed.clone() }],
            );
            out.report(v.file, v.value.span, format!("UTM {} `{}` has uppercase letters", v.field, v.value.value))
                .with_help(format!(
                    "write it in lowercase{}: {fixed}",
                    if fixed != text.to_lowercase() { ", with hyphens" } else { "" }
                ))
                .with_fix(fix);
        }
    }
}
