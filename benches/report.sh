#!/usr/bin/env bash
# Runs the whole criterion suite and the allocation report, then prints one
# markdown table: path, smtp-codec, the peer (Stalwart smtp-proto 0.2),
# ratio, allocations per operation.
#   benches/report.sh              # full run
#   benches/report.sh --quick      # shorter measurement (noisier)
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [ "${1:-}" = "--quick" ]; then
  args=(-- --warm-up-time 1 --measurement-time 2)
fi
cargo bench -p smtp-benches --benches "${args[@]}" >&2
cargo run --quiet --release -p smtp-benches --example alloc_report > target/alloc_report.tsv
python3 benches/report.py target/alloc_report.tsv
