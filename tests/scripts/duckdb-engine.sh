#!/usr/bin/env bash
# The DuckDB engine against the real command-line program: PyPI `duckdb-cli`
# in a virtual environment cached outside the clone, then the scores from
# CSV and Parquet compared row by row with SQLite's (tests/duckdb.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci/duckdb-venv
if [ ! -x "$VENV/bin/duckdb" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check duckdb-cli==1.5.6
fi
"$VENV/bin/duckdb" -version
MOPS_TEST_DUCKDB="$VENV/bin/duckdb" cargo test --test duckdb -- --nocapture
