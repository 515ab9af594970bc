#!/bin/bash -eu
# Run by ClusterFuzzLite inside the image .clusterfuzzlite/Dockerfile builds,
# with $SRC and $OUT set. The real script is shared with OSS-Fuzz and is run
# by .ci/run too: every target, its dictionary and its seed corpus into $OUT.
bash "$SRC/smtp-codec/fuzz/oss-fuzz/build.sh"
