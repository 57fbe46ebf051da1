//! Diagnostics: code, severity, message, spans, help and an optional fix.
//! Every stage of the pipeline produces these; `crate::render` prints them.

use serde::Serialize;
use std::path::PathBuf;

/// A byte range in one file.
///
/// Offsets are stored as `u32` (8 bytes a span instead of 16: a workspace
/// holds millions of spans, see docs/performance.md); files are limited to
/// 4 GiB by `--max-file-size` long before that matters. The accessors
/// return `usize` for indexing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    lo: u32,
    hi: u32,
}

fn offset(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { lo: offset(start), hi: offset(end.max(start)) }
    }
    #[inline]
    pub fn start(&self) -> usize {
        self.lo as usize
    }
    #[inline]
    pub fn end(&self) -> usize {
        self.hi as usize
    }
    pub fn len(&self) -> usize {
        self.end() - self.start()
    }
    pub fn is_empty(&self) -> bool {
        self.hi == self.lo
    }
    pub fn contains(&self, other: Span) -> bool {
        self.lo <= other.lo && other.hi <= self.hi
    }
    /// The byte range, for slicing.
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Span", 2)?;
        st.serialize_field("start", &self.start())?;
        st.serialize_field("end", &self.end())?;
        st.end()
    }
}

/// Index of a file in [`Files`]. File 0 is always the prelude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct FileId(pub u32);

impl FileId {
    pub const PRELUDE: FileId = FileId(0);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A fix. Made only by `rules::Sink::fix`, with the applicability its rule
/// declares (the `issued` token cannot be built anywhere else).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub title: String,
    pub edits: Vec<Edit>,
    #[serde(skip)]
    pub(crate) issued: crate::rules::sink::Issued,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub file: FileId,
    pub span: Span,
    /// Labelled spans; the first one on the primary span (if any) labels it.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(code: &str, severity: Severity, message: impl Into<String>, file: FileId, span: Span) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            severity,
            message: message.into(),
            file,
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }
    pub fn error(code: &str, message: impl Into<String>, file: FileId, span: Span) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message, file, span)
    }
    /// Builder-style on a value: `Diagnostic::new(..).with_label(..).with_help(..)`.
    /// The same names work on `&mut Diagnostic` ([`Build`]).
    pub fn with_label(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        (&mut self).with_label(file, span, message);
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        (&mut self).with_help(help);
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        (&mut self).with_fix(fix);
        self
    }
    /// Sort key: file, position, code, message.
    pub fn sort_key(&self) -> (FileId, usize, usize, &str, &str) {
        (self.file, self.span.start(), self.span.end(), &self.code, &self.message)
    }
}

/// The builder methods on a diagnostic that is already in a list (a rule's
/// `out.report(..)`, lowering's `self.err(..)`): the names of
/// [`Diagnostic`]'s own, `with_label`, `with_help` and `with_fix`, so that
/// one set of names builds every diagnostic.
pub trait Build {
    fn with_label(self, file: FileId, span: Span, message: impl Into<String>) -> Self;
    fn with_help(self, help: impl Into<String>) -> Self;
    fn with_fix(self, fix: Fix) -> Self;
}

impl Build for &mut Diagnostic {
    fn with_label(self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { file, span, message: message.into() });
        self
    }
    fn with_help(self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    fn with_fix(self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Line/column lookup for one source text.
/// Offsets are `u32`, as in [`Span`].
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(src: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| offset(i + 1)));
        LineIndex { line_starts }
    }
    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = match self.line_starts.binary_search(&self::offset(offset)) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset;
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        let col = src[start..end].chars().count() + 1;
        (line + 1, col)
    }
    pub fn line_start(&self, line0: usize) -> Option<usize> {
        self.line_starts.get(line0).map(|&s| s as usize)
    }
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// One source file known to the compiler.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path as shown to the user (relative to the working directory when possible).
    pub name: String,
    /// The canonical path on disk (empty for the prelude and in-memory files).
    pub path: PathBuf,
    /// The text; empty until first use for a released file.
    text: std::sync::OnceLock<String>,
    /// Set for a file whose text was released after parsing
    /// ([`Files::add_released`]): what it was, to read it again from `path`
    /// only if it is unchanged.
    released: Option<Fingerprint>,
    /// Built on first use: most files of a large workspace never have a
    /// diagnostic, and the index is a third of the text's size.
    lines: std::sync::OnceLock<LineIndex>,
    /// A configuration file (mops.toml), not a checked source.
    pub config: bool,
}

/// The length and a hash of a text: enough to tell that a file read again
/// is the file that was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: deterministic across runs
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        Fingerprint { len: text.len() as u64, hash: h.finish() }
    }
}

impl SourceText {
    fn kept(name: String, path: PathBuf, text: String) -> SourceText {
        SourceText {
            name,
            path,
            text: std::sync::OnceLock::from(text),
            released: None,
            lines: std::sync::OnceLock::new(),
            config: false,
        }
    }

    /// The text of the file as it was checked. A released file is read
    /// again on first use; if it has changed or vanished since, the text is
    /// empty and [`SourceText::is_stale`] is true.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let Some(fp) = self.released else { return String::new() };
            // a regular file of the checked length (a file grown since is stale)
            crate::fsutil::read_bounded(&self.path, fp.len)
                .ok()
                .and_then(|(bytes, _)| String::from_utf8(bytes).ok())
                .filter(|t| Fingerprint::of(t) == fp)
                .unwrap_or_default()
        })
    }

    /// A released file that changed on disk after it was checked: its
    /// spans no longer describe its text, so nothing may be shown from it or
    /// written to it.
    pub fn is_stale(&self) -> bool {
        let text = self.text();
        self.released.is_some_and(|fp| fp.len != text.len() as u64)
    }

    /// A released text that was read again (to show, fix or lint it).
    pub fn was_read_again(&self) -> bool {
        self.released.is_some() && self.text.get().is_some()
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }
}

/// The source database of one run: every file read, by [`FileId`].
#[derive(Debug, Clone)]
pub struct Files {
    files: Vec<SourceText>,
    /// Let go of the text of each file read from disk once it is parsed
    /// ([`Files::add_released`]). Off unless the caller asks for it (the CLI
    /// does; the language server keeps its texts).
    pub release_texts: bool,
}

impl Default for Files {
    fn default() -> Self {
        Files::new()
    }
}

impl Files {
    pub fn new() -> Files {
        let prelude = crate::prelude::SOURCE.to_string();
        Files { files: vec![SourceText::kept("<prelude>".into(), PathBuf::new(), prelude)], release_texts: false }
    }
    /// Room for `n` more files (a workspace's files are counted before they
    /// are read: no doubling growth of this large vector).
    pub fn reserve(&mut self, n: usize) {
        // with room for the configuration files added after them
        self.files.reserve_exact(n + 64);
    }
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceText::kept(name, path, text));
        id
    }
    /// Add a file read from `path` whose text is not kept: only its
    /// fingerprint is. The text is read again if something needs it (a
    /// diagnostic to show, a fix to apply): a large workspace's files are
    /// most of its memory, and most of them never have a diagnostic.
    pub fn add_released(&mut self, name: String, path: PathBuf, fingerprint: Fingerprint) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceText {
            name,
            path,
            text: std::sync::OnceLock::new(),
            released: Some(fingerprint),
            lines: std::sync::OnceLock::new(),
            config: false,
        });
        id
    }
    /// Add a configuration file (not counted as a checked file).
    pub fn add_config(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        let id = self.add(name, path, text);
        self.files[id.0 as usize].config = true;
        id
    }
    pub fn get(&self, id: FileId) -> &SourceText {
        &self.files[id.0 as usize]
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceText)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let f = self.get(id);
        f.lines().line_col(f.text(), offset)
    }
}
