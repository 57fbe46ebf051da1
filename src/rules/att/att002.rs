//! ATT002 position-weights.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT002",
    name: "position-weights",
    severity: Severity::Error,
    fix: None,
    summary: crate::seed::written!(summary),
    why: "Position-based (U-shaped) attribution splits each conversion's credit: the weights must add up to 100% or credit is invented or lost.",
    bad: include_str!("../../../tests/rules/ATT002/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT002/valid.mops"),
    check,
};

/// The summary, with the seed's split.
const fn summary<const N: usize>(w: &mut crate::seed::Writer<N>) {
    let p = crate::seed::POSITION_BASED;
    w.s("a `position-based` model sets any of `first`/`last`/`middle` and they do not add up to 100%, ");
    w.s("absent ones counting 0% (all absent means ").n(p.first).s("/").n(p.last).s("/").n(p.middle).s(")");
}

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.attributions).filter(|a| a.data.model.value == "position-based") {
        let ws = [&a.data.first, &a.data.last, &a.data.middle];
        if ws.iter().all(|w| w.is_none()) {
            continue;
        }
        let sum: i64 = ws.iter().filter_map(|w| w.as_ref()).map(|w| w.value.hundredths).sum();
        if sum != 10_000 {
            let span = ws.iter().find_map(|w| w.as_ref().map(|w| w.span)).unwrap_or(a.header);
            let total = crate::literal::Percent { hundredths: sum };
            out.report(a.file, span, format!("the position weights of `{}` add up to {total}, not 100%", a.name.value))
                .with_help(format!(
                    "set first, last and middle so that they add up to 100% (absent weights count 0%), e.g. {}% / {}% / {}%",
                    crate::seed::POSITION_BASED.first,
                    crate::seed::POSITION_BASED.last,
                    crate::seed::POSITION_BASED.middle
                ));
        }
    }
}
