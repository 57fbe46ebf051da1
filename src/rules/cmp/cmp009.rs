//! CMP009 step-tool-mismatch.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP009",
    name: "step-tool-mismatch",
    severity: Severity::Warning,
    fix: None,
    summary: "a step's `tool` has a category that does not serve its skill",
    why: "A step run on the wrong kind of tool produces output that does not flow where it should: paid ads run on an ads platform, landing pages on the CMS, analytics on analytics or attribution, outreach on email, automation or the CRM.",
    bad: include_str!("../../../tests/rules/CMP009/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP009/valid.mops"),
    check,
};

/// The tool categories that serve a skill, where the rule has an opinion.
pub fn serving(skill: &str) -> Option<&'static [&'static str]> {
    Some(match skill {
        "paid-ads" => &["ads"],
        "cold-email" => &["email", "marketing-automation", "crm"],
        "landing-page-generator" => &["cms"],
        "campaign-analytics" => &["analytics", "attribution"],
        "social-content" => &["social"],
        _ => return None,
    })
}

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            let (Some(tool), Some(ok)) = (&s.tool, serving(&s.skill.value)) else { continue };
            let Some(cat) = cx.tool_category(&tool.value) else { continue };
            if !ok.contains(&cat) {
                out.report(
                    c.file,
                    tool.span,
                    format!(
                        "step `{}` ({}) runs on `{}`, {} `{cat}` tool",
                        s.name.value,
                        s.skill.value,
                        tool.value,
                        article(cat)
                    ),
                )
                .with_help(format!("use a tool of category {}", ok.join(" or ")));
            }
        }
    }
}
