//! The one registry of top-level declaration kinds.
//!
//! Every consumer that treats declarations kind by kind (lowering's
//! dispatch, the model's bulk operations, resolution, the naming rule, the
//! graph, hover, document symbols) reads [`DeclKind`] or the
//! [`with_decl_kinds!`] table, and matches on `DeclKind` exhaustively, so a
//! kind added here and not handled somewhere is a compile error. The schema
//! (`schema::KINDS`) says what a kind's block may contain; a test
//! (`registry_covers_the_schema`) holds the two lists equal and walks every
//! consumer with each kind's reference example.
//!
//! Adding a block kind is three steps: its `KindSpec` in `schema.rs`, its
//! data struct in `model.rs` (implementing [`DeclData`]), and one row here.

use crate::diagnostic::{FileId, Span};
use crate::model::{Name, Spanned};

/// Calls `$callback!` with one `(model field, DeclKind variant, kind name,
/// data type)` row per top-level kind, in the schema's order: the one list
/// the enum, the model's vectors and the per-kind walks are made from.
macro_rules! with_decl_kinds {
    ($callback:ident) => {
        $callback! {
            (contexts, Context, "context", Context),
            (tools, Tool, "tool", Tool),
            (skills, Skill, "skill", Skill),
            (playbooks, Playbook, "playbook", Playbook),
            (campaigns, Campaign, "campaign", Box<Campaign>),
            (routes, Route, "route", Route),
            (sequences, Sequence, "sequence", Sequence),
            (automations, Automation, "automation", Automation),
            (scorings, Scoring, "scoring", Scoring),
            (attributions, Attribution, "attribution", Attribution),
            (datasets, Dataset, "dataset", Dataset),
            (utm_policies, UtmPolicy, "utm-policy", UtmPolicy),
            (hygienes, Hygiene, "hygiene", Hygiene),
            (audits, Audit, "audit", Audit),
        }
    };
}
pub(crate) use with_decl_kinds;

macro_rules! define_kinds {
    ($(($field:ident, $variant:ident, $name:literal, $ty:ty)),* $(,)?) => {
        /// A top-level declaration kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DeclKind {
            $($variant),*
        }

        impl DeclKind {
            /// Every kind, in the schema's order.
            pub const ALL: &'static [DeclKind] = &[$(DeclKind::$variant),*];

            /// The keyword that opens the block (`utm-policy`).
            pub fn name(self) -> &'static str {
                match self {
                    $(DeclKind::$variant => $name),*
                }
            }

            /// The kind a keyword opens, if it is a top-level kind.
            pub fn from_name(s: &str) -> Option<DeclKind> {
                match s {
                    $($name => Some(DeclKind::$variant),)*
                    _ => None,
                }
            }
        }

        impl crate::model::Model {
            /// Calls `f` with the head of every declaration, kind by kind in
            /// the schema's order, each kind's in source order.
            pub fn for_each_head<'a>(&'a self, mut f: impl FnMut(Head<'a>)) {
                $(
                    for d in &self.$field {
                        f(Head {
                            kind: DeclKind::$variant,
                            name: &d.name,
                            file: d.file,
                            span: d.span,
                            header: d.header,
                            ty: DeclData::ty(&d.data),
                        });
                    }
                )*
            }

            /// The number of declarations of `kind`.
            pub fn count_of(&self, kind: DeclKind) -> usize {
                match kind {
                    $(DeclKind::$variant => self.$field.len()),*
                }
            }
        }
    };
}
with_decl_kinds!(define_kinds);

impl std::fmt::Display for DeclKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What every declaration has, whatever its kind.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub kind: DeclKind,
    pub name: &'a Spanned<Name>,
    pub file: FileId,
    /// The whole block.
    pub span: Span,
    /// `KIND NAME: TYPE`.
    pub header: Span,
    /// The `: TYPE` (a tool's category, a campaign's playbook, …), if the kind has one.
    pub ty: Option<&'a Spanned<Name>>,
}

/// The part of a declaration's data the kind-generic code reads; every data
/// struct of [`with_decl_kinds!`] implements it (a missing impl is a compile
/// error).
pub trait DeclData {
    /// Whether a workspace declaration may replace the prelude's of the same
    /// name (`override = true`); otherwise a second name is E020.
    const OVERRIDABLE: bool = false;

    /// The `: TYPE` of the header, if the kind has one.
    fn ty(&self) -> Option<&Spanned<Name>> {
        None
    }

    /// Whether this declaration says `override = true`.
    fn overrides(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_source, Options};
    use crate::graph::{self, NodeKind};
    use crate::lsp::convert::LineMap;

    fn opts() -> Options {
        Options::new(crate::literal::date("2026-11-24").expect("date"))
    }

    /// `KIND NAME …` → NAME.
    fn declared_name(example: &str) -> &str {
        let header = example.split_whitespace().nth(1).expect("a name");
        header.trim_end_matches(':')
    }

    #[test]
    fn registry_covers_the_schema() {
        let schema: Vec<&str> = crate::schema::top_level_kinds().map(|k| k.kind).collect();
        let registry: Vec<&str> = DeclKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(schema, registry, "schema::KINDS's top-level kinds and the registry must be the same list");
        for k in DeclKind::ALL {
            assert_eq!(DeclKind::from_name(k.name()), Some(*k));
        }
        assert_eq!(DeclKind::from_name("step"), None, "nested kinds are not declarations");
    }

    /// Every kind's reference example walked through every consumer: the
    /// naming rule, resolution, the graph, hover, symbols and completion.
    #[test]
    fn every_consumer_handles_every_kind() {
        for kind in DeclKind::ALL {
            let example = crate::reference::EXAMPLES
                .iter()
                .find(|(k, _)| *k == kind.name())
                .map(|(_, e)| *e)
                .unwrap_or_else(|| panic!("reference::EXAMPLES has no example of `{kind}`"));
            let name = declared_name(example);
            let report = check_source("kinds.mops", example, &opts());
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
            assert!(errors.is_empty(), "{kind}: the example has errors: {errors:?}");
            let a = &report.analyses[0];

            // lowering and the model's walk
            let mut heads = Vec::new();
            a.model.for_each_head(|h| {
                if h.kind == *kind && h.file != crate::diagnostic::FileId::PRELUDE {
                    heads.push(h.name.value.to_string());
                }
            });
            assert_eq!(heads, [name], "{kind}: lowered and walked by Model::for_each_head");
            assert!(a.model.count_of(*kind) >= 1, "{kind}: count_of");

            // resolution
            assert!(a.symbols.get(kind.name(), name).is_some(), "{kind}: `{name}` is not in the symbols");

            // the graph
            let gr = graph::build(&a.set, &a.model, &report.files);
            assert!(gr.node(NodeKind::from(*kind), name).is_some(), "{kind}: `{name}` is not a graph node");
            assert_eq!(NodeKind::from(*kind).as_str(), kind.name());

            // hover
            let d = crate::lsp::hover::describe(kind.name(), name, None, &a.model);
            assert!(d.is_some_and(|d| d.markdown.contains(name)), "{kind}: hover does not describe `{name}`");

            // document symbols
            let (ast, _) = crate::syntax::parse(crate::diagnostic::FileId(0), example, 64);
            let map = LineMap::new(example);
            let syms = crate::lsp::symbols::document_symbols(example, &map, &ast);
            assert!(
                syms.iter().any(|s| s.name == name && s.kind == crate::lsp::symbols::decl_symbol(*kind)),
                "{kind}: no outline symbol for `{name}`"
            );

            // completion at the start of a top-level line
            let items = crate::lsp::completion::complete("", 0, &LineMap::new(""), None);
            assert!(items.iter().any(|i| i.label == kind.name()), "{kind}: not offered by completion");

            // the naming rule, on the same example with a bad name
            let bad = example.replacen(name, "Bad_Name", 1);
            let report = check_source("kinds.mops", &bad, &opts());
            assert!(
                report.diagnostics.iter().any(|d| d.code == "NAM001"
                    && d.message == format!("{kind} name `Bad_Name` is not lowercase kebab-case")),
                "{kind}: NAM001 does not check its names: {:?}",
                report.diagnostics
            );
        }
    }
}
