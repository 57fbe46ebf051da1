//! The lint engine (RULES.md). A rule is one small module holding a
//! [`Rule`]: its code, name, default severity, documentation (what it checks,
//! why, an example that triggers it and the fixed version), an optional fix
//! applicability and the check itself. [`RULES`] is the one table of rules.
//!
//! Adding a rule: a fixture folder `tests/rules/<CODE>/` (`invalid.mops`,
//! `valid.mops` and the rule's edge cases, which `tests/rules.rs` runs and
//! snapshots), one file under `src/rules/<area>/` whose documented examples
//! are that folder's `invalid.mops` and `valid.mops` (`include_str!`), one
//! line in [`RULES`] (docs/architecture.md, "Adding a rule").

use std::collections::HashMap;

use crate::config::{Config, LintOptions};
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Files, Severity, Span};
use crate::literal::Date;
use crate::model::{CampaignDecl, Decl, Model};

mod att;
pub(crate) mod aud;
pub(crate) mod aut;
mod chn;
mod cmp;
mod ctx;
mod dat;
pub(crate) mod nam;
mod scr;
mod seq;
pub(crate) mod sink;
mod stk;
pub mod sup;
mod utm;

pub use sink::Sink;

/// A lint rule.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    /// kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// The fix this rule can offer, if any.
    pub fix: Option<Applicability>,
    /// What it checks, in one line (the RULES.md "checks" column).
    pub summary: &'static str,
    /// Why: the seed's principle behind it.
    pub why: &'static str,
    /// A workspace (one file) that triggers the rule: its fixture
    /// `tests/rules/<CODE>/invalid.mops`.
    pub bad: &'static str,
    /// The same, fixed: it does not trigger the rule (`valid.mops`).
    pub good: &'static str,
    pub check: fn(&Ctx, &mut Sink),
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &nam::nam001::RULE,
    &ctx::ctx001::RULE,
    &ctx::ctx002::RULE,
    &cmp::cmp001::RULE,
    &cmp::cmp002::RULE,
    &cmp::cmp003::RULE,
    &cmp::cmp004::RULE,
    &cmp::cmp005::RULE,
    &cmp::cmp006::RULE,
    &cmp::cmp007::RULE,
    &cmp::cmp008::RULE,
    &cmp::cmp009::RULE,
    &cmp::cmp010::RULE,
    &cmp::cmp011::RULE,
    &chn::chn001::RULE,
    &chn::chn002::RULE,
    &chn::chn003::RULE,
    &chn::chn004::RULE,
    &utm::utm001::RULE,
    &utm::utm002::RULE,
    &utm::utm003::RULE,
    &utm::utm004::RULE,
    &utm::utm005::RULE,
    &utm::utm006::RULE,
    &utm::utm007::RULE,
    &utm::utm008::RULE,
    &stk::stk001::RULE,
    &stk::stk002::RULE,
    &stk::stk003::RULE,
    &stk::stk004::RULE,
    &stk::stk005::RULE,
    &stk::stk006::RULE,
    &stk::stk007::RULE,
    &stk::stk008::RULE,
    &stk::stk009::RULE,
    &stk::stk010::RULE,
    &stk::stk011::RULE,
    &stk::stk012::RULE,
    &aut::aut001::RULE,
    &aut::aut002::RULE,
    &seq::seq001::RULE,
    &seq::seq002::RULE,
    &seq::seq003::RULE,
    &seq::seq004::RULE,
    &scr::scr001::RULE,
    &scr::scr002::RULE,
    &scr::scr003::RULE,
    &scr::scr004::RULE,
    &scr::scr005::RULE,
    &scr::scr006::RULE,
    &scr::scr007::RULE,
    &scr::scr008::RULE,
    &scr::scr009::RULE,
    &att::att001::RULE,
    &att::att002::RULE,
    &att::att003::RULE,
    &att::att004::RULE,
    &att::att005::RULE,
    &att::att006::RULE,
    &dat::dat001::RULE,
    &dat::dat002::RULE,
    &dat::dat003::RULE,
    &dat::dat004::RULE,
    &aud::aud001::RULE,
    &aud::aud002::RULE,
    &sup::SUP001,
    &sup::SUP002,
];

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// A lint rule or a rule measured on data (`check --data`,
/// `crate::data::quality::RULES`): what configuration, suppressions and
/// `explain` know.
pub fn any_rule(code: &str) -> Option<&'static Rule> {
    rule(code).or_else(|| crate::data::quality::rule(code))
}

/// Every rule code, the data rules after the lint rules.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().chain(crate::data::quality::RULES.iter()).map(|r| r.code)
}

/// UTM001/UTM002 normalisation, for the data checks of touches.
pub fn utm_normalise(s: &str) -> String {
    utm::normalise(s)
}

/// The policy's globs (`partner-*`), for the data checks of touches.
pub fn utm_glob(pattern: &str, s: &str) -> bool {
    utm::glob(pattern, s)
}

/// Everything a rule may read. Built once per checked set.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub files: &'a Files,
    pub today: Date,
    pub opts: &'a LintOptions,
    /// The workspace's campaigns (prelude excluded). Their step graphs are
    /// not kept: a rule that needs one builds it for the campaign at hand
    /// (`campaign::structure`, `campaign::step_dates`), so memory does not
    /// grow by a graph per campaign (docs/performance.md).
    pub campaigns: Vec<&'a CampaignDecl>,
    /// The first declaration of the workspace, in checked-set order.
    pub first_decl: Option<(FileId, Span)>,
    /// The workspace's calendar (`[plan]` of mops.toml), for step dates.
    pub calendar: crate::campaign::Calendar,
}

impl<'a> Ctx<'a> {
    pub fn new(
        model: &'a Model,
        files: &'a Files,
        today: Date,
        opts: &'a LintOptions,
        first_decl: Option<(FileId, Span)>,
    ) -> Ctx<'a> {
        let campaigns = user(&model.campaigns).collect();
        Ctx { model, files, today, opts, campaigns, first_decl, calendar: Default::default() }
    }
    /// The source text of a file.
    pub fn text(&self, file: FileId) -> &str {
        self.files.get(file).text()
    }
    /// The text of `span` in a file; `None` when the span does not fit the
    /// text (a file that changed on disk while it was being checked reads
    /// as empty: it gets one E002, `check::changed_files`).
    pub fn source(&self, file: FileId, span: Span) -> Option<&str> {
        self.text(file).get(span.start()..span.end())
    }
    /// Days from `d` to today (positive when `d` is in the past).
    pub fn days_since(&self, d: Date) -> i64 {
        (self.today - d).get_days() as i64
    }
    pub fn tool_category(&self, name: &str) -> Option<&str> {
        self.model.tool(name).map(|t| t.data.category.value.as_str())
    }
}

/// The declarations written in the workspace (not the prelude).
pub fn user<T>(decls: &[Decl<T>]) -> impl Iterator<Item = &Decl<T>> {
    decls.iter().filter(|d| d.file != FileId::PRELUDE)
}

/// Run every enabled rule over one checked set, apply severities and
/// suppressions, and add SUP001/SUP002.
pub fn run(cx: &Ctx, config: &Config, suppressions: &[sup::Suppression], diags: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    // rules are independent: run them on every core, keep registry order
    let mut found: Vec<Diagnostic> = RULES
        .par_iter()
        .copied()
        .filter(|r| !r.code.starts_with("SUP") && config.enabled(r.code))
        .flat_map_iter(|rule| {
            let mut sink = Sink::new(rule);
            (rule.check)(cx, &mut sink);
            sink.out
        })
        .collect();
    // suppressions, looked up by file (not every suppression per diagnostic)
    let by_file = group_by(suppressions.iter().enumerate().map(|(i, s)| (s.file, i)));
    let mut used = vec![false; suppressions.len()];
    found.retain(|d| {
        let hit = by_file
            .get(&d.file)
            .into_iter()
            .flatten()
            .map(|&i| (i, &suppressions[i]))
            .find(|(_, s)| s.covers.contains(d.span) && s.codes.iter().any(|(c, _)| c == &d.code));
        match hit {
            Some((i, _)) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    for d in &mut found {
        d.severity = config.severity_of(&d.code, d.severity);
    }
    let sup_enabled = |code: &str| config.enabled(code);
    for (i, s) in suppressions.iter().enumerate() {
        if sup_enabled("SUP002") {
            for (code, sp) in &s.codes {
                if code.starts_with('E') && any_rule(code).is_none() {
                    diags.push(
                        Diagnostic::new(
                            "SUP002",
                            config.severity_of("SUP002", Severity::Warning),
                            format!("`{code}` is an error code: errors cannot be suppressed"),
                            s.file,
                            *sp,
                        )
                        .with_label(s.file, *sp, "cannot be suppressed")
                        .with_help("fix the error instead, and remove it from the suppression"),
                    );
                } else if any_rule(code).is_none() {
                    let hint = crate::schema::did_you_mean(code, all_codes());
                    diags.push(
                        Diagnostic::new(
                            "SUP002",
                            config.severity_of("SUP002", Severity::Warning),
                            format!("`{code}` is not a rule code"),
                            s.file,
                            *sp,
                        )
                        .with_label(s.file, *sp, "unknown code")
                        .with_help(hint.unwrap_or_else(|| "`mopsc rules` lists every rule code".into())),
                    );
                }
            }
        }
        if !used[i] && sup_enabled("SUP001") && s.codes.iter().any(|(c, _)| rule(c).is_some()) {
            let edit = Edit { start: s.removal.start(), end: s.removal.end(), replacement: String::new() };
            let fix = Sink::new(&sup::SUP001).fix("remove the unused suppression", vec![edit]);
            diags.push(
                Diagnostic::new(
                    "SUP001",
                    config.severity_of("SUP001", Severity::Info),
                    format!(
                        "this suppression of {} suppressed nothing",
                        s.codes.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    s.file,
                    s.span,
                )
                .with_label(s.file, s.span, "unused")
                .with_help("remove the comment: nothing it names is reported here any more")
                .with_fix(fix),
            );
        }
    }
    diags.extend(found);
}

// ---------------------------------------------------------------- helpers for rules

/// The span to delete to remove the attribute whose value is at `value`:
/// the name, `=`, the value, and the whitespace before the name; a line left
/// empty is removed whole.
pub fn attribute_removal(text: &str, value: Span) -> Option<Span> {
    // a text that changed under the check: no fix
    text.get(value.start()..value.end())?;
    let before = &text[..value.start()];
    let eq = before.trim_end().strip_suffix('=')?;
    let name_end = eq.trim_end().len();
    let name_start = eq[..name_end]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let line_start = text[..name_start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[value.end()..].find('\n').map(|i| value.end() + i).unwrap_or(text.len());
    let rest_of_line = &text[value.end()..line_end];
    if text[line_start..name_start].trim().is_empty() && rest_of_line.trim().is_empty() {
        let end = if line_end < text.len() { line_end + 1 } else { line_end };
        return Some(Span::new(line_start, end));
    }
    // inline: remove the preceding run of spaces too
    let ws_start = text[..name_start].trim_end_matches([' ', '\t']).len();
    let start = if text[line_start..name_start].trim().is_empty() { name_start } else { ws_start };
    Some(Span::new(start, value.end()))
}

/// "a" or "an" before a word, for messages ("an `ads` tool").
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Group items by key without quadratic scans.
pub fn group_by<K: std::hash::Hash + Eq, V>(items: impl IntoIterator<Item = (K, V)>) -> HashMap<K, Vec<V>> {
    let mut m: HashMap<K, Vec<V>> = HashMap::new();
    for (k, v) in items {
        m.entry(k).or_default().push(v);
    }
    m
}

/// Shared imports for rule modules.
pub mod prelude {
    pub use super::{article, attribute_removal, user, Ctx, Rule, Sink};
    pub use crate::diagnostic::{Applicability, Build, Edit, Severity, Span};
}
