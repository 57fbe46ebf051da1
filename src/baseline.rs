//! Baselines (`mopsc check --baseline FILE`, `--write-baseline FILE`): adopt
//! mopsc on a workspace without fixing its history first. A baseline lists
//! the lint findings a workspace had when it was written; `check` then
//! reports only findings that are not in it, and says how many of the
//! baselined ones are gone.
//!
//! A finding is matched by its code, its file (relative to the baseline's
//! directory), the declaration it is about (`campaign spring-launch`, or
//! `campaign spring-launch / step ads` inside a step) and a hash of its
//! message, never by line or column: an edit elsewhere in the file moves
//! lines without resurrecting anything. Identical findings are counted, so
//! a second copy of a baselined finding is new. Error-level findings of the
//! language (E-codes) are never baselined, as they are never suppressed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, FileId, Files, Span};

/// The version of the baseline file's format.
pub const BASELINE_VERSION: u32 = 1;

/// One baselined finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    /// The file, relative to the baseline file's directory, with `/`.
    pub file: String,
    /// `KIND NAME` of the top-level declaration (and ` / KIND NAME` of the
    /// nested block) the finding is in; empty outside any declaration.
    pub declaration: String,
    /// FNV-1a 64 of the message, in hex.
    pub message_hash: String,
    /// The message, for the reader of the file (not compared).
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub baseline_version: u32,
    pub findings: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Findings hidden because the baseline has them.
    pub baselined: usize,
    /// Baselined findings that no longer occur (fixed, or their declaration gone).
    pub gone: usize,
}

/// Only lint findings are baselined: errors of the language must be fixed.
pub fn baselinable(d: &Diagnostic) -> bool {
    !(d.code.starts_with('E') && d.code[1..].chars().all(|c| c.is_ascii_digit()))
}

fn fnv1a(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The innermost declarations around `span`: `KIND NAME` of the top-level
/// block and of nested named blocks (a campaign's step, a scoring's signal).
fn declaration_at(text: &str, span: Span, max_depth: usize) -> String {
    let (ast, _) = crate::syntax::parse(FileId::PRELUDE, text, max_depth);
    let mut parts = Vec::new();
    let mut blocks = &ast.blocks;
    while let Some(b) = blocks.iter().find(|b| b.span.contains(span)) {
        match &b.name {
            Some(n) => parts.push(format!("{} {}", b.kind.text, n.text)),
            None => parts.push(b.kind.text.clone()),
        }
        blocks = &b.blocks;
    }
    parts.join(" / ")
}

/// A path shown relative to `base` (the baseline's directory), with `/`.
fn relative_name(files: &Files, id: FileId, base: &Path) -> String {
    let f = files.get(id);
    let path: PathBuf = if f.path.as_os_str().is_empty() { PathBuf::from(&f.name) } else { f.path.clone() };
    let rel = path.strip_prefix(base).map(Path::to_path_buf).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// The entries of `diags` (only baselinable ones), in the order given.
pub fn entries(diags: &[Diagnostic], files: &Files, base: &Path, max_depth: usize) -> Vec<Option<Entry>> {
    let mut decl_cache: BTreeMap<(FileId, u32, u32), String> = BTreeMap::new();
    diags
        .iter()
        .map(|d| {
            if !baselinable(d) {
                return None;
            }
            let key = (d.file, d.span.start() as u32, d.span.end() as u32);
            let f = files.get(d.file);
            let declaration = if f.config {
                String::new()
            } else {
                decl_cache.entry(key).or_insert_with(|| declaration_at(f.text(), d.span, max_depth)).clone()
            };
            Some(Entry {
                code: d.code.clone(),
                file: relative_name(files, d.file, base),
                declaration,
                message_hash: fnv1a(&d.message),
                message: d.message.clone(),
            })
        })
        .collect()
}

/// The directory baseline paths are relative to: the baseline file's own.
pub fn base_dir(baseline_path: &Path) -> PathBuf {
    let abs = std::path::absolute(baseline_path).unwrap_or_else(|_| baseline_path.to_path_buf());
    let dir = abs.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    dir.canonicalize().unwrap_or(dir)
}

/// The baseline of the current findings.
pub fn build(diags: &[Diagnostic], files: &Files, base: &Path, max_depth: usize) -> Baseline {
    let mut findings: Vec<Entry> = entries(diags, files, base, max_depth).into_iter().flatten().collect();
    findings.sort();
    Baseline { baseline_version: BASELINE_VERSION, findings }
}

/// The baseline file's text: JSON, one finding per entry, sorted, so that a
/// rewritten baseline diffs well in review.
pub fn to_json(b: &Baseline) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}

/// Read a baseline file; the error says what is wrong with it.
pub fn load(path: &Path) -> Result<Baseline, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("baseline {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("baseline {}: not a regular file", path.display()));
    }
    if meta.len() > 256 * 1024 * 1024 {
        return Err(format!("baseline {}: over 256 MiB", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("baseline {}: {e}", path.display()))?;
    let b: Baseline = serde_json::from_str(&text).map_err(|e| {
        format!(
            "baseline {}: not a mopsc baseline ({e}); write one with `mopsc check --write-baseline FILE`",
            path.display()
        )
    })?;
    if b.baseline_version != BASELINE_VERSION {
        return Err(format!(
            "baseline {}: version {} is not supported (this mopsc writes version {BASELINE_VERSION}); rewrite it with --write-baseline",
            path.display(),
            b.baseline_version
        ));
    }
    Ok(b)
}

fn match_key(e: &Entry) -> (&str, &str, &str, &str) {
    (&e.code, &e.file, &e.declaration, &e.message_hash)
}

/// Drop from `diags` the findings the baseline has (each entry matches one
/// finding at most) and count the baselined findings that are gone.
pub fn apply(
    diags: &mut Vec<Diagnostic>,
    files: &Files,
    baseline: &Baseline,
    base: &Path,
    max_depth: usize,
) -> Outcome {
    let mut left: BTreeMap<(&str, &str, &str, &str), usize> = BTreeMap::new();
    for e in &baseline.findings {
        *left.entry(match_key(e)).or_default() += 1;
    }
    let keys = entries(diags, files, base, max_depth);
    let mut keep = Vec::with_capacity(diags.len());
    let mut baselined = 0;
    for k in &keys {
        let hidden = match k {
            Some(e) => match left.get_mut(&match_key(e)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            },
            None => false,
        };
        baselined += usize::from(hidden);
        keep.push(!hidden);
    }
    let mut i = 0;
    diags.retain(|_| {
        let k = keep[i];
        i += 1;
        k
    });
    Outcome { baselined, gone: left.values().sum() }
}

/// The line `check` prints about the baseline (on standard error).
pub fn summary(o: Outcome, path: &Path) -> String {
    let mut s = format!(
        "{} finding{} hidden by the baseline {}",
        o.baselined,
        if o.baselined == 1 { "" } else { "s" },
        path.display()
    );
    if o.gone > 0 {
        s.push_str(&format!(
            "; {} baselined finding{} no longer occur{} (rewrite it with --write-baseline to drop {})",
            o.gone,
            if o.gone == 1 { "" } else { "s" },
            if o.gone == 1 { "s" } else { "" },
            if o.gone == 1 { "it" } else { "them" }
        ));
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn finding(files: &mut Files) -> (FileId, Diagnostic) {
        let id = files.add("a.mops".into(), PathBuf::new(), "tool x: ads { }\n".into());
        (id, Diagnostic::new("STK001", Severity::Warning, "tool `x` has no owner", id, Span::new(0, 4)))
    }

    #[test]
    fn each_entry_hides_one_finding_so_a_second_copy_is_new() {
        let mut files = Files::new();
        let (_, d) = finding(&mut files);
        let base = Path::new("/");
        let b = build(std::slice::from_ref(&d), &files, base, 64);
        assert_eq!(b.findings.len(), 1);
        assert_eq!(b.findings[0].declaration, "tool x");
        let mut diags = vec![d.clone(), d];
        let o = apply(&mut diags, &files, &b, base, 64);
        assert_eq!(o, Outcome { baselined: 1, gone: 0 });
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn a_changed_message_is_a_new_finding_and_the_old_one_is_gone() {
        let mut files = Files::new();
        let (id, d) = finding(&mut files);
        let base = Path::new("/");
        let b = build(&[d], &files, base, 64);
        let mut diags =
            vec![Diagnostic::new("STK001", Severity::Warning, "tool `x` has no owner yet", id, Span::new(0, 4))];
        let o = apply(&mut diags, &files, &b, base, 64);
        assert_eq!(o, Outcome { baselined: 0, gone: 1 });
        assert_eq!(diags.len(), 1);
    }
}
