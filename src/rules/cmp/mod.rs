//! CMP: campaign orchestration.
pub mod cmp001;
pub mod cmp002;
pub mod cmp003;
pub mod cmp004;
pub mod cmp005;
pub mod cmp006;
pub mod cmp007;
pub mod cmp008;
pub mod cmp009;
pub mod cmp010;
