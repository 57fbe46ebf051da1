//! STK007 evaluation-below-bar.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "STK007",
    name: "evaluation-below-bar",
    severity: Severity::Warning,
    fix: None,
    summary: "an `evaluating` tool has no `score`, or its weighted score is below `evaluation-bar` (2.0, option)",
    why: "New tools are evaluated on five weighted criteria (problem 30%, integration 25%, cost 20%, time to value 15%, capability 10%). A tool under evaluation without a score, or scoring under the bar, should not be bought. Computed in integers: 30p+25i+20c+15t+10k against 100 × bar.",
    bad: include_str!("../../../tests/rules/STK007/invalid.mops"),
    good: include_str!("../../../tests/rules/STK007/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    let bar = cx.opts.evaluation_bar_x100;
    for t in user(&cx.model.tools).filter(|t| t.data.status.value == "evaluating") {
        match &t.data.score {
            None => {
                out.report(t.file, t.header, format!("tool `{}` is being evaluated but has no `score`", t.name.value))
                    .with_help("score it: `score { problem = 1..3 integration = 1..3 cost = 1..3 time-to-value = 1..3 capability = 1..3 }`");
            }
            Some(s) => {
                let w = s.weighted_x100();
                if w < bar {
                    out.report(
                        t.file,
                        Span::new(s.span.start(), s.span.start() + 5),
                        format!(
                            "tool `{}` scores {}.{:02} in the stack evaluation, below the bar of {}.{:02}",
                            t.name.value,
                            w / 100,
                            w % 100,
                            bar / 100,
                            bar % 100
                        ),
                    )
                    .with_help("do not adopt it as it stands; find a tool that solves a validated problem and integrates natively");
                }
            }
        }
    }
}
