//! CTX: marketing context ("context first, always").
pub mod ctx001;
pub mod ctx002;
