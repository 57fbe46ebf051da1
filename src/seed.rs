//! The seed playbook's tables as data: the facts of the "Marketing Ops"
//! playbook that mopsc checks against, each table once, typed.
//!
//! The rules (`rules/`), the audit (`audit/`), the router (`route.rs`), the
//! scaffolds (`scaffold.rs`) and the schema's prose (`schema.rs`) read them
//! here, and through the rule registry and the schema table so do the
//! generated pages (`docs/rules.md`, `docs/reference/blocks.md`). A static
//! text that quotes a number of a table (a rule's `why`, an attribute's
//! documentation) is written from the table at compile time ([`written!`]); a
//! message or help text formats it at run time. The tests at the end hold
//! every list of the schema and every such text to these tables.
//!
//! Each table names the section of the seed it comes from. Where mopsc
//! words a row differently from the seed (lower case, a kebab-case key, the
//! language's frequency words), the row holds mopsc's wording and the doc
//! comment says so.

// ------------------------------------------------------------------ texts built at compile time

/// Writes a text at compile time: a `const fn` over a `Writer` writes a
/// static text (a rule's `why`, a schema `doc`) from the seed's tables, and
/// [`written!`] makes it a `&'static str`. A writer of capacity 0 only
/// counts: [`written!`] runs the function twice, once to measure, once to write.
pub struct Writer<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Writer<N> {
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Writer { buf: [0; N], len: 0 }
    }

    const fn byte(&mut self, b: u8) -> &mut Self {
        if N > 0 {
            self.buf[self.len] = b;
        }
        self.len += 1;
        self
    }

    /// A string as it is.
    pub const fn s(&mut self, s: &str) -> &mut Self {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            self.byte(b[i]);
            i += 1;
        }
        self
    }

    /// An integer: `30`, `-50`.
    pub const fn n(&mut self, n: i64) -> &mut Self {
        if n < 0 {
            self.byte(b'-');
        }
        self.digits(n.unsigned_abs())
    }

    /// An integer with its sign: `+10`, `−50` (a typographic minus, U+2212).
    pub const fn signed(&mut self, n: i64) -> &mut Self {
        self.s(if n < 0 { "−" } else { "+" }).digits(n.unsigned_abs())
    }

    const fn digits(&mut self, v: u64) -> &mut Self {
        if v >= 10 {
            self.digits(v / 10);
        }
        self.byte(b'0' + (v % 10) as u8)
    }

    /// `sep` unless `i` is 0: the separator before the `i`-th item of a list.
    pub const fn sep(&mut self, i: usize, sep: &str) -> &mut Self {
        if i > 0 {
            self.s(sep);
        }
        self
    }

    /// The bytes written (or counted) so far.
    pub const fn len(&self) -> usize {
        self.len
    }

    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub const fn into_bytes(self) -> [u8; N] {
        self.buf
    }
}

/// `written!(f, args…)`: the `&'static str` that `const fn f(w: &mut
/// Writer<N>, args…)` writes, made at compile time.
macro_rules! written {
    ($f:path $(, $arg:expr)* $(,)?) => {{
        const LEN: usize = {
            let mut w = $crate::seed::Writer::<0>::new();
            $f(&mut w $(, $arg)*);
            w.len()
        };
        const BYTES: [u8; LEN] = {
            let mut w = $crate::seed::Writer::<LEN>::new();
            $f(&mut w $(, $arg)*);
            w.into_bytes()
        };
        match ::core::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("a seed text is not UTF-8"),
        }
    }};
}
pub(crate) use written;

/// `each!(w, TABLE, ", ", |row| …)`: in a writing `const fn`, write every
/// row of a table, `sep` between rows (`|i, row|` also gives the index).
macro_rules! each {
    ($w:ident, $table:expr, $sep:expr, |$row:ident| $body:expr) => {
        $crate::seed::each!($w, $table, $sep, |_i, $row| $body)
    };
    ($w:ident, $table:expr, $sep:expr, |$i:ident, $row:ident| $body:expr) => {{
        let mut $i = 0;
        while $i < $table.len() {
            let $row = &$table[$i];
            $w.sep($i, $sep);
            $body;
            $i += 1;
        }
    }};
}
pub(crate) use each;

/// One field of every row of a table, as a `&'static [&'static str]`
/// (the schema's enumerations are columns of the seed's tables).
macro_rules! column {
    ($table:expr, $field:ident) => {
        &{
            let mut out = [""; $table.len()];
            let mut i = 0;
            while i < out.len() {
                out[i] = $table[i].$field;
                i += 1;
            }
            out
        }
    };
}

// ------------------------------------------------------------------ MarTech stack

/// The seed's "Integration Priority" of a core stack category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integration {
    Critical,
    High,
    Medium,
    /// "Medium (B2B)".
    MediumB2b,
}

/// A row of the seed's "Core Stack Components" (MarTech Stack Management).
#[derive(Debug, Clone, Copy)]
pub struct CoreCategory {
    /// The `tool` category that stands for it (`schema::TOOL_CATEGORIES`).
    pub category: &'static str,
    /// The seed's name of the category.
    pub label: &'static str,
    pub purpose: &'static str,
    pub priority: Integration,
}

/// The seed's core stack components, in its order. `schema::TOOL_CATEGORIES`
/// starts with these categories and adds `warehouse` and `other`.
pub const CORE_STACK: &[CoreCategory] = &[
    core("crm", "CRM", "Customer data management", Integration::Critical),
    core("marketing-automation", "Marketing Automation", "Email, workflows, scoring", Integration::Critical),
    core("analytics", "Analytics", "Traffic and behavior tracking", Integration::Critical),
    core("email", "Email Platform", "Email sending and deliverability", Integration::Critical),
    core("ads", "Ad Platforms", "Paid advertising", Integration::High),
    core("seo", "SEO Tools", "Keyword research and tracking", Integration::High),
    core("social", "Social Management", "Publishing and scheduling", Integration::Medium),
    core("cms", "Content Management", "Content creation and hosting", Integration::High),
    core("attribution", "Attribution", "Multi-touch attribution", Integration::Medium),
    core("abm", "ABM", "Account-based marketing", Integration::MediumB2b),
];

const fn core(
    category: &'static str,
    label: &'static str,
    purpose: &'static str,
    priority: Integration,
) -> CoreCategory {
    CoreCategory { category, label, purpose, priority }
}

const fn critical_count() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < CORE_STACK.len() {
        if matches!(CORE_STACK[i].priority, Integration::Critical) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The critical categories of the core stack, in the seed's order: a stack
/// needs an active tool of each (STK006, the audit's stack overview).
pub const CORE: &[&str] = &{
    let mut out = [""; critical_count()];
    let (mut i, mut k) = (0, 0);
    while i < CORE_STACK.len() {
        if matches!(CORE_STACK[i].priority, Integration::Critical) {
            out[k] = CORE_STACK[i].category;
            k += 1;
        }
        i += 1;
    }
    out
};

/// A criterion of the seed's "Stack Evaluation Framework" (MarTech Stack
/// Management), scored 1 to 3 in a tool's `score` block.
#[derive(Debug, Clone, Copy)]
pub struct Criterion {
    /// The attribute of `score` that holds it.
    pub attr: &'static str,
    /// How the audit and the rules name it in prose.
    pub label: &'static str,
    /// The seed's question ("the existing stack": the seed says "existing stack").
    pub question: &'static str,
    /// The weight in percent.
    pub weight: i64,
}

/// The five criteria in the seed's order; the weights sum to 100.
pub const EVALUATION: [Criterion; 5] = [
    Criterion { attr: "problem", label: "problem", question: "Does it solve a validated problem?", weight: 30 },
    Criterion {
        attr: "integration",
        label: "integration",
        question: "Does it integrate with the existing stack?",
        weight: 25,
    },
    Criterion { attr: "cost", label: "cost", question: "Total cost of ownership", weight: 20 },
    Criterion { attr: "time-to-value", label: "time to value", question: "Time to value", weight: 15 },
    Criterion { attr: "capability", label: "capability", question: "Team capability to use it", weight: 10 },
];

/// The lowest and highest score of a criterion (the seed's "(1)" to "(3)").
pub const EVALUATION_SCALE: (i64, i64) = (1, 3);

/// `30% problem + 25% integration + …`: the weighted score in words.
pub fn weighted_formula() -> String {
    EVALUATION.iter().map(|c| format!("{}% {}", c.weight, c.label)).collect::<Vec<_>>().join(" + ")
}

/// The seed's "Stack Audit Checklist" (MarTech Stack Management) in its
/// wording, with the audit's stable keys.
pub const STACK_CHECKLIST: [ChecklistItem; 7] = [
    item("owner", "Every tool has a clear owner responsible for it"),
    item("crm-connected", "Every tool connects to CRM or central data warehouse"),
    item("no-overlap", "No overlapping tools doing the same job"),
    item("contract-review", "All contracts reviewed annually for cost optimization"),
    item("data-flows", "Data flows documented between tools"),
    item("integration-health", "Integration health monitored (failures flagged within 24 hours)"),
    item("adoption", "Tool adoption measured (tools nobody uses should be cut)"),
];

/// An item of one of the seed's checklists.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistItem {
    /// The stable key of the item in the audit's JSON.
    pub id: &'static str,
    /// The seed's wording.
    pub text: &'static str,
}

const fn item(id: &'static str, text: &'static str) -> ChecklistItem {
    ChecklistItem { id, text }
}

// ------------------------------------------------------------------ automation

/// A row of the seed's "Automation Priority by Impact" (Marketing
/// Automation Framework).
#[derive(Debug, Clone, Copy)]
pub struct Automation {
    /// The `automation` kind (`schema::AUTOMATION_KINDS`).
    pub kind: &'static str,
    /// The seed's name of the automation.
    pub label: &'static str,
    pub impact: &'static str,
    pub complexity: &'static str,
    /// The seed's "Build First": 0 = yes, 1 = second priority, 2 = third
    /// priority, 3 = later ([`PRIORITY_NAMES`]).
    pub priority: usize,
}

/// The automations in the seed's order (the order of `schema::AUTOMATION_KINDS`).
pub const AUTOMATIONS: &[Automation] = &[
    auto("welcome-sequence", "Welcome/onboarding email sequence", "High", "Low", 0),
    auto("lead-scoring", "Lead scoring", "High", "Medium", 0),
    auto("trial-follow-up", "Abandoned cart/trial follow-up", "High", "Low", 0),
    auto("event-triggered-email", "Event-triggered emails (usage milestones)", "High", "Medium", 1),
    auto("lead-routing", "Lead routing to sales", "High", "Low", 0),
    auto("social-scheduling", "Social media scheduling", "Medium", "Low", 1),
    auto("reporting-dashboard", "Reporting dashboards", "Medium", "Medium", 1),
    auto("content-personalization", "Content personalization", "Medium", "High", 2),
    auto("predictive-lead-scoring", "Predictive lead scoring", "Medium", "High", 2),
    auto("dynamic-content", "Dynamic content insertion", "Low-Medium", "High", 3),
];

const fn auto(
    kind: &'static str,
    label: &'static str,
    impact: &'static str,
    complexity: &'static str,
    priority: usize,
) -> Automation {
    Automation { kind, label, impact, complexity, priority }
}

/// The names of the priorities, as the audit shows them.
pub const PRIORITY_NAMES: [&str; 4] = ["build first", "second", "third", "later"];

/// The automation kinds, in the seed's order.
pub const AUTOMATION_KINDS: &[&str] = column!(AUTOMATIONS, kind);

const fn build_first_count() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < AUTOMATIONS.len() {
        if AUTOMATIONS[i].priority == 0 {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The build-first automations, in the seed's order (AUT001, AUT002).
pub const BUILD_FIRST: &[&str] = &{
    let mut out = [""; build_first_count()];
    let (mut i, mut k) = (0, 0);
    while i < AUTOMATIONS.len() {
        if AUTOMATIONS[i].priority == 0 {
            out[k] = AUTOMATIONS[i].kind;
            k += 1;
        }
        i += 1;
    }
    out
};

/// The priority of an automation kind (0 = build first .. 3 = later).
pub fn priority(kind: &str) -> Option<usize> {
    AUTOMATIONS.iter().find(|a| a.kind == kind).map(|a| a.priority)
}

/// The automations in build order (build first, then second, third, later;
/// the seed's order within a priority), as the audit lists them.
pub fn automations_in_build_order() -> Vec<&'static Automation> {
    let mut v: Vec<&Automation> = AUTOMATIONS.iter().collect();
    v.sort_by_key(|a| a.priority);
    v
}

// ------------------------------------------------------------------ lead scoring

/// A row of the seed's "Lead Scoring Model" (Marketing Automation Framework).
#[derive(Debug, Clone, Copy)]
pub struct SignalRange {
    /// The `signal` kind (`schema::SIGNAL_KINDS`).
    pub kind: &'static str,
    /// How the rules name it in prose.
    pub label: &'static str,
    /// The seed's score range, inclusive.
    pub low: i64,
    pub high: i64,
}

/// The point range of each signal kind, in the seed's order.
pub const SIGNALS: [SignalRange; 5] = [
    SignalRange { kind: "demographic", label: "demographic fit", low: 10, high: 25 },
    SignalRange { kind: "high-intent", label: "high intent", low: 15, high: 25 },
    SignalRange { kind: "engagement", label: "engagement", low: 5, high: 15 },
    SignalRange { kind: "product", label: "product usage", low: 20, high: 30 },
    SignalRange { kind: "negative", label: "negative", low: -50, high: -10 },
];

/// The signal kinds, in the seed's order.
pub const SIGNAL_KINDS: &[&str] = column!(SIGNALS, kind);

/// The seed's point range of a signal kind.
pub fn points_range(kind: &str) -> Option<(i64, i64)> {
    SIGNALS.iter().find(|s| s.kind == kind).map(|s| (s.low, s.high))
}

/// One of the seed's "Lead score thresholds" (Marketing Automation Framework).
#[derive(Debug, Clone, Copy)]
pub struct Tier {
    /// The attribute of `tiers` that holds it.
    pub name: &'static str,
    pub low: i64,
    /// `None`: open-ended ("76+").
    pub high: Option<i64>,
    /// How the rules name it in prose ("MQL").
    pub label: &'static str,
}

/// The standard tiers, in rising order.
pub const TIERS: [Tier; 4] = [
    Tier { name: "nurture", low: 0, high: Some(25), label: "nurture" },
    Tier { name: "mql", low: 26, high: Some(50), label: "MQL" },
    Tier { name: "sql", low: 51, high: Some(75), label: "SQL" },
    Tier { name: "hot", low: 76, high: None, label: "hot" },
];

/// The tier names, in rising order.
pub const TIER_NAMES: [&str; 4] = [TIERS[0].name, TIERS[1].name, TIERS[2].name, TIERS[3].name];

impl Tier {
    /// The tier as a `.mops` range: `0..25`, `76..`.
    pub fn range(&self) -> String {
        match self.high {
            Some(h) => format!("{}..{h}", self.low),
            None => format!("{}..", self.low),
        }
    }
}

// ------------------------------------------------------------------ email sequences

/// A row of the seed's "Email Automation Sequences" (Marketing Automation
/// Framework).
#[derive(Debug, Clone, Copy)]
pub struct SequenceStandard {
    /// The `sequence` kind (`schema::SEQUENCE_KINDS`).
    pub kind: &'static str,
    pub trigger: &'static str,
    /// The seed's number of emails, fewest and most ("5-7").
    pub fewest: usize,
    pub most: usize,
    /// The seed's duration in days.
    pub days: i64,
}

/// The sequence standards, in the seed's order.
pub const SEQUENCES: [SequenceStandard; 7] = [
    seq("welcome", "New signup", 5, 7, 14),
    seq("onboarding", "Started trial", 4, 6, 14),
    seq("re-engagement", "Inactive 30 days", 3, 4, 21),
    seq("win-back", "Churned", 3, 5, 30),
    seq("nurture", "Downloaded content", 5, 7, 45),
    seq("upsell", "Reached plan limit", 2, 3, 7),
    seq("referral", "90 days active + high NPS", 2, 2, 7),
];

const fn seq(kind: &'static str, trigger: &'static str, fewest: usize, most: usize, days: i64) -> SequenceStandard {
    SequenceStandard { kind, trigger, fewest, most, days }
}

/// The sequence kinds, in the seed's order.
pub const SEQUENCE_KINDS: &[&str] = column!(SEQUENCES, kind);

/// The seed's standard for a sequence kind.
pub fn sequence(kind: &str) -> Option<&'static SequenceStandard> {
    SEQUENCES.iter().find(|s| s.kind == kind)
}

// ------------------------------------------------------------------ data hygiene

/// A row of the seed's "Data Hygiene Schedule" (Data Management).
#[derive(Debug, Clone, Copy)]
pub struct HygieneTask {
    /// The `task` kind (`schema::TASK_KINDS`).
    pub kind: &'static str,
    /// The seed's task.
    pub task: &'static str,
    /// The seed's frequency in the language's words ([`FREQUENCIES`]):
    /// "before every campaign" is `before-campaign`, "continuous
    /// (automated)" is `continuous`.
    pub every: &'static str,
    pub owner: &'static str,
}

/// The seed's seven hygiene tasks, in its order.
pub const HYGIENE: [HygieneTask; 7] = [
    task("dedupe-crm", "Deduplicate CRM records", "monthly", "Marketing Ops"),
    task("verify-emails", "Verify email addresses", "before-campaign", "Marketing Ops"),
    task("update-firmographics", "Update firmographic data", "quarterly", "Marketing Ops"),
    task("clean-inactive", "Clean inactive contacts", "quarterly", "Marketing Ops"),
    task("audit-utms", "Audit UTM parameter consistency", "monthly", "Marketing Ops"),
    task("review-scoring", "Review lead scoring accuracy", "quarterly", "Marketing + Sales"),
    task("sync-crm", "Sync CRM with marketing automation", "continuous", "System"),
];

const fn task(kind: &'static str, task: &'static str, every: &'static str, owner: &'static str) -> HygieneTask {
    HygieneTask { kind, task, every, owner }
}

/// The hygiene task kinds, in the seed's order.
pub const TASK_KINDS: &[&str] = column!(HYGIENE, kind);

/// The frequencies a task may run at: the periodic ones from most to least
/// often, with `before-campaign` (the seed's "before every campaign") in
/// second place. `weekly` and `yearly` are mopsc's, beside the seed's.
pub const FREQUENCIES: &[&str] = &["continuous", BEFORE_CAMPAIGN, "weekly", "monthly", "quarterly", "yearly"];

/// The one frequency that is not a period.
pub const BEFORE_CAMPAIGN: &str = "before-campaign";

/// The seed's frequency of a task kind.
pub fn hygiene_every(kind: &str) -> Option<&'static str> {
    HYGIENE.iter().find(|t| t.kind == kind).map(|t| t.every)
}

// ------------------------------------------------------------------ marketing audit

/// A row of the seed's "Full Marketing Audit Structure" (Marketing Audit).
#[derive(Debug, Clone, Copy)]
pub struct AuditArea {
    /// The attribute of `audit` that scores it (`schema::AUDIT_AREAS`).
    pub key: &'static str,
    /// The seed's name of the area (its table leaves the email row's empty: `Email`).
    pub label: &'static str,
    /// The seed's "What to Assess".
    pub assess: &'static str,
    /// The seed's "Key Questions".
    pub question: &'static str,
}

/// The eight areas, in the seed's order.
pub const AREAS: [AuditArea; 8] = [
    area(
        "strategy",
        "Strategy",
        "Positioning, ICP, messaging",
        "Is our positioning differentiated? Do we know our ICP?",
    ),
    area("content", "Content", "Quality, quantity, performance", "Is content driving traffic and conversions?"),
    area("seo", "SEO", "Rankings, technical health, content gaps", "Are we visible for target keywords?"),
    area("paid", "Paid", "ROAS, CPA, channel mix", "Are paid campaigns profitable?"),
    area("email", "Email", "List health, engagement, automation", "Are sequences driving conversions?"),
    area("social", "Social", "Reach, engagement, brand consistency", "Are we building audience and trust?"),
    area("martech", "MarTech", "Stack utilization, integration health", "Are our tools connected and used?"),
    area("data", "Data", "Quality, attribution, reporting", "Can we trust our data and attribution?"),
];

const fn area(key: &'static str, label: &'static str, assess: &'static str, question: &'static str) -> AuditArea {
    AuditArea { key, label, assess, question }
}

/// The audit areas' keys, in the seed's order.
pub const AUDIT_AREAS: &[&str] = column!(AREAS, key);

/// A row of the seed's "Audit Scoring" (Marketing Audit), in lower case.
#[derive(Debug, Clone, Copy)]
pub struct AuditScore {
    pub score: i64,
    pub status: &'static str,
    pub action: &'static str,
}

/// The seed's status and action for each score from 1 to 5.
pub const AUDIT_SCORES: [AuditScore; 5] = [
    AuditScore { score: 1, status: "not present", action: "build from scratch" },
    AuditScore { score: 2, status: "basic but underperforming", action: "significant improvement needed" },
    AuditScore { score: 3, status: "functional", action: "optimize and iterate" },
    AuditScore { score: 4, status: "strong", action: "maintain and scale" },
    AuditScore { score: 5, status: "best-in-class", action: "protect and document" },
];

/// The lowest and highest audit score ("For each area, score 1-5").
pub const AUDIT_SCALE: (i64, i64) = (AUDIT_SCORES[0].score, AUDIT_SCORES[AUDIT_SCORES.len() - 1].score);

/// The seed's status and action for an audit score (a score off the
/// scale, which E003 reports, gets the top row).
pub fn audit_status(score: i64) -> (&'static str, &'static str) {
    let row = AUDIT_SCORES.iter().find(|r| r.score == score).unwrap_or(&AUDIT_SCORES[AUDIT_SCORES.len() - 1]);
    (row.status, row.action)
}

// ------------------------------------------------------------------ attribution

/// A row of the seed's "Attribution Models" (Attribution Framework): the
/// model and how it credits touches (its "Best For" and "Limitation"
/// columns are not kept: nothing reads them).
#[derive(Debug, Clone, Copy)]
pub struct AttributionModel {
    /// The `attribution` model (`schema::ATTRIBUTION_MODELS`; "Position-based
    /// (U-shaped)" is `position-based`).
    pub model: &'static str,
    /// The seed's "How It Works".
    pub how: &'static str,
}

/// The six models, in the seed's order.
pub const ATTRIBUTION_MODELS: [AttributionModel; 6] = [
    AttributionModel { model: "first-touch", how: "100% credit to first interaction" },
    AttributionModel { model: "last-touch", how: "100% credit to final interaction" },
    AttributionModel { model: "linear", how: "Equal credit to all touchpoints" },
    AttributionModel { model: "time-decay", how: "More credit to recent touchpoints" },
    AttributionModel { model: "position-based", how: "40% first, 40% last, 20% middle" },
    AttributionModel { model: "data-driven", how: "ML-based weighting" },
];

/// The attribution models, in the seed's order.
pub const ATTRIBUTION_MODEL_NAMES: &[&str] = column!(ATTRIBUTION_MODELS, model);

/// The position-based model's split in percent, when a model sets none of
/// `first`, `last` and `middle` (the seed's "40% first, 40% last, 20% middle").
#[derive(Debug, Clone, Copy)]
pub struct PositionSplit {
    pub first: i64,
    pub last: i64,
    pub middle: i64,
}

pub const POSITION_BASED: PositionSplit = PositionSplit { first: 40, last: 40, middle: 20 };

/// The seed's "Attribution Implementation Checklist" (Attribution
/// Framework) in its wording, with the audit's stable keys.
pub const ATTRIBUTION_CHECKLIST: [ChecklistItem; 7] = [
    item("utm-standard", "UTM parameters standardized and enforced"),
    item("channels-tagged", "All marketing channels tagged consistently"),
    item("crm-source-capture", "CRM captures source/medium/campaign for every lead"),
    item("conversion-events", "Conversion events defined and tracked"),
    item("model-documented", "Attribution model selected and documented"),
    item("reporting-cadence", "Reporting cadence established (weekly + monthly)"),
    item("channel-roi", "Channel ROI calculated and compared monthly"),
];

// ------------------------------------------------------------------ skills

/// What mopsc knows of a prelude skill beyond its block: the router's notes
/// and the scaffold's default step.
#[derive(Debug, Clone, Copy)]
pub struct SkillFacts {
    /// The prelude skill's name.
    pub skill: &'static str,
    /// The step name `mopsc new campaign` gives it.
    pub step: &'static str,
    /// The step's default duration in days in a new campaign's skeleton.
    pub days: i64,
    /// The router's notes on the skill, `;`-separated: the one-line
    /// descriptions of the seed's "Campaign Orchestration" sequences and the
    /// vocabulary practitioners use for the task. They join the skill's
    /// document when the model has a skill of that name. `None` for
    /// marketing ops, whose areas have their own ([`OPS_AREA_HINTS`]).
    pub hints: Option<&'static str>,
}

/// One entry per skill of the prelude (`tests` holds the two equal).
pub const SKILLS: &[SkillFacts] = &[
    SkillFacts {
        skill: "marketing-context",
        step: "context-check",
        days: 2,
        hints: Some(
            "verify foundation exists; define brand foundation; verify icp and messaging; ideal customer profile; \
         target audience; buyer persona; positioning; competitors; who we serve; what problem we solve; who we sell to; \
         brand positioning; positioning statement; messaging framework; value prop for our segment; who buys from us; customer segments; market segment; jobs to be done; pain points; our differentiation; competitive landscape; competitor analysis; elevator pitch; one-liner; category; early adopters; customer research; audience research; firmographics of our best customers",
        ),
    },
    SkillFacts {
        skill: "content-strategy",
        step: "content-plan",
        days: 5,
        hints: Some(
            "plan launch content; plan topics and calendar; plan thought leadership content; editorial calendar; \
         blog topics; content pillars; topic clusters; content plan; what to publish; what to blog about; \
         content roadmap; topic roadmap; content calendar; publishing schedule; themes for the quarter; subjects to cover; content gaps; content mix; content for each funnel stage; buyer journey content; content audit of topics; keyword themes for the blog; newsletter topics; webinar topics; podcast topics; resource center plan",
        ),
    },
    SkillFacts {
        skill: "copywriting",
        step: "copy",
        days: 4,
        hints: Some(
            "write landing page and email copy; rewrite underperforming sections; website copy; homepage copy; \
         pricing page copy; about page; tagline; value proposition; hero section; subheadline; product page copy; \
         announcement email; sales page copy; fresh copy; \
         write copy; web copy; website words; page text; hero headline; call to action; cta text; product description; feature descriptions; benefit statements; microcopy; button text; about us page; launch announcement; email copy; persuasive copy; conversion copy; rewrite the page; words for the page; copy for the site",
        ),
    },
    SkillFacts {
        skill: "copy-editing",
        step: "copy-audit",
        days: 3,
        hints: Some(
            "audit existing page copy; review copy; proofreading; typos; grammar; tighten; wordy; clarity; \
         readability; line edit; feedback on a draft; reads better; correct the english; correct mistakes; \
         edit; editing; proofread; spelling; punctuation; style errors; check my english; critique the copy; feedback on copy; flag weak spots; tighten the text; shorten it; clearer; consistency edit; copy review; review wording; improve wording; clunky sentences; non native english",
        ),
    },
    SkillFacts {
        skill: "social-content",
        step: "social",
        days: 21,
        hints: Some(
            "create organic social posts; build social presence; distribute across platforms; twitter thread; \
         instagram; facebook post; tiktok; carousel; captions; social calendar; repurpose for social channels; \
         linkedin updates; what to post; \
         social media; social posts; posts for linkedin; posts for x; twitter; threads; instagram reels; tiktok videos; youtube shorts; community engagement; followers; hashtags; social captions; content for our social accounts; post schedule; organic social; launch day posts; employee advocacy posts",
        ),
    },
    SkillFacts {
        skill: "content-production",
        step: "production",
        days: 14,
        hints: Some(
            "research, write, optimize each piece; create pillar content; long-form article; in-depth guide; \
         whitepaper; finished blog posts; full draft from an outline; ready to publish; start to finish; \
         write the article; write a guide; write an ebook; produce the content; content writer; seo article; blog article from a brief; research and write; long read; pillar page content; case study writing; publishable draft; turn outline into draft; write posts at scale",
        ),
    },
    SkillFacts {
        skill: "content-humanizer",
        step: "voice-pass",
        days: 3,
        hints: Some(
            "polish for natural voice; sounds like a robot; machine generated; ai written text; ai generated; \
         chatgpt wrote it; sounds natural; conversational; human tone; remove ai tells; stiff; reads like a bot; \
         humanize; sounds ai; ai sounding; robotic tone; generic phrasing; cliches; fluff; buzzwords; sound more human; make it less ai; de-ai; rewrite in a human voice; personality; warmer tone; less corporate; sounds fake",
        ),
    },
    SkillFacts {
        skill: "marketing-ideas",
        step: "ideas",
        days: 2,
        hints: Some(
            "growth ideas; marketing tactics; channels to try; get customers; get the word out; go to market; \
         acquisition; grow; traction; stuck; unconventional ideas; creative marketing; \
         ideas; growth strategy; grow the business; first customers; first users; bootstrap marketing; zero budget; low budget marketing; guerrilla marketing; stunts; word of mouth; referrals program ideas; partnerships; community building; events; pr ideas; plg; product led growth; sales led; go to market strategy; gtm; launch plan ideas; get noticed; get in front of people; awareness ideas; growth plan; expand to new market",
        ),
    },
    SkillFacts {
        skill: "seo-specialist",
        step: "seo-audit",
        days: 5,
        hints: Some(
            "google rankings; organic search; organic traffic; keyword research; crawl errors; indexing; sitemaps; \
         page speed; meta titles; meta descriptions; backlinks; internal linking; broken links; rank higher; \
         seo; search engine optimization; google search console; serp; keywords; keyword rankings; search visibility; site audit; core web vitals; schema markup; structured data; canonical; redirects; 404; duplicate content; site structure; link building; domain authority; local seo; google business profile",
        ),
    },
    SkillFacts {
        skill: "ai-seo",
        step: "ai-search-pass",
        days: 3,
        hints: Some(
            "optimize for ai search citation; llm; generative engine optimization; ai overviews; ai assistants; \
         claude; gemini; copilot; cited in answers; recommended by ai; answer engines; \
         chatgpt; perplexity; ai answers; mentioned by ai; llm visibility; ai engines; ai chatbots; show up in ai; ai search results; generative search; answer engine optimization; aeo; ai citations; brand mentions in ai; when people ask ai",
        ),
    },
    SkillFacts {
        skill: "landing-page-generator",
        step: "landing-page",
        days: 5,
        hints: Some(
            "build conversion pages; redesign conversion pages; signup page; squeeze page; registration page; \
         waitlist page; demo request page; form and sections; high-converting page; page for the offer; \
         build a page; create a page; new page; page layout; page structure; page sections; wireframe; landing page design; trial page; pricing page design; webinar registration page; ebook page; promo page; offer page; form fields; above the fold; page that converts; conversion optimization of a page; cro of the page",
        ),
    },
    SkillFacts {
        skill: "brand-guidelines",
        step: "brand-guide",
        days: 10,
        hints: Some(
            "establish visual and verbal standards; brand book; tone of voice; logo usage; colors; fonts; \
         typography; visual identity; consistent brand; words to use and avoid; how our brand sounds; \
         brand guide; brand identity; logo; logo versions; color palette; colours; brand colors; fonts and typefaces; imagery style; iconography; voice and tone; writing style guide; brand rules; brand consistency; brand assets; design system for marketing; allowed usage",
        ),
    },
    SkillFacts {
        skill: "paid-ads",
        step: "ads",
        days: 28,
        hints: Some(
            "set up campaign targeting and budget; launch campaigns; ppc; cpc; cost per acquisition; cpa; roas; \
         bidding; bid; audiences; retargeting campaign; facebook ads; linkedin ads; ad spend; paid search account; \
         paid media; paid social; paid search; sem; google ads account; meta ads manager; linkedin campaign manager; ad budget; budget allocation; targeting; audiences; lookalike audiences; retargeting; remarketing; conversion tracking pixel; cost per click; cost per lead; campaign structure; ad groups; bid strategy; scale spend; ad account",
        ),
    },
    SkillFacts {
        skill: "ad-creative",
        step: "ad-copy",
        days: 3,
        hints: Some(
            "create ad copy for paid promotion; generate ad variations; ad text; responsive search ads; creative; \
         ad fatigue; display ad copy; sponsored post copy; ad variants to test; \
         ad creative; ad copy variants; ad headline; ad descriptions; primary text; image ad copy; video ad script; carousel ad; ad hooks; ad angles; creative testing; refresh creatives; headline for our ad; banner ad text",
        ),
    },
    SkillFacts {
        skill: "cold-email",
        step: "outreach",
        days: 14,
        hints: Some(
            "targeted outreach to prospects; parallel outbound effort; outbound sequence; follow-up email; \
         reply rate; target accounts; book demos; first email to prospects; reach out to prospects by email; \
         cold outreach; outbound; prospecting; sdr emails; intro email; first touch email to prospects; outbound cadence; sales sequence to prospects; reply rates; personalization at scale; email to decision makers; people who don't know us; lead list outreach; scraped list; cold sequence; follow ups to prospects",
        ),
    },
    SkillFacts {
        skill: "marketing-psychology",
        step: "levers",
        days: 2,
        hints: Some(
            "identify behavioral levers; cognitive biases; social proof; scarcity; urgency; anchoring; loss aversion; \
         motivation; buying decisions; abandonment; which biases to use; behavioral biases; \
         psychology; persuasion; behavioral science; cognitive bias; decoy effect; anchoring; pricing psychology; social proof; scarcity; urgency; fomo; reciprocity; authority; trust; credibility; loss aversion; motivation; objections; friction; hesitation; why customers; what makes people; in their heads; emotional triggers; nudges; commitment; choice overload",
        ),
    },
    SkillFacts {
        skill: "campaign-analytics",
        step: "measure",
        days: 3,
        hints: Some(
            "measure results; track performance; measure reach and engagement; set up a/b tests and track results; \
         dashboard; metrics; kpi; roi; conversion rate; attribution; analyze; which channel drove; \
         how many came from; which campaign performed best; results by channel; funnel; cohort; activation rate; \
         analytics; reporting; marketing report; board report; dashboard; kpis; metrics; cac; ltv; cost per acquisition; spend by channel; leads by channel; pipeline by source; conversion rates; benchmarks; benchmark; funnel analysis; drop off numbers; cohort analysis; retention numbers; experiment results; a/b test results; statistical significance; ga4 reports; measure impact; numbers; data analysis",
        ),
    },
    SkillFacts {
        skill: "marketing-ops",
        step: "ops-setup",
        days: 3,
        hints: None,
    },
];

/// The facts of a prelude skill.
pub fn skill(name: &str) -> Option<&'static SkillFacts> {
    SKILLS.iter().find(|s| s.skill == name)
}

/// The router's notes on marketing ops's own areas, by route name (the prelude's ops-area
/// routes): the words marketers use for each area beside the route's `says`.
/// They join the ops skill's document and choose the area within it.
pub const OPS_AREA_HINTS: &[(&str, &str)] = &[
    (
        "email-sequences",
        "nurture track; nurture flow; follow-up emails for people who signed up; automated follow-ups; \
         drip campaign; email flow; lifecycle flow; onboarding flow; trial emails; activation emails; \
         re-engage inactive users; win back churned; emails after download; emails after webinar; \
         triggered emails; behavioral emails; email cadence for subscribers; marketing automation emails",
    ),
    (
        "automation-priorities",
        "automate; automation; manual work; manual tasks; what to automate first; impact vs effort; \
         automation backlog; workflows; zapier; save time; repetitive tasks; prioritise automations; \
         which automations; dynamic content; social scheduling; abandoned cart automation",
    ),
    (
        "lead-scoring",
        "scoring; score; points; fit and intent; qualification criteria; qualified leads; mqls; sqls; \
         sales ready; ready to buy; buying signals; intent signals; lead quality; lead grade; \
         demographic and behavioral scoring; score decay; threshold for sales; lead tiers",
    ),
    (
        "lead-routing",
        "routing; assignment rules; round robin; territory; account owner; account manager; sdr assignment; \
         speed to lead; response time; sla; queue; get leads to reps faster; hand over to sales; \
         lead distribution; who follows up; owner assignment",
    ),
    (
        "utm-standards",
        "utm tagging; campaign tags; source and medium; tracking parameters; link tagging; naming rules; \
         inconsistent sources; lowercase; messy campaign names; ga4 sources; analytics sources split; \
         tagged urls; url builder; consistent tracking",
    ),
    (
        "attribution",
        "credit; split the credit; which touch gets credit; attribution models; u-shaped; w-shaped; \
         data-driven attribution; markov; shapley; multi touch attribution; first and last click; \
         last click; first click; influence of channels on deals; sales cycle attribution",
    ),
    (
        "martech-stack",
        "tools; software; platforms; vendors; switch tools; migrate from; replace; evaluate platforms; \
         compare vendors; tool selection; integrations; crm; marketing automation platform; \
         email platform; mailchimp; customer.io; 6sense; demandbase; abm platform; licenses; renewals; \
         overlapping tools; tool sprawl; stack audit",
    ),
    (
        "data-hygiene",
        "duplicate records; duplicate contacts; merge duplicates; missing fields; incomplete records; \
         enrichment; data enrichment; bounce rate; bounced emails; invalid emails; list cleaning; \
         stale contacts; outdated records; data decay; normalize fields; standardize values; \
         crm cleanup; database cleanup; bad data",
    ),
    (
        "marketing-audit",
        "audit; health check; assessment; review of our marketing; how are we doing overall; \
         maturity; scorecard; gaps across marketing; whole marketing function; every channel; \
         strengths and weaknesses; quarterly review of marketing",
    ),
];

/// Cue words that separate the skills of a "not this" pair of the seed's
/// "Skill Routing Matrix". A pair applies only when the model's routes name
/// it (`to = skill, not = over` or the reverse).
#[derive(Debug, Clone, Copy)]
pub struct Cue {
    /// The skill the words favour.
    pub skill: &'static str,
    /// Its confusable skill.
    pub over: &'static str,
    /// Space-separated words (a `-` joins the words of one cue, a `+` words
    /// that must all occur).
    pub words: &'static str,
}

const fn cue(skill: &'static str, over: &'static str, words: &'static str) -> Cue {
    Cue { skill, over, words }
}

/// The cue words of each confusable pair.
pub const CUES: &[Cue] = &[
    cue("copy-editing", "copywriting", "edit proofread polish typo grammar tighten review existing fix"),
    cue("copywriting", "copy-editing", "new scratch fresh"),
    cue("paid-ads", "ad-creative", "strategy targeting target budget campaign spend bid audience cpa roas"),
    cue("ad-creative", "paid-ads", "copy headline variation variant text creative"),
    cue("ai-seo", "seo-specialist", "chatgpt perplexity ai geo llm generative cited answer"),
    cue("seo-specialist", "ai-seo", "technical on-page audit ranking rank crawl index organic"),
    cue("content-strategy", "content-production", "plan idea calendar topic what+write what+publish"),
    cue("content-production", "content-strategy", "end-to-end produce pipeline full finished complete research"),
    cue(
        "marketing-ops",
        "cold-email",
        "nurture drip welcome onboarding trigger signup automated lifecycle win-back re-engagement upsell referral",
    ),
    cue("cold-email", "marketing-ops", "cold prospect prospects outbound outreach list"),
    cue("marketing-ops", "cold-email", "assign inbound owner owners route routing"),
    cue("marketing-ideas", "marketing-ops", "idea ideas strategy budget grow customers users"),
    cue("marketing-ops", "marketing-ideas", "stack crm martech integrate integration renewal"),
    cue(
        "campaign-analytics",
        "marketing-psychology",
        "which how+many where rate measure track report drove number numbers compare ab perform roi roas",
    ),
    cue("marketing-psychology", "campaign-analytics", "why hesitate stop stops motivate fear trust bias feel"),
    cue("campaign-analytics", "landing-page-generator", "ab test measure track performance results rate which"),
    cue("landing-page-generator", "campaign-analytics", "build create design new"),
    cue(
        "marketing-ops",
        "campaign-analytics",
        "attribution credit touch touchpoint model utm tag tags score scoring lead leads",
    ),
    cue("campaign-analytics", "marketing-ops", "report dashboard results performance which+channel roi"),
    cue("marketing-ops", "seo-specialist", "marketing area areas every whole overall"),
    cue("seo-specialist", "marketing-ops", "seo search rank ranking crawl technical"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Ty, TypeRule};

    fn why(code: &str) -> &'static str {
        crate::rules::rule(code).expect("rule").why
    }

    fn summary(code: &str) -> &'static str {
        crate::rules::rule(code).expect("rule").summary
    }

    fn enum_of(kind: &str) -> &'static [&'static str] {
        match schema::kind(kind).expect("kind").ty {
            TypeRule::Enum(v) => v,
            other => panic!("{kind}: {other:?}"),
        }
    }

    fn attrs_of(kind: &str) -> Vec<&'static str> {
        schema::kind(kind).expect("kind").attrs.iter().map(|a| a.name).collect()
    }

    const fn numbers<const N: usize>(w: &mut Writer<N>, last: i64) {
        w.n(-5).s(" ").n(0).s(" ").signed(3).s(" ").signed(-50).s(" ").n(last);
    }

    const fn nothing<const N: usize>(_: &mut Writer<N>) {}

    #[test]
    fn texts_write_numbers_with_their_signs() {
        assert_eq!(written!(numbers, 1234567), "-5 0 +3 −50 1234567");
        assert_eq!(written!(nothing), "");
    }

    #[test]
    fn the_schema_enumerates_the_seed_tables() {
        assert_eq!(enum_of("automation"), AUTOMATION_KINDS);
        assert_eq!(enum_of("sequence"), SEQUENCE_KINDS);
        assert_eq!(enum_of("signal"), SIGNAL_KINDS);
        assert_eq!(enum_of("task"), TASK_KINDS);
        let every = schema::kind("task").and_then(|k| k.attr("every")).expect("every");
        assert!(matches!(every.ty, Ty::Enum(v) if v == FREQUENCIES));
        for t in &HYGIENE {
            assert!(FREQUENCIES.contains(&t.every), "{}: {}", t.kind, t.every);
        }
        assert_eq!(&attrs_of("audit")[1..], AUDIT_AREAS);
        assert_eq!(attrs_of("notes"), AUDIT_AREAS);
        assert_eq!(attrs_of("tiers"), TIER_NAMES);
        let criteria: Vec<&str> = EVALUATION.iter().map(|c| c.attr).collect();
        assert_eq!(attrs_of("score"), criteria);
        for a in schema::kind("score").expect("score").attrs {
            assert!(matches!(a.ty, Ty::IntIn(lo, hi) if (lo, hi) == EVALUATION_SCALE), "{}", a.name);
        }
        for area in AUDIT_AREAS {
            let a = schema::kind("audit").and_then(|k| k.attr(area)).expect("area");
            assert!(matches!(a.ty, Ty::IntIn(lo, hi) if (lo, hi) == AUDIT_SCALE), "{area}");
        }
        // The core stack's categories come first, in the seed's order; mopsc adds warehouse and other.
        let seed: Vec<&str> = CORE_STACK.iter().map(|c| c.category).collect();
        assert_eq!(&schema::TOOL_CATEGORIES[..seed.len()], seed);
        assert_eq!(&schema::TOOL_CATEGORIES[seed.len()..], ["warehouse", "other"]);
    }

    #[test]
    fn the_weights_sum_to_100_and_the_score_reads_the_criteria_in_order() {
        assert_eq!(EVALUATION.iter().map(|c| c.weight).sum::<i64>(), 100);
        let text = "tool t: crm {\n  owner = \"x\"\n  score { problem = 3 integration = 1 cost = 2 time-to-value = 1 capability = 3 }\n}\n";
        let options = crate::check::Options::new(crate::literal::date("2026-11-24").expect("date"));
        let report = crate::check::check_source("x.mops", text, &options);
        let tool = crate::rules::user(&report.analyses[0].model.tools).next().expect("tool");
        let score = tool.data.score.as_ref().expect("score");
        assert_eq!(score.criteria(), [3, 1, 2, 1, 3]);
        assert_eq!(score.weighted_x100(), 30 * 3 + 25 + 20 * 2 + 15 + 10 * 3);
        assert_eq!(weighted_formula(), "30% problem + 25% integration + 20% cost + 15% time to value + 10% capability");
    }

    #[test]
    fn priorities_and_the_core_are_derived_from_their_tables() {
        let first: Vec<&str> = AUTOMATIONS.iter().filter(|a| a.priority == 0).map(|a| a.kind).collect();
        assert_eq!(BUILD_FIRST, first);
        assert!(AUTOMATIONS.iter().all(|a| a.priority < PRIORITY_NAMES.len()));
        let order: Vec<usize> = automations_in_build_order().iter().map(|a| a.priority).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(priority("lead-routing"), Some(0));
        assert_eq!(priority("dynamic-content"), Some(3));
        assert_eq!(priority("nope"), None);
        let critical: Vec<&str> =
            CORE_STACK.iter().filter(|c| c.priority == Integration::Critical).map(|c| c.category).collect();
        assert_eq!(CORE, critical);
        for cat in CORE {
            let (_, doc) = crate::reference::TOOL_CATEGORY_DOCS.iter().find(|(c, _)| c == cat).expect("documented");
            assert!(doc.contains("STK006"), "{cat}: {doc}");
        }
    }

    #[test]
    fn the_scales_run_one_by_one() {
        let scores: Vec<i64> = AUDIT_SCORES.iter().map(|s| s.score).collect();
        assert_eq!(scores, (AUDIT_SCALE.0..=AUDIT_SCALE.1).collect::<Vec<_>>());
        for s in &AUDIT_SCORES {
            assert_eq!(audit_status(s.score), (s.status, s.action));
        }
        assert!(TIERS.windows(2).all(|w| w[0].high.is_some_and(|h| h + 1 == w[1].low)), "tiers leave a gap");
        assert_eq!(TIERS[0].low, 0);
        assert!(TIERS[3].high.is_none());
        for s in &SIGNALS {
            assert!(s.low <= s.high, "{}", s.kind);
        }
        for s in &SEQUENCES {
            assert!(s.fewest <= s.most && s.days > 0, "{}", s.kind);
        }
    }

    #[test]
    fn rule_texts_quote_the_tables() {
        let stk007 = why("STK007");
        for c in &EVALUATION {
            assert!(stk007.contains(&format!("{} {}%", c.label, c.weight)), "{}", c.attr);
        }
        let integers: Vec<String> =
            EVALUATION.iter().zip(["p", "i", "c", "t", "k"]).map(|(c, v)| format!("{}{v}", c.weight)).collect();
        assert!(stk007.contains(&integers.join("+")));

        for cat in CORE {
            assert!(summary("STK006").contains(&format!("`{cat}`")), "{cat}");
        }

        // SEQ001 names each kind's range; SEQ002 each kind and its duration,
        // kinds of one duration side by side sharing it.
        for (i, s) in SEQUENCES.iter().enumerate() {
            let range = if s.fewest == s.most {
                format!("{} {}", s.kind, s.fewest)
            } else {
                format!("{} {}–{}", s.kind, s.fewest, s.most)
            };
            assert!(why("SEQ001").contains(&range), "{range}");
            let next = SEQUENCES.get(i + 1).filter(|n| n.days == s.days);
            let span = match next {
                Some(n) => format!("{} and {}", s.kind, n.kind),
                None => format!("{} {}", s.kind, s.days),
            };
            assert!(why("SEQ002").contains(&span), "{span}");
        }
        assert!(why("SEQ002").contains(&format!("{} days,", SEQUENCES[0].days)));

        let minus = |n: i64| if n < 0 { format!("−{}", -n) } else { format!("+{n}") };
        for s in &SIGNALS {
            let range = format!("{} {}..{}", s.label, minus(s.low), minus(s.high));
            assert!(why("SCR001").contains(&range), "{range}");
        }
        for t in &TIERS {
            let range = match t.high {
                Some(h) => format!("{} {}–{h}", t.label, t.low),
                None => format!("{} {}+", t.label, t.low),
            };
            assert!(why("SCR004").contains(&range), "{range}");
        }
        assert!(summary("SCR003").contains(&TIER_NAMES.join(" < ")));

        for s in &AUDIT_SCORES[..2] {
            assert!(summary("AUD002").contains(&format!("{} (\"{}\")", s.score, s.action)));
            assert!(why("AUD002").contains(s.status) && why("AUD002").contains(s.action));
        }

        // DAT003 words each recommended frequency.
        for t in &HYGIENE {
            let word = match t.every {
                BEFORE_CAMPAIGN => "before every campaign",
                "continuous" => "continuously",
                other => other,
            };
            assert!(why("DAT003").contains(word), "{}", t.kind);
        }
        assert!(why("DAT002").contains("seven") && HYGIENE.len() == 7);
    }

    #[test]
    fn the_position_based_split_is_the_seeds_and_is_quoted() {
        let p = POSITION_BASED;
        assert_eq!(p.first + p.last + p.middle, 100);
        let how = ATTRIBUTION_MODELS.iter().find(|m| m.model == "position-based").expect("row").how;
        assert_eq!(how, format!("{}% first, {}% last, {}% middle", p.first, p.last, p.middle));
        assert!(summary("ATT002").contains(&format!("{}/{}/{}", p.first, p.last, p.middle)));
        assert_eq!(schema::ATTRIBUTION_MODELS, ATTRIBUTION_MODEL_NAMES);
        for (attr, pct) in [("first", p.first), ("last", p.last), ("middle", p.middle)] {
            let (_, _, default) = crate::reference::DEFAULTS
                .iter()
                .find(|(k, a, _)| *k == "attribution" && *a == attr)
                .expect("documented default");
            assert_eq!(*default, format!("{pct}% (position-based)"));
        }
    }

    #[test]
    fn schema_prose_quotes_the_tables() {
        for c in &EVALUATION {
            let a = schema::kind("score").and_then(|k| k.attr(c.attr)).expect("criterion");
            assert_eq!(a.doc, format!("{} (weight {}%)", c.question, c.weight));
        }
        for area in &AREAS {
            let a = schema::kind("audit").and_then(|k| k.attr(area.key)).expect("area");
            assert_eq!(a.doc, format!("{} ({}–{}).", area.assess, AUDIT_SCALE.0, AUDIT_SCALE.1));
        }
        let audit = schema::kind("audit").expect("audit").doc;
        assert!(audit.contains(&format!("{}–{}", AUDIT_SCALE.0, AUDIT_SCALE.1)) && audit.contains("eight"));
        assert_eq!(AREAS.len(), 8);
    }

    #[test]
    fn skill_facts_name_prelude_skills_and_routes() {
        let (model, _) = crate::check::prelude_model();
        let mut skills: Vec<&str> = model.skills.iter().map(|s| s.name.value.as_str()).collect();
        let mut facts: Vec<&str> = SKILLS.iter().map(|s| s.skill).collect();
        skills.sort();
        facts.sort();
        assert_eq!(facts, skills, "one entry per prelude skill");
        for s in SKILLS {
            assert!(s.days > 0, "{}", s.skill);
            assert_eq!(s.hints.is_none(), s.skill == "marketing-ops", "{}", s.skill);
        }
        for Cue { skill, over, .. } in CUES {
            assert!(skills.contains(skill) && skills.contains(over), "{skill} / {over}");
        }
        for (route, _) in OPS_AREA_HINTS {
            assert!(model.routes.iter().any(|r| r.name.value == *route), "{route}");
        }
    }
}
