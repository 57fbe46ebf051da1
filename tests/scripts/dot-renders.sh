#!/usr/bin/env bash
# `mopsc graph` output must render with Graphviz: every example, every part.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MOPSC:-target/debug/mopsc}
n=0
for ws in examples examples/section9; do
  for only in "" stack campaigns imports; do
    args=(graph "$ws" --format dot)
    [ -n "$only" ] && args+=(--only "$only")
    "$bin" "${args[@]}" | dot -Tsvg >/dev/null
    n=$((n + 1))
  done
done
for ws in examples examples/section9; do
  "$bin" plan "$ws" --format dot --today 2026-11-24 | dot -Tsvg >/dev/null
  n=$((n + 1))
done
echo "dot: $n passed, 0 failed"
