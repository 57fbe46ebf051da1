//! UTM005 utm-unknown-medium.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM005",
    name: "utm-unknown-medium",
    severity: Severity::Warning,
    fix: None,
    summary: "`medium` is not allowed by the policy, compared after UTM001/UTM002 normalisation",
    why: "utm_medium is the channel type (cpc, organic, email, social, referral); channel reports group by it, so one off-list medium (`paid-social`, `ppc`) is a channel nobody sees.",
    bad: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { source = google  medium = ppc  campaign = \"launch-q1\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n",
    good: "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { source = google  medium = cpc  campaign = \"launch-q1\" }\n  step levers: marketing-psychology { duration = 2d }\n}\n",
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(policy) = cx.model.utm_policy() else { return };
    let allowed: Vec<&str> = policy.data.mediums.iter().map(|s| s.value.as_str()).collect();
    for v in super::values(cx).filter(|v| v.field == "medium") {
        let n = super::normalise(&v.value.value);
        if !allowed.iter().any(|p| super::glob(p, &n)) {
            let hint = crate::schema::did_you_mean(&n, allowed.iter().copied());
            out.report(
                v.file,
                v.value.span,
                format!("UTM medium `{n}` is not in the UTM policy `{}`", policy.name.value),
            )
            .help(match hint {
                Some(h) => format!("{h} Allowed mediums: {}", allowed.join(", ")),
                None => {
                    format!("use an allowed medium ({}), or add it to the workspace's utm-policy", allowed.join(", "))
                }
            });
        }
    }
}
