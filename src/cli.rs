//! The command line (CLI.md): argument definitions and the commands. `main`
//! only calls [`run`]; every command calls library functions.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, Options};
use crate::diagnostic::Severity;
use crate::literal::{self, Date};
use crate::render;

#[derive(Debug, Parser)]
#[command(name = "mopsc", version, about = "Compiler and linter for marketing operations as code (.mops files)")]
pub struct Cli {
    /// Today's date for date-dependent rules (default: the system date).
    #[arg(long, global = true, env = "MOPS_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Use this mops.toml instead of the one found by walking up.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to use colours (NO_COLOR is respected with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only diagnostics, no summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More output.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Largest .mops file read, in bytes (E002 beyond; at most 4 GiB, as spans are 32-bit).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Deepest nesting of blocks and lists (E001 beyond; at most 1000).
    #[arg(long, global = true, value_name = "N", default_value_t = crate::syntax::DEFAULT_MAX_DEPTH,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=crate::syntax::MAX_DEPTH_LIMIT as u64))]
    pub max_depth: usize,
    /// Most blocks in one file (E001 beyond).
    #[arg(long, global = true, value_name = "N", default_value_t = 1_000_000)]
    pub max_declarations: usize,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// Graphical reports with source snippets, then a summary line.
    Human,
    /// One line per diagnostic: `path:line:col: severity[CODE] message`.
    Short,
    /// One JSON document (docs/reference/cli.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML: a test case per file, a failure per error.
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PlanFormat {
    Md,
    Json,
    Mermaid,
    Dot,
    Ics,
    Csv,
    /// The campaign calendar: one self-contained HTML page.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphOnly {
    Stack,
    Campaigns,
    Imports,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, validate and lint; print diagnostics.
    Check {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit 1 on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Apply safe fixes, writing files atomically.
        #[arg(long)]
        fix: bool,
        /// With --fix, also apply unsafe fixes.
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
        /// Report only findings that are not in this baseline file (see --write-baseline).
        #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
        baseline: Option<PathBuf>,
        /// Write the current lint findings to this baseline file and report only what it cannot hold (errors).
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// Also measure the data the datasets bind: quality targets, UTM consistency, the scoring review (DQ001–DQ107, SCR101–SCR103).
        #[arg(long)]
        data: bool,
        /// With --data: measure as of this day (default: --today).
        #[arg(long, value_name = "YYYY-MM-DD", requires = "data")]
        as_of: Option<String>,
        /// With --data: go on past up to N rows whose values do not convert (DATA001).
        #[arg(long, value_name = "N", default_value_t = 0, requires = "data")]
        max_bad_rows: usize,
        /// With --data: where the checks run.
        #[command(flatten)]
        engine: crate::data::engine::EngineChoice,
    },
    /// Compile campaigns to run plans (docs/reference/plan.md); refuses while any error exists.
    Plan {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Only this campaign.
        #[arg(long, value_name = "NAME")]
        campaign: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Md)]
        format: PlanFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Show what changed against BASE: a git revision (the workspace as committed there) or a plan JSON file written earlier (md or json).
        #[arg(long, value_name = "BASE")]
        diff: Option<String>,
        /// With --diff: exit 0 when nothing changed, 1 when something did (2 for any failure).
        #[arg(long, requires = "diff")]
        exit_code: bool,
    },
    /// List every rule: code, name, severity, fixable.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Document a rule or error code, or any name of the language (a block kind, attribute, skill, playbook, category, value).
    Explain {
        /// A code (STK002, E040), a rule name (tool-not-connected), a block kind (sequence), an attribute (campaign.budget), a skill (paid-ads), a playbook, a category or a value.
        #[arg(value_name = "NAME")]
        code: String,
    },
    /// Format files in place, in the canonical layout.
    Fmt {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that are not formatted and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Write nothing; print a unified diff of the changes and exit 1 if any.
        #[arg(long)]
        diff: bool,
    },
    /// The dependency graph: the stack's data flows, campaigns' step graphs, imports.
    Graph {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Draw only one part of the graph.
        #[arg(long, value_enum)]
        only: Option<GraphOnly>,
    },
    /// Route a marketing request to a skill through the routing matrix.
    Route {
        /// The request, in your own words.
        request: String,
        /// Workspace files or directories whose routes join the prelude's
        /// (default: the current directory when it holds .mops files).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = crate::route::RouteFormat::Text)]
        format: crate::route::RouteFormat,
        /// How many skills to show: the answer and the next best.
        #[arg(long, default_value_t = 3)]
        top: usize,
    },
    /// The stack evaluation and audit checklist, automation priorities, the newest marketing audit and the attribution checklist.
    Audit {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = crate::audit::AuditFormat::Md)]
        format: crate::audit::AuditFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Add the Data area measured on the data (check --data's figures, a suggested 1-5 score).
        #[arg(long)]
        data: bool,
        /// With --data: measure as of this day (default: --today).
        #[arg(long, value_name = "YYYY-MM-DD", requires = "data")]
        as_of: Option<String>,
        /// With --data: where the measures run.
        #[command(flatten)]
        engine: crate::data::engine::EngineChoice,
    },
    /// A new workspace (mops.toml, context, stack, a campaign, hygiene, scoring, attribution) that checks clean.
    Init {
        /// Where to create it (default: the current directory; created if missing).
        dir: Option<PathBuf>,
    },
    /// Scaffold a declaration: `mopsc new campaign NAME --playbook P [-o FILE]`.
    New {
        #[command(subcommand)]
        what: crate::scaffold::NewCommand,
    },
    /// A Model Context Protocol server on stdio, for AI agents; see docs/agents.md.
    Mcp {
        /// The workspace root: tools' paths are confined to it (default: the current directory).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// The language server (LSP over stdio) for editors; see docs/editor.md.
    Lsp,
    /// Score the leads of a dataset with a scoring model (DATA.md §3).
    Score {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// The scoring model (needed when the workspace has several).
        #[arg(long, value_name = "NAME")]
        scoring: Option<String>,
        /// Score as of this day (default: --today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[command(flatten)]
        engine: crate::data::engine::EngineChoice,
        #[arg(long, value_enum, default_value_t = crate::data::cmd::ScoreFormat::Csv)]
        format: crate::data::cmd::ScoreFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The review of the scores against the outcomes (SCR101–SCR103).
        #[arg(long)]
        review: bool,
        /// Go on past up to N rows whose values do not convert (DATA001).
        #[arg(long, value_name = "N", default_value_t = 0)]
        max_bad_rows: usize,
    },
    /// Credit conversions to channels, campaigns or steps with the attribution models, ROI per campaign (DATA.md §4).
    Attribute {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// The attribution model (needed when the workspace has several).
        #[arg(long, value_name = "NAME")]
        attribution: Option<String>,
        /// The models, side by side: a comma-separated list of first-touch, last-touch, linear, time-decay,
        /// position-based, markov, shapley, data-driven (the declared method), or `all` (default: the declared model).
        #[arg(long, value_name = "M,…|all")]
        model: Option<String>,
        /// What a row is.
        #[arg(long, value_enum, default_value_t = AttrBy::Channel)]
        by: AttrBy,
        /// Conversions from this day on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Conversions up to and including this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[command(flatten)]
        engine: crate::data::engine::EngineChoice,
        /// Aggregated paths (CSV: path, conversions, nulls, value) instead of touches, for markov and shapley.
        #[arg(long = "paths", value_name = "FILE")]
        paths_file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = AttrFormat::Md)]
        format: AttrFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Go on past up to N rows whose values do not convert (DATA001).
        #[arg(long, value_name = "N", default_value_t = 0)]
        max_bad_rows: usize,
    },
    /// Write the SQL of the data queries for a dialect.
    Sql {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum)]
        dialect: crate::data::print::Dialect,
        /// Which queries: score, attribution (credits of the heuristic models) or paths (for markov and shapley).
        #[arg(long, value_enum, default_value_t = SqlOnly::Score)]
        only: SqlOnly,
        /// With --only attribution|paths: what a row (or a path's step) is.
        #[arg(long, value_enum, default_value_t = AttrBy::Channel)]
        by: AttrBy,
        /// The as-of day the query is written for (default: --today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Write one file per query into DIR instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        /// Write a dbt project into DIR (models, sources, quality tests) for the dialect's adapter.
        #[arg(long, value_name = "DIR", conflicts_with = "output")]
        dbt: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SqlOnly {
    Score,
    Attribution,
    Paths,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AttrBy {
    Channel,
    SourceMedium,
    Campaign,
    Step,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AttrFormat {
    Md,
    Json,
    Csv,
    Html,
}

fn attr_by(b: AttrBy) -> crate::data::attribute::By {
    use crate::data::attribute::By;
    match b {
        AttrBy::Channel => By::Channel,
        AttrBy::SourceMedium => By::SourceMedium,
        AttrBy::Campaign => By::Campaign,
        AttrBy::Step => By::Step,
    }
}

pub use crate::commands::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};

fn today(cli: &Cli) -> Result<Date, String> {
    match &cli.today {
        Some(t) => literal::date(t).map_err(|e| format!("--today: {e}")),
        None => Ok(jiff::Zoned::now().date()),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    }
}

/// Print a command's output; a write error (a full disk) is exit 2.
fn emit(out: &str) -> Result<(), i32> {
    crate::fsutil::write_stdout(out.as_bytes()).map_err(|e| {
        eprintln!("error: cannot write to standard output: {e}");
        EXIT_USAGE
    })
}

fn paths_or_cwd(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// Print what a data command produced: diagnostics (with their sources) and
/// messages on standard error, the output on standard output or in a file.
fn finish_data(out: crate::data::cmd::Output, output: Option<&std::path::Path>, color: bool, verbose: bool) -> i32 {
    if let (true, Some(e)) = (verbose, &out.engine) {
        eprintln!("note: engine: {e}");
    }
    if let Some(files) = &out.files {
        // the sources of the diagnostics, from the command's one check
        eprint!("{}", render::human_diagnostics(&out.diagnostics, files, color));
    }
    for m in &out.messages {
        if out.code == EXIT_OK {
            eprintln!("note: {m}");
        } else {
            eprintln!("error: {m}");
        }
    }
    if out.code != EXIT_OK {
        return out.code;
    }
    match output {
        Some(path) => {
            if let Err(e) = crate::fsutil::write_atomic(path, out.stdout.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
        }
        None => {
            let _ = std::io::stdout().lock().write_all(out.stdout.as_bytes());
        }
    }
    EXIT_OK
}

/// What `plan` prints and the exit code that follows.
struct PlanOut {
    text: String,
    code: i32,
}

impl From<String> for PlanOut {
    fn from(text: String) -> PlanOut {
        PlanOut { text, code: EXIT_OK }
    }
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
) -> Result<Option<crate::plan::Plan>, i32> {
    let report = match check::check_paths(paths, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(EXIT_USAGE);
        }
    };
    match crate::plan::compile(&report, campaign) {
        Ok(p) => Ok(Some(p)),
        Err(e @ crate::plan::PlanError::Errors(_)) => {
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
            eprint!("{}", render::human(&errors, &report.files, report.file_count(), color));
            eprintln!("error: {e}");
            Err(EXIT_ERRORS)
        }
        Err(crate::plan::PlanError::NoSuchCampaign { .. } | crate::plan::PlanError::NoCampaigns) if lenient => Ok(None),
        Err(e @ crate::plan::PlanError::NoSuchCampaign { .. }) => {
            eprintln!("error: {e}");
            Err(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_ERRORS)
        }
    }
}

fn empty_plan() -> crate::plan::Plan {
    crate::plan::Plan { plan_version: 1, campaigns: Vec::new(), rollup: Default::default() }
}

/// `plan --diff BASE`: the plan of `paths` now against BASE's, a plan JSON
/// file (when BASE names a file) or the workspace at a git revision.
fn plan_diff(
    paths: &[PathBuf],
    campaign: Option<&str>,
    format: PlanFormat,
    base: &str,
    exit_code: bool,
    opts: &Options,
    color: bool,
) -> Result<PlanOut, i32> {
    // with --exit-code, 1 says "changed": a failure must say something else
    let fail = |code: i32| if exit_code { EXIT_USAGE } else { code };
    if !matches!(format, PlanFormat::Md | PlanFormat::Json) {
        eprintln!("error: --diff writes md or json");
        return Err(EXIT_USAGE);
    }
    let paths = paths_or_cwd(paths);
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
    let text = match format {
        PlanFormat::Json => crate::plan::diff::to_json(&d),
        _ => crate::plan::diff::to_markdown(&d),
    };
    Ok(PlanOut { text, code: if exit_code && d.changed { EXIT_ERRORS } else { EXIT_OK } })
}

/// Run the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let today = match today(&cli) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut opts = Options::new(today);
    opts.release_texts = true;
    opts.config = cli.config.clone();
    opts.limits = crate::workspace::Limits {
        max_depth: cli.max_depth,
        max_file_bytes: cli.max_file_size,
        max_declarations: cli.max_declarations,
    };
    match &cli.command {
        Command::Lsp => crate::lsp::run_stdio_with(opts),
        Command::Mcp { root } => {
            let mut o = opts.clone();
            o.release_texts = false;
            match crate::mcp::run_stdio(root.as_deref().unwrap_or(Path::new(".")), o) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("error: {e}");
                    EXIT_USAGE
                }
            }
        }
        Command::Score { paths, scoring, as_of, engine, format, output, review, max_bad_rows } => {
            let as_of = match as_of.as_deref().map(literal::date).transpose() {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: --as-of: {e}");
                    return EXIT_USAGE;
                }
            };
            let mut sopts = opts.clone();
            sopts.release_texts = false;
            let out = crate::data::cmd::score(
                &paths_or_cwd(paths),
                &sopts,
                scoring.as_deref(),
                as_of,
                engine,
                *format,
                *review,
                *max_bad_rows,
            );
            finish_data(out, output.as_deref(), use_color(cli.color), cli.verbose)
        }
        Command::Attribute {
            paths,
            attribution,
            model,
            by,
            from,
            to,
            engine,
            paths_file,
            format,
            output,
            max_bad_rows,
        } => {
            let day = |flag: &str, v: &Option<String>| match v.as_deref().map(literal::date).transpose() {
                Ok(d) => Ok(d),
                Err(e) => Err(format!("{flag}: {e}")),
            };
            let (from, to) = match (day("--from", from), day("--to", to)) {
                (Ok(f), Ok(t)) => (f, t),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("error: {e}");
                    return EXIT_USAGE;
                }
            };
            use crate::data::attribute_cmd::{self as ac, AttrArgs};
            let format = match format {
                AttrFormat::Md => ac::AttrFormat::Md,
                AttrFormat::Json => ac::AttrFormat::Json,
                AttrFormat::Csv => ac::AttrFormat::Csv,
                AttrFormat::Html => ac::AttrFormat::Html,
            };
            let mut sopts = opts.clone();
            sopts.release_texts = false;
            let args = AttrArgs {
                attribution: attribution.as_deref(),
                models: model.as_deref(),
                by: attr_by(*by),
                from,
                to,
                engine,
                paths_file: paths_file.as_deref(),
                format,
                max_bad_rows: *max_bad_rows,
            };
            let out = ac::attribute(&paths_or_cwd(paths), &sopts, &args);
            finish_data(out, output.as_deref(), use_color(cli.color), cli.verbose)
        }
        Command::Sql { paths, dialect, only, by, as_of, output, dbt } => {
            let as_of = match as_of.as_deref().map(literal::date).transpose() {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: --as-of: {e}");
                    return EXIT_USAGE;
                }
            };
            let d = *dialect;
            let mut sopts = opts.clone();
            sopts.release_texts = false;
            if let Some(dir) = dbt {
                return match crate::data::cmd::dbt(&paths_or_cwd(paths), &sopts, d, as_of) {
                    Err(out) => finish_data(out, None, use_color(cli.color), cli.verbose),
                    Ok(files) => {
                        for (rel, text) in &files {
                            let path = dir.join(rel);
                            if let Some(parent) = path.parent() {
                                if let Err(e) = std::fs::create_dir_all(parent) {
                                    eprintln!("error: cannot create {}: {e}", parent.display());
                                    return EXIT_USAGE;
                                }
                            }
                            if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                                eprintln!("error: cannot write {}: {e}", path.display());
                                return EXIT_USAGE;
                            }
                        }
                        eprintln!("note: wrote a dbt project of {} files to {}", files.len(), dir.display());
                        EXIT_OK
                    }
                };
            }
            let written = match only {
                SqlOnly::Score => crate::data::cmd::sql(&paths_or_cwd(paths), &sopts, d, as_of),
                SqlOnly::Attribution | SqlOnly::Paths => crate::data::attribute_cmd::sql(
                    &paths_or_cwd(paths),
                    &sopts,
                    d,
                    if *only == SqlOnly::Paths { "paths" } else { "attribution" },
                    attr_by(*by),
                    None,
                    None,
                ),
            };
            match written {
                Err(out) => finish_data(out, None, use_color(cli.color), cli.verbose),
                Ok(files) => {
                    if files.is_empty() {
                        match only {
                            SqlOnly::Score => eprintln!("error: no scoring with a leads dataset to write SQL for"),
                            _ => eprintln!("error: no attribution with a touches dataset to write SQL for"),
                        }
                        return EXIT_ERRORS;
                    }
                    match output {
                        Some(dir) => {
                            if let Err(e) = std::fs::create_dir_all(dir) {
                                eprintln!("error: cannot create {}: {e}", dir.display());
                                return EXIT_USAGE;
                            }
                            for (name, text) in &files {
                                let path = crate::data::cmd::sql_path(dir, name);
                                if let Err(e) = crate::fsutil::write_atomic(&path, text.as_bytes()) {
                                    eprintln!("error: cannot write {}: {e}", path.display());
                                    return EXIT_USAGE;
                                }
                            }
                        }
                        None => {
                            let all: String = files.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
                            let _ = std::io::stdout().lock().write_all(all.as_bytes());
                        }
                    }
                    EXIT_OK
                }
            }
        }
        Command::Route { request, paths, format, top } => {
            crate::commands::route::run(request, paths, *format, *top, &opts)
        }
        Command::Audit { paths, format, output, data: false, .. } => {
            crate::commands::audit::run(paths, *format, output.as_deref(), &opts)
        }
        Command::Audit { paths, format, output, data: true, as_of, engine } => {
            let as_of = match as_of.as_deref().map(literal::date).transpose() {
                Ok(d) => d.unwrap_or(opts.today),
                Err(e) => {
                    eprintln!("error: --as-of: {e}");
                    return EXIT_USAGE;
                }
            };
            let dopts = crate::data::quality::DataOptions { as_of, max_bad_rows: 0 };
            match crate::data::audit_data::audit(paths, *format, &opts, dopts, engine) {
                Err((code, msg)) => {
                    eprintln!("{msg}");
                    code
                }
                Ok((out, described)) => {
                    if let (true, Some(e)) = (cli.verbose, described) {
                        eprintln!("note: engine: {e}");
                    }
                    let written = match output {
                        Some(path) => crate::fsutil::write_output(path, out.as_bytes()),
                        None => crate::fsutil::write_stdout(out.as_bytes()),
                    };
                    match written {
                        Ok(()) => EXIT_OK,
                        Err(e) => {
                            eprintln!("error: cannot write the audit: {e}");
                            EXIT_USAGE
                        }
                    }
                }
            }
        }
        Command::Init { dir } => crate::commands::init::run_init(dir.as_deref(), &opts),
        Command::New { what } => crate::commands::init::run_new(what, &opts),
        Command::Fmt { paths, check, diff } => {
            crate::commands::fmt::run(paths, *check, *diff, cli.quiet, cli.max_file_size)
        }
        Command::Graph { paths, format, only } => {
            let report = match check::check_paths(&paths_or_cwd(paths), &opts) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_USAGE;
                }
            };
            if report.count(Severity::Error) > 0 {
                let errors: Vec<_> =
                    report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
                eprint!("{}", render::short(&errors, &report.files));
                eprintln!("error: the workspace has errors; fix them to draw its graph");
                return EXIT_ERRORS;
            }
            let only = only.map(|o| match o {
                GraphOnly::Stack => crate::graph::Only::Stack,
                GraphOnly::Campaigns => crate::graph::Only::Campaigns,
                GraphOnly::Imports => crate::graph::Only::Imports,
            });
            let graphs: Vec<_> =
                report.analyses.iter().map(|a| crate::graph::build(&a.set, &a.model, &report.files)).collect();
            let out = match format {
                GraphFormat::Dot => crate::graph::to_dot(&graphs, only),
                GraphFormat::Mermaid => crate::graph::to_mermaid(&graphs, only),
                GraphFormat::Json => crate::graph::to_json(&graphs, &report.files, only),
            };
            match emit(&out) {
                Ok(()) => EXIT_OK,
                Err(code) => code,
            }
        }
        Command::Plan { paths, campaign, format, output, diff, exit_code } => {
            let color = use_color(cli.color);
            let out = match diff {
                Some(base) => match plan_diff(paths, campaign.as_deref(), *format, base, *exit_code, &opts, color) {
                    Ok(out) => out,
                    Err(code) => return code,
                },
                None => {
                    let plan = match plan_of(&paths_or_cwd(paths), campaign.as_deref(), &opts, color, false) {
                        Ok(Some(p)) => p,
                        Ok(None) => return EXIT_ERRORS,
                        Err(code) => return code,
                    };
                    PlanOut::from(match format {
                        PlanFormat::Md => crate::plan::to_markdown(&plan),
                        PlanFormat::Json => crate::plan::to_json(&plan),
                        PlanFormat::Mermaid => crate::plan::to_mermaid(&plan),
                        PlanFormat::Dot => crate::plan::to_dot(&plan),
                        PlanFormat::Ics => crate::plan::to_ics(&plan),
                        PlanFormat::Csv => crate::plan::to_csv(&plan),
                        PlanFormat::Html => crate::plan::html::to_html(&plan, opts.today),
                    })
                }
            };
            match output {
                Some(path) => {
                    if let Err(e) = crate::fsutil::write_output(path, out.text.as_bytes()) {
                        eprintln!("error: cannot write {}: {e}", crate::workspace::display_path(path));
                        return EXIT_USAGE;
                    }
                }
                None => {
                    if let Err(code) = emit(&out.text) {
                        return code;
                    }
                }
            }
            out.code
        }
        Command::Rules { format } => {
            let out = match format {
                RulesFormat::Text => crate::explain::rules_text(),
                RulesFormat::Json => crate::explain::rules_json(),
                RulesFormat::Md => crate::explain::rules_markdown(),
            };
            match emit(&out) {
                Ok(()) => EXIT_OK,
                Err(code) => code,
            }
        }
        Command::Explain { code } => match crate::explain::explain(code) {
            Ok(text) => match emit(&text) {
                Ok(()) => EXIT_OK,
                Err(code) => code,
            },
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_USAGE
            }
        },
        Command::Check {
            paths,
            format,
            deny,
            fix,
            unsafe_fixes,
            baseline,
            write_baseline,
            data,
            as_of,
            max_bad_rows,
            engine,
        } => {
            let as_of = match as_of.as_deref().map(literal::date).transpose() {
                Ok(d) => d.unwrap_or(opts.today),
                Err(e) => {
                    eprintln!("error: --as-of: {e}");
                    return EXIT_USAGE;
                }
            };
            let mut fix_summary = String::new();
            let result = if *fix {
                crate::fix::fix_paths(&paths_or_cwd(paths), &opts, *unsafe_fixes).map(|o| {
                    let total: usize = o.fixed.values().sum();
                    fix_summary = format!(
                        "Fixed {total} diagnostic{} in {} file{}.\n",
                        if total == 1 { "" } else { "s" },
                        o.fixed.len(),
                        if o.fixed.len() == 1 { "" } else { "s" }
                    );
                    for (name, n) in &o.fixed {
                        fix_summary.push_str(&format!("  {name}: {n} fixed\n"));
                    }
                    for (name, why) in &o.failed {
                        fix_summary.push_str(&format!("  {name}: not written: {why}\n"));
                    }
                    o.report
                })
            } else {
                check::check_paths(&paths_or_cwd(paths), &opts)
            };
            let mut report = match result {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_USAGE;
                }
            };
            let mut data_engine = None;
            if *data {
                // the data checks read the files the datasets bind: only here
                let opts = crate::data::quality::DataOptions { as_of, max_bad_rows: *max_bad_rows };
                let measured = crate::data::quality::check_data_on(&report, opts, engine);
                if let (true, Some(e)) = (cli.verbose, &measured.engine) {
                    eprintln!("note: engine: {e}");
                }
                data_engine = measured.engine;
                report.diagnostics.extend(measured.diagnostics);
                check::finish(&mut report.diagnostics);
            }
            let mut baseline_note = String::new();
            if let Some(path) = write_baseline {
                let base = crate::baseline::base_dir(path);
                let b = crate::baseline::build(&report.diagnostics, &report.files, &base, opts.limits.max_depth);
                if let Err(e) = crate::fsutil::write_atomic(path, crate::baseline::to_json(&b).as_bytes()) {
                    eprintln!("error: cannot write the baseline {}: {e}", path.display());
                    return EXIT_USAGE;
                }
                report.diagnostics.retain(|d| !crate::baseline::baselinable(d));
                baseline_note = format!(
                    "wrote {} finding{} to the baseline {}\n",
                    b.findings.len(),
                    if b.findings.len() == 1 { "" } else { "s" },
                    path.display()
                );
            } else if let Some(path) = baseline {
                let b = match crate::baseline::load(path) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return EXIT_USAGE;
                    }
                };
                let base = crate::baseline::base_dir(path);
                let outcome =
                    crate::baseline::apply(&mut report.diagnostics, &report.files, &b, &base, opts.limits.max_depth);
                baseline_note = crate::baseline::summary(outcome, path);
            }
            let out = match format {
                CheckFormat::Human => {
                    let color = use_color(cli.color);
                    if cli.quiet {
                        render::human_diagnostics(&report.diagnostics, &report.files, color)
                    } else {
                        render::human(&report.diagnostics, &report.files, report.file_count(), color)
                    }
                }
                CheckFormat::Short => render::short(&report.diagnostics, &report.files),
                CheckFormat::Json => {
                    let out = render::json(&report.diagnostics, &report.files, report.file_count());
                    match &data_engine {
                        Some(e) => crate::data::quality::with_engine(&out, e),
                        None => out,
                    }
                }
                CheckFormat::Sarif => render::sarif::sarif(&report.diagnostics, &report.files),
                CheckFormat::Github => {
                    render::github::github(&report.diagnostics, &report.files, report.file_count(), cli.quiet)
                }
                CheckFormat::Junit => render::junit::junit(&report.diagnostics, &report.files),
            };
            if let Err(code) = emit(&out) {
                return code;
            }
            if !fix_summary.is_empty() && !cli.quiet {
                let _ = std::io::stderr().write_all(fix_summary.as_bytes());
            }
            if !baseline_note.is_empty() && !cli.quiet {
                let _ = std::io::stderr().write_all(baseline_note.as_bytes());
            }
            let errors = report.count(Severity::Error);
            let warnings = report.count(Severity::Warning);
            // The process exits next: freeing every file, model and analysis
            // one allocation at a time would only delay it (a tenth of the run
            // on large workspaces). The operating system reclaims it at once.
            std::mem::forget(report);
            if errors > 0 || (*deny == Some(Deny::Warnings) && warnings > 0) {
                EXIT_ERRORS
            } else {
                EXIT_OK
            }
        }
    }
}
