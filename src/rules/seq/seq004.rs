//! SEQ004 sequence-tool-mismatch.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "SEQ004",
    name: "sequence-tool-mismatch",
    severity: Severity::Warning,
    fix: None,
    summary: "the sequence's tool is not an `email` or `marketing-automation` tool",
    why: "Email sequences are sent by the email platform or the marketing automation tool; anything else cannot send them, track opens or stop on conversion.",
    bad: include_str!("../../../tests/rules/SEQ004/invalid.mops"),
    good: include_str!("../../../tests/rules/SEQ004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for s in user(&cx.model.sequences) {
        let Some(tool) = &s.data.tool else { continue };
        let Some(cat) = cx.tool_category(&tool.value) else { continue };
        if cat != "email" && cat != "marketing-automation" {
            out.report(
                s.file,
                tool.span,
                format!("sequence `{}` is sent by `{}`, {} `{cat}` tool", s.name.value, tool.value, article(cat)),
            )
            .with_help("send sequences with an `email` or `marketing-automation` tool");
        }
    }
}
