#!/usr/bin/env bash
# `mopsc audit --format html` must render in a real browser: headless
# Chromium (Debian's `chromium`) takes a screenshot of the examples' report,
# which must exist and be more than a blank page (over 10 KB).
# Usage: tests/scripts/audit-html-screenshot.sh [OUT.png]  (MOPSC=path/to/mopsc)
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/scripts/chromium-common.sh
source tests/scripts/chromium-common.sh audit-html

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
html="$work/audit.html"
png=${1:-$work/audit.png}

"$bin" audit examples --today 2026-11-24 --format html -o "$html"

# No network: the report is self-contained, and the browser is told not to
# phone home either.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$png" --window-size=1280,2000 "file://$html" >/dev/null 2>&1

if [ ! -s "$png" ]; then
  echo "audit-html: no screenshot was written" >&2
  echo "audit-html: 0 passed, 1 failed"
  exit 1
fi
size=$(stat -c %s "$png")
if [ "$size" -le 10240 ]; then
  echo "audit-html: the screenshot is only $size bytes (a blank page?)" >&2
  echo "audit-html: 0 passed, 1 failed"
  exit 1
fi
echo "audit-html: 1 passed, 0 failed"
