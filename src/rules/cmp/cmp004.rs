//! CMP004 playbook-order.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CMP004",
    name: "playbook-order",
    severity: Severity::Warning,
    fix: None,
    summary: "a step X precedes a step Y in the step graph (transitively) while Y's skill comes before X's in the playbook",
    why: "Sequence skills in the correct order: each phase passes its outputs to the next (strategy before copy, copy before the page, the page before the ads). Steps the graph leaves unordered are never a finding, whatever their dates.",
    bad: include_str!("../../../tests/rules/CMP004/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP004/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        let g = crate::campaign::structure(c);
        let Some(order) = &g.order else { continue };
        let Some(pb) = cx.model.playbook(&c.data.playbook.value) else { continue };
        let pos = |skill: &str| pb.data.steps.iter().position(|s| s.value == skill);
        let steps = &c.data.steps;
        // for each step, the ancestor with the latest playbook position (and its step)
        let mut latest: Vec<Option<(usize, usize)>> = vec![None; steps.len()];
        for &i in order {
            let mut best: Option<(usize, usize)> = None;
            for p in &g.preds[i] {
                let own = pos(&steps[p.step].skill.value).map(|x| (x, p.step));
                for cand in [own, latest[p.step]].into_iter().flatten() {
                    if best.is_none_or(|b| cand.0 > b.0 || (cand.0 == b.0 && cand.1 < b.1)) {
                        best = Some(cand);
                    }
                }
            }
            latest[i] = best;
            let (Some(my), Some((their, x))) = (pos(&steps[i].skill.value), best) else { continue };
            if their > my {
                let (xs, ys) = (&steps[x], &steps[i]);
                out.report(
                    c.file,
                    ys.header,
                    format!(
                        "step `{}` ({}) runs after `{}` ({}), but the playbook `{}` puts {} before {}",
                        ys.name.value,
                        ys.skill.value,
                        xs.name.value,
                        xs.skill.value,
                        pb.name.value,
                        ys.skill.value,
                        xs.skill.value
                    ),
                )
                .with_help(format!(
                    "reorder the steps so that `{}` does not wait for `{}`",
                    ys.name.value, xs.name.value
                ));
            }
        }
    }
}
