#!/usr/bin/env bash
# Time `mopsc attribute --model all` from raw touches (all seven models, the
# default SQLite engine) on generated workspaces; figures in
# docs/performance.md. Usage: bench/attribute.sh [PEOPLE…] (default 30000 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=debug times the dev build (no release build needed)
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
BIN=${CARGO_TARGET_DIR:-target}/$PROFILE/mopsc
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for n in "${@:-30000 300000}"; do
  python3 bench/gen_touches.py "$n" "$WORK/$n"
  /usr/bin/time -f "$n people: %e s wall, %M KiB max RSS" "$BIN" attribute "$WORK/$n" --model all --format json >/dev/null
done
