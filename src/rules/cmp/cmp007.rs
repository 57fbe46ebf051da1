//! CMP007 outbound-overlap.
use super::super::prelude::*;
use crate::literal::Date;

pub static RULE: Rule = Rule {
    code: "CMP007",
    name: "outbound-overlap",
    severity: Severity::Warning,
    fix: None,
    summary: "a `cold-email` step runs, in dates, at the same time as a step of another campaign with the same `audience`",
    why: "Coordinate outbound with inbound campaigns to avoid audience overlap: prospects who get cold emails while another campaign targets them hear two uncoordinated messages at once.",
    bad: include_str!("../../../tests/rules/CMP007/invalid.mops"),
    good: include_str!("../../../tests/rules/CMP007/valid.mops"),
    check,
};

/// For every `cold-email` step, the first other campaign of the same
/// audience (in campaign order) with a step overlapping it in dates, and that
/// campaign's first overlapping step. Per audience, the other campaigns'
/// step intervals are inserted in order of their first day while the
/// cold-email steps are visited in order of their last day; a Fenwick tree
/// over the intervals' last days keeps, for every suffix of last days, the
/// two smallest campaign indices inserted, so "the first campaign other than
/// this one with a step that starts by `a1` and ends on or after `a0`" is
/// one logarithmic query. O((S + Q) log S) per audience instead of a scan
/// of every pair of campaigns.
fn check(cx: &Ctx, out: &mut Sink) {
    let by_audience = super::super::group_by(
        cx.campaigns.iter().enumerate().filter_map(|(i, c)| c.data.audience.as_ref().map(|a| (a.value.as_str(), i))),
    );
    let mut keys: Vec<&str> = by_audience.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let group = &by_audience[key];
        if group.len() < 2 {
            continue;
        }
        if !group.iter().any(|&i| cx.campaigns[i].data.steps.iter().any(|s| s.skill.value == "cold-email")) {
            continue;
        }
        // the step dates of the group's campaigns (built here, not kept)
        let dates: Vec<Vec<Option<(Date, Date)>>> = group
            .iter()
            .map(|&i| crate::campaign::step_dates(cx.campaigns[i], &cx.calendar).unwrap_or_default())
            .collect();
        // every dated step of the group: (first day, last day, position in group)
        let mut steps: Vec<(Date, Date, usize)> = Vec::new();
        // cold-email steps: (last day, first day, position in group, step index)
        let mut queries: Vec<(Date, Date, usize, usize)> = Vec::new();
        for (pos, &i) in group.iter().enumerate() {
            let c = cx.campaigns[i];
            for (si, s) in c.data.steps.iter().enumerate() {
                let Some((b0, b1)) = dates[pos].get(si).copied().flatten() else { continue };
                steps.push((b0, b1, pos));
                if s.skill.value == "cold-email" {
                    queries.push((b1, b0, pos, si));
                }
            }
        }
        if queries.is_empty() {
            continue;
        }
        let mut ends: Vec<Date> = steps.iter().map(|s| s.1).collect();
        ends.sort_unstable();
        ends.dedup();
        steps.sort_unstable_by_key(|s| s.0);
        queries.sort_unstable();
        let mut tree = SuffixTop2::new(ends.len());
        let mut next = 0;
        for (a1, a0, pos, si) in queries {
            while next < steps.len() && steps[next].0 <= a1 {
                let (_, b1, p) = steps[next];
                tree.insert(ends.partition_point(|e| *e < b1), p);
                next += 1;
            }
            let Some(other) = tree.first_except(ends.partition_point(|e| *e < a0), pos) else { continue };
            let c = cx.campaigns[group[pos]];
            let oc = cx.campaigns[group[other]];
            let hit = oc.data.steps.iter().enumerate().find_map(|(oi, os)| {
                let (b0, b1) = dates[other].get(oi).copied().flatten()?;
                (a0 <= b1 && b0 <= a1).then_some((os, b0, b1))
            });
            let Some((os, b0, b1)) = hit else { continue };
            let s = &c.data.steps[si];
            out.report(
                c.file,
                s.header,
                format!(
                    "cold-email step `{}` ({a0} to {a1}) overlaps step `{}` of campaign `{}` ({b0} to {b1}), which targets the same audience `{key}`",
                    s.name.value, os.name.value, oc.name.value
                ),
            )
            .with_help("move one of the campaigns in time, or coordinate them as one campaign");
        }
    }
}

/// A Fenwick tree over positions `0..n` answering, for a suffix of positions,
/// the two smallest distinct values inserted there.
struct SuffixTop2 {
    tree: Vec<[usize; 2]>,
}

const NONE: usize = usize::MAX;

impl SuffixTop2 {
    fn new(n: usize) -> Self {
        SuffixTop2 { tree: vec![[NONE; 2]; n + 1] }
    }
    fn merge(a: &mut [usize; 2], v: usize) {
        if v == a[0] || v == a[1] {
            return;
        }
        if v < a[0] {
            a[1] = a[0];
            a[0] = v;
        } else if v < a[1] {
            a[1] = v;
        }
    }
    /// Insert `v` at position `at`.
    fn insert(&mut self, at: usize, v: usize) {
        // suffixes become prefixes of the reversed positions
        let mut k = self.tree.len() - 1 - at;
        while k < self.tree.len() {
            Self::merge(&mut self.tree[k], v);
            k += k & k.wrapping_neg();
        }
    }
    /// The smallest value other than `not` inserted at a position `>= from`.
    fn first_except(&self, from: usize, not: usize) -> Option<usize> {
        let mut best = [NONE; 2];
        let mut k = (self.tree.len() - 1).checked_sub(from)?;
        while k > 0 {
            for v in self.tree[k] {
                if v != NONE {
                    Self::merge(&mut best, v);
                }
            }
            k -= k & k.wrapping_neg();
        }
        best.into_iter().find(|&v| v != not && v != NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::SuffixTop2;

    /// The tree agrees with a scan of every inserted (position, value) pair.
    #[test]
    fn suffix_top2_matches_a_scan() {
        let mut seed = 0x2545_f491_u64;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for n in 1..40 {
            let mut tree = SuffixTop2::new(n);
            let mut inserted = Vec::new();
            for _ in 0..60 {
                let (at, v) = (next(n), next(12));
                tree.insert(at, v);
                inserted.push((at, v));
                for from in 0..=n {
                    let not = next(12);
                    let want = inserted.iter().filter(|(a, v)| *a >= from && *v != not).map(|(_, v)| *v).min();
                    assert_eq!(tree.first_except(from, not), want, "n={n} from={from} not={not}");
                }
            }
        }
    }
}
