//! DAT: data hygiene.
pub mod dat001;
pub mod dat002;
pub mod dat003;
pub mod dat004;

/// The seed's recommended frequency per task kind.
pub const RECOMMENDED: &[(&str, &str)] = &[
    ("dedupe-crm", "monthly"),
    ("verify-emails", "before-campaign"),
    ("update-firmographics", "quarterly"),
    ("clean-inactive", "quarterly"),
    ("audit-utms", "monthly"),
    ("review-scoring", "quarterly"),
    ("sync-crm", "continuous"),
];

/// Does `actual` run at least as often as `recommended`?
pub fn often_enough(actual: &str, recommended: &str) -> bool {
    let rank = |f: &str| ["continuous", "weekly", "monthly", "quarterly", "yearly"].iter().position(|x| *x == f);
    match (actual, recommended) {
        (a, "before-campaign") => a == "before-campaign" || a == "continuous",
        ("before-campaign", _) => false,
        (a, r) => matches!((rank(a), rank(r)), (Some(x), Some(y)) if x <= y),
    }
}
