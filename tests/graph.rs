//! The dependency graph and the schedule: §9's critical path and dates,
//! `mopsc graph` output pinned, and a property test of the CPM schedule.

mod common;

use common::*;
use mopsc::campaign;
use mopsc::graph::{self, Only};
use mopsc::schedule::{compute, Activity};
use proptest::prelude::*;

#[test]
fn section9_schedule_is_37_days_with_the_spec_critical_path() {
    let report = check("examples/section9");
    let a = &report.analyses[0];
    let c = a.model.campaigns.iter().find(|c| c.name.value == "insights-launch").expect("campaign");
    let g = campaign::analyse(c, &a.model);
    let sched = g.schedule.as_ref().expect("acyclic");
    assert_eq!(sched.end, 37);
    let start = c.data.start.as_ref().expect("start").value;
    assert_eq!(g.end_date(start, &Default::default()).map(|d| d.to_string()).as_deref(), Some("2026-04-07"));
    let path: Vec<&str> = sched.critical_path.iter().map(|&i| c.data.steps[i].name.value.as_str()).collect();
    assert_eq!(path, ["brief", "plan", "copy", "page", "ads", "measure"]);
    let (first, last) = g.dates(start, 0, &Default::default()).expect("dates");
    assert_eq!((first.to_string().as_str(), last.to_string().as_str()), ("2026-03-02", "2026-03-03"));
    // every required artifact is handed over by a step, the context or `given`
    assert!(g.handoffs.iter().flatten().all(|h| h.source.is_some()));
}

fn graphs(rel: &str) -> (Vec<graph::Graph>, mopsc::check::Report) {
    let report = check(rel);
    let gs = report.analyses.iter().map(|a| graph::build(&a.set, &a.model, &report.files)).collect();
    (gs, report)
}

#[test]
fn graph_outputs_are_pinned() {
    let (gs, report) = graphs("examples/section9");
    insta::assert_snapshot!("section9_dot", graph::to_dot(&gs, None));
    insta::assert_snapshot!("section9_mermaid_campaigns", graph::to_mermaid(&gs, Some(Only::Campaigns)));
    insta::assert_snapshot!("section9_json_stack", graph::to_json(&gs, &report.files, Some(Only::Stack)));
    let (gs, _) = graphs("examples");
    insta::assert_snapshot!("examples_mermaid_stack", graph::to_mermaid(&gs, Some(Only::Stack)));
    insta::assert_snapshot!("examples_dot_imports", graph::to_dot(&gs, Some(Only::Imports)));
}

#[test]
fn graph_output_is_deterministic() {
    let (a, _) = graphs("examples");
    let (b, _) = graphs("examples");
    assert_eq!(graph::to_dot(&a, None), graph::to_dot(&b, None));
}

/// Random DAGs: activity i may depend on any j < i.
fn dag() -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec((0i64..20, prop::collection::vec(any::<prop::sample::Index>(), 0..4)), 1..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (days, picks))| {
                let mut preds: Vec<usize> = if i == 0 { vec![] } else { picks.iter().map(|p| p.index(i)).collect() };
                preds.sort_unstable();
                preds.dedup();
                Activity { days, preds }
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn schedule_respects_predecessors_and_critical_path_has_no_slack(acts in dag()) {
        let order: Vec<usize> = (0..acts.len()).collect();
        let s = compute(&acts, &order);
        for (i, a) in acts.iter().enumerate() {
            let slot = s.slots[i];
            prop_assert!(slot.slack >= 0);
            prop_assert_eq!(slot.early_finish, slot.early_start + a.days);
            prop_assert!(slot.early_finish <= s.end);
            for &p in &a.preds {
                prop_assert!(slot.early_start >= s.slots[p].early_finish);
                prop_assert!(slot.late_start >= s.slots[p].late_finish);
            }
        }
        prop_assert!(!s.critical_path.is_empty());
        for &i in &s.critical_path {
            prop_assert_eq!(s.slots[i].slack, 0);
        }
        let last = *s.critical_path.last().expect("non-empty");
        prop_assert_eq!(s.slots[last].early_finish, s.end);
        prop_assert_eq!(s.slots[s.critical_path[0]].early_start, 0);
        for w in s.critical_path.windows(2) {
            prop_assert!(acts[w[1]].preds.contains(&w[0]));
        }
    }
}
