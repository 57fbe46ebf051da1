//! ATT005 attribution-undocumented.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT005",
    name: "attribution-undocumented",
    severity: Severity::Info,
    fix: None,
    summary: "no `documented`",
    why: "Document everything: the attribution model is selected and documented, and sales ops shares the same definitions. `documented` says where the decision is written down.",
    bad: include_str!("../../../tests/rules/ATT005/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT005/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.attributions) {
        if a.data.documented.is_none() {
            out.report(a.file, a.header, format!("attribution model `{}` is not documented", a.name.value))
                .with_help("add `documented = \"URL or page\"` where the model decision is written down");
        }
    }
}
