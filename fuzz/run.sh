#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 600) with corpora seeded from
# the examples and the prelude. Needs cargo-fuzz (`cargo install cargo-fuzz`);
# the stable toolchain accepts its nightly flags with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
targets=${TARGETS:-"parse check format plan lsp"}
export RUSTC_BOOTSTRAP=1
for t in $targets; do
  mkdir -p "corpus/$t"
  cp ../examples/*.mops ../examples/section9/*.mops ../src/prelude.mops ../tests/fixtures/errors/*.mops "corpus/$t/" 2>/dev/null || true
done
# the lsp target's corpus: recorded sessions (framed messages)
mkdir -p corpus/lsp
cp ../tests/fixtures/fuzz-lsp/* corpus/lsp/ 2>/dev/null || true
# build once with the flags `cargo fuzz run` uses (debug assertions on), or run rebuilds everything
cargo fuzz build
for t in $targets; do
  echo "== fuzz $t for ${seconds}s"
  # the language server logs to stderr: silence it (-close_fd_mask=2)
  mask=0; [ "$t" = lsp ] && mask=2
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=$mask 2>&1 | tail -n 5
done
