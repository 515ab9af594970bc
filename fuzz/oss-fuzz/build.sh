#!/usr/bin/env bash
# Builds every fuzz target for OSS-Fuzz / ClusterFuzzLite and lays out $OUT
# the way their runners expect:
#
#   $OUT/<target>                   the libFuzzer binary (cargo fuzz build -O)
#   $OUT/<target>.dict              fuzz/dict/smtp.dict
#   $OUT/<target>_seed_corpus.zip   the files of fuzz/corpus/<target>/
#
# The images run it from .clusterfuzzlite/build.sh (or OSS-Fuzz's
# projects/<name>/build.sh) with their own nightly and $OUT; `.ci/run` runs
# it with OUT set to a scratch directory and checks what arrives.
#
# -O is release mode; --debug-assertions keeps overflow checks and
# debug_assert! on while fuzzing. That is also exactly what a plain
# `cargo fuzz build` / `cargo fuzz run` builds, so fuzz/smoke.sh reuses these
# binaries instead of building the targets a second time.
#
# usage: OUT=DIR fuzz/oss-fuzz/build.sh
set -euo pipefail
: "${OUT:?set OUT to the output directory}"
cd "$(dirname "$0")/.."
mkdir -p "$OUT"

cargo fuzz build -O --debug-assertions

target_dir=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="$target_dir/$triple/release"

for target in $(cargo fuzz list); do
  cp "$bin_dir/$target" "$OUT/$target"
  cp dict/smtp.dict "$OUT/$target.dict"
  if [ -d "corpus/$target" ]; then
    # Flat, sorted, fixed timestamps: the same seeds give the same zip.
    python3 - "corpus/$target" "$OUT/${target}_seed_corpus.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
  fi
done
