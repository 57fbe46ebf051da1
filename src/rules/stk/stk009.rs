//! STK009 renewal-soon.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK009",
    name: "renewal-soon",
    severity: Severity::Info,
    fix: None,
    summary: "`renews` falls within `renewal-window` (60d, option) of today",
    why: "Contracts are reviewed for cost optimisation before they renew, not after: a renewal inside the window is the last chance to renegotiate or cut. (The window counts forward from today: a renewal date already past is not \"soon\".)",
    bad: include_str!("../../../tests/rules/STK009/invalid.mops"),
    good: include_str!("../../../tests/rules/STK009/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let window = cx.opts.renewal_window_days;
    for t in user(&cx.model.tools).filter(|t| t.data.status.value != "retired") {
        if let Some(r) = &t.data.renews {
            let days = -cx.days_since(r.value);
            if (0..=window).contains(&days) {
                out.report(
                    t.file,
                    r.span,
                    format!("the contract of `{}` renews on {} ({days} days from today)", t.name.value, r.value),
                )
                .with_help("review its cost and adoption now, while you can still renegotiate or cancel");
            }
        }
    }
}
