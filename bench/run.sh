#!/usr/bin/env bash
# Time `mopsc check` on generated workspaces (bench/gen.py) of N = 1,000,
# 10,000 and 100,000 campaigns with hyperfine; measure peak memory with
# /usr/bin/time -v; write the table into docs/performance.md ("Checking at
# scale", between the bench:check markers) and say which target is missed.
#
#   bash bench/run.sh                 # build the release binary, run, write the doc
#   BENCH_SIZES="1000 10000" bash bench/run.sh
#   MOPSC=path/to/mopsc BENCH_DIR=/tmp/ws bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${BENCH_SIZES:-1000 10000 100000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mopsc-bench}
today=2026-11-24

need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi

if [ -z "${MOPSC:-}" ]; then
  echo "== cargo build --release"
  cargo build --release --quiet
  MOPSC=${CARGO_TARGET_DIR:-target}/release/mopsc
fi
bin=$(cd "$(dirname "$MOPSC")" && pwd)/$(basename "$MOPSC")

mkdir -p "$dir"
stamp=$(sha256sum bench/gen.py | cut -c1-16)
results=$dir/results.tsv
: >"$results"
for n in $sizes; do
  ws=$dir/n$n
  if [ "$(cat "$ws/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== generating $n campaigns in $ws"
    rm -rf "$ws"
    python3 bench/gen.py "$n" "$ws"
    echo "$stamp" >"$ws/.stamp"
  fi
  bytes=$(find "$ws" -name '*.mops' -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  files=$(find "$ws" -name '*.mops' -type f | wc -l)
  # the workspace must check without errors (exit 0), so the timing covers
  # the whole pipeline, rules included
  "$bin" check --today "$today" --color never --format short "$ws" >"$dir/n$n.out" || {
    echo "bench: the generated workspace of $n campaigns has errors:" >&2
    head -20 "$dir/n$n.out" >&2
    exit 1
  }
  diags=$(wc -l <"$dir/n$n.out")
  runs=10
  [ "$n" -ge 100000 ] && runs=5
  echo "== hyperfine: $n campaigns, $files files, $bytes bytes"
  hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$dir/n$n.json" \
    "$bin check --today $today --color never $ws"
  /usr/bin/time -v "$bin" check --today "$today" --color never "$ws" >/dev/null 2>"$dir/n$n.time"
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/n$n.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$files" "$bytes" "$diags" "$dir/n$n.json" "$rss" >>"$results"
done

python3 - "$results" "$root/docs/performance.md" <<'EOF'
import json, os, platform, re, subprocess, sys

results, doc = sys.argv[1], sys.argv[2]
rows = []
for line in open(results):
    n, files, size, diags, js, rss = line.rstrip("\n").split("\t")
    r = json.load(open(js))["results"][0]
    rows.append(dict(n=int(n), files=int(files), bytes=int(size), diags=int(diags), mean=r["mean"],
                     median=r["median"], stddev=r["stddev"] or 0.0, min=r["min"], max=r["max"], rss_kb=int(rss)))

def cpu():
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"

mb = 1e6
lines = ["| campaigns | files | input (MB) | wall time, median (s) | mean ± σ (s) | min–max (s) | throughput (MB/s) | peak RSS (MB) | RSS budget: 4 × input + 50 MB | diagnostics |",
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
verdicts = []
by_n = {r["n"]: r for r in rows}
for r in rows:
    size = r["bytes"] / mb
    rss = r["rss_kb"] * 1024 / mb
    budget = 4 * size + 50
    lines.append(f"| {r['n']:,} | {r['files']:,} | {size:.1f} | {r['median']:.3f} | {r['mean']:.3f} ± {r['stddev']:.3f} | "
                 f"{r['min']:.3f}–{r['max']:.3f} | {size / r['median']:.1f} | {rss:.0f} | {budget:.0f} | {r['diags']} |")
    verdicts.append((f"peak memory under 4 × input + 50 MB at {r['n']:,}", rss < budget, f"{rss:.0f} MB of {budget:.0f} MB"))
    verdicts.append((f"at least 20 MB/s at {r['n']:,}", size / r["median"] >= 20, f"{size / r['median']:.1f} MB/s"))
if 10000 in by_n:
    verdicts.insert(0, ("10,000 campaigns in under 1 s", by_n[10000]["median"] < 1.0, f"{by_n[10000]['median']:.3f} s"))
if 10000 in by_n and 100000 in by_n:
    ratio = by_n[100000]["median"] / by_n[10000]["median"]
    verdicts.insert(1, ("100,000 costs at most 12 × 10,000", ratio <= 12, f"{ratio:.1f} ×"))
lines.append("")
lines.append("| target | met | measured |")
lines.append("|---|---|---|")
for name, ok, got in verdicts:
    lines.append(f"| {name} | {'yes' if ok else '**no**'} | {got} |")
try:
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
except OSError:
    rev = "?"
lines.append("")
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
lines.append(f"Measured by `bench/run.sh` at commit `{rev}` on {os.cpu_count()} × {cpu()} "
             f"(load average {' / '.join(load)} when the table was written), "
             f"`mopsc check --today 2026-11-24 --color never DIR` (human format), hyperfine with one warm-up run "
             f"(files in the page cache). Targets are judged on the median, which a burst of another process on the "
             f"machine moves least. MB are 10^6 bytes of `.mops` source.")
table = "\n".join(lines)

start, end = "<!-- bench:check:start -->", "<!-- bench:check:end -->"
if os.path.exists(doc):
    text = open(doc).read()
else:
    text = "# Performance\n"
if start in text and end in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{table}\n{end}", text, flags=re.S)
else:
    text = text.rstrip("\n") + f"\n\n## Checking at scale\n\n{start}\n{table}\n{end}\n"
open(doc, "w").write(text)
print(table)
missed = [v for v in verdicts if not v[1]]
if missed:
    print("bench: missed: " + "; ".join(f"{n} ({g})" for n, _, g in missed), file=sys.stderr)
EOF
