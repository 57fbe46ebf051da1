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
    // the accepted edits by (start, end): they never overlap, so their ends
    // rise with their starts and only the last one starting before an edit's
    // end can overlap it (a scan of all of them was quadratic)
    let mut taken: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    let overlaps_taken = |taken: &std::collections::BTreeSet<(usize, usize)>, e: &Edit| {
        taken.range(..(e.end, 0)).next_back().is_some_and(|&(_, end)| end > e.start)
    };
    let mut count = 0;
    for f in ordered {
        let ok = f.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && !overlaps_taken(&taken, e)
        }) && no_self_overlap(&f.edits);
        if ok {
            accepted.extend(f.edits.iter());
            taken.extend(f.edits.iter().map(|e| (e.start, e.end)));
            count += 1;
        }
    }
    // one pass over the text (replacing ranges one by one from the end moved
    // the rest of the text each time); insertions at one offset come out in
    // reverse order, as when they were applied from the end
    let mut order: Vec<(usize, &Edit)> = accepted.into_iter().enumerate().collect();
    order.sort_by_key(|&(i, e)| (e.start, std::cmp::Reverse(i)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (_, e) in order {
        if e.start >= at {
            out.push_str(&text[at..e.start]);
        }
        out.push_str(&e.replacement);
        at = at.max(e.end);
    }
    out.push_str(&text[at..]);
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
            if src.is_stale() {
                failed.push((src.name.clone(), "the file changed while it was being checked".into()));
                continue;
            }
            let (new, n) = apply(src.text(), &fixes);
            if n == 0 || new == src.text() {
                continue;
            }
            // only over the text that was checked: a save made since is kept
            let stamp = crate::fsutil::ReadStamp::of_contents(src.text().as_bytes());
            match crate::fsutil::write_replacing(&src.path, new.as_bytes(), Some(&stamp)) {
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
        // a rule with a safe fix (fixes are made by `Sink::fix` only)
        let rule = crate::rules::rule("SUP001").expect("SUP001");
        crate::rules::Sink::new(rule)
            .fix("", edits.iter().map(|(s, e, r)| Edit { start: *s, end: *e, replacement: r.to_string() }).collect())
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

    #[test]
    fn applies_non_overlapping_fixes_whole_and_skips_overlapping_ones() {
        let text = "abcdefghij";
        let fixes = [
            fix(&[(0, 1, "A"), (9, 10, "J")]),
            fix(&[(2, 4, "CD")]),
            fix(&[(3, 5, "x")]), // overlaps the previous one: skipped whole
            fix(&[(5, 5, "1")]), // insertions at one offset
            fix(&[(5, 5, "2")]),
            fix(&[(6, 6, "+"), (0, 1, "z")]), // one edit overlaps: skipped whole
            fix(&[(7, 8, "")]),
        ];
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (out, n) = apply(text, &refs);
        assert_eq!(n, 5);
        assert_eq!(out, "AbCDe21fgiJ");
    }

    #[test]
    fn many_fixes_apply_in_one_pass() {
        let text = "Ab ".repeat(20_000);
        let fixes: Vec<Fix> = (0..20_000).map(|i| fix(&[(i * 3, i * 3 + 1, "a")])).collect();
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (out, n) = apply(&text, &refs);
        assert_eq!(n, 20_000);
        assert_eq!(out, "ab ".repeat(20_000));
    }
}
