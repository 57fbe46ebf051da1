//! `mopsc plan`: the library's run plans in one of seven formats, or the
//! difference against a base (`--diff`).

use std::path::{Path, PathBuf};

use super::{
    bail_on_errors, checked, paths_or_cwd, write_or_emit, ErrorList, Global, EXIT_ERRORS, EXIT_OK, EXIT_USAGE,
};
use crate::check::Options;
use crate::cli::PlanFormat;
use crate::plan::{Plan, PlanError};

/// What `plan` prints and the exit code that follows.
struct PlanOut {
    text: String,
    code: i32,
}

/// The arguments of `mopsc plan` (CLI.md), parsed.
pub struct PlanArgs<'a> {
    pub paths: &'a [PathBuf],
    pub campaign: Option<&'a str>,
    pub format: PlanFormat,
    pub output: Option<&'a Path>,
    /// `--diff BASE`.
    pub diff: Option<&'a str>,
    pub exit_code: bool,
}

/// `mopsc plan`: exit 0 with the plan; 1 when the workspace has errors (or,
/// with `--diff --exit-code`, when the plan changed); 2 on bad usage.
pub fn run(a: &PlanArgs, g: &Global) -> i32 {
    let out = match a.diff {
        Some(base) => match plan_diff(a, base, g) {
            Ok(out) => out,
            Err(code) => return code,
        },
        None => {
            let plan = match plan_of(&paths_or_cwd(a.paths), a.campaign, &g.opts, g.color, false) {
                Ok(Some(p)) => p,
                Ok(None) => return EXIT_ERRORS,
                Err(code) => return code,
            };
            let text = match a.format {
                PlanFormat::Md => crate::plan::to_markdown(&plan),
                PlanFormat::Json => crate::plan::to_json(&plan),
                PlanFormat::Mermaid => crate::plan::to_mermaid(&plan),
                PlanFormat::Dot => crate::plan::to_dot(&plan),
                PlanFormat::Ics => crate::plan::to_ics(&plan),
                PlanFormat::Csv => crate::plan::to_csv(&plan),
                PlanFormat::Html => crate::plan::html::to_html(&plan, g.opts.today),
            };
            PlanOut { text, code: EXIT_OK }
        }
    };
    if let Err(code) = write_or_emit(&out.text, a.output) {
        return code;
    }
    out.code
}

/// The plan of `paths`, or the exit code of why not (diagnostics printed).
/// With `lenient` (one side of a diff), a workspace with no campaign, or
/// without the campaign named, plans to nothing: `Ok(None)`.
fn plan_of(
    paths: &[PathBuf],
    campaign: Option<&str>,
    opts: &Options,
    color: bool,
    lenient: bool,
) -> Result<Option<Plan>, i32> {
    let report = checked(paths, opts)?;
    match crate::plan::compile(&report, campaign) {
        Ok(p) => Ok(Some(p)),
        Err(e @ PlanError::Errors(_)) => {
            bail_on_errors(&report, ErrorList::Human { color }, |_| e.to_string())?;
            eprintln!("error: {e}");
            Err(EXIT_ERRORS)
        }
        Err(PlanError::NoSuchCampaign { .. } | PlanError::NoCampaigns) if lenient => Ok(None),
        Err(e @ PlanError::NoSuchCampaign { .. }) => {
            eprintln!("error: {e}");
            Err(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_ERRORS)
        }
    }
}

fn empty_plan() -> Plan {
    Plan { plan_version: 1, campaigns: Vec::new(), rollup: Default::default() }
}

/// `plan --diff BASE`: the plan of `paths` now against BASE's, a plan JSON
/// file (when BASE names a file) or the workspace at a git revision.
fn plan_diff(a: &PlanArgs, base: &str, g: &Global) -> Result<PlanOut, i32> {
    let (campaign, opts, color) = (a.campaign, &g.opts, g.color);
    // with --exit-code, 1 says "changed": a failure must say something else
    let fail = |code: i32| if a.exit_code { EXIT_USAGE } else { code };
    if !matches!(a.format, PlanFormat::Md | PlanFormat::Json) {
        eprintln!("error: --diff writes md or json");
        return Err(EXIT_USAGE);
    }
    let paths = paths_or_cwd(a.paths);
    let new = plan_of(&paths, campaign, opts, color, true).map_err(fail)?;
    let old = if Path::new(base).is_file() {
        let text = match std::fs::read_to_string(base) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {base}: {e}");
                return Err(EXIT_USAGE);
            }
        };
        match crate::plan::diff::plan_from_json(&text, base) {
            Ok(mut p) => {
                if let Some(name) = campaign {
                    p.campaigns.retain(|c| c.name == name);
                }
                Some(p)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return Err(EXIT_USAGE);
            }
        }
    } else {
        let snap = match crate::plan::diff::snapshot(base, &paths) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Err(EXIT_USAGE);
            }
        };
        if snap.paths.is_empty() {
            None
        } else {
            match plan_of(&snap.paths, campaign, opts, color, true) {
                Ok(p) => p,
                Err(_) => {
                    eprintln!(
                        "error: the workspace at {base} cannot be planned (above); a diff needs a plan on both sides"
                    );
                    return Err(EXIT_USAGE);
                }
            }
        }
    };
    if let (Some(name), None, None) = (campaign, &new, &old) {
        eprintln!("error: no campaign `{name}` in the workspace, now or at {base}");
        return Err(EXIT_USAGE);
    }
    let d = crate::plan::diff::diff(base, &old.unwrap_or_else(empty_plan), &new.unwrap_or_else(empty_plan));
    let text = match a.format {
        PlanFormat::Json => crate::plan::diff::to_json(&d),
        _ => crate::plan::diff::to_markdown(&d),
    };
    Ok(PlanOut { text, code: if a.exit_code && d.changed { EXIT_ERRORS } else { EXIT_OK } })
}
