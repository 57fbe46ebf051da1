//! AUD: marketing audit.
pub mod aud001;
pub mod aud002;

/// The seed's status and action per audit score.
pub fn status(score: i64) -> (&'static str, &'static str) {
    match score {
        1 => ("not present", "build from scratch"),
        2 => ("basic but underperforming", "significant improvement needed"),
        3 => ("functional", "optimize and iterate"),
        4 => ("strong", "maintain and scale"),
        _ => ("best-in-class", "protect and document"),
    }
}
