//! The typed model: what the schema lowering makes of the syntax tree.
//! Serde-serialisable; every value keeps the span it came from.
//!
//! Attributes the schema marks required are still `Option` here: they are
//! `None` only when E012 was reported, so later stages can keep going.

use serde::Serialize;

use crate::diagnostic::{FileId, Span};
use crate::kinds::DeclData;

/// A name or string value of the model. Most are short (identifiers,
/// e-mail addresses, UTM values), and a `CompactString` keeps up to 24
/// bytes inline: no heap allocation per name (docs/performance.md).
pub type Name = compact_str::CompactString;
use crate::literal::{Date, Duration, IntRange, Money, Percent, Rate};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// A top-level declaration: its name, where it is, and its data.
#[derive(Debug, Clone, Serialize)]
pub struct Decl<T> {
    pub name: Spanned<Name>,
    #[serde(skip)]
    pub file: FileId,
    /// The whole block.
    #[serde(skip)]
    pub span: Span,
    /// `KIND NAME: TYPE`, where a diagnostic about the whole block points.
    #[serde(skip)]
    pub header: Span,
    #[serde(flatten)]
    pub data: T,
}

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub product: Option<Spanned<Name>>,
    pub positioning: Option<Spanned<Name>>,
    pub voice: Option<Spanned<Name>>,
    pub competitors: Vec<Spanned<Name>>,
    pub icp: Option<Icp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Icp {
    #[serde(skip)]
    pub span: Span,
    pub titles: Vec<Spanned<Name>>,
    pub company_size: Option<Spanned<IntRange>>,
    pub industries: Option<Vec<Spanned<Name>>>,
    pub regions: Vec<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub category: Spanned<Name>,
    pub owner: Option<Spanned<Name>>,
    pub cost: Option<Spanned<Rate>>,
    pub renews: Option<Spanned<Date>>,
    pub reviewed: Option<Spanned<Date>>,
    pub integrates: Vec<Spanned<Name>>,
    pub adoption: Option<Spanned<Percent>>,
    /// `active` unless written otherwise.
    pub status: Spanned<Name>,
    pub score: Option<ToolScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolScore {
    #[serde(skip)]
    pub span: Span,
    pub problem: i64,
    pub integration: i64,
    pub cost: i64,
    pub time_to_value: i64,
    pub capability: i64,
}

impl ToolScore {
    /// The scores in the order of the seed's criteria (`seed::EVALUATION`).
    pub fn criteria(&self) -> [i64; 5] {
        [self.problem, self.integration, self.cost, self.time_to_value, self.capability]
    }

    /// The sum of each score times its criterion's weight
    /// (`seed::EVALUATION`: 30p + 25i + 20c + 15t + 10k): the weighted score
    /// times 100 (100..=300).
    pub fn weighted_x100(&self) -> i64 {
        crate::seed::EVALUATION.iter().zip(self.criteria()).map(|(c, score)| c.weight * score).sum()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    pub category: Spanned<Name>,
    pub summary: Option<Spanned<Name>>,
    pub requires: Vec<Spanned<Name>>,
    pub produces: Vec<Spanned<Name>>,
    /// Its steps put something in front of an audience: they get tagged links.
    pub audience_facing: bool,
    pub overrides: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Playbook {
    pub summary: Option<Spanned<Name>>,
    pub steps: Vec<Spanned<Name>>,
    /// Requests that name this campaign type (`mopsc route`).
    pub says: Vec<Spanned<Name>>,
    pub overrides: bool,
}

/// A campaign declaration. The campaign's data is boxed so that moving
/// declarations (from each file's model into the checked set's) moves 64
/// bytes, not 350: a workspace has one campaign per file, and the moved-from
/// and moved-to vectors coexist while they are merged.
pub type CampaignDecl = Decl<Box<Campaign>>;

#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub playbook: Spanned<Name>,
    pub context: Option<Spanned<Name>>,
    pub owner: Option<Spanned<Name>>,
    pub budget: Option<Spanned<Money>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub audience: Option<Spanned<Name>>,
    pub given: Vec<Spanned<Name>>,
    pub goals: Option<Box<Goals>>,
    pub utm: Option<Box<Utm>>,
    pub url: Option<Spanned<Name>>,
    /// `working-days` or `calendar-days`; unset: the workspace's (mops.toml).
    pub calendar: Option<Spanned<Name>>,
    /// `active` (unset) or `done`: a finished campaign.
    pub status: Option<Spanned<Name>>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goals {
    #[serde(skip)]
    pub span: Span,
    pub mql: Option<i64>,
    pub sql: Option<i64>,
    pub pipeline: Option<Money>,
    pub revenue: Option<Money>,
    pub roas: Option<f64>,
    pub signups: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Utm {
    #[serde(skip)]
    pub span: Span,
    pub source: Option<Spanned<Name>>,
    pub medium: Option<Spanned<Name>>,
    pub campaign: Option<Spanned<Name>>,
    pub content: Option<Spanned<Name>>,
    pub term: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: Spanned<Name>,
    pub skill: Spanned<Name>,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub header: Span,
    /// `None`: after the previous step; `Some([])`: at the campaign start.
    pub after: Option<Spanned<Vec<Spanned<Name>>>>,
    pub duration: Option<Spanned<Duration>>,
    pub owner: Option<Spanned<Name>>,
    pub tool: Option<Spanned<Name>>,
    pub budget: Option<Spanned<Money>>,
    pub channel: Option<Spanned<Name>>,
    pub utm: Option<Box<Utm>>,
    pub url: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub to: Option<Spanned<Name>>,
    pub says: Vec<Spanned<Name>>,
    pub not: Option<Spanned<Name>>,
    pub because: Option<Spanned<Name>>,
    /// A marketing-ops area's declaration and mopsc command (`mopsc route`).
    pub declares: Option<Spanned<Name>>,
    pub command: Option<Spanned<Name>>,
    pub overrides: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sequence {
    pub kind: Spanned<Name>,
    pub trigger: Option<Spanned<Name>>,
    pub tool: Option<Spanned<Name>>,
    pub owner: Option<Spanned<Name>>,
    pub emails: Vec<Email>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Email {
    pub name: Spanned<Name>,
    #[serde(skip)]
    pub span: Span,
    pub at: Option<Spanned<Duration>>,
    pub subject: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Automation {
    pub kind: Spanned<Name>,
    pub status: Option<Spanned<Name>>,
    pub tool: Option<Spanned<Name>>,
    pub owner: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scoring {
    pub route: Option<Spanned<Name>>,
    pub reviewed: Option<Spanned<Date>>,
    pub leads: Option<Spanned<Name>>,
    pub touches: Option<Spanned<Name>>,
    pub cap: Option<Spanned<i64>>,
    pub signals: Vec<Signal>,
    pub tiers: Option<Tiers>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub name: Spanned<Name>,
    pub kind: Spanned<Name>,
    #[serde(skip)]
    pub span: Span,
    pub points: Option<Spanned<i64>>,
    pub rule: Option<Spanned<Name>>,
    /// The condition that makes the signal fire (DATA.md §3).
    pub when: Option<crate::data::cond::Expr>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tiers {
    #[serde(skip)]
    pub span: Span,
    pub nurture: Option<Spanned<IntRange>>,
    pub mql: Option<Spanned<IntRange>>,
    pub sql: Option<Spanned<IntRange>>,
    pub hot: Option<Spanned<IntRange>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    pub model: Spanned<Name>,
    pub first: Option<Spanned<Percent>>,
    pub last: Option<Spanned<Percent>>,
    pub middle: Option<Spanned<Percent>>,
    pub half_life: Option<Spanned<Duration>>,
    pub window: Option<Spanned<Duration>>,
    pub conversions: Vec<Spanned<Name>>,
    pub monthly_conversions: Option<Spanned<i64>>,
    pub documented: Option<Spanned<Name>>,
    pub touches: Option<Spanned<Name>>,
    pub spend: Option<Spanned<Name>>,
    /// data-driven: `markov` (default) or `shapley`.
    pub method: Option<Spanned<Name>>,
    /// data-driven markov: the chain's order (1–4).
    pub order: Option<Spanned<i64>>,
}

/// `dataset NAME : KIND` (DATA.md §1).
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    /// leads, touches or spend.
    pub kind: Spanned<Name>,
    pub path: Option<Spanned<Name>>,
    pub table: Option<Spanned<Name>>,
    /// Role → the column that plays it, as written (defaults are not stored).
    pub roles: Vec<(Name, Spanned<Name>)>,
    pub columns: Vec<Column>,
    /// The quality targets (DATA.md §5), measured by `check --data`.
    pub quality: Option<Box<Quality>>,
}

/// `quality { … }` of a dataset (DATA.md §5; crate::data::quality).
#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    #[serde(skip)]
    pub span: Span,
    /// Fields that must be filled, each measured on its own (DQ001).
    pub required: Vec<Spanned<Name>>,
    /// The fill rate each required field must reach (default 100%).
    pub completeness: Option<Spanned<Percent>>,
    /// Columns whose values must be unique, each on its own (DQ002).
    pub unique: Vec<Spanned<Name>>,
    /// The duplicate rate allowed (default 0%).
    pub max_duplicates: Option<Spanned<Percent>>,
    /// The freshness window (DQ003).
    pub fresh: Option<Spanned<Duration>>,
    /// The share of rows that must be fresh (default 100%).
    pub timeliness: Option<Spanned<Percent>>,
    /// `formats { COLUMN = FORMAT }` (DQ004): a format name or a pattern string.
    pub formats: Vec<(Spanned<Name>, Spanned<Name>)>,
}

/// One declared column of `columns { NAME = TYPE }`.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: Spanned<Name>,
    pub ty: Spanned<ColType>,
}

/// The type of a dataset column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    Text,
    Int,
    Number,
    Bool,
    Date,
    Timestamp,
    Money,
}

impl ColType {
    pub fn parse(s: &str) -> Option<ColType> {
        Some(match s {
            "text" => ColType::Text,
            "int" => ColType::Int,
            "number" => ColType::Number,
            "bool" => ColType::Bool,
            "date" => ColType::Date,
            "timestamp" => ColType::Timestamp,
            "money" => ColType::Money,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ColType::Text => "text",
            ColType::Int => "int",
            ColType::Number => "number",
            ColType::Bool => "bool",
            ColType::Date => "date",
            ColType::Timestamp => "timestamp",
            ColType::Money => "money",
        }
    }
}

impl Dataset {
    /// The column that plays `role`: the mapped one, else the role's name.
    pub fn role<'a>(&'a self, role: &'a str) -> Option<&'a str> {
        if let Some((_, c)) = self.roles.iter().find(|(r, _)| r == role) {
            return Some(c.value.as_str());
        }
        let roles = crate::schema::DATASET_ROLES.iter().find(|(k, _)| *k == self.kind.value)?.1;
        roles.iter().any(|(r, _)| *r == role).then_some(role)
    }

    /// Whether `role` is mapped to a column or is required (so present).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|(r, _)| r == role)
            || crate::schema::DATASET_ROLES
                .iter()
                .find(|(k, _)| *k == self.kind.value)
                .is_some_and(|(_, rs)| rs.iter().any(|(r, req)| *r == role && *req))
            || self.columns.iter().any(|c| c.name.value == role)
    }

    /// Every column a query may use, with its type: the roles in force
    /// (mapped, required, or declared in `columns`) and the declared columns.
    pub fn schema(&self) -> Vec<(Name, ColType)> {
        let mut out: Vec<(Name, ColType)> = Vec::new();
        let roles = crate::schema::DATASET_ROLES.iter().find(|(k, _)| *k == self.kind.value).map_or(&[][..], |r| r.1);
        for (role, _) in roles {
            if !self.has_role(role) {
                continue;
            }
            let col = self.role(role).unwrap_or(role);
            if self.columns.iter().any(|c| c.name.value == col) {
                continue;
            }
            out.push((Name::new(col), role_type(&self.kind.value, role)));
        }
        for c in &self.columns {
            out.push((c.name.value.clone(), c.ty.value));
        }
        out
    }
}

/// The type a role's column has unless `columns` says otherwise.
pub fn role_type(kind: &str, role: &str) -> ColType {
    match (kind, role) {
        (_, "created" | "updated" | "time") => ColType::Timestamp,
        (_, "outcome") => ColType::Bool,
        ("touches", "value") => ColType::Number,
        ("spend", "date") => ColType::Date,
        ("spend", "amount") => ColType::Money,
        _ => ColType::Text,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UtmPolicy {
    pub sources: Vec<Spanned<Name>>,
    pub mediums: Vec<Spanned<Name>>,
    pub paid_search_mediums: Vec<Spanned<Name>>,
    /// The channel grouping, first match wins (empty: the prelude's).
    pub channel_rules: Vec<ChannelRule>,
}

/// `channel-rule NAME { channel = "…" source = "re" medium = "re" campaign = "re" }`.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelRule {
    pub name: Spanned<Name>,
    pub channel: Option<Spanned<Name>>,
    pub source: Option<Spanned<Name>>,
    pub medium: Option<Spanned<Name>>,
    pub campaign: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hygiene {
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub name: Spanned<Name>,
    pub kind: Spanned<Name>,
    #[serde(skip)]
    pub span: Span,
    pub every: Option<Spanned<Name>>,
    pub owner: Option<Spanned<Name>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub date: Option<Spanned<Date>>,
    /// The eight areas in the seed's order, `None` where E012/E003 was reported.
    pub areas: Vec<(String, Option<Spanned<i64>>)>,
    pub notes: Vec<(String, Spanned<Name>)>,
}

macro_rules! define_model {
    ($(($field:ident, $variant:ident, $name:literal, $ty:ty)),* $(,)?) => {
        /// Every declaration of one checked set (or one file), by kind, in
        /// order: one vector per row of [`crate::kinds::with_decl_kinds!`].
        #[derive(Debug, Clone, Default, Serialize)]
        pub struct Model {
            $(pub $field: Vec<Decl<$ty>>,)*
            /// Attributes written in a block (file, block span, attribute) whose
            /// value failed to lower (E003, E013, …): rules do not also report them
            /// as missing (one mistake, one finding).
            #[serde(skip)]
            pub failed: Vec<(FileId, Span, &'static str)>,
        }

        impl Model {
            /// The number of declarations of every kind.
            pub fn decl_count(&self) -> usize {
                0 $(+ self.$field.len())*
            }

            /// Reserve exactly the room to append all of `files`.
            pub fn reserve_for(&mut self, files: &[FileModel]) {
                $(
                    let n: usize = files
                        .iter()
                        .map(|f| match f {
                            FileModel::Any(m) => m.$field.len(),
                            FileModel::Campaigns(c) if stringify!($field) == "campaigns" => c.len(),
                            FileModel::Campaigns(_) => 0,
                        })
                        .sum();
                    self.$field.reserve_exact(n);
                )*
            }

            fn shrink_vectors(&mut self) {
                $( self.$field.shrink_to_fit(); )*
            }

            pub fn append(&mut self, other: Model) {
                $( self.$field.extend(other.$field); )*
                self.failed.extend(other.failed);
            }
        }
    };
}
crate::kinds::with_decl_kinds!(define_model);

macro_rules! impl_decl_data {
    ($($t:ty => $f:ident),* ; $($plain:ty),*) => {
        $(impl DeclData for $t {
            fn ty(&self) -> Option<&Spanned<Name>> {
                Some(&self.$f)
            }
        })*
        $(impl DeclData for $plain {})*
    };
}
impl_decl_data!(
    Tool => category, Campaign => playbook, Sequence => kind, Automation => kind,
    Attribution => model, Dataset => kind;
    Context, Scoring, UtmPolicy, Hygiene, Audit
);
impl DeclData for Skill {
    const OVERRIDABLE: bool = true;
    fn ty(&self) -> Option<&Spanned<Name>> {
        Some(&self.category)
    }
    fn overrides(&self) -> bool {
        self.overrides
    }
}
impl DeclData for Playbook {
    const OVERRIDABLE: bool = true;
    fn overrides(&self) -> bool {
        self.overrides
    }
}
impl DeclData for Route {
    const OVERRIDABLE: bool = true;
    fn overrides(&self) -> bool {
        self.overrides
    }
}
impl<T: DeclData> DeclData for Box<T> {
    const OVERRIDABLE: bool = T::OVERRIDABLE;
    fn ty(&self) -> Option<&Spanned<Name>> {
        (**self).ty()
    }
    fn overrides(&self) -> bool {
        (**self).overrides()
    }
}

impl Model {
    /// Drop growth slack: a file's model is kept until the whole checked set
    /// is read, and a vector's first push reserves room for four.
    pub fn shrink_to_fit(&mut self) {
        self.shrink_vectors();
        for c in &mut self.campaigns {
            c.data.steps.shrink_to_fit();
            c.data.given.shrink_to_fit();
            for s in &mut c.data.steps {
                if let Some(after) = &mut s.after {
                    after.value.shrink_to_fit();
                }
            }
        }
    }

    /// Whether `attr` was written in the block at `span` but failed to lower.
    pub fn failed(&self, file: FileId, span: Span, attr: &str) -> bool {
        self.failed.iter().any(|(f, s, a)| *f == file && *s == span && *a == attr)
    }

    pub fn skill(&self, name: &str) -> Option<&Decl<Skill>> {
        self.skills.iter().find(|s| s.name.value == name)
    }
    pub fn tool(&self, name: &str) -> Option<&Decl<Tool>> {
        self.tools.iter().find(|s| s.name.value == name)
    }
    pub fn playbook(&self, name: &str) -> Option<&Decl<Playbook>> {
        self.playbooks.iter().find(|s| s.name.value == name)
    }
    pub fn context(&self, name: &str) -> Option<&Decl<Context>> {
        self.contexts.iter().find(|s| s.name.value == name)
    }
    pub fn dataset(&self, name: &str) -> Option<&Decl<Dataset>> {
        self.datasets.iter().find(|s| s.name.value == name)
    }
    /// The dataset a block names for `kind`, or the only one of that kind.
    pub fn dataset_for(&self, named: Option<&Spanned<Name>>, kind: &str) -> Option<&Decl<Dataset>> {
        match named {
            Some(n) => self.dataset(&n.value).filter(|d| d.data.kind.value == kind),
            None => {
                let mut of_kind = self.datasets.iter().filter(|d| d.data.kind.value == kind);
                let first = of_kind.next()?;
                of_kind.next().is_none().then_some(first)
            }
        }
    }
    /// The UTM policy in force: the workspace's, else the prelude's.
    pub fn utm_policy(&self) -> Option<&Decl<UtmPolicy>> {
        self.utm_policies
            .iter()
            .find(|p| p.file != FileId::PRELUDE)
            .or_else(|| self.utm_policies.iter().find(|p| p.file == FileId::PRELUDE))
    }
}

/// One file's declarations, kept until its checked set is merged. Most files
/// of a large workspace declare campaigns and nothing else: those keep just
/// the campaigns, not a whole [`Model`] of thirteen vectors.
#[derive(Debug, Clone)]
pub enum FileModel {
    Campaigns(Vec<CampaignDecl>),
    Any(Box<Model>),
}

impl FileModel {
    pub fn new(mut m: Model) -> FileModel {
        let only_campaigns = m.decl_count() == m.campaigns.len() && m.failed.is_empty();
        if only_campaigns {
            FileModel::Campaigns(std::mem::take(&mut m.campaigns))
        } else {
            FileModel::Any(Box::new(m))
        }
    }

    pub fn campaigns(&self) -> &[CampaignDecl] {
        match self {
            FileModel::Campaigns(c) => c,
            FileModel::Any(m) => &m.campaigns,
        }
    }

    pub fn into_model(self) -> Model {
        match self {
            FileModel::Campaigns(campaigns) => Model { campaigns, ..Model::default() },
            FileModel::Any(m) => *m,
        }
    }
}
