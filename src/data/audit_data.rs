//! `mopsc audit --data` (issue 20): the audit of `crate::audit`, plus the
//! Data area measured on the data (`check --data`): data quality per
//! dimension of the seed's framework, UTM consistency, the scoring review,
//! and the seed's 1–5 audit score suggested for the Data area from them.

use serde::Serialize;

use super::quality::{self, DataOptions};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, FileId};
use crate::render::escape::{html as esc, markdown as md_cell};

/// One dimension of the framework, as measured.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub dimension: &'static str,
    pub codes: &'static str,
    /// Whether the workspace declares something to measure for it.
    pub declared: bool,
    pub findings: Vec<String>,
}

/// The Data area, measured.
#[derive(Debug, Clone, Serialize)]
pub struct DataArea {
    pub as_of: String,
    pub dimensions: Vec<Dimension>,
    /// The suggested 1–5 score of the Data area and why.
    pub suggested_score: i64,
    pub reason: String,
    /// Data that could not be read (DATA001–DATA004).
    pub errors: Vec<String>,
    /// The engine that measured (`NAME VERSION (WHERE)`): the audit JSON's
    /// top-level `engine`.
    #[serde(skip)]
    pub engine: Option<String>,
}

const DIMENSIONS: [(&str, &str); 6] = [
    ("completeness", "DQ001"),
    ("uniqueness", "DQ002"),
    ("timeliness", "DQ003"),
    ("consistency (formats)", "DQ004"),
    ("UTM consistency", "DQ101–DQ107"),
    ("scoring accuracy", "SCR101–SCR103"),
];

fn in_dimension(code: &str, i: usize) -> bool {
    match i {
        0 => code == "DQ001",
        1 => code == "DQ002",
        2 => code == "DQ003",
        3 => code == "DQ004",
        4 => code.starts_with("DQ1"),
        _ => code.starts_with("SCR1"),
    }
}

/// Measure the Data area of the report's workspaces.
pub fn measure(report: &Report, opts: DataOptions) -> DataArea {
    measure_on(report, opts, &super::engine::EngineChoice::sqlite())
}

/// Measure the Data area on the chosen engine (`--engine`).
pub fn measure_on(report: &Report, opts: DataOptions, choice: &super::engine::EngineChoice) -> DataArea {
    let run = quality::check_data_on(report, opts, choice);
    let found = run.diagnostics;
    let models: Vec<&crate::model::Model> = report.analyses.iter().map(|a| &a.model).collect();
    let user_ds = || models.iter().flat_map(|m| m.datasets.iter()).filter(|d| d.file != FileId::PRELUDE);
    let declared = |i: usize| -> bool {
        match i {
            0 => user_ds().any(|d| d.data.quality.as_ref().is_some_and(|q| !q.required.is_empty())),
            1 => user_ds().any(|d| d.data.quality.as_ref().is_some_and(|q| !q.unique.is_empty())),
            2 => user_ds().any(|d| d.data.quality.as_ref().is_some_and(|q| q.fresh.is_some())),
            3 => user_ds().any(|d| d.data.quality.as_ref().is_some_and(|q| !q.formats.is_empty())),
            4 => user_ds().any(|d| {
                d.data.kind.value == "touches" && ["source", "medium", "campaign"].iter().any(|r| d.data.has_role(r))
            }),
            _ => user_ds().any(|d| d.data.kind.value == "leads" && d.data.has_role("outcome")),
        }
    };
    let line = |d: &Diagnostic| format!("{} {}", d.code, d.message);
    let dimensions: Vec<Dimension> = DIMENSIONS
        .iter()
        .enumerate()
        .map(|(i, (name, codes))| Dimension {
            dimension: name,
            codes,
            declared: declared(i),
            findings: found.iter().filter(|d| in_dimension(&d.code, i)).map(line).collect(),
        })
        .collect();
    let errors: Vec<String> = found.iter().filter(|d| d.code.starts_with("DATA")).map(line).collect();
    let measured = dimensions.iter().filter(|d| d.declared).count();
    let failing = dimensions.iter().filter(|d| !d.findings.is_empty()).count();
    let (score, reason) = if measured == 0 {
        (1, "nothing is measured: no dataset declares quality targets, UTM roles or outcomes".to_string())
    } else if !errors.is_empty() {
        (2, "some data cannot be read".to_string())
    } else if failing > 2 {
        (2, format!("{failing} of {measured} measured dimensions miss their targets"))
    } else if failing > 0 {
        let verb = if failing == 1 { "misses its target" } else { "miss their targets" };
        (3, format!("{failing} of {measured} measured dimensions {verb}"))
    } else if measured < DIMENSIONS.len() {
        (4, format!("every measured dimension meets its target; {} not measured", DIMENSIONS.len() - measured))
    } else {
        (5, "every dimension is measured and meets its target".to_string())
    };
    DataArea { as_of: opts.as_of.to_string(), dimensions, suggested_score: score, reason, errors, engine: run.engine }
}

/// The Data area as a Markdown section.
pub fn to_markdown(d: &DataArea) -> String {
    let mut o = format!(
        "\n## Data, measured (as of {})\n\nSuggested score for the Data area: **{}/5**, {}.\n\n| dimension | codes | measured | findings |\n|---|---|---|---:|\n",
        d.as_of, d.suggested_score, d.reason
    );
    for x in &d.dimensions {
        o.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            x.dimension,
            x.codes,
            if x.declared { "yes" } else { "no" },
            x.findings.len()
        ));
    }
    let all: Vec<&String> = d.errors.iter().chain(d.dimensions.iter().flat_map(|x| x.findings.iter())).collect();
    if !all.is_empty() {
        o.push('\n');
        for f in all {
            o.push_str(&format!("- {}\n", md_cell(f)));
        }
    }
    o
}

/// The Data area as an HTML section.
pub fn to_html(d: &DataArea) -> String {
    let mut o = format!(
        "<section id=\"data-measured\"><h2>Data, measured (as of {})</h2>\n<p>Suggested score for the Data area: <b>{}/5</b>, {}.</p>\n<table><tr><th>dimension</th><th>codes</th><th>measured</th><th>findings</th></tr>\n",
        esc(&d.as_of),
        d.suggested_score,
        esc(&d.reason)
    );
    for x in &d.dimensions {
        o.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(x.dimension),
            esc(x.codes),
            if x.declared { "yes" } else { "no" },
            x.findings.len()
        ));
    }
    o.push_str("</table>\n<ul>\n");
    for f in d.errors.iter().chain(d.dimensions.iter().flat_map(|x| x.findings.iter())) {
        o.push_str(&format!("<li>{}</li>\n", esc(f)));
    }
    o.push_str("</ul></section>\n");
    o
}

/// The audit's output with the Data area added: Markdown and HTML gain a
/// section, JSON a `data` key.
pub fn extend(out: String, format: crate::audit::AuditFormat, d: &DataArea) -> String {
    use crate::audit::AuditFormat;
    match format {
        AuditFormat::Md => {
            let mut o = out;
            o.push_str(&to_markdown(d));
            o
        }
        AuditFormat::Html => match out.rfind("</body>") {
            Some(i) => format!("{}{}{}", &out[..i], to_html(d), &out[i..]),
            None => out + &to_html(d),
        },
        AuditFormat::Json => {
            let mut v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                if let Some(e) = &d.engine {
                    obj.insert("engine".into(), serde_json::Value::String(e.clone()));
                }
                obj.insert("data".into(), serde_json::to_value(d).unwrap_or_default());
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// `mopsc audit --data`: the audit text with the Data area, or an exit code
/// and the message to print.
pub fn audit(
    paths: &[std::path::PathBuf],
    format: crate::audit::AuditFormat,
    opts: &crate::check::Options,
    dopts: DataOptions,
    choice: &super::engine::EngineChoice,
) -> Result<(String, Option<String>), (i32, String)> {
    use crate::audit::AuditFormat;
    let paths = if paths.is_empty() { vec![std::path::PathBuf::from(".")] } else { paths.to_vec() };
    let report = crate::check::check_paths(&paths, opts).map_err(|e| (2, format!("{e}")))?;
    let errors: Vec<Diagnostic> =
        report.diagnostics.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).cloned().collect();
    if !errors.is_empty() {
        return Err((
            1,
            format!(
                "{}error: the workspace has {} error(s); fix them before auditing",
                crate::render::short(&errors, &report.files),
                errors.len()
            ),
        ));
    }
    let a = crate::audit::build(&report, opts.today);
    if a.workspaces.is_empty() {
        return Err((1, "error: no .mops files to audit".into()));
    }
    let out = match format {
        AuditFormat::Md => crate::audit::to_markdown(&a),
        AuditFormat::Json => crate::audit::to_json(&a),
        AuditFormat::Html => crate::audit::to_html(&a),
    };
    let d = measure_on(&report, dopts, choice);
    Ok((extend(out, format, &d), d.engine))
}
