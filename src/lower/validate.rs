//! The generic pass: any block validated against its `KindSpec` from
//! `crate::schema` (E010–E015), its values converted (`values.rs`), and the
//! scoped-name check of nested blocks (E020).

use super::values::{Checked, Val};
use super::{name_of, Cx};
use crate::diagnostic::{Build, Span};
use crate::model::{Name, Spanned};
use crate::schema::{self, KindSpec, NameRule, Req, TypeRule};
use crate::syntax::Block;

impl Cx {
    /// A nested block checked against its kind's spec.
    pub(super) fn nested<'a>(&mut self, block: &'a Block, kind: &str) -> Option<Checked<'a>> {
        let spec = schema::kind(kind)?;
        self.check_block(block, spec)
    }

    /// The first `kind` block inside `c` (a block that may be given once), checked.
    pub(super) fn first_nested<'a>(&mut self, c: &Checked<'a>, kind: &str) -> Option<Checked<'a>> {
        let block = c.children.iter().copied().find(|b| b.kind.text == kind)?;
        self.nested(block, kind)
    }

    /// Every `kind` block inside `c`, checked and built by `build` (given
    /// the block's name, the block and its checked contents), in source
    /// order; then E020 for a name given to two of them.
    pub(super) fn each_nested<T>(
        &mut self,
        c: &Checked,
        kind: &str,
        mut build: impl FnMut(&mut Cx, Spanned<Name>, &Block, &Checked) -> T,
    ) -> Vec<T> {
        let mut names = Vec::new();
        let mut out = Vec::new();
        for block in c.children(kind) {
            if let Some(checked) = self.nested(block, kind) {
                let name = name_of(block);
                names.push(name.clone());
                out.push(build(self, name, block, &checked));
            }
        }
        let within = format!("{} `{}`", c.block.kind.text, name_of(c.block).value);
        self.duplicates(names.iter(), kind, &within);
        out
    }

    /// E020 for a name declared twice among one block's scoped children.
    fn duplicates<'n>(&mut self, names: impl Iterator<Item = &'n Spanned<Name>>, what: &str, within: &str) {
        let mut seen: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        for n in names {
            if n.value.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(n.value.as_str()) {
                let first = *first;
                let file = self.file;
                self.err(
                    "E020",
                    format!("{what} `{}` is declared twice in {within}", n.value),
                    n.span,
                    "declared again here",
                )
                .with_label(file, first, "first declared here")
                .with_help(format!("rename one of the two {what}s, or remove the second"));
            } else {
                seen.insert(&n.value, n.span);
            }
        }
    }

    pub(super) fn unknown_kind(&mut self, block: &Block, parent: Option<&KindSpec>) {
        let kind = &block.kind.text;
        let span = block.kind.span;
        match parent {
            None => {
                if let Some(spec) = schema::kind(kind) {
                    let parents: Vec<&str> =
                        schema::KINDS.iter().filter(|k| k.child(spec.kind).is_some()).map(|k| k.kind).collect();
                    self.err(
                        "E010",
                        format!("`{kind}` blocks cannot be declared at the top level"),
                        span,
                        "not allowed here",
                    )
                    .with_help(format!("a `{kind}` block belongs inside a {} block", parents.join(" or ")));
                    return;
                }
                let hint = schema::did_you_mean(kind, schema::top_level_kinds().map(|k| k.kind));
                let all: Vec<&str> = schema::top_level_kinds().map(|k| k.kind).collect();
                let help = match hint {
                    Some(h) => format!("{h} The block kinds are: {}", all.join(", ")),
                    None => format!("the block kinds are: {}", all.join(", ")),
                };
                self.err("E010", format!("unknown block kind `{kind}`"), span, "unknown block kind").with_help(help);
            }
            Some(p) => {
                let allowed: Vec<&str> = p.children.iter().map(|c| c.kind).collect();
                let help = if allowed.is_empty() {
                    format!("a `{}` block contains attributes only", p.kind)
                } else {
                    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
                    match schema::did_you_mean(kind, allowed.iter().copied()) {
                        Some(h) => format!("{h} A `{}` block may contain {list}", p.kind),
                        None => format!("a `{}` block may contain {list}", p.kind),
                    }
                };
                self.err(
                    "E010",
                    format!("unknown block kind `{kind}` in a `{}` block", p.kind),
                    span,
                    "not allowed here",
                )
                .with_help(help);
            }
        }
    }

    /// The generic pass: name, type, attributes and children of one block.
    pub(super) fn check_block<'a>(&mut self, block: &'a Block, spec: &'static KindSpec) -> Option<Checked<'a>> {
        let kind = spec.kind;
        let file = self.file;
        // name
        match (spec.name, &block.name) {
            (NameRule::Required, None) => {
                self.err("E012", format!("a `{kind}` block needs a name"), block.kind.span, "name missing after this")
                    .with_help(format!(
                        "write `{kind} NAME{} {{ … }}`",
                        if spec.ty == TypeRule::None { "" } else { ": TYPE" }
                    ));
                return None;
            }
            (NameRule::Forbidden, Some(n)) => {
                self.err("E013", format!("a `{kind}` block takes no name"), n.span, "remove this name")
                    .with_help(format!("write `{kind} {{ … }}`"));
            }
            _ => {}
        }
        // type
        let mut ty = None;
        match (spec.ty, &block.ty) {
            (TypeRule::None, Some(t)) => {
                self.err("E013", format!("a `{kind}` block takes no `: TYPE`"), t.span, "remove this type").with_help(
                    format!("write `{kind}{} {{ … }}`", if spec.name == NameRule::Required { " NAME" } else { "" }),
                );
            }
            (TypeRule::Enum(vals), Some(t)) => {
                if vals.contains(&t.text.as_str()) {
                    ty = Some(Spanned::new(Name::new(&t.text), t.span));
                } else {
                    let help = enum_help(&t.text, vals);
                    self.err(
                        "E015",
                        format!("`{}` is not a {kind} {}", t.text, spec.ty_meaning),
                        t.span,
                        format!("unknown {}", spec.ty_meaning),
                    )
                    .with_help(help);
                }
            }
            (TypeRule::Ref(_), Some(t)) => {
                ty = Some(Spanned::new(Name::new(&t.text), t.span));
            }
            (TypeRule::Enum(vals), None) => {
                let at = block.header_span();
                self.err(
                    "E012",
                    format!("`{kind} {}` needs a {}", block.display_name(), spec.ty_meaning),
                    at,
                    format!("{} missing", spec.ty_meaning),
                )
                .with_help(format!(
                    "write `{kind} {}: {} {{ … }}`, where the {} is one of {}",
                    block.display_name(),
                    vals[0],
                    spec.ty_meaning,
                    vals.join(", ")
                ));
            }
            (TypeRule::Ref(k), None) => {
                let at = block.header_span();
                self.err(
                    "E012",
                    format!("`{kind} {}` needs a {}", block.display_name(), spec.ty_meaning),
                    at,
                    format!("{} missing", spec.ty_meaning),
                )
                .with_help(format!("write `{kind} {}: {k}-name {{ … }}`", block.display_name()));
            }
            (TypeRule::None, None) => {}
        }
        // attributes
        let mut attrs: Vec<(&'static str, Spanned<Val>)> = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for attr in &block.attributes {
            let name = attr.name.text.as_str();
            let Some(aspec) = spec.attr(name) else {
                if spec.child(name).is_some() {
                    self.err(
                        "E013",
                        format!("`{name}` is a block in a `{kind}`, not an attribute"),
                        attr.name.span,
                        "written as an attribute",
                    )
                    .with_help(format!("write `{name} {{ … }}` without '='"));
                    continue;
                }
                let names: Vec<&str> = spec.attrs.iter().map(|a| a.name).collect();
                let hint = schema::did_you_mean(name, names.iter().copied());
                let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let help = match hint {
                    Some(h) => format!("{h} A `{kind}` has the attributes {list}"),
                    None => format!("a `{kind}` has the attributes {list}"),
                };
                self.err(
                    "E011",
                    format!("unknown attribute `{name}` for a `{kind}`"),
                    attr.name.span,
                    "unknown attribute",
                )
                .with_help(help);
                // Recovery: a misspelling of exactly one attribute that the
                // block does not write is taken as that attribute, so that
                // `ownr = …` is not also reported as "has no owner".
                let meant = schema::suggest(name, names.iter().copied());
                if let [one] = meant.as_slice() {
                    let written = block.attributes.iter().any(|a| a.name.text == *one);
                    if let (false, Some(aspec)) = (written, spec.attr(one)) {
                        if !seen.iter().any(|(n, _)| *n == aspec.name) {
                            seen.push((aspec.name, attr.name.span));
                            // its value is lowered quietly: the E011 is the finding
                            let before = self.diags.len();
                            match self.convert(&attr.value, &aspec.ty, aspec, kind) {
                                Some(v) => attrs.push((aspec.name, v)),
                                None => self.failed.push((file, block.span, aspec.name)),
                            }
                            self.diags.truncate(before);
                        }
                    }
                }
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = *first;
                self.err("E014", format!("attribute `{name}` is given twice"), attr.name.span, "given again here")
                    .with_label(file, first, "first given here")
                    .with_help(format!("keep one `{name}`"));
                continue;
            }
            seen.push((name, attr.name.span));
            let before = self.diags.len();
            if let Some(v) = self.convert(&attr.value, &aspec.ty, aspec, kind) {
                attrs.push((aspec.name, v));
            }
            // failed, or a list with an item that failed
            if self.diags.len() > before {
                self.failed.push((file, block.span, aspec.name));
            }
        }
        // attributes whose value could not be parsed: their E001 is the
        // finding; they are neither missing (E012) nor absent to the rules
        for u in &block.unparsed {
            if let Some(aspec) = spec.attr(&u.text) {
                if !seen.iter().any(|(n, _)| *n == aspec.name) {
                    seen.push((aspec.name, u.span));
                }
                self.failed.push((file, block.span, aspec.name));
            }
        }
        // children
        let mut children = Vec::new();
        let mut seen_children: Vec<(&str, Span)> = Vec::new();
        for child in &block.blocks {
            let ck = child.kind.text.as_str();
            let Some(cspec) = spec.child(ck) else {
                if spec.attr(ck).is_some() {
                    self.err(
                        "E013",
                        format!("`{ck}` is an attribute of a `{kind}`, not a block"),
                        child.kind.span,
                        "written as a block",
                    )
                    .with_help(format!("write `{ck} = value`"));
                } else {
                    self.unknown_kind(child, Some(spec));
                }
                continue;
            };
            if !cspec.many {
                if let Some((_, first)) = seen_children.iter().find(|(n, _)| *n == ck) {
                    let first = *first;
                    self.err(
                        "E014",
                        format!("block `{ck}` is given twice in a `{kind}`"),
                        child.kind.span,
                        "given again here",
                    )
                    .with_label(file, first, "first given here")
                    .with_help(format!("merge the two `{ck}` blocks into one"));
                    continue;
                }
            }
            seen_children.push((ck, child.kind.span));
            children.push(child);
        }
        // required
        let header = block.header_span();
        for aspec in spec.attrs.iter().filter(|a| a.req == Req::Required) {
            if !seen.iter().any(|(n, _)| *n == aspec.name) {
                self.err(
                    "E012",
                    format!("`{kind} {}` is missing the required attribute `{}`", block.display_name(), aspec.name),
                    header,
                    format!("`{}` missing", aspec.name),
                )
                .with_help(format!(
                    "add `{} = …` ({}): {}",
                    aspec.name,
                    aspec.ty.describe(),
                    aspec.doc
                ));
            }
        }
        for cspec in spec.children.iter().filter(|c| c.req == Req::Required) {
            if !seen_children.iter().any(|(n, _)| *n == cspec.kind) {
                let article = if cspec.kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                let what = if cspec.many {
                    format!("at least one `{}` block", cspec.kind)
                } else {
                    format!("{article} `{}` block", cspec.kind)
                };
                let example = match schema::kind(cspec.kind).map(|k| (k.name, k.ty)) {
                    Some((NameRule::Required, TypeRule::None)) => {
                        format!("{} NAME {{ … }}", cspec.kind)
                    }
                    Some((NameRule::Required, _)) => format!("{} NAME: TYPE {{ … }}", cspec.kind),
                    _ => format!("{} {{ … }}", cspec.kind),
                };
                self.err(
                    "E012",
                    format!("`{kind} {}` needs {what}", block.display_name()),
                    header,
                    format!("`{}` missing", cspec.kind),
                )
                .with_help(format!("add `{example}` inside the block"));
            }
        }
        Some(Checked { block, attrs, children, ty })
    }
}

pub(super) fn enum_help(word: &str, vals: &[&str]) -> String {
    let list = vals.join(", ");
    match schema::did_you_mean(word, vals.iter().copied()) {
        Some(h) => format!("{h} Allowed values: {list}"),
        None => format!("allowed values: {list}"),
    }
}
