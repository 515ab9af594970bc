#!/usr/bin/env bash
# Bounded smoke run of every fuzz target: build them all once, then run each
# for SECONDS (default 20) with the dictionary and a scratch copy of its seed
# corpus, failing on the first crash. Prints each target's final
# "#N DONE cov: ... ft: ..." line.
#
# usage: fuzz/smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}

command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked

cargo fuzz build

scratch=target/smoke-corpus
failed=()
for target in $(cargo fuzz list); do
  # A scratch corpus: libFuzzer writes what it finds into the first
  # directory, so the committed seeds stay as they are.
  rm -rf "$scratch/$target"
  mkdir -p "$scratch/$target"
  if [ -d "corpus/$target" ]; then
    cp -r "corpus/$target/." "$scratch/$target/"
  fi
  log="$scratch/$target.log"
  printf '%-20s ' "$target"
  if cargo fuzz run "$target" "$scratch/$target" -- \
      -dict=dict/smtp.dict -max_total_time="$seconds" > "$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || echo "(no DONE line)"
  else
    echo "FAILED (log: fuzz/$log)"
    grep -E 'panicked at|SUMMARY|Test unit written' "$log" | head -5 || true
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]}" >&2
  exit 1
fi
