//! The pipeline of `mopsc check`: load → parse → lower → merge and resolve →
//! graph validation → lint rules, one checked set at a time. The CLI, the
//! plan compiler and the language server all call [`check_paths`].

use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FileId, Files, Severity};
use crate::literal::Date;
use crate::lower;
use crate::model::Model;
use crate::resolve::{self, Symbols};
use crate::syntax;
use crate::workspace::{self, CheckedSet, Limits, UsageError};

#[derive(Debug, Clone)]
pub struct Options {
    /// "Today" for date-dependent rules (`--today`, `MOPS_TODAY`).
    pub today: Date,
    pub limits: Limits,
    /// `--config FILE`: use this mops.toml for every checked set.
    pub config: Option<PathBuf>,
    /// Let go of each file's text once it is parsed, and read it again only
    /// to show or fix a diagnostic (see `Files::add_released`). The CLI sets
    /// it; the language server, whose documents change under it, does not.
    pub release_texts: bool,
}

impl Options {
    pub fn new(today: Date) -> Options {
        Options { today, limits: Limits::default(), config: None, release_texts: false }
    }
}

/// One analysed checked set.
#[derive(Debug)]
pub struct Analysis {
    pub set: CheckedSet,
    pub model: Model,
    pub symbols: Symbols,
    pub config: Config,
    /// True when some diagnostic of this set is an error.
    pub has_errors: bool,
}

/// Everything one run produced.
#[derive(Debug)]
pub struct Report {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    pub analyses: Vec<Analysis>,
}

impl Report {
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == sev).count()
    }
    /// Files checked (the prelude excluded).
    pub fn file_count(&self) -> usize {
        self.files.iter().filter(|(id, f)| *id != FileId::PRELUDE && !f.config).count()
    }
}

/// The prelude, lowered. Its own diagnostics are dropped (never reported):
/// a test asserts there are none.
///
/// The prelude is compiled into the binary and never changes, so it is
/// parsed and lowered once per process and cloned after that (immutable
/// global state: the language server checks on every keystroke).
pub fn prelude_model() -> (Model, Vec<Diagnostic>) {
    static PRELUDE: std::sync::OnceLock<(Model, Vec<Diagnostic>)> = std::sync::OnceLock::new();
    PRELUDE
        .get_or_init(|| {
            let (ast, mut diags) = syntax::parse(FileId::PRELUDE, crate::prelude::SOURCE, syntax::DEFAULT_MAX_DEPTH);
            let lowered = lower::lower_file(FileId::PRELUDE, &ast);
            diags.extend(lowered.diagnostics);
            (lowered.model, diags)
        })
        .clone()
}

/// Check the files and directories named on the command line.
pub fn check_paths(paths: &[PathBuf], opts: &Options) -> Result<Report, UsageError> {
    check_paths_with_overlay(paths, opts, &workspace::Overlay::new())
}

/// [`check_paths`] with in-memory texts replacing files on disk:
/// `overlay.texts` maps canonical paths to the text to check instead of the
/// file's content (the language server's open, possibly unsaved, documents).
/// An overlay path may be named in `paths` even when no such file exists on
/// disk.
pub fn check_paths_with_overlay(
    paths: &[PathBuf],
    opts: &Options,
    overlay: &workspace::Overlay,
) -> Result<Report, UsageError> {
    let mut files = Files::new();
    files.release_texts = opts.release_texts;
    let loaded = workspace::load_with_overlay(paths, &mut files, opts.limits, opts.config.as_deref(), overlay)?;
    let mut diagnostics = loaded.diagnostics;
    let mut analyses = Vec::new();
    for set in loaded.sets {
        if let (None, Some(path)) = (&opts.config, &set.config) {
            if workspace::config_leaves_root(&set.root, path) {
                return Err(UsageError::Config(format!(
                    "{} leads outside the workspace root (a symbolic link); it was not read. Copy the file into the workspace, or name it with --config",
                    workspace::display_path(path)
                )));
            }
        }
        let config = match opts.config.as_deref().or(set.config.as_deref()) {
            Some(path) => crate::config::load(path, &mut files, &mut diagnostics).map_err(UsageError::Config)?,
            None => Config::default(),
        };
        let (analysis, diags) = analyse_set(set, &files, opts, config);
        // a folder inside the workspace: report only what lies under it
        diagnostics.extend(diags.into_iter().filter(|d| {
            let f = files.get(d.file);
            f.config || analysis.set.in_scope(&f.path)
        }));
        analyses.push(analysis);
    }
    if files.release_texts {
        changed_files(&files, &mut diagnostics);
    }
    finish(&mut diagnostics);
    Ok(Report { files, diagnostics, analyses })
}

/// Read again (in parallel) the released texts of the files that have a
/// diagnostic, which showing it needs. A file that changed on disk since it
/// was checked gets one E002 instead of diagnostics whose spans no longer
/// fit its text.
fn changed_files(files: &Files, diagnostics: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    // and those that a rule read (UTM001 slices the value's source text)
    let mut ids: Vec<FileId> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d.file).chain(d.labels.iter().map(|l| l.file)))
        .chain(files.iter().filter(|(_, f)| f.was_read_again()).map(|(id, _)| id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let stale: Vec<FileId> = ids.into_par_iter().filter(|&id| files.get(id).is_stale()).collect();
    if stale.is_empty() {
        return;
    }
    diagnostics.retain(|d| stale.binary_search(&d.file).is_err());
    for d in diagnostics.iter_mut() {
        d.labels.retain(|l| stale.binary_search(&l.file).is_err());
    }
    for id in stale {
        diagnostics.push(workspace::changed_while_checked(id, &files.get(id).name));
    }
}

/// Check one in-memory source as a workspace of its own (imports are not
/// followed). Used by property tests and editors for unsaved buffers.
pub fn check_source(name: &str, text: &str, opts: &Options) -> Report {
    let mut files = Files::new();
    let mut diagnostics = Vec::new();
    let id = files.add(name.to_string(), PathBuf::new(), text.to_string());
    let (pf, diags) = workspace::ParsedFile::from_text(id, text, opts.limits);
    diagnostics.extend(diags);
    let set = CheckedSet { root: PathBuf::from("."), config: None, files: vec![pf], imports: Vec::new(), scope: None };
    let (analysis, diags) = analyse_set(set, &files, opts, Config::default());
    diagnostics.extend(diags);
    finish(&mut diagnostics);
    Report { files, diagnostics, analyses: vec![analysis] }
}

/// Merge, resolve and validate one checked set (its files were lowered when
/// read; their lowering diagnostics were reported then). The files' models
/// move into the merged model; references are read off it (`refs`).
pub fn analyse_set(mut set: CheckedSet, files: &Files, opts: &Options, config: Config) -> (Analysis, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (prelude, _prelude_diags) = prelude_model();
    let models: Vec<crate::model::FileModel> = set.files.iter_mut().filter_map(|pf| pf.model.take()).collect();
    let (model, symbols) = resolve::merge(prelude, models, &mut diags);
    resolve::resolve(&symbols, &model, &mut diags);
    crate::campaign::validate(&model, &config.calendar, &mut diags);
    crate::data::validate(&model, files, &set.root, &mut diags);
    // lint rules
    let first_decl = set.files.iter().find_map(|pf| pf.first_header.map(|h| (pf.id, h)));
    let suppressions: Vec<_> = set.files.iter().flat_map(|pf| pf.suppressions.iter().cloned()).collect();
    let mut cx = crate::rules::Ctx::new(&model, files, opts.today, &config.options, first_decl);
    cx.calendar = config.calendar.clone();
    crate::rules::run(&cx, &config, &suppressions, &mut diags);
    drop(cx);
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    (Analysis { set, model, symbols, config, has_errors }, diags)
}

/// Drop diagnostics located in the prelude, sort, and remove exact repeats.
pub fn finish(diags: &mut Vec<Diagnostic>) {
    diags.retain(|d| d.file != FileId::PRELUDE);
    for d in diags.iter_mut() {
        d.labels.retain(|l| l.file != FileId::PRELUDE);
    }
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

#[cfg(test)]
mod released_text_tests {
    use super::*;
    use crate::diagnostic::{Fingerprint, Span};

    #[test]
    fn a_changed_file_gets_one_e002_instead_of_its_diagnostics() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.mops");
        std::fs::write(&path, "tool x: crm {}\n").expect("write");
        let mut files = Files::new();
        files.release_texts = true;
        // checked as one text, changed on disk since
        let id = files.add_released("a.mops".into(), path.clone(), Fingerprint::of("tool y: crm {}\n"));
        let unchanged = files.add_released("b.mops".into(), path, Fingerprint::of("tool x: crm {}\n"));
        let mut diags = vec![
            Diagnostic::error("E021", "undefined", id, Span::new(5, 6)),
            Diagnostic::error("E021", "undefined", unchanged, Span::new(5, 6)),
        ];
        changed_files(&files, &mut diags);
        let codes: Vec<_> = diags.iter().map(|d| (d.code.as_str(), d.file, d.message.as_str())).collect();
        assert_eq!(
            codes,
            vec![("E021", unchanged, "undefined"), ("E002", id, "`a.mops` changed while it was being checked")]
        );
        assert!(files.get(id).is_stale());
        assert_eq!(files.get(id).text(), "");
        assert!(!files.get(unchanged).is_stale());
        assert_eq!(files.get(unchanged).text(), "tool x: crm {}\n");
    }

    /// A file edited while `check` runs: the rules that read source text
    /// (their fixes copy it) read the new, shorter text. One E002, no panic.
    #[test]
    fn a_file_changed_under_the_rules_that_read_source_text_is_one_e002() {
        for code in ["UTM001", "UTM002", "UTM003", "SEQ003", "ATT006"] {
            let rule = crate::rules::rule(code).expect("rule");
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("a.mops");
            // on disk now: an edit made after the file was parsed
            std::fs::write(&path, "# emptied\n").expect("write");
            let mut files = Files::new();
            files.release_texts = true;
            let id = files.add_released("a.mops".into(), path.clone(), Fingerprint::of(rule.bad));
            let opts = Options::new(crate::literal::date("2026-11-24").expect("date"));
            let (pf, mut diags) = workspace::ParsedFile::from_text(id, rule.bad, opts.limits);
            let set =
                CheckedSet { root: dir.path().into(), config: None, files: vec![pf], imports: Vec::new(), scope: None };
            let (_, more) = analyse_set(set, &files, &opts, Config::default());
            diags.extend(more);
            changed_files(&files, &mut diags);
            let found: Vec<_> = diags.iter().map(|d| (d.code.as_str(), d.message.as_str())).collect();
            assert_eq!(found, vec![("E002", "`a.mops` changed while it was being checked")], "{code}");
        }
    }

    #[test]
    fn released_texts_change_nothing_in_the_report() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/section9");
        let today = crate::literal::date("2026-11-24").expect("date");
        let mut opts = Options::new(today);
        let kept = check_paths(std::slice::from_ref(&root), &opts).expect("check");
        opts.release_texts = true;
        let released = check_paths(std::slice::from_ref(&root), &opts).expect("check");
        assert!(!kept.diagnostics.is_empty());
        assert_eq!(kept.diagnostics, released.diagnostics);
        let json = |r: &Report| crate::render::json(&r.diagnostics, &r.files, r.file_count());
        let human = |r: &Report| crate::render::human(&r.diagnostics, &r.files, r.file_count(), false);
        assert_eq!(json(&kept), json(&released));
        assert_eq!(human(&kept), human(&released));
        assert!(human(&released).contains("STK002"));
    }
}
