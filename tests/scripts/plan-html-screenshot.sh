#!/usr/bin/env bash
# `mopsc plan --format html` (the campaign calendar) must render in a real
# browser: headless Chromium (Debian's `chromium`) takes a desktop and a
# phone-sized screenshot of the examples' calendar and prints it to PDF.
# Each must exist and be more than a blank page, and the DOM Chromium built
# must hold the time line and every campaign. The screenshots are kept (in
# OUT_DIR, default target/screenshots) for CI to keep as artifacts.
# Usage: tests/scripts/plan-html-screenshot.sh [OUT_DIR]  (MOPSC=path/to/mopsc)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/scripts/chromium-common.sh
source tests/scripts/chromium-common.sh plan-html

out=${1:-${CARGO_TARGET_DIR:-target}/screenshots}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
html="$work/calendar.html"

"$bin" plan examples --today 2026-11-24 --format html -o "$html"

# No network: the page is self-contained, and the browser is told not to
# phone home either.
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}
chrome --screenshot="$out/plan-calendar.png" --window-size=1280,2400 "file://$html" >/dev/null
chrome --screenshot="$out/plan-calendar-phone.png" --window-size=390,2400 "file://$html" >/dev/null
chrome --print-to-pdf="$out/plan-calendar.pdf" --no-pdf-header-footer "file://$html" >/dev/null
chrome --dump-dom "file://$html" >"$work/dom.html"

passed=0
failed=0
check() { # name, condition message
  if eval "$2"; then passed=$((passed + 1)); else echo "plan-html: $1" >&2; failed=$((failed + 1)); fi
}
for f in plan-calendar.png plan-calendar-phone.png plan-calendar.pdf; do
  check "$f was not written or is a blank page" "[ -s '$out/$f' ] && [ \$(stat -c %s '$out/$f') -gt 10240 ]"
done
check "the rendered DOM has no time line" "grep -q 'aria-label=\"Campaign calendar\"' '$work/dom.html'"
for c in $("$bin" plan examples --today 2026-11-24 --format json | sed -n 's/^      "name": "\(.*\)",$/\1/p'); do
  check "campaign $c is not on the rendered page" "grep -q '<h2>$c</h2>' '$work/dom.html'"
done
echo "plan-html: $passed passed, $failed failed (screenshots in $out)"
[ "$failed" -eq 0 ]
