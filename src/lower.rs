//! Schema lowering: syntax tree → typed model, through the schema table.
//!
//! The generic pass (`check_block`) validates any block against its
//! `KindSpec` (E003, E010–E015) and converts its values; small per-kind
//! functions then build the serde structs of `crate::model`. References are
//! recorded as `RefSite`s and resolved across the whole checked set by
//! `crate::resolve`.

use crate::diagnostic::{Build, Diagnostic, FileId, Span};
use crate::kinds::DeclKind;
use crate::literal::{self, Date, Duration, IntRange, Money, Percent, Rate};
use crate::model::*;
use crate::schema::{self, AttrSpec, KindSpec, NameRule, Req, Ty, TypeRule};
use crate::syntax::{Block, SourceFile, Value, ValueKind};

/// A converted attribute value.
#[derive(Debug, Clone)]
pub enum Val {
    Str(Name),
    Int(i64),
    Dec(f64),
    Percent(Percent),
    Money(Money),
    Rate(Rate),
    Duration(Duration),
    Date(Date),
    Range(IntRange),
    Bool(bool),
    Word(Name),
    List(Vec<Spanned<Val>>),
    Expr(Box<crate::data::cond::Expr>),
}

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

/// The checked attributes and children of one block.
struct Checked<'a> {
    block: &'a Block,
    attrs: Vec<(&'static str, Spanned<Val>)>,
    children: Vec<&'a Block>,
    ty: Option<Spanned<Name>>,
}

impl Checked<'_> {
    fn get(&self, name: &str) -> Option<&Spanned<Val>> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
    fn string(&self, name: &str) -> Option<Spanned<Name>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Str(s) | Val::Word(s) => Some(Spanned::new(s.clone(), v.span)),
            _ => None,
        })
    }
    fn int(&self, name: &str) -> Option<Spanned<i64>> {
        self.get(name).and_then(|v| match v.value {
            Val::Int(i) => Some(Spanned::new(i, v.span)),
            _ => None,
        })
    }
    fn date(&self, name: &str) -> Option<Spanned<Date>> {
        self.get(name).and_then(|v| match v.value {
            Val::Date(d) => Some(Spanned::new(d, v.span)),
            _ => None,
        })
    }
    fn money(&self, name: &str) -> Option<Spanned<Money>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Money(m) => Some(Spanned::new(m.clone(), v.span)),
            _ => None,
        })
    }
    fn rate(&self, name: &str) -> Option<Spanned<Rate>> {
        self.get(name).and_then(|v| match &v.value {
            Val::Rate(r) => Some(Spanned::new(r.clone(), v.span)),
            _ => None,
        })
    }
    fn duration(&self, name: &str) -> Option<Spanned<Duration>> {
        self.get(name).and_then(|v| match v.value {
            Val::Duration(d) => Some(Spanned::new(d, v.span)),
            _ => None,
        })
    }
    fn percent(&self, name: &str) -> Option<Spanned<Percent>> {
        self.get(name).and_then(|v| match v.value {
            Val::Percent(p) => Some(Spanned::new(p, v.span)),
            _ => None,
        })
    }
    fn range(&self, name: &str) -> Option<Spanned<IntRange>> {
        self.get(name).and_then(|v| match v.value {
            Val::Range(r) => Some(Spanned::new(r, v.span)),
            _ => None,
        })
    }
    fn decimal(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(|v| match v.value {
            Val::Dec(d) => Some(d),
            Val::Int(i) => Some(i as f64),
            _ => None,
        })
    }
    fn bool(&self, name: &str) -> bool {
        matches!(self.get(name).map(|v| &v.value), Some(Val::Bool(true)))
    }
    fn strings(&self, name: &str) -> Option<Vec<Spanned<Name>>> {
        self.get(name).and_then(|v| match &v.value {
            Val::List(items) => Some(
                items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Val::Str(s) | Val::Word(s) => Some(Spanned::new(s.clone(), i.span)),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
    }
    fn list(&self, name: &str) -> Vec<Spanned<Name>> {
        self.strings(name).unwrap_or_default()
    }
    fn expr(&self, name: &str) -> Option<crate::data::cond::Expr> {
        self.get(name).and_then(|v| match &v.value {
            Val::Expr(e) => Some((**e).clone()),
            _ => None,
        })
    }
    fn children(&self, kind: &str) -> impl Iterator<Item = &Block> {
        let kind = kind.to_string();
        self.children.iter().copied().filter(move |b| b.kind.text == kind)
    }
    fn ty_or_empty(&self) -> Spanned<Name> {
        self.ty.clone().unwrap_or_else(|| Spanned::new(Name::default(), self.block.kind.span))
    }
}

fn decl<T>(block: &Block, file: FileId, data: T) -> Decl<T> {
    let name = block
        .name
        .as_ref()
        .map(|n| Spanned::new(Name::new(&n.text), n.span))
        .unwrap_or_else(|| Spanned::new(Name::default(), block.kind.span));
    Decl { name, file, span: block.span, header: block.header_span(), data }
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
            DeclKind::Context => {
                let icp = c.children("icp").next().and_then(|b| self.nested(b, "icp")).map(|i| Icp {
                    span: i.block.span,
                    titles: i.list("titles"),
                    company_size: i.range("company-size"),
                    industries: i.strings("industries"),
                    regions: i.list("regions"),
                });
                model.contexts.push(decl(
                    block,
                    file,
                    Context {
                        product: c.string("product"),
                        positioning: c.string("positioning"),
                        voice: c.string("voice"),
                        competitors: c.list("competitors"),
                        icp,
                    },
                ));
            }
            DeclKind::Tool => {
                let score = c.children("score").next().and_then(|b| self.nested(b, "score")).and_then(|s| {
                    Some(ToolScore {
                        span: s.block.span,
                        problem: s.int("problem")?.value,
                        integration: s.int("integration")?.value,
                        cost: s.int("cost")?.value,
                        time_to_value: s.int("time-to-value")?.value,
                        capability: s.int("capability")?.value,
                    })
                });
                model.tools.push(decl(
                    block,
                    file,
                    Tool {
                        category: c.ty_or_empty(),
                        owner: c.string("owner"),
                        cost: c.rate("cost"),
                        renews: c.date("renews"),
                        reviewed: c.date("reviewed"),
                        integrates: c.list("integrates"),
                        adoption: c.percent("adoption"),
                        status: c
                            .string("status")
                            .unwrap_or_else(|| Spanned::new("active".into(), block.header_span())),
                        score,
                    },
                ));
            }
            DeclKind::Skill => model.skills.push(decl(
                block,
                file,
                Skill {
                    category: c.ty_or_empty(),
                    summary: c.string("summary"),
                    requires: c.list("requires"),
                    produces: c.list("produces"),
                    audience_facing: c.bool("audience-facing"),
                    overrides: c.bool("override"),
                },
            )),
            DeclKind::Playbook => model.playbooks.push(decl(
                block,
                file,
                Playbook {
                    summary: c.string("summary"),
                    steps: c.list("steps"),
                    says: c.list("says"),
                    overrides: c.bool("override"),
                },
            )),
            DeclKind::Campaign => {
                let cname = name_of(block).value;
                let goals = c.children("goals").next().and_then(|b| self.nested(b, "goals")).map(|g| Goals {
                    span: g.block.span,
                    mql: g.int("mql").map(|v| v.value),
                    sql: g.int("sql").map(|v| v.value),
                    pipeline: g.money("pipeline").map(|v| v.value),
                    revenue: g.money("revenue").map(|v| v.value),
                    roas: g.decimal("roas"),
                    signups: g.int("signups").map(|v| v.value),
                });
                if let Some(g) = &goals {
                    if g.mql.is_none()
                        && g.sql.is_none()
                        && g.pipeline.is_none()
                        && g.revenue.is_none()
                        && g.roas.is_none()
                        && g.signups.is_none()
                    {
                        self.err("E012", "`goals` sets no goal", g.span, "empty goals block")
                            .with_help("set at least one of mql, sql, pipeline, revenue, roas, signups");
                    }
                }
                let utm = c.children("utm").next().and_then(|b| self.utm(b));
                let mut steps = Vec::new();
                for sb in c.children("step") {
                    if let Some(s) = self.nested(sb, "step") {
                        let after = s.get("after").map(|v| Spanned::new(s.list("after"), v.span));
                        steps.push(Step {
                            name: name_of(sb),
                            skill: s.ty_or_empty(),
                            span: sb.span,
                            header: sb.header_span(),
                            after,
                            duration: s.duration("duration"),
                            owner: s.string("owner"),
                            tool: s.string("tool"),
                            budget: s.money("budget"),
                            channel: s.string("channel"),
                            utm: s.children("utm").next().and_then(|b| self.utm(b)).map(Box::new),
                            url: s.string("url"),
                        });
                    }
                }
                self.duplicates(steps.iter().map(|s| &s.name), "step", &format!("campaign `{cname}`"));
                model.campaigns.push(decl(
                    block,
                    file,
                    Box::new(Campaign {
                        playbook: c.ty_or_empty(),
                        context: c.string("context"),
                        owner: c.string("owner"),
                        budget: c.money("budget"),
                        start: c.date("start"),
                        end: c.date("end"),
                        audience: c.string("audience"),
                        given: c.list("given"),
                        goals: goals.map(Box::new),
                        utm: utm.map(Box::new),
                        url: c.string("url"),
                        calendar: c.string("calendar"),
                        status: c.string("status"),
                        steps,
                    }),
                ));
            }
            DeclKind::Route => model.routes.push(decl(
                block,
                file,
                Route {
                    to: c.string("to"),
                    says: c.list("says"),
                    not: c.string("not"),
                    because: c.string("because"),
                    declares: c.string("declares"),
                    command: c.string("command"),
                    overrides: c.bool("override"),
                },
            )),
            DeclKind::Sequence => {
                let mut emails = Vec::new();
                for eb in c.children("email") {
                    if let Some(e) = self.nested(eb, "email") {
                        emails.push(Email {
                            name: name_of(eb),
                            span: eb.span,
                            at: e.duration("at"),
                            subject: e.string("subject"),
                        });
                    }
                }
                let sname = name_of(block).value;
                self.duplicates(emails.iter().map(|e| &e.name), "email", &format!("sequence `{sname}`"));
                model.sequences.push(decl(
                    block,
                    file,
                    Sequence {
                        kind: c.ty_or_empty(),
                        trigger: c.string("trigger"),
                        tool: c.string("tool"),
                        owner: c.string("owner"),
                        emails,
                    },
                ));
            }
            DeclKind::Automation => model.automations.push(decl(
                block,
                file,
                Automation {
                    kind: c.ty_or_empty(),
                    status: c.string("status"),
                    tool: c.string("tool"),
                    owner: c.string("owner"),
                },
            )),
            DeclKind::Scoring => {
                let mut signals = Vec::new();
                for sb in c.children("signal") {
                    if let Some(s) = self.nested(sb, "signal") {
                        signals.push(Signal {
                            name: name_of(sb),
                            kind: s.ty_or_empty(),
                            span: sb.span,
                            points: s.int("points"),
                            rule: s.string("rule"),
                            when: s.expr("when"),
                        });
                    }
                }
                let sname = name_of(block).value;
                self.duplicates(signals.iter().map(|e| &e.name), "signal", &format!("scoring `{sname}`"));
                let tiers = c.children("tiers").next().and_then(|b| self.nested(b, "tiers")).map(|t| Tiers {
                    span: t.block.span,
                    nurture: t.range("nurture"),
                    mql: t.range("mql"),
                    sql: t.range("sql"),
                    hot: t.range("hot"),
                });
                model.scorings.push(decl(
                    block,
                    file,
                    Scoring {
                        route: c.string("route"),
                        reviewed: c.date("reviewed"),
                        leads: c.string("leads"),
                        touches: c.string("touches"),
                        cap: c.int("cap"),
                        signals,
                        tiers,
                    },
                ));
            }
            DeclKind::Attribution => model.attributions.push(decl(
                block,
                file,
                Attribution {
                    model: c.ty_or_empty(),
                    first: c.percent("first"),
                    last: c.percent("last"),
                    middle: c.percent("middle"),
                    half_life: c.duration("half-life"),
                    window: c.duration("window"),
                    conversions: c.list("conversions"),
                    monthly_conversions: c.int("monthly-conversions"),
                    documented: c.string("documented"),
                    touches: c.string("touches"),
                    spend: c.string("spend"),
                    method: c.string("method"),
                    order: {
                        let o = c.int("order");
                        if let Some(o) = o.as_ref().filter(|o| !(1..=4).contains(&o.value)) {
                            self.err("E003", format!("order {} is outside 1..4", o.value), o.span, "invalid literal")
                                .help = Some("a data-driven markov model's order is 1 (default), 2, 3 or 4".into());
                        }
                        o
                    },
                },
            )),
            DeclKind::Dataset => {
                let d = self.dataset(block, &c);
                model.datasets.push(decl(block, file, d));
            }
            DeclKind::UtmPolicy => model.utm_policies.push(decl(
                block,
                file,
                UtmPolicy {
                    sources: c.list("sources"),
                    mediums: c.list("mediums"),
                    paid_search_mediums: c.list("paid-search-mediums"),
                    channel_rules: {
                        let mut rules = Vec::new();
                        for rb in c.children("channel-rule") {
                            if let Some(r) = self.nested(rb, "channel-rule") {
                                rules.push(ChannelRule {
                                    name: name_of(rb),
                                    channel: r.string("channel"),
                                    source: r.string("source"),
                                    medium: r.string("medium"),
                                    campaign: r.string("campaign"),
                                });
                            }
                        }
                        let pname = name_of(block).value;
                        self.duplicates(
                            rules.iter().map(|r| &r.name),
                            "channel-rule",
                            &format!("utm-policy `{pname}`"),
                        );
                        rules
                    },
                },
            )),
            DeclKind::Hygiene => {
                let mut tasks = Vec::new();
                for tb in c.children("task") {
                    if let Some(t) = self.nested(tb, "task") {
                        tasks.push(Task {
                            name: name_of(tb),
                            kind: t.ty_or_empty(),
                            span: tb.span,
                            every: t.string("every"),
                            owner: t.string("owner"),
                        });
                    }
                }
                let hname = name_of(block).value;
                self.duplicates(tasks.iter().map(|e| &e.name), "task", &format!("hygiene `{hname}`"));
                model.hygienes.push(decl(block, file, Hygiene { tasks }));
            }
            DeclKind::Audit => {
                let areas = schema::AUDIT_AREAS.iter().map(|a| (a.to_string(), c.int(a))).collect();
                let notes = c
                    .children("notes")
                    .next()
                    .and_then(|b| self.nested(b, "notes"))
                    .map(|n| {
                        schema::AUDIT_AREAS.iter().filter_map(|a| n.string(a).map(|s| (a.to_string(), s))).collect()
                    })
                    .unwrap_or_default();
                model.audits.push(decl(block, file, Audit { date: c.date("date"), areas, notes }));
            }
        }
    }

    /// A dataset's roles and columns (DATA.md §1): E012 without a file or a
    /// table, E011 for a role of another kind, E058 for a column type.
    fn dataset(&mut self, block: &Block, c: &Checked) -> Dataset {
        let kind = c.ty_or_empty();
        let path = c.string("file");
        let table = c.string("table");
        if path.is_none() && table.is_none() {
            self.err(
                "E012",
                format!("dataset `{}` has neither a `file` nor a `table`", block.display_name()),
                block.header_span(),
                "no source",
            )
            .with_help("add `file = \"data/leads.csv\"` (a CSV in the workspace) or `table = \"analytics.leads\"`");
        }
        let roles_of = schema::DATASET_ROLES.iter().find(|(k, _)| *k == kind.value).map_or(&[][..], |r| r.1);
        let mut roles = Vec::new();
        for (name, v) in &c.attrs {
            if matches!(*name, "file" | "table") {
                continue;
            }
            let (Val::Str(col) | Val::Word(col)) = &v.value else { continue };
            if kind.value.is_empty() || roles_of.iter().any(|(r, _)| r == name) {
                roles.push((Name::new(name), Spanned::new(col.clone(), v.span)));
            } else {
                let list = roles_of.iter().map(|(r, _)| format!("`{r}`")).collect::<Vec<_>>().join(", ");
                let at = block.attribute(name).map_or(v.span, |a| a.name.span);
                self.err(
                    "E011",
                    format!("`{name}` is not a role of a {} dataset", kind.value),
                    at,
                    "not a role of this kind",
                )
                .with_help(format!(
                    "a {} dataset has the roles {list}; other columns go in `columns {{ … }}`",
                    kind.value
                ));
            }
        }
        let mut columns: Vec<Column> = Vec::new();
        if let Some(cb) = c.children("columns").next() {
            for child in &cb.blocks {
                self.unknown_kind(child, schema::kind("columns"));
            }
            for a in &cb.attributes {
                let ty = match &a.value.kind {
                    ValueKind::Ident(w) => ColType::parse(w),
                    ValueKind::String(s) => {
                        let mut words = s.split_whitespace();
                        match (words.next(), words.next(), words.next()) {
                            (Some("money"), Some(cur), None) if literal::money("0", cur).is_ok() => {
                                Some(ColType::Money)
                            }
                            (Some(w), None, None) => ColType::parse(w),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let Some(ty) = ty else {
                    let found = self.src_word(&a.value);
                    self.err("E058", format!("`{found}` is not a column type"), a.value.span, "unknown column type")
                        .with_help(match schema::did_you_mean(&found, schema::COLUMN_TYPES.iter().copied()) {
                            Some(h) => format!("{h} The types are {}", schema::COLUMN_TYPES.join(", ")),
                            None => format!(
                                "the types are {} (money with its currency as a string: \"money USD\")",
                                schema::COLUMN_TYPES.join(", ")
                            ),
                        });
                    continue;
                };
                let name = Spanned::new(Name::new(&a.name.text), a.name.span);
                if let Some(first) = columns.iter().find(|x| x.name.value == name.value) {
                    let (file, first) = (self.file, first.name.span);
                    self.err(
                        "E014",
                        format!("column `{}` is declared twice", name.value),
                        name.span,
                        "declared again here",
                    )
                    .with_label(file, first, "first declared here")
                    .with_help("keep one declaration of the column");
                    continue;
                }
                columns.push(Column { name, ty: Spanned::new(ty, a.value.span) });
            }
        }
        let quality = c.children("quality").next().and_then(|qb| self.quality(qb)).map(Box::new);
        Dataset { kind, path, table, roles, columns, quality }
    }

    /// `quality { … }` of a dataset (DATA.md §5): its targets, and
    /// `formats { COLUMN = FORMAT }` with E015 for a format that is neither a
    /// known name nor a pattern string (the columns are checked in
    /// `data::validate`, against the dataset's schema).
    fn quality(&mut self, qb: &Block) -> Option<crate::model::Quality> {
        let q = self.nested(qb, "quality")?;
        let mut formats = Vec::new();
        if let Some(fb) = q.children("formats").next() {
            for child in &fb.blocks {
                self.unknown_kind(child, schema::kind("formats"));
            }
            for a in &fb.attributes {
                let f = match &a.value.kind {
                    ValueKind::Ident(w) if schema::VALUE_FORMATS.contains(&w.as_str()) => Name::new(w),
                    ValueKind::String(raw) => match literal::unescape(raw) {
                        Ok(pat) => Name::new(format!("/{pat}")),
                        Err(_) => continue,
                    },
                    _ => {
                        let found = self.src_word(&a.value);
                        let hint = schema::did_you_mean(&found, schema::VALUE_FORMATS.iter().copied());
                        self.err("E015", format!("`{found}` is not a value format"), a.value.span, "unknown format")
                            .with_help(format!(
                                "{}he formats are {}, or a regular expression as a string (\"^[A-Z]{{2}}$\")",
                                hint.map(|h| format!("{h} T")).unwrap_or_else(|| "t".into()),
                                schema::VALUE_FORMATS.join(", ")
                            ));
                        continue;
                    }
                };
                formats.push((Spanned::new(Name::new(&a.name.text), a.name.span), Spanned::new(f, a.value.span)));
            }
        }
        Some(crate::model::Quality {
            span: qb.span,
            required: q.list("required"),
            completeness: q.percent("completeness"),
            unique: q.list("unique"),
            max_duplicates: q.percent("max-duplicates"),
            fresh: q.duration("fresh"),
            timeliness: q.percent("timeliness"),
            formats,
        })
    }

    fn src_word(&self, v: &Value) -> String {
        match &v.kind {
            ValueKind::Ident(w) | ValueKind::String(w) => w.clone(),
            other => other.describe().to_string(),
        }
    }

    fn nested<'a>(&mut self, block: &'a Block, kind: &str) -> Option<Checked<'a>> {
        let spec = schema::kind(kind)?;
        self.check_block(block, spec)
    }

    fn utm(&mut self, block: &Block) -> Option<Utm> {
        let u = self.nested(block, "utm")?;
        Some(Utm {
            span: block.span,
            source: u.string("source"),
            medium: u.string("medium"),
            campaign: u.string("campaign"),
            content: u.string("content"),
            term: u.string("term"),
        })
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

    fn unknown_kind(&mut self, block: &Block, parent: Option<&KindSpec>) {
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
    fn check_block<'a>(&mut self, block: &'a Block, spec: &'static KindSpec) -> Option<Checked<'a>> {
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

    /// Convert a value to the attribute's type: E003 (bad literal), E013
    /// (wrong type), E015 (not in the enum). A reference is kept as a
    /// word; `refs` reads references off the model.
    fn convert(&mut self, v: &Value, ty: &Ty, aspec: &AttrSpec, kind: &str) -> Option<Spanned<Val>> {
        let mismatch = |cx: &mut Cx, ty: &Ty| {
            cx.err(
                "E013",
                format!("`{}` of a `{kind}` expects {}, found {}", aspec.name, ty.describe(), v.kind.describe()),
                v.span,
                format!("expected {}", ty.describe()),
            )
            .with_help(format!("`{}`: {}", aspec.name, aspec.doc));
            None
        };
        let lit = |cx: &mut Cx, r: Result<Val, String>, span: Span| match r {
            Ok(val) => Some(Spanned::new(val, v.span)),
            Err(msg) => {
                cx.err("E003", msg, span, "invalid literal");
                None
            }
        };
        match (ty, &v.kind) {
            (Ty::String, ValueKind::String(raw))
            | (Ty::StringOrText, ValueKind::String(raw))
            | (Ty::WordOrString, ValueKind::String(raw)) => {
                lit(self, literal::unescape(raw).map(|s| Val::Str(Name::new(&s))), v.span)
            }
            (Ty::Url, ValueKind::String(raw)) => lit(
                self,
                literal::unescape(raw).and_then(|s| literal::url(&s)).map(|s| Val::Str(Name::new(&s))),
                v.span,
            ),
            (Ty::StringOrText, ValueKind::Text(raw)) => {
                Some(Spanned::new(Val::Str(Name::new(literal::dedent(raw))), v.span))
            }
            (Ty::Integer, ValueKind::Integer(raw)) => lit(self, literal::integer(raw).map(Val::Int), v.span),
            (Ty::IntIn(lo, hi), ValueKind::Integer(raw)) => {
                let r = literal::integer(raw).and_then(|i| {
                    if (*lo..=*hi).contains(&i) {
                        Ok(Val::Int(i))
                    } else {
                        Err(format!("`{}` must be from {lo} to {hi}, found {i}", aspec.name))
                    }
                });
                lit(self, r, v.span)
            }
            (Ty::Decimal, ValueKind::Decimal(raw)) | (Ty::Decimal, ValueKind::Integer(raw)) => {
                lit(self, literal::decimal(raw).map(Val::Dec), v.span)
            }
            (Ty::Percent, ValueKind::Quantity { number, unit, .. }) if unit == "%" => {
                lit(self, literal::percent(number, Some(10_000)).map(Val::Percent), v.span)
            }
            (Ty::Duration, ValueKind::Quantity { number, unit, unit_span }) if unit != "%" => {
                lit(self, literal::duration(number, unit).map(Val::Duration), *unit_span)
            }
            (Ty::Money, ValueKind::Money { amount, currency, currency_span, per: None }) => {
                if let Some(positive) = amount.strip_prefix('-') {
                    return self.negative_money(v.span, aspec.name, &format!("{positive} {currency}"));
                }
                lit(self, literal::money(amount, currency).map(Val::Money), *currency_span)
            }
            (Ty::Money, ValueKind::Money { per: Some(_), .. }) => {
                self.err("E013", format!("`{}` expects money, found a rate", aspec.name), v.span, "expected money")
                    .with_help("remove the `/yr` or `/mo`: this is an amount, not a cost per period");
                None
            }
            (Ty::Rate, ValueKind::Money { amount, currency, currency_span, per }) => {
                if let Some(positive) = amount.strip_prefix('-') {
                    let per = per.as_ref().map(|(p, _)| format!("/{p}")).unwrap_or_else(|| "/yr".into());
                    return self.negative_money(v.span, aspec.name, &format!("{positive} {currency}{per}"));
                }
                let m = match literal::money(amount, currency) {
                    Ok(m) => m,
                    Err(e) => {
                        self.err("E003", e, *currency_span, "invalid literal");
                        return None;
                    }
                };
                match per {
                    Some((p, psp)) => lit(self, literal::per(p).map(|per| Val::Rate(Rate { money: m, per })), *psp),
                    None => {
                        self.err(
                            "E013",
                            format!("`{}` expects a rate, found money", aspec.name),
                            v.span,
                            "expected a rate",
                        )
                        .with_help(format!("add the period: `{} {}/yr` or `/mo`", amount, currency));
                        None
                    }
                }
            }
            (Ty::Date, ValueKind::Date(raw)) => lit(self, literal::date(raw).map(Val::Date), v.span),
            (Ty::Range, ValueKind::Range { low, high }) => {
                lit(self, literal::range(low, high.as_deref()).map(Val::Range), v.span)
            }
            (Ty::Bool, ValueKind::Ident(w)) if w == "true" || w == "false" => {
                Some(Spanned::new(Val::Bool(w == "true"), v.span))
            }
            (Ty::Word, ValueKind::Ident(w)) | (Ty::WordOrString, ValueKind::Ident(w)) => {
                Some(Spanned::new(Val::Word(Name::new(w)), v.span))
            }
            (Ty::Enum(vals), ValueKind::Ident(w)) => {
                if vals.contains(&w.as_str()) {
                    Some(Spanned::new(Val::Word(Name::new(w)), v.span))
                } else {
                    self.err(
                        "E015",
                        format!("`{w}` is not a valid `{}` for a `{kind}`", aspec.name),
                        v.span,
                        "not an allowed value",
                    )
                    .with_help(enum_help(w, vals));
                    None
                }
            }
            (Ty::Ref(_), ValueKind::Ident(w)) => Some(Spanned::new(Val::Word(Name::new(w)), v.span)),
            (Ty::Expr, _) => crate::data::cond::from_syntax(v, self.file, &mut self.diags)
                .map(|e| Spanned::new(Val::Expr(Box::new(e)), v.span)),
            (Ty::List(inner), ValueKind::List(items)) => {
                let mut out = Vec::new();
                for item in items {
                    if let ValueKind::List(_) = item.kind {
                        mismatch(self, inner);
                        continue;
                    }
                    if let Some(x) = self.convert(item, inner, aspec, kind) {
                        out.push(x);
                    }
                }
                Some(Spanned::new(Val::List(out), v.span))
            }
            // a literal of the right shape but the wrong unit: E003 unknown unit
            (Ty::Percent, ValueKind::Quantity { unit, unit_span, .. }) => {
                self.err(
                    "E003",
                    format!("unknown unit `{unit}`: `{}` expects a percent such as 40%", aspec.name),
                    *unit_span,
                    "invalid literal",
                );
                None
            }
            (Ty::Duration | Ty::Integer | Ty::IntIn(..) | Ty::Decimal, ValueKind::Quantity { unit, unit_span, .. })
                if !matches!(unit.as_str(), "%" | "h" | "d" | "w") =>
            {
                let expect = ty.describe();
                let units = if *ty == Ty::Duration { " (units: h, d, w)" } else { "" };
                self.err(
                    "E003",
                    format!("unknown unit `{unit}`: `{}` expects {expect}{units}", aspec.name),
                    *unit_span,
                    "invalid literal",
                );
                None
            }
            (ty, _) => mismatch(self, ty),
        }
    }
}

impl Cx {
    /// Budgets, costs, pipeline and revenue are amounts of money spent or
    /// expected: none of them can be negative (E003).
    fn negative_money(&mut self, span: Span, attr: &str, positive: &str) -> Option<Spanned<Val>> {
        self.err("E003", format!("`{attr}` cannot be negative"), span, "negative amount")
            .with_help(format!("write the amount without the minus sign: `{attr} = {positive}`"));
        None
    }
}

fn enum_help(word: &str, vals: &[&str]) -> String {
    let list = vals.join(", ");
    match schema::did_you_mean(word, vals.iter().copied()) {
        Some(h) => format!("{h} Allowed values: {list}"),
        None => format!("allowed values: {list}"),
    }
}
