//! A campaign's step graph (LANGUAGE.md §4 "Ordering" and "Artifacts"):
//! predecessors with the implicit "previous step" default, cycles (E030),
//! artifact hand-offs (E040), the CPM schedule, budgets (E041), and dates
//! (E042, E043). One analysis, used by validation, plan and graph.

use std::collections::BTreeMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::literal::Date;
use crate::model::{Campaign, CampaignDecl, Model};
use crate::schedule::{self, Activity, Schedule};

/// Why a step waits for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pred {
    pub step: usize,
    /// The span of the name in `after = [...]`; `None` for the implicit
    /// "previous step" edge.
    pub span: Option<Span>,
}

/// Where a required artifact comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Step(usize),
    Given,
    Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    pub artifact: String,
    /// `None`: nothing provides it (E040).
    pub source: Option<Source>,
}

/// The analysis of one campaign.
#[derive(Debug, Clone)]
pub struct CampaignGraph {
    pub preds: Vec<Vec<Pred>>,
    /// The step graph (node weight: step index; edge weight: the `after` span).
    pub graph: DiGraph<usize, Option<Span>>,
    /// A topological order (source order among equals), `None` on a cycle.
    pub order: Option<Vec<usize>>,
    /// Per step, the artifacts its skill requires and where each comes from.
    pub handoffs: Vec<Vec<Handoff>>,
    pub schedule: Option<Schedule>,
    /// Duration of each step in whole days (hours rounded up).
    pub days: Vec<i64>,
}

impl CampaignGraph {
    /// The first and last day of step `i` (inclusive) in `cal`.
    pub fn dates(&self, start: Date, i: usize, cal: &Calendar) -> Option<(Date, Date)> {
        slot_dates(start, self.schedule.as_ref()?.slots[i], cal)
    }
    /// The campaign's last day (inclusive), from the schedule.
    pub fn end_date(&self, start: Date, cal: &Calendar) -> Option<Date> {
        let end = self.schedule.as_ref()?.end;
        cal.day(start, (end - 1).max(0))
    }
}

/// The days a schedule counts. The schedule itself (CPM) is in days either
/// way; the calendar turns day `n` into a date: with calendar days, `start`
/// plus `n`; with working days, the `n`-th working day from the first one
/// on or after `start`, Saturdays, Sundays and the holidays skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub working_days: bool,
    /// Days that are not worked (with working days), sorted.
    pub holidays: Vec<Date>,
}

impl Calendar {
    pub fn is_working(&self, d: Date) -> bool {
        use jiff::civil::Weekday;
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && self.holidays.binary_search(&d).is_err()
    }
    /// The date of day `n` of a campaign starting on `start`.
    pub fn day(&self, start: Date, n: i64) -> Option<Date> {
        if !self.working_days {
            return add_days(start, n);
        }
        if !(0..=3_000_000).contains(&n) {
            return None;
        }
        // whole weeks at once (five working days each), then day by day;
        // holidays only add days, so the loop ends
        let mut d = start;
        let mut skipped = 0;
        while !self.is_working(d) {
            d = add_days(d, 1)?;
            skipped += 1;
            if skipped > 3_700 {
                return None;
            }
        }
        let mut left = n;
        if self.holidays.is_empty() && left >= 5 {
            // five working days from a working day are exactly a week later
            d = add_days(d, (left / 5) * 7)?;
            left %= 5;
        }
        let mut guard = 0i64;
        while left > 0 {
            d = add_days(d, 1)?;
            if self.is_working(d) {
                left -= 1;
            }
            guard += 1;
            if guard > 3_700_000 {
                return None;
            }
        }
        Some(d)
    }
    /// The calendar in force for `c`: its own `calendar`, else the
    /// workspace's (`[plan] calendar` in mops.toml).
    pub fn of(c: &Campaign, workspace: &Calendar) -> Calendar {
        match c.calendar.as_ref().map(|x| x.value.as_str()) {
            Some("working-days") => Calendar { working_days: true, holidays: workspace.holidays.clone() },
            Some("calendar-days") => Calendar { working_days: false, holidays: workspace.holidays.clone() },
            _ => workspace.clone(),
        }
    }
    /// `working-days` or `calendar-days`.
    pub fn name(&self) -> &'static str {
        if self.working_days {
            "working-days"
        } else {
            "calendar-days"
        }
    }
}

pub fn add_days(d: Date, n: i64) -> Option<Date> {
    if n.unsigned_abs() > 3_700_000 {
        return None;
    }
    d.checked_add(jiff::Span::new().days(n)).ok()
}

/// The order of a campaign's steps: what each waits for, and a
/// topological order (`None` on a cycle). The cheap part of [`analyse`],
/// for rules that need only this.
#[derive(Debug, Clone)]
pub struct Structure {
    pub preds: Vec<Vec<Pred>>,
    pub order: Option<Vec<usize>>,
}

/// [`Structure`] of one campaign.
pub fn structure(c: &CampaignDecl) -> Structure {
    let preds = preds_of(c);
    let order = topo_order(&preds);
    Structure { preds, order }
}

/// The first and last calendar day (inclusive) of every step, from the
/// schedule; `None` when the campaign has no start date or a cycle, and
/// `None` for a step whose dates leave the calendar.
pub fn step_dates(c: &CampaignDecl, workspace: &Calendar) -> Option<Vec<Option<(Date, Date)>>> {
    let start = c.data.start.as_ref()?.value;
    let Structure { preds, order } = structure(c);
    let order = order?;
    let acts = activities(c, &preds);
    let schedule = schedule::compute(&acts, &order);
    let cal = Calendar::of(&c.data, workspace);
    Some((0..acts.len()).map(|i| slot_dates(start, schedule.slots[i], &cal)).collect())
}

fn slot_dates(start: Date, s: schedule::Slot, cal: &Calendar) -> Option<(Date, Date)> {
    let first = cal.day(start, s.early_start)?;
    let last = if s.early_finish > s.early_start { cal.day(start, s.early_finish - 1)? } else { first };
    Some((first, last))
}

fn days_of(c: &CampaignDecl) -> Vec<i64> {
    c.data.steps.iter().map(|s| s.duration.as_ref().map(|d| d.value.days_ceil()).unwrap_or(0)).collect()
}

fn activities(c: &CampaignDecl, preds: &[Vec<Pred>]) -> Vec<Activity> {
    days_of(c)
        .into_iter()
        .zip(preds)
        .map(|(days, ps)| Activity { days, preds: ps.iter().map(|p| p.step).collect() })
        .collect()
}

/// What each step waits for: its `after` list, or the previous step.
fn preds_of(c: &CampaignDecl) -> Vec<Vec<Pred>> {
    let steps = &c.data.steps;
    let n = steps.len();
    let index: BTreeMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.name.value.as_str(), i)).collect();
    let mut preds = vec![Vec::new(); n];
    for (i, s) in steps.iter().enumerate() {
        match &s.after {
            None if i > 0 => preds[i].push(Pred { step: i - 1, span: None }),
            None => {}
            Some(list) => {
                let mut seen = std::collections::HashSet::new();
                for name in &list.value {
                    if let Some(&p) = index.get(name.value.as_str()) {
                        if seen.insert(p) {
                            preds[i].push(Pred { step: p, span: Some(name.span) });
                        }
                    }
                }
            }
        }
    }
    preds
}

/// Analyse one campaign against the model (skills for artifacts).
pub fn analyse(c: &CampaignDecl, model: &Model) -> CampaignGraph {
    let steps = &c.data.steps;
    let n = steps.len();
    let preds = preds_of(c);
    let mut graph: DiGraph<usize, Option<Span>> = DiGraph::with_capacity(n, n);
    for i in 0..n {
        graph.add_node(i);
    }
    for (i, ps) in preds.iter().enumerate() {
        for p in ps {
            graph.add_edge(NodeIndex::new(p.step), NodeIndex::new(i), p.span);
        }
    }
    let order = topo_order(&preds);
    let days = days_of(c);
    let mut handoffs = vec![Vec::new(); n];
    let mut schedule = None;
    if let Some(order) = &order {
        // nearest producer of each artifact available at each step
        let mut avail: Vec<BTreeMap<String, (usize, usize)>> = vec![BTreeMap::new(); n];
        for &i in order {
            let mut here: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            for p in &preds[i] {
                let mut offer = |art: &str, dist: usize, step: usize| {
                    let e = here.entry(art.to_string()).or_insert((dist, step));
                    if (dist, step) < *e {
                        *e = (dist, step);
                    }
                };
                for (art, (d, s)) in &avail[p.step] {
                    offer(art, d + 1, *s);
                }
                if let Some(sk) = model.skill(&steps[p.step].skill.value) {
                    for art in &sk.data.produces {
                        offer(&art.value, 1, p.step);
                    }
                }
            }
            if let Some(sk) = model.skill(&steps[i].skill.value) {
                for req in &sk.data.requires {
                    let source = if let Some((_, s)) = here.get(req.value.as_str()) {
                        Some(Source::Step(*s))
                    } else if c.data.given.iter().any(|g| g.value == req.value) {
                        Some(Source::Given)
                    } else if req.value == "context" && c.data.context.is_some() {
                        Some(Source::Context)
                    } else {
                        None
                    };
                    handoffs[i].push(Handoff { artifact: req.value.to_string(), source });
                }
            }
            avail[i] = here;
        }
        schedule = Some(schedule::compute(&activities(c, &preds), order));
    }
    CampaignGraph { preds, graph, order, handoffs, schedule, days }
}

/// Kahn's algorithm taking the lowest ready index first, so that the order
/// follows the source wherever the graph allows. `None` on a cycle.
fn topo_order(preds: &[Vec<Pred>]) -> Option<Vec<usize>> {
    let n = preds.len();
    let mut indeg: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut succs = vec![Vec::new(); n];
    for (i, ps) in preds.iter().enumerate() {
        for p in ps {
            succs[p.step].push(i);
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> =
        (0..n).filter(|&i| indeg[i] == 0).map(std::cmp::Reverse).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(i)) = ready.pop() {
        out.push(i);
        for &s in &succs[i] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                ready.push(std::cmp::Reverse(s));
            }
        }
    }
    (out.len() == n).then_some(out)
}

/// E030, E040–E043 for every campaign of the workspace.
pub fn validate(model: &Model, calendar: &Calendar, diags: &mut Vec<Diagnostic>) {
    // campaigns are independent: analyse them on every core, report in order
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = model
        .campaigns
        .par_iter()
        .filter(|c| c.file != FileId::PRELUDE)
        .map(|c| {
            let mut out = Vec::new();
            validate_one(c, model, calendar, &mut out);
            out
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

fn validate_one(c: &CampaignDecl, model: &Model, calendar: &Calendar, diags: &mut Vec<Diagnostic>) {
    {
        let g = analyse(c, model);
        let file = c.file;
        let steps = &c.data.steps;
        if g.order.is_none() {
            cycles(c, &g, diags);
        }
        // E040
        for (i, hs) in g.handoffs.iter().enumerate() {
            // a step whose `after` names no step of the campaign has E021:
            // its hand-offs cannot be judged (one mistake, one finding)
            let unresolved = steps[i]
                .after
                .as_ref()
                .is_some_and(|a| a.value.iter().any(|x| !steps.iter().any(|s| s.name.value == x.value)));
            if unresolved {
                continue;
            }
            for h in hs.iter().filter(|h| h.source.is_none()) {
                let step = &steps[i];
                let producers: Vec<&str> = model
                    .skills
                    .iter()
                    .filter(|s| s.data.produces.iter().any(|p| p.value == h.artifact))
                    .map(|s| s.name.value.as_str())
                    .collect();
                let in_campaign: Vec<&str> = steps
                    .iter()
                    .enumerate()
                    .filter(|(j, s)| *j != i && producers.contains(&s.skill.value.as_str()))
                    .map(|(_, s)| s.name.value.as_str())
                    .collect();
                let prod_words = if producers.is_empty() {
                    "no skill produces it".to_string()
                } else {
                    format!(
                        "it is produced by {}",
                        producers.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                    )
                };
                let help = if let Some(first) = in_campaign.first() {
                    let mut after: Vec<String> = match &step.after {
                        Some(a) => a.value.iter().map(|x| x.value.to_string()).collect(),
                        None => g.preds[i].iter().map(|p| steps[p.step].name.value.to_string()).collect(),
                    };
                    after.push(first.to_string());
                    format!("make the step wait for `{first}`: `after = [{}]`", after.join(", "))
                } else if h.artifact == "context" {
                    "name the campaign's context (`context = NAME`), or add a `marketing-context` step before this one"
                        .to_string()
                } else if let Some(p) = producers.first() {
                    format!(
                        "add a step using `{p}` before this one, or list `{}` in the campaign's `given`",
                        h.artifact
                    )
                } else {
                    format!("list `{}` in the campaign's `given` if it exists before the campaign starts", h.artifact)
                };
                diags.push(
                    Diagnostic::error(
                        "E040",
                        format!(
                            "step `{}` needs the artifact `{}`, which no step before it produces ({prod_words})",
                            step.name.value, h.artifact
                        ),
                        file,
                        step.skill.span,
                    )
                    .with_label(file, step.skill.span, format!("`{}` requires `{}`", step.skill.value, h.artifact))
                    .with_help(help),
                );
            }
        }
        budgets(c, diags);
        // E043, E042
        if let (Some(start), Some(end)) = (&c.data.start, &c.data.end) {
            if end.value < start.value {
                diags.push(
                    Diagnostic::error(
                        "E043",
                        format!(
                            "campaign `{}` ends on {} before it starts on {}",
                            c.name.value, end.value, start.value
                        ),
                        file,
                        end.span,
                    )
                    .with_label(file, end.span, "end")
                    .with_label(file, start.span, "start")
                    .with_help("swap the dates, or set `end` on or after `start`"),
                );
            } else if let Some(sched) = &g.schedule {
                let computed = g.end_date(start.value, &Calendar::of(&c.data, calendar));
                let over = match computed {
                    Some(d) => d > end.value,
                    None => true,
                };
                if over && sched.end > 0 {
                    let shown = computed.map(|d| d.to_string()).unwrap_or_else(|| "after the year 9999".into());
                    let path: Vec<&str> = sched.critical_path.iter().map(|&i| steps[i].name.value.as_str()).collect();
                    diags.push(
                        Diagnostic::error(
                            "E042",
                            format!(
                                "the schedule of `{}` ends on {shown}, after its end date {} ({} {} from {})",
                                c.name.value,
                                end.value,
                                sched.end,
                                if Calendar::of(&c.data, calendar).working_days { "working days" } else { "days" },
                                start.value
                            ),
                            file,
                            end.span,
                        )
                        .with_label(file, end.span, format!("the schedule needs until {shown}"))
                        .with_help(format!(
                            "move `end` to {shown} or later, or shorten the critical path: {}",
                            path.join(" → ")
                        )),
                    );
                }
            }
        }
    }
}

fn cycles(c: &CampaignDecl, g: &CampaignGraph, diags: &mut Vec<Diagnostic>) {
    let steps = &c.data.steps;
    let mut sccs: Vec<Vec<usize>> = tarjan_scc(&g.graph)
        .into_iter()
        .map(|scc| {
            let mut v: Vec<usize> = scc.iter().map(|n| n.index()).collect();
            v.sort_unstable();
            v
        })
        .filter(|v| v.len() > 1 || g.preds[v[0]].iter().any(|p| p.step == v[0]))
        .collect();
    sccs.sort();
    for scc in sccs {
        // walk the cycle from its first step, following predecessors inside the SCC
        let start = scc[0];
        let mut path = vec![start];
        let mut cur = start;
        loop {
            let next = g.preds[cur].iter().filter(|p| scc.contains(&p.step)).map(|p| p.step).min();
            match next {
                Some(n) if n == start => break,
                Some(n) if !path.contains(&n) => {
                    path.push(n);
                    cur = n;
                }
                _ => break,
            }
        }
        // path lists steps each waiting for the next; print in run order
        path.reverse();
        // blame an explicit `after` that points backwards in the source if
        // there is one (else any explicit one), and list the cycle so that
        // this edge closes it
        let len = path.len();
        let explicit = |w: usize| {
            let (a, b) = (path[w], path[(w + 1) % len]);
            g.preds[b].iter().any(|p| p.step == a && p.span.is_some())
        };
        let closing_w = (0..len)
            .find(|&w| explicit(w) && path[(w + 1) % len] < path[w])
            .or_else(|| (0..len).find(|&w| explicit(w)))
            .unwrap_or(len - 1);
        path.rotate_left((closing_w + 1) % len);
        let mut names: Vec<&str> = path.iter().map(|&i| steps[i].name.value.as_str()).collect();
        names.push(names[0]);
        let closing = path[0];
        let closing_pred = *path.last().expect("non-empty");
        let primary = g.preds[closing]
            .iter()
            .find(|p| p.step == closing_pred)
            .and_then(|p| p.span)
            .unwrap_or(steps[closing].header);
        let mut d = Diagnostic::error(
            "E030",
            format!("steps of `{}` wait for each other in a cycle: {}", c.name.value, names.join(" → ")),
            c.file,
            primary,
        );
        for w in 0..path.len() {
            let (a, b) = (path[w], path[(w + 1) % path.len()]);
            // b waits for a
            match g.preds[b].iter().find(|p| p.step == a) {
                Some(Pred { span: Some(sp), .. }) => {
                    d = d.with_label(
                        c.file,
                        *sp,
                        format!("`{}` waits for `{}`", steps[b].name.value, steps[a].name.value),
                    );
                }
                _ => {
                    d = d.with_label(
                        c.file,
                        steps[b].header,
                        format!(
                            "`{}` runs after `{}`, the step written before it",
                            steps[b].name.value, steps[a].name.value
                        ),
                    );
                }
            }
        }
        diags.push(d.with_help(format!(
            "remove `{}` from the `after` of `{}`, or reorder the steps so that each waits only for earlier work",
            steps[closing_pred].name.value, steps[closing].name.value
        )));
    }
}

/// The currency a campaign is budgeted in: its budget's, else its first step budget's.
pub fn currency(c: &Campaign) -> Option<crate::model::Name> {
    c.budget
        .as_ref()
        .map(|b| b.value.currency.clone())
        .or_else(|| c.steps.iter().find_map(|s| s.budget.as_ref().map(|b| b.value.currency.clone())))
}

fn budgets(c: &CampaignDecl, diags: &mut Vec<Diagnostic>) {
    let file = c.file;
    let steps = &c.data.steps;
    let Some(currency) = currency(&c.data) else { return };
    let mut sum: i64 = 0;
    for s in steps {
        let Some(b) = &s.budget else { continue };
        if b.value.currency != currency {
            let mut d = Diagnostic::error(
                "E041",
                format!(
                    "step `{}` is budgeted in {}, but the campaign uses {currency}",
                    s.name.value, b.value.currency
                ),
                file,
                b.span,
            )
            .with_label(file, b.span, format!("in {}", b.value.currency));
            if let Some(cb) = &c.data.budget {
                d = d.with_label(file, cb.span, format!("campaign budget in {currency}"));
            }
            diags.push(d.with_help(format!("give every budget of the campaign in {currency}")));
            continue;
        }
        sum = sum.saturating_add(b.value.cents);
    }
    if let Some(cb) = &c.data.budget {
        if sum > cb.value.cents {
            let total = crate::literal::Money { cents: sum, currency: currency.clone() };
            let mut d = Diagnostic::error(
                "E041",
                format!(
                    "step budgets of `{}` add up to {total}, over the campaign budget of {}",
                    c.name.value, cb.value
                ),
                file,
                cb.span,
            )
            .with_label(file, cb.span, "campaign budget");
            for s in steps {
                if let Some(b) = s.budget.as_ref().filter(|b| b.value.currency == currency) {
                    d = d.with_label(file, b.span, format!("`{}`", s.name.value));
                }
            }
            diags
                .push(d.with_help(format!("raise the campaign budget to at least {total}, or lower the step budgets")));
        }
    }
}
