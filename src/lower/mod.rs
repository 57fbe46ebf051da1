//! Schema lowering: syntax tree → typed model, through the schema table.
//!
//! - `validate.rs`, the generic pass: any block checked against its
//!   `KindSpec` (E010–E015), nested blocks through one helper
//!   (`Cx::each_nested`, with E020 for a name given twice among them);
//! - `values.rs`: each attribute's value converted to its schema type
//!   (E003, E013, E015) and read back typed;
//! - `build.rs`: one small function per kind building the serde struct of
//!   `crate::model`;
//! - here: the entry point and the dispatch over [`DeclKind`].
//!
//! References are not stored apart: a value that names a declaration stays
//! in the model as that name with its span; `crate::refs` reads them off the
//! model and `crate::resolve` resolves them across the checked set.

mod build;
mod validate;
mod values;

pub use values::Val;

use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::kinds::DeclKind;
use crate::model::{Decl, Model, Name, Spanned};
use crate::schema;
use crate::syntax::{Block, SourceFile};

pub struct Lowered {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lower one parsed file.
pub fn lower_file(file: FileId, ast: &SourceFile) -> Lowered {
    let mut cx = Cx { file, diags: Vec::new(), failed: Vec::new() };
    let mut model = Model::default();
    for block in &ast.blocks {
        cx.top_block(block, &mut model);
    }
    model.failed = cx.failed;
    Lowered { model, diagnostics: cx.diags }
}

struct Cx {
    file: FileId,
    diags: Vec<Diagnostic>,
    /// Attributes written whose value did not lower (`Model::failed`).
    failed: Vec<(FileId, Span, &'static str)>,
}

fn decl<T>(block: &Block, file: FileId, data: T) -> Decl<T> {
    Decl { name: name_of(block), file, span: block.span, header: block.header_span(), data }
}

fn name_of(block: &Block) -> Spanned<Name> {
    block
        .name
        .as_ref()
        .map(|n| Spanned::new(Name::new(&n.text), n.span))
        .unwrap_or_else(|| Spanned::new(Name::default(), block.kind.span))
}

impl Cx {
    fn err(&mut self, code: &str, msg: impl Into<String>, span: Span, label: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::error(code, msg, self.file, span).with_label(self.file, span, label);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// A top-level block: checked by the generic pass, then built by its
    /// kind's function.
    fn top_block(&mut self, block: &Block, model: &mut Model) {
        let kind = block.kind.text.as_str();
        let (Some(decl_kind), Some(spec)) = (DeclKind::from_name(kind), schema::kind(kind).filter(|s| s.top_level))
        else {
            self.unknown_kind(block, None);
            return;
        };
        let Some(c) = self.check_block(block, spec) else {
            return;
        };
        let file = self.file;
        match decl_kind {
            DeclKind::Context => model.contexts.push(decl(block, file, build::context(self, &c))),
            DeclKind::Tool => model.tools.push(decl(block, file, build::tool(self, &c))),
            DeclKind::Skill => model.skills.push(decl(block, file, build::skill(&c))),
            DeclKind::Playbook => model.playbooks.push(decl(block, file, build::playbook(&c))),
            DeclKind::Campaign => model.campaigns.push(decl(block, file, build::campaign(self, &c))),
            DeclKind::Route => model.routes.push(decl(block, file, build::route(&c))),
            DeclKind::Sequence => model.sequences.push(decl(block, file, build::sequence(self, &c))),
            DeclKind::Automation => model.automations.push(decl(block, file, build::automation(&c))),
            DeclKind::Scoring => model.scorings.push(decl(block, file, build::scoring(self, &c))),
            DeclKind::Attribution => model.attributions.push(decl(block, file, build::attribution(self, &c))),
            DeclKind::Dataset => model.datasets.push(decl(block, file, build::dataset(self, &c))),
            DeclKind::UtmPolicy => model.utm_policies.push(decl(block, file, build::utm_policy(self, &c))),
            DeclKind::Hygiene => model.hygienes.push(decl(block, file, build::hygiene(self, &c))),
            DeclKind::Audit => model.audits.push(decl(block, file, build::audit(self, &c))),
        }
    }
}
