//! UTM: UTM parameters ("inconsistent UTMs make attribution impossible").
//! Values are checked wherever they occur: a campaign's `utm`, a step's
//! `utm`, and the workspace's policy.
pub mod utm001;
pub mod utm002;
pub mod utm003;
pub mod utm004;
pub mod utm005;
pub mod utm006;
pub mod utm007;
pub mod utm008;

use super::Ctx;
use crate::diagnostic::FileId;
use crate::model::{Spanned, Utm};

/// One UTM value as written.
pub struct UtmValue<'a> {
    pub file: FileId,
    /// `source`, `medium`, `campaign`, `content`, `term`, or the policy's list name.
    pub field: &'static str,
    pub value: &'a Spanned<crate::model::Name>,
    /// A value of the policy's `sources` (where `*` globs are allowed).
    pub policy_source: bool,
}

fn block_values<'a>(file: FileId, u: &'a Utm, out: &mut Vec<UtmValue<'a>>) {
    for (field, v) in [
        ("source", &u.source),
        ("medium", &u.medium),
        ("campaign", &u.campaign),
        ("content", &u.content),
        ("term", &u.term),
    ] {
        if let Some(v) = v {
            out.push(UtmValue { file, field, value: v, policy_source: false });
        }
    }
}

/// Every UTM value of the workspace, in source order per declaration.
pub fn values<'a>(cx: &'a Ctx) -> Vec<UtmValue<'a>> {
    let mut out = Vec::new();
    for &c in &cx.campaigns {
        if let Some(u) = &c.data.utm {
            block_values(c.file, u, &mut out);
        }
        for s in &c.data.steps {
            if let Some(u) = &s.utm {
                block_values(c.file, u, &mut out);
            }
        }
    }
    for p in super::user(&cx.model.utm_policies) {
        for v in &p.data.sources {
            out.push(UtmValue { file: p.file, field: "sources", value: v, policy_source: true });
        }
        for v in &p.data.mediums {
            out.push(UtmValue { file: p.file, field: "mediums", value: v, policy_source: false });
        }
        for v in &p.data.paid_search_mediums {
            out.push(UtmValue { file: p.file, field: "paid-search-mediums", value: v, policy_source: false });
        }
    }
    out
}

/// UTM001/UTM002 normalisation: lowercase, runs of spaces and underscores to one hyphen.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_run = false;
    for c in s.chars() {
        if c == ' ' || c == '_' {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            in_run = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `*` matches any run of characters.
pub fn glob(pattern: &str, s: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == s,
        Some((head, tail)) => {
            let Some(rest) = s.strip_prefix(head) else { return false };
            (0..=rest.len()).filter(|i| rest.is_char_boundary(*i)).any(|i| glob(tail, &rest[i..]))
        }
    }
}

/// The effective `utm` field of a step: its own, else its campaign's.
pub fn effective<'a>(
    step: Option<&'a Utm>,
    campaign: Option<&'a Utm>,
    field: fn(&Utm) -> &Option<Spanned<crate::model::Name>>,
) -> Option<&'a Spanned<crate::model::Name>> {
    step.and_then(|u| field(u).as_ref()).or_else(|| campaign.and_then(|u| field(u).as_ref()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn globs_and_normalisation() {
        assert!(super::glob("partner-*", "partner-acme"));
        assert!(!super::glob("partner-*", "partners"));
        assert!(super::glob("*", ""));
        assert_eq!(super::normalise("Spring  Sale__2026"), "spring-sale-2026");
    }
}
