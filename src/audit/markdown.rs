//! The audit as Markdown (`mopsc audit`, the default format).

use super::*;

/// Text for a Markdown table cell: no pipes, no newlines, no raw HTML.
/// One line of Markdown: see [`crate::render::escape::markdown`].
fn md(s: &str) -> String {
    crate::render::escape::markdown(s)
}

fn md_status(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅ pass",
        Status::Fail => "❌ fail",
        Status::NotApplicable => "➖ n/a",
    }
}

fn md_list(v: &[String]) -> String {
    if v.is_empty() {
        "—".to_string()
    } else {
        md(&v.join(", "))
    }
}

/// Codes with runs of consecutive numbers shortened: `UTM001–UTM005, UTM007`.
pub fn code_ranges(codes: &[String]) -> String {
    let split = |c: &str| {
        let i = c.find(|ch: char| ch.is_ascii_digit()).unwrap_or(c.len());
        (c[..i].to_string(), c[i..].parse::<u32>().ok())
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < codes.len() {
        let (prefix, n) = split(&codes[i]);
        let mut j = i;
        if let Some(n) = n {
            while j + 1 < codes.len() && split(&codes[j + 1]) == (prefix.clone(), Some(n + (j + 1 - i) as u32)) {
                j += 1;
            }
        }
        out.push(if j >= i + 2 { format!("{}–{}", codes[i], codes[j]) } else { codes[i].clone() });
        if j == i + 1 {
            out.push(codes[j].clone());
        }
        i = j + 1;
    }
    out.join(", ")
}

pub(super) fn md_codes(item: &CheckItem) -> String {
    let mut s = if item.rules.is_empty() { "—".to_string() } else { code_ranges(&item.rules) };
    if item.findings > 0 {
        let _ = write!(s, " ({})", plural(item.findings, "finding", "findings"));
    }
    s
}

fn md_checklist(o: &mut String, items: &[CheckItem]) {
    o.push_str("| Result | Item | Concerns | Checked by | Notes |\n|---|---|---|---|---|\n");
    for i in items {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            md_status(i.status),
            md(&i.item),
            md_list(&i.concerns),
            md_codes(i),
            i.note.as_deref().map(md).unwrap_or_else(|| "—".into())
        );
    }
}

pub fn to_markdown(r: &AuditReport) -> String {
    let mut o = String::from("# Marketing operations audit\n\n");
    let _ = writeln!(
        o,
        "Taken on {} by `mopsc audit` from {}.\n",
        r.today,
        if r.workspaces.len() == 1 {
            "one workspace".to_string()
        } else {
            format!("{} workspaces", r.workspaces.len())
        }
    );
    for w in &r.workspaces {
        workspace_markdown(&mut o, w);
    }
    o.truncate(o.trim_end().len());
    o.push('\n');
    crate::render::escape::log_safe(&o).into_owned()
}

fn workspace_markdown(o: &mut String, w: &WorkspaceAudit) {
    let _ = writeln!(o, "## {} (`{}`)\n", md(&w.name), md(&w.root));
    let sentences = summary_sentences(w);
    let _ = writeln!(o, "**Summary:** {}.\n", capitalise(&sentences.join("; ")));
    if !w.summary.failing.is_empty() {
        o.push_str("**Needs attention:**\n\n");
        for i in failing_items(w) {
            let detail = if i.concerns.is_empty() { String::new() } else { format!(": {}", md_list(&i.concerns)) };
            let _ = writeln!(o, "- {}{detail}", md(&i.item));
        }
        o.push('\n');
    }

    // ---- stack
    o.push_str("### Stack\n\n");
    let st = &w.stack;
    let cost = annual_cost_text(st);
    let _ = writeln!(
        o,
        "{} ({} active, {} evaluating, {} retired); {cost}.{}\n",
        plural(st.tools, "tool", "tools"),
        st.active,
        st.evaluating,
        st.retired,
        if let Some(n) = &st.core_note {
            format!(" Core categories: {}.", md(n))
        } else if st.missing_core.is_empty() {
            String::new()
        } else {
            format!(" Missing core categories: {} (STK006).", st.missing_core.join(", "))
        }
    );
    if !st.inventory.is_empty() {
        o.push_str("| Tool | Category | Status | Owner | Cost a year | Adoption | Contract reviewed | Renews | Findings |\n|---|---|---|---|---|---|---|---|---|\n");
        for t in &st.inventory {
            let dash = |v: &Option<String>| v.as_deref().map(md).unwrap_or_else(|| "—".into());
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                md(&t.tool),
                md(&t.category),
                md(&t.status),
                dash(&t.owner),
                t.annual_cost.as_ref().map(money_human).unwrap_or_else(|| "—".into()),
                dash(&t.adoption),
                dash(&t.reviewed),
                dash(&t.renews),
                if t.codes.is_empty() { "—".to_string() } else { t.codes.join(", ") }
            );
        }
        o.push('\n');
    }
    o.push_str("### Stack evaluation\n\n");
    let ev = &w.evaluation;
    let _ = writeln!(o, "{}\n", evaluation_note(&ev.bar));
    if ev.tools.is_empty() {
        o.push_str("No tool has a `score` yet.\n\n");
    } else {
        o.push_str("| Tool | Category | Status | Problem | Integration | Cost | Time to value | Capability | Weighted | Verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for t in &ev.tools {
            let verdict = if t.meets_bar {
                format!("✅ meets the {} bar", ev.bar)
            } else {
                format!("❌ below the {} bar", ev.bar)
            };
            let codes = if t.codes.is_empty() { String::new() } else { format!(" ({})", t.codes.join(", ")) };
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} | **{}** | {verdict}{codes} |",
                md(&t.tool),
                md(&t.category),
                md(&t.status),
                t.problem,
                t.integration,
                t.cost,
                t.time_to_value,
                t.capability,
                t.weighted
            );
        }
        o.push('\n');
    }
    if !ev.not_evaluated.is_empty() {
        let _ = writeln!(o, "Not evaluated (no `score`): {}.\n", md(&ev.not_evaluated.join(", ")));
    }

    o.push_str("### Stack audit checklist\n\n");
    md_checklist(o, &w.stack_checklist);
    o.push('\n');

    // ---- automation
    let au = &w.automation;
    o.push_str("### Automation priorities\n\n");
    let _ = writeln!(
        o,
        "{} of the {} build-first automations {} live; {} declared.\n",
        au.build_first_live,
        au.build_first_total,
        if au.build_first_live == 1 { "is" } else { "are" },
        plural(au.declared, "automation", "automations")
    );
    o.push_str("| Priority | Automation | Impact | Complexity | Status | Declared as | Rules |\n|---|---|---|---|---|---|---|\n");
    for row in &au.rows {
        let status = match row.status.as_str() {
            "live" => "✅ live".to_string(),
            "missing" if row.priority == PRIORITY_NAMES[0] => "❌ missing".to_string(),
            "missing" => "➖ not declared".to_string(),
            s => format!("⏳ {s}"),
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {status} | {} | {} |",
            row.priority,
            row.label,
            row.impact,
            row.complexity,
            md_list(&row.automations),
            if row.codes.is_empty() { "—".to_string() } else { row.codes.join(", ") }
        );
    }
    o.push('\n');

    // ---- marketing audit
    o.push_str("### Marketing audit\n\n");
    match &w.marketing_audit {
        None => {
            let _ = writeln!(o, "{}\n", no_audit_sentence("`audit`"));
        }
        Some(ma) => {
            let _ = writeln!(
                o,
                "`{}`, dated {} ({}{}){}; average {}.{}\n",
                md(&ma.name),
                ma.date,
                age_words(ma.age_days),
                age_note(ma),
                ma.previous.as_ref().map(|p| format!(", compared with {}", md(p))).unwrap_or_default(),
                ma.average.as_deref().unwrap_or("—"),
                if ma.stale { " **Run a new audit: this one is stale.**" } else { "" }
            );
            let with_prev = ma.previous.is_some();
            o.push_str(if with_prev {
                "| Area | Score | Previous | Status | Action | Notes |\n|---|---|---|---|---|---|\n"
            } else {
                "| Area | Score | Status | Action | Notes |\n|---|---|---|---|---|\n"
            });
            for a in &ma.areas {
                let score = a.score.map(|s| format!("{s}/5")).unwrap_or_else(|| "—".into());
                let prev = if with_prev {
                    format!(" {} |", a.previous_score.map(|s| format!("{s}/5")).unwrap_or_else(|| "—".into()))
                } else {
                    String::new()
                };
                let codes = if a.codes.is_empty() { String::new() } else { format!(" ({})", a.codes.join(", ")) };
                let _ = writeln!(
                    o,
                    "| {} | {score} |{prev} {}{codes} | {} | {} |",
                    a.label,
                    capitalise(&a.status),
                    capitalise(&a.action),
                    a.note.as_deref().map(md).unwrap_or_else(|| "—".into())
                );
            }
            o.push('\n');
        }
    }

    o.push_str("### Attribution checklist\n\n");
    md_checklist(o, &w.attribution_checklist);
    o.push('\n');
}
