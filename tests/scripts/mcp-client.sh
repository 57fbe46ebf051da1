#!/usr/bin/env bash
# Drive `mopsc mcp` with a real MCP client: the official Python SDK (PyPI
# `mcp`), installed into a virtual environment cached outside the clone.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mopsc-ci"
venv="$cache/mcp-venv"
if ! "$venv/bin/python" -c "import mcp" 2>/dev/null; then
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "mcp>=2,<3"
fi
cargo build --quiet --bin mopsc
"$venv/bin/python" tests/scripts/mcp_client.py "${CARGO_TARGET_DIR:-$PWD/target}/debug/mopsc" "$PWD/examples"
