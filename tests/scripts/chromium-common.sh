# Sourced by the *-html-screenshot.sh scripts: the mopsc binary in `bin`
# (MOPSC, else the debug build) and headless Chromium in `browser`
# (Debian's package, installed when absent). $1: the caller's name for errors.
bin=${MOPSC:-${CARGO_TARGET_DIR:-target}/debug/mopsc}
if [ ! -x "$bin" ]; then
  echo "$1: no mopsc binary at $bin (run cargo build, or set MOPSC)" >&2
  exit 1
fi
browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "== installing chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  browser=chromium
fi
