//! STK007 evaluation-below-bar.
use super::super::prelude::*;
use crate::seed::{Writer, EVALUATION, EVALUATION_SCALE};

pub static RULE: Rule = Rule {
    code: "STK007",
    name: "evaluation-below-bar",
    severity: Severity::Warning,
    fix: None,
    summary: "an `evaluating` tool has no `score`, or its weighted score is below `evaluation-bar` (2.0, option)",
    why: crate::seed::written!(why),
    bad: include_str!("../../../tests/rules/STK007/invalid.mops"),
    good: include_str!("../../../tests/rules/STK007/valid.mops"),
    check,
};

/// The why, with the seed's criteria and weights.
const fn why<const N: usize>(w: &mut Writer<N>) {
    w.s("New tools are evaluated on five weighted criteria (");
    crate::seed::each!(w, EVALUATION, ", ", |c| w.s(c.label).s(" ").n(c.weight).s("%"));
    w.s("). A tool under evaluation without a score, or scoring under the bar, should not be bought. ");
    w.s("Computed in integers: ");
    let letters = ["p", "i", "c", "t", "k"];
    crate::seed::each!(w, EVALUATION, "+", |i, c| w.n(c.weight).s(letters[i]));
    w.s(" against 100 × bar.");
}

fn check(cx: &Ctx, out: &mut Sink) {
    let bar = cx.opts.evaluation_bar_x100;
    for t in user(&cx.model.tools).filter(|t| t.data.status.value == "evaluating") {
        match &t.data.score {
            None => {
                out.report(t.file, t.header, format!("tool `{}` is being evaluated but has no `score`", t.name.value))
                    .with_help(score_help());
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

/// `score it: `score { problem = 1..3 … }``: every criterion on the seed's scale.
fn score_help() -> String {
    let (lo, hi) = EVALUATION_SCALE;
    let scores: Vec<String> = EVALUATION.iter().map(|c| format!("{} = {lo}..{hi}", c.attr)).collect();
    format!("score it: `score {{ {} }}`", scores.join(" "))
}
