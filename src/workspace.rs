//! Files on disk: workspace roots, directory discovery, reading, imports
//! (E002, E031, E032, E033) and the checked sets of LANGUAGE.md §3.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId, Files, Fingerprint, Span};
use crate::lower;
use crate::model::FileModel;
use crate::rules::sup::Suppression;
use crate::syntax::{self, Import};

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = "mops.toml";

/// One file of a checked set: parsed and lowered as soon as it is read, on
/// the parallel readers. The syntax tree is not kept (it is several times the
/// size of the text, and a workspace can hold 100,000 files): what the rest
/// of the pipeline needs from it is kept instead.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub id: FileId,
    pub imports: Vec<Import>,
    /// The header of the file's first block, if any.
    pub first_header: Option<Span>,
    /// `# mops: allow(…)` comments.
    pub suppressions: Vec<Suppression>,
    /// The file's declarations; `check::analyse_set` moves them into the
    /// merged model (leaving `None`).
    pub model: Option<FileModel>,
}

impl ParsedFile {
    /// Parse and lower `text` as file `id`: the file, and its parse and
    /// lowering diagnostics.
    pub fn from_text(id: FileId, text: &str, limits: Limits) -> (ParsedFile, Vec<Diagnostic>) {
        let (mut ast, mut diags) = syntax::parse(id, text, limits.max_depth);
        diags.extend(syntax::cap_declarations(id, &mut ast, limits.max_declarations));
        let mut lowered = lower::lower_file(id, &ast);
        diags.append(&mut lowered.diagnostics);
        // growth slack of the vectors that scale with the workspace
        lowered.model.shrink_to_fit();
        let pf = ParsedFile {
            id,
            first_header: ast.blocks.first().map(|b| b.header_span()),
            suppressions: crate::rules::sup::collect(id, text, &ast),
            imports: {
                let mut imports = ast.imports;
                imports.shrink_to_fit();
                imports
            },
            model: Some(FileModel::new(lowered.model)),
        };
        (pf, diags)
    }
}

/// The files of one workspace root that are checked together.
#[derive(Debug, Clone)]
pub struct CheckedSet {
    pub root: PathBuf,
    /// The `mops.toml` of the root, when there is one.
    pub config: Option<PathBuf>,
    /// In import depth-first order: a file's imports before the file.
    pub files: Vec<ParsedFile>,
    /// Resolved imports: (importing file, imported file, span of the path).
    pub imports: Vec<(FileId, FileId, Span)>,
    /// The folders named on the command line when they lie inside the root
    /// (a command run in `campaigns/`): the whole workspace is loaded and
    /// checked, but only what lies under these is reported or planned.
    /// `None`: everything.
    pub scope: Option<Vec<PathBuf>>,
}

impl CheckedSet {
    /// Whether a file (by its canonical path) is reported: inside the scope.
    pub fn in_scope(&self, path: &Path) -> bool {
        match &self.scope {
            None => true,
            Some(dirs) => dirs.iter().any(|d| path.starts_with(d)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("path `{0}` does not exist")]
    NoSuchPath(String),
    #[error("{0}")]
    Config(String),
}

/// Options that bound the work done on hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of `{` and `[` (E001 beyond).
    pub max_depth: usize,
    /// Largest file read (E002 beyond).
    pub max_file_bytes: u64,
    /// Most blocks in one file, nested ones included (E001 beyond).
    pub max_declarations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: syntax::DEFAULT_MAX_DEPTH, max_file_bytes: 64 * 1024 * 1024, max_declarations: 1_000_000 }
    }
}

/// The nearest ancestor of `dir` (itself included) holding `mops.toml`.
pub fn find_root(dir: &Path) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.join(CONFIG_FILE).is_file() {
            return Some(d.to_path_buf());
        }
        cur = d.parent();
    }
    None
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// How a path is shown to the user: relative to the working directory when
/// it is below it.
pub fn display_path(p: &Path) -> String {
    display_path_in(p, current_dir().as_deref())
}

/// The working directory, canonical: what [`display_path_in`] takes.
pub fn current_dir() -> Option<PathBuf> {
    std::env::current_dir().ok().map(|c| canonical(&c))
}

/// [`display_path`] with the working directory looked up once by the caller
/// (one `getcwd` and `realpath` per run instead of per file).
pub fn display_path_in(p: &Path, cwd: Option<&Path>) -> String {
    let s = match cwd.and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) => rel.to_string_lossy().into_owned(),
        None => p.to_string_lossy().into_owned(),
    };
    // a backslash separates on Windows only; elsewhere it is part of a name
    #[cfg(windows)]
    let s = s.replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// Every `.mops` file under `dir`, respecting `.gitignore`, sorted, as
/// canonical paths. `dir` is canonicalized once: the walk follows no
/// symlink and keeps regular files only, so every path under a canonical
/// directory is canonical (no `realpath` per file).
pub fn discover(dir: &Path) -> Vec<PathBuf> {
    let dir = canonical(dir);
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(&dir)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && e.path().extension().is_some_and(|x| x == "mops"))
        .map(ignore::DirEntry::into_path)
        .collect();
    out.sort();
    out
}

/// Read a file as UTF-8: E002 on failure (the message names the byte offset
/// of invalid UTF-8).
fn read(path: &Path, limits: Limits) -> Result<String, String> {
    let limit = limits.max_file_bytes.min(u64::from(u32::MAX));
    let bytes = match crate::fsutil::read_bounded(path, limit) {
        Ok((bytes, _)) => bytes,
        Err(crate::fsutil::ReadError::NotRegular("a directory")) => {
            return Err(format!("`{}` is a directory, not a .mops file", display_path(path)))
        }
        Err(crate::fsutil::ReadError::NotRegular(kind)) => {
            return Err(format!("`{}` is {kind}, not a regular file; only regular files are read", display_path(path)))
        }
        Err(crate::fsutil::ReadError::TooLarge { len, limit }) if len > limit => {
            return Err(format!("`{}` is {len} bytes, over the limit of {limit} bytes", display_path(path)))
        }
        Err(crate::fsutil::ReadError::TooLarge { limit, .. }) => {
            return Err(format!("`{}` is over the limit of {limit} bytes", display_path(path)))
        }
        Err(crate::fsutil::ReadError::Io(e)) => return Err(format!("cannot read `{}`: {e}", display_path(path))),
    };
    String::from_utf8(bytes).map_err(|e| {
        format!("`{}` is not valid UTF-8: invalid byte at offset {}", display_path(path), e.utf8_error().valid_up_to())
    })
}

/// The result of loading: the checked sets, and diagnostics of loading.
pub struct Loaded {
    pub sets: Vec<CheckedSet>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file known to the loader, by canonical path.
enum Cached {
    /// Read and parsed, not yet placed in a checked set.
    Parsed(Box<ParsedFile>),
    /// Placed in a checked set, which owns it now.
    Taken(FileId),
    /// Unreadable (E002 reported).
    Failed,
}

/// In-memory texts that replace files on disk: the language server's open,
/// possibly unsaved, documents, by canonical path.
#[derive(Debug, Default)]
pub struct Overlay {
    pub texts: HashMap<PathBuf, String>,
}

impl Overlay {
    /// No texts: read everything from disk (the CLI).
    pub fn new() -> Overlay {
        Overlay::default()
    }

    /// Kept for the language server's call site: parses are not cached
    /// across loads (files are lowered as they are read, and parsing is
    /// fast enough; docs/performance.md).
    pub fn caching() -> Overlay {
        Overlay::default()
    }

    fn contains(&self, path: &Path) -> bool {
        self.texts.contains_key(path)
    }
}

struct Loader<'f> {
    files: &'f mut Files,
    limits: Limits,
    overlay: &'f Overlay,
    diags: Vec<Diagnostic>,
    /// Read files by canonical path: each is read and parsed once, and its
    /// parsed file moves into the first checked set that needs it (no copy).
    cache: HashMap<PathBuf, Cached>,
    /// The working directory, for display names.
    cwd: Option<PathBuf>,
    /// Import targets (importing directory joined with the import's path),
    /// canonicalized once: every campaign of a folder imports the same few
    /// files. The canonical path and whether it is a directory.
    resolved: HashMap<PathBuf, Option<(PathBuf, bool)>>,
}

impl Loader<'_> {
    fn load(&mut self, path: &Path) -> Option<ParsedFile> {
        match self.cache.remove(path) {
            Some(Cached::Parsed(pf)) => {
                self.cache.insert(path.to_path_buf(), Cached::Taken(pf.id));
                Some(*pf)
            }
            Some(Cached::Taken(id)) => {
                // a second checked set holds this file: parse its text again
                // (its diagnostics were reported the first time)
                self.cache.insert(path.to_path_buf(), Cached::Taken(id));
                let src = self.files.get(id);
                if src.is_stale() {
                    self.diags.push(changed_while_checked(id, &src.name));
                    return None;
                }
                let (pf, _) = ParsedFile::from_text(id, src.text(), self.limits);
                Some(pf)
            }
            Some(Cached::Failed) => {
                self.cache.insert(path.to_path_buf(), Cached::Failed);
                None
            }
            None => {
                let parsed = load_one(
                    path,
                    self.limits,
                    FileId(self.files.len() as u32),
                    self.overlay,
                    self.files.release_texts,
                );
                let r = self.register(path, parsed);
                let entry = r.as_ref().map_or(Cached::Failed, |pf| Cached::Taken(pf.id));
                self.cache.insert(path.to_path_buf(), entry);
                r
            }
        }
    }

    /// `std::fs::canonicalize(target)` and whether it is a directory, cached.
    fn resolve(&mut self, target: &Path) -> Option<(PathBuf, bool)> {
        if let Some(r) = self.resolved.get(target) {
            return r.clone();
        }
        let r = std::fs::canonicalize(target)
            .ok()
            .map(|c| {
                let is_dir = c.is_dir();
                (c, is_dir)
            })
            .or_else(|| {
                // an unsaved editor buffer that exists only in the overlay
                let l = lexical(target);
                self.overlay.contains(&l).then_some((l, false))
            });
        self.resolved.insert(target.to_path_buf(), r.clone());
        r
    }

    /// The id of a file loaded before.
    fn id_of(&self, path: &Path) -> Option<FileId> {
        match self.cache.get(path)? {
            Cached::Parsed(pf) => Some(pf.id),
            Cached::Taken(id) => Some(*id),
            Cached::Failed => None,
        }
    }

    /// Add a file read by [`load_one`] to the files; `parsed` must have been
    /// made for the next id.
    fn register(&mut self, path: &Path, parsed: Result<Read, String>) -> Option<ParsedFile> {
        match parsed {
            Ok(Read { text, mut pf, mut diags }) => {
                let next = FileId(self.files.len() as u32);
                let name = display_path_in(path, self.cwd.as_deref());
                let id = match text {
                    Text::Kept(text) => {
                        if pf.id != next {
                            (pf, diags) = ParsedFile::from_text(next, &text, self.limits);
                        }
                        self.files.add(name, path.to_path_buf(), text)
                    }
                    Text::Released(fp) => {
                        let id = self.files.add_released(name, path.to_path_buf(), fp);
                        if pf.id != next {
                            let src = self.files.get(id);
                            if src.is_stale() {
                                self.diags.push(changed_while_checked(id, &src.name));
                                return None;
                            }
                            (pf, diags) = ParsedFile::from_text(next, src.text(), self.limits);
                        }
                        id
                    }
                };
                self.diags.extend(diags.into_iter().map(|mut d| {
                    d.file = id;
                    for l in &mut d.labels {
                        l.file = id;
                    }
                    d
                }));
                Some(pf)
            }
            Err(msg) => {
                let id = self.files.add(display_path_in(path, self.cwd.as_deref()), path.to_path_buf(), String::new());
                self.diags.push(
                    Diagnostic::error("E002", msg, id, Span::new(0, 0))
                        .with_help("save the file as UTF-8 text and check that it can be read"),
                );
                None
            }
        }
    }
}

/// E002 for a released file that changed on disk during the run.
pub fn changed_while_checked(id: FileId, name: &str) -> Diagnostic {
    Diagnostic::error("E002", format!("`{name}` changed while it was being checked"), id, Span::new(0, 0))
        .with_help("run mopsc again once the file is saved")
}

/// A file read, parsed and lowered.
struct Read {
    text: Text,
    pf: ParsedFile,
    diags: Vec<Diagnostic>,
}

/// The text of a file read: kept, or let go once parsed.
enum Text {
    Kept(String),
    /// Read from disk when texts are released: its fingerprint.
    Released(Fingerprint),
}

/// Read, parse and lower one file as file `id`. With `release`, the text
/// of a file read from disk is dropped here, on the reader thread, as soon
/// as it is parsed: no more than one text per thread is held at a time.
fn load_one(path: &Path, limits: Limits, id: FileId, overlay: &Overlay, release: bool) -> Result<Read, String> {
    let (text, from_disk) = match overlay.texts.get(path) {
        // an editor's document obeys the limit a file on disk does
        Some(text) if text.len() as u64 > limits.max_file_bytes.min(u64::from(u32::MAX)) => {
            return Err(format!(
                "`{}` is {} bytes, over the limit of {} bytes",
                display_path(path),
                text.len(),
                limits.max_file_bytes.min(u64::from(u32::MAX))
            ))
        }
        Some(text) => (text.clone(), false),
        None => (read(path, limits)?, true),
    };
    let (pf, diags) = ParsedFile::from_text(id, &text, limits);
    let text = if release && from_disk { Text::Released(Fingerprint::of(&text)) } else { Text::Kept(text) };
    Ok(Read { text, pf, diags })
}

/// `[workspace] include/exclude` of a config file, as glob sets relative to
/// the root. Problems with the file are reported later by `crate::config`.
fn filters(config: &Path) -> (Option<globset::GlobSet>, Option<globset::GlobSet>) {
    let Ok(text) = crate::config::read(config) else { return (None, None) };
    let Ok(table) = text.parse::<toml::Table>() else { return (None, None) };
    let set = |key: &str| {
        let list = table.get("workspace")?.get(key)?.as_array()?;
        let mut b = globset::GlobSetBuilder::new();
        // an invalid pattern is CFG001 (crate::config); the others apply
        for g in list.iter().filter_map(|v| v.as_str()).filter_map(|p| glob(p).ok()) {
            b.add(g);
        }
        b.build().ok()
    };
    (set("include"), set("exclude"))
}

/// An `include`/`exclude` pattern, relative to the root.
pub fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(pattern).literal_separator(true).build()
}

/// Does the workspace root's `mops.toml` lead outside the root (a symbolic
/// link to a file elsewhere)? Such a file is not read, as an import leaving
/// the root is not.
pub fn config_leaves_root(root: &Path, config: &Path) -> bool {
    !canonical(config).starts_with(canonical(root))
}

/// Load the checked sets for the paths named on the command line.
/// `config` overrides each root's `mops.toml` (`--config`).
pub fn load(paths: &[PathBuf], files: &mut Files, limits: Limits, config: Option<&Path>) -> Result<Loaded, UsageError> {
    load_with_overlay(paths, files, limits, config, &Overlay::new())
}

/// [`load`], reading the files of `overlay` from there instead of disk
/// (the language server's open documents).
pub fn load_with_overlay(
    paths: &[PathBuf],
    files: &mut Files,
    limits: Limits,
    config: Option<&Path>,
    overlay: &Overlay,
) -> Result<Loaded, UsageError> {
    // entries grouped by root, in order of first appearance; lookups by
    // hashing, so discovering n files costs O(n), not O(n²)
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    let mut group_of: HashMap<PathBuf, usize> = HashMap::new();
    let mut grouped: HashSet<(usize, PathBuf)> = HashSet::new();
    // the root of a directory's files, looked up once per directory
    let mut root_of_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    enum Scope {
        Unset,
        All,
        Under(Vec<PathBuf>),
    }
    let mut scopes: Vec<Scope> = Vec::new();
    for p in paths {
        if !p.exists() && !overlay.contains(p) {
            return Err(UsageError::NoSuchPath(p.to_string_lossy().into_owned()));
        }
        let p = canonical(p);
        let is_dir = p.is_dir();
        // a folder inside a workspace (like cargo in a subdirectory): the
        // whole workspace of its root, reporting what lies under the folder
        let inner_root = if is_dir { find_root(&p).filter(|r| canonical(r) != p) } else { None };
        let scope = inner_root.as_ref().map(|_| p.clone());
        let (entries, fallback_root) = if let Some(r) = &inner_root {
            (discover(r), canonical(r))
        } else if is_dir {
            (discover(&p), p.clone())
        } else {
            (vec![p.clone()], p.parent().map(Path::to_path_buf).unwrap_or_default())
        };
        let mut filter_cache: HashMap<PathBuf, (Option<globset::GlobSet>, Option<globset::GlobSet>)> = HashMap::new();
        let mut canonical_roots: HashMap<PathBuf, PathBuf> = HashMap::new();
        for e in entries {
            let found = match e.parent() {
                Some(dir) => root_of_dir.entry(dir.to_path_buf()).or_insert_with(|| find_root(dir)).clone(),
                None => None,
            };
            let root = found.unwrap_or_else(|| fallback_root.clone());
            if is_dir {
                // a file found by discovery obeys the root's include/exclude
                let cfg = config.map(Path::to_path_buf).unwrap_or_else(|| root.join(CONFIG_FILE));
                let (inc, exc) = filter_cache.entry(cfg.clone()).or_insert_with(|| {
                    if config.is_none() && config_leaves_root(&root, &cfg) {
                        (None, None)
                    } else {
                        filters(&cfg)
                    }
                });
                let canon_root = canonical_roots.entry(root.clone()).or_insert_with(|| canonical(&root));
                let rel = e.strip_prefix(&*canon_root).unwrap_or(&e);
                if inc.as_ref().is_some_and(|g| !g.is_match(rel)) || exc.as_ref().is_some_and(|g| g.is_match(rel)) {
                    continue;
                }
            }
            let g = *group_of.entry(root.clone()).or_insert_with(|| {
                groups.push((root, Vec::new()));
                scopes.push(Scope::Unset);
                groups.len() - 1
            });
            // a group is scoped while every path that reached it is a scoped folder
            scopes[g] = match (std::mem::replace(&mut scopes[g], Scope::Unset), &scope) {
                (Scope::All, _) | (_, None) => Scope::All,
                (Scope::Unset, Some(d)) => Scope::Under(vec![d.clone()]),
                (Scope::Under(mut v), Some(d)) => {
                    if !v.contains(d) {
                        v.push(d.clone());
                    }
                    Scope::Under(v)
                }
            };
            if grouped.insert((g, e.clone())) {
                groups[g].1.push(e);
            }
        }
    }
    let mut loader = Loader {
        files,
        limits,
        overlay,
        diags: Vec::new(),
        cache: HashMap::new(),
        cwd: current_dir(),
        resolved: HashMap::new(),
    };
    drop((group_of, grouped, root_of_dir));
    // read and parse every entry in parallel; imports found later load on demand
    let all: Vec<&PathBuf> = groups.iter().flat_map(|(_, v)| v.iter()).collect();
    // entry i becomes file `base + i`: ids are known before reading
    let base = loader.files.len();
    loader.files.reserve(all.len());
    loader.cache.reserve(all.len());
    let release = loader.files.release_texts;
    let parsed: Vec<_> = all
        .par_iter()
        .enumerate()
        .map(|(i, p)| load_one(p, limits, FileId((base + i) as u32), overlay, release))
        .collect();
    for (p, r) in all.into_iter().zip(parsed) {
        let entry = loader.register(p, r).map_or(Cached::Failed, |pf| Cached::Parsed(Box::new(pf)));
        loader.cache.insert(p.clone(), entry);
    }
    let mut sets = Vec::new();
    for ((root, entries), scope) in groups.into_iter().zip(scopes) {
        let scope = match scope {
            Scope::Under(v) => Some(v),
            Scope::Unset | Scope::All => None,
        };
        let config = Some(root.join(CONFIG_FILE)).filter(|c| c.is_file());
        let canon_root = canonical(&root);
        let mut order = Vec::with_capacity(entries.len());
        let mut done = HashSet::with_capacity(entries.len());
        let mut stack = Vec::new();
        let mut imports = Vec::new();
        for e in &entries {
            visit(&mut loader, &canon_root, e, &mut stack, &mut done, &mut order, &mut imports);
        }
        sets.push(CheckedSet { root, config, files: order, imports, scope });
    }
    Ok(Loaded { sets, diagnostics: loader.diags })
}

/// Depth-first import walk: E031, E032, E033; appends files after their imports.
/// `canon_root` is the canonical workspace root.
///
/// Iterative, with an explicit stack of files being visited: a chain of
/// 10,000 files each importing the next overflowed the thread's stack when
/// this was recursive.
#[allow(clippy::too_many_arguments)]
fn visit(
    loader: &mut Loader,
    canon_root: &Path,
    path: &Path,
    stack: &mut Vec<PathBuf>,
    done: &mut HashSet<PathBuf>,
    order: &mut Vec<ParsedFile>,
    imports: &mut Vec<(FileId, FileId, Span)>,
) {
    /// A file whose imports are being walked.
    struct Frame {
        pf: ParsedFile,
        dir: PathBuf,
        /// The next import to follow.
        next: usize,
        /// The import being visited: its edge is recorded when it returns.
        pending: Option<(PathBuf, Span)>,
    }
    let frame = |path: &Path, pf: ParsedFile| Frame {
        pf,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        next: 0,
        pending: None,
    };
    if done.contains(path) {
        return;
    }
    let Some(pf) = loader.load(path) else {
        done.insert(path.to_path_buf());
        return;
    };
    // the files on `stack`, for a constant-time cycle test
    let mut on_stack: HashSet<PathBuf> = HashSet::new();
    stack.push(path.to_path_buf());
    on_stack.insert(path.to_path_buf());
    let mut frames = vec![frame(path, pf)];
    while let Some(top) = frames.last_mut() {
        let id = top.pf.id;
        if let Some((resolved, span)) = top.pending.take() {
            if let Some(target) = loader.id_of(&resolved) {
                imports.push((id, target, span));
            }
        }
        let Some(imp) = top.pf.imports.get(top.next).cloned() else {
            let Some(f) = frames.pop() else { break };
            if let Some(p) = stack.pop() {
                on_stack.remove(&p);
                done.insert(p);
            }
            order.push(f.pf);
            continue;
        };
        top.next += 1;
        let dir = top.dir.clone();
        if imp.path.is_empty() {
            loader.diags.push(
                Diagnostic::error("E031", "import of an empty path", id, imp.path_span)
                    .with_label(id, imp.path_span, "empty path")
                    .with_help("write the relative path of a .mops file, e.g. `import \"stack.mops\"`"),
            );
            continue;
        }
        let target = dir.join(&imp.path);
        let is_abs = Path::new(&imp.path).is_absolute();
        let (resolved, is_dir) = match loader.resolve(&target) {
            Some(r) => r,
            None => {
                // a path that leaves the root is E033 even when missing
                if is_abs || !lexically_inside(&dir.join(&imp.path), canon_root) {
                    loader.diags.push(leaves_root(id, imp.path_span, &imp.path));
                    continue;
                }
                let symlink = std::fs::symlink_metadata(&target).is_ok();
                let why = if symlink { "is a broken or looping symlink" } else { "does not exist" };
                loader.diags.push(
                    Diagnostic::error("E031", format!("imported file `{}` {why}", imp.path), id, imp.path_span)
                        .with_label(id, imp.path_span, "not found")
                        .with_help(format!(
                            "paths are relative to the importing file's directory ({})",
                            display_path(&dir)
                        )),
                );
                continue;
            }
        };
        if is_abs || !resolved.starts_with(canon_root) {
            loader.diags.push(leaves_root(id, imp.path_span, &imp.path));
            continue;
        }
        if is_dir {
            loader.diags.push(
                Diagnostic::error("E031", format!("imported path `{}` is a directory", imp.path), id, imp.path_span)
                    .with_label(id, imp.path_span, "a directory, not a file")
                    .with_help("import a .mops file; a directory's files are checked by `mopsc check DIR`"),
            );
            continue;
        }
        if on_stack.contains(&resolved) {
            let pos = stack.iter().position(|s| *s == resolved).unwrap_or(0);
            let mut cycle: Vec<String> = stack[pos..].iter().map(|p| display_path(p)).collect();
            cycle.push(display_path(&resolved));
            loader.diags.push(
                Diagnostic::error("E032", format!("import cycle: {}", cycle.join(" → ")), id, imp.path_span)
                    .with_label(id, imp.path_span, "this import closes the cycle")
                    .with_help("remove one of these imports: declarations are visible across the whole import closure, so a cycle is never needed"),
            );
            continue;
        }
        // visit the imported file, then record the edge (`pending`)
        top.pending = Some((resolved.clone(), imp.path_span));
        if done.contains(&resolved) {
            continue;
        }
        let Some(child) = loader.load(&resolved) else {
            done.insert(resolved);
            continue;
        };
        stack.push(resolved.clone());
        on_stack.insert(resolved.clone());
        frames.push(frame(&resolved, child));
    }
}

pub(crate) fn lexically_inside(p: &Path, root: &Path) -> bool {
    canonical_prefix(&lexical(p)).starts_with(root)
}

/// `p` with `.` and `..` removed lexically (symlinks are not followed).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Canonicalize the longest existing prefix of `p`, keeping the rest.
fn canonical_prefix(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|f| f.to_os_string()), existing.parent()) {
            (Some(f), Some(parent)) => {
                rest.push(f);
                existing = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
    let mut out = canonical(&existing);
    for r in rest.into_iter().rev() {
        out.push(r);
    }
    out
}

fn leaves_root(id: FileId, span: Span, path: &str) -> Diagnostic {
    Diagnostic::error("E033", format!("import `{path}` leaves the workspace root"), id, span)
        .with_label(id, span, "outside the workspace")
        .with_help("imports must stay inside the workspace root (the nearest directory with a mops.toml); move the file into the workspace")
}
