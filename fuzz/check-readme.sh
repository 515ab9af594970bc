#!/usr/bin/env bash
# Fails unless fuzz/README.md lists exactly the targets `cargo fuzz list`
# prints. The README's list items have the form "- `target_name`: description".
set -euo pipefail
cd "$(dirname "$0")"

listed=$(sed -n 's/^- `\([A-Za-z0-9_-]*\)`: .*/\1/p' README.md | sort)
actual=$(cargo fuzz list | sort)

if [ "$listed" != "$actual" ]; then
  echo "fuzz/README.md and \`cargo fuzz list\` disagree (< README, > cargo fuzz list):" >&2
  diff <(printf '%s\n' "$listed") <(printf '%s\n' "$actual") >&2 || true
  exit 1
fi
echo "fuzz/README.md lists the $(printf '%s\n' "$actual" | wc -l) targets of cargo fuzz list"
