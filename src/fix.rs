//! Applying fixes (`mopsc check --fix`, editor code actions): edits never
//! overlap, a fix is applied whole or not at all, and files are only
//! rewritten when they parsed without error.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::check::{check_paths, Options, Report};
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId};
use crate::workspace::UsageError;

/// Apply as many of `fixes` to `text` as do not overlap (in order of their
/// first edit). Returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&crate::diagnostic::Fix]) -> (String, usize) {
    let mut ordered: Vec<&crate::diagnostic::Fix> = fixes.to_vec();
    ordered.sort_by_key(|f| f.edits.iter().map(|e| e.start).min().unwrap_or(0));
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for f in ordered {
        let ok = f.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && accepted.iter().all(|a| e.end <= a.start || a.end <= e.start)
        }) && no_self_overlap(&f.edits);
        if ok {
            accepted.extend(f.edits.iter());
            count += 1;
        }
    }
    accepted.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = text.to_string();
    for e in accepted {
        out.replace_range(e.start..e.end, &e.replacement);
    }
    (out, count)
}

fn no_self_overlap(edits: &[Edit]) -> bool {
    let mut v: Vec<&Edit> = edits.iter().collect();
    v.sort_by_key(|e| e.start);
    v.windows(2).all(|w| w[0].end <= w[1].start)
}

/// The outcome of `check --fix`.
pub struct FixOutcome {
    /// The final check, after the fixes.
    pub report: Report,
    /// Fixes applied, per file name.
    pub fixed: BTreeMap<String, usize>,
    /// Files that could not be written, with the reason.
    pub failed: Vec<(String, String)>,
}

fn wanted(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes)
}

/// Check, apply fixes, write the files, and check again, until nothing more
/// applies (at most 10 rounds, so fixes that make room for others still land).
pub fn fix_paths(paths: &[PathBuf], opts: &Options, unsafe_fixes: bool) -> Result<FixOutcome, UsageError> {
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed = Vec::new();
    for _round in 0..10 {
        let report = check_paths(paths, opts)?;
        let mut per_file: BTreeMap<FileId, Vec<&crate::diagnostic::Fix>> = BTreeMap::new();
        let broken: Vec<FileId> =
            report.diagnostics.iter().filter(|d| d.code == "E001" || d.code == "E002").map(|d| d.file).collect();
        for d in report.diagnostics.iter().filter(|d| wanted(d, unsafe_fixes) && !broken.contains(&d.file)) {
            if let Some(f) = &d.fix {
                per_file.entry(d.file).or_default().push(f);
            }
        }
        let mut progress = false;
        for (file, fixes) in per_file {
            let src = report.files.get(file);
            if src.path.as_os_str().is_empty() || failed.iter().any(|(n, _)| *n == src.name) {
                continue;
            }
            let (new, n) = apply(&src.text, &fixes);
            if n == 0 || new == src.text {
                continue;
            }
            match crate::fsutil::write_atomic(&src.path, new.as_bytes()) {
                Ok(()) => {
                    *fixed.entry(src.name.clone()).or_default() += n;
                    progress = true;
                }
                Err(e) => failed.push((src.name.clone(), e.to_string())),
            }
        }
        if !progress {
            return Ok(FixOutcome { report, fixed, failed });
        }
    }
    let report = check_paths(paths, opts)?;
    Ok(FixOutcome { report, fixed, failed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            title: String::new(),
            edits: edits.iter().map(|(s, e, r)| Edit { start: *s, end: *e, replacement: r.to_string() }).collect(),
        }
    }

    #[test]
    fn overlapping_fixes_are_skipped_whole() {
        let a = fix(&[(0, 3, "xyz")]);
        let b = fix(&[(2, 4, "!"), (6, 7, "?")]);
        let c = fix(&[(5, 6, "-")]);
        let (out, n) = apply("abcdefgh", &[&a, &b, &c]);
        assert_eq!(n, 2);
        assert_eq!(out, "xyzde-gh");
    }
}
