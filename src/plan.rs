//! Run plans (PLAN.md): each campaign of a valid workspace compiled into a
//! schedule, stages, hand-offs, budget, tagged links and a pre-launch
//! checklist. [`Plan`] is the canonical form (JSON); the other formats render
//! it. Output is deterministic: the same workspace gives the same bytes.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::campaign::{self, CampaignGraph, Source};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::literal::{Date, Money};
use crate::model::{CampaignDecl, Model, Utm};

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
    /// `pass`, `fail` or `n/a`.
    pub status: String,
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
            ("fail", None)
        } else if let Some(why) = not_applicable {
            ("n/a", Some(why.to_string()))
        } else if let Some(why) = crate::audit::not_verified(config, rules) {
            ("n/a", Some(why))
        } else {
            ("pass", None)
        };
        CheckItem { item: name.to_string(), status: status.into(), codes, note }
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

// ---------------------------------------------------------------- renderers

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

fn rollup_markdown(o: &mut String, r: &Rollup) {
    let _ = writeln!(
        o,
        "# Workspace roll-up
"
    );
    o.push_str(
        "| | |
|---|---|
",
    );
    let _ = writeln!(o, "| Campaigns | {} |", r.campaigns);
    let _ = writeln!(o, "| Budget | {} |", money_list(&r.budget));
    let _ = writeln!(o, "| Allocated to steps | {} |", money_list(&r.allocated));
    let g = &r.goals;
    let mut goals = Vec::new();
    for (k, v) in [("mql", g.mql), ("sql", g.sql), ("signups", g.signups)] {
        if v > 0 {
            goals.push(format!("{k} {v}"));
        }
    }
    if !g.pipeline.is_empty() {
        goals.push(format!("pipeline {}", money_list(&g.pipeline)));
    }
    if !g.revenue.is_empty() {
        goals.push(format!("revenue {}", money_list(&g.revenue)));
    }
    let _ = writeln!(o, "| Goals | {} |", if goals.is_empty() { "—".to_string() } else { goals.join(", ") });
    if !r.spend_by_month.is_empty() {
        o.push_str(
            "
| Month | Step spend |
|---|---|
",
        );
        for m in &r.spend_by_month {
            let _ = writeln!(o, "| {} | {} |", m.month, money_list(&m.spend));
        }
    }
    o.push('\n');
}

fn money(m: &Option<Money>) -> String {
    m.as_ref().map(|m| m.to_string()).unwrap_or_else(|| "—".into())
}

/// One line of Markdown: see [`escape::markdown`].
pub(crate) fn md_escape(s: &str) -> String {
    escape::markdown(s)
}

pub fn to_markdown(plan: &Plan) -> String {
    let mut o = String::new();
    if plan.campaigns.len() > 1 {
        rollup_markdown(&mut o, &plan.rollup);
    }
    for c in &plan.campaigns {
        let _ = writeln!(o, "# Run plan: {}\n", c.name);
        o.push_str("| | |\n|---|---|\n");
        let _ = writeln!(o, "| Playbook | {} |", c.playbook);
        let _ = writeln!(o, "| Context | {} |", c.context.as_deref().unwrap_or("—"));
        let _ = writeln!(o, "| Owner | {} |", md_escape(c.owner.as_deref().unwrap_or("—")));
        if c.calendar == "working-days" {
            let _ = writeln!(
                o,
                "| Runs | {} to {} ({} working days: weekends and holidays skipped) |",
                c.start, c.end, c.days
            );
        } else {
            let _ = writeln!(o, "| Runs | {} to {} ({} days) |", c.start, c.end, c.days);
        }
        if let Some(d) = &c.deadline {
            let _ = writeln!(o, "| Deadline | {d} |");
        }
        let _ = writeln!(
            o,
            "| Budget | {} (allocated {}, unallocated {}) |",
            money(&c.budget.campaign),
            money(&c.budget.allocated),
            money(&c.budget.unallocated)
        );
        if let Some(g) = &c.goals {
            let goals: Vec<String> = g
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| match v {
                            serde_json::Value::Object(o) => format!(
                                "{k} {} {}",
                                o.get("amount")
                                    .and_then(|a| a.as_str())
                                    .map(|a| a.trim_end_matches(".00"))
                                    .unwrap_or(""),
                                o.get("currency").and_then(|a| a.as_str()).unwrap_or("")
                            ),
                            serde_json::Value::String(s) => format!("{k} {}", md_escape(s)),
                            other => format!("{k} {other}"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let _ = writeln!(o, "| Goals | {} |", goals.join(", "));
        }
        let others: Vec<&str> = c
            .steps
            .iter()
            .filter(|s| s.critical && !c.critical_path.contains(&s.name))
            .map(|s| s.name.as_str())
            .collect();
        let parallel = if others.is_empty() {
            String::new()
        } else {
            format!("; also critical (zero slack, on a parallel chain): {}", others.join(", "))
        };
        let unit = if c.calendar == "working-days" { "working days" } else { "days" };
        let _ = writeln!(o, "\n**Critical path:** {} ({} {unit}){parallel}\n", c.critical_path.join(" → "), c.days);
        o.push_str("## Stages\n\n");
        for s in &c.stages {
            let _ = writeln!(o, "{}. from {}: {}", s.stage, s.start, s.steps.join(", "));
        }
        o.push_str("\n## Steps\n\n| step | skill | dates | days | owner | inputs ← from | outputs | budget | slack |\n|---|---|---|---|---|---|---|---|---|\n");
        for s in &c.steps {
            let inputs: Vec<String> =
                s.inputs.iter().map(|i| format!("{} ← {}", i.artifact, i.from.replace("step:", ""))).collect();
            let name = if s.critical { format!("**{}**", s.name) } else { s.name.clone() };
            let _ = writeln!(
                o,
                "| {name} | {} | {} – {} | {} | {} | {} | {} | {} | {} |",
                s.skill,
                s.start,
                s.end,
                s.duration_days,
                md_escape(s.owner.as_deref().unwrap_or("—")),
                if inputs.is_empty() { "—".into() } else { inputs.join(", ") },
                if s.outputs.is_empty() { "—".into() } else { s.outputs.join(", ") },
                money(&s.budget),
                if s.critical { "critical".to_string() } else { format!("{}d", s.slack_days) }
            );
        }
        o.push_str("\n## Pre-launch checklist\n\n");
        for i in &c.checklist {
            let mark = match i.status.as_str() {
                "pass" => "[x]",
                "fail" => "[ ]",
                _ => "[-]",
            };
            let codes = if i.codes.is_empty() { String::new() } else { format!(" ({})", i.codes.join(", ")) };
            let note = i.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
            let _ = writeln!(o, "- {mark} {} — {}{codes}{}", md_escape(&i.item), i.status, md_escape(&note));
        }
        if !c.links.is_empty() {
            o.push_str("\n## Tagged links\n\n");
            // steps sharing one link are listed together
            let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
            for l in &c.links {
                match groups.iter_mut().find(|(u, _)| *u == l.url) {
                    Some((_, steps)) => steps.push(&l.step),
                    None => groups.push((&l.url, vec![&l.step])),
                }
            }
            for (url, steps) in groups {
                let _ = writeln!(o, "- {}: <{}>", steps.join(", "), escape::text(url));
            }
        }
        o.push('\n');
    }
    o.truncate(o.trim_end().len());
    o.push('\n');
    escape::log_safe(&o).into_owned()
}

/// A Gantt task's text as Mermaid reads it. Task ids are the plan's
/// indexes (`c0s1`), distinct whatever the names (`a-b`, `a_b`); the text
/// cannot be quoted in a Gantt chart, and entities are not decoded there,
/// so a text that Mermaid's lexer would take for a statement (a step named
/// `section` or `title`, `gantt-check`, `weekday …`) gets a leading `‣ `,
/// and characters that end a task (`:`, `#`, `;`, line breaks) become spaces.
fn gantt_text(s: &str) -> String {
    const STATEMENTS: &[&str] = &[
        "acctitle",
        "accdescr",
        "accdescription",
        "href",
        "call",
        "click",
        "gantt",
        "dateformat",
        "inclusiveenddates",
        "topaxis",
        "axisformat",
        "tickinterval",
        "includes",
        "excludes",
        "todaymarker",
        "weekday",
        "weekend",
        "title",
        "section",
    ];
    let clean: String =
        s.chars().map(|c| if matches!(c, ':' | '#' | ';') || c.is_control() { ' ' } else { c }).collect();
    let lower = clean.to_ascii_lowercase();
    let hijacked = lower.starts_with('%')
        || STATEMENTS.iter().any(|k| {
            lower.starts_with(k) && !lower[k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        });
    if hijacked {
        format!("‣ {clean}")
    } else {
        clean
    }
}

pub fn to_mermaid(plan: &Plan) -> String {
    let mut o = String::from("gantt\n  dateFormat YYYY-MM-DD\n  axisFormat %b %d\n");
    if let [only] = plan.campaigns.as_slice() {
        let _ = writeln!(o, "  title {} ({})", only.name, only.playbook);
    } else {
        o.push_str("  title Run plans\n");
    }
    for (ci, c) in plan.campaigns.iter().enumerate() {
        for st in &c.stages {
            let _ = writeln!(o, "  section {} · stage {}", c.name, st.stage);
            for name in &st.steps {
                let Some((si, s)) = c.steps.iter().enumerate().find(|(_, s)| s.name == *name) else { continue };
                let mut tags = Vec::new();
                if s.critical {
                    tags.push("crit".to_string());
                }
                if s.duration_days == 0 {
                    tags.push("milestone".to_string());
                }
                tags.push(format!("c{ci}s{si}"));
                tags.push(s.start.clone());
                tags.push(format!("{}d", s.duration_days));
                let _ = writeln!(o, "    {} :{}", gantt_text(&format!("{} ({})", s.name, s.skill)), tags.join(", "));
            }
        }
    }
    o
}

fn dot_q(s: &str) -> String {
    escape::dot_string(s)
}

pub fn to_dot(plan: &Plan) -> String {
    let mut o = String::from("digraph plan {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for c in &plan.campaigns {
        let _ = writeln!(
            o,
            "  subgraph {} {{\n    label={};",
            dot_q(&format!("cluster_{}", c.name)),
            dot_q(&format!("{} ({} to {})", c.name, c.start, c.end))
        );
        for s in &c.steps {
            let bold = if s.critical { ", penwidth=2.5" } else { "" };
            let _ = writeln!(
                o,
                "    {} [label={}{bold}];",
                dot_q(&format!("{}.{}", c.name, s.name)),
                dot_q(&format!("{}\n{}\n{} – {}", s.name, s.skill, s.start, s.end))
            );
        }
        o.push_str("  }\n");
        let crit_pairs: Vec<(&str, &str)> =
            c.critical_path.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        for s in &c.steps {
            // one edge per predecessor, labelled with what it hands over
            let mut preds: Vec<&str> = s.after.iter().map(String::as_str).collect();
            for i in &s.inputs {
                if let Some(p) = i.from.strip_prefix("step:") {
                    if !preds.contains(&p) {
                        preds.push(p);
                    }
                }
            }
            for p in preds {
                let arts: Vec<&str> = s
                    .inputs
                    .iter()
                    .filter(|i| i.from.strip_prefix("step:") == Some(p))
                    .map(|i| i.artifact.as_str())
                    .collect();
                let mut attrs = Vec::new();
                if arts.is_empty() {
                    attrs.push("style=dashed".to_string());
                } else {
                    attrs.push(format!("label={}", dot_q(&arts.join(", "))));
                }
                if crit_pairs.contains(&(p, s.name.as_str())) {
                    attrs.push("penwidth=2.5".into());
                    if !arts.is_empty() {
                        attrs.push("style=bold".into());
                    }
                }
                let _ = writeln!(
                    o,
                    "  {} -> {} [{}];",
                    dot_q(&format!("{}.{}", c.name, p)),
                    dot_q(&format!("{}.{}", c.name, s.name)),
                    attrs.join(", ")
                );
            }
        }
    }
    o.push_str("}\n");
    o
}

use crate::render::escape::{self, ics_fold, ics_text};

fn ics_date(iso: &str) -> String {
    iso.replace('-', "")
}

pub fn to_ics(plan: &Plan) -> String {
    let mut o = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mopsc//run plan//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        ics_fold(l, &mut o);
    }
    for c in &plan.campaigns {
        for s in &c.steps {
            let start = ics_date(&s.start);
            // DTEND is exclusive: the day after the last day (a milestone
            // still spans its day; with working days, weekends inside count)
            let end = crate::literal::date(&s.end)
                .ok()
                .and_then(|d| campaign::add_days(d, 1))
                .map(|d| ics_date(&d.to_string()))
                .unwrap_or_else(|| start.clone());
            let mut desc = format!("Campaign {} ({}). Skill: {}.", c.name, c.playbook, s.skill);
            if let Some(o) = &s.owner {
                let _ = write!(desc, " Owner: {o}.");
            }
            if !s.inputs.is_empty() {
                let ins: Vec<String> =
                    s.inputs.iter().map(|i| format!("{} from {}", i.artifact, i.from.replace("step:", ""))).collect();
                let _ = write!(desc, " Inputs: {}.", ins.join("; "));
            }
            if !s.outputs.is_empty() {
                let _ = write!(desc, " Outputs: {}.", s.outputs.join(", "));
            }
            if s.critical {
                desc.push_str(" On the critical path.");
            } else {
                let _ = write!(desc, " Slack: {} days.", s.slack_days);
            }
            let lines = [
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}.{}@mopsc.plan", c.name, s.name),
                format!("DTSTAMP:{}T000000Z", ics_date(&c.start)),
                format!("DTSTART;VALUE=DATE:{start}"),
                format!("DTEND;VALUE=DATE:{end}"),
                format!("SUMMARY:{}", ics_text(&format!("{}: {} ({})", c.name, s.name, s.skill))),
                format!("DESCRIPTION:{}", ics_text(&desc)),
                format!("CATEGORIES:{}", ics_text(&c.playbook)),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ];
            for l in &lines {
                ics_fold(l, &mut o);
            }
        }
    }
    ics_fold("END:VCALENDAR", &mut o);
    o
}

use crate::render::escape::csv_cell as csv_text;

pub fn to_csv(plan: &Plan) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record([
        "campaign",
        "step",
        "skill",
        "stage",
        "start",
        "end",
        "days",
        "owner",
        "tool",
        "channel",
        "after",
        "inputs",
        "outputs",
        "critical",
        "slack_days",
        "budget_amount",
        "budget_currency",
        "link",
    ]);
    for c in &plan.campaigns {
        for s in &c.steps {
            let inputs: Vec<String> = s.inputs.iter().map(|i| format!("{}<-{}", i.artifact, i.from)).collect();
            let _ = w.write_record([
                c.name.clone(),
                s.name.clone(),
                s.skill.clone(),
                s.stage.to_string(),
                s.start.clone(),
                s.end.clone(),
                s.duration_days.to_string(),
                csv_text(s.owner.as_deref().unwrap_or_default()),
                csv_text(s.tool.as_deref().unwrap_or_default()),
                csv_text(s.channel.as_deref().unwrap_or_default()),
                s.after.join(" "),
                inputs.join(" "),
                s.outputs.join(" "),
                s.critical.to_string(),
                s.slack_days.to_string(),
                s.budget.as_ref().map(|b| b.amount_string()).unwrap_or_default(),
                s.budget.as_ref().map(|b| b.currency.to_string()).unwrap_or_default(),
                csv_text(s.link.as_deref().unwrap_or_default()),
            ]);
        }
    }
    let out = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    escape::log_safe(&out).into_owned()
}
