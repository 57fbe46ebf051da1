//! UTM004 utm-unknown-source.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM004",
    name: "utm-unknown-source",
    severity: Severity::Warning,
    fix: None,
    summary: "`source` is not allowed by the policy in force (globs like `partner-*` match), compared after UTM001/UTM002 normalisation",
    why: "utm_source names the platform; a team that fixes its list of sources in a workspace `utm-policy` (google, linkedin, facebook, email, partner-name) sees a source outside it as a typo or a platform nobody registered, and either way it breaks attribution by source. The prelude's default policy accepts any source: only a workspace policy narrows them.",
    bad: include_str!("../../../tests/rules/UTM004/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(policy) = cx.model.utm_policy() else { return };
    let allowed: Vec<&str> = policy.data.sources.iter().map(|s| s.value.as_str()).collect();
    if allowed.is_empty() || cx.model.failed(policy.file, policy.span, "sources") {
        // a policy whose `sources` did not parse or lower has its error; an
        // empty list is no standard to compare with
        return;
    }
    for v in super::values(cx).filter(|v| v.field == "source") {
        let n = super::normalise(&v.value.value);
        if !allowed.iter().any(|p| super::glob(p, &n)) {
            let hint = crate::schema::did_you_mean(&n, allowed.iter().copied().filter(|a| !a.contains('*')));
            out.report(
                v.file,
                v.value.span,
                format!("UTM source `{n}` is not in the UTM policy `{}`", policy.name.value),
            )
            .with_help(match hint {
                Some(h) => format!("{h} Allowed sources: {}", allowed.join(", ")),
                None => {
                    format!("use an allowed source ({}), or add it to the workspace's utm-policy", allowed.join(", "))
                }
            });
        }
    }
}
