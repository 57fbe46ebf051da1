#!/usr/bin/env bash
# The PostgreSQL engine against a real server: a throwaway cluster in a
# temporary directory on a loopback port, stopped at the end whatever
# happens. Installs PostgreSQL from Debian's packages when no `initdb` is found.
set -euo pipefail
cd "$(dirname "$0")/../.."

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return; fi
  done
}

INITDB=$(find_bin initdb || true)
if [ -z "$INITDB" ]; then
  echo "installing PostgreSQL from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
  INITDB=$(find_bin initdb)
fi
BIN=$(dirname "$INITDB")
PG_CTL="$BIN/pg_ctl"

WORK=$(mktemp -d)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to `nobody`
  chown nobody "$WORK"
  RUN_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
  command -v setpriv >/dev/null 2>&1 || RUN_AS=(su nobody -s /bin/sh -c)
fi
as_owner() {
  if [ ${#RUN_AS[@]} -eq 0 ]; then "$@";
  elif [ "${RUN_AS[0]}" = su ]; then su nobody -s /bin/sh -c "$(printf '%q ' "$@")";
  else "${RUN_AS[@]}" "$@"; fi
}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  as_owner "$PG_CTL" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT

as_owner "$INITDB" -D "$WORK/data" -U mops --auth=trust >/dev/null
as_owner "$PG_CTL" -D "$WORK/data" -l "$WORK/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off" start >/dev/null

export MOPS_TEST_DSN="host=127.0.0.1 port=$PORT user=mops dbname=postgres"
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
