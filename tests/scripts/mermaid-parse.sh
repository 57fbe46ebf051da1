#!/usr/bin/env bash
# Mermaid's own parser accepts every Mermaid output of mopsc (plan gantt
# charts and graph flowcharts), and rejects a broken diagram (so the check
# is real). Installs its npm dependencies from the lockfile.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
bin=${MOPSC:-target/debug/mopsc}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$here/mermaid" && npm ci --no-audit --no-fund >/dev/null 2>&1)
for ws in examples examples/section9; do
  name=$(echo "$ws" | tr '/' '_')
  "$bin" plan "$ws" --format mermaid --today 2026-11-24 > "$out/plan_$name.mmd"
  "$bin" graph "$ws" --format mermaid --today 2026-11-24 > "$out/graph_$name.mmd"
  for only in stack campaigns imports; do
    "$bin" graph "$ws" --format mermaid --only "$only" --today 2026-11-24 > "$out/graph_${name}_$only.mmd"
  done
done
node "$here/mermaid/check.mjs" "$out"/*.mmd
# steps named like Gantt statements (`section`, `title`, …) and `a-b` beside
# `a_b`: Mermaid must read every one as a task of its own
"$bin" plan tests/fixtures/mermaid-keywords --format mermaid --today 2026-11-24 > "$out/keywords.mmd"
node "$here/mermaid/tasks.mjs" "$out/keywords.mmd" 6 "section (conversion-optimization)"
printf 'flowchart LR\n  a --> \n  ((( \n' > "$out/broken.mmd"
if node "$here/mermaid/check.mjs" "$out/broken.mmd" >/dev/null; then
  echo "mermaid: the parser accepted a broken diagram" >&2
  exit 1
fi
