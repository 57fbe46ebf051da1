//! The typed model: what the schema lowering makes of the syntax tree.
//! Serde-serialisable; every value keeps the span it came from.
//!
//! Attributes the schema marks required are still `Option` here: they are
//! `None` only when E012 was reported, so later stages can keep going.

use serde::Serialize;

use crate::diagnostic::{FileId, Span};
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
    pub name: Spanned<String>,
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
    pub product: Option<Spanned<String>>,
    pub positioning: Option<Spanned<String>>,
    pub voice: Option<Spanned<String>>,
    pub competitors: Vec<Spanned<String>>,
    pub icp: Option<Icp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Icp {
    #[serde(skip)]
    pub span: Span,
    pub titles: Vec<Spanned<String>>,
    pub company_size: Option<Spanned<IntRange>>,
    pub industries: Option<Vec<Spanned<String>>>,
    pub regions: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub category: Spanned<String>,
    pub owner: Option<Spanned<String>>,
    pub cost: Option<Spanned<Rate>>,
    pub renews: Option<Spanned<Date>>,
    pub reviewed: Option<Spanned<Date>>,
    pub integrates: Vec<Spanned<String>>,
    pub adoption: Option<Spanned<Percent>>,
    /// `active` unless written otherwise.
    pub status: Spanned<String>,
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
    /// 30p + 25i + 20c + 15t + 10k: the weighted score times 100 (100..=300).
    pub fn weighted_x100(&self) -> i64 {
        30 * self.problem + 25 * self.integration + 20 * self.cost + 15 * self.time_to_value + 10 * self.capability
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    pub category: Spanned<String>,
    pub summary: Option<Spanned<String>>,
    pub requires: Vec<Spanned<String>>,
    pub produces: Vec<Spanned<String>>,
    pub overrides: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Playbook {
    pub summary: Option<Spanned<String>>,
    pub steps: Vec<Spanned<String>>,
    pub overrides: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub playbook: Spanned<String>,
    pub context: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub budget: Option<Spanned<Money>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub audience: Option<Spanned<String>>,
    pub given: Vec<Spanned<String>>,
    pub goals: Option<Goals>,
    pub utm: Option<Utm>,
    pub url: Option<Spanned<String>>,
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
    pub source: Option<Spanned<String>>,
    pub medium: Option<Spanned<String>>,
    pub campaign: Option<Spanned<String>>,
    pub content: Option<Spanned<String>>,
    pub term: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: Spanned<String>,
    pub skill: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub header: Span,
    /// `None`: after the previous step; `Some([])`: at the campaign start.
    pub after: Option<Spanned<Vec<Spanned<String>>>>,
    pub duration: Option<Spanned<Duration>>,
    pub owner: Option<Spanned<String>>,
    pub tool: Option<Spanned<String>>,
    pub budget: Option<Spanned<Money>>,
    pub channel: Option<Spanned<String>>,
    pub utm: Option<Utm>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub to: Option<Spanned<String>>,
    pub says: Vec<Spanned<String>>,
    pub not: Option<Spanned<String>>,
    pub because: Option<Spanned<String>>,
    pub overrides: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sequence {
    pub kind: Spanned<String>,
    pub trigger: Option<Spanned<String>>,
    pub tool: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub emails: Vec<Email>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Email {
    pub name: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub at: Option<Spanned<Duration>>,
    pub subject: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Automation {
    pub kind: Spanned<String>,
    pub status: Option<Spanned<String>>,
    pub tool: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scoring {
    pub route: Option<Spanned<String>>,
    pub reviewed: Option<Spanned<Date>>,
    pub signals: Vec<Signal>,
    pub tiers: Option<Tiers>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub points: Option<Spanned<i64>>,
    pub rule: Option<Spanned<String>>,
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
    pub model: Spanned<String>,
    pub first: Option<Spanned<Percent>>,
    pub last: Option<Spanned<Percent>>,
    pub middle: Option<Spanned<Percent>>,
    pub half_life: Option<Spanned<Duration>>,
    pub window: Option<Spanned<Duration>>,
    pub conversions: Vec<Spanned<String>>,
    pub monthly_conversions: Option<Spanned<i64>>,
    pub documented: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UtmPolicy {
    pub sources: Vec<Spanned<String>>,
    pub mediums: Vec<Spanned<String>>,
    pub paid_search_mediums: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hygiene {
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(skip)]
    pub span: Span,
    pub every: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub date: Option<Spanned<Date>>,
    /// The eight areas in the seed's order, `None` where E012/E003 was reported.
    pub areas: Vec<(String, Option<Spanned<i64>>)>,
    pub notes: Vec<(String, Spanned<String>)>,
}

/// Every declaration of one checked set (or one file), by kind, in order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Model {
    pub contexts: Vec<Decl<Context>>,
    pub tools: Vec<Decl<Tool>>,
    pub skills: Vec<Decl<Skill>>,
    pub playbooks: Vec<Decl<Playbook>>,
    pub campaigns: Vec<Decl<Campaign>>,
    pub routes: Vec<Decl<Route>>,
    pub sequences: Vec<Decl<Sequence>>,
    pub automations: Vec<Decl<Automation>>,
    pub scorings: Vec<Decl<Scoring>>,
    pub attributions: Vec<Decl<Attribution>>,
    pub utm_policies: Vec<Decl<UtmPolicy>>,
    pub hygienes: Vec<Decl<Hygiene>>,
    pub audits: Vec<Decl<Audit>>,
}

impl Model {
    pub fn append(&mut self, other: Model) {
        self.contexts.extend(other.contexts);
        self.tools.extend(other.tools);
        self.skills.extend(other.skills);
        self.playbooks.extend(other.playbooks);
        self.campaigns.extend(other.campaigns);
        self.routes.extend(other.routes);
        self.sequences.extend(other.sequences);
        self.automations.extend(other.automations);
        self.scorings.extend(other.scorings);
        self.attributions.extend(other.attributions);
        self.utm_policies.extend(other.utm_policies);
        self.hygienes.extend(other.hygienes);
        self.audits.extend(other.audits);
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
    /// The UTM policy in force: the workspace's, else the prelude's.
    pub fn utm_policy(&self) -> Option<&Decl<UtmPolicy>> {
        self.utm_policies
            .iter()
            .find(|p| p.file != FileId::PRELUDE)
            .or_else(|| self.utm_policies.iter().find(|p| p.file == FileId::PRELUDE))
    }
}
