//! CMP005 campaign-without-owner.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP005",
    name: "campaign-without-owner",
    severity: Severity::Warning,
    fix: None,
    summary: "a campaign has no `owner`",
    why: "A campaign without an owner has nobody to make the calls when a step slips; steps without their own owner also inherit the campaign's.",
    bad: include_str!("../../../tests/rules/CMP005/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP005/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        if c.data.owner.as_ref().is_none_or(|o| o.value.trim().is_empty() || o.value.contains("TODO"))
            && !cx.model.failed(c.file, c.span, "owner")
        {
            out.report(c.file, c.header, format!("campaign `{}` has no owner", c.name.value))
                .with_help("add `owner = \"name@company.io\"`: the person accountable for the campaign");
        }
    }
}
