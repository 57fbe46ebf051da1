//! The schema table (LANGUAGE.md §4): every block kind, its name and type
//! rules, its attributes with their types, and the blocks it may contain.
//!
//! This one table drives lowering and validation (E010–E015), and the
//! language server's completion and hover. To add a block kind, add a
//! `KindSpec` here and a lowering function in `crate::lower`.

/// The type of an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    /// An absolute `http(s)://host/...` URL written as a string.
    Url,
    StringOrText,
    Integer,
    /// An integer within inclusive bounds (E003 outside).
    IntIn(i64, i64),
    Decimal,
    Percent,
    Money,
    Rate,
    Duration,
    Date,
    Range,
    Bool,
    Word,
    WordOrString,
    Enum(&'static [&'static str]),
    Ref(&'static str),
    List(&'static Ty),
    /// A condition over the columns of a dataset (DATA.md §2).
    Expr,
}

impl Ty {
    /// The type in words, for E013 and hover.
    pub fn describe(&self) -> String {
        match self {
            Ty::String => "a string".into(),
            Ty::Url => "a URL (e.g. \"https://acme.io/demo\")".into(),
            Ty::StringOrText => "a string or text block".into(),
            Ty::Integer => "an integer".into(),
            Ty::IntIn(l, h) => format!("an integer from {l} to {h}"),
            Ty::Decimal => "a decimal".into(),
            Ty::Percent => "a percent (e.g. 40%)".into(),
            Ty::Money => "money (e.g. 40000 USD)".into(),
            Ty::Rate => "a rate (e.g. 18000 USD/yr)".into(),
            Ty::Duration => "a duration (e.g. 4d)".into(),
            Ty::Date => "a date (YYYY-MM-DD)".into(),
            Ty::Range => "a range (e.g. 26..50)".into(),
            Ty::Bool => "a boolean (true or false)".into(),
            Ty::Word => "a name".into(),
            Ty::WordOrString => "a name or a string".into(),
            Ty::Enum(vals) => format!("one of {}", vals.join(", ")),
            Ty::Ref(k) => format!("the name of a {k}"),
            Ty::List(inner) => format!("a list of {}", plural(&inner.describe())),
            Ty::Expr => "a condition (e.g. title contains \"VP\")".into(),
        }
    }
}

fn plural(s: &str) -> String {
    s.trim_start_matches("a ").trim_start_matches("an ").to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Req {
    Required,
    Optional,
}

#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    pub name: &'static str,
    pub req: Req,
    pub ty: Ty,
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct ChildSpec {
    pub kind: &'static str,
    pub req: Req,
    /// May appear more than once (steps, emails, signals, tasks).
    pub many: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    Required,
    Forbidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRule {
    /// No `: TYPE` allowed.
    None,
    /// `: TYPE` required, one of these words.
    Enum(&'static [&'static str]),
    /// `: TYPE` required, naming a declaration of this kind.
    Ref(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    pub kind: &'static str,
    /// Declared at the top level of a file (false: only nested).
    pub top_level: bool,
    pub name: NameRule,
    pub ty: TypeRule,
    /// What the `: TYPE` means, for messages ("category", "skill").
    pub ty_meaning: &'static str,
    pub attrs: &'static [AttrSpec],
    pub children: &'static [ChildSpec],
    pub doc: &'static str,
}

impl KindSpec {
    pub fn attr(&self, name: &str) -> Option<&'static AttrSpec> {
        self.attrs.iter().find(|a| a.name == name)
    }
    pub fn child(&self, kind: &str) -> Option<&'static ChildSpec> {
        self.children.iter().find(|c| c.kind == kind)
    }
}

const fn a(name: &'static str, req: Req, ty: Ty, doc: &'static str) -> AttrSpec {
    AttrSpec { name, req, ty, doc }
}
const fn c(kind: &'static str, req: Req, many: bool) -> ChildSpec {
    ChildSpec { kind, req, many }
}
use Req::{Optional as O, Required as R};

use crate::seed;

pub const TOOL_CATEGORIES: &[&str] = &[
    "crm",
    "marketing-automation",
    "analytics",
    "email",
    "ads",
    "seo",
    "social",
    "cms",
    "attribution",
    "abm",
    "warehouse",
    "other",
];
pub const SKILL_CATEGORIES: &[&str] = &["content", "seo", "conversion", "channel", "strategy", "analytics"];
pub const TOOL_STATUS: &[&str] = &["active", "evaluating", "retired"];
pub const CALENDARS: &[&str] = &["calendar-days", "working-days"];
pub const CAMPAIGN_STATUS: &[&str] = &["active", "done"];
/// The seed's email sequences (`seed::SEQUENCES`).
pub const SEQUENCE_KINDS: &[&str] = seed::SEQUENCE_KINDS;
/// The seed's automation priority table (`seed::AUTOMATIONS`).
pub const AUTOMATION_KINDS: &[&str] = seed::AUTOMATION_KINDS;
pub const AUTOMATION_STATUS: &[&str] = &["live", "building", "planned"];
/// The seed's lead scoring model (`seed::SIGNALS`).
pub const SIGNAL_KINDS: &[&str] = seed::SIGNAL_KINDS;
/// How a `data-driven` model credits touches.
pub const DATA_DRIVEN_METHODS: &[&str] = &["markov", "shapley"];

/// The seed's attribution models (`seed::ATTRIBUTION_MODELS`).
pub const ATTRIBUTION_MODELS: &[&str] = seed::ATTRIBUTION_MODEL_NAMES;
/// The seed's data hygiene schedule (`seed::HYGIENE`).
pub const TASK_KINDS: &[&str] = seed::TASK_KINDS;
pub const DATASET_KINDS: &[&str] = &["leads", "touches", "spend"];
/// The roles of each dataset kind (DATA.md §1), required ones marked.
pub const DATASET_ROLES: &[(&str, &[(&str, bool)])] = &[
    (
        "leads",
        &[
            ("key", true),
            ("email", false),
            ("created", false),
            ("updated", false),
            ("outcome", false),
            ("account", false),
        ],
    ),
    (
        "touches",
        &[
            ("person", true),
            ("time", true),
            ("event", true),
            ("source", false),
            ("medium", false),
            ("campaign", false),
            ("content", false),
            ("term", false),
            ("url", false),
            ("value", false),
            ("channel", false),
        ],
    ),
    ("spend", &[("date", true), ("amount", true), ("campaign", false), ("channel", false)]),
];
/// The named formats of `quality { formats { COLUMN = FORMAT } }`.
pub const VALUE_FORMATS: &[&str] = &["email", "url", "domain", "iso-country", "phone", "lowercase", "kebab-case"];
/// The column types of `columns { NAME = TYPE }`.
pub const COLUMN_TYPES: &[&str] = &["text", "int", "number", "bool", "date", "timestamp", "money"];
pub const FREQUENCIES: &[&str] = seed::FREQUENCIES;
/// The seed's marketing audit structure (`seed::AREAS`).
pub const AUDIT_AREAS: &[&str] = seed::AUDIT_AREAS;

static LIST_STRING: Ty = Ty::String;
static LIST_WORD: Ty = Ty::Word;
static LIST_WORD_OR_STRING: Ty = Ty::WordOrString;
static LIST_REF_TOOL: Ty = Ty::Ref("tool");
static LIST_REF_SKILL: Ty = Ty::Ref("skill");
static LIST_REF_STEP: Ty = Ty::Ref("step");

const AUDIT_SCORE: Ty = Ty::IntIn(seed::AUDIT_SCALE.0, seed::AUDIT_SCALE.1);
const EVALUATION_SCORE: Ty = Ty::IntIn(seed::EVALUATION_SCALE.0, seed::EVALUATION_SCALE.1);

/// `Does it solve a validated problem? (weight 30%)`: the seed's criterion `i`.
const fn criterion_doc<const N: usize>(w: &mut seed::Writer<N>, i: usize) {
    w.s(seed::EVALUATION[i].question).s(" (weight ").n(seed::EVALUATION[i].weight).s("%)");
}

/// A `score` attribute: the seed's criterion `$i` of the stack evaluation.
macro_rules! criterion {
    ($i:expr) => {
        a(seed::EVALUATION[$i].attr, R, EVALUATION_SCORE, seed::written!(criterion_doc, $i))
    };
}

/// `Positioning, ICP, messaging (1–5).`: what the seed's area `i` assesses, and the scale.
const fn area_doc<const N: usize>(w: &mut seed::Writer<N>, i: usize) {
    w.s(seed::AREAS[i].assess).s(" (").n(seed::AUDIT_SCALE.0).s("–").n(seed::AUDIT_SCALE.1).s(").");
}

/// An `audit` attribute: the seed's area `$i` of the marketing audit.
macro_rules! area {
    ($i:expr) => {
        a(seed::AREAS[$i].key, R, AUDIT_SCORE, seed::written!(area_doc, $i))
    };
}

const fn score_doc<const N: usize>(w: &mut seed::Writer<N>) {
    let (lo, hi) = seed::EVALUATION_SCALE;
    w.s("The stack evaluation scores of a tool, each ").n(lo).s(" to ").n(hi).s(".");
}

const fn audit_doc<const N: usize>(w: &mut seed::Writer<N>) {
    let (lo, hi) = seed::AUDIT_SCALE;
    w.s("A marketing audit: the eight areas, each scored ").n(lo).s("–").n(hi).s(".");
}

/// Whether some kind's attribute of this name holds a condition (`when`):
/// the parser words its errors as a condition's only there.
pub fn is_condition_attribute(name: &str) -> bool {
    KINDS.iter().flat_map(|k| k.attrs.iter()).any(|a| a.name == name && matches!(a.ty, Ty::Expr))
}

pub static KINDS: &[KindSpec] = &[
    KindSpec {
        kind: "context",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("product", R, Ty::String, "The product being marketed."),
            a("positioning", R, Ty::StringOrText, "How the product is positioned against alternatives."),
            a("voice", O, Ty::StringOrText, "The brand voice."),
            a("competitors", O, Ty::List(&LIST_STRING), "Competitors' company domains, e.g. \"rival.io\"."),
        ],
        children: &[c("icp", R, false)],
        doc: "Who the organisation sells to. \"Context first\": every campaign names one.",
    },
    KindSpec {
        kind: "icp",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("titles", R, Ty::List(&LIST_STRING), "Job titles of the buyers."),
            a("company-size", O, Ty::Range, "Company size in employees, e.g. 50..500."),
            a("industries", O, Ty::List(&LIST_WORD_OR_STRING), "Target industries."),
            a("regions", O, Ty::List(&LIST_STRING), "Target regions."),
        ],
        children: &[],
        doc: "The ideal customer profile.",
    },
    KindSpec {
        kind: "tool",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(TOOL_CATEGORIES),
        ty_meaning: "category",
        attrs: &[
            a("owner", O, Ty::String, "The person or team responsible for the tool."),
            a("cost", O, Ty::Rate, "Yearly (or monthly) cost, e.g. 18000 USD/yr."),
            a("renews", O, Ty::Date, "Contract renewal date."),
            a("reviewed", O, Ty::Date, "Date of the last contract review."),
            a("integrates", O, Ty::List(&LIST_REF_TOOL), "Tools this tool sends data to."),
            a("adoption", O, Ty::Percent, "Share of intended users who actively use the tool."),
            a("status", O, Ty::Enum(TOOL_STATUS), "active (default), evaluating or retired."),
        ],
        children: &[c("score", O, false)],
        doc: "One product of the MarTech stack.",
    },
    KindSpec {
        kind: "score",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            criterion!(0),
            criterion!(1),
            criterion!(2),
            criterion!(3),
            criterion!(4),
        ],
        children: &[],
        doc: seed::written!(score_doc),
    },
    KindSpec {
        kind: "skill",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(SKILL_CATEGORIES),
        ty_meaning: "category",
        attrs: &[
            a("summary", R, Ty::String, "What the skill does."),
            a("requires", O, Ty::List(&LIST_WORD), "Artifacts the skill needs before it can start."),
            a("produces", O, Ty::List(&LIST_WORD), "Artifacts the skill produces."),
            a(
                "audience-facing",
                O,
                Ty::Bool,
                "The skill puts something in front of an audience (ads, posts, emails, articles): its steps get tagged links.",
            ),
            a("override", O, Ty::Bool, "Replace the prelude's skill of this name."),
        ],
        children: &[],
        doc: "A marketing capability that a step invokes.",
    },
    KindSpec {
        kind: "playbook",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("summary", R, Ty::String, "What the campaign type is for."),
            a("steps", R, Ty::List(&LIST_REF_SKILL), "The skills of the campaign type, in recommended order."),
            a(
                "says",
                O,
                Ty::List(&LIST_STRING),
                "Requests that name this campaign type, lowercase (for `mopsc route`).",
            ),
            a("override", O, Ty::Bool, "Replace the prelude's playbook of this name."),
        ],
        children: &[],
        doc: "A campaign type: the recommended sequence of skills.",
    },
    KindSpec {
        kind: "campaign",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Ref("playbook"),
        ty_meaning: "playbook",
        attrs: &[
            a("context", O, Ty::Ref("context"), "The marketing context the campaign runs in."),
            a("owner", O, Ty::String, "The person responsible for the campaign."),
            a("budget", O, Ty::Money, "The campaign's total budget."),
            a("start", R, Ty::Date, "The first day of the campaign."),
            a("end", O, Ty::Date, "The deadline; the schedule must fit."),
            a("audience", O, Ty::WordOrString, "The audience segment, for overlap checks."),
            a("given", O, Ty::List(&LIST_WORD), "Artifacts that exist before the campaign starts."),
            a("url", O, Ty::Url, "The landing URL that UTM links are built on."),
            a(
                "calendar",
                O,
                Ty::Enum(CALENDARS),
                "What the schedule counts: calendar-days (every day) or working-days (weekends and mops.toml's holidays skipped).",
            ),
            a("status", O, Ty::Enum(CAMPAIGN_STATUS), "active (default: to come or running) or done (finished)."),
        ],
        children: &[c("goals", O, false), c("utm", O, false), c("step", R, true)],
        doc: "A campaign: steps that invoke marketing skills, in order.",
    },
    KindSpec {
        kind: "goals",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("mql", O, Ty::Integer, "Marketing qualified leads."),
            a("sql", O, Ty::Integer, "Sales qualified leads."),
            a("pipeline", O, Ty::Money, "Pipeline created."),
            a("revenue", O, Ty::Money, "Revenue."),
            a("roas", O, Ty::Decimal, "Return on ad spend."),
            a("signups", O, Ty::Integer, "Sign-ups."),
        ],
        children: &[],
        doc: "What the campaign is measured by (at least one goal).",
    },
    KindSpec {
        kind: "utm",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("source", O, Ty::WordOrString, "utm_source: the platform (google, linkedin, ...)."),
            a("medium", O, Ty::WordOrString, "utm_medium: the channel type (cpc, email, ...)."),
            a("campaign", O, Ty::String, "utm_campaign: the campaign name in the registry."),
            a("content", O, Ty::String, "utm_content: the variant."),
            a("term", O, Ty::String, "utm_term: the keyword (paid search only)."),
        ],
        children: &[],
        doc: "UTM parameters; a step's block overrides its campaign's.",
    },
    KindSpec {
        kind: "step",
        top_level: false,
        name: NameRule::Required,
        ty: TypeRule::Ref("skill"),
        ty_meaning: "skill",
        attrs: &[
            a(
                "after",
                O,
                Ty::List(&LIST_REF_STEP),
                "Steps of the same campaign that must finish first ([] = campaign start).",
            ),
            a("duration", R, Ty::Duration, "How long the step runs."),
            a("owner", O, Ty::String, "Who runs the step (defaults to the campaign's owner)."),
            a("tool", O, Ty::Ref("tool"), "The tool the step runs on."),
            a("budget", O, Ty::Money, "The step's budget (same currency as the campaign)."),
            a("channel", O, Ty::Word, "The channel, e.g. google-ads, linkedin, email: one mopsc knows (`mopsc explain CHN001`) or a tool's name."),
            a("url", O, Ty::Url, "Overrides the campaign's landing URL."),
        ],
        children: &[c("utm", O, false)],
        doc: "One step of a campaign: a skill invoked for a duration.",
    },
    KindSpec {
        kind: "route",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("to", R, Ty::Ref("skill"), "The skill that answers the request."),
            a("says", R, Ty::List(&LIST_STRING), "Example requests, lowercase."),
            a("not", O, Ty::Ref("skill"), "The tempting wrong answer."),
            a("because", O, Ty::String, "Why not."),
            a("declares", O, Ty::String, "For a marketing-ops area: the declaration that serves it."),
            a("command", O, Ty::String, "For a marketing-ops area: the mopsc command that serves it."),
            a("override", O, Ty::Bool, "Replace the prelude's route of this name."),
        ],
        children: &[],
        doc: "One row of the skill routing matrix.",
    },
    KindSpec {
        kind: "sequence",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(SEQUENCE_KINDS),
        ty_meaning: "kind",
        attrs: &[
            a("trigger", R, Ty::String, "The event that starts the sequence."),
            a("tool", O, Ty::Ref("tool"), "The email or marketing-automation tool that sends it."),
            a("owner", O, Ty::String, "Who owns the sequence."),
        ],
        children: &[c("email", R, true)],
        doc: "An email automation sequence.",
    },
    KindSpec {
        kind: "email",
        top_level: false,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("at", R, Ty::Duration, "Send offset from the trigger."),
            a("subject", R, Ty::String, "Subject line."),
        ],
        children: &[],
        doc: "One email of a sequence.",
    },
    KindSpec {
        kind: "automation",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(AUTOMATION_KINDS),
        ty_meaning: "kind",
        attrs: &[
            a("status", R, Ty::Enum(AUTOMATION_STATUS), "live, building or planned."),
            a("tool", O, Ty::Ref("tool"), "The tool that runs it."),
            a("owner", O, Ty::String, "Who owns it."),
        ],
        children: &[],
        doc: "A marketing automation in place or planned.",
    },
    KindSpec {
        kind: "scoring",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("route", O, Ty::Ref("tool"), "The crm tool that sql and hot leads go to."),
            a("reviewed", O, Ty::Date, "Date of the last review of the model."),
            a("leads", O, Ty::Ref("dataset"), "The leads dataset scored (optional with one leads dataset)."),
            a("touches", O, Ty::Ref("dataset"), "The touches dataset the aggregates read (optional with one)."),
            a("cap", O, Ty::Integer, "The most points one signal category adds (e.g. 40)."),
        ],
        children: &[c("signal", R, true), c("tiers", R, false)],
        doc: "A lead scoring model.",
    },
    KindSpec {
        kind: "signal",
        top_level: false,
        name: NameRule::Required,
        ty: TypeRule::Enum(SIGNAL_KINDS),
        ty_meaning: "kind",
        attrs: &[
            a("points", R, Ty::Integer, "Points added (or removed) when the signal fires."),
            a("rule", O, Ty::String, "The condition in words."),
            a(
                "when",
                O,
                Ty::Expr,
                "The condition on the lead's columns and touches; without it the signal is not scored.",
            ),
        ],
        children: &[],
        doc: "A lead scoring signal.",
    },
    KindSpec {
        kind: "tiers",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("nurture", R, Ty::Range, "Scores that stay in nurture."),
            a("mql", R, Ty::Range, "Marketing qualified leads."),
            a("sql", R, Ty::Range, "Sales qualified leads."),
            a("hot", R, Ty::Range, "Hot leads: immediate outreach."),
        ],
        children: &[],
        doc: "The score thresholds of the lead tiers.",
    },
    KindSpec {
        kind: "attribution",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(ATTRIBUTION_MODELS),
        ty_meaning: "model",
        attrs: &[
            a("first", O, Ty::Percent, "Credit to the first touch (position-based)."),
            a("last", O, Ty::Percent, "Credit to the last touch (position-based)."),
            a("middle", O, Ty::Percent, "Credit to the middle touches (position-based)."),
            a("half-life", O, Ty::Duration, "Half-life of credit (time-decay)."),
            a("window", O, Ty::Duration, "Lookback window."),
            a("conversions", R, Ty::List(&LIST_STRING), "Conversion events that get credit."),
            a("monthly-conversions", O, Ty::Integer, "Monthly conversion volume."),
            a("documented", O, Ty::String, "Where the model decision is written down."),
            a("touches", O, Ty::Ref("dataset"), "The touches dataset credited (optional with one)."),
            a("spend", O, Ty::Ref("dataset"), "The spend dataset for ROI (optional with one)."),
            a("method", O, Ty::Enum(DATA_DRIVEN_METHODS), "data-driven: markov (default, removal effects) or shapley."),
            a("order", O, Ty::Integer, "data-driven markov: the chain's order, 1 (default) to 4."),
        ],
        children: &[],
        doc: "The attribution model.",
    },
    KindSpec {
        kind: "dataset",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::Enum(DATASET_KINDS),
        ty_meaning: "kind",
        attrs: &[
            a("file", O, Ty::String, "A CSV file relative to the declaring file, inside the workspace."),
            a("table", O, Ty::String, "The warehouse table, e.g. \"analytics.crm_leads\"."),
            a("key", O, Ty::WordOrString, "leads: the column that identifies a person (required)."),
            a("email", O, Ty::WordOrString, "leads: the e-mail column."),
            a("created", O, Ty::WordOrString, "leads: when the lead was created (timestamp)."),
            a("updated", O, Ty::WordOrString, "leads: when the record was last updated (timestamp)."),
            a("outcome", O, Ty::WordOrString, "leads: became a customer (bool); needed by `score --review`."),
            a("account", O, Ty::WordOrString, "leads: the account (company) column."),
            a("person", O, Ty::WordOrString, "touches: the person, joining the leads' key (required)."),
            a("time", O, Ty::WordOrString, "touches: when it happened (timestamp, required)."),
            a("event", O, Ty::WordOrString, "touches: what happened, e.g. page-view (required)."),
            a("source", O, Ty::WordOrString, "touches: utm_source."),
            a("medium", O, Ty::WordOrString, "touches: utm_medium."),
            a("campaign", O, Ty::WordOrString, "touches and spend: utm_campaign."),
            a("content", O, Ty::WordOrString, "touches: utm_content."),
            a("term", O, Ty::WordOrString, "touches: utm_term."),
            a("url", O, Ty::WordOrString, "touches: the page URL."),
            a("value", O, Ty::WordOrString, "touches: conversion revenue (number)."),
            a("channel", O, Ty::WordOrString, "touches and spend: the channel."),
            a("date", O, Ty::WordOrString, "spend: the day (date, required)."),
            a("amount", O, Ty::WordOrString, "spend: the money spent (required)."),
        ],
        children: &[c("columns", O, false), c("quality", O, false)],
        doc: "A source of data: a file or a warehouse table of leads, touches or spend.",
    },
    KindSpec {
        kind: "quality",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("required", O, Ty::List(&LIST_WORD), "Columns that must be filled (DQ001 measures each one's fill rate)."),
            a("completeness", O, Ty::Percent, "The fill rate each required column must reach (default 100%)."),
            a("unique", O, Ty::List(&LIST_WORD), "Columns whose values must be unique, compared trimmed and lowercase (DQ002)."),
            a("max-duplicates", O, Ty::Percent, "The duplicate rate allowed per unique column (default 0%)."),
            a("fresh", O, Ty::Duration, "The freshness window: a row is timely when updated within it (DQ003)."),
            a("timeliness", O, Ty::Percent, "The share of rows that must be timely (default 100%)."),
        ],
        children: &[c("formats", O, false)],
        doc: "Data-quality targets of a dataset, measured by `mopsc check --data` (DQ001–DQ004).",
    },
    KindSpec {
        kind: "formats",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[],
        children: &[],
        doc: "The format each column's values must have, `COLUMN = FORMAT` (email, url, domain, iso-country, phone, lowercase, kebab-case) or `COLUMN = \"REGEX\"` (DQ004).",
    },
    KindSpec {
        kind: "columns",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[],
        children: &[],
        doc: "Further columns of a dataset, `NAME = TYPE` (text, int, number, bool, date, timestamp, money).",
    },
    KindSpec {
        kind: "utm-policy",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("sources", R, Ty::List(&LIST_WORD_OR_STRING), "Allowed utm_source values (globs as strings)."),
            a("mediums", R, Ty::List(&LIST_WORD_OR_STRING), "Allowed utm_medium values (globs as strings)."),
            a("paid-search-mediums", R, Ty::List(&LIST_WORD), "Mediums where utm_term is allowed."),
        ],
        children: &[c("channel-rule", O, true)],
        doc: "The UTM conventions in force.",
    },
    KindSpec {
        kind: "channel-rule",
        top_level: false,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("channel", R, Ty::String, "The channel group a touch gets when this rule is the first to match."),
            a("source", O, Ty::String, "A regular expression the lowercase utm_source must match."),
            a("medium", O, Ty::String, "A regular expression the lowercase utm_medium must match."),
            a("campaign", O, Ty::String, "A regular expression the lowercase utm_campaign must match."),
        ],
        children: &[],
        doc: "One rule of the channel grouping: a touch whose source, medium and campaign match gets the channel. The first matching rule wins; the prelude's are GA4's default channel grouping.",
    },
    KindSpec {
        kind: "hygiene",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[],
        children: &[c("task", R, true)],
        doc: "The data-hygiene schedule.",
    },
    KindSpec {
        kind: "task",
        top_level: false,
        name: NameRule::Required,
        ty: TypeRule::Enum(TASK_KINDS),
        ty_meaning: "kind",
        attrs: &[
            a("every", R, Ty::Enum(FREQUENCIES), "How often the task runs."),
            a("owner", O, Ty::String, "Who runs the task."),
        ],
        children: &[],
        doc: "One data-hygiene task.",
    },
    KindSpec {
        kind: "audit",
        top_level: true,
        name: NameRule::Required,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("date", R, Ty::Date, "When the audit was made."),
            area!(0),
            area!(1),
            area!(2),
            area!(3),
            area!(4),
            area!(5),
            area!(6),
            area!(7),
        ],
        children: &[c("notes", O, false)],
        doc: seed::written!(audit_doc),
    },
    KindSpec {
        kind: "notes",
        top_level: false,
        name: NameRule::Forbidden,
        ty: TypeRule::None,
        ty_meaning: "",
        attrs: &[
            a("strategy", O, Ty::String, "Notes on strategy."),
            a("content", O, Ty::String, "Notes on content."),
            a("seo", O, Ty::String, "Notes on SEO."),
            a("paid", O, Ty::String, "Notes on paid."),
            a("email", O, Ty::String, "Notes on email."),
            a("social", O, Ty::String, "Notes on social."),
            a("martech", O, Ty::String, "Notes on MarTech."),
            a("data", O, Ty::String, "Notes on data."),
        ],
        children: &[],
        doc: "Notes per audit area.",
    },
];

pub fn kind(name: &str) -> Option<&'static KindSpec> {
    KINDS.iter().find(|k| k.kind == name)
}

pub fn top_level_kinds() -> impl Iterator<Item = &'static KindSpec> {
    KINDS.iter().filter(|k| k.top_level)
}

/// The closest candidates to `word` (Jaro-Winkler, then Levenshtein), best first.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let jw = strsim::jaro_winkler(word, c);
            let lev = strsim::levenshtein(word, c);
            let close = lev <= (word.len().max(3) / 3).max(1) || jw >= 0.85;
            (if close { jw.max(1.0 - lev as f64 / 10.0) } else { 0.0 }, c)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `x`?" or an empty string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let s = suggest(word, candidates);
    match s.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => {
            Some(format!("did you mean {}?", many.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" or ")))
        }
    }
}
