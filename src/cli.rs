//! The command line (CLI.md): argument definitions, parsed into each
//! command's arguments. `main` only calls [`run`]; [`run`] only parses and
//! calls a function of `commands`, which calls the library and prints.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::Options;
use crate::literal::{self, Date};

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

/// Whether the engine flags say something for `--data` to use (`--dsn` is
/// left out: `MOPS_DSN` in the environment sets it for every command).
fn engine_named(e: &crate::data::engine::EngineChoice) -> bool {
    e.engine != "auto" || e.duckdb.is_some() || e.spark_sql.is_some()
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

/// Run the command line; returns the process exit code. Each command is a
/// function of `commands`, given its parsed arguments.
pub fn run(cli: Cli) -> i32 {
    use crate::commands::{self as cmd, date_flag};
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
    let g = cmd::Global { opts, color: use_color(cli.color), quiet: cli.quiet, verbose: cli.verbose };
    let opts = &g.opts;
    // a date flag that does not parse is exit 2, said by date_flag
    macro_rules! date {
        ($flag:literal, $v:expr) => {
            match date_flag($flag, $v.as_deref()) {
                Ok(d) => d,
                Err(code) => return code,
            }
        };
    }
    match &cli.command {
        Command::Lsp => cmd::serve::lsp(g.opts),
        Command::Mcp { root } => cmd::serve::mcp(root.as_deref(), g.opts),
        Command::Score { paths, scoring, as_of, engine, format, output, review, max_bad_rows } => {
            let args = cmd::score::ScoreArgs {
                paths,
                scoring: scoring.as_deref(),
                as_of: date!("--as-of", as_of),
                engine,
                format: *format,
                output: output.as_deref(),
                review: *review,
                max_bad_rows: *max_bad_rows,
            };
            cmd::score::run(&args, &g)
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
            use crate::data::attribute_cmd::{self as ac, AttrArgs};
            let (from, to) = (date!("--from", from), date!("--to", to));
            let format = match format {
                AttrFormat::Md => ac::AttrFormat::Md,
                AttrFormat::Json => ac::AttrFormat::Json,
                AttrFormat::Csv => ac::AttrFormat::Csv,
                AttrFormat::Html => ac::AttrFormat::Html,
            };
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
            cmd::attribute::run(paths, &args, output.as_deref(), &g)
        }
        Command::Sql { paths, dialect, only, by, as_of, output, dbt } => {
            let args = cmd::sql::SqlArgs {
                paths,
                dialect: *dialect,
                only: match only {
                    SqlOnly::Score => cmd::sql::Only::Score,
                    SqlOnly::Attribution => cmd::sql::Only::Attribution,
                    SqlOnly::Paths => cmd::sql::Only::Paths,
                },
                by: attr_by(*by),
                as_of: date!("--as-of", as_of),
                output: output.as_deref(),
                dbt: dbt.as_deref(),
            };
            cmd::sql::run(&args, &g)
        }
        Command::Route { request, paths, format, top } => cmd::route::run(request, paths, *format, *top, opts),
        Command::Audit { engine, data: false, .. } if engine_named(engine) => {
            eprintln!("error: --engine, --duckdb and --spark-sql choose where --data runs: add --data");
            EXIT_USAGE
        }
        Command::Audit { paths, format, output, data: false, .. } => {
            cmd::audit::run(paths, *format, output.as_deref(), opts)
        }
        Command::Audit { paths, format, output, data: true, as_of, engine } => {
            let as_of = date!("--as-of", as_of).unwrap_or(opts.today);
            cmd::audit::run_data(paths, *format, output.as_deref(), as_of, engine, &g)
        }
        Command::Init { dir } => cmd::init::run_init(dir.as_deref(), opts),
        Command::New { what } => cmd::init::run_new(what, opts),
        Command::Fmt { paths, check, diff } => cmd::fmt::run(paths, *check, *diff, cli.quiet, cli.max_file_size),
        Command::Graph { paths, format, only } => cmd::graph::run(paths, *format, *only, &g),
        Command::Plan { paths, campaign, format, output, diff, exit_code } => {
            let args = cmd::plan::PlanArgs {
                paths,
                campaign: campaign.as_deref(),
                format: *format,
                output: output.as_deref(),
                diff: diff.as_deref(),
                exit_code: *exit_code,
            };
            cmd::plan::run(&args, &g)
        }
        Command::Rules { format } => cmd::explain::rules(*format),
        Command::Explain { code } => cmd::explain::explain(code),
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
            if !data && engine_named(engine) {
                eprintln!("error: --engine, --duckdb and --spark-sql choose where --data runs: add --data");
                return EXIT_USAGE;
            }
            let args = cmd::check::CheckArgs {
                paths,
                format: *format,
                deny: *deny,
                fix: *fix,
                unsafe_fixes: *unsafe_fixes,
                baseline: baseline.as_ref(),
                write_baseline: write_baseline.as_ref(),
                data: *data,
                as_of: date!("--as-of", as_of),
                max_bad_rows: *max_bad_rows,
                engine,
            };
            cmd::check::run(&args, &g)
        }
    }
}
