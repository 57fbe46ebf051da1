#!/usr/bin/env bash
# mopsc on the team's data against the tools a data team would use instead
# (issue 21): in one run, on the same generated touches and leads
# (bench/data/gen.py), times and peak memory (/usr/bin/time -v) of
#
#   mopsc attribute --model all   on sqlite and on duckdb (CSV, and Parquet where the engine reads it)
#   mopsc score                   on sqlite and on duckdb
#   mopsc check --data            on sqlite (and duckdb when check --data takes --engine)
#   marketing-attribution-models 2.1.1: the journeys built in Polars, then its seven models
#   ChannelAttribution 2.2.5: the paths built in Polars, then its Markov model
#
# checks that mopsc's credits agree with MAM's on the same data (so the
# comparison is of the same work), and writes the table, the ratios and the
# verdict on each target into docs/performance.md (between the bench:data
# markers).
#
#   bash bench/data/run.sh                           # build the release binary, 100k, 1m and 10m touches
#   BENCH_SIZES="100k 1m" bash bench/data/run.sh
#   MOPSC=path/to/mopsc BENCH_DIR=/tmp/d bash bench/data/run.sh
#   CARGO_LOCK=/tmp/mopsc-cargo.lock …               # build under `flock` (a shared machine)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
sizes=${BENCH_SIZES:-100k 1m 10m}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/mopsc-bench-data}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci
VENV=$CACHE/bench-venv
PY=$VENV/bin/python
today=2026-12-01

[ -x /usr/bin/time ] || {
  echo "== installing time"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time) >/dev/null
}
if [ ! -x "$PY" ] || ! "$PY" -c "import mam, polars, ChannelAttribution" 2>/dev/null || [ ! -x "$VENV/bin/duckdb" ]; then
  echo "== creating $VENV"
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  # ChannelAttribution imports matplotlib without declaring it
  "$VENV/bin/pip" install -q "marketing-attribution-models==2.1.1" polars numpy duckdb-cli \
    "ChannelAttribution==2.2.5" matplotlib
fi
DUCKDB=$VENV/bin/duckdb

if [ -z "${MOPSC:-}" ]; then
  echo "== cargo build --release"
  ${CARGO_LOCK:+flock "$CARGO_LOCK"} cargo build --release --quiet
  MOPSC=${CARGO_TARGET_DIR:-target}/release/mopsc
fi
bin=$(cd "$(dirname "$MOPSC")" && pwd)/$(basename "$MOPSC")
# check --data on duckdb where this build has it
check_duck=no
"$bin" check --help 2>/dev/null | grep -q -- '--engine' && check_duck=yes

mkdir -p "$dir"
stamp=$(cat bench/data/gen.py | sha256sum | cut -c1-16)
results=$dir/results.tsv
: >"$results"

# measure SIZE NAME CMD…: one run under /usr/bin/time -v; a row of the results
measure() {
  local n=$1 name=$2
  shift 2
  local log=$dir/$n/$name.time code=0
  echo "   $name"
  /usr/bin/time -v "$@" >"$dir/$n/$name.out" 2>"$log" || code=$?
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$wall" "$rss" "$code" >>"$results"
}

for n in $sizes; do
  w=$dir/$n
  if [ "$(cat "$w/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== generating $n touches in $w"
    rm -rf "$w"
    "$PY" bench/data/gen.py "$n" "$w"
    echo "$stamp" >"$w/.stamp"
  fi
  touches=$(($(wc -l <"$w/csv/data/touches.csv") - 1))
  leads=$(($(wc -l <"$w/csv/data/leads.csv") - 1))
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "size" "$touches" "$leads" 0 >>"$results"
  echo "== $n: $touches touches, $leads leads"
  attr=(attribute --today "$today" --model all --by channel --format json)
  measure "$n" attribute-sqlite "$bin" "${attr[@]}" --engine sqlite -o "$w/attr-sqlite.json" "$w/csv"
  measure "$n" attribute-duckdb "$bin" "${attr[@]}" --engine duckdb --duckdb "$DUCKDB" -o "$w/attr-duckdb.json" "$w/csv"
  measure "$n" attribute-duckdb-parquet "$bin" "${attr[@]}" --engine duckdb --duckdb "$DUCKDB" \
    -o "$w/attr-duckdb-parquet.json" "$w/parquet"
  measure "$n" attribute-sqlite-parquet "$bin" "${attr[@]}" --engine sqlite -o "$w/attr-sqlite-parquet.json" "$w/parquet"
  sc=(score --today "$today" --format csv)
  measure "$n" score-sqlite "$bin" "${sc[@]}" --engine sqlite -o "$w/score-sqlite.csv" "$w/csv"
  measure "$n" score-duckdb "$bin" "${sc[@]}" --engine duckdb --duckdb "$DUCKDB" -o "$w/score-duckdb.csv" "$w/csv"
  ck=(check --today "$today" --data --color never --format short)
  if [ "$check_duck" = yes ]; then
    measure "$n" check-data-sqlite "$bin" "${ck[@]}" --engine sqlite "$w/csv"
    measure "$n" check-data-duckdb "$bin" "${ck[@]}" --engine duckdb --duckdb "$DUCKDB" "$w/csv"
  else
    measure "$n" check-data-sqlite "$bin" "${ck[@]}" "$w/csv"
  fi
  measure "$n" mam "$PY" bench/data/peers.py mam "$w/csv/data/touches.csv" "$w/mam.json"
  measure "$n" channelattribution "$PY" bench/data/peers.py ca "$w/csv/data/touches.csv" "$w/ca.json"
  # the same work: mopsc's credits (every engine, every format it ran) equal MAM's
  outs=()
  for f in attr-sqlite attr-duckdb attr-duckdb-parquet attr-sqlite-parquet; do
    [ -s "$w/$f.json" ] && outs+=("$w/$f.json")
  done
  "$PY" bench/data/peers.py compare "$w/mam.json" "${outs[@]}" | tee "$w/compare.txt"
  cmp -s "$w/score-sqlite.csv" "$w/score-duckdb.csv" || {
    echo "bench: scores differ between sqlite and duckdb at $n" >&2
    exit 1
  }
done

"$PY" - "$results" "$dir" "$root/docs/performance.md" "$check_duck" <<'EOF'
import json, os, platform, re, subprocess, sys

results, dir_, doc, check_duck = sys.argv[1:5]
rows = {}
sizes = []
for line in open(results):
    n, name, wall, rss, code = line.rstrip("\n").split("\t")
    if n not in sizes:
        sizes.append(n)
    rows[(n, name)] = (float(wall), int(rss), int(code))

def cpu():
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"

def fmt_s(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"

def mb(kb):
    return f"{kb / 1024:,.0f}"

peers = {n: json.load(open(os.path.join(dir_, n, "mam.json"))) for n in sizes}
ca = {n: json.load(open(os.path.join(dir_, n, "ca.json"))) for n in sizes}
lines = []
head = "| | " + " | ".join(f"{n} touches: time (s) | peak RSS (MB) | MAM ÷ this" for n in sizes) + " |"
lines.append(head)
lines.append("|---|" + "---:|---:|---:|" * len(sizes))
lines.append("| touches / leads | " + " | ".join(
    f"{int(rows[(n, 'size')][0]):,} / {rows[(n, 'size')][1]:,} | | " for n in sizes) + " |")

def mam_total(n):
    return peers[n]["times"]["total"]

ran = {}
def row(label, name, ok_codes=(0,)):
    cells = []
    for n in sizes:
        r = rows.get((n, name))
        if r is None:
            cells.append("not run | | ")
        elif r[2] not in ok_codes:
            cells.append(f"fails (exit {r[2]}) | | ")
        else:
            ran[(n, name)] = r
            cells.append(f"{fmt_s(r[0])} | {mb(r[1])} | {mam_total(n) / r[0]:.1f} ×")
    lines.append(f"| {label} | " + " | ".join(cells) + " |")

row("`mopsc attribute --model all`, sqlite, CSV", "attribute-sqlite")
row("`mopsc attribute --model all`, duckdb, CSV", "attribute-duckdb")
row("`mopsc attribute --model all`, duckdb, Parquet", "attribute-duckdb-parquet")
row("`mopsc attribute --model all`, sqlite, Parquet", "attribute-sqlite-parquet")
row("`mopsc score`, sqlite", "score-sqlite")
row("`mopsc score`, duckdb", "score-duckdb")
# check exits 1 when it reports an error-level finding
row("`mopsc check --data`, sqlite", "check-data-sqlite", (0, 1))
if check_duck == "yes":
    row("`mopsc check --data`, duckdb", "check-data-duckdb", (0, 1))
def peer_row(label, f):
    lines.append(f"| {label} | " + " | ".join(f"{fmt_s(f(n))} | | {mam_total(n) / f(n):.1f} ×" for n in sizes) + " |")
peer_row("MAM 2.1.1: journeys built in Polars", lambda n: peers[n]["times"]["journeys"])
peer_row("MAM 2.1.1: its seven models (on the journeys)", lambda n: peers[n]["times"]["models"])
lines.append("| **MAM 2.1.1: journeys + models** (the process) | " + " | ".join(
    f"**{fmt_s(mam_total(n))}** ({fmt_s(rows[(n, 'mam')][0])}) | {mb(rows[(n, 'mam')][1])} | 1.0 ×" for n in sizes) + " |")
peer_row("ChannelAttribution 2.2.5: paths in Polars", lambda n: ca[n]["times"]["paths"])
peer_row("ChannelAttribution 2.2.5: Markov (simulated)", lambda n: ca[n]["times"]["markov"])
lines.append("| ChannelAttribution 2.2.5: paths + Markov (the process) | " + " | ".join(
    f"{fmt_s(ca[n]['times']['total'])} ({fmt_s(rows[(n, 'channelattribution')][0])}) | "
    f"{mb(rows[(n, 'channelattribution')][1])} | {mam_total(n) / ca[n]['times']['total']:.1f} ×" for n in sizes) + " |")
lines.append("")
lines.append("MAM's models, one by one (s): " + "; ".join(
    f"{n}: " + ", ".join(f"{k} {peers[n]['times'][k]:.2f}" for k in
                         ["preprocess", "first-touch", "last-touch", "linear", "position-based", "time-decay",
                          "markov", "shapley"]) for n in sizes) + ".")
lines.append("")
for n in sizes:
    c = open(os.path.join(dir_, n, "compare.txt")).read().strip()
    lines.append(f"- {n}: {c}.")
lines.append("")

verdicts = []
def target(name, ok, got):
    verdicts.append((name, ok, got))

if "1m" in sizes:
    s = ran.get(("1m", "attribute-sqlite"))
    if s:
        target("1M touches: `attribute --model all` on the default engine (sqlite) ahead of MAM (journeys + models)",
               s[0] < mam_total("1m"), f"{fmt_s(s[0])} s against {fmt_s(mam_total('1m'))} s: {mam_total('1m') / s[0]:.2f} ×")
    d = ran.get(("1m", "attribute-duckdb"))
    if d:
        target("1M touches: at least 3 × ahead of MAM with duckdb (CSV)",
               mam_total("1m") / d[0] >= 3, f"{fmt_s(d[0])} s: {mam_total('1m') / d[0]:.2f} ×")
    dp = ran.get(("1m", "attribute-duckdb-parquet"))
    if dp:
        target("1M touches: at least 3 × ahead of MAM with duckdb (Parquet)",
               mam_total("1m") / dp[0] >= 3, f"{fmt_s(dp[0])} s: {mam_total('1m') / dp[0]:.2f} ×")
    cd = ran.get(("1m", "check-data-duckdb"))
    cs = ran.get(("1m", "check-data-sqlite"))
    if cd:
        target("1M touches: `check --data` under 10 s with duckdb", cd[0] < 10, f"{fmt_s(cd[0])} s")
    elif cs:
        target("1M touches: `check --data` under 10 s with duckdb", False,
               f"not measured: this build's check --data runs on sqlite only ({fmt_s(cs[0])} s there)")
if "10m" in sizes:
    for name, label in [("attribute-sqlite", "sqlite"), ("attribute-duckdb", "duckdb")]:
        r = ran.get(("10m", name))
        if r:
            target(f"10M touches complete with peak memory under 2 GB ({label})", r[1] < 2 * 1024 * 1024,
                   f"{fmt_s(r[0])} s, {mb(r[1])} MB")
lines.append("| target | met | measured |")
lines.append("|---|---|---|")
for name, ok, got in verdicts:
    lines.append(f"| {name} | {'yes' if ok else '**no**'} | {got} |")
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
duck = subprocess.run([os.path.join(os.path.dirname(sys.executable), "duckdb"), "-version"], capture_output=True,
                      text=True).stdout.strip()
lines.append("")
lines.append(f"Measured by `bench/data/run.sh` at commit `{rev}` on {os.cpu_count()} × {cpu()} (load average "
             f"{' / '.join(load)} when the table was written), DuckDB {duck}, one run of each command. mopsc's "
             f"times are the process's wall time (checking the workspace, loading the files, the queries, the "
             f"solves, writing the report); MAM's and ChannelAttribution's are their phases timed inside the "
             f"process, reading the CSV included (the process's wall time, Python's start and imports included, "
             f"in brackets). Peak RSS is `/usr/bin/time -v`'s maximum resident set size: for the duckdb engine the "
             f"largest of mopsc and the `duckdb` processes it runs.")
table = "\n".join(lines)
start, end = "<!-- bench:data:start -->", "<!-- bench:data:end -->"
text = open(doc).read()
if start in text and end in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{table}\n{end}", text, flags=re.S)
else:
    text = text.rstrip("\n") + f"\n\n## The data plane at scale (issue 21)\n\n{start}\n{table}\n{end}\n"
open(doc, "w").write(text)
print(table)
missed = [v for v in verdicts if not v[1]]
if missed:
    print("bench: missed: " + "; ".join(f"{n} ({g})" for n, _, g in missed), file=sys.stderr)
EOF
