//! ATT001 no-attribution-model.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT001",
    name: "no-attribution-model",
    severity: Severity::Warning,
    fix: None,
    summary: "the workspace has campaigns but no `attribution`",
    why: "An attribution model is selected and documented before channel ROI can be compared; campaigns without one get credit by whoever argues loudest. Reported at the first campaign.",
    bad: include_str!("../../../tests/rules/ATT001/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let Some(&first) = cx.campaigns.first() else { return };
    if user(&cx.model.attributions).next().is_none() {
        out.report(first.file, first.header, "the workspace has campaigns but no attribution model").with_help(
            "declare one, e.g. `attribution default: position-based { conversions = [\"demo-requested\"] }`",
        );
    }
}
