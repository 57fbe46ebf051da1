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

use super::{Ctx, Sink};
use crate::diagnostic::{Build, FileId};
use crate::model::{Name, Spanned, Utm, UtmPolicy};

/// One UTM value as written.
pub struct UtmValue<'a> {
    pub file: FileId,
    /// `source`, `medium`, `campaign`, `content`, `term`, or the policy's list name.
    pub field: &'static str,
    pub value: &'a Spanned<crate::model::Name>,
    /// A value of the policy's `sources` or `mediums` (where `*` globs are allowed).
    pub policy_source: bool,
}

fn block_values(file: FileId, u: &Utm) -> impl Iterator<Item = UtmValue<'_>> {
    [
        ("source", &u.source),
        ("medium", &u.medium),
        ("campaign", &u.campaign),
        ("content", &u.content),
        ("term", &u.term),
    ]
    .into_iter()
    .filter_map(move |(field, v)| v.as_ref().map(|value| UtmValue { file, field, value, policy_source: false }))
}

/// Every UTM value of the workspace, in source order per declaration (an
/// iterator: several rules walk them at once, and a workspace has millions).
pub fn values<'a>(cx: &'a Ctx) -> impl Iterator<Item = UtmValue<'a>> + 'a {
    let campaigns = cx.campaigns.iter().flat_map(|&c| {
        let own = c.data.utm.as_deref().into_iter().flat_map(move |u| block_values(c.file, u));
        let steps = c.data.steps.iter().filter_map(|s| s.utm.as_deref()).flat_map(move |u| block_values(c.file, u));
        own.chain(steps)
    });
    let policies = super::user(&cx.model.utm_policies).flat_map(|p| {
        let list = |field: &'static str, values: &'a [Spanned<crate::model::Name>], policy_source: bool| {
            values.iter().map(move |value| UtmValue { file: p.file, field, value, policy_source })
        };
        list("sources", &p.data.sources, true).chain(list("mediums", &p.data.mediums, true)).chain(list(
            "paid-search-mediums",
            &p.data.paid_search_mediums,
            false,
        ))
    });
    campaigns.chain(policies)
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

/// The value that satisfies UTM001, UTM002 and UTM008 at once, in the form
/// it is written (`text` is the source text, quotes included): lowercase,
/// each run of spaces, underscores and other characters outside a-z, 0-9
/// and `-` (and `*` where globs are allowed) one hyphen, no hyphen left at
/// either end by the replacement. The help and fix of UTM001 and UTM002
/// both propose it, so neither proposes a value the other rejects.
pub fn conforming(text: &str, glob_ok: bool) -> String {
    let (open, inner, close) = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => ("\"", inner, "\""),
        None => ("", text, ""),
    };
    let mut out = String::with_capacity(inner.len());
    let mut replaced = false;
    for c in inner.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (glob_ok && c == '*') {
            out.push(c);
            replaced = false;
        } else if !replaced {
            out.push('-');
            replaced = true;
        }
    }
    let trimmed_start = if inner.starts_with('-') { out.as_str() } else { out.trim_start_matches('-') };
    let trimmed = if inner.ends_with('-') { trimmed_start } else { trimmed_start.trim_end_matches('-') };
    format!("{open}{trimmed}{close}")
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

/// What UTM004 and UTM005 check: the values of one UTM field against one
/// list of the policy in force.
pub struct PolicyList {
    /// The UTM field (`source`, `medium`).
    pub field: &'static str,
    /// The policy's attribute that lists the allowed values (`sources`).
    pub attr: &'static str,
    pub list: fn(&UtmPolicy) -> &[Spanned<Name>],
    /// The help when no allowed value is close: given the allowed values
    /// (joined) and the value found.
    pub help: fn(&str, &str) -> String,
}

/// Report every value of `what.field` that no pattern of the policy's list
/// matches (after normalisation), with a did-you-mean where one is close.
pub fn not_in_policy(cx: &Ctx, out: &mut Sink, what: &PolicyList) {
    let Some(policy) = cx.model.utm_policy() else { return };
    let allowed: Vec<&str> = (what.list)(&policy.data).iter().map(|s| s.value.as_str()).collect();
    if allowed.is_empty() || cx.model.failed(policy.file, policy.span, what.attr) {
        // a policy whose list did not parse or lower has its error; an
        // empty list is no standard to compare with
        return;
    }
    let joined = allowed.join(", ");
    for v in values(cx).filter(|v| v.field == what.field) {
        let n = normalise(&v.value.value);
        if !allowed.iter().any(|p| glob(p, &n)) {
            let hint = crate::schema::did_you_mean(&n, allowed.iter().copied().filter(|a| !a.contains('*')));
            out.report(
                v.file,
                v.value.span,
                format!("UTM {} `{n}` is not in the UTM policy `{}`", what.field, policy.name.value),
            )
            .with_help(match hint {
                Some(h) => format!("{h} Allowed {}: {joined}", what.attr),
                None => (what.help)(&joined, &n),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn globs_and_normalisation() {
        assert!(super::glob("partner-*", "partner-acme"));
        assert!(!super::glob("partner-*", "partners"));
        assert!(super::glob("*", ""));
        assert_eq!(super::normalise("Spring  Sale__2026"), "spring-sale-2026");
        assert_eq!(super::conforming("\"Monitor2_Launch_Q1\"", false), "\"monitor2-launch-q1\"");
        assert_eq!(super::conforming("\"Spring Sale!\"", false), "\"spring-sale\"");
        assert_eq!(super::conforming("LinkedIn", false), "linkedin");
    }
}
