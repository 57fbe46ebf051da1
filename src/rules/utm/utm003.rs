//! UTM003 utm-term-outside-paid-search.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "UTM003",
    name: "utm-term-outside-paid-search",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    summary: "`term` is set where the medium is not a paid-search medium",
    why: "`utm_term` is for paid search keywords only; elsewhere it carries noise into the keyword reports. The fix removes `term` (unsafe: someone may rely on it).",
    bad: include_str!("../../../tests/rules/UTM003/invalid.mops"),
    good: include_str!("../../../tests/rules/UTM003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let paid: Vec<String> = cx
        .model
        .utm_policy()
        .map(|p| p.data.paid_search_mediums.iter().map(|m| super::normalise(&m.value)).collect())
        .unwrap_or_else(|| vec!["cpc".to_string()]);
    for &c in &cx.campaigns {
        let cu = c.data.utm.as_deref();
        let mut sites = Vec::new();
        if let Some(u) = cu {
            if let Some(t) = &u.term {
                sites.push((t, u.medium.as_ref()));
            }
        }
        for s in &c.data.steps {
            if let Some(t) = s.utm.as_deref().and_then(|u| u.term.as_ref()) {
                sites.push((t, super::effective(s.utm.as_deref(), cu, |u| &u.medium)));
            }
        }
        for (term, medium) in sites {
            let m = medium.map(|m| super::normalise(&m.value));
            if m.as_ref().is_some_and(|m| paid.contains(m)) {
                continue;
            }
            let what = match &m {
                Some(m) => format!("the medium is `{m}`"),
                None => "no medium is set".to_string(),
            };
            let text = cx.text(c.file);
            let fix = attribute_removal(text, term.span).map(|rm| {
                out.fix("remove `term`", vec![Edit { start: rm.start(), end: rm.end(), replacement: String::new() }])
            });
            let d = out
                .report(
                    c.file,
                    term.span,
                    format!("`term` is set but {what}, not a paid-search medium ({})", paid.join(", ")),
                )
                .with_help("remove `term`: utm_term is for paid search keywords only");
            if let Some(fix) = fix {
                d.with_fix(fix);
            }
        }
    }
}
