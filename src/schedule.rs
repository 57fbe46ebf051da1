//! The critical path method over a DAG of steps (PLAN.md "What the compiler
//! computes" §3). Pure integers: days from the campaign start. Reused by
//! validation (E042), `mopsc plan` and `mopsc graph`.

use serde::Serialize;

/// One activity: its duration in whole days and its predecessors (indices).
#[derive(Debug, Clone)]
pub struct Activity {
    pub days: i64,
    pub preds: Vec<usize>,
}

/// The schedule of one activity, in day offsets from the start. `finish` is
/// exclusive: a 2-day step starting at day 0 has `finish` 2 and runs on days
/// 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub early_start: i64,
    pub early_finish: i64,
    pub late_start: i64,
    pub late_finish: i64,
    pub slack: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub slots: Vec<Slot>,
    /// Exclusive end of the whole schedule (number of days it spans).
    pub end: i64,
    /// Indices of the critical path, first to last.
    pub critical_path: Vec<usize>,
    /// Longest-path depth of each activity (0 for those with no predecessor).
    pub stage: Vec<usize>,
}

/// Compute the schedule. `order` must be a topological order of the
/// activities (callers get it from petgraph); activities are identified by
/// index, and ties on the critical path are broken by index (source order).
pub fn compute(acts: &[Activity], order: &[usize]) -> Schedule {
    let n = acts.len();
    let mut es = vec![0i64; n];
    let mut stage = vec![0usize; n];
    for &i in order {
        for &p in &acts[i].preds {
            es[i] = es[i].max(es[p].saturating_add(acts[p].days));
            stage[i] = stage[i].max(stage[p] + 1);
        }
    }
    let ef: Vec<i64> = (0..n).map(|i| es[i].saturating_add(acts[i].days)).collect();
    let end = ef.iter().copied().max().unwrap_or(0);
    let mut succs = vec![Vec::new(); n];
    for (i, a) in acts.iter().enumerate() {
        for &p in &a.preds {
            succs[p].push(i);
        }
    }
    let mut lf = vec![end; n];
    for &i in order.iter().rev() {
        for &s in &succs[i] {
            lf[i] = lf[i].min(lf[s].saturating_sub(acts[s].days));
        }
    }
    let slots: Vec<Slot> = (0..n)
        .map(|i| {
            let ls = lf[i].saturating_sub(acts[i].days);
            Slot { early_start: es[i], early_finish: ef[i], late_start: ls, late_finish: lf[i], slack: ls - es[i] }
        })
        .collect();
    // critical path: from the first zero-slack activity that starts at 0,
    // follow zero-slack successors that start when it finishes, lowest index
    // first, until one finishes at the end.
    let mut path = Vec::new();
    let first = (0..n).find(|&i| slots[i].slack == 0 && es[i] == 0 && acts[i].preds.is_empty());
    if let Some(mut cur) = first {
        path.push(cur);
        while ef[cur] != end || succs[cur].iter().any(|&s| slots[s].slack == 0 && es[s] == ef[cur] && acts[s].days == 0)
        {
            let mut next: Vec<usize> =
                succs[cur].iter().copied().filter(|&s| slots[s].slack == 0 && es[s] == ef[cur]).collect();
            next.sort_unstable();
            match next.first() {
                Some(&s) if !path.contains(&s) => {
                    path.push(s);
                    cur = s;
                }
                _ => break,
            }
        }
    }
    Schedule { slots, end, critical_path: path, stage }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(days: i64, preds: &[usize]) -> Activity {
        Activity { days, preds: preds.to_vec() }
    }

    #[test]
    fn section9_campaign() {
        // brief plan copy page ad-copy ads social outreach measure
        let acts = vec![
            act(2, &[]),
            act(5, &[0]),
            act(4, &[1]),
            act(3, &[2]),
            act(2, &[2]),
            act(21, &[4, 3]),
            act(21, &[2]),
            act(14, &[3]),
            act(2, &[5, 6, 7]),
        ];
        let order: Vec<usize> = (0..9).collect();
        let s = compute(&acts, &order);
        assert_eq!(s.end, 37);
        assert_eq!(s.critical_path, vec![0, 1, 2, 3, 5, 8]);
        assert_eq!(s.slots[4].slack, 1);
        assert_eq!(s.slots[6].slack, 3);
        assert_eq!(s.slots[7].slack, 7);
        assert_eq!(s.stage, vec![0, 1, 2, 3, 3, 4, 3, 4, 5]);
    }
}
