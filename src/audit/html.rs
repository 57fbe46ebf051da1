//! The audit as one self-contained HTML page with inline CSS and SVG charts.

use super::markdown::md_codes;
use super::*;

pub use crate::render::escape::html as html_escape;

pub(crate) const CSS: &str = r#"
:root { --ink: #1d2433; --muted: #5f6b7a; --line: #e3e7ee; --bg: #f4f6f9; --pass: #17804a; --fail: #c0392b; --na: #7a8594; --accent: #2c5fd4; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 28px 56px; }
.masthead { margin-bottom: 8px; }
.masthead h1 { font-size: 30px; margin: 0; letter-spacing: -0.01em; }
.masthead p { margin: 4px 0 0; color: var(--muted); }
section.workspace { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 26px 30px 10px; margin: 22px 0; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
section.workspace > h2 { font-size: 24px; margin: 0 0 2px; }
.root { color: var(--muted); font-size: 13px; margin: 0 0 16px; }
h3 { font-size: 18px; margin: 30px 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 10px 0 14px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: #fbfcfe; }
.card .big { font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: 13px; }
.card.good .big { color: var(--pass); } .card.bad .big { color: var(--fail); }
.summary { background: #f2f6ff; border-left: 4px solid var(--accent); padding: 10px 14px; border-radius: 6px; margin: 6px 0 10px; }
.attention { margin: 8px 0 4px; padding-left: 20px; } .attention li { margin: 2px 0; }
p.lead { margin: 6px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0 12px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; border-bottom: 2px solid var(--line); padding: 6px 8px; }
td { padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num { text-align: center; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw { white-space: nowrap; }
table.compact { font-size: 13px; } table.compact td { padding: 6px 7px; }
td.note { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; min-width: 48px; text-align: center; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.02em; }
.badge.pass { background: #e1f3e9; color: var(--pass); } .badge.fail { background: #fbe5e2; color: var(--fail); } .badge.na { background: #eceff3; color: var(--na); } .badge.wip { background: #fff3d6; color: #9a6700; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; background: #f0f2f6; padding: 0 4px; border-radius: 4px; }
.chart { margin: 6px 0 4px; } .chart svg { max-width: 100%; height: auto; }
.muted { color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
@media print { body { background: #fff; } section.workspace { box-shadow: none; break-inside: avoid-page; } }
"#;

pub(crate) fn badge(s: Status) -> &'static str {
    match s {
        Status::Pass => r#"<span class="badge pass">pass</span>"#,
        Status::Fail => r#"<span class="badge fail">fail</span>"#,
        Status::NotApplicable => r#"<span class="badge na">n/a</span>"#,
    }
}

/// Escaped text with `code` spans rendered as `<code>`.
fn html_inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // an unpaired backtick: keep the text as it is
        return html_escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { format!("<code>{}</code>", html_escape(p)) } else { html_escape(p) })
        .collect()
}

fn html_list(v: &[String]) -> String {
    if v.is_empty() {
        "—".to_string()
    } else {
        v.iter().map(|x| html_escape(x)).collect::<Vec<_>>().join(", ")
    }
}

fn html_checklist(o: &mut String, items: &[CheckItem]) {
    o.push_str("<table><thead><tr><th>Result</th><th>Item</th><th>Concerns</th><th>Checked by</th><th>Notes</th></tr></thead><tbody>\n");
    for i in items {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
            badge(i.status),
            html_escape(&i.item),
            html_list(&i.concerns),
            html_escape(&md_codes(i)),
            i.note.as_deref().map(html_inline).unwrap_or_else(|| "—".into())
        );
    }
    o.push_str("</tbody></table>\n");
}

/// Colour of an audit score.
fn score_colour(score: i64) -> &'static str {
    match score {
        ..=1 => "#c0392b",
        2 => "#e67e22",
        3 => "#d4a017",
        4 => "#27ae60",
        _ => "#17804a",
    }
}

pub(crate) struct Bar {
    pub(crate) label: String,
    /// Where the bar ends, in the chart's units.
    pub(crate) value: f64,
    pub(crate) text: String,
    pub(crate) colour: &'static str,
}

/// A horizontal bar chart as inline SVG: bars from `min` to their value,
/// gridlines at `ticks`, and an optional marked threshold.
pub(crate) fn svg_bars(
    title: &str,
    bars: &[Bar],
    min: f64,
    max: f64,
    ticks: &[(f64, String)],
    mark: Option<(f64, String)>,
) -> String {
    const W: f64 = 900.0;
    const LEFT: f64 = 170.0;
    const RIGHT: f64 = 200.0;
    const ROW: f64 = 30.0;
    const TOP: f64 = 26.0;
    const BOTTOM: f64 = 26.0;
    let plot = W - LEFT - RIGHT;
    let h = TOP + ROW * bars.len() as f64 + BOTTOM;
    let x = |v: f64| LEFT + (v - min) / (max - min) * plot;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-label="{t}" font-family="Helvetica, Arial, sans-serif" font-size="13"><title>{t}</title>"#,
        t = html_escape(title)
    );
    let bottom = TOP + ROW * bars.len() as f64;
    for (v, label) in ticks {
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}" stroke="#e3e7ee"/><text x="{x:.1}" y="{ty}" text-anchor="middle" fill="#5f6b7a" font-size="11">{label}</text>"##,
            x = x(*v),
            ty = bottom + 16.0,
            label = html_escape(label)
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let end = x(b.value.clamp(min, max));
        let width = (end - x(min)).max(2.0);
        let _ = writeln!(
            o,
            r##"<text x="{lx}" y="{ty}" text-anchor="end" fill="#1d2433">{label}</text><rect x="{bx}" y="{by}" width="{width:.1}" height="18" rx="3" fill="{c}"/><text x="{vx:.1}" y="{ty}" fill="#1d2433" font-weight="600">{text}</text>"##,
            lx = LEFT - 10.0,
            ty = y + 19.0,
            label = html_escape(&b.label),
            bx = x(min),
            by = y + 6.0,
            c = b.colour,
            vx = x(min) + width + 8.0,
            text = html_escape(&b.text)
        );
    }
    if let Some((v, label)) = mark {
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{bottom}" stroke="#1d2433" stroke-width="2" stroke-dasharray="5 3"/><text x="{x:.1}" y="{ty}" text-anchor="middle" fill="#1d2433" font-size="11" font-weight="700">{label}</text>"##,
            x = x(v),
            y1 = TOP - 8.0,
            ty = TOP - 12.0,
            label = html_escape(&label)
        );
    }
    o.push_str("</svg>");
    o
}

fn evaluation_chart(ev: &StackEvaluation) -> String {
    let bars: Vec<Bar> = ev
        .tools
        .iter()
        .map(|t| Bar {
            label: t.tool.clone(),
            value: t.weighted_x100 as f64 / 100.0,
            text: format!("{} · {}", t.weighted, if t.meets_bar { "meets the bar" } else { "below the bar" }),
            colour: if t.meets_bar { "#27ae60" } else { "#c0392b" },
        })
        .collect();
    // The seed's scale of a criterion, ticked every half point.
    let (lo, hi) = crate::seed::EVALUATION_SCALE;
    let ticks: Vec<(f64, String)> =
        (lo * 2..=hi * 2).map(|half| half as f64 / 2.0).map(|v| (v, format!("{v:.1}"))).collect();
    svg_bars(
        &format!("Stack evaluation: weighted score per tool ({lo}.0 to {hi}.0)"),
        &bars,
        lo as f64,
        hi as f64,
        &ticks,
        Some((ev.bar_x100 as f64 / 100.0, format!("bar {}", ev.bar))),
    )
}

fn audit_chart(ma: &MarketingAudit) -> String {
    let bars: Vec<Bar> = ma
        .areas
        .iter()
        .map(|a| Bar {
            label: a.label.clone(),
            value: a.score.unwrap_or(0) as f64,
            text: match a.score {
                Some(s) => format!("{s} · {}", capitalise(&a.status)),
                None => "not scored".to_string(),
            },
            colour: score_colour(a.score.unwrap_or(0)),
        })
        .collect();
    // The seed's audit scale, from 0 so that an unscored area has no bar.
    let (lo, hi) = crate::seed::AUDIT_SCALE;
    let ticks: Vec<(f64, String)> = (0..=hi).map(|v| (v as f64, v.to_string())).collect();
    svg_bars(&format!("Marketing audit: score per area ({lo} to {hi})"), &bars, 0.0, hi as f64, &ticks, None)
}

pub fn to_html(r: &AuditReport) -> String {
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let title = match r.workspaces.as_slice() {
        [one] => format!("Marketing operations audit: {}", one.name),
        _ => "Marketing operations audit".to_string(),
    };
    let _ = writeln!(o, "<title>{}</title>", html_escape(&title));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(
        o,
        "<header class=\"masthead\"><h1>Marketing operations audit</h1><p>Taken on {} by <code>mopsc audit</code> from {}.</p></header>",
        html_escape(&r.today),
        if r.workspaces.len() == 1 { "one workspace".to_string() } else { format!("{} workspaces", r.workspaces.len()) }
    );
    for w in &r.workspaces {
        workspace_html(&mut o, w);
    }
    o.push_str("<footer>Generated by mopsc from the workspace's .mops files; verdicts cite the lint rules that decide them (<code>mopsc explain CODE</code>).</footer>\n");
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn card(o: &mut String, big: &str, label: &str, class: &str) {
    let _ = write!(
        o,
        "<div class=\"card {class}\"><div class=\"big\">{}</div><div class=\"label\">{}</div></div>",
        html_escape(big),
        html_escape(label)
    );
}

fn workspace_html(o: &mut String, w: &WorkspaceAudit) {
    let s = &w.summary;
    o.push_str("<section class=\"workspace\">\n");
    let _ = writeln!(
        o,
        "<h2>{}</h2><p class=\"root\">Workspace <code>{}</code></p>",
        html_escape(&w.name),
        html_escape(&w.root)
    );
    o.push_str("<div class=\"cards\">");
    let total = s.passed + s.failed + s.not_applicable;
    card(o, &format!("{}/{}", s.passed, total), "checklist items pass", if s.failed == 0 { "good" } else { "" });
    card(o, &s.failed.to_string(), "checklist items fail", if s.failed == 0 { "good" } else { "bad" });
    card(
        o,
        &format!("{}/{}", s.build_first_live, s.build_first_total),
        "build-first automations live",
        if s.build_first_live == s.build_first_total { "good" } else { "bad" },
    );
    match (s.weakest_score, &w.marketing_audit) {
        (Some(score), Some(_)) => {
            let labels: Vec<String> = s.weakest_areas.iter().map(|a| label_of(a).to_string()).collect();
            card(
                o,
                &format!("{score}/5"),
                &format!("weakest: {}", and_list(&labels)),
                if score <= 2 { "bad" } else { "" },
            );
        }
        _ => card(o, "—", "no marketing audit recorded", ""),
    }
    o.push_str("</div>\n");
    let _ = writeln!(
        o,
        "<p class=\"summary\"><strong>Summary:</strong> {}.</p>",
        html_escape(&capitalise(&summary_sentences(w).join("; ")))
    );
    if !s.failing.is_empty() {
        o.push_str("<p class=\"lead\"><strong>Needs attention</strong></p><ul class=\"attention\">\n");
        for i in failing_items(w) {
            let detail = if i.concerns.is_empty() { String::new() } else { format!(": {}", html_list(&i.concerns)) };
            let _ = writeln!(o, "<li>{}{detail}</li>", html_escape(&i.item));
        }
        o.push_str("</ul>\n");
    }

    // ---- stack
    o.push_str("<h3>Stack</h3>\n");
    let st = &w.stack;
    let cost = annual_cost_text(st);
    let _ = writeln!(
        o,
        "<p class=\"lead\">{} ({} active, {} evaluating, {} retired); {}.{}</p>",
        html_escape(&plural(st.tools, "tool", "tools")),
        st.active,
        st.evaluating,
        st.retired,
        html_escape(&cost),
        if let Some(n) = &st.core_note {
            format!(" <strong>Core categories:</strong> {}.", html_escape(n))
        } else if st.missing_core.is_empty() {
            String::new()
        } else {
            format!(" <strong>Missing core categories:</strong> {} (STK006).", html_escape(&st.missing_core.join(", ")))
        }
    );
    if !st.inventory.is_empty() {
        o.push_str("<table class=\"compact\"><thead><tr><th>Tool</th><th>Category</th><th>Status</th><th>Owner</th><th>Cost a year</th><th>Adoption</th><th>Contract reviewed</th><th>Renews</th><th>Findings</th></tr></thead><tbody>\n");
        for t in &st.inventory {
            let dash = |v: &Option<String>| v.as_deref().map(html_escape).unwrap_or_else(|| "—".into());
            let _ = writeln!(
                o,
                "<tr><td class=\"nw\"><strong>{}</strong></td><td class=\"nw\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td>{}</td></tr>",
                html_escape(&t.tool),
                html_escape(&t.category),
                html_escape(&t.status),
                dash(&t.owner),
                t.annual_cost.as_ref().map(|m| html_escape(&money_human(m))).unwrap_or_else(|| "—".into()),
                dash(&t.adoption),
                dash(&t.reviewed),
                dash(&t.renews),
                if t.codes.is_empty() { "—".to_string() } else { html_escape(&t.codes.join(", ")) }
            );
        }
        o.push_str("</tbody></table>\n");
    }
    o.push_str("<h3>Stack evaluation</h3>\n");
    let ev = &w.evaluation;
    let _ = writeln!(o, "<p class=\"muted\">{}</p>", evaluation_note(&html_escape(&ev.bar)));
    if ev.tools.is_empty() {
        o.push_str("<p>No tool has a <code>score</code> yet.</p>\n");
    } else {
        let _ = writeln!(o, "<div class=\"chart\">{}</div>", evaluation_chart(ev));
        o.push_str("<table><thead><tr><th>Tool</th><th>Category</th><th>Status</th><th>Problem</th><th>Integration</th><th>Cost</th><th>Time to value</th><th>Capability</th><th>Weighted</th><th>Verdict</th></tr></thead><tbody>\n");
        for t in &ev.tools {
            let codes = if t.codes.is_empty() { String::new() } else { format!(" ({})", t.codes.join(", ")) };
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><strong>{}</strong></td><td>{}{}</td></tr>",
                html_escape(&t.tool),
                html_escape(&t.category),
                html_escape(&t.status),
                t.problem,
                t.integration,
                t.cost,
                t.time_to_value,
                t.capability,
                html_escape(&t.weighted),
                if t.meets_bar {
                    r#"<span class="badge pass">meets bar</span>"#
                } else {
                    r#"<span class="badge fail">below bar</span>"#
                },
                html_escape(&codes)
            );
        }
        o.push_str("</tbody></table>\n");
    }
    if !ev.not_evaluated.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"muted\">Not evaluated (no <code>score</code>): {}.</p>",
            html_list(&ev.not_evaluated)
        );
    }
    o.push_str("<h3>Stack audit checklist</h3>\n");
    html_checklist(o, &w.stack_checklist);

    // ---- automation
    let au = &w.automation;
    o.push_str("<h3>Automation priorities</h3>\n");
    let _ = writeln!(
        o,
        "<p class=\"lead\">{} of the {} build-first automations {} live; {} declared.</p>",
        au.build_first_live,
        au.build_first_total,
        if au.build_first_live == 1 { "is" } else { "are" },
        html_escape(&plural(au.declared, "automation", "automations"))
    );
    o.push_str("<table><thead><tr><th>Priority</th><th>Automation</th><th>Impact</th><th>Complexity</th><th>Status</th><th>Declared as</th><th>Rules</th></tr></thead><tbody>\n");
    for row in &au.rows {
        let status = match row.status.as_str() {
            "live" => r#"<span class="badge pass">live</span>"#.to_string(),
            "missing" if row.priority == PRIORITY_NAMES[0] => r#"<span class="badge fail">missing</span>"#.to_string(),
            "missing" => r#"<span class="badge na">not declared</span>"#.to_string(),
            s => format!(r#"<span class="badge wip">{}</span>"#, html_escape(s)),
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{status}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&capitalise(&row.priority)),
            html_escape(&row.label),
            html_escape(&row.impact),
            html_escape(&row.complexity),
            html_list(&row.automations),
            if row.codes.is_empty() { "—".to_string() } else { html_escape(&row.codes.join(", ")) }
        );
    }
    o.push_str("</tbody></table>\n");

    // ---- marketing audit
    o.push_str("<h3>Marketing audit</h3>\n");
    match &w.marketing_audit {
        None => {
            let _ = writeln!(o, "<p>{}</p>", no_audit_sentence("<code>audit</code>"));
        }
        Some(ma) => {
            let _ = writeln!(
                o,
                "<p class=\"lead\"><code>{}</code>, dated {} ({}{}){}; average {}.{}</p>",
                html_escape(&ma.name),
                html_escape(&ma.date),
                age_words(ma.age_days),
                age_note(ma),
                ma.previous.as_ref().map(|p| format!(", compared with {}", html_escape(p))).unwrap_or_default(),
                html_escape(ma.average.as_deref().unwrap_or("—")),
                if ma.stale { " <strong>Run a new audit: this one is stale.</strong>" } else { "" }
            );
            let _ = writeln!(o, "<div class=\"chart\">{}</div>", audit_chart(ma));
            let with_prev = ma.previous.is_some();
            let _ = writeln!(
                o,
                "<table><thead><tr><th>Area</th><th>Score</th>{}<th>Status</th><th>Action</th><th>Notes</th></tr></thead><tbody>",
                if with_prev { "<th>Previous</th>" } else { "" }
            );
            for a in &ma.areas {
                let prev = if with_prev {
                    format!(
                        "<td class=\"num\">{}</td>",
                        a.previous_score.map(|s| format!("{s}/5")).unwrap_or_else(|| "—".into())
                    )
                } else {
                    String::new()
                };
                let codes = if a.codes.is_empty() { String::new() } else { format!(" ({})", a.codes.join(", ")) };
                let _ = writeln!(
                    o,
                    "<tr><td><strong>{}</strong><br><span class=\"muted\">{}</span></td><td class=\"num\">{}</td>{prev}<td>{}{}</td><td>{}</td><td class=\"note\">{}</td></tr>",
                    html_escape(&a.label),
                    html_escape(&a.question),
                    a.score.map(|s| format!("{s}/5")).unwrap_or_else(|| "—".into()),
                    html_escape(&capitalise(&a.status)),
                    html_escape(&codes),
                    html_escape(&capitalise(&a.action)),
                    a.note.as_deref().map(html_escape).unwrap_or_else(|| "—".into())
                );
            }
            o.push_str("</tbody></table>\n");
        }
    }

    o.push_str("<h3>Attribution checklist</h3>\n");
    html_checklist(o, &w.attribution_checklist);
    o.push_str("</section>\n");
}
