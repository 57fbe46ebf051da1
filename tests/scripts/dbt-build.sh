#!/usr/bin/env bash
# `mopsc sql --dbt` writes a dbt project that runs: dbt-duckdb (from PyPI,
# into a cached virtual environment) builds it over the example data, its
# scoring model equals `mopsc score` row by row, and its quality tests pass
# on the examples and fail on the fixture whose data breaks every DQ code.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${MOPSC_DBT_VENV:-$HOME/.cache/mopsc-ci/dbt-venv}
if [ ! -x "$venv/bin/dbt" ]; then
  echo "== installing dbt-duckdb into $venv"
  python3 -m venv "$venv"
  # dbt-core 2 fetches a parser binary from GitHub at install time: stay on 1.x
  "$venv/bin/pip" install -q "dbt-core>=1.8,<1.11" "dbt-duckdb>=1.8,<1.10" >/dev/null
fi
cargo build --quiet
bin=${MOPSC:-${CARGO_TARGET_DIR:-target}/debug/mopsc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MOPS_TODAY=2026-11-24

# load CSV files typed into a DuckDB database: $1 db, then table=csv=col:type,… triples
load() {
  "$venv/bin/python" - "$@" <<'PY'
import sys, duckdb
db = duckdb.connect(sys.argv[1])
def conv(col, ty):
    x = f"NULLIF(TRIM(\"{col}\"), '')"
    if ty == "bool":
        return f"CASE lower({x}) WHEN 'true' THEN true WHEN 'yes' THEN true WHEN '1' THEN true WHEN 'false' THEN false WHEN 'no' THEN false WHEN '0' THEN false END"
    if ty == "timestamp":
        return f"CAST(replace({x}, 'Z', '') AS TIMESTAMP)"
    if ty in ("int", "number"):
        return f"CAST({x} AS {'BIGINT' if ty == 'int' else 'DOUBLE'})"
    return f"\"{col}\""
for spec in sys.argv[2:]:
    table, path, cols = spec.split("=", 2)
    schema, name = table.split(".")
    db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    sel = ", ".join(f'{conv(c, t)} AS "{c}"' for c, t in (p.split(":") for p in cols.split(",")))
    db.execute(f"CREATE TABLE \"{schema}\".\"{name}\" AS SELECT {sel} FROM read_csv('{path}', header=true, all_varchar=true)")
PY
}

profile() {
  cat >"$1/profiles.yml" <<YML
mops:
  target: ci
  outputs:
    ci:
      type: duckdb
      path: "$2"
      threads: 1
YML
}

# 1. the examples: models build, tests pass, scores equal mopsc score
"$bin" sql examples --dialect duckdb --dbt "$work/examples"
load "$work/examples.duckdb" \
  "crm.leads=examples/data/leads.csv=id:text,email:text,title:text,employees:int,industry:text,created_at:timestamp,closed_won:bool,unsubscribed:bool,crm_connected:bool" \
  "analytics.touches=examples/data/touches.csv=lead_id:text,occurred_at:timestamp,event:text,utm_source:text,utm_medium:text,url:text" \
  "analytics.campaign_touches=examples/data/campaign-touches.csv=lead_id:text,occurred_at:timestamp,event:text,utm_source:text,utm_medium:text,utm_campaign:text,utm_content:text,url:text,pipeline_usd:number"
profile "$work/examples" "$work/examples.duckdb"
"$venv/bin/dbt" build --project-dir "$work/examples" --profiles-dir "$work/examples" --log-path "$work/logs" --target-path "$work/target" >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  echo "dbt: the examples' project does not build" >&2
  exit 1
}
"$venv/bin/python" - "$work/examples.duckdb" >"$work/dbt.csv" <<'PY'
import sys, duckdb, csv
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["key", "score", "tier"])
for k, s, t in duckdb.connect(sys.argv[1], read_only=True).execute('SELECT "key", "score", "tier" FROM main.score_northwind_lead_score ORDER BY "key"').fetchall():
    w.writerow([k, s, t or ""])
PY
"$bin" score examples --format csv | cut -d, -f1-3 >"$work/mopsc.csv"
cmp "$work/dbt.csv" "$work/mopsc.csv" || {
  diff "$work/dbt.csv" "$work/mopsc.csv" | head -20 >&2
  echo "dbt: the scoring model differs from mopsc score" >&2
  exit 1
}
echo "dbt build: $(($(wc -l <"$work/mopsc.csv") - 1)) leads scored as mopsc score scores them; quality tests pass"
# the attribution models: the credits model equals mopsc attribute, model by model
"$bin" attribute examples --by channel --model first-touch,last-touch,linear,time-decay,position-based --format csv >"$work/attr.csv"
"$venv/bin/python" - "$work/examples.duckdb" "$work/attr.csv" <<'PY'
import sys, csv, duckdb
db = duckdb.connect(sys.argv[1], read_only=True)
models = ["first-touch", "last-touch", "linear", "time-decay", "position-based"]
cols = ", ".join(f'"c_{i}", "v_{i}"' for i in range(5))
dbt = {}
for row in db.execute(f'SELECT "k", {cols} FROM main.credits_northwind_attribution').fetchall():
    for i, m in enumerate(models):
        dbt[(row[0], m)] = (row[1 + 2 * i], row[2 + 2 * i])
assert db.execute('SELECT COUNT(*) FROM main.paths_northwind_attribution').fetchone()[0] > 0, "no paths"
assert db.execute('SELECT COUNT(*) FROM main.journeys_northwind_attribution').fetchone()[0] > 0, "no journeys"
seen = 0
for r in csv.DictReader(open(sys.argv[2])):
    key = (r["channel"], r["model"])
    if key not in dbt:
        # a conversion with no touch: dbt's key is NULL
        key = (None, r["model"])
    c, v = dbt[key]
    assert abs(c - float(r["conversions"])) <= 1e-9 * max(1.0, abs(c)), (key, c, r["conversions"])
    assert abs(v - float(r["value"])) <= 1e-6 * max(1.0, abs(v)), (key, v, r["value"])
    seen += 1
assert seen == len(dbt), (seen, len(dbt))
print(f"dbt build: the credits model equals mopsc attribute on {seen} channel x model figures; journeys and paths built")
PY

# 2. the fixture that breaks every DQ code: its quality tests fail
q=tests/fixtures/data/quality
"$bin" sql "$q" --dialect duckdb --dbt "$work/broken"
load "$work/broken.duckdb" \
  "main.crm-leads=$q/data/leads.csv=id:text,email:text,title:text,country:text,updated_at:timestamp" \
  "main.web=$q/data/touches.csv=lead_id:text,occurred_at:timestamp,event:text,utm_source:text,utm_medium:text,utm_campaign:text,utm_term:text"
profile "$work/broken" "$work/broken.duckdb"
if "$venv/bin/dbt" build --project-dir "$work/broken" --profiles-dir "$work/broken" --log-path "$work/logs2" --target-path "$work/target2" >"$work/broken.log" 2>&1; then
  cat "$work/broken.log" >&2
  echo "dbt: the broken fixture's quality tests passed" >&2
  exit 1
fi
failed=$(grep -c "FAIL " "$work/broken.log" || true)
for t in dq001_title dq002_email dq003 dq004_country; do
  grep -q "FAIL .*crm_leads_$t" "$work/broken.log" || { cat "$work/broken.log" >&2; echo "dbt: $t did not fail" >&2; exit 1; }
done
echo "dbt build on the broken fixture: $failed failing quality tests, as check --data finds"
