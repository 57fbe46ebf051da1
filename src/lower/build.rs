//! Per-kind building: one function per block kind turns a checked block
//! (`values::Checked`, its attributes already validated and converted) into
//! the serde struct of `crate::model`. The only findings made here are the
//! ones a kind adds to the schema's (an empty `goals`, a markov `order`, a
//! dataset's source, roles and column types, a quality format).

use super::values::{Checked, Val};
use super::Cx;
use crate::diagnostic::Build;
use crate::literal;
use crate::model::*;
use crate::schema;
use crate::syntax::{Attribute, Block, Value, ValueKind};

pub(super) fn context(cx: &mut Cx, c: &Checked) -> Context {
    let icp = cx.first_nested(c, "icp").map(|i| Icp {
        span: i.block.span,
        titles: i.list("titles"),
        company_size: i.range("company-size"),
        industries: i.strings("industries"),
        regions: i.list("regions"),
    });
    Context {
        product: c.string("product"),
        positioning: c.string("positioning"),
        voice: c.string("voice"),
        competitors: c.list("competitors"),
        icp,
    }
}

pub(super) fn tool(cx: &mut Cx, c: &Checked) -> Tool {
    let score = cx.first_nested(c, "score").and_then(|s| {
        Some(ToolScore {
            span: s.block.span,
            problem: s.int("problem")?.value,
            integration: s.int("integration")?.value,
            cost: s.int("cost")?.value,
            time_to_value: s.int("time-to-value")?.value,
            capability: s.int("capability")?.value,
        })
    });
    Tool {
        category: c.ty_or_empty(),
        owner: c.string("owner"),
        cost: c.rate("cost"),
        renews: c.date("renews"),
        reviewed: c.date("reviewed"),
        integrates: c.list("integrates"),
        adoption: c.percent("adoption"),
        status: c.string("status").unwrap_or_else(|| Spanned::new("active".into(), c.block.header_span())),
        score,
    }
}

pub(super) fn skill(c: &Checked) -> Skill {
    Skill {
        category: c.ty_or_empty(),
        summary: c.string("summary"),
        requires: c.list("requires"),
        produces: c.list("produces"),
        audience_facing: c.bool("audience-facing"),
        overrides: c.bool("override"),
    }
}

pub(super) fn playbook(c: &Checked) -> Playbook {
    Playbook {
        summary: c.string("summary"),
        steps: c.list("steps"),
        says: c.list("says"),
        overrides: c.bool("override"),
    }
}

pub(super) fn campaign(cx: &mut Cx, c: &Checked) -> Box<Campaign> {
    let goals = goals(cx, c);
    let campaign_utm = utm(cx, c);
    let steps = cx.each_nested(c, "step", |cx, name, sb, s| Step {
        name,
        skill: s.ty_or_empty(),
        span: sb.span,
        header: sb.header_span(),
        after: s.get("after").map(|v| Spanned::new(s.list("after"), v.span)),
        duration: s.duration("duration"),
        owner: s.string("owner"),
        tool: s.string("tool"),
        budget: s.money("budget"),
        channel: s.string("channel"),
        utm: utm(cx, s).map(Box::new),
        url: s.string("url"),
    });
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
        utm: campaign_utm.map(Box::new),
        url: c.string("url"),
        calendar: c.string("calendar"),
        status: c.string("status"),
        steps,
    })
}

/// A campaign's `goals { … }`; E012 when it sets none.
fn goals(cx: &mut Cx, c: &Checked) -> Option<Goals> {
    let g = cx.first_nested(c, "goals")?;
    let goals = Goals {
        span: g.block.span,
        mql: g.int("mql").map(|v| v.value),
        sql: g.int("sql").map(|v| v.value),
        pipeline: g.money("pipeline").map(|v| v.value),
        revenue: g.money("revenue").map(|v| v.value),
        roas: g.decimal("roas"),
        signups: g.int("signups").map(|v| v.value),
    };
    if goals.mql.is_none()
        && goals.sql.is_none()
        && goals.pipeline.is_none()
        && goals.revenue.is_none()
        && goals.roas.is_none()
        && goals.signups.is_none()
    {
        cx.err("E012", "`goals` sets no goal", goals.span, "empty goals block")
            .with_help("set at least one of mql, sql, pipeline, revenue, roas, signups");
    }
    Some(goals)
}

/// The `utm { … }` of a campaign or a step.
fn utm(cx: &mut Cx, c: &Checked) -> Option<Utm> {
    let u = cx.first_nested(c, "utm")?;
    Some(Utm {
        span: u.block.span,
        source: u.string("source"),
        medium: u.string("medium"),
        campaign: u.string("campaign"),
        content: u.string("content"),
        term: u.string("term"),
    })
}

pub(super) fn route(c: &Checked) -> Route {
    Route {
        to: c.string("to"),
        says: c.list("says"),
        not: c.string("not"),
        because: c.string("because"),
        declares: c.string("declares"),
        command: c.string("command"),
        overrides: c.bool("override"),
    }
}

pub(super) fn sequence(cx: &mut Cx, c: &Checked) -> Sequence {
    let emails = cx.each_nested(c, "email", |_, name, eb, e| Email {
        name,
        span: eb.span,
        at: e.duration("at"),
        subject: e.string("subject"),
    });
    Sequence {
        kind: c.ty_or_empty(),
        trigger: c.string("trigger"),
        tool: c.string("tool"),
        owner: c.string("owner"),
        emails,
    }
}

pub(super) fn automation(c: &Checked) -> Automation {
    Automation { kind: c.ty_or_empty(), status: c.string("status"), tool: c.string("tool"), owner: c.string("owner") }
}

pub(super) fn scoring(cx: &mut Cx, c: &Checked) -> Scoring {
    let signals = cx.each_nested(c, "signal", |_, name, sb, s| Signal {
        name,
        kind: s.ty_or_empty(),
        span: sb.span,
        points: s.int("points"),
        rule: s.string("rule"),
        when: s.expr("when"),
    });
    let tiers = cx.first_nested(c, "tiers").map(|t| Tiers {
        span: t.block.span,
        nurture: t.range("nurture"),
        mql: t.range("mql"),
        sql: t.range("sql"),
        hot: t.range("hot"),
    });
    Scoring {
        route: c.string("route"),
        reviewed: c.date("reviewed"),
        leads: c.string("leads"),
        touches: c.string("touches"),
        cap: c.int("cap"),
        signals,
        tiers,
    }
}

pub(super) fn attribution(cx: &mut Cx, c: &Checked) -> Attribution {
    let order = c.int("order");
    if let Some(o) = order.as_ref().filter(|o| !(1..=4).contains(&o.value)) {
        cx.err("E003", format!("order {} is outside 1..4", o.value), o.span, "invalid literal").help =
            Some("a data-driven markov model's order is 1 (default), 2, 3 or 4".into());
    }
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
        order,
    }
}

/// A dataset's roles and columns (DATA.md §1): E012 without a file or a
/// table, E011 for a role of another kind, E058 for a column type.
pub(super) fn dataset(cx: &mut Cx, c: &Checked) -> Dataset {
    let block = c.block;
    let kind = c.ty_or_empty();
    let path = c.string("file");
    let table = c.string("table");
    if path.is_none() && table.is_none() {
        cx.err(
            "E012",
            format!("dataset `{}` has neither a `file` nor a `table`", block.display_name()),
            block.header_span(),
            "no source",
        )
        .with_help("add `file = \"data/leads.csv\"` (a CSV in the workspace) or `table = \"analytics.leads\"`");
    }
    let roles = roles(cx, c, &kind.value);
    let columns = c.children("columns").next().map(|cb| columns(cx, cb)).unwrap_or_default();
    let quality = quality(cx, c).map(Box::new);
    Dataset { kind, path, table, roles, columns, quality }
}

/// The attributes of a dataset that name its columns by role; E011 for a
/// role its kind does not have.
fn roles(cx: &mut Cx, c: &Checked, kind: &str) -> Vec<(Name, Spanned<Name>)> {
    let roles_of = schema::DATASET_ROLES.iter().find(|(k, _)| *k == kind).map_or(&[][..], |r| r.1);
    let mut roles = Vec::new();
    for (name, v) in &c.attrs {
        if matches!(*name, "file" | "table") {
            continue;
        }
        let (Val::Str(col) | Val::Word(col)) = &v.value else { continue };
        if kind.is_empty() || roles_of.iter().any(|(r, _)| r == name) {
            roles.push((Name::new(name), Spanned::new(col.clone(), v.span)));
        } else {
            let list = roles_of.iter().map(|(r, _)| format!("`{r}`")).collect::<Vec<_>>().join(", ");
            let at = c.block.attribute(name).map_or(v.span, |a| a.name.span);
            cx.err("E011", format!("`{name}` is not a role of a {kind} dataset"), at, "not a role of this kind")
                .with_help(format!("a {kind} dataset has the roles {list}; other columns go in `columns {{ … }}`"));
        }
    }
    roles
}

/// `columns { NAME = TYPE }` of a dataset: E058 for a type that is not one,
/// E014 for a column declared twice.
fn columns(cx: &mut Cx, cb: &Block) -> Vec<Column> {
    for child in &cb.blocks {
        cx.unknown_kind(child, schema::kind("columns"));
    }
    let mut columns: Vec<Column> = Vec::new();
    for a in &cb.attributes {
        let Some(ty) = column_type(cx, a) else { continue };
        let name = Spanned::new(Name::new(&a.name.text), a.name.span);
        if let Some(first) = columns.iter().find(|x| x.name.value == name.value) {
            let (file, first) = (cx.file, first.name.span);
            cx.err("E014", format!("column `{}` is declared twice", name.value), name.span, "declared again here")
                .with_label(file, first, "first declared here")
                .with_help("keep one declaration of the column");
            continue;
        }
        columns.push(Column { name, ty: Spanned::new(ty, a.value.span) });
    }
    columns
}

/// A column's type: a word, or a string (`"money USD"`); E058 otherwise.
fn column_type(cx: &mut Cx, a: &Attribute) -> Option<ColType> {
    let ty = match &a.value.kind {
        ValueKind::Ident(w) => ColType::parse(w),
        ValueKind::String(s) => {
            let mut words = s.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("money"), Some(cur), None) if literal::money("0", cur).is_ok() => Some(ColType::Money),
                (Some(w), None, None) => ColType::parse(w),
                _ => None,
            }
        }
        _ => None,
    };
    if ty.is_none() {
        let found = src_word(&a.value);
        cx.err("E058", format!("`{found}` is not a column type"), a.value.span, "unknown column type").with_help(
            match schema::did_you_mean(&found, schema::COLUMN_TYPES.iter().copied()) {
                Some(h) => format!("{h} The types are {}", schema::COLUMN_TYPES.join(", ")),
                None => format!(
                    "the types are {} (money with its currency as a string: \"money USD\")",
                    schema::COLUMN_TYPES.join(", ")
                ),
            },
        );
    }
    ty
}

/// `quality { … }` of a dataset (DATA.md §5): its targets, and
/// `formats { COLUMN = FORMAT }` with E015 for a format that is neither a
/// known name nor a pattern string (the columns are checked in
/// `data::validate`, against the dataset's schema).
fn quality(cx: &mut Cx, c: &Checked) -> Option<Quality> {
    let q = cx.first_nested(c, "quality")?;
    let mut formats = Vec::new();
    if let Some(fb) = q.children("formats").next() {
        for child in &fb.blocks {
            cx.unknown_kind(child, schema::kind("formats"));
        }
        for a in &fb.attributes {
            let f = match &a.value.kind {
                ValueKind::Ident(w) if schema::VALUE_FORMATS.contains(&w.as_str()) => Name::new(w),
                ValueKind::String(raw) => match literal::unescape(raw) {
                    Ok(pat) => Name::new(format!("/{pat}")),
                    Err(_) => continue,
                },
                _ => {
                    let found = src_word(&a.value);
                    let hint = schema::did_you_mean(&found, schema::VALUE_FORMATS.iter().copied());
                    cx.err("E015", format!("`{found}` is not a value format"), a.value.span, "unknown format")
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
    Some(Quality {
        span: q.block.span,
        required: q.list("required"),
        completeness: q.percent("completeness"),
        unique: q.list("unique"),
        max_duplicates: q.percent("max-duplicates"),
        fresh: q.duration("fresh"),
        timeliness: q.percent("timeliness"),
        formats,
    })
}

pub(super) fn utm_policy(cx: &mut Cx, c: &Checked) -> UtmPolicy {
    UtmPolicy {
        sources: c.list("sources"),
        mediums: c.list("mediums"),
        paid_search_mediums: c.list("paid-search-mediums"),
        channel_rules: cx.each_nested(c, "channel-rule", |_, name, _, r| ChannelRule {
            name,
            channel: r.string("channel"),
            source: r.string("source"),
            medium: r.string("medium"),
            campaign: r.string("campaign"),
        }),
    }
}

pub(super) fn hygiene(cx: &mut Cx, c: &Checked) -> Hygiene {
    let tasks = cx.each_nested(c, "task", |_, name, tb, t| Task {
        name,
        kind: t.ty_or_empty(),
        span: tb.span,
        every: t.string("every"),
        owner: t.string("owner"),
    });
    Hygiene { tasks }
}

pub(super) fn audit(cx: &mut Cx, c: &Checked) -> Audit {
    let areas = schema::AUDIT_AREAS.iter().map(|a| (a.to_string(), c.int(a))).collect();
    let notes = cx
        .first_nested(c, "notes")
        .map(|n| schema::AUDIT_AREAS.iter().filter_map(|a| n.string(a).map(|s| (a.to_string(), s))).collect())
        .unwrap_or_default();
    Audit { date: c.date("date"), areas, notes }
}

/// A value as written, for a message: the word or string, else what it is.
fn src_word(v: &Value) -> String {
    match &v.kind {
        ValueKind::Ident(w) | ValueKind::String(w) => w.clone(),
        other => other.describe().to_string(),
    }
}
