//! NAM: naming.
pub mod nam001;
