//! CTX002 icp-incomplete.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CTX002",
    name: "icp-incomplete",
    severity: Severity::Info,
    fix: None,
    summary: "an `icp` lacks `company-size` or `industries`",
    why: "Lead scoring scores demographic fit on title, company size and industry; an ICP without size or industries cannot be scored or targeted.",
    bad: include_str!("../../../tests/rules/CTX002/invalid.mops"),
    good: include_str!("../../../tests/rules/CTX002/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for c in user(&cx.model.contexts) {
        let Some(icp) = &c.data.icp else { continue };
        let mut missing = Vec::new();
        if icp.company_size.is_none() {
            missing.push("company-size");
        }
        if icp.industries.is_none() {
            missing.push("industries");
        }
        if !missing.is_empty() {
            let span = Span::new(icp.span.start(), icp.span.start() + 3);
            out.report(c.file, span, format!("the ICP of `{}` has no {}", c.name.value, missing.join(" or ")))
                .with_help(format!(
                    "add {} to the `icp` block, e.g. `company-size = 50..500  industries = [saas]`",
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and ")
                ));
        }
    }
}
