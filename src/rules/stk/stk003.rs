//! STK003 overlapping-tools.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK003",
    name: "overlapping-tools",
    severity: Severity::Warning,
    fix: None,
    summary: "two active tools share a category other than `other`",
    why: "No overlapping tools doing the same job: two email platforms or two analytics suites split data, double the cost and halve the adoption of each.",
    bad: include_str!("../../../tests/rules/STK003/invalid.mops"),
    good: include_str!("../../../tests/rules/STK003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let mut first: std::collections::HashMap<&str, &crate::model::Decl<crate::model::Tool>> =
        std::collections::HashMap::new();
    for t in user(&cx.model.tools).filter(|t| super::active(&t.data)) {
        let cat = t.data.category.value.as_str();
        if cat == "other" || cat.is_empty() {
            continue;
        }
        match first.get(cat) {
            Some(f) => {
                let d = out.report(
                    t.file,
                    t.data.category.span,
                    format!("tools `{}` and `{}` are both active `{cat}` tools", f.name.value, t.name.value),
                );
                d.with_label(t.file, t.data.category.span, format!("`{}` is another active {cat} tool", t.name.value));
                if f.file == t.file {
                    d.with_label(f.file, f.data.category.span, format!("`{}` is the first", f.name.value));
                }
                d.with_help(format!(
                    "keep one {cat} tool: retire the other (`status = retired`) or mark it `evaluating`; \
                     if both are needed, put `# mops: allow(STK003) REASON` on the line above `tool {}`",
                    t.name.value
                ));
            }
            None => {
                first.insert(cat, t);
            }
        }
    }
}
