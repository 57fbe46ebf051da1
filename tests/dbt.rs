//! `mopsc sql --dbt DIR --dialect D` (issue 20): the dbt project's files,
//! its scoring model the same query `mopsc sql` writes (with dbt sources for
//! tables), the quality targets as tests. `tests/scripts/dbt-build.sh` runs
//! `dbt build` on it with dbt-duckdb over the example data.

mod common;

use common::*;
use mopsc::data::print::Dialect;

#[test]
fn the_dbt_project_of_the_examples() {
    let files = mopsc::data::cmd::dbt(&[manifest_dir().join("examples")], &opts(), Dialect::Duckdb, None)
        .map_err(|o| o.messages)
        .expect("project");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for want in ["dbt_project.yml", "models/sources.yml", "models/schema.yml", "models/score_northwind_lead_score.sql"]
    {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let get = |n: &str| files.iter().find(|(f, _)| f == n).map(|(_, t)| t.clone()).expect(n);
    insta::assert_snapshot!("dbt_sources", get("models/sources.yml"));
    insta::assert_snapshot!("dbt_schema", get("models/schema.yml"));
    // the model is `mopsc sql`'s query with sources for tables
    let model = get("models/score_northwind_lead_score.sql");
    let sql = mopsc::data::cmd::sql(&[manifest_dir().join("examples")], &opts(), Dialect::Duckdb, None)
        .map_err(|o| o.messages)
        .expect("sql");
    let body = |t: &str| t.lines().filter(|l| !l.starts_with("--")).collect::<Vec<_>>().join("\n");
    let expected = body(&sql[0].1)
        .replace("\"crm\".\"leads\"", "{{ source('mops_crm', 'crm_leads') }}")
        .replace("\"analytics\".\"touches\"", "{{ source('mops_analytics', 'web_touches') }}");
    assert_eq!(body(&model), expected);
    // the quality targets of the examples as singular tests
    let tests: Vec<&str> = names.iter().copied().filter(|n| n.starts_with("tests/")).collect();
    assert_eq!(
        tests,
        vec![
            "tests/crm_leads_dq001_email.sql",
            "tests/crm_leads_dq001_title.sql",
            "tests/crm_leads_dq001_industry.sql",
            "tests/crm_leads_dq002_email.sql",
            "tests/crm_leads_dq003.sql",
            "tests/crm_leads_dq004_email.sql"
        ]
    );
    insta::assert_snapshot!("dbt_test_dq002", get("tests/crm_leads_dq002_email.sql"));
}
