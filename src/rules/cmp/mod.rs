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
pub mod cmp011;

/// Whether a step of the campaign names a skill that does not exist (E021)
/// and may be a misspelling of `skill`: rules about a skill the campaign
/// lacks stay silent about that one (one mistake, one finding).
pub fn misspelt_step(cx: &super::Ctx, c: &crate::model::CampaignDecl, skill: &str) -> bool {
    c.data
        .steps
        .iter()
        .filter(|s| cx.model.skill(&s.skill.value).is_none())
        .any(|s| !crate::schema::suggest(&s.skill.value, [skill]).is_empty())
}
