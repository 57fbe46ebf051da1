//! AUT: automation priorities.
pub mod aut001;
pub mod aut002;

/// The seed's build order: 0 = build first, 1 = second, 2 = third, 3 = later.
pub fn priority(kind: &str) -> Option<usize> {
    Some(match kind {
        "welcome-sequence" | "lead-scoring" | "trial-follow-up" | "lead-routing" => 0,
        "event-triggered-email" | "social-scheduling" | "reporting-dashboard" => 1,
        "content-personalization" | "predictive-lead-scoring" => 2,
        "dynamic-content" => 3,
        _ => return None,
    })
}

pub const BUILD_FIRST: &[&str] = &["welcome-sequence", "lead-scoring", "trial-follow-up", "lead-routing"];
