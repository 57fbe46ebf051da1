//! CHN003 channel-tool-mismatch.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CHN003",
    name: "channel-tool-mismatch",
    severity: Severity::Warning,
    fix: None,
    summary: "a step's `channel` runs on one platform and its `tool`, an `ads` or `social` tool, is another platform's",
    why: "A step is bought and measured where it runs: a LinkedIn step on the `google-ads` tool has its budget, its conversions and its owner in the wrong account.",
    bad: include_str!("../../../tests/rules/CHN003/invalid.mops"),
    good: include_str!("../../../tests/rules/CHN003/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            let (Some(ch), Some(tool)) = (&s.channel, &s.tool) else { continue };
            let Some(platform) = super::platform_of(&ch.value) else { continue };
            if !matches!(cx.tool_category(&tool.value), Some("ads" | "social")) {
                continue;
            }
            // a tool named as a channel (`channel = google-ads` on `google-ads`) is that channel
            if let Some(other) = super::platform_of_tool(&tool.value).filter(|o| o.name != platform.name) {
                out.report(
                    c.file,
                    tool.span,
                    format!(
                        "step `{}` runs on {} (`channel = {}`) but its tool `{}` is {}'s",
                        s.name.value, platform.name, ch.value, tool.value, other.name
                    ),
                )
                .with_label(c.file, tool.span, format!("a {} tool", other.name))
                .with_label(c.file, ch.span, format!("a {} channel", platform.name))
                .with_help(format!("run the step on a {} tool, or correct its `channel`", platform.name));
            }
        }
    }
}
