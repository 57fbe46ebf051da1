//! UTM007 utm-campaign-duplicate.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM007",
    name: "utm-campaign-duplicate",
    severity: Severity::Warning,
    fix: None,
    summary: "two campaigns use the same `utm` campaign value (the workspace is the campaign registry)",
    why: "Document all campaign names in a shared registry: the workspace is that registry, and two campaigns reporting under one utm_campaign cannot be told apart.",
    bad: include_str!("../../../tests/rules/UTM007/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM007/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut first: std::collections::HashMap<String, (&str, crate::diagnostic::FileId, Span)> =
        std::collections::HashMap::new();
    for &c in &cx.campaigns {
        let mut values: Vec<&crate::model::Spanned<crate::model::Name>> = Vec::new();
        values.extend(c.data.utm.as_deref().and_then(|u| u.campaign.as_ref()));
        values.extend(c.data.steps.iter().filter_map(|s| s.utm.as_deref().and_then(|u| u.campaign.as_ref())));
        let mut seen_here: Vec<String> = Vec::new();
        for v in values {
            let n = super::normalise(&v.value);
            if seen_here.contains(&n) {
                continue;
            }
            seen_here.push(n.clone());
            match first.get(&n) {
                Some((other, f, sp)) if *other != c.name.value => {
                    let d =
                        out.report(c.file, v.span, format!("UTM campaign `{n}` is already used by campaign `{other}`"));
                    d.with_help("give each campaign its own utm campaign value, e.g. with a quarter or variant suffix");
                    if *f == c.file {
                        d.with_label(*f, *sp, format!("used by `{other}` here"));
                    }
                }
                Some(_) => {}
                None => {
                    first.insert(n, (c.name.value.as_str(), c.file, v.span));
                }
            }
        }
    }
}
