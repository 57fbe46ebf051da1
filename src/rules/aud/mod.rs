//! AUD: marketing audit.
pub mod aud001;
pub mod aud002;

/// The seed's status and action per audit score.
pub use crate::seed::audit_status as status;
