#!/usr/bin/env bash
# Installs the extension's locked dependencies and runs the grammar test.
set -euo pipefail
cd "$(dirname "$0")/.." && npm ci --no-audit --no-fund >/dev/null && node test/grammar.test.js
