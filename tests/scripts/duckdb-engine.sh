#!/usr/bin/env bash
# The DuckDB engine against the real command-line program: PyPI `duckdb-cli`
# in a virtual environment cached outside the clone, then the scores from
# CSV and Parquet compared row by row with SQLite's (tests/duckdb.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/engines-common.sh
duckdb_venv
"$DUCKDB" -version
MOPS_TEST_DUCKDB="$DUCKDB" cargo test --test duckdb -- --nocapture
# and the command line, end to end: the same scores and credits
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo run --quiet -- score examples --today 2026-11-24 --engine sqlite >"$OUT/lite.csv"
cargo run --quiet -- score examples --today 2026-11-24 --engine duckdb --duckdb "$DUCKDB" >"$OUT/duck.csv"
cmp "$OUT/lite.csv" "$OUT/duck.csv"
cargo run --quiet -- attribute examples --today 2026-11-24 --model all --by campaign --format json --engine sqlite >"$OUT/lite.json"
cargo run --quiet -- attribute examples --today 2026-11-24 --model all --by campaign --format json --engine duckdb --duckdb "$DUCKDB" >"$OUT/duck.json"
python3 - "$OUT/lite.json" "$OUT/duck.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
# the engine that ran differs by design
assert a.pop("engine").startswith("sqlite ") and b.pop("engine").startswith("duckdb ")
def walk(x, y, at):
    if isinstance(x, dict):
        assert set(x) == set(y), (at, set(x) ^ set(y))
        for k in x: walk(x[k], y[k], f"{at}.{k}")
    elif isinstance(x, list):
        assert len(x) == len(y), at
        for i, (p, q) in enumerate(zip(x, y)): walk(p, q, f"{at}[{i}]")
    elif isinstance(x, float) or isinstance(y, float):
        assert abs(x - y) <= 1e-9 * max(1.0, abs(x)), (at, x, y)
    else:
        assert x == y, (at, x, y)
walk(a, b, "$")
print("DuckDB and SQLite agree on every credit of every model")
PY
echo "DuckDB and SQLite agree on $(($(wc -l <"$OUT/lite.csv") - 1)) leads from the command line"
