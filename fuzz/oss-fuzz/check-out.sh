#!/usr/bin/env bash
# Fails unless OUT (as fuzz/oss-fuzz/build.sh left it) holds, for every
# target `cargo fuzz list` prints: an executable <target>, <target>.dict equal
# to dict/smtp.dict, and <target>_seed_corpus.zip holding exactly the files of
# corpus/<target>/; then runs each binary once over its unzipped seeds with
# its dictionary (-runs=0: load, execute every seed, stop), as a runner would.
#
# usage: fuzz/oss-fuzz/check-out.sh OUT
set -euo pipefail
out=$(cd "${1:?usage: check-out.sh OUT}" && pwd)
cd "$(dirname "$0")/.."

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
count=0
for target in $(cargo fuzz list); do
  count=$((count + 1))
  problem=""
  if [ ! -x "$out/$target" ]; then
    problem="no executable $target"
  elif ! cmp -s dict/smtp.dict "$out/$target.dict"; then
    problem="$target.dict missing or not dict/smtp.dict"
  elif [ ! -d "corpus/$target" ]; then
    problem="no seed directory fuzz/corpus/$target"
  elif ! python3 - "corpus/$target" "$out/${target}_seed_corpus.zip" "$scratch/$target" <<'PY'
import os, sys, zipfile
src, archive, dest = sys.argv[1:]
want = {n: open(os.path.join(src, n), "rb").read()
        for n in os.listdir(src) if os.path.isfile(os.path.join(src, n))}
try:
    with zipfile.ZipFile(archive) as z:
        got = {n: z.read(n) for n in z.namelist()}
except (OSError, zipfile.BadZipFile) as e:
    sys.exit(f"{archive}: {e}")
if got != want:
    sys.exit(f"{archive}: entries differ from {src} "
             f"(missing {sorted(set(want) - set(got))}, extra {sorted(set(got) - set(want))})")
os.makedirs(dest)
for n, data in got.items():
    open(os.path.join(dest, n), "wb").write(data)
PY
  then
    problem="${target}_seed_corpus.zip is not the seed directory"
  elif ! "$out/$target" -runs=0 -dict="$out/$target.dict" "$scratch/$target" \
      > "$scratch/$target.log" 2>&1 \
      || ! grep -q 'INITED' "$scratch/$target.log"; then
    problem="$target did not run its seeds: $(tail -3 "$scratch/$target.log")"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $problem" >&2
    failed=1
  else
    seeds=$(find "$scratch/$target" -type f | wc -l)
    echo "ok   $target, $target.dict, ${target}_seed_corpus.zip ($seeds seeds run)"
  fi
done
if [ "$count" -eq 0 ]; then
  echo "cargo fuzz list printed no targets" >&2
  exit 1
fi
exit "$failed"
