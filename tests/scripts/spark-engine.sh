#!/usr/bin/env bash
# The four engines give the same numbers (DATA.md §8): the example scores,
# credits (every model, by campaign) and data checks from sqlite, duckdb,
# postgres and spark, compared by tests/scripts/engines_compare.py (1e-9
# relative, time-decay 1e-6), then tests/spark.rs on the real spark-sql.
# Installs PyPI pyspark (3.5, which runs on Debian's OpenJDK 17) and
# duckdb-cli into virtual environments cached outside the clone, and starts
# a throwaway PostgreSQL cluster on a loopback port, stopped at the end
# whatever happens. CARGO may wrap cargo (e.g. in a lock).
set -euo pipefail
cd "$(dirname "$0")/../.."
CARGO=${CARGO:-cargo}
. tests/scripts/engines-common.sh

if ! command -v java >/dev/null 2>&1; then
  echo "installing OpenJDK 17 from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless) >/dev/null
fi
SPARK_VENV=$CI_CACHE/spark-venv
if [ ! -x "$SPARK_VENV/bin/spark-sql" ]; then
  python3 -m venv "$SPARK_VENV"
  "$SPARK_VENV/bin/pip" install -q --disable-pip-version-check pyspark==3.5.5
fi
# pyspark/bin/spark-sql finds its SPARK_HOME itself (the venv's bin/ copy
# asks the system python, which has no pyspark)
SPARK_SQL="$("$SPARK_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')/bin/spark-sql"
duckdb_venv

OUT=$(mktemp -d)
stop() {
  pg_stop
  rm -rf "$OUT"
}
trap stop EXIT
pg_start

$CARGO build --quiet
BIN=target/debug/mopsc
echo "engines: $("$DUCKDB" -version | cut -d' ' -f1) (duckdb), pyspark 3.5.5 with $(java -version 2>&1 | head -1)"
declare -A ENGINE=(
  [sqlite]="--engine sqlite"
  [duckdb]="--engine duckdb --duckdb $DUCKDB"
  [postgres]="--engine postgres --dsn host=127.0.0.1"
  [spark]="--engine spark --spark-sql $SPARK_SQL"
)
for e in sqlite duckdb postgres spark; do
  # shellcheck disable=SC2206
  args=(${ENGINE[$e]})
  if [ "$e" = postgres ]; then args=(--engine postgres --dsn "$MOPS_TEST_DSN"); fi
  start=$(date +%s)
  "$BIN" score examples --today 2026-11-24 "${args[@]}" >"$OUT/score.$e.csv"
  "$BIN" attribute examples --today 2026-11-24 --model all --by campaign --format json "${args[@]}" >"$OUT/attribute.$e.json"
  # check exits 1 when it finds errors; the examples have warnings only
  "$BIN" check examples --data --today 2026-11-24 --format json -v "${args[@]}" >"$OUT/check.$e.json" 2>"$OUT/check.$e.err" || { cat "$OUT/check.$e.err"; exit 1; }
  echo "$e: $(grep '^note: engine:' "$OUT/check.$e.err" | cut -d' ' -f3-) in $(($(date +%s) - start)) s"
done
for e in duckdb postgres spark; do
  python3 tests/scripts/engines_compare.py "$OUT/score.sqlite.csv" "$OUT/score.$e.csv" "scores, sqlite = $e"
  python3 tests/scripts/engines_compare.py "$OUT/attribute.sqlite.json" "$OUT/attribute.$e.json" "credits, sqlite = $e"
  python3 tests/scripts/engines_compare.py "$OUT/check.sqlite.json" "$OUT/check.$e.json" "checks, sqlite = $e"
done
MOPS_TEST_SPARK_SQL="$SPARK_SQL" MOPS_TEST_DUCKDB="$DUCKDB" $CARGO test --quiet --test spark -- --nocapture --test-threads=1
