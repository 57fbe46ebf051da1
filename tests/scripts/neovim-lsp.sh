#!/usr/bin/env bash
# A real editor client against `mopsc lsp`: headless Neovim with its built-in
# LSP client (configured by editors/neovim/mops.lua) opens
# tests/fixtures/lsp/launch.mops and checks that diagnostics, hover,
# definition, completion, formatting and document symbols come back.
# Installs Debian's neovim when it is missing. Prints
# `neovim-lsp: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

if ! command -v nvim >/dev/null 2>&1; then
  echo "== installing neovim"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null
fi

bin=${MOPSC:-}
if [ -z "$bin" ]; then
  target=${CARGO_TARGET_DIR:-target}
  [ -x "$target/debug/mopsc" ] || cargo build --quiet
  bin="$target/debug/mopsc"
fi
bin=$(realpath "$bin")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/fixtures/lsp/* "$work/"

log="$work/nvim.log"
status=0
MOPS_REPO="$repo" MOPSC="$bin" MOPS_WS="$work" MOPS_TODAY=2026-11-24 \
  timeout 120 nvim --headless --clean -u NONE -i NONE -n \
  -c "luafile $repo/tests/scripts/neovim-lsp.lua" >"$log" 2>&1 </dev/null || status=$?
# headless Neovim ends its lines with \r\n and the last one with nothing
tr -d '\r' <"$log"
echo
if [ "$status" -ne 0 ] || ! grep -q "neovim-lsp: [0-9]* passed, 0 failed" "$log"; then
  echo "neovim-lsp: failed (nvim exit status $status)" >&2
  exit 1
fi
