//! DAT: data hygiene.
pub mod dat001;
pub mod dat002;
pub mod dat003;
pub mod dat004;

use crate::seed::{BEFORE_CAMPAIGN, FREQUENCIES};

/// Does `actual` run at least as often as `recommended`? The periodic
/// frequencies rank in `seed::FREQUENCIES`' order (most often first);
/// `before-campaign` is met by itself and by the most frequent,
/// `continuous`, and meets no periodic recommendation.
pub fn often_enough(actual: &str, recommended: &str) -> bool {
    let rank = |f: &str| FREQUENCIES.iter().filter(|x| **x != BEFORE_CAMPAIGN).position(|x| *x == f);
    match (actual, recommended) {
        (a, BEFORE_CAMPAIGN) => a == BEFORE_CAMPAIGN || a == FREQUENCIES[0],
        (BEFORE_CAMPAIGN, _) => false,
        (a, r) => matches!((rank(a), rank(r)), (Some(x), Some(y)) if x <= y),
    }
}
