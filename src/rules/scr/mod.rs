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
pub use crate::seed::points_range;

/// The four tiers in order, where present.
pub fn tiers(t: &Tiers) -> Vec<(&'static str, &Spanned<IntRange>)> {
    crate::seed::TIER_NAMES
        .into_iter()
        .zip([&t.nurture, &t.mql, &t.sql, &t.hot])
        .filter_map(|(n, r)| r.as_ref().map(|r| (n, r)))
        .collect()
}
