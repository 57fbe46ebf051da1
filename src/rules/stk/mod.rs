//! STK: the MarTech stack.
pub mod stk001;
pub mod stk002;
pub mod stk003;
pub mod stk004;
pub mod stk005;
pub mod stk006;
pub mod stk007;
pub mod stk008;
pub mod stk009;
pub mod stk010;
pub mod stk011;
pub mod stk012;

/// Is a tool active (`status` absent or `active`)?
pub fn active(t: &crate::model::Tool) -> bool {
    t.status.value == "active"
}
