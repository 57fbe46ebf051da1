//! ATT: attribution.
pub mod att001;
pub mod att002;
pub mod att003;
pub mod att004;
pub mod att005;
pub mod att006;
