//! UTM002 utm-hyphens.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM002",
    name: "utm-hyphens",
    severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    summary: "a value has spaces or underscores",
    why: "Use hyphens, not spaces or underscores: spaces become `%20` or `+` depending on the tool, and `spring_sale` and `spring-sale` end up as two campaigns in reports. The safe fix replaces each run of spaces and underscores with one hyphen.",
    bad: include_str!("../../../tests/rules/UTM002/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for v in super::values(cx) {
        if v.value.value.contains([' ', '_']) {
            let Some(text) = cx.source(v.file, v.value.span) else { continue };
            let fixed = super::conforming(text, v.policy_source);
            let fix = out.fix(
                format!("rewrite as {fixed}"),
                vec![Edit { start: v.value.span.start(), end: v.value.span.end(), replacement: fixed.clone() }],
            );
            out.report(v.file, v.value.span, format!("UTM {} `{}` has spaces or underscores", v.field, v.value.value))
                .with_help(format!(
                    "use hyphens{}: {fixed}",
                    if text.chars().any(char::is_uppercase) { ", in lowercase" } else { "" }
                ))
                .with_fix(fix);
        }
    }
}
