//! UTM008 utm-invalid-characters.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM008",
    name: "utm-invalid-characters",
    severity: Severity::Warning,
    fix: None,
    summary: "a value has characters other than `a-z 0-9 -` after UTM001/UTM002 would be fixed (`*` is allowed in a policy's `sources`)",
    why: "Characters such as `&`, `?`, `/` or accents are percent-encoded differently by each tool and break links or reports; UTM values stay within lowercase letters, digits and hyphens.",
    bad: include_str!("../../../tests/rules/UTM008/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM008/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for v in super::values(cx) {
        let n = super::normalise(&v.value.value);
        let bad: Vec<char> = n
            .chars()
            .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || (v.policy_source && *c == '*')))
            .collect();
        if !bad.is_empty() {
            let mut shown: Vec<String> = bad.iter().map(|c| format!("`{c}`")).collect();
            shown.dedup();
            out.report(
                v.file,
                v.value.span,
                format!(
                    "UTM {} `{}` has characters other than a-z, 0-9 and `-`: {}",
                    v.field,
                    v.value.value,
                    shown.join(" ")
                ),
            )
            .with_help("keep UTM values to lowercase letters, digits and hyphens");
        }
    }
}
