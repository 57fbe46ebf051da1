//! SEQ: email sequences.
pub mod seq001;
pub mod seq002;
pub mod seq003;
pub mod seq004;

/// The seed's standards: (fewest emails, most emails, duration in days).
pub fn standard(kind: &str) -> Option<(usize, usize, i64)> {
    Some(match kind {
        "welcome" => (5, 7, 14),
        "onboarding" => (4, 6, 14),
        "re-engagement" => (3, 4, 21),
        "win-back" => (3, 5, 30),
        "nurture" => (5, 7, 45),
        "upsell" => (2, 3, 7),
        "referral" => (2, 2, 7),
        _ => return None,
    })
}
