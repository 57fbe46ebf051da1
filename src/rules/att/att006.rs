//! ATT006 attribution-stray-parameter.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "ATT006",
    name: "attribution-stray-parameter",
    severity: Severity::Warning,
    fix: Some(Applicability::Unsafe),
    summary: "weights on a model other than `position-based`, `half-life` on one other than `time-decay`, or `method`/`order` on one other than `data-driven` (`order` with `method = shapley`)",
    why: "A parameter the model does not use suggests the model was changed and the old settings left behind; readers will assume it takes effect. The fix removes it (unsafe: maybe the model, not the parameter, is wrong).",
    bad: include_str!("../../../tests/rules/ATT006/invalid.mops"),
    good: include_str!("../../../tests/rules/ATT006/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for a in user(&cx.model.attributions) {
        let model = a.data.model.value.as_str();
        let mut stray = Vec::new();
        if model != "position-based" {
            for (n, w) in [("first", &a.data.first), ("last", &a.data.last), ("middle", &a.data.middle)] {
                if let Some(w) = w {
                    stray.push((n, w.span, "position-based"));
                }
            }
        }
        if model != "time-decay" {
            if let Some(h) = &a.data.half_life {
                stray.push(("half-life", h.span, "time-decay"));
            }
        }
        if model != "data-driven" {
            if let Some(m) = &a.data.method {
                stray.push(("method", m.span, "data-driven"));
            }
            if let Some(o) = &a.data.order {
                stray.push(("order", o.span, "data-driven"));
            }
        } else if a.data.method.as_ref().is_some_and(|m| m.value == "shapley") {
            if let Some(o) = &a.data.order {
                stray.push(("order", o.span, "data-driven with `method = markov`"));
            }
        }
        for (name, span, owner) in stray {
            let text = cx.text(a.file);
            let fix = attribute_removal(text, span).map(|rm| {
                out.fix(
                    format!("remove `{name}`"),
                    vec![Edit { start: rm.start(), end: rm.end(), replacement: String::new() }],
                )
            });
            let d = out
                .report(a.file, span, format!("`{name}` has no effect on the {model} model `{}`", a.name.value))
                .with_help(format!("remove `{name}`, or change the model to {owner}"));
            if let Some(fix) = fix {
                d.with_fix(fix);
            }
        }
    }
}
