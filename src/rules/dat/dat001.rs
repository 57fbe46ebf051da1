//! DAT001 hygiene-missing.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "DAT001",
    name: "hygiene-missing",
    severity: Severity::Warning,
    fix: None,
    summary: "a workspace with tools or campaigns has no `hygiene`",
    why: "Own the data: marketing ops is responsible for data quality, and bad data produces bad decisions. A data-hygiene schedule (dedupe, verify, enrich, clean, audit UTMs, review scoring, sync) is how it stays good. Reported at the first declaration of the workspace.",
    bad: include_str!("../../../tests/rules/DAT001/invalid.mops"),
    good: include_str!("../../../tests/rules/DAT001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let has_work = user(&cx.model.tools).next().is_some() || !cx.campaigns.is_empty();
    if !has_work || user(&cx.model.hygienes).next().is_some() {
        return;
    }
    let Some((file, span)) = cx.first_decl else { return };
    out.report(file, span, "the workspace has no data-hygiene schedule").with_help(format!(
        "add a `hygiene` block with tasks such as `task dedupe: dedupe-crm {{ every = {}  owner = \"ops@acme.io\" }}`",
        crate::seed::hygiene_every("dedupe-crm").unwrap_or_default()
    ));
}
