#!/usr/bin/env bash
# The printed SQL of BigQuery, Snowflake and Spark is read by sqlglot, a
# real parser of those dialects (PyPI, in a virtual environment cached
# outside the clone).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci
VENV=$CACHE/sqlglot-venv
if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "sqlglot>=25,<27"
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for d in bigquery snowflake spark duckdb postgres; do
  cargo run --quiet -- sql examples --today 2026-11-24 --dialect "$d" --only score -o "$OUT/$d"
  for only in attribution paths; do
    cargo run --quiet -- sql examples --today 2026-11-24 --dialect "$d" --only "$only" --by campaign -o "$OUT/$d"
  done
done
"$VENV/bin/python" - "$OUT" <<'PY'
import pathlib, sys
import sqlglot
from sqlglot.errors import ErrorLevel
root = pathlib.Path(sys.argv[1])
names = {"bigquery": "bigquery", "snowflake": "snowflake", "spark": "databricks", "duckdb": "duckdb", "postgres": "postgres"}
for d, dialect in names.items():
    for f in sorted((root / d).glob("*.sql")):
        tree = sqlglot.parse_one(f.read_text(), read=dialect, error_level=ErrorLevel.RAISE)
        assert tree.find(sqlglot.exp.Join) is not None, f"{d}: no join in {f.name}"
        print(f"sqlglot reads {d}/{f.name}")
PY
