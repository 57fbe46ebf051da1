//! `mopsc plan --diff BASE`: what a change does to the run plans, for the
//! reviewer of a pull request (Terraform's `plan` is the model). BASE is a
//! plan JSON written earlier or a git revision, whose workspace is read from
//! the repository's object store with the `git` program (`ls-tree` and
//! `cat-file`, never a checkout) into a temporary directory and planned
//! there. [`diff`] compares two [`Plan`]s; [`to_markdown`] and [`to_json`]
//! render the result.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;
use serde_json::Value;

use crate::literal::Money;
use crate::plan::{CampaignPlan, Plan, StepPlan};

pub const PLAN_DIFF_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{0}")]
    Git(String),
    #[error("cannot read the plan {path}: {why}")]
    PlanFile { path: String, why: String },
}

// ------------------------------------------------------------ the base side

/// A plan JSON file written earlier by `mopsc plan --format json`.
pub fn plan_from_json(text: &str, path: &str) -> Result<Plan, DiffError> {
    let err = |why: String| DiffError::PlanFile { path: path.to_string(), why };
    let v: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
    match v.get("plan_version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(n) => return Err(err(format!("plan_version {n}; this mopsc reads plan_version 1"))),
        None => return Err(err("no `plan_version`: not a plan written by `mopsc plan --format json`".into())),
    }
    serde_json::from_value(v).map_err(|e| err(e.to_string()))
}

/// The workspace as committed at a revision, written into a temporary
/// directory: [`Snapshot::paths`] are the requested paths inside it (a path
/// that did not exist at the revision is left out).
pub struct Snapshot {
    _dir: tempfile::TempDir,
    pub paths: Vec<PathBuf>,
    /// The commit the revision names.
    pub commit: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, DiffError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            DiffError::Git(format!("cannot run git ({e}); --diff takes a git revision or a plan JSON file"))
        })?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(DiffError::Git(format!("git {}: {msg}", args.first().copied().unwrap_or(""))));
    }
    Ok(out.stdout)
}

fn trimmed(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_string()
}

/// Read the workspace of `paths` (files or directories in a git working
/// tree) as committed at `rev`. The part read is each path's workspace (the
/// nearest folder with a `mops.toml`, inside the repository), else the path
/// itself: every file there, as the checker may read imports and data files.
pub fn snapshot(rev: &str, paths: &[PathBuf]) -> Result<Snapshot, DiffError> {
    let canon: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .map_err(|e| DiffError::Git(format!("cannot read {}: {e}", crate::workspace::display_path(p))))
        })
        .collect::<Result<_, _>>()?;
    let first = canon.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let here =
        if first.is_dir() { first.clone() } else { first.parent().map(Path::to_path_buf).unwrap_or(first.clone()) };
    let top = trimmed(git(&here, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        DiffError::Git(format!(
            "{} is not in a git repository, and `{rev}` is no plan JSON file: --diff takes a git revision or a plan written by `mopsc plan --format json`",
            crate::workspace::display_path(&here)
        ))
    })?);
    let top = std::fs::canonicalize(&top).unwrap_or_else(|_| PathBuf::from(&top));
    let spec = format!("{rev}^{{commit}}");
    let commit =
        trimmed(git(&top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]).map_err(|_| {
            DiffError::Git(format!(
                "`{rev}` is neither a plan JSON file nor a revision of the git repository at {}",
                crate::workspace::display_path(&top)
            ))
        })?);
    let mut rels = Vec::new();
    let mut scopes: Vec<String> = Vec::new();
    for p in &canon {
        let rel = p.strip_prefix(&top).map_err(|_| {
            DiffError::Git(format!(
                "{} is outside the git repository at {}",
                crate::workspace::display_path(p),
                top.display()
            ))
        })?;
        rels.push(rel.to_path_buf());
        let dir = if p.is_dir() { p.clone() } else { p.parent().map(Path::to_path_buf).unwrap_or_default() };
        let scope = crate::workspace::find_root(&dir).filter(|r| r.starts_with(&top)).unwrap_or_else(|| p.clone());
        let scope = scope.strip_prefix(&top).map(|s| s.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        scopes.push(scope);
    }
    scopes.sort();
    scopes.dedup();
    // a scope inside another is read with it
    let all = scopes.clone();
    scopes.retain(|s| !all.iter().any(|o| o != s && (o.is_empty() || s.starts_with(&format!("{o}/")))));
    let mut args: Vec<&str> = vec!["ls-tree", "-r", "-z", "--full-tree", &commit];
    if !scopes.iter().any(String::is_empty) {
        args.push("--");
        args.extend(scopes.iter().map(String::as_str));
    }
    let listing = git(&top, &args)?;
    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    for rec in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rec = String::from_utf8_lossy(rec);
        let Some((meta, path)) = rec.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else { continue };
        // files only: no symbolic links (they could lead outside), no submodules
        if kind != "blob" || !(mode == "100644" || mode == "100755") {
            continue;
        }
        let rel = PathBuf::from(path);
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            entries.push((oid.to_string(), rel));
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("mopsc-plan-base-")
        .tempdir()
        .map_err(|e| DiffError::Git(format!("cannot make a temporary directory: {e}")))?;
    read_blobs(&top, &entries, dir.path())?;
    let paths = rels.iter().map(|r| dir.path().join(r)).filter(|p| p.exists()).collect();
    Ok(Snapshot { _dir: dir, paths, commit })
}

/// Write the blobs `entries` (object id, path) under `root`, read through
/// one `git cat-file --batch`.
fn read_blobs(top: &Path, entries: &[(String, PathBuf)], root: &Path) -> Result<(), DiffError> {
    if entries.is_empty() {
        return Ok(());
    }
    let failed = |e: std::io::Error| DiffError::Git(format!("git cat-file: {e}"));
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child.stdin.take().ok_or_else(|| DiffError::Git("git cat-file: no input".into()))?;
    let ids: String = entries.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    // written from another thread, so that neither side waits on a full pipe
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(ids.as_bytes());
    });
    let stdout = child.stdout.take().ok_or_else(|| DiffError::Git("git cat-file: no output".into()))?;
    let mut r = BufReader::new(stdout);
    let mut result = Ok(());
    for (oid, rel) in entries {
        let mut header = String::new();
        r.read_line(&mut header).map_err(failed)?;
        let size: Option<usize> = header.split(' ').nth(2).and_then(|s| s.trim().parse().ok());
        let Some(size) = size else {
            result = Err(DiffError::Git(format!("git cat-file: no object {oid} ({})", header.trim())));
            break;
        };
        let mut body = vec![0; size];
        r.read_exact(&mut body).map_err(failed)?;
        let mut nl = [0u8; 1];
        r.read_exact(&mut nl).map_err(failed)?;
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(&path, &body).map_err(failed)?;
    }
    drop(r);
    let _ = writer.join();
    let _ = child.wait();
    result
}

// ---------------------------------------------------------------- the diff

#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    pub plan_diff_version: u32,
    /// The BASE as given (a revision or a file).
    pub base: String,
    /// Whether anything changed: what `--exit-code` reports.
    pub changed: bool,
    pub summary: Summary,
    /// Campaigns added, removed or changed, in the new plan's order (the
    /// removed ones last); unchanged campaigns are only counted.
    pub campaigns: Vec<CampaignDiff>,
    /// The workspace roll-up's changes.
    pub rollup: Vec<Change>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub campaigns_added: usize,
    pub campaigns_removed: usize,
    pub campaigns_changed: usize,
    pub campaigns_unchanged: usize,
    /// Steps of changed campaigns whose dates moved.
    pub steps_moved: usize,
    /// Tagged links of changed campaigns that changed or were removed (link drift).
    pub links_drifted: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignDiff {
    pub name: String,
    pub status: Status,
    /// The campaign's dates in the new plan (the old one's when removed).
    pub start: String,
    pub end: String,
    pub days: i64,
    /// Its budget in the new plan (the old one's when removed).
    pub budget: Option<Money>,
    /// Campaign-level fields that changed (for a changed campaign).
    pub changes: Vec<Change>,
    pub steps: Vec<StepDiff>,
    pub links: Vec<LinkDiff>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepDiff {
    pub name: String,
    pub status: Status,
    pub changes: Vec<Change>,
}

/// One field's old and new value; `days` is how far a date moved or a
/// length changed (new minus old).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub field: String,
    pub old: Value,
    pub new: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkDiff {
    pub step: String,
    pub status: Status,
    pub old: Option<String>,
    pub new: Option<String>,
}

fn days_between(old: &str, new: &str) -> Option<i64> {
    let (a, b) = (crate::literal::date(old).ok()?, crate::literal::date(new).ok()?);
    Some((b - a).get_days() as i64)
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn push<T: Serialize + PartialEq>(out: &mut Vec<Change>, field: &str, old: &T, new: &T) {
    if old != new {
        out.push(Change { field: field.to_string(), old: json(old), new: json(new), days: None });
    }
}

fn push_date(out: &mut Vec<Change>, field: &str, old: &str, new: &str) {
    if old != new {
        out.push(Change { field: field.to_string(), old: json(&old), new: json(&new), days: days_between(old, new) });
    }
}

fn push_days(out: &mut Vec<Change>, field: &str, old: i64, new: i64) {
    if old != new {
        out.push(Change { field: field.to_string(), old: json(&old), new: json(&new), days: Some(new - old) });
    }
}

fn step_changes(o: &StepPlan, n: &StepPlan) -> Vec<Change> {
    let mut c = Vec::new();
    push_date(&mut c, "start", &o.start, &n.start);
    push_date(&mut c, "end", &o.end, &n.end);
    push_days(&mut c, "duration_days", o.duration_days, n.duration_days);
    push(&mut c, "owner", &o.owner, &n.owner);
    push(&mut c, "budget", &o.budget, &n.budget);
    push(&mut c, "critical", &o.critical, &n.critical);
    push(&mut c, "skill", &o.skill, &n.skill);
    push(&mut c, "tool", &o.tool, &n.tool);
    push(&mut c, "channel", &o.channel, &n.channel);
    push(&mut c, "after", &o.after, &n.after);
    c
}

fn campaign_changes(o: &CampaignPlan, n: &CampaignPlan) -> Vec<Change> {
    let mut c = Vec::new();
    push_date(&mut c, "start", &o.start, &n.start);
    push_date(&mut c, "end", &o.end, &n.end);
    push_days(&mut c, "days", o.days, n.days);
    push(&mut c, "calendar", &o.calendar, &n.calendar);
    push(&mut c, "deadline", &o.deadline, &n.deadline);
    push(&mut c, "playbook", &o.playbook, &n.playbook);
    push(&mut c, "owner", &o.owner, &n.owner);
    push(&mut c, "context", &o.context, &n.context);
    push(&mut c, "audience", &o.audience, &n.audience);
    push(&mut c, "critical_path", &o.critical_path, &n.critical_path);
    push(&mut c, "budget.campaign", &o.budget.campaign, &n.budget.campaign);
    push(&mut c, "budget.allocated", &o.budget.allocated, &n.budget.allocated);
    push(&mut c, "budget.unallocated", &o.budget.unallocated, &n.budget.unallocated);
    push(&mut c, "goals", &o.goals, &n.goals);
    c
}

fn link_diffs(o: Option<&CampaignPlan>, n: Option<&CampaignPlan>) -> Vec<LinkDiff> {
    let empty = Vec::new();
    let old = o.map(|c| &c.links).unwrap_or(&empty);
    let new = n.map(|c| &c.links).unwrap_or(&empty);
    let mut out = Vec::new();
    for l in new {
        match old.iter().find(|x| x.step == l.step) {
            None => {
                out.push(LinkDiff { step: l.step.clone(), status: Status::Added, old: None, new: Some(l.url.clone()) })
            }
            Some(x) if x.url != l.url => out.push(LinkDiff {
                step: l.step.clone(),
                status: Status::Changed,
                old: Some(x.url.clone()),
                new: Some(l.url.clone()),
            }),
            Some(_) => {}
        }
    }
    for x in old.iter().filter(|x| !new.iter().any(|l| l.step == x.step)) {
        out.push(LinkDiff { step: x.step.clone(), status: Status::Removed, old: Some(x.url.clone()), new: None });
    }
    out
}

fn whole(c: &CampaignPlan, status: Status) -> CampaignDiff {
    CampaignDiff {
        name: c.name.clone(),
        status,
        start: c.start.clone(),
        end: c.end.clone(),
        days: c.days,
        budget: c.budget.campaign.clone(),
        changes: Vec::new(),
        steps: c.steps.iter().map(|s| StepDiff { name: s.name.clone(), status, changes: Vec::new() }).collect(),
        links: if status == Status::Added { link_diffs(None, Some(c)) } else { link_diffs(Some(c), None) },
    }
}

/// What changed from `old` to `new`. Campaigns and steps are matched by name.
pub fn diff(base: &str, old: &Plan, new: &Plan) -> PlanDiff {
    let mut summary = Summary::default();
    let mut campaigns = Vec::new();
    for n in &new.campaigns {
        let Some(o) = old.campaigns.iter().find(|o| o.name == n.name) else {
            summary.campaigns_added += 1;
            campaigns.push(whole(n, Status::Added));
            continue;
        };
        let mut steps = Vec::new();
        for s in &n.steps {
            match o.steps.iter().find(|x| x.name == s.name) {
                None => steps.push(StepDiff { name: s.name.clone(), status: Status::Added, changes: Vec::new() }),
                Some(x) => {
                    let changes = step_changes(x, s);
                    if changes.iter().any(|c| c.field == "start" || c.field == "end") {
                        summary.steps_moved += 1;
                    }
                    if !changes.is_empty() {
                        steps.push(StepDiff { name: s.name.clone(), status: Status::Changed, changes });
                    }
                }
            }
        }
        for x in o.steps.iter().filter(|x| !n.steps.iter().any(|s| s.name == x.name)) {
            steps.push(StepDiff { name: x.name.clone(), status: Status::Removed, changes: Vec::new() });
        }
        let changes = campaign_changes(o, n);
        let links = link_diffs(Some(o), Some(n));
        if changes.is_empty() && steps.is_empty() && links.is_empty() {
            summary.campaigns_unchanged += 1;
            continue;
        }
        summary.campaigns_changed += 1;
        summary.links_drifted += links.iter().filter(|l| l.status != Status::Added).count();
        campaigns.push(CampaignDiff {
            name: n.name.clone(),
            status: Status::Changed,
            start: n.start.clone(),
            end: n.end.clone(),
            days: n.days,
            budget: n.budget.campaign.clone(),
            changes,
            steps,
            links,
        });
    }
    for o in old.campaigns.iter().filter(|o| !new.campaigns.iter().any(|n| n.name == o.name)) {
        summary.campaigns_removed += 1;
        campaigns.push(whole(o, Status::Removed));
    }
    let (a, b) = (&old.rollup, &new.rollup);
    let mut rollup = Vec::new();
    push(&mut rollup, "budget", &a.budget, &b.budget);
    push(&mut rollup, "allocated", &a.allocated, &b.allocated);
    push(&mut rollup, "goals.mql", &a.goals.mql, &b.goals.mql);
    push(&mut rollup, "goals.sql", &a.goals.sql, &b.goals.sql);
    push(&mut rollup, "goals.signups", &a.goals.signups, &b.goals.signups);
    push(&mut rollup, "goals.pipeline", &a.goals.pipeline, &b.goals.pipeline);
    push(&mut rollup, "goals.revenue", &a.goals.revenue, &b.goals.revenue);
    let mut months: Vec<&str> = a.spend_by_month.iter().chain(&b.spend_by_month).map(|m| m.month.as_str()).collect();
    months.sort();
    months.dedup();
    for m in months {
        let spend = |r: &crate::plan::Rollup| {
            r.spend_by_month.iter().find(|x| x.month == m).map(|x| x.spend.clone()).unwrap_or_default()
        };
        push(&mut rollup, &format!("spend_by_month.{m}"), &spend(a), &spend(b));
    }
    PlanDiff {
        plan_diff_version: PLAN_DIFF_VERSION,
        base: base.to_string(),
        changed: !campaigns.is_empty() || !rollup.is_empty(),
        summary,
        campaigns,
        rollup,
    }
}

// ---------------------------------------------------------------- renderers

pub fn to_json(d: &PlanDiff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_default();
    s.push('\n');
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn signed_days(d: i64) -> String {
    match d {
        1 => "+1 day".into(),
        -1 => "-1 day".into(),
        d if d > 0 => format!("+{d} days"),
        d => format!("{d} days"),
    }
}

/// A JSON value of a change as a reader sees it: money as `40000 USD`,
/// nothing as `—`.
fn show(v: &Value) -> String {
    let text = match v {
        Value::Null => "—".to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) => {
            let money = items.iter().all(|i| i.get("amount").is_some());
            items.iter().map(show).collect::<Vec<_>>().join(if money { " + " } else { ", " })
        }
        Value::Object(m) => {
            match (m.get("amount").and_then(Value::as_str), m.get("currency").and_then(Value::as_str)) {
                (Some(a), Some(c)) => match crate::literal::money(a, c) {
                    Ok(money) => crate::audit::money_human(&money),
                    Err(_) => format!("{a} {c}"),
                },
                _ => m.iter().map(|(k, v)| format!("{k} {}", show(v))).collect::<Vec<_>>().join(", "),
            }
        }
    };
    crate::plan::md_escape(&text)
}

fn money_text(m: &Option<Money>) -> String {
    m.as_ref().map(|m| crate::plan::md_escape(&crate::audit::money_human(m))).unwrap_or_else(|| "—".into())
}

/// One change in words: `starts 2026-03-02 → 2026-03-05 (+3 days)`.
fn describe(c: &Change) -> String {
    let (o, n) = (show(&c.old), show(&c.new));
    let moved = c.days.map(|d| format!(" ({})", signed_days(d))).unwrap_or_default();
    match c.field.as_str() {
        "critical" => {
            if c.new == Value::Bool(true) {
                "joined the critical path".into()
            } else {
                "left the critical path".into()
            }
        }
        "start" => format!("starts {o} → {n}{moved}"),
        "end" => format!("ends {o} → {n}{moved}"),
        "duration_days" => format!("takes {o} → {n} days"),
        "days" => format!("runs {o} → {n} days"),
        "after" => format!("waits for {o} → {n}"),
        "critical_path" => format!("critical path was {}; now {}", o.replace(", ", " → "), n.replace(", ", " → ")),
        f => format!("{} {o} → {n}", f.replace("budget.", "budget ").replace('_', " ")),
    }
}

/// The pull-request comment: a short summary first (what changed, what it
/// costs, whether links drifted), then each campaign's details.
pub fn to_markdown(d: &PlanDiff) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## mopsc plan: changes against `{}`\n", d.base.replace('`', "'"));
    let s = &d.summary;
    if !d.changed {
        let _ = writeln!(
            o,
            "No changes to the run plans ({} unchanged).",
            plural(s.campaigns_unchanged, "campaign", "campaigns")
        );
        return o;
    }
    let mut parts = Vec::new();
    for (n, word) in [(s.campaigns_changed, "changed"), (s.campaigns_added, "added"), (s.campaigns_removed, "removed")]
    {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    let mut line = if parts.is_empty() {
        "**No campaign changed**".to_string()
    } else {
        format!("**Campaigns: {}**", parts.join(", "))
    };
    if s.campaigns_unchanged > 0 {
        let _ = write!(line, " ({} unchanged)", s.campaigns_unchanged);
    }
    if s.steps_moved > 0 {
        let _ = write!(line, "; {} moved", plural(s.steps_moved, "step", "steps"));
    }
    if s.links_drifted > 0 {
        let _ = write!(line, "; {} changed or removed", plural(s.links_drifted, "tagged link", "tagged links"));
    }
    o.push_str(&line);
    o.push_str(".\n\n");
    if !d.campaigns.is_empty() {
        o.push_str("| campaign | change | runs | end | budget |\n|---|---|---|---|---|\n");
        for c in &d.campaigns {
            let end = match c.changes.iter().find(|x| x.field == "end").and_then(|x| x.days) {
                Some(days) => signed_days(days),
                None if c.status == Status::Changed => "unchanged".to_string(),
                None => "—".to_string(),
            };
            let budget = match c.changes.iter().find(|x| x.field == "budget.campaign") {
                Some(x) => format!("{} → {}", show(&x.old), show(&x.new)),
                None => money_text(&c.budget),
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} – {} ({} days) | {end} | {budget} |",
                crate::plan::md_escape(&c.name),
                c.status.as_str(),
                c.start,
                c.end,
                c.days
            );
        }
        o.push('\n');
    }
    if s.links_drifted > 0 {
        let names: Vec<String> = d
            .campaigns
            .iter()
            .filter(|c| c.status == Status::Changed && c.links.iter().any(|l| l.status != Status::Added))
            .map(|c| format!("`{}`", c.name))
            .collect();
        let _ = writeln!(
            o,
            "> **Link drift breaks attribution.** {} of {} changed or went away. Ads, emails and posts already out keep the old link, and clicks on the old and the new one are counted under different UTM values, so reports split the campaign. Change links before launch, or keep the old values.\n",
            plural(s.links_drifted, "tagged link", "tagged links"),
            names.join(", ")
        );
    }
    if !d.rollup.is_empty() {
        o.push_str("**Workspace roll-up:** ");
        let items: Vec<String> = d
            .rollup
            .iter()
            .map(|c| {
                let field = c.field.replace("spend_by_month.", "spend in ").replace("goals.", "goal ");
                format!("{field} {} → {}", show(&c.old), show(&c.new))
            })
            .collect();
        o.push_str(&items.join("; "));
        o.push_str(".\n\n");
    }
    for c in &d.campaigns {
        campaign_markdown(&mut o, c);
    }
    o.truncate(o.trim_end().len());
    o.push('\n');
    o
}

fn campaign_markdown(o: &mut String, c: &CampaignDiff) {
    let _ = writeln!(o, "### {}: {}\n", crate::plan::md_escape(&c.name), c.status.as_str());
    match c.status {
        Status::Added | Status::Removed => {
            let _ = writeln!(
                o,
                "{} {} – {} ({} days), budget {}; steps: {}.",
                if c.status == Status::Added { "Runs" } else { "Ran" },
                c.start,
                c.end,
                c.days,
                money_text(&c.budget),
                c.steps.iter().map(|s| crate::plan::md_escape(&s.name)).collect::<Vec<_>>().join(", ")
            );
            if !c.links.is_empty() {
                let _ = writeln!(
                    o,
                    "{} {}.",
                    plural(c.links.len(), "tagged link", "tagged links"),
                    if c.status == Status::Added { "added" } else { "removed" }
                );
            }
            o.push('\n');
            return;
        }
        Status::Changed => {}
    }
    for ch in &c.changes {
        let _ = writeln!(o, "- {}", describe(ch));
    }
    if !c.changes.is_empty() {
        o.push('\n');
    }
    if !c.steps.is_empty() {
        o.push_str("| step | what changed |\n|---|---|\n");
        for s in &c.steps {
            let what = match s.status {
                Status::Changed => s.changes.iter().map(describe).collect::<Vec<_>>().join("; "),
                st => st.as_str().to_string(),
            };
            let _ = writeln!(o, "| {} | {what} |", crate::plan::md_escape(&s.name));
        }
        o.push('\n');
    }
    if !c.links.is_empty() {
        o.push_str("Tagged links:\n\n");
        for l in &c.links {
            let step = crate::plan::md_escape(&l.step);
            match (&l.old, &l.new) {
                (Some(a), Some(b)) => {
                    let _ = writeln!(o, "- `{step}` changed (breaks attribution):\n  - was <{a}>\n  - now <{b}>");
                }
                (None, Some(b)) => {
                    let _ = writeln!(o, "- `{step}` added: <{b}>");
                }
                (Some(a), None) => {
                    let _ = writeln!(o, "- `{step}` removed (breaks attribution): was <{a}>");
                }
                (None, None) => {}
            }
        }
        o.push('\n');
    }
}
