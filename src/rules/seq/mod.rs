//! SEQ: email sequences.
pub mod seq001;
pub mod seq002;
pub mod seq003;
pub mod seq004;
