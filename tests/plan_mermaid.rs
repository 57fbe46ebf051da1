//! `plan --format mermaid`: task ids stay distinct for names that differ
//! only in `-` and `_`, and a step named like a Gantt statement (`section`,
//! `title`, `gantt-check`) stays a task (Mermaid's own reading of the chart
//! is checked by tests/scripts/mermaid-parse.sh).

mod common;

use common::*;

#[test]
fn gantt_tasks_named_like_statements_stay_tasks() {
    let p = mopsc::plan::compile(&check("tests/fixtures/mermaid-keywords"), None).expect("plan");
    let m = mopsc::plan::to_mermaid(&p);
    let tasks: Vec<&str> = m.lines().filter(|l| l.starts_with("    ")).collect();
    assert_eq!(tasks.len(), 6);
    // no task line starts with a word Mermaid's lexer takes for a statement
    for t in &tasks {
        let text = t.trim_start();
        for k in ["title", "section", "gantt", "excludes"] {
            assert!(!text.starts_with(k), "{t}");
        }
    }
    let ids: std::collections::BTreeSet<&str> =
        tasks.iter().filter_map(|t| t.split(", ").find(|x| x.starts_with("c0s"))).collect();
    assert_eq!(ids.len(), 6, "distinct ids: {ids:?}");
    insta::assert_snapshot!("mermaid_keywords", m);
}
