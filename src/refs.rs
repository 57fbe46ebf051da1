//! References: the names a model's declarations use to point at other
//! declarations (the schema's `Ref` types), read off the typed model.
//!
//! They are not stored: every value a reference names is already in the
//! model, with its span, so name resolution, NAM001 and the language server
//! walk the model instead of keeping a second copy of millions of names
//! (docs/performance.md). The walk covers every `Ref` of the schema; a test
//! holds the two lists together.

use crate::diagnostic::{FileId, Span};
use crate::model::{CampaignDecl, Model, Name, Spanned};

/// The kinds of declaration a reference can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    Context,
    Playbook,
    Skill,
    Step,
    Tool,
    Dataset,
}

impl RefKind {
    pub const ALL: [RefKind; 6] =
        [RefKind::Context, RefKind::Playbook, RefKind::Skill, RefKind::Step, RefKind::Tool, RefKind::Dataset];

    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Context => "context",
            RefKind::Playbook => "playbook",
            RefKind::Skill => "skill",
            RefKind::Step => "step",
            RefKind::Tool => "tool",
            RefKind::Dataset => "dataset",
        }
    }

    /// The kind named by a schema `Ref` type.
    pub fn of(kind: &str) -> Option<RefKind> {
        RefKind::ALL.into_iter().find(|k| k.as_str() == kind)
    }
}

/// One reference: a name of kind `kind()` written at `span` of `file`.
#[derive(Debug, Clone, Copy)]
pub struct RefSite<'m> {
    pub ref_kind: RefKind,
    pub name: &'m str,
    pub span: Span,
    pub file: FileId,
    /// For a step reference (`after`): the campaign whose steps are its
    /// namespace.
    pub scope: Option<&'m CampaignDecl>,
}

impl RefSite<'_> {
    pub fn kind(&self) -> &'static str {
        self.ref_kind.as_str()
    }
}

/// Every reference of `model`, declaration by declaration. Unnamed values
/// (a missing `: TYPE`, lowered as an empty name after E012) are not
/// references.
pub fn for_each<'m>(model: &'m Model, mut f: impl FnMut(RefSite<'m>)) {
    let mut one = |ref_kind, v: &'m Spanned<Name>, file, scope| {
        if !v.value.is_empty() {
            f(RefSite { ref_kind, name: v.value.as_str(), span: v.span, file, scope });
        }
    };
    for t in &model.tools {
        for v in &t.data.integrates {
            one(RefKind::Tool, v, t.file, None);
        }
    }
    for p in &model.playbooks {
        for v in &p.data.steps {
            one(RefKind::Skill, v, p.file, None);
        }
    }
    for c in &model.campaigns {
        one(RefKind::Playbook, &c.data.playbook, c.file, None);
        if let Some(v) = &c.data.context {
            one(RefKind::Context, v, c.file, None);
        }
        for s in &c.data.steps {
            one(RefKind::Skill, &s.skill, c.file, None);
            for v in s.after.iter().flat_map(|a| a.value.iter()) {
                one(RefKind::Step, v, c.file, Some(c));
            }
            if let Some(v) = &s.tool {
                one(RefKind::Tool, v, c.file, None);
            }
        }
    }
    for r in &model.routes {
        for v in r.data.to.iter().chain(r.data.not.iter()) {
            one(RefKind::Skill, v, r.file, None);
        }
    }
    for s in &model.sequences {
        if let Some(v) = &s.data.tool {
            one(RefKind::Tool, v, s.file, None);
        }
    }
    for a in &model.automations {
        if let Some(v) = &a.data.tool {
            one(RefKind::Tool, v, a.file, None);
        }
    }
    for s in &model.scorings {
        if let Some(v) = &s.data.route {
            one(RefKind::Tool, v, s.file, None);
        }
        for v in s.data.leads.iter().chain(s.data.touches.iter()) {
            one(RefKind::Dataset, v, s.file, None);
        }
    }
    for a in &model.attributions {
        for v in a.data.touches.iter().chain(a.data.spend.iter()) {
            one(RefKind::Dataset, v, a.file, None);
        }
    }
}

/// [`for_each`], collected.
pub fn all(model: &Model) -> Vec<RefSite<'_>> {
    let mut out = Vec::new();
    for_each(model, |r| out.push(r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Ty, TypeRule, KINDS};

    fn refs_in(ty: &Ty, out: &mut Vec<&'static str>) {
        match ty {
            Ty::Ref(k) => out.push(k),
            Ty::List(inner) => refs_in(inner, out),
            _ => {}
        }
    }

    /// Every `(block kind, attribute or : TYPE)` of the schema that names a
    /// declaration is walked by `for_each`, and nothing else is.
    #[test]
    fn the_walk_covers_every_reference_of_the_schema() {
        let mut schema: Vec<(&str, &str, &str)> = Vec::new();
        for spec in KINDS {
            if let TypeRule::Ref(k) = spec.ty {
                schema.push((spec.kind, ":", k));
            }
            for a in spec.attrs {
                let mut kinds = Vec::new();
                refs_in(&a.ty, &mut kinds);
                for k in kinds {
                    schema.push((spec.kind, a.name, k));
                }
            }
        }
        schema.sort_unstable();
        let walked = vec![
            ("attribution", "spend", "dataset"),
            ("attribution", "touches", "dataset"),
            ("automation", "tool", "tool"),
            ("campaign", ":", "playbook"),
            ("campaign", "context", "context"),
            ("playbook", "steps", "skill"),
            ("route", "not", "skill"),
            ("route", "to", "skill"),
            ("scoring", "leads", "dataset"),
            ("scoring", "route", "tool"),
            ("scoring", "touches", "dataset"),
            ("sequence", "tool", "tool"),
            ("step", ":", "skill"),
            ("step", "after", "step"),
            ("step", "tool", "tool"),
            ("tool", "integrates", "tool"),
        ];
        assert_eq!(schema, walked, "a new reference in the schema needs an arm in refs::for_each");
        for (_, _, k) in walked {
            assert_eq!(RefKind::of(k).map(RefKind::as_str), Some(k));
        }
        assert_eq!(RefKind::of("campaign"), None);
    }

    #[test]
    fn references_of_a_campaign_file() {
        let src = "tool hub: crm {}\ncampaign launch: product-launch {\n  context = acme\n  step a: copywriting { tool = hub }\n  step b: paid-ads { after = [a] }\n}\n";
        let (ast, _) = crate::syntax::parse(FileId(1), src, crate::syntax::DEFAULT_MAX_DEPTH);
        let lowered = crate::lower::lower_file(FileId(1), &ast);
        let got: Vec<_> = all(&lowered.model)
            .into_iter()
            .map(|r| (r.kind(), r.name, &src[r.span.range()], r.scope.map(|c| c.name.value.as_str())))
            .collect();
        assert_eq!(
            got,
            vec![
                ("playbook", "product-launch", "product-launch", None),
                ("context", "acme", "acme", None),
                ("skill", "copywriting", "copywriting", None),
                ("tool", "hub", "hub", None),
                ("skill", "paid-ads", "paid-ads", None),
                ("step", "a", "a", Some("launch")),
            ]
        );
    }
}
