//! What the plan's pre-launch checklist and the audit's checklists share: an
//! item's [`Status`] and the rule that a passing item whose deciding rules
//! `mops.toml` turns off is not verified ([`not_verified`]).

use serde::{Deserialize, Serialize};

/// `pass`, `fail`, or `n/a` (not applicable, or not recorded in `.mops` files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "pass")]
    Pass,
    #[serde(rename = "fail")]
    Fail,
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "n/a",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an item decided by `rules` cannot pass: the lint rules among them
/// that `mops.toml` turns off ("not verified: STK001 is disabled in
/// mops.toml"). Error codes are never off.
pub fn not_verified(config: &crate::config::Config, rules: &[&str]) -> Option<String> {
    let off: Vec<&str> =
        rules.iter().copied().filter(|r| crate::rules::rule(r).is_some() && !config.enabled(r)).collect();
    if off.is_empty() {
        return None;
    }
    Some(format!(
        "not verified: {} {} disabled in mops.toml",
        off.join(", "),
        if off.len() == 1 { "is" } else { "are" }
    ))
}
