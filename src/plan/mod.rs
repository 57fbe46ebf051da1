//! Run plans (PLAN.md): each campaign of a valid workspace compiled into a
//! schedule, stages, hand-offs, budget, tagged links and a pre-launch
//! checklist. [`Plan`] is the canonical form (JSON); the other formats render
//! it. Output is deterministic: the same workspace gives the same bytes.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::campaign::{self, CampaignGraph, Source};
use crate::check::Report;
use crate::checklist::Status;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::literal::{Date, Money};
use crate::model::{CampaignDecl, Model, Utm};
use crate::render::escape;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub plan_version: u32,
    pub campaigns: Vec<CampaignPlan>,
    /// The planned campaigns together.
    #[serde(default)]
    pub rollup: Rollup,
}

/// The workspace at a glance: what every planned campaign adds up to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rollup {
    pub campaigns: usize,
    /// Campaign budgets, one total per currency.
    pub budget: Vec<Money>,
    /// Step budgets, one total per currency.
    pub allocated: Vec<Money>,
    pub goals: RollupGoals,
    /// Step budgets spread evenly over each step's days, by calendar month.
    pub spend_by_month: Vec<MonthSpend>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RollupGoals {
    pub mql: i64,
    pub sql: i64,
    pub signups: i64,
    pub pipeline: Vec<Money>,
    pub revenue: Vec<Money>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MonthSpend {
    /// `YYYY-MM`.
    pub month: String,
    pub spend: Vec<Money>,
}

/// Add `cents` of `currency` to a per-currency total.
fn add_money(totals: &mut std::collections::BTreeMap<String, i64>, m: &Money) {
    let e = totals.entry(m.currency.to_string()).or_default();
    *e = e.saturating_add(m.cents);
}

fn totals_vec(t: std::collections::BTreeMap<String, i64>) -> Vec<Money> {
    t.into_iter().map(|(currency, cents)| Money { cents, currency: currency.into() }).collect()
}

fn rollup(decls: &[&CampaignDecl], plans: &[CampaignPlan]) -> Rollup {
    use std::collections::BTreeMap;
    let (mut budget, mut allocated, mut pipeline, mut revenue) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut goals = RollupGoals::default();
    for c in decls {
        if let Some(b) = &c.data.budget {
            add_money(&mut budget, &b.value);
        }
        if let Some(g) = c.data.goals.as_deref() {
            goals.mql = goals.mql.saturating_add(g.mql.unwrap_or(0));
            goals.sql = goals.sql.saturating_add(g.sql.unwrap_or(0));
            goals.signups = goals.signups.saturating_add(g.signups.unwrap_or(0));
            if let Some(m) = &g.pipeline {
                add_money(&mut pipeline, m);
            }
            if let Some(m) = &g.revenue {
                add_money(&mut revenue, m);
            }
        }
    }
    for s in plans.iter().flat_map(|p| &p.steps) {
        if let Some(b) = &s.budget {
            add_money(&mut allocated, b);
        }
    }
    goals.pipeline = totals_vec(pipeline);
    goals.revenue = totals_vec(revenue);
    Rollup {
        campaigns: plans.len(),
        budget: totals_vec(budget),
        allocated: totals_vec(allocated),
        goals,
        spend_by_month: spend_by_month(plans.iter()),
    }
}

/// Step budgets spread evenly over each step's days, summed by calendar
/// month (the roll-up's, and the calendar's per campaign).
pub(crate) fn spend_by_month<'a>(plans: impl Iterator<Item = &'a CampaignPlan>) -> Vec<MonthSpend> {
    use std::collections::BTreeMap;
    // month -> currency -> cents
    let mut months: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for s in plans.flat_map(|p| &p.steps) {
        let Some(b) = &s.budget else { continue };
        let (Ok(first), Ok(last)) = (s.start.parse::<Date>(), s.end.parse::<Date>()) else { continue };
        let days = ((last - first).get_days() as i64 + 1).clamp(1, 3660);
        let per_day = b.cents / days;
        for d in 0..days {
            let Some(day) = campaign::add_days(first, d) else { break };
            let month = format!("{:04}-{:02}", day.year(), day.month());
            // the remainder goes to the last day, so the months add up
            let cents = if d == days - 1 { b.cents - per_day * (days - 1) } else { per_day };
            add_money(months.entry(month).or_default(), &Money { cents, currency: b.currency.clone() });
        }
    }
    months.into_iter().map(|(month, t)| MonthSpend { month, spend: totals_vec(t) }).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignPlan {
    pub name: String,
    pub playbook: String,
    pub context: Option<String>,
    pub owner: Option<String>,
    pub audience: Option<String>,
    pub start: String,
    /// The computed last day (inclusive).
    pub end: String,
    /// The declared deadline, if any.
    pub deadline: Option<String>,
    /// Days of the schedule, start to end inclusive, counted in `calendar`.
    pub days: i64,
    /// `calendar-days` or `working-days` (weekends and holidays skipped).
    #[serde(default = "calendar_days")]
    pub calendar: String,
    pub critical_path: Vec<String>,
    pub stages: Vec<Stage>,
    pub steps: Vec<StepPlan>,
    pub budget: Budget,
    pub goals: Option<serde_json::Value>,
    pub links: Vec<Link>,
    pub checklist: Vec<CheckItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage {
    pub stage: usize,
    pub start: String,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepPlan {
    pub name: String,
    pub skill: String,
    pub stage: usize,
    pub owner: Option<String>,
    pub tool: Option<String>,
    pub channel: Option<String>,
    pub after: Vec<String>,
    pub duration_days: i64,
    pub start: String,
    pub end: String,
    pub earliest_start_day: i64,
    pub latest_start_day: i64,
    pub slack_days: i64,
    pub critical: bool,
    pub inputs: Vec<Input>,
    pub outputs: Vec<String>,
    pub budget: Option<Money>,
    pub link: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Input {
    pub artifact: String,
    /// `step:NAME`, `given` or `context:NAME`.
    pub from: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Budget {
    pub currency: Option<crate::model::Name>,
    pub campaign: Option<Money>,
    pub allocated: Option<Money>,
    pub unallocated: Option<Money>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    pub step: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckItem {
    pub item: String,
    pub status: Status,
    pub codes: Vec<String>,
    /// Why an item is `n/a` ("no campaign budget set", "not verified: … disabled in mops.toml").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("the workspace has {0} error(s); fix them before planning")]
    Errors(usize),
    #[error("no campaign `{name}` in the workspace{hint}")]
    NoSuchCampaign { name: String, hint: String },
    #[error("the workspace declares no campaign")]
    NoCampaigns,
}

fn calendar_days() -> String {
    "calendar-days".into()
}

fn date(start: Date, day: i64, cal: &campaign::Calendar) -> String {
    cal.day(start, day).map(|d| d.to_string()).unwrap_or_default()
}

/// Compile the plans of every campaign of the report's checked sets (or
/// only `only`). Refuses while any diagnostic is an error.
pub fn compile(report: &Report, only: Option<&str>) -> Result<Plan, PlanError> {
    // Errors block planning; with `only`, an error inside another campaign
    // does not (that campaign is not planned, and nothing here depends on it).
    let inside_other = |d: &Diagnostic| {
        only.is_some_and(|name| {
            report.analyses.iter().any(|a| {
                a.model.campaigns.iter().any(|c| c.name.value != name && c.file == d.file && c.span.contains(d.span))
            })
        })
    };
    let errors = report.diagnostics.iter().filter(|d| d.severity == Severity::Error && !inside_other(d)).count();
    if errors > 0 {
        return Err(PlanError::Errors(errors));
    }
    let mut campaigns = Vec::new();
    let mut decls: Vec<&CampaignDecl> = Vec::new();
    let mut all_names = Vec::new();
    for a in &report.analyses {
        // a folder inside the workspace plans the campaigns under it
        for c in a
            .model
            .campaigns
            .iter()
            .filter(|c| c.file != FileId::PRELUDE && a.set.in_scope(&report.files.get(c.file).path))
        {
            all_names.push(c.name.value.to_string());
            if only.is_some_and(|n| n != c.name.value) {
                continue;
            }
            let g = campaign::analyse(c, &a.model);
            if let Some(p) = campaign_plan(c, &g, &a.model, &a.config, &report.diagnostics) {
                campaigns.push(p);
                decls.push(c);
            }
        }
    }
    if let Some(name) = only {
        if campaigns.is_empty() {
            let mut hint = crate::schema::did_you_mean(name, all_names.iter().map(String::as_str))
                .map(|h| format!(": {h}"))
                .unwrap_or_default();
            if !all_names.is_empty() {
                let mut sorted = all_names.clone();
                sorted.sort();
                hint.push_str(&format!(" (campaigns: {})", sorted.join(", ")));
            }
            return Err(PlanError::NoSuchCampaign { name: name.to_string(), hint });
        }
    }
    if campaigns.is_empty() {
        return Err(PlanError::NoCampaigns);
    }
    // by start date (ISO dates sort as text); file order on the same day
    campaigns.sort_by(|a, b| a.start.cmp(&b.start));
    let rollup = rollup(&decls, &campaigns);
    Ok(Plan { plan_version: 1, campaigns, rollup })
}

fn campaign_plan(
    c: &CampaignDecl,
    g: &CampaignGraph,
    model: &Model,
    config: &crate::config::Config,
    diags: &[Diagnostic],
) -> Option<CampaignPlan> {
    let start = c.data.start.as_ref()?.value;
    let sched = g.schedule.as_ref()?;
    let cal = campaign::Calendar::of(&c.data, &config.calendar);
    let steps = &c.data.steps;
    let name_of = |i: usize| steps[i].name.value.to_string();
    let crit: Vec<usize> = sched.critical_path.clone();
    let mut step_plans = Vec::new();
    let currency = campaign::currency(&c.data);
    let mut links = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let slot = sched.slots[i];
        let (first, last) = g.dates(start, i, &cal).map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
        let inputs = g.handoffs[i]
            .iter()
            .map(|h| Input {
                artifact: h.artifact.clone(),
                from: match &h.source {
                    Some(Source::Step(p)) => format!("step:{}", name_of(*p)),
                    Some(Source::Given) => "given".into(),
                    Some(Source::Context) => {
                        format!("context:{}", c.data.context.as_ref().map(|x| x.value.as_str()).unwrap_or(""))
                    }
                    None => "missing".into(),
                },
            })
            .collect();
        let outputs = model
            .skill(&s.skill.value)
            .map(|sk| sk.data.produces.iter().map(|p| p.value.to_string()).collect())
            .unwrap_or_default();
        // Links belong to steps that put something in front of an audience
        // (the skill says so), each with a utm_content of its own: the
        // step's, else its name, so that two steps never share a link.
        let audience_facing = model.skill(&s.skill.value).is_some_and(|k| k.data.audience_facing);
        let mut own = s.utm.as_deref().cloned().unwrap_or_default();
        if own.content.is_none() {
            own.content = Some(crate::model::Spanned::new(crate::model::Name::new(&s.name.value), s.name.span));
        }
        let link = if audience_facing {
            tagged_link(
                s.url.as_ref().or(c.data.url.as_ref()).map(|u| u.value.as_str()),
                Some(&own),
                c.data.utm.as_deref(),
            )
        } else {
            None
        };
        if let Some(l) = &link {
            links.push(Link { step: s.name.value.to_string(), url: l.clone() });
        }
        step_plans.push(StepPlan {
            name: s.name.value.to_string(),
            skill: s.skill.value.to_string(),
            stage: sched.stage[i] + 1,
            owner: s.owner.as_ref().or(c.data.owner.as_ref()).map(|o| o.value.to_string()),
            tool: s.tool.as_ref().map(|t| t.value.to_string()),
            channel: s.channel.as_ref().map(|t| t.value.to_string()),
            after: g.preds[i].iter().map(|p| name_of(p.step)).collect(),
            duration_days: g.days[i],
            start: first,
            end: last,
            earliest_start_day: slot.early_start,
            latest_start_day: slot.late_start,
            slack_days: slot.slack,
            // zero slack is critical (CPM), on the chain shown or a parallel one
            critical: slot.slack == 0,
            inputs,
            outputs,
            budget: s.budget.as_ref().map(|b| b.value.clone()),
            link,
        });
    }
    let max_stage = sched.stage.iter().copied().max().unwrap_or(0);
    let stages = (0..=max_stage)
        .filter_map(|st| {
            let members: Vec<usize> = (0..steps.len()).filter(|&i| sched.stage[i] == st).collect();
            let first = members.iter().map(|&i| sched.slots[i].early_start).min()?;
            Some(Stage {
                stage: st + 1,
                start: date(start, first, &cal),
                steps: members.iter().map(|&i| name_of(i)).collect(),
            })
        })
        .collect();
    let allocated_cents: i64 = steps
        .iter()
        .filter_map(|s| s.budget.as_ref())
        .filter(|b| Some(&b.value.currency) == currency.as_ref())
        .map(|b| b.value.cents)
        .sum();
    let any_step_budget = steps.iter().any(|s| s.budget.is_some());
    let budget = Budget {
        currency: currency.clone(),
        campaign: c.data.budget.as_ref().map(|b| b.value.clone()),
        allocated: currency
            .as_ref()
            .filter(|_| any_step_budget)
            .map(|cur| Money { cents: allocated_cents, currency: cur.clone() }),
        unallocated: c
            .data
            .budget
            .as_ref()
            .map(|b| Money { cents: b.value.cents - allocated_cents, currency: b.value.currency.clone() }),
    };
    let goals = c.data.goals.as_deref().map(|g| {
        let mut m = serde_json::Map::new();
        if let Some(v) = g.mql {
            m.insert("mql".into(), v.into());
        }
        if let Some(v) = g.sql {
            m.insert("sql".into(), v.into());
        }
        if let Some(v) = &g.pipeline {
            m.insert("pipeline".into(), serde_json::to_value(v).unwrap_or_default());
        }
        if let Some(v) = &g.revenue {
            m.insert("revenue".into(), serde_json::to_value(v).unwrap_or_default());
        }
        if let Some(v) = g.roas {
            m.insert("roas".into(), serde_json::Value::String(format!("{v}")));
        }
        if let Some(v) = g.signups {
            m.insert("signups".into(), v.into());
        }
        serde_json::Value::Object(m)
    });
    let end = g.end_date(start, &cal).map(|d| d.to_string()).unwrap_or_default();
    Some(CampaignPlan {
        name: c.name.value.to_string(),
        playbook: c.data.playbook.value.to_string(),
        context: c.data.context.as_ref().map(|x| x.value.to_string()),
        owner: c.data.owner.as_ref().map(|x| x.value.to_string()),
        audience: c.data.audience.as_ref().map(|x| x.value.to_string()),
        start: start.to_string(),
        end,
        deadline: c.data.end.as_ref().map(|e| e.value.to_string()),
        days: sched.end,
        calendar: cal.name().to_string(),
        critical_path: crit.iter().map(|&i| name_of(i)).collect(),
        stages,
        steps: step_plans,
        budget,
        goals,
        links,
        checklist: checklist(c, config, diags),
    })
}

/// The pre-launch checklist (PLAN.md §7) from the diagnostics located in
/// the campaign, decided as the audit decides its items: fail on a finding,
/// `n/a` with a note where the item does not apply or a deciding rule is
/// disabled in `mops.toml` (`audit::not_verified`), pass otherwise.
fn checklist(c: &CampaignDecl, config: &crate::config::Config, diags: &[Diagnostic]) -> Vec<CheckItem> {
    let inside: Vec<&Diagnostic> = diags.iter().filter(|d| d.file == c.file && c.span.contains(d.span)).collect();
    let item = |name: &str, not_applicable: Option<&str>, rules: &[&str]| {
        let mut codes: Vec<String> =
            inside.iter().filter(|d| rules.contains(&d.code.as_str())).map(|d| d.code.clone()).collect();
        codes.sort();
        codes.dedup();
        let (status, note) = if !codes.is_empty() {
            (Status::Fail, None)
        } else if let Some(why) = not_applicable {
            (Status::NotApplicable, Some(why.to_string()))
        } else if let Some(why) = crate::checklist::not_verified(config, rules) {
            (Status::NotApplicable, Some(why))
        } else {
            (Status::Pass, None)
        };
        CheckItem { item: name.to_string(), status, codes, note }
    };
    let has_utm = c.data.utm.is_some() || c.data.steps.iter().any(|s| s.utm.is_some() || s.channel.is_some());
    let utm_campaign = c.data.utm.as_deref().and_then(|u| u.campaign.as_ref()).is_some()
        || c.data.steps.iter().any(|s| s.utm.as_deref().and_then(|u| u.campaign.as_ref()).is_some());
    let budget_na = if c.data.budget.is_some() {
        None
    } else if c.data.steps.iter().any(|s| s.budget.is_some() || s.skill.value == "paid-ads") {
        Some("no campaign budget set: step budgets are checked against nothing")
    } else {
        Some("no budget set")
    };
    vec![
        item("context exists", None, &["CTX001", "E021", "E022"]),
        item(
            "UTMs validated",
            (!has_utm).then_some("no UTM tags and no channel step"),
            &["UTM001", "UTM002", "UTM003", "UTM004", "UTM005", "UTM006", "UTM008"],
        ),
        item("campaign name registered (unique)", (!utm_campaign).then_some("no `utm` campaign value"), &["UTM007"]),
        item("analytics step last", None, &["CMP001", "CMP002"]),
        item("budgets within the campaign budget", budget_na, &["E041", "CMP006"]),
        item("owners assigned", None, &["CMP005"]),
        item("goals set", None, &["CMP008"]),
    ]
}

/// Characters escaped in the parts of a link the user wrote (`%` stays: it
/// is already an escape).
const URL_TEXT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// Characters left as they are in a query value: RFC 3986 unreserved.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The landing URL with `utm_*` parameters (only those set; a step's `utm`
/// overrides its campaign's per field). Existing query parameters are kept,
/// except `utm_*` ones that the tags replace; a `#fragment` stays last.
pub fn tagged_link(url: Option<&str>, step: Option<&Utm>, campaign: Option<&Utm>) -> Option<String> {
    let url = url?;
    let pick = |f: fn(&Utm) -> &Option<crate::model::Spanned<crate::model::Name>>| {
        step.and_then(|u| f(u).as_ref()).or_else(|| campaign.and_then(|u| f(u).as_ref())).map(|s| s.value.to_string())
    };
    let tags: Vec<(&str, String)> = [
        ("utm_source", pick(|u| &u.source)),
        ("utm_medium", pick(|u| &u.medium)),
        ("utm_campaign", pick(|u| &u.campaign)),
        ("utm_content", pick(|u| &u.content)),
        ("utm_term", pick(|u| &u.term)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (path, query) = match base.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (base, None),
    };
    let mut params: Vec<String> = query
        .map(|q| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .filter(|kv| {
                    let key = kv.split('=').next().unwrap_or("");
                    !tags.iter().any(|(k, _)| *k == key)
                })
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in &tags {
        params.push(format!("{k}={}", percent_encoding::utf8_percent_encode(v, QUERY_VALUE)));
    }
    // What the user wrote is kept, with anything a URL may not hold raw
    // (spaces, controls, quotes, angle brackets, non-ASCII) percent-encoded.
    let enc = |s: &str| percent_encoding::utf8_percent_encode(s, URL_TEXT).to_string();
    let mut out = enc(path);
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.iter().map(|p| enc(p)).collect::<Vec<_>>().join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&enc(f));
    }
    Some(out)
}

mod csv;
pub mod diff;
mod dot;
pub mod html;
mod ics;
mod markdown;
mod mermaid;

pub use self::csv::*;
pub use dot::*;
pub use ics::*;
pub use markdown::*;
pub use mermaid::*;

// ---------------------------------------------------------------- helpers of the renderers
pub fn to_json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).unwrap_or_default();
    s.push('\n');
    s
}

fn money_list(v: &[Money]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(" + ")
    }
}

fn money(m: &Option<Money>) -> String {
    m.as_ref().map(|m| m.to_string()).unwrap_or_else(|| "—".into())
}
