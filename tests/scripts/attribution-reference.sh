#!/usr/bin/env bash
# mopsc attribute against references nobody here wrote: PyPI
# marketing-attribution-models 2.1.1 and ChannelAttribution, in a virtual
# environment cached outside the clone, on touches generated
# deterministically by tests/scripts/attribution_reference.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci
VENV=$CACHE/attribution-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import mam" 2>/dev/null; then
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "marketing-attribution-models==2.1.1"
  # ChannelAttribution imports matplotlib without declaring it
  "$VENV/bin/pip" install -q "ChannelAttribution==2.2.5" matplotlib \
    || echo "ChannelAttribution did not install; its comparisons are skipped"
fi
cargo build --quiet
BIN=${CARGO_TARGET_DIR:-target}/debug/mopsc
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$VENV/bin/python" tests/scripts/attribution_reference.py "$BIN" "$WORK"
