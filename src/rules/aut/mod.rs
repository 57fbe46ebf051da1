//! AUT: automation priorities.
pub mod aut001;
pub mod aut002;

/// The seed's build order: 0 = build first, 1 = second, 2 = third, 3 = later.
pub use crate::seed::{priority, BUILD_FIRST};

/// A build-first automation declared by a block other than `automation`: a
/// `welcome` or `onboarding` sequence (welcome-sequence), another sequence
/// whose trigger names a trial or an abandoned cart (trial-follow-up), a `scoring`
/// model (lead-scoring) and its `route` (lead-routing).
pub struct Implied {
    pub kind: &'static str,
    /// How the audit names it: "sequence `welcome`", "scoring `lead-score` → salesforce".
    pub what: String,
}

/// Every build-first automation the workspace declares outside `automation` blocks.
pub fn implied(model: &crate::model::Model) -> Vec<Implied> {
    let mut out = Vec::new();
    for s in super::user(&model.sequences) {
        let kind = s.data.kind.value.as_str();
        if kind == "welcome" || kind == "onboarding" {
            out.push(Implied { kind: "welcome-sequence", what: format!("sequence `{}`", s.name.value) });
            continue;
        }
        let trigger = s.data.trigger.as_ref().map(|t| t.value.to_lowercase()).unwrap_or_default();
        if ["trial", "cart", "abandon"].iter().any(|w| trigger.contains(w)) {
            out.push(Implied { kind: "trial-follow-up", what: format!("sequence `{}`", s.name.value) });
        }
    }
    for sc in super::user(&model.scorings) {
        out.push(Implied { kind: "lead-scoring", what: format!("scoring `{}`", sc.name.value) });
        if let Some(r) = &sc.data.route {
            out.push(Implied {
                kind: "lead-routing",
                what: format!("scoring `{}` (route = {})", sc.name.value, r.value),
            });
        }
    }
    out
}

/// The status of a build-first kind: the most advanced status of its
/// `automation` blocks when there are any (an explicit status is the
/// team's word), else `live` when another block implements it, else `None`.
pub fn status_of<'a>(model: &'a crate::model::Model, implied: &[Implied], kind: &str) -> Option<&'a str> {
    let rank = |s: &str| match s {
        "live" => 3,
        "building" => 2,
        "planned" => 1,
        _ => 0,
    };
    let declared: Vec<&str> = super::user(&model.automations)
        .filter(|a| a.data.kind.value == kind)
        .map(|a| a.data.status.as_ref().map(|s| s.value.as_str()).unwrap_or("planned"))
        .collect();
    if !declared.is_empty() {
        return declared.into_iter().max_by_key(|s| rank(s));
    }
    implied.iter().any(|i| i.kind == kind).then_some("live")
}
