//! `mopsc audit`: the marketing-ops audit of a valid workspace, for a CMO.
//!
//! [`build`] turns a checked [`Report`] into an [`AuditReport`], one
//! [`WorkspaceAudit`] per checked set: the stack evaluation (each scored
//! tool's five criteria and weighted score), the seed's stack audit checklist,
//! the automation priorities, the newest marketing audit's eight areas with
//! the seed's status and action per score, and the seed's attribution
//! checklist. Verdicts come from the lint diagnostics wherever a rule checks
//! the item (so `mops.toml` severities, `ignore` and `# mops: allow`
//! suppressions are respected), and from the model where no rule does
//! (adoption never measured, tools with no data flow at all). Items that
//! `.mops` files cannot show are `n/a`, with a note saying so.
//!
//! The report is serde-serialisable (the JSON format); Markdown and HTML
//! render it. Output is deterministic. docs/audit.md describes every verdict.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{Analysis, Report};
use crate::diagnostic::{Diagnostic, FileId};
use crate::literal::{Date, Money};
use crate::model::{Decl, Tool};
use crate::rules::user;

/// Bumped when a key of the JSON report changes meaning or disappears.
pub const AUDIT_VERSION: u32 = 1;

/// Output formats of `mopsc audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Md,
    Json,
    Html,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub audit_version: u32,
    /// The date the audit was taken (`--today`), against which ages are measured.
    pub today: String,
    pub workspaces: Vec<WorkspaceAudit>,
}

/// The audit of one checked set (one workspace root).
#[derive(Debug, Clone, Serialize)]
pub struct WorkspaceAudit {
    /// The workspace root as shown to the user.
    pub root: String,
    /// The product of the first context, else the root directory's name.
    pub name: String,
    pub summary: Summary,
    pub stack: StackOverview,
    pub evaluation: StackEvaluation,
    pub stack_checklist: Vec<CheckItem>,
    pub automation: AutomationPriorities,
    /// The newest `audit` block by date; `None` when there is none.
    pub marketing_audit: Option<MarketingAudit>,
    pub attribution_checklist: Vec<CheckItem>,
}

/// The numbers a reader needs first.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Checklist items (stack and attribution) that pass, fail, or cannot be judged from `.mops` files.
    pub passed: usize,
    pub failed: usize,
    pub not_applicable: usize,
    /// The failing items, in report order.
    pub failing: Vec<String>,
    pub tools_evaluated: usize,
    pub tools_below_bar: usize,
    pub build_first_live: usize,
    pub build_first_total: usize,
    /// The lowest-scoring areas of the newest marketing audit (keys, seed order).
    pub weakest_areas: Vec<String>,
    pub weakest_score: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StackOverview {
    pub tools: usize,
    pub active: usize,
    pub evaluating: usize,
    pub retired: usize,
    /// Yearly cost of the tools that are not retired, one entry per currency.
    pub annual_cost: Vec<Money>,
    /// Critical categories with no active tool, as STK006 reports them
    /// (suppressed findings excluded).
    pub missing_core: Vec<String>,
    /// Set when STK006 is disabled in `mops.toml`: the core is not verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_note: Option<String>,
    pub codes: Vec<String>,
    /// Every tool, in declaration order.
    pub inventory: Vec<ToolRow>,
}

/// One tool of the stack at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct ToolRow {
    pub tool: String,
    pub category: String,
    pub status: String,
    pub owner: Option<String>,
    /// The yearly cost (`/mo` rates times 12).
    pub annual_cost: Option<Money>,
    pub adoption: Option<String>,
    pub reviewed: Option<String>,
    pub renews: Option<String>,
    /// Codes of the diagnostics on the tool, sorted, once each.
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StackEvaluation {
    /// The evaluation bar (`evaluation-bar`, 2.0 unless configured), one decimal.
    pub bar: String,
    pub bar_x100: i64,
    /// Tools with a `score`, in declaration order.
    pub tools: Vec<EvaluationRow>,
    /// Tools without a `score`.
    pub not_evaluated: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationRow {
    pub tool: String,
    pub category: String,
    pub status: String,
    pub problem: i64,
    pub integration: i64,
    pub cost: i64,
    pub time_to_value: i64,
    pub capability: i64,
    /// 30p + 25i + 20c + 15t + 10k (100..=300): the weighted score times 100, exact.
    pub weighted_x100: i64,
    /// The weighted score to one decimal (see [`score_display`]).
    pub weighted: String,
    pub meets_bar: bool,
    /// Diagnostics on the tool's evaluation (STK007).
    pub codes: Vec<String>,
}

pub use crate::checklist::{not_verified, Status};

/// One item of a checklist.
#[derive(Debug, Clone, Serialize)]
pub struct CheckItem {
    /// A stable key for the item (`seed::STACK_CHECKLIST`, `seed::ATTRIBUTION_CHECKLIST`).
    pub id: String,
    /// The seed's wording.
    pub item: String,
    pub status: Status,
    /// What the findings concern: tools (stack), campaigns, steps or attribution models.
    pub concerns: Vec<String>,
    /// The rules that check this item.
    pub rules: Vec<String>,
    /// The codes of the findings behind a `fail` (sorted, once each).
    pub codes: Vec<String>,
    /// How many diagnostics of `rules` the workspace has.
    pub findings: usize,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AutomationPriorities {
    /// Automations declared in the workspace.
    pub declared: usize,
    pub build_first_live: usize,
    pub build_first_total: usize,
    pub rows: Vec<AutomationRow>,
}

/// One row of the seed's automation priority table.
#[derive(Debug, Clone, Serialize)]
pub struct AutomationRow {
    pub kind: String,
    pub label: String,
    /// `build first`, `second`, `third` or `later`.
    pub priority: String,
    pub impact: String,
    pub complexity: String,
    /// The most advanced declared status (`live` > `building` > `planned`), or `missing`.
    pub status: String,
    /// The automations of this kind.
    pub automations: Vec<String>,
    /// AUT001 (a later automation built before the build-first ones) and AUT002 (a build-first one not declared).
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarketingAudit {
    pub name: String,
    pub date: String,
    pub age_days: i64,
    /// Older than `audit-max-age-days` (AUD001).
    pub stale: bool,
    pub max_age_days: i64,
    /// The audit before it, by date, when there is one: `name (date)`.
    pub previous: Option<String>,
    /// The mean of the scored areas, one decimal.
    pub average: Option<String>,
    pub areas: Vec<AreaRow>,
    /// Diagnostics on the audit as a whole (AUD001).
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    pub area: String,
    pub label: String,
    /// The seed's "what to assess".
    pub assess: String,
    /// The seed's key question.
    pub question: String,
    pub score: Option<i64>,
    /// The seed's status and action for the score.
    pub status: String,
    pub action: String,
    pub previous_score: Option<i64>,
    pub note: Option<String>,
    /// AUD002 for scores of 1 and 2.
    pub codes: Vec<String>,
}

// ------------------------------------------------------------------ the seed

/// The seed's tables the audit reads (`crate::seed`): the areas, the
/// automation priorities, the core stack, the checklists' wording.
use crate::seed::{AREAS, ATTRIBUTION_CHECKLIST, CORE, PRIORITY_NAMES, STACK_CHECKLIST};

/// The stable key of a checklist item, by the seed's wording.
fn item_id(item: &str) -> String {
    STACK_CHECKLIST
        .iter()
        .chain(&ATTRIBUTION_CHECKLIST)
        .find(|i| i.text == item)
        .map(|i| i.id.to_string())
        .unwrap_or_default()
}

/// Why an item is `n/a` although the seed asks for it.
const OUTSIDE: &str = "outside what .mops files record";

/// The weighted score to one decimal, rounded half up, except that a score
/// below the bar is never shown rounded up to the bar (1.95 against 2.0 is
/// shown `1.95`, not `2.0`).
pub fn score_display(x100: i64, bar_x100: i64) -> String {
    let tenths = (x100 + 5).div_euclid(10);
    if x100 < bar_x100 && tenths * 10 >= bar_x100 {
        return format!("{}.{:02}", x100.div_euclid(100), x100.rem_euclid(100));
    }
    format!("{}.{}", tenths.div_euclid(10), tenths.rem_euclid(10))
}

/// The seed's status and action for an audit score.
pub fn area_status(score: i64) -> (&'static str, &'static str) {
    crate::seed::audit_status(score)
}

// ------------------------------------------------------------------ building

/// The diagnostics of one checked set.
struct SetDiags<'a> {
    diags: Vec<&'a Diagnostic>,
}

impl<'a> SetDiags<'a> {
    fn new(a: &Analysis, report: &'a Report) -> SetDiags<'a> {
        let files: Vec<FileId> = a.set.files.iter().map(|f| f.id).chain(a.config.file).collect();
        SetDiags { diags: report.diagnostics.iter().filter(|d| files.contains(&d.file)).collect() }
    }
    fn with(&self, codes: &[&str]) -> Vec<&'a Diagnostic> {
        self.diags.iter().copied().filter(|d| codes.contains(&d.code.as_str())).collect()
    }
    fn inside<T>(&self, decl: &Decl<T>, codes: &[&str]) -> Vec<&'a Diagnostic> {
        self.with(codes).into_iter().filter(|d| d.file == decl.file && decl.span.contains(d.span)).collect()
    }
}

fn sorted_codes<'a>(diags: impl IntoIterator<Item = &'a &'a Diagnostic>) -> Vec<String> {
    let mut v: Vec<String> = diags.into_iter().map(|d| d.code.clone()).collect();
    v.sort();
    v.dedup();
    v
}

fn strings(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

/// The tool whose block holds a diagnostic.
fn tool_of<'m>(tools: &[&'m Decl<Tool>], d: &Diagnostic) -> Option<&'m Decl<Tool>> {
    tools.iter().copied().find(|t| t.file == d.file && t.span.contains(d.span))
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// Build the audit of every checked set of a report. Works on any report;
/// `mopsc audit` refuses workspaces with errors before calling it.
pub fn build(report: &Report, today: Date) -> AuditReport {
    let workspaces =
        report.analyses.iter().filter(|a| !a.set.files.is_empty()).map(|a| workspace_audit(a, report, today)).collect();
    AuditReport { audit_version: AUDIT_VERSION, today: today.to_string(), workspaces }
}

fn workspace_audit(a: &Analysis, report: &Report, today: Date) -> WorkspaceAudit {
    let sd = SetDiags::new(a, report);
    let m = &a.model;
    let root = crate::workspace::display_path(&a.set.root);
    let name = user(&m.contexts)
        .find_map(|c| c.data.product.as_ref().map(|p| p.value.to_string()))
        .or_else(|| a.set.root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.clone());
    let tools: Vec<&Decl<Tool>> = user(&m.tools).collect();
    let stack = stack_overview(a, &tools, &sd);
    let evaluation = evaluation(a, &tools, &sd);
    let stack_checklist = stack_checklist(a, &tools, &sd);
    let automation = automation(a, &sd);
    let marketing_audit = marketing_audit(a, &sd, today);
    let attribution_checklist = attribution_checklist(a, &sd);

    let items = stack_checklist.iter().chain(&attribution_checklist);
    let count = |s: Status| items.clone().filter(|i| i.status == s).count();
    let (weakest_areas, weakest_score) = match &marketing_audit {
        Some(ma) => {
            let min = ma.areas.iter().filter_map(|r| r.score).min();
            (ma.areas.iter().filter(|r| r.score.is_some() && r.score == min).map(|r| r.area.clone()).collect(), min)
        }
        None => (Vec::new(), None),
    };
    let summary = Summary {
        passed: count(Status::Pass),
        failed: count(Status::Fail),
        not_applicable: count(Status::NotApplicable),
        failing: items.clone().filter(|i| i.status == Status::Fail).map(|i| i.item.clone()).collect(),
        tools_evaluated: evaluation.tools.len(),
        tools_below_bar: evaluation.tools.iter().filter(|t| !t.meets_bar).count(),
        build_first_live: automation.build_first_live,
        build_first_total: automation.build_first_total,
        weakest_areas,
        weakest_score,
    };
    WorkspaceAudit {
        root,
        name,
        summary,
        stack,
        evaluation,
        stack_checklist,
        automation,
        marketing_audit,
        attribution_checklist,
    }
}

fn stack_overview(a: &Analysis, tools: &[&Decl<Tool>], sd: &SetDiags) -> StackOverview {
    let status = |s: &str| tools.iter().filter(|t| t.data.status.value == s).count();
    let mut cost: BTreeMap<String, i64> = BTreeMap::new();
    for t in tools.iter().filter(|t| t.data.status.value != "retired") {
        if let Some(c) = &t.data.cost {
            let y = c.value.yearly();
            let e = cost.entry(y.currency.to_string()).or_default();
            *e = e.saturating_add(y.cents);
        }
    }
    // What STK006 reports, so that a suppression (an accepted exception)
    // or the rule turned off applies here as in `check`.
    let stk006 = sd.with(&["STK006"]);
    let missing_core: Vec<String> = CORE
        .iter()
        .filter(|cat| {
            let tag = format!("`{cat}`");
            stk006.iter().any(|d| d.message.contains(&tag))
        })
        .map(|c| c.to_string())
        .collect();
    let core_note = (!a.config.enabled("STK006") && !tools.is_empty())
        .then(|| "not verified: STK006 is disabled in mops.toml".to_string());
    StackOverview {
        tools: tools.len(),
        active: status("active"),
        evaluating: status("evaluating"),
        retired: status("retired"),
        annual_cost: cost.into_iter().map(|(currency, cents)| Money { cents, currency: currency.into() }).collect(),
        missing_core,
        core_note,
        codes: sorted_codes(&stk006),
        inventory: tools
            .iter()
            .map(|t| ToolRow {
                tool: t.name.value.to_string(),
                category: t.data.category.value.to_string(),
                status: t.data.status.value.to_string(),
                owner: t.data.owner.as_ref().map(|o| o.value.to_string()),
                annual_cost: t.data.cost.as_ref().map(|c| c.value.yearly()),
                adoption: t.data.adoption.as_ref().map(|a| a.value.to_string()),
                reviewed: t.data.reviewed.as_ref().map(|d| d.value.to_string()),
                renews: t.data.renews.as_ref().map(|d| d.value.to_string()),
                codes: sorted_codes(
                    &sd.diags
                        .iter()
                        .copied()
                        .filter(|d| d.code != "STK006" && d.file == t.file && t.span.contains(d.span))
                        .collect::<Vec<_>>(),
                ),
            })
            .collect(),
    }
}

fn evaluation(a: &Analysis, tools: &[&Decl<Tool>], sd: &SetDiags) -> StackEvaluation {
    let bar = a.config.options.evaluation_bar_x100;
    let mut rows = Vec::new();
    let mut not_evaluated = Vec::new();
    for t in tools {
        let Some(s) = &t.data.score else {
            not_evaluated.push(t.name.value.to_string());
            continue;
        };
        let w = s.weighted_x100();
        rows.push(EvaluationRow {
            tool: t.name.value.to_string(),
            category: t.data.category.value.to_string(),
            status: t.data.status.value.to_string(),
            problem: s.problem,
            integration: s.integration,
            cost: s.cost,
            time_to_value: s.time_to_value,
            capability: s.capability,
            weighted_x100: w,
            weighted: score_display(w, bar),
            meets_bar: w >= bar,
            codes: sorted_codes(&sd.inside(t, &["STK007"])),
        });
    }
    // The bar as configured: one decimal, or two when it has them (2.25).
    let bar_text = if bar.rem_euclid(10) == 0 {
        score_display(bar, i64::MIN)
    } else {
        format!("{}.{:02}", bar.div_euclid(100), bar.rem_euclid(100))
    };
    StackEvaluation { bar: bar_text, bar_x100: bar, tools: rows, not_evaluated }
}

/// An item decided by rule diagnostics: fail when any exists.
fn rule_item(
    item: &str,
    rules: &[&str],
    found: &[&Diagnostic],
    concerns: Vec<String>,
    note: Option<String>,
) -> CheckItem {
    CheckItem {
        id: item_id(item),
        item: item.to_string(),
        status: if found.is_empty() { Status::Pass } else { Status::Fail },
        concerns,
        rules: strings(rules),
        codes: sorted_codes(found),
        findings: found.len(),
        note,
    }
}

fn na_item(item: &str, rules: &[&str], note: String) -> CheckItem {
    CheckItem {
        id: item_id(item),
        item: item.to_string(),
        status: Status::NotApplicable,
        concerns: Vec::new(),
        rules: strings(rules),
        codes: Vec::new(),
        findings: 0,
        note: Some(note),
    }
}

/// A passing item whose deciding rules are turned off in `mops.toml` is not
/// verified: it becomes `n/a` with a note (`fail` stays `fail`).
fn unverified_if_disabled(a: &Analysis, mut item: CheckItem) -> CheckItem {
    let rules: Vec<&str> = item.rules.iter().map(String::as_str).collect();
    let Some(why) = not_verified(&a.config, &rules) else { return item };
    if item.status == Status::Pass {
        item.status = Status::NotApplicable;
    }
    item.note = Some(match item.note.take() {
        Some(n) => format!("{n}; {why}"),
        None => why,
    });
    item
}

fn names_of(list: &[String]) -> String {
    list.join(", ")
}

fn stack_checklist(a: &Analysis, tools: &[&Decl<Tool>], sd: &SetDiags) -> Vec<CheckItem> {
    let [owner, connected, no_overlap, contracts, flows, health, adoption] = STACK_CHECKLIST.map(|i| i.text);
    if tools.is_empty() {
        let none = || "the workspace declares no tool".to_string();
        return vec![
            na_item(owner, &["STK001"], none()),
            na_item(connected, &["STK002"], none()),
            na_item(no_overlap, &["STK003"], none()),
            na_item(contracts, &["STK004"], none()),
            na_item(flows, &["STK002", "STK008"], none()),
            na_item(health, &[], format!("{OUTSIDE}: they describe integrations, not their monitoring")),
            na_item(adoption, &["STK005"], none()),
        ];
    }
    let concerned = |found: &[&Diagnostic]| -> Vec<String> {
        let mut v = Vec::new();
        for d in found {
            if let Some(t) = tool_of(tools, d) {
                push_unique(&mut v, &t.name.value);
            }
        }
        v
    };
    let mut out = Vec::new();

    let found = sd.with(&["STK001"]);
    out.push(rule_item(owner, &["STK001"], &found, concerned(&found), None));

    let found = sd.with(&["STK002"]);
    out.push(rule_item(connected, &["STK002"], &found, concerned(&found), None));

    let found = sd.with(&["STK003"]);
    let mut overlap = Vec::new();
    for d in &found {
        if let Some(t) = tool_of(tools, d) {
            for o in tools
                .iter()
                .filter(|o| o.data.category.value == t.data.category.value && o.data.status.value == "active")
            {
                push_unique(&mut overlap, &o.name.value);
            }
        }
    }
    out.push(rule_item(no_overlap, &["STK003"], &found, overlap, None));

    let found = sd.with(&["STK004"]);
    let with_cost = tools.iter().filter(|t| t.data.cost.is_some()).count();
    if with_cost == 0 && found.is_empty() {
        out.push(na_item(contracts, &["STK004"], "no tool records a `cost`, so there is no contract to review".into()));
    } else {
        let mut notes = Vec::new();
        let unknown = concerned(&sd.with(&["STK010"]));
        if !unknown.is_empty() {
            notes.push(format!("no cost recorded for {} (STK010)", names_of(&unknown)));
        }
        let soon = concerned(&sd.with(&["STK009"]));
        if !soon.is_empty() {
            notes.push(format!("renewing soon: {} (STK009)", names_of(&soon)));
        }
        let note = if notes.is_empty() { None } else { Some(notes.join("; ")) };
        out.push(rule_item(contracts, &["STK004"], &found, concerned(&found), note));
    }

    // Data flows: every tool that is not retired takes part in at least one
    // documented `integrates` flow (either direction).
    let live: Vec<&&Decl<Tool>> = tools.iter().filter(|t| t.data.status.value != "retired").collect();
    if live.len() < 2 {
        out.push(na_item(flows, &["STK002", "STK008"], "the stack has fewer than two tools in use".into()));
    } else {
        let mut linked: Vec<&str> = Vec::new();
        for t in tools {
            if !t.data.integrates.is_empty() {
                linked.push(&t.name.value);
            }
            linked.extend(t.data.integrates.iter().map(|i| i.value.as_str()));
        }
        // A tool in no flow is a failure where STK002 reports it (so a
        // suppressed STK002, an accepted exception, is not one here either).
        let stk002 = sd.with(&["STK002"]);
        let isolated: Vec<String> = live
            .iter()
            .filter(|t| !linked.contains(&t.name.value.as_str()))
            .filter(|t| stk002.iter().any(|d| d.file == t.file && t.span.contains(d.span)))
            .map(|t| t.name.value.to_string())
            .collect();
        let found: Vec<&Diagnostic> = sd
            .with(&["STK002", "STK008"])
            .into_iter()
            .filter(|d| {
                d.code == "STK008" || tool_of(tools, d).is_some_and(|t| isolated.iter().any(|i| *i == t.name.value))
            })
            .collect();
        let mut concerns = isolated.clone();
        for n in concerned(&found) {
            push_unique(&mut concerns, &n);
        }
        let mut item = rule_item(flows, &["STK002", "STK008"], &found, concerns, None);
        if !isolated.is_empty() {
            item.note =
                Some(format!("no documented data flow (`integrates`, either direction): {}", names_of(&isolated)));
        }
        out.push(item);
    }

    out.push(na_item(
        health,
        &[],
        format!("{OUTSIDE}: they declare integrations, not how their failures are monitored"),
    ));

    // Adoption: below the minimum is an STK005 finding (a fail, as in
    // `check`). An active tool with no `adoption` has no finding in `check`,
    // so the item cannot pass either: it is not verified (n/a) and says why.
    let found = sd.with(&["STK005"]);
    let low = concerned(&found);
    let unmeasured: Vec<String> = tools
        .iter()
        .filter(|t| t.data.status.value == "active" && t.data.adoption.is_none())
        .map(|t| t.name.value.to_string())
        .collect();
    let mut concerns = low.clone();
    for n in &unmeasured {
        push_unique(&mut concerns, n);
    }
    let mut notes = Vec::new();
    if !low.is_empty() {
        notes.push(format!("below {} adoption: {}", a.config.options.min_adoption, names_of(&low)));
    }
    if !unmeasured.is_empty() {
        notes.push(format!("not verified: no `adoption` recorded for {}", names_of(&unmeasured)));
    }
    let mut item = rule_item(
        adoption,
        &["STK005"],
        &found,
        concerns,
        if notes.is_empty() { None } else { Some(notes.join("; ")) },
    );
    if item.status == Status::Pass && !unmeasured.is_empty() {
        item.status = Status::NotApplicable;
    }
    out.push(item);

    out.into_iter().map(|i| unverified_if_disabled(a, i)).collect()
}

fn automation(a: &Analysis, sd: &SetDiags) -> AutomationPriorities {
    let autos: Vec<_> = user(&a.model.automations).collect();
    let aut001 = sd.with(&["AUT001"]);
    let aut002 = sd.with(&["AUT002"]);
    // What the workspace declares, whatever block declares it (as AUT001/AUT002 count it).
    let implied = crate::rules::aut::implied(&a.model);
    let mut rows = Vec::new();
    for crate::seed::Automation { kind, label, impact, complexity, priority: prio } in
        crate::seed::automations_in_build_order()
    {
        let of_kind: Vec<_> = autos.iter().filter(|x| x.data.kind.value == *kind).collect();
        let status = crate::rules::aut::status_of(&a.model, &implied, kind).unwrap_or("missing").to_string();
        let mut names: Vec<String> = of_kind.iter().map(|x| x.name.value.to_string()).collect();
        names.extend(implied.iter().filter(|i| i.kind == *kind).map(|i| i.what.clone()));
        let mut found: Vec<&Diagnostic> = aut001
            .iter()
            .copied()
            .filter(|d| of_kind.iter().any(|x| x.file == d.file && x.span.contains(d.span)))
            .collect();
        let tag = format!("`{kind}`");
        if names.is_empty() {
            found.extend(aut002.iter().copied().filter(|d| d.message.contains(&tag)));
        }
        rows.push(AutomationRow {
            kind: kind.to_string(),
            label: label.to_string(),
            priority: PRIORITY_NAMES[*prio].to_string(),
            impact: impact.to_string(),
            complexity: complexity.to_string(),
            status,
            automations: names,
            codes: sorted_codes(&found),
        });
    }
    let first: Vec<&AutomationRow> = rows.iter().filter(|r| r.priority == PRIORITY_NAMES[0]).collect();
    AutomationPriorities {
        declared: autos.len(),
        build_first_live: first.iter().filter(|r| r.status == "live").count(),
        build_first_total: first.len(),
        rows,
    }
}

fn marketing_audit(a: &Analysis, sd: &SetDiags, today: Date) -> Option<MarketingAudit> {
    let mut dated: Vec<_> = user(&a.model.audits).filter_map(|x| x.data.date.as_ref().map(|d| (d.value, x))).collect();
    // The same choice as AUD001: the newest date, the last declared on a tie.
    dated.sort_by_key(|(d, _)| *d);
    let (date, newest) = *dated.last()?;
    let previous = dated.len().checked_sub(2).map(|i| dated[i].1);
    let age = (today - date).get_days() as i64;
    let max = a.config.options.audit_max_age_days;
    let aud002 = sd.inside(newest, &["AUD002"]);
    let areas: Vec<AreaRow> = AREAS
        .iter()
        .map(|crate::seed::AuditArea { key, label, assess, question }| {
            let score = newest.data.areas.iter().find(|(k, _)| k == key).and_then(|(_, s)| s.as_ref());
            let (status, action) = match score {
                Some(s) => area_status(s.value),
                None => ("not scored", "score it"),
            };
            let codes = match score {
                Some(s) => {
                    sorted_codes(&aud002.iter().copied().filter(|d| s.span.contains(d.span)).collect::<Vec<_>>())
                }
                None => Vec::new(),
            };
            AreaRow {
                area: key.to_string(),
                label: label.to_string(),
                assess: assess.to_string(),
                question: question.to_string(),
                score: score.map(|s| s.value),
                status: status.to_string(),
                action: action.to_string(),
                previous_score: previous.and_then(|p| {
                    p.data.areas.iter().find(|(k, _)| k == key).and_then(|(_, s)| s.as_ref().map(|s| s.value))
                }),
                note: newest.data.notes.iter().find(|(k, _)| k == key).map(|(_, n)| n.value.to_string()),
                codes,
            }
        })
        .collect();
    let scored: Vec<i64> = areas.iter().filter_map(|r| r.score).collect();
    let average = (!scored.is_empty()).then(|| {
        let n = scored.len() as i64;
        let tenths = (scored.iter().sum::<i64>() * 10 * 2 + n).div_euclid(2 * n);
        format!("{}.{}", tenths / 10, tenths % 10)
    });
    Some(MarketingAudit {
        name: newest.name.value.to_string(),
        date: date.to_string(),
        age_days: age,
        stale: age > max,
        max_age_days: max,
        previous: previous.map(|p| {
            format!("{} ({})", p.name.value, p.data.date.as_ref().map(|d| d.value.to_string()).unwrap_or_default())
        }),
        average,
        areas,
        codes: sorted_codes(&sd.inside(newest, &["AUD001"])),
    })
}

fn attribution_checklist(a: &Analysis, sd: &SetDiags) -> Vec<CheckItem> {
    let [utm_standard, channels_tagged, crm_source, conversion_events, model_documented, reporting_cadence, channel_roi] =
        ATTRIBUTION_CHECKLIST.map(|i| i.text);
    let m = &a.model;
    let campaigns: Vec<_> = user(&m.campaigns).collect();
    let models: Vec<_> = user(&m.attributions).collect();
    // What a finding concerns: `campaign.step`, the campaign, or the declaration holding it.
    let concern = |d: &Diagnostic| -> Option<String> {
        for c in &campaigns {
            if c.file == d.file && c.span.contains(d.span) {
                return Some(match c.data.steps.iter().find(|s| s.span.contains(d.span)) {
                    Some(s) => format!("{}.{}", c.name.value, s.name.value),
                    None => c.name.value.to_string(),
                });
            }
        }
        if let Some(p) = user(&m.utm_policies).find(|p| p.file == d.file && p.span.contains(d.span)) {
            return Some(format!("utm-policy {}", p.name.value));
        }
        models.iter().find(|x| x.file == d.file && x.span.contains(d.span)).map(|x| x.name.value.to_string())
    };
    let concerns = |found: &[&Diagnostic]| {
        let mut v = Vec::new();
        for d in found {
            if let Some(c) = concern(d) {
                push_unique(&mut v, &c);
            }
        }
        v
    };
    let mut out = Vec::new();

    const UTM_RULES: &[&str] = &["UTM001", "UTM002", "UTM003", "UTM004", "UTM005", "UTM007", "UTM008"];
    let found = sd.with(UTM_RULES);
    let policy = match m.utm_policy() {
        Some(p) if p.file != FileId::PRELUDE => format!("policy in force: the workspace's `{}`", p.name.value),
        _ => "policy in force: the prelude's `default` (the seed's sources and mediums)".to_string(),
    };
    let mut item = rule_item(utm_standard, UTM_RULES, &found, concerns(&found), Some(policy));
    // Enforcement is the linter's: UTM rules turned off mean the standard is not enforced.
    let off: Vec<&str> = UTM_RULES.iter().copied().filter(|r| !a.config.enabled(r)).collect();
    if !off.is_empty() {
        item.status = Status::Fail;
        item.note =
            Some(format!("{}; not enforced: {} disabled in mops.toml", item.note.unwrap_or_default(), off.join(", ")));
    }
    out.push(item);

    let channel_steps: usize =
        campaigns.iter().map(|c| c.data.steps.iter().filter(|s| s.channel.is_some()).count()).sum();
    if channel_steps == 0 {
        out.push(na_item(channels_tagged, &["UTM006"], "no campaign step names a `channel`".into()));
    } else {
        let found = sd.with(&["UTM006"]);
        let note = format!(
            "{channel_steps} channel step{} in {} campaign{}",
            if channel_steps == 1 { "" } else { "s" },
            campaigns.len(),
            if campaigns.len() == 1 { "" } else { "s" }
        );
        let item = rule_item(channels_tagged, &["UTM006"], &found, concerns(&found), Some(note));
        out.push(unverified_if_disabled(a, item));
    }

    out.push(na_item(crm_source, &[], format!("{OUTSIDE}: the CRM's lead fields are configured in the CRM")));

    let item = conversion_events;
    if models.is_empty() && campaigns.is_empty() {
        out.push(na_item(item, &["ATT001"], "the workspace has no campaign and no attribution model".into()));
    } else if models.is_empty() {
        // ATT001 reports it; its suppression or its absence from `select` applies.
        let found = sd.with(&["ATT001"]);
        let concerns = if found.is_empty() { Vec::new() } else { vec!["workspace".to_string()] };
        let i = rule_item(
            item,
            &["ATT001"],
            &found,
            concerns,
            Some("no attribution model declares conversion events".into()),
        );
        out.push(unverified_if_disabled(a, i));
    } else {
        let empty: Vec<String> =
            models.iter().filter(|x| x.data.conversions.is_empty()).map(|x| x.name.value.to_string()).collect();
        let mut events: Vec<String> = Vec::new();
        for x in &models {
            for c in &x.data.conversions {
                push_unique(&mut events, &format!("\"{}\"", c.value));
            }
        }
        let mut i = rule_item(
            item,
            &[],
            &[],
            empty.clone(),
            Some(if empty.is_empty() {
                format!("conversions: {}", events.join(", "))
            } else {
                format!("no conversion events in {}", names_of(&empty))
            }),
        );
        if !empty.is_empty() {
            i.status = Status::Fail;
        }
        out.push(i);
    }

    const MODEL_RULES: &[&str] = &["ATT001", "ATT003", "ATT004", "ATT005", "ATT006"];
    let found = sd.with(MODEL_RULES);
    let described: Vec<String> = models.iter().map(|x| describe_model(x)).collect();
    let mut i = rule_item(
        model_documented,
        MODEL_RULES,
        &found,
        concerns(&found),
        Some(if described.is_empty() { "no `attribution` block".to_string() } else { described.join("; ") }),
    );
    if models.is_empty() && campaigns.is_empty() {
        out.push(na_item(
            model_documented,
            MODEL_RULES,
            "the workspace has no campaign and no attribution model".into(),
        ));
    } else {
        if models.is_empty() && !i.concerns.is_empty() {
            i.concerns = vec!["workspace".into()];
        }
        out.push(unverified_if_disabled(a, i));
    }

    let dashboards: Vec<String> = user(&m.automations)
        .filter(|x| x.data.kind.value == "reporting-dashboard")
        .map(|x| {
            format!("`{}` is {}", x.name.value, x.data.status.as_ref().map(|s| s.value.as_str()).unwrap_or("declared"))
        })
        .collect();
    out.push(na_item(
        reporting_cadence,
        &[],
        if dashboards.is_empty() {
            format!("{OUTSIDE}: there is no reporting schedule in the language")
        } else {
            format!(
                "{OUTSIDE}: there is no reporting schedule in the language (reporting-dashboard automation: {})",
                dashboards.join(", ")
            )
        },
    ));
    out.push(na_item(channel_roi, &[], format!("{OUTSIDE}: campaigns record goals and budgets, not results")));
    out
}

fn describe_model(x: &Decl<crate::model::Attribution>) -> String {
    let d = &x.data;
    let mut s = format!("`{}`: {}", x.name.value, d.model.value);
    if d.model.value == "position-based" {
        let pct = |p: &Option<crate::model::Spanned<crate::literal::Percent>>| p.as_ref().map(|p| p.value);
        let (f, l, mid) = (pct(&d.first), pct(&d.last), pct(&d.middle));
        let weights = if f.is_none() && l.is_none() && mid.is_none() {
            let p = crate::seed::POSITION_BASED;
            format!("{}%/{}%/{}%", p.first, p.last, p.middle)
        } else {
            let show = |p: Option<crate::literal::Percent>| p.map(|p| p.to_string()).unwrap_or_else(|| "0%".into());
            format!("{}/{}/{}", show(f), show(l), show(mid))
        };
        let _ = write!(s, " ({weights} first/last/middle)");
    }
    if let Some(h) = &d.half_life {
        let _ = write!(s, ", half-life {}", h.value);
    }
    if let Some(w) = &d.window {
        let _ = write!(s, ", {} window", w.value);
    }
    if let Some(n) = &d.monthly_conversions {
        let _ = write!(s, ", {} conversions a month", n.value);
    }
    match &d.documented {
        Some(doc) => {
            let _ = write!(s, ", documented at {}", doc.value);
        }
        None => s.push_str(", not documented"),
    }
    s
}

// ------------------------------------------------------------------ helpers for renderers

/// `54000 USD` as `54,000 USD` (cents kept when there are any).
/// An audit's age in words: "today", "1 day ago", "55 days ago", "354 days in the future".
pub fn age_words(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "1 day ago".into(),
        -1 => "1 day in the future".into(),
        d if d < 0 => format!("{} days in the future", d.unsigned_abs()),
        d => format!("{d} days ago"),
    }
}

fn age_note(ma: &MarketingAudit) -> String {
    if ma.stale {
        format!(", older than {} days: AUD001", ma.max_age_days)
    } else if ma.age_days < 0 {
        ", a date in the future: AUD001".to_string()
    } else {
        String::new()
    }
}

pub fn money_human(m: &Money) -> String {
    let sign = if m.cents < 0 { "-" } else { "" };
    let c = m.cents.unsigned_abs();
    let units = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if c.is_multiple_of(100) {
        format!("{sign}{grouped} {}", m.currency)
    } else {
        format!("{sign}{grouped}.{:02} {}", c % 100, m.currency)
    }
}

fn label_of(area: &str) -> &str {
    AREAS.iter().find(|a| a.key == area).map(|a| a.label).unwrap_or(area)
}

/// `a`, `a and b`, `a, b and c` (or `or`).
fn joined(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

fn and_list(items: &[String]) -> String {
    joined(items, "and")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How the weighted score is made, from the seed's criteria (shared by
/// Markdown and HTML; `bar` as the format writes it).
fn evaluation_note(bar: &str) -> String {
    let (lo, hi) = crate::seed::EVALUATION_SCALE;
    format!("Weighted score = {}, each scored {lo}–{hi}; the bar is {bar}.", crate::seed::weighted_formula())
}

/// What the report says when no audit is recorded, with the seed's scale
/// (shared by Markdown and HTML; `audit` is the keyword as the format writes code).
fn no_audit_sentence(audit: &str) -> String {
    let (lo, hi) = crate::seed::AUDIT_SCALE;
    format!("No marketing audit is recorded. Score the eight areas {lo}–{hi} in an {audit} block to track them here.")
}

/// The summary as sentences (shared by Markdown and HTML).
fn summary_sentences(w: &WorkspaceAudit) -> Vec<String> {
    let s = &w.summary;
    let total = s.passed + s.failed + s.not_applicable;
    let mut out = vec![format!(
        "{} of {total} checklist items pass, {} fail{}",
        s.passed,
        s.failed,
        if s.not_applicable > 0 {
            format!(", {} cannot be judged from the workspace", s.not_applicable)
        } else {
            String::new()
        }
    )];
    out.push(format!("build-first automations live: {} of {}", s.build_first_live, s.build_first_total));
    if s.tools_evaluated > 0 {
        out.push(match (s.tools_evaluated, s.tools_below_bar) {
            (1, 0) => format!("the one scored tool meets the {} bar", w.evaluation.bar),
            (n, 0) => format!("all {n} scored tools meet the {} bar", w.evaluation.bar),
            (n, b) => format!(
                "{b} of {n} scored tools {} below the {} bar",
                if b == 1 { "is" } else { "are" },
                w.evaluation.bar
            ),
        });
    }
    if !w.stack.missing_core.is_empty() {
        out.push(format!("the stack has no {} tool", joined(&w.stack.missing_core, "or")));
    }
    match (s.weakest_score, &w.marketing_audit) {
        (Some(score), Some(ma)) => {
            let labels: Vec<String> = s.weakest_areas.iter().map(|a| label_of(a).to_string()).collect();
            let (status, action) = area_status(score);
            out.push(format!(
                "weakest audit {} {} ({score}/5, {status}: {action}){}",
                if labels.len() == 1 { "area:" } else { "areas:" },
                and_list(&labels),
                if ma.stale { format!("; the audit is {} days old", ma.age_days) } else { String::new() }
            ));
        }
        _ => out.push("no marketing audit recorded".to_string()),
    }
    out
}

/// `s` with its first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

// ------------------------------------------------------------------ JSON

pub fn to_json(r: &AuditReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}

mod html;
mod markdown;

pub use html::*;
pub use markdown::*;

/// The checklist items that fail, stack then attribution: the audit's
/// "needs attention" list in every format.
pub(crate) fn failing_items(w: &WorkspaceAudit) -> impl Iterator<Item = &CheckItem> {
    w.stack_checklist.iter().chain(&w.attribution_checklist).filter(|i| i.status == Status::Fail)
}

/// The stack's annual cost in words (`$1,200 + €300 a year`), or that none
/// is recorded.
pub(crate) fn annual_cost_text(st: &StackOverview) -> String {
    if st.annual_cost.is_empty() {
        "no cost recorded".to_string()
    } else {
        st.annual_cost.iter().map(money_human).collect::<Vec<_>>().join(" + ") + " a year"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The audit of a one-file workspace on 2026-11-24.
    fn audit_of(text: &str) -> AuditReport {
        let today = crate::literal::date("2026-11-24").expect("date");
        let report = crate::check::check_source("x.mops", text, &crate::check::Options::new(today));
        build(&report, today)
    }

    #[test]
    fn one_decimal_rounds_half_up_but_never_up_to_the_bar() {
        assert_eq!(score_display(240, 200), "2.4");
        assert_eq!(score_display(255, 200), "2.6");
        assert_eq!(score_display(300, 200), "3.0");
        assert_eq!(score_display(100, 200), "1.0");
        assert_eq!(score_display(185, 200), "1.9");
        assert_eq!(score_display(195, 200), "1.95");
        assert_eq!(score_display(200, 200), "2.0");
        assert_eq!(score_display(205, 200), "2.1");
    }

    #[test]
    fn automation_rows_come_in_build_order_with_the_build_first_ones_counted() {
        let audit = audit_of("automation w: welcome-sequence { status = live }\n");
        let rows = &audit.workspaces[0].automation.rows;
        let names: Vec<&str> = rows.iter().map(|r| r.priority.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|p| PRIORITY_NAMES.iter().position(|n| n == p));
        assert_eq!(names, sorted);
        assert_eq!(audit.workspaces[0].automation.build_first_total, crate::seed::BUILD_FIRST.len());
        assert_eq!(audit.workspaces[0].automation.build_first_live, 1);
    }

    #[test]
    fn every_checklist_item_has_its_id() {
        let audit = audit_of("tool a: crm { owner = \"x\" }\n");
        let w = &audit.workspaces[0];
        let ids: Vec<&str> = w.stack_checklist.iter().chain(&w.attribution_checklist).map(|i| i.id.as_str()).collect();
        let expected: Vec<&str> = STACK_CHECKLIST.iter().chain(&ATTRIBUTION_CHECKLIST).map(|i| i.id).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn money_is_grouped_in_thousands() {
        let m = |cents: i64| Money { cents, currency: "USD".into() };
        assert_eq!(money_human(&m(5_400_000)), "54,000 USD");
        assert_eq!(money_human(&m(99_900)), "999 USD");
        assert_eq!(money_human(&m(123_456_789)), "1,234,567.89 USD");
        assert_eq!(money_human(&m(0)), "0 USD");
    }

    #[test]
    fn consecutive_codes_are_shortened() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            code_ranges(&v(&["UTM001", "UTM002", "UTM003", "UTM004", "UTM005", "UTM007", "UTM008"])),
            "UTM001–UTM005, UTM007, UTM008"
        );
        assert_eq!(code_ranges(&v(&["ATT001", "ATT003", "ATT004", "ATT005", "ATT006"])), "ATT001, ATT003–ATT006");
        assert_eq!(code_ranges(&v(&["STK002", "STK008"])), "STK002, STK008");
        assert_eq!(code_ranges(&v(&["STK001"])), "STK001");
        assert_eq!(code_ranges(&[]), "");
    }

    #[test]
    fn html_escape_covers_markup_and_quotes() {
        assert_eq!(html_escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
