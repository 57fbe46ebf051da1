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
    super::not_in_policy(
        cx,
        out,
        &super::PolicyList {
            field: "source",
            attr: "sources",
            list: |p| &p.sources,
            help: |allowed, _| format!("use an allowed source ({allowed}), or add it to the workspace's utm-policy"),
        },
    );
}
