#!/usr/bin/env bash
# `mopsc check --format sarif` must pass Microsoft's SARIF validator (the
# JSON schema, the SARIF rules and GitHub code scanning's rules) with no
# error: for the examples, the output-format fixture and every error fixture,
# and for `check --data` on the examples and the data-quality fixture.
#
# Installs @microsoft/sarif-multitool (a self-contained .NET binary shipped in
# the npm package) into a cache directory the first time. 4.x crashes in
# `validate` on Linux (empty Assembly.Location in the single-file build); 5.7.0
# works.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MOPSC:-target/debug/mopsc}
version=5.7.0
cache=${MOPSC_SARIF_CACHE:-$HOME/.cache/mopsc-sarif}/$version
tool=$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

if [ ! -x "$bin" ]; then
  echo "sarif: $bin not found (build it first, or set MOPSC)" >&2
  exit 1
fi
if [ ! -f "$tool" ]; then
  echo "== installing @microsoft/sarif-multitool@$version into $cache"
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --prefix "$cache" "@microsoft/sarif-multitool@$version" >/dev/null
fi
# npm may skip the package's postinstall (chmod u+x)
[ -x "$tool" ] || chmod u+x "$tool"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MOPS_TODAY=2026-11-24

inputs=(examples examples/section9 tests/fixtures/outputs tests/fixtures/errors/*)
n=0
for input in "${inputs[@]}"; do
  n=$((n + 1))
  out="$work/$n-$(basename "$input" .mops).sarif"
  set +e
  "$bin" check --format sarif --color never "$input" >"$out"
  code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "sarif: mopsc check $input exited $code" >&2
    exit 1
  fi
done
# and the data checks (`check --data`): the examples, and the fixture that breaks every DQ code
for input in examples tests/fixtures/data/quality; do
  n=$((n + 1))
  out="$work/$n-data-$(basename "$input").sarif"
  set +e
  "$bin" check --data --format sarif --color never "$input" >"$out"
  code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "sarif: mopsc check --data $input exited $code" >&2
    exit 1
  fi
done

# Validate every file in one run; the validator's own log is SARIF too.
(cd "$work" && "$tool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" -o "$work/validation.log.sarif" ./*.sarif) \
  >"$work/validator.out" 2>&1 || {
  cat "$work/validator.out" >&2
  echo "sarif: the validator failed to run" >&2
  exit 1
}
if [ ! -s "$work/validation.log.sarif" ]; then
  cat "$work/validator.out" >&2
  echo "sarif: the validator wrote no log" >&2
  exit 1
fi

# Count validated files with an error; print every error and warning.
node - "$work/validation.log.sarif" "$n" <<'EOF'
const fs = require('fs');
const [log, total] = [JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), Number(process.argv[3])];
const failed = new Set();
let warnings = 0;
for (const run of log.runs) {
  const rules = (run.tool.driver.rules || []).concat(...(run.tool.extensions || []).map((e) => e.rules || []));
  for (const r of run.results || []) {
    const loc = r.locations?.[0]?.physicalLocation;
    const file = (loc?.artifactLocation?.uri || '?').replace(/^.*\//, '');
    const rule = rules.find((x) => x.id === r.ruleId);
    let text = r.message.text;
    if (!text && rule) {
      const template = rule.messageStrings?.[r.message.id]?.text || '';
      text = template.replace(/\{(\d+)\}/g, (_, i) => (r.message.arguments || [])[i] ?? '');
    }
    console.log(`${file}: ${r.level} ${r.ruleId}: ${text || JSON.stringify(r.message)}`);
    if (r.level === 'error') failed.add(file);
    else warnings += 1;
  }
  for (const n of run.invocations?.flatMap((i) => i.toolExecutionNotifications || []) || []) {
    if (n.level === 'error') {
      console.log(`validator: ${n.message.text}`);
      failed.add('(validator)');
    }
  }
}
const passed = total - Math.min(total, failed.size);
if (warnings > 0) console.log(`sarif: ${warnings} warning(s) (not failures)`);
console.log(`sarif: ${passed} passed, ${failed.size} failed`);
process.exit(failed.size > 0 ? 1 : 0);
EOF
