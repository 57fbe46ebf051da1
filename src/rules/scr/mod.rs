//! SCR: lead scoring.
pub mod scr001;
pub mod scr002;
pub mod scr003;
pub mod scr004;
pub mod scr005;
pub mod scr006;
pub mod scr007;
pub mod scr008;
pub mod scr009;

use crate::literal::IntRange;
use crate::model::{Spanned, Tiers};

/// The seed's point range per signal kind.
pub fn points_range(kind: &str) -> Option<(i64, i64)> {
    Some(match kind {
        "demographic" => (10, 25),
        "high-intent" => (15, 25),
        "engagement" => (5, 15),
        "product" => (20, 30),
        "negative" => (-50, -10),
        _ => return None,
    })
}

/// The four tiers in order, where present.
pub fn tiers(t: &Tiers) -> Vec<(&'static str, &Spanned<IntRange>)> {
    [("nurture", &t.nurture), ("mql", &t.mql), ("sql", &t.sql), ("hot", &t.hot)]
        .into_iter()
        .filter_map(|(n, r)| r.as_ref().map(|r| (n, r)))
        .collect()
}

/// The tiers of a standard model (the seed's thresholds).
pub const STANDARD: [(&str, i64, Option<i64>); 4] =
    [("nurture", 0, Some(25)), ("mql", 26, Some(50)), ("sql", 51, Some(75)), ("hot", 76, None)];
