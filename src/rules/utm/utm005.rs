//! UTM005 utm-unknown-medium.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM005",
    name: "utm-unknown-medium",
    severity: Severity::Warning,
    fix: None,
    summary: "`medium` is not allowed by the policy, compared after UTM001/UTM002 normalisation",
    why: "utm_medium is the channel type, and analytics groups traffic into channels by it. The prelude's default policy accepts every medium of GA4's default channel groups (paid: cpc, ppc, cpm, paid-*, retargeting; display, banner; organic social: social, sm, social-media; email, referral, affiliate, organic, audio, sms, push, video); a workspace `utm-policy` narrows it to the team's own list. A medium outside the policy in force lands in a channel the team's reports do not expect (GA4 shows `newsletter` as Unassigned).",
    bad: include_str!("../../../tests/rules/UTM005/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM005/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    super::not_in_policy(
        cx,
        out,
        &super::PolicyList {
            field: "medium",
            attr: "mediums",
            list: |p| &p.mediums,
            help: |allowed, n| {
                format!("use a medium of the policy ({allowed}), or add `{n}` to the workspace's utm-policy")
            },
        },
    );
}
