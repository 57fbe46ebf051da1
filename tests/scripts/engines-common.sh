# Sourced by the engine scripts (duckdb-engine.sh, postgres-engine.sh,
# spark-engine.sh): the DuckDB program in its cached virtual environment and
# a throwaway PostgreSQL cluster on a loopback port. The caller sets
# `set -euo pipefail` and stops what it starts (`trap pg_stop EXIT`).

CI_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci

# DUCKDB: the duckdb program of PyPI duckdb-cli, installed once.
duckdb_venv() {
  local venv=$CI_CACHE/duckdb-venv
  if [ ! -x "$venv/bin/duckdb" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check duckdb-cli==1.5.6
  fi
  DUCKDB=$venv/bin/duckdb
}

pg_find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return; fi
  done
}

pg_as_owner() {
  if [ ${#PG_RUN_AS[@]} -eq 0 ]; then "$@";
  elif [ "${PG_RUN_AS[0]}" = su ]; then su nobody -s /bin/sh -c "$(printf '%q ' "$@")";
  else "${PG_RUN_AS[@]}" "$@"; fi
}

# Start a cluster in a temporary directory; sets PG_WORK and MOPS_TEST_DSN.
# Installs PostgreSQL from Debian's packages when no `initdb` is found.
pg_start() {
  local initdb
  initdb=$(pg_find_bin initdb || true)
  if [ -z "$initdb" ]; then
    echo "installing PostgreSQL from Debian"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
    initdb=$(pg_find_bin initdb)
  fi
  PG_CTL="$(dirname "$initdb")/pg_ctl"
  PG_WORK=$(mktemp -d)
  PG_RUN_AS=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to `nobody`
    chown nobody "$PG_WORK"
    PG_RUN_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    command -v setpriv >/dev/null 2>&1 || PG_RUN_AS=(su nobody -s /bin/sh -c)
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as_owner "$initdb" -D "$PG_WORK/data" -U mops --auth=trust >/dev/null
  pg_as_owner "$PG_CTL" -D "$PG_WORK/data" -l "$PG_WORK/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_WORK -c fsync=off" start >/dev/null
  export MOPS_TEST_DSN="host=127.0.0.1 port=$port user=mops dbname=postgres"
}

# Stop the cluster pg_start started, whatever happened.
pg_stop() {
  if [ -n "${PG_WORK:-}" ]; then
    pg_as_owner "$PG_CTL" -D "$PG_WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_WORK"
  fi
}
