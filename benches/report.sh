#!/usr/bin/env bash
# Runs the whole criterion suite, the allocation report and the instruction
# counts, then prints two markdown tables: wall-clock (path, smtp-codec,
# Stalwart's smtp-proto 0.2 and mailrs-smtp-proto 1 with their ratios,
# allocations per operation) and instructions per operation (callgrind,
# the same paths, the peers' ratios).
#   benches/report.sh                  # full run
#   benches/report.sh --quick          # shorter criterion measurement (noisier)
#   benches/report.sh [--quick] -- ARGS  # ARGS go to criterion as well (a
#                                      # filter, other times); the
#                                      # instruction table is always whole
# It installs valgrind (apt-get) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
criterion=()
if [ "${1:-}" = "--quick" ]; then
  criterion=(--warm-up-time 1 --measurement-time 2)
  shift
fi
if [ "${1:-}" = "--" ]; then
  shift
  criterion+=("$@")
elif [ $# -gt 0 ]; then
  echo "usage: benches/report.sh [--quick] [-- CRITERION_ARGS...]" >&2
  exit 2
fi

need() { # need COMMAND PACKAGE: install PACKAGE with apt-get unless COMMAND exists
  command -v "$1" >/dev/null && return
  echo "report.sh: $1 is missing; installing $2 with apt-get" >&2
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
}
need python3 python3
need valgrind valgrind

cargo bench -p smtp-benches --benches -- "${criterion[@]}" >&2
cargo run --quiet --release -p smtp-benches --example alloc_report > target/alloc_report.tsv
python3 benches/report.py target/alloc_report.tsv > target/report-wall.md
echo "report.sh: counting instructions under callgrind" >&2
python3 benches/instructions.py > target/report-instructions.md

echo "## Wall clock (criterion)"
echo
cat target/report-wall.md
echo
echo "## Instructions per operation (callgrind)"
echo
cat target/report-instructions.md
