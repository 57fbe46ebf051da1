//! `mopsc init` and `mopsc new campaign`: generated workspaces and campaign
//! skeletons.
//!
//! [`init_files`] is a complete workspace for a placeholder company, "Example
//! Co", that `mopsc check --deny warnings` passes with no diagnostic at all
//! (info included) on the day it is generated: review dates are that day
//! and the campaign starts two weeks later. [`new_campaign`] is a campaign
//! that follows a playbook step by step, with `TODO`s that the linter keeps
//! flagging (CMP005 owner, CMP006 paid budget, CMP008 goals, CTX001 context)
//! until they are filled. Every generated `.mops` text is in the canonical
//! form of `mopsc fmt`.

use std::path::{Component, Path, PathBuf};

use crate::campaign::add_days;
use crate::literal::Date;
use crate::model::Model;
use crate::rules::nam::nam001::{is_kebab, to_kebab};
use crate::rules::user;

/// `mopsc new ...`: what to scaffold.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum NewCommand {
    /// Print (or write) a campaign skeleton with one step per skill of a playbook.
    Campaign {
        /// The campaign's name, in kebab-case (`spring-launch`).
        name: String,
        /// The playbook to follow (`mopsc new campaign x --playbook product-launch`).
        #[arg(long, value_name = "PLAYBOOK")]
        playbook: String,
        /// Write to FILE (atomically; an existing file is never overwritten) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Days from today to the generated campaigns' start.
pub const START_IN_DAYS: i64 = 14;

pub(crate) fn canonical(text: String) -> String {
    crate::format::format_source(&text).unwrap_or(text)
}

pub(crate) fn plus(d: Date, days: i64) -> Date {
    add_days(d, days).unwrap_or(d)
}

// ------------------------------------------------------------------ init

/// The files of a new workspace, in the order they are written: (file name,
/// contents). `today` dates the contract and scoring reviews and places the
/// campaign two weeks ahead.
pub fn init_files(today: Date) -> Vec<(&'static str, String)> {
    let start = plus(today, START_IN_DAYS);
    let end = plus(start, 60);
    let mops_toml = r#"# The mopsc workspace of Example Co: `mopsc check` (and `fmt`, `plan`, `audit`)
# treat this folder as one workspace. `mopsc rules` lists every rule and
# `mopsc explain CODE` explains one.

[lint]
select = ["ALL"]
# Turn a rule off, or change its severity:
# ignore = ["STK010"]
# [lint.severity]
# CMP003 = "warning"
# Thresholds (these are the defaults):
# [lint.options]
# min-adoption = "30%"
# evaluation-bar = 2.0
# contract-review-days = 365
# scoring-review-days = 92
"#
    .to_string();

    let context = r#"# Who Example Co sells to. Every campaign names this context ("context first,
# always"). Replace the product, positioning, voice, competitors and ICP with
# your own; rename `example-co` here and in campaign.mops.

context example-co {
  product     = "Example Co Reporting"
  positioning = "Campaign reporting that shows lean B2B marketing teams which programs create pipeline"
  voice       = "Clear and practical: plain words, real numbers, no hype"
  competitors = ["rival-one.example", "rival-two.example"]
  icp {
    titles       = ["Head of Marketing", "Marketing Operations Manager"]
    company-size = 50..500
    industries   = [saas, fintech]
    regions      = ["North America"]
  }
}
"#
    .to_string();

    let stack = format!(
        r#"# Example Co's MarTech stack: one active tool per critical category (CRM,
# marketing automation, analytics, email) plus the CMS and the ad platform the
# campaign uses. Every tool integrates with the CRM: "never add a tool that does
# not integrate with your CRM". Replace the tools, owners, costs and adoption
# figures with yours.
#
# `reviewed` is the last contract review ({today}, the day this workspace
# was created): STK004 flags reviews older than 365 days. Add
# `renews = YYYY-MM-DD` to be reminded 60 days before a renewal (STK009).
# `adoption` is the share of intended users who are active: measure it.

tool salesforce: crm {{
  owner      = "revops@example.com"
  cost       = 30000 USD/yr
  reviewed   = {today}
  adoption   = 85%
  integrates = [hubspot]
}}

tool hubspot: marketing-automation {{
  owner      = "marketing-ops@example.com"
  cost       = 18000 USD/yr
  reviewed   = {today}
  adoption   = 70%
  integrates = [salesforce]
}}

tool ga4: analytics {{
  owner      = "growth@example.com"
  cost       = 0 USD/yr
  reviewed   = {today}
  adoption   = 60%
  integrates = [salesforce]
}}

tool sendgrid: email {{
  owner      = "lifecycle@example.com"
  cost       = 3000 USD/yr
  reviewed   = {today}
  adoption   = 90%
  integrates = [hubspot, salesforce]
}}

tool webflow: cms {{
  owner      = "web@example.com"
  cost       = 2400 USD/yr
  reviewed   = {today}
  adoption   = 75%
  integrates = [hubspot, salesforce]
}}

# No platform fee: media spend is budgeted per campaign step.
tool google-ads: ads {{
  owner      = "paid@example.com"
  cost       = 0 USD/yr
  reviewed   = {today}
  adoption   = 100%
  integrates = [salesforce, ga4]
}}
"#
    );

    let campaign = format!(
        r#"# Example Co's first campaign, following the seed's lead-generation playbook:
# a landing page and ad variations, paid search with parallel outbound, then
# measurement. It starts two weeks after the workspace was created. Replace
# the owner, dates, budget, goals and UTM values with yours; `mopsc plan`
# turns it into a dated run plan.
#
# Start another campaign with
#   mopsc new campaign NAME --playbook PLAYBOOK -o NAME.mops

import "context.mops"
import "stack.mops"

campaign demo-request-campaign: lead-generation {{
  context  = example-co
  owner    = "marketing@example.com"
  budget   = 20000 USD
  start    = {start}
  end      = {end}
  audience = mid-market-marketing-ops
  url      = "https://example.com/demo"
  goals {{ mql = 100  sql = 30 }}
  utm {{
    source   = google
    medium   = cpc
    campaign = "demo-request-campaign"
  }}

  step icp-check: marketing-context {{ duration = 2d }}
  step demo-page: landing-page-generator {{ duration = 5d  tool = webflow  budget = 3000 USD }}
  step ad-variations: ad-creative {{ after = [icp-check]  duration = 3d }}
  step search-ads: paid-ads {{
    after    = [demo-page, ad-variations]
    duration = 28d
    tool     = google-ads
    budget   = 12000 USD
    channel  = google-ads
  }}
  step outreach: cold-email {{
    after    = [demo-page]
    duration = 21d
    tool     = hubspot
    channel  = email
    utm {{ source = email  medium = email }}
  }}
  step measure: campaign-analytics {{ after = [search-ads, outreach]  duration = 3d  tool = ga4 }}
}}
"#
    );

    // The seed's frequency of each task (`seed::HYGIENE`).
    let every = |kind: &str| crate::seed::hygiene_every(kind).unwrap_or_default();
    let hygiene = format!(
        r#"# The data-hygiene schedule: the seed's seven tasks at its recommended
# frequencies. Replace the owners with the people who do the work.

hygiene example-co-data {{
  task dedupe-records: dedupe-crm {{ every = {}  owner = "marketing-ops@example.com" }}
  task verify-lists: verify-emails {{ every = {}  owner = "marketing-ops@example.com" }}
  task refresh-firmographics: update-firmographics {{
    every = {}
    owner = "marketing-ops@example.com"
  }}
  task prune-inactive: clean-inactive {{ every = {}  owner = "marketing-ops@example.com" }}
  task utm-audit: audit-utms {{ every = {}  owner = "marketing-ops@example.com" }}
  task scoring-review: review-scoring {{ every = {}  owner = "revops@example.com" }}
  task crm-sync: sync-crm {{ every = {}  owner = "revops@example.com" }}
}}
"#,
        every("dedupe-crm"),
        every("verify-emails"),
        every("update-firmographics"),
        every("clean-inactive"),
        every("audit-utms"),
        every("review-scoring"),
        every("sync-crm"),
    );

    // The seed's standard tiers (`seed::TIERS`).
    let tiers: Vec<String> = crate::seed::TIERS.iter().map(|t| format!("{} = {}", t.name, t.range())).collect();
    let tiers = tiers.join("  ");
    let scoring = format!(
        r#"# Lead scoring, to agree with sales: points within the seed's ranges, the
# standard tiers, and SQL and hot leads routed to the CRM. Replace the rules
# with your signals. Review it with sales every quarter and update `reviewed`
# (SCR007 flags reviews older than 92 days).

import "stack.mops"

scoring example-co-lead-score {{
  route    = salesforce
  reviewed = {today}
  signal icp-title: demographic {{ points = +20  rule = "title matches the ICP" }}
  signal icp-company: demographic {{ points = +15  rule = "50-500 employees in a target industry" }}
  signal pricing-visit: high-intent {{ points = +20  rule = "visited /pricing twice in 7 days" }}
  signal demo-request: high-intent {{ points = +25  rule = "requested a demo" }}
  signal webinar: engagement {{ points = +10  rule = "attended a webinar" }}
  signal trial-activated: product {{ points = +25  rule = "reached the activation milestone in the trial" }}
  signal competitor: negative {{ points = -50  rule = "works at a competitor" }}
  signal student: negative {{ points = -20  rule = "student email address" }}
  tiers {{ {tiers} }}
}}
"#
    );

    // The seed's position-based split (`seed::POSITION_BASED`).
    let crate::seed::PositionSplit { first, last, middle } = crate::seed::POSITION_BASED;
    let attribution = format!(
        r#"# The attribution model, shared with sales: position-based (U-shaped) credit,
# {first}% to the first touch, {last}% to the lead conversion, {middle}% across the middle.
# Replace the conversion events with yours, and `documented` with the page
# where the decision is written down.

attribution example-co-attribution: position-based {{
  first       = {first}%
  last        = {last}%
  middle      = {middle}%
  window      = 90d
  conversions = ["demo-requested", "trial-started"]
  documented  = "Marketing wiki: Attribution model"
}}
"#
    );

    vec![
        ("mops.toml", mops_toml),
        ("context.mops", canonical(context)),
        ("stack.mops", canonical(stack)),
        ("campaign.mops", canonical(campaign)),
        ("hygiene.mops", canonical(hygiene)),
        ("scoring.mops", canonical(scoring)),
        ("attribution.mops", canonical(attribution)),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("refusing to overwrite existing files in {dir}: {}", .files.join(", "))]
    Exists { dir: String, files: Vec<String> },
    #[error("{0} exists and is not a directory")]
    NotADirectory(String),
    #[error("cannot write {path}: {error}")]
    Io { path: String, error: std::io::Error },
}

/// Write a new workspace into `dir` (created if missing). Refuses, writing
/// nothing, when any of the files exists. Returns the paths written.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, InitError> {
    let show = |p: &Path| crate::workspace::display_path(p);
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotADirectory(show(dir)));
    }
    let files = init_files(today);
    let existing: Vec<String> = files
        .iter()
        .filter(|(name, _)| dir.join(name).symlink_metadata().is_ok())
        .map(|(n, _)| n.to_string())
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists { dir: show(dir), files: existing });
    }
    std::fs::create_dir_all(dir).map_err(|error| InitError::Io { path: show(dir), error })?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        crate::fsutil::write_atomic(&path, text.as_bytes())
            .map_err(|error| InitError::Io { path: show(&path), error })?;
        written.push(path);
    }
    Ok(written)
}

// ------------------------------------------------------------------ new campaign

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("campaign name `{name}` is not lowercase kebab-case (NAM001){}", .suggestion.as_ref().map(|s| format!(": did you mean `{s}`?")).unwrap_or_default())]
    BadName { name: String, suggestion: Option<String> },
    #[error("no playbook `{name}`{}; the playbooks are: {}", .hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default(), .available.join(", "))]
    UnknownPlaybook { name: String, hint: Option<String>, available: Vec<String> },
    #[error("the workspace already has a campaign `{0}`")]
    Exists(String),
}

/// A step name and a default duration (days) for a skill: the seed
/// module's for a prelude skill, else the skill's name and 5 days.
fn step_defaults(skill: &str) -> (&str, i64) {
    crate::seed::skill(skill).map(|s| (s.step, s.days)).unwrap_or((skill, 5))
}

/// A campaign skeleton (canonical `.mops` text) following `playbook` as
/// declared in `model` (the prelude's playbooks, or the workspace's): one
/// step per skill, in order, each after the one above it.
///
/// The context is the workspace's first one, when it has one; otherwise the
/// skeleton lists `given = [context]` with a TODO so that it compiles, and
/// CTX001 flags it. `import` lines are the caller's business ([`run_new`]
/// adds the context's file).
pub fn new_campaign(name: &str, playbook: &str, model: &Model, start: Date) -> Result<String, NewError> {
    if !is_kebab(name) {
        let s = to_kebab(name);
        return Err(NewError::BadName { name: name.to_string(), suggestion: is_kebab(&s).then_some(s) });
    }
    let Some(pb) = model.playbook(playbook) else {
        let available: Vec<String> = model.playbooks.iter().map(|p| p.name.value.to_string()).collect();
        let hint = crate::schema::did_you_mean(playbook, available.iter().map(String::as_str));
        return Err(NewError::UnknownPlaybook { name: playbook.to_string(), hint, available });
    };
    if user(&model.campaigns).any(|c| c.name.value == name) {
        return Err(NewError::Exists(name.to_string()));
    }
    let context = user(&model.contexts).next().map(|c| c.name.value.to_string());

    // Artifacts no earlier step produces must exist before the start (`given`).
    let mut produced: Vec<String> = Vec::new();
    let mut given: Vec<String> = Vec::new();
    for skill in &pb.data.steps {
        if let Some(sk) = model.skill(&skill.value) {
            for r in &sk.data.requires {
                let ok = produced.iter().any(|p| *p == r.value) || (r.value == "context" && context.is_some());
                if !ok && !given.iter().any(|g| *g == r.value) {
                    given.push(r.value.to_string());
                }
            }
            produced.extend(sk.data.produces.iter().map(|p| p.value.to_string()));
        }
    }

    let mut t = String::new();
    let summary = pb.data.summary.as_ref().map(|s| s.value.as_str()).unwrap_or("");
    for line in wrap(&format!("Campaign skeleton for the `{playbook}` playbook: {summary}"), 76) {
        t.push_str(&format!("# {line}\n"));
    }
    t.push_str("# One step per skill of the playbook, in order; each step starts when the\n");
    t.push_str("# one above it ends (use `after = [...]` to run steps in parallel). Fill in\n");
    t.push_str("# every TODO, then run `mopsc check`: it flags the campaign until you do.\n\n");
    t.push_str(&format!("campaign {name}: {playbook} {{\n"));
    match &context {
        Some(c) => t.push_str(&format!("  context = {c}\n")),
        None if given.iter().any(|g| g == "context") => t.push_str(
            "  # TODO: name your marketing context (`context = NAME`, CTX001) and drop `context` from `given`.\n",
        ),
        None => t.push_str("  # TODO: name your marketing context (`context = NAME`, CTX001).\n"),
    }
    if !given.is_empty() {
        if given.iter().any(|g| g != "context") {
            t.push_str(
                "  # TODO: artifacts that must exist before the start; produce them in a step or keep them here.\n",
            );
        }
        t.push_str(&format!("  given = [{}]\n", given.join(", ")));
    }
    t.push_str("  # TODO: the person accountable for the campaign (CMP005 until set).\n");
    t.push_str("  owner = \"TODO\"\n");
    t.push_str("  # TODO: the launch date.\n");
    t.push_str(&format!("  start = {start}\n"));
    t.push_str("  # TODO: the budget and deadline, e.g. `budget = 20000 USD` and `end = YYYY-MM-DD`.\n");
    t.push_str("  # TODO: what success means (CMP008 until set), e.g. `goals { mql = 100  sql = 30 }`.\n");
    t.push_str(&format!(
        "  # TODO: tag channel steps, e.g. `utm {{ source = google  medium = cpc  campaign = \"{name}\" }}`.\n\n"
    ));
    let mut names: Vec<String> = Vec::new();
    for skill in &pb.data.steps {
        let (base, days) = step_defaults(&skill.value);
        let mut step = base.to_string();
        let mut n = 2;
        while names.contains(&step) {
            step = format!("{base}-{n}");
            n += 1;
        }
        names.push(step.clone());
        if skill.value == "paid-ads" {
            t.push_str("  # TODO: the ad spend (CMP006 until set), e.g. `budget = 10000 USD`, and the `channel`.\n");
        }
        t.push_str(&format!("  step {step}: {} {{ duration = {days}d }}\n", skill.value));
    }
    t.push_str("}\n");
    Ok(canonical(t))
}

/// Words of `text` in lines of at most `width` characters (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The relative import path from a file in `from_dir` to `to` (both absolute).
pub(crate) fn relative_import(from_dir: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from_dir.components().collect();
    let to_c: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to_c[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Some(parts.join("/"))
}

/// Put `import "rel"` between the header comment and the campaign.
pub(crate) fn insert_import(text: &str, rel: &str) -> String {
    match text.find("\ncampaign ") {
        Some(i) => format!("{}import \"{}\"\n\n{}", &text[..i + 1], rel.replace('"', "\\\""), &text[i + 1..]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports() {
        assert_eq!(relative_import(Path::new("/w"), Path::new("/w/context.mops")).as_deref(), Some("context.mops"));
        assert_eq!(
            relative_import(Path::new("/w/campaigns"), Path::new("/w/context.mops")).as_deref(),
            Some("../context.mops")
        );
        assert_eq!(relative_import(Path::new("/w"), Path::new("/w/a/c.mops")).as_deref(), Some("a/c.mops"));
    }

    #[test]
    fn every_prelude_skill_has_a_named_default() {
        let (model, _) = crate::check::prelude_model();
        for s in &model.skills {
            let (name, days) = step_defaults(&s.name.value);
            assert!(days > 0);
            assert!(is_kebab(name));
            assert_ne!(name, s.name.value, "{} has a step name of its own", s.name.value);
        }
    }
}
