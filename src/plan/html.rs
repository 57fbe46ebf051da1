//! `mopsc plan --format html`: the campaign calendar. One self-contained
//! page (inline CSS and SVG, no scripts, fonts or images fetched): every
//! campaign on one time line (a Gantt chart, critical steps marked, today's
//! line), the spend by month (table and chart, step budgets spread over the
//! steps' days as in the roll-up), the workspace roll-up and each campaign's
//! details. It reuses the audit report's escaping, style sheet and bar
//! charts, and is also well-formed XML (void elements closed), which the
//! tests parse.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::audit::{badge, html_escape as esc, money_human, svg_bars, Bar};
use crate::literal::{Date, Money};
use crate::plan::{CampaignPlan, MonthSpend, Plan};

const EXTRA_CSS: &str = r#"
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.gantt svg { width: 100%; min-width: 760px; height: auto; display: block; }
.chart.scroll svg { min-width: 600px; }
.legend { font-size: 13px; color: var(--muted); margin: 4px 0 10px; }
.legend span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
table.spend td.num, table.spend th.num { text-align: right; }
section.campaign { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 22px 26px 8px; margin: 22px 0; }
section.campaign > h2 { font-size: 22px; margin: 0 0 4px; }
td.crit { color: var(--fail); font-weight: 700; }
.url { word-break: break-all; font-size: 12.5px; }
@media (max-width: 640px) {
  main { padding: 16px 10px 40px; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  section.workspace, section.campaign { padding: 16px 12px 6px; }
  .masthead h1 { font-size: 24px; }
}
@media print {
  .scroll { overflow: visible; }
  .gantt svg, .chart.scroll svg { min-width: 0; }
  section.campaign { break-inside: avoid-page; }
  table { font-size: 11px; }
}
"#;

const CRIT: &str = "#c0392b";
const STEP: &str = "#2c5fd4";
const CAMPAIGN: &str = "#9aa5b5";

fn money_list(v: &[Money]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(money_human).collect::<Vec<_>>().join(" + ")
    }
}

fn opt_money(m: &Option<Money>) -> String {
    m.as_ref().map(money_human).unwrap_or_else(|| "—".into())
}

fn n_days(n: i64) -> String {
    format!("{n} {}", if n == 1 { "day" } else { "days" })
}

fn date(s: &str) -> Option<Date> {
    crate::literal::date(s).ok()
}

fn days(a: Date, b: Date) -> i64 {
    (b - a).get_days() as i64
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_label(year: i16, month: i8) -> String {
    format!("{} {year}", MONTHS[(month.clamp(1, 12) - 1) as usize])
}

/// `2026-03` as `Mar 2026`.
fn month_key_label(key: &str) -> String {
    match key.split_once('-').and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?))) {
        Some((y, m)) => month_label(y, m),
        None => key.to_string(),
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// Every campaign and its steps on one time line, from the first day of the
/// first month to the last day of the last; a bar per step (red on the
/// critical path, a diamond for a zero-day milestone), a grey bar per
/// campaign, a gridline per month and a dashed line on today.
pub fn gantt(plan: &Plan, today: Date) -> String {
    let starts = plan.campaigns.iter().filter_map(|c| date(&c.start));
    let ends = plan.campaigns.iter().filter_map(|c| date(&c.end));
    let (Some(first), Some(last)) = (starts.min(), ends.max()) else {
        return String::new();
    };
    let origin = first.first_of_month();
    let until = last.last_of_month();
    let span = (days(origin, until) + 1).max(1) as f64;
    const W: f64 = 1000.0;
    const LEFT: f64 = 230.0;
    const RIGHT: f64 = 16.0;
    const ROW: f64 = 22.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 12.0;
    let plot = W - LEFT - RIGHT;
    let x = |d: Date| LEFT + days(origin, d) as f64 / span * plot;
    let rows: usize = plan.campaigns.iter().map(|c| c.steps.len() + 1).sum();
    let h = TOP + ROW * rows as f64 + BOTTOM;
    let bottom = TOP + ROW * rows as f64;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="Campaign calendar" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>Campaign calendar: {} to {}</title>"#,
        origin, until
    );
    // months: a gridline each, labelled (every few months on a long time line)
    let months = {
        let mut v = Vec::new();
        let mut m = origin;
        while m <= until && v.len() < 1200 {
            v.push(m);
            match m.last_of_month().tomorrow() {
                Ok(next) => m = next,
                Err(_) => break,
            }
        }
        v
    };
    let every = months.len().div_ceil(18).max(1);
    for (i, m) in months.iter().enumerate() {
        let mx = x(*m);
        let _ = writeln!(
            o,
            r##"<line x1="{mx:.1}" y1="{y1}" x2="{mx:.1}" y2="{bottom}" stroke="#e3e7ee"/>"##,
            y1 = TOP - 6.0
        );
        if i % every == 0 {
            let _ = writeln!(
                o,
                r##"<text x="{tx:.1}" y="{ty}" fill="#5f6b7a" font-size="11">{}</text>"##,
                month_label(m.year(), m.month()),
                tx = mx + 3.0,
                ty = TOP - 12.0
            );
        }
    }
    let mut row = 0usize;
    for c in &plan.campaigns {
        let y = TOP + ROW * row as f64;
        row += 1;
        let _ = writeln!(
            o,
            r##"<text x="8" y="{ty}" fill="#1d2433" font-weight="700">{}<title>{}</title></text>"##,
            esc(&clip(&c.name, 30)),
            esc(&c.name),
            ty = y + 15.0
        );
        if let (Some(s), Some(e)) = (date(&c.start), date(&c.end)) {
            let (bx, bw) = (x(s), (x(e) - x(s) + plot / span).max(2.0));
            let _ = writeln!(
                o,
                r##"<rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="8" rx="2" fill="{CAMPAIGN}"><title>{}: {} to {} ({} days)</title></rect>"##,
                esc(&c.name),
                c.start,
                c.end,
                c.days,
                by = y + 7.0
            );
        }
        for s in &c.steps {
            let y = TOP + ROW * row as f64;
            row += 1;
            let colour = if s.critical { CRIT } else { STEP };
            let _ = writeln!(
                o,
                r##"<text x="22" y="{ty}" fill="#1d2433">{}<title>{}</title></text>"##,
                esc(&clip(&s.name, 28)),
                esc(&s.name),
                ty = y + 15.0
            );
            let (Some(a), Some(b)) = (date(&s.start), date(&s.end)) else { continue };
            let what = format!(
                "{}: {} to {} ({}){}",
                s.name,
                s.start,
                s.end,
                n_days(s.duration_days),
                if s.critical {
                    ", on the critical path".to_string()
                } else {
                    format!(", {} slack", n_days(s.slack_days))
                }
            );
            if s.duration_days == 0 {
                let (cx, cy) = (x(a), y + 11.0);
                let _ = writeln!(
                    o,
                    r##"<path d="M{cx:.1} {t:.1} L{r:.1} {cy:.1} L{cx:.1} {b:.1} L{l:.1} {cy:.1} Z" fill="{colour}" class="{}"><title>{}</title></path>"##,
                    if s.critical { "crit" } else { "step" },
                    esc(&what),
                    t = cy - 6.0,
                    b = cy + 6.0,
                    l = cx - 6.0,
                    r = cx + 6.0
                );
            } else {
                let (bx, bw) = (x(a), (x(b) - x(a) + plot / span).max(2.0));
                let _ = writeln!(
                    o,
                    r##"<rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="14" rx="3" fill="{colour}" class="{}"><title>{}</title></rect>"##,
                    if s.critical { "crit" } else { "step" },
                    esc(&what),
                    by = y + 4.0
                );
            }
        }
    }
    if today >= origin && today <= until {
        let tx = x(today) + plot / span / 2.0;
        let _ = writeln!(
            o,
            r##"<line x1="{tx:.1}" y1="{y1}" x2="{tx:.1}" y2="{bottom}" stroke="#1d2433" stroke-width="1.5" stroke-dasharray="4 3" class="today"/><text x="{tx:.1}" y="{ty}" text-anchor="middle" fill="#1d2433" font-size="11" font-weight="700">today {today}</text>"##,
            y1 = TOP - 22.0,
            ty = TOP - 26.0
        );
    }
    o.push_str("</svg>");
    o
}

/// A round number at or above `v` (1, 2 or 5 times a power of ten).
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * p).find(|c| *c >= v).unwrap_or(10.0 * p)
}

fn short_amount(units: f64) -> String {
    if units >= 1_000_000.0 {
        format!("{}M", (units / 100_000.0).round() / 10.0)
    } else if units >= 1_000.0 {
        format!("{}k", (units / 100.0).round() / 10.0)
    } else {
        format!("{}", units.round())
    }
}

/// One horizontal bar per month of the spend in `currency`.
fn spend_chart(months: &[MonthSpend], currency: &str) -> String {
    let cents = |m: &MonthSpend| m.spend.iter().find(|x| x.currency == currency).map(|x| x.cents).unwrap_or(0);
    let max = nice_ceiling(months.iter().map(|m| cents(m) as f64 / 100.0).fold(0.0, f64::max));
    let bars: Vec<Bar> = months
        .iter()
        .map(|m| Bar {
            label: month_key_label(&m.month),
            value: cents(m) as f64 / 100.0,
            text: money_human(&Money { cents: cents(m), currency: currency.into() }),
            colour: "#2c5fd4",
        })
        .collect();
    let ticks: Vec<(f64, String)> =
        (0..=4).map(|i| (max * i as f64 / 4.0, short_amount(max * i as f64 / 4.0))).collect();
    svg_bars(&format!("Step spend by month ({currency})"), &bars, 0.0, max, &ticks, None)
}

/// Every month from the first with spend to the last, a month without
/// any spend included (as nothing), so that the table reads month by month.
fn every_month(v: &[MonthSpend]) -> Vec<MonthSpend> {
    let key = |m: &MonthSpend| -> Option<(i32, i32)> {
        let (y, mo) = m.month.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some(first), Some(last)) = (v.first().and_then(key), v.last().and_then(key)) else { return v.to_vec() };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    // at most a hundred years of months: a plan spans far less
    while (y, m) <= last && out.len() < 1200 {
        let month = format!("{y:04}-{m:02}");
        let spend = v.iter().find(|x| x.month == month).map(|x| x.spend.clone()).unwrap_or_default();
        out.push(MonthSpend { month, spend });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn card(o: &mut String, big: &str, label: &str) {
    let _ = write!(
        o,
        "<div class=\"card\"><div class=\"big\">{}</div><div class=\"label\">{}</div></div>",
        esc(big),
        esc(label)
    );
}

fn goals_text(g: &crate::plan::RollupGoals) -> String {
    let mut v = Vec::new();
    for (k, n) in [("MQLs", g.mql), ("SQLs", g.sql), ("sign-ups", g.signups)] {
        if n > 0 {
            v.push(format!("{n} {k}"));
        }
    }
    if !g.pipeline.is_empty() {
        v.push(format!("pipeline {}", money_list(&g.pipeline)));
    }
    if !g.revenue.is_empty() {
        v.push(format!("revenue {}", money_list(&g.revenue)));
    }
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

fn campaign_goals(c: &CampaignPlan) -> String {
    let Some(m) = c.goals.as_ref().and_then(|g| g.as_object()) else { return "—".into() };
    m.iter()
        .map(|(k, v)| match v {
            serde_json::Value::Object(o) => {
                let amount = o.get("amount").and_then(|a| a.as_str()).unwrap_or("");
                let currency = o.get("currency").and_then(|a| a.as_str()).unwrap_or("");
                match crate::literal::money(amount, currency) {
                    Ok(m) => format!("{k} {}", money_human(&m)),
                    Err(_) => format!("{k} {amount} {currency}"),
                }
            }
            serde_json::Value::String(s) => format!("{k} {s}"),
            other => format!("{k} {other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The calendar page. `today` draws the line on the time line.
pub fn to_html(plan: &Plan, today: Date) -> String {
    let r = &plan.rollup;
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let title = match plan.campaigns.as_slice() {
        [one] => format!("Campaign calendar: {}", one.name),
        _ => "Campaign calendar".to_string(),
    };
    let _ = writeln!(o, "<title>{}</title>", esc(&title));
    let _ = writeln!(o, "<style>{}{EXTRA_CSS}</style>\n</head>\n<body>\n<main>", crate::audit::CSS);
    let first = plan.campaigns.iter().map(|c| c.start.as_str()).min().unwrap_or("");
    let last = plan.campaigns.iter().map(|c| c.end.as_str()).max().unwrap_or("");
    let _ = writeln!(
        o,
        "<header class=\"masthead\"><h1>Campaign calendar</h1><p>{} from {} to {}; today is {}. Made by <code>mopsc plan --format html</code>.</p></header>",
        esc(&if plan.campaigns.len() == 1 { "One campaign".to_string() } else { format!("{} campaigns", plan.campaigns.len()) }),
        esc(first),
        esc(last),
        today
    );

    // the roll-up
    o.push_str("<section class=\"workspace\" id=\"rollup\">\n<h2>The workspace</h2>\n<div class=\"cards\">");
    card(&mut o, &r.campaigns.to_string(), "campaigns planned");
    card(&mut o, &money_list(&r.budget), "total budget");
    card(&mut o, &money_list(&r.allocated), "allocated to steps");
    let crit: usize = plan.campaigns.iter().map(|c| c.steps.iter().filter(|s| s.critical).count()).sum();
    let steps: usize = plan.campaigns.iter().map(|c| c.steps.len()).sum();
    card(&mut o, &format!("{crit}/{steps}"), "steps on a critical path");
    o.push_str("</div>\n");
    let _ = writeln!(o, "<p class=\"summary\"><strong>Goals, summed:</strong> {}.</p>", esc(&goals_text(&r.goals)));

    // the time line
    o.push_str("<h3>Time line</h3>\n");
    o.push_str(&format!(
        "<p class=\"legend\"><span><span class=\"swatch\" style=\"background:{CRIT}\"></span>critical (zero slack)</span><span><span class=\"swatch\" style=\"background:{STEP}\"></span>other steps</span><span><span class=\"swatch\" style=\"background:{CAMPAIGN}\"></span>campaign</span><span>dashed line: today</span></p>\n"
    ));
    let _ = writeln!(o, "<div class=\"scroll gantt\">{}</div>", gantt(plan, today));

    // spend by month
    o.push_str("<h3>Spend by month</h3>\n");
    let months = every_month(&r.spend_by_month);
    if months.is_empty() {
        o.push_str("<p class=\"muted\">No step has a budget, so there is no spend to spread over the months.</p>\n");
    } else {
        o.push_str("<p class=\"lead\">Each step's budget spread evenly over its days.</p>\n");
        let per: Vec<(&CampaignPlan, BTreeMap<String, Vec<Money>>)> = plan
            .campaigns
            .iter()
            .map(|c| {
                let m =
                    crate::plan::spend_by_month(std::iter::once(c)).into_iter().map(|m| (m.month, m.spend)).collect();
                (c, m)
            })
            .filter(|(_, m): &(_, BTreeMap<_, _>)| !m.is_empty())
            .collect();
        o.push_str("<div class=\"scroll\"><table class=\"spend\"><thead><tr><th>Month</th>");
        for (c, _) in &per {
            let _ = write!(o, "<th class=\"num\">{}</th>", esc(&c.name));
        }
        o.push_str("<th class=\"num\">Total</th></tr></thead><tbody>\n");
        for m in &months {
            let _ = write!(o, "<tr><td class=\"nw\">{}</td>", esc(&month_key_label(&m.month)));
            for (_, months) in &per {
                let cell = months.get(&m.month).map(|v| money_list(v)).unwrap_or_else(|| "—".into());
                let _ = write!(o, "<td class=\"num\">{}</td>", esc(&cell));
            }
            let _ = writeln!(o, "<td class=\"num\"><strong>{}</strong></td></tr>", esc(&money_list(&m.spend)));
        }
        let _ = writeln!(
            o,
            "<tr><td><strong>All months</strong></td>{}<td class=\"num\"><strong>{}</strong></td></tr>",
            per.iter()
                .map(|(c, _)| {
                    let mut t: BTreeMap<String, i64> = BTreeMap::new();
                    for s in c.steps.iter().filter_map(|s| s.budget.as_ref()) {
                        *t.entry(s.currency.to_string()).or_default() += s.cents;
                    }
                    let v: Vec<Money> =
                        t.into_iter().map(|(cur, cents)| Money { cents, currency: cur.into() }).collect();
                    format!("<td class=\"num\">{}</td>", esc(&money_list(&v)))
                })
                .collect::<String>(),
            esc(&money_list(&r.allocated))
        );
        o.push_str("</tbody></table></div>\n");
        let mut currencies: Vec<&str> =
            months.iter().flat_map(|m| m.spend.iter().map(|x| x.currency.as_str())).collect();
        currencies.sort();
        currencies.dedup();
        for cur in currencies {
            let _ = writeln!(o, "<div class=\"chart scroll\">{}</div>", spend_chart(&months, cur));
        }
    }
    o.push_str("</section>\n");

    for (i, c) in plan.campaigns.iter().enumerate() {
        campaign_html(&mut o, i, c);
    }
    o.push_str("<footer>Generated by mopsc from the workspace's .mops files: <code>mopsc plan --format json</code> has the same plan for machines.</footer>\n");
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn campaign_html(o: &mut String, i: usize, c: &CampaignPlan) {
    let _ = writeln!(o, "<section class=\"campaign\" id=\"campaign-{i}\">\n<h2>{}</h2>", esc(&c.name));
    o.push_str("<table class=\"compact\"><tbody>\n");
    let row = |o: &mut String, k: &str, v: &str| {
        let _ = writeln!(o, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
    };
    row(o, "Playbook", &c.playbook);
    row(o, "Context", c.context.as_deref().unwrap_or("—"));
    row(o, "Owner", c.owner.as_deref().unwrap_or("—"));
    row(o, "Audience", c.audience.as_deref().unwrap_or("—"));
    row(o, "Runs", &format!("{} to {} ({} days)", c.start, c.end, c.days));
    if let Some(d) = &c.deadline {
        row(o, "Deadline", d);
    }
    row(
        o,
        "Budget",
        &format!(
            "{} (allocated {}, unallocated {})",
            opt_money(&c.budget.campaign),
            opt_money(&c.budget.allocated),
            opt_money(&c.budget.unallocated)
        ),
    );
    row(o, "Goals", &campaign_goals(c));
    row(o, "Critical path", &c.critical_path.join(" → "));
    o.push_str("</tbody></table>\n<h3>Steps</h3>\n<div class=\"scroll\"><table class=\"compact\"><thead><tr><th>Step</th><th>Skill</th><th>Dates</th><th>Days</th><th>Owner</th><th>Budget</th><th>Slack</th></tr></thead><tbody>\n");
    for s in &c.steps {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"nw\">{} – {}</td><td class=\"num\">{}</td><td>{}</td><td class=\"nw\">{}</td><td class=\"{}\">{}</td></tr>",
            esc(&s.name),
            esc(&s.skill),
            esc(&s.start),
            esc(&s.end),
            s.duration_days,
            esc(s.owner.as_deref().unwrap_or("—")),
            esc(&opt_money(&s.budget)),
            if s.critical { "crit nw" } else { "nw" },
            if s.critical { "critical".to_string() } else { n_days(s.slack_days) }
        );
    }
    o.push_str("</tbody></table></div>\n<h3>Pre-launch checklist</h3>\n<table class=\"compact\"><thead><tr><th>Result</th><th>Item</th><th>Codes</th><th>Notes</th></tr></thead><tbody>\n");
    for item in &c.checklist {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            badge(item.status),
            esc(&item.item),
            if item.codes.is_empty() { "—".to_string() } else { esc(&item.codes.join(", ")) },
            esc(item.note.as_deref().unwrap_or("—"))
        );
    }
    o.push_str("</tbody></table>\n");
    if !c.links.is_empty() {
        o.push_str("<h3>Tagged links</h3>\n<table class=\"compact\"><thead><tr><th>Step</th><th>Link</th></tr></thead><tbody>\n");
        for l in &c.links {
            let _ =
                writeln!(o, "<tr><td>{}</td><td class=\"url\"><code>{}</code></td></tr>", esc(&l.step), esc(&l.url));
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("</section>\n");
}
