//! STK005 low-adoption.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK005",
    name: "low-adoption",
    severity: Severity::Warning,
    fix: None,
    summary: "`adoption` is below `min-adoption` (30%, option)",
    why: "Tool adoption is measured, and tools nobody uses should be cut. (30% is this project's threshold, not the seed's; configure `min-adoption`.)",
    bad: include_str!("../../../tests/rules/STK005/invalid.mops"),
    good: include_str!("../../../tests/rules/STK005/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let min = cx.opts.min_adoption;
    for t in user(&cx.model.tools) {
        if let Some(a) = &t.data.adoption {
            if a.value < min && t.data.status.value != "retired" {
                out.report(
                    t.file,
                    a.span,
                    format!("only {} of the intended users use `{}` (below {min})", a.value, t.name.value),
                )
                .with_help("drive adoption with training, or cut the tool (`status = retired`)");
            }
        }
    }
}
