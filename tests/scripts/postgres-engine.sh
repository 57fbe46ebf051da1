#!/usr/bin/env bash
# The PostgreSQL engine against a real server: a throwaway cluster in a
# temporary directory on a loopback port, stopped at the end whatever
# happens. Installs PostgreSQL from Debian's packages when no `initdb` is found.
set -euo pipefail
cd "$(dirname "$0")/../.."

. tests/scripts/engines-common.sh
WORK=$(mktemp -d)
stop() {
  pg_stop
  rm -rf "$WORK"
}
trap stop EXIT
pg_start

cargo test --test postgres -- --nocapture
# and the command line, end to end
cargo run --quiet -- score examples --today 2026-11-24 --engine postgres --dsn "$MOPS_TEST_DSN" >"$WORK/pg.csv"
cargo run --quiet -- score examples --today 2026-11-24 >"$WORK/lite.csv"
cmp "$WORK/pg.csv" "$WORK/lite.csv"
echo "PostgreSQL and SQLite agree on $(($(wc -l <"$WORK/lite.csv") - 1)) leads"
for by in channel campaign; do
  cargo run --quiet -- attribute examples --today 2026-11-24 --model all --by "$by" --format json --engine postgres --dsn "$MOPS_TEST_DSN" >"$WORK/pg.json"
  cargo run --quiet -- attribute examples --today 2026-11-24 --model all --by "$by" --format json >"$WORK/lite.json"
  python3 - "$WORK/pg.json" "$WORK/lite.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert [r["label"] for r in a["rows"]] == [r["label"] for r in b["rows"]]
for ra, rb in zip(a["rows"], b["rows"]):
    for ca, cb in zip(ra["credits"], rb["credits"]):
        for k in ("conversions", "value"):
            x, y = ca[k], cb[k]
            assert abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y)), (ra["label"], ca["model"], k, x, y)
print(f"PostgreSQL and SQLite agree on the credits of {len(a['rows'])} rows by {a['by']}, every model")
PY
done
