//! `mops.toml` (CLI.md): `[workspace] include/exclude`, `[lint] select/ignore`,
//! `[lint.severity]`, `[lint.options]`. Unknown keys and bad values are CFG001
//! diagnostics and unknown rule codes SUP002, all pointing into the TOML.

use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, FileId, Files, Severity, Span};
use crate::literal::{self, Percent};

/// Thresholds of RULES.md marked *(option)*.
#[derive(Debug, Clone, PartialEq)]
pub struct LintOptions {
    pub min_adoption: Percent,
    /// The evaluation bar times 100 (2.0 is 200).
    pub evaluation_bar_x100: i64,
    pub renewal_window_days: i64,
    pub contract_review_days: i64,
    pub scoring_review_days: i64,
    pub audit_max_age_days: i64,
    pub data_driven_min_monthly_conversions: i64,
    /// DQ107 (`check --data`): the share of untagged touches allowed.
    pub max_untagged: Percent,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            min_adoption: Percent { hundredths: 3000 },
            evaluation_bar_x100: 200,
            renewal_window_days: 60,
            contract_review_days: 365,
            scoring_review_days: 92,
            audit_max_age_days: 365,
            data_driven_min_monthly_conversions: 300,
            max_untagged: Percent { hundredths: 1000 },
        }
    }
}

/// A loaded configuration. `Default` is what a workspace without
/// `mops.toml` gets: every rule selected at its default severity.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The config file as a source (for diagnostics), if any.
    pub file: Option<FileId>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    pub options: LintOptions,
    /// `[plan] calendar` and `holidays`: the days schedules count.
    pub calendar: crate::campaign::Calendar,
}

impl Config {
    fn matches(selector: &str, code: &str) -> bool {
        selector == "ALL" || code.starts_with(selector)
    }
    /// Is the rule `code` enabled? `ignore` wins over `select` at equal
    /// specificity; the longer selector wins otherwise (ruff's rule).
    pub fn enabled(&self, code: &str) -> bool {
        let best = |list: &[String]| {
            list.iter().filter(|s| Self::matches(s, code)).map(|s| if s == "ALL" { 0 } else { s.len() }).max()
        };
        let select: &[String] = if self.select.is_empty() { &[] } else { &self.select };
        let sel = if self.select.is_empty() { Some(0) } else { best(select) };
        match (sel, best(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(i)) => s > i,
        }
    }
    /// The severity of `code`, overridden by the most specific `[lint.severity]` entry.
    pub fn severity_of(&self, code: &str, default: Severity) -> Severity {
        self.severity
            .iter()
            .filter(|(s, _)| Self::matches(s, code))
            .max_by_key(|(s, _)| if s == "ALL" { 0 } else { s.len() })
            .map(|(_, sev)| *sev)
            .unwrap_or(default)
    }
}

/// Is `selector` a rule code or prefix that names at least one rule?
fn known_selector(selector: &str) -> bool {
    selector == "ALL" || crate::rules::all_codes().any(|c| c.starts_with(selector)) && !selector.is_empty()
}

fn span(s: &std::ops::Range<usize>) -> Span {
    Span::new(s.start, s.end)
}

struct Reader<'a> {
    file: FileId,
    diags: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn cfg(&mut self, sp: Span, msg: String, help: &str) {
        self.diags.push(
            Diagnostic::new("CFG001", Severity::Warning, msg, self.file, sp)
                .with_label(self.file, sp, "in mops.toml")
                .with_help(help),
        );
    }
    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, table: &str, allowed: &[&str]) {
        let k = key.get_ref();
        let hint = crate::schema::did_you_mean(k, allowed.iter().copied());
        let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        let help = match hint {
            Some(h) => format!("{h} `{table}` accepts {list}"),
            None => format!("`{table}` accepts {list}"),
        };
        self.cfg(span(&key.span()), format!("unknown key `{k}` in `{table}`"), &help);
    }
    fn strings(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Vec<(String, Span)> {
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    DeValue::String(s) => Some((s.to_string(), span(&i.span()))),
                    _ => {
                        self.cfg(
                            span(&i.span()),
                            format!("`{what}` lists strings"),
                            "write each entry in double quotes",
                        );
                        None
                    }
                })
                .collect(),
            _ => {
                self.cfg(
                    span(&v.span()),
                    format!("`{what}` must be a list of strings"),
                    "write e.g. `[\"UTM\", \"STK003\"]`",
                );
                Vec::new()
            }
        }
    }
    /// `include`/`exclude`: globs; an invalid one is CFG001 at the pattern
    /// and is left out (the others still apply).
    fn globs(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (pattern, sp) in self.strings(v, what) {
            match crate::workspace::glob(&pattern) {
                Ok(_) => out.push(pattern),
                Err(e) => self.cfg(
                    sp,
                    format!("`{what}` pattern is not a valid glob: {}", e.kind()),
                    "fix the pattern (e.g. close the `[` or `{`); the other patterns still apply",
                ),
            }
        }
        out
    }
    fn codes(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (code, sp) in self.strings(v, what) {
            if code.starts_with('E') && code.len() == 4 && code[1..].chars().all(|c| c.is_ascii_digit()) {
                self.diags.push(
                    Diagnostic::new(
                        "SUP002",
                        Severity::Warning,
                        format!("`{code}` is an error code, which cannot be configured"),
                        self.file,
                        sp,
                    )
                    .with_label(self.file, sp, "error code")
                    .with_help("E-codes are always errors; remove it from the list"),
                );
            } else if !known_selector(&code) {
                let hint = crate::schema::did_you_mean(&code, crate::rules::all_codes());
                self.diags.push(
                    Diagnostic::new(
                        "SUP002",
                        Severity::Warning,
                        format!("`{code}` is not a rule code or prefix"),
                        self.file,
                        sp,
                    )
                    .with_label(self.file, sp, "unknown code")
                    .with_help(hint.unwrap_or_else(|| "`mopsc rules` lists every rule code".into())),
                );
            } else {
                out.push(code);
            }
        }
        out
    }
    fn number(&mut self, v: &Spanned<DeValue<'_>>, key: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i.as_str().replace('_', "").parse().ok().filter(|n: &i64| *n >= 0).or_else(|| {
                self.cfg(
                    span(&v.span()),
                    format!("`{key}` must be a whole number of days or conversions"),
                    "write e.g. `365`",
                );
                None
            }),
            _ => {
                self.cfg(span(&v.span()), format!("`{key}` must be a whole number"), "write e.g. `365`");
                None
            }
        }
    }
}

/// Largest `mops.toml` read: a configuration is a few hundred bytes, and
/// parsing TOML takes some forty times the file's size in memory.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Read a `mops.toml`: a regular file of at most [`MAX_CONFIG_BYTES`].
pub fn read(path: &Path) -> Result<String, String> {
    let shown = crate::workspace::display_path(path);
    let (bytes, _) =
        crate::fsutil::read_bounded(path, MAX_CONFIG_BYTES).map_err(|e| format!("cannot read {shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!("cannot read {shown}: not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })
}

/// Read and interpret a `mops.toml`. Returns `Err` for a file that cannot be
/// read or is not TOML (CLI.md: exit 2).
pub fn load(path: &Path, files: &mut Files, diags: &mut Vec<Diagnostic>) -> Result<Config, String> {
    let text = read(path)?;
    let table = DeTable::parse(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let idx = crate::diagnostic::LineIndex::new(&text);
                let (l, c) = idx.line_col(&text, s.start);
                format!(":{l}:{c}")
            })
            .unwrap_or_default();
        format!("{}{at}: invalid TOML: {}", crate::workspace::display_path(path), e.message())
    })?;
    let file = files.add_config(crate::workspace::display_path(path), path.to_path_buf(), text.clone());
    let mut cfg = Config { file: Some(file), ..Config::default() };
    let mut r = Reader { file, diags };
    for (key, value) in table.get_ref().iter() {
        match key.get_ref().as_ref() {
            "workspace" => {
                let DeValue::Table(t) = value.get_ref() else {
                    r.cfg(span(&value.span()), "`workspace` must be a table".into(), "write `[workspace]`");
                    continue;
                };
                for (k, v) in t.iter() {
                    match k.get_ref().as_ref() {
                        "include" => cfg.include = r.globs(v, "include"),
                        "exclude" => cfg.exclude = r.globs(v, "exclude"),
                        _ => r.unknown_key(k, "[workspace]", &["include", "exclude"]),
                    }
                }
            }
            "lint" => {
                let DeValue::Table(t) = value.get_ref() else {
                    r.cfg(span(&value.span()), "`lint` must be a table".into(), "write `[lint]`");
                    continue;
                };
                for (k, v) in t.iter() {
                    match k.get_ref().as_ref() {
                        "select" => cfg.select = r.codes(v, "select"),
                        "ignore" => cfg.ignore = r.codes(v, "ignore"),
                        "severity" => {
                            let DeValue::Table(sev) = v.get_ref() else {
                                r.cfg(
                                    span(&v.span()),
                                    "`[lint.severity]` must be a table".into(),
                                    "write `[lint.severity]`",
                                );
                                continue;
                            };
                            for (code, level) in sev.iter() {
                                let c = code.get_ref().to_string();
                                let known = r.codes(
                                    &Spanned::new(
                                        code.span(),
                                        DeValue::Array(
                                            std::iter::once(Spanned::new(
                                                code.span(),
                                                DeValue::String(c.clone().into()),
                                            ))
                                            .collect(),
                                        ),
                                    ),
                                    "severity",
                                );
                                if known.is_empty() {
                                    continue;
                                }
                                match level.get_ref().as_str().and_then(Severity::parse) {
                                    Some(s) => cfg.severity.push((c, s)),
                                    None => r.cfg(
                                        span(&level.span()),
                                        format!("severity of `{c}` must be \"error\", \"warning\" or \"info\""),
                                        "write e.g. `CMP003 = \"warning\"`",
                                    ),
                                }
                            }
                        }
                        "options" => {
                            let DeValue::Table(opts) = v.get_ref() else {
                                r.cfg(
                                    span(&v.span()),
                                    "`[lint.options]` must be a table".into(),
                                    "write `[lint.options]`",
                                );
                                continue;
                            };
                            read_options(&mut r, opts, &mut cfg.options);
                        }
                        _ => r.unknown_key(k, "[lint]", &["select", "ignore", "severity", "options"]),
                    }
                }
            }
            "plan" => {
                let DeValue::Table(t) = value.get_ref() else {
                    r.cfg(span(&value.span()), "`plan` must be a table".into(), "write `[plan]`");
                    continue;
                };
                for (k, v) in t.iter() {
                    match k.get_ref().as_ref() {
                        "calendar" => match v.get_ref().as_str() {
                            Some("working-days") => cfg.calendar.working_days = true,
                            Some("calendar-days") => cfg.calendar.working_days = false,
                            _ => r.cfg(
                                span(&v.span()),
                                "`calendar` must be \"calendar-days\" or \"working-days\"".into(),
                                "write `calendar = \"working-days\"` to skip weekends and holidays",
                            ),
                        },
                        "holidays" => {
                            for (d, sp) in r.strings(v, "holidays") {
                                match literal::date(&d) {
                                    Ok(day) => cfg.calendar.holidays.push(day),
                                    Err(e) => r.cfg(sp, format!("holiday `{d}`: {e}"), "write dates as \"YYYY-MM-DD\""),
                                }
                            }
                            cfg.calendar.holidays.sort();
                            cfg.calendar.holidays.dedup();
                        }
                        _ => r.unknown_key(k, "[plan]", &["calendar", "holidays"]),
                    }
                }
            }
            _ => r.unknown_key(key, "mops.toml", &["workspace", "lint", "plan"]),
        }
    }
    Ok(cfg)
}

const OPTION_KEYS: &[&str] = &[
    "min-adoption",
    "evaluation-bar",
    "renewal-window",
    "contract-review-days",
    "scoring-review-days",
    "audit-max-age-days",
    "data-driven-min-monthly-conversions",
    "max-untagged",
];

fn read_options(r: &mut Reader, opts: &DeTable<'_>, out: &mut LintOptions) {
    for (k, v) in opts.iter() {
        let key = k.get_ref().as_ref();
        match key {
            "min-adoption" => {
                match v.get_ref().as_str().and_then(|s| s.strip_suffix('%')).map(|n| literal::percent(n, Some(10_000)))
                {
                    Some(Ok(p)) => out.min_adoption = p,
                    _ => r.cfg(
                        span(&v.span()),
                        "`min-adoption` must be a percent string such as \"30%\"".into(),
                        "write `min-adoption = \"30%\"`",
                    ),
                }
            }
            "max-untagged" => {
                match v.get_ref().as_str().and_then(|s| s.strip_suffix('%')).map(|n| literal::percent(n, Some(10_000)))
                {
                    Some(Ok(p)) => out.max_untagged = p,
                    _ => r.cfg(
                        span(&v.span()),
                        "`max-untagged` must be a percent string such as \"10%\"".into(),
                        "write `max-untagged = \"10%\"`",
                    ),
                }
            }
            "evaluation-bar" => {
                let n = match v.get_ref() {
                    DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
                    DeValue::Integer(i) => i.as_str().parse::<f64>().ok(),
                    _ => None,
                };
                match n.filter(|n| (1.0..=3.0).contains(n)) {
                    Some(n) => out.evaluation_bar_x100 = (n * 100.0).round() as i64,
                    None => r.cfg(
                        span(&v.span()),
                        "`evaluation-bar` must be a number from 1.0 to 3.0".into(),
                        "write `evaluation-bar = 2.0`",
                    ),
                }
            }
            "renewal-window" => {
                let d = v.get_ref().as_str().and_then(|s| {
                    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
                    literal::duration(num, unit).ok()
                });
                match d {
                    Some(d) => out.renewal_window_days = d.days_ceil(),
                    None => r.cfg(
                        span(&v.span()),
                        "`renewal-window` must be a duration string such as \"60d\"".into(),
                        "write `renewal-window = \"60d\"`",
                    ),
                }
            }
            "contract-review-days" => out.contract_review_days = r.number(v, key).unwrap_or(out.contract_review_days),
            "scoring-review-days" => out.scoring_review_days = r.number(v, key).unwrap_or(out.scoring_review_days),
            "audit-max-age-days" => out.audit_max_age_days = r.number(v, key).unwrap_or(out.audit_max_age_days),
            "data-driven-min-monthly-conversions" => {
                out.data_driven_min_monthly_conversions =
                    r.number(v, key).unwrap_or(out.data_driven_min_monthly_conversions)
            }
            _ => r.unknown_key(k, "[lint.options]", OPTION_KEYS),
        }
    }
}
