#!/usr/bin/env bash
# The `send_async` example against the `sink` example over loopback, with
# STARTTLS required (a throwaway certificate), by DATA and by BDAT: both
# messages are stored, byte for byte as the DATA encoder canonicalises them.
#
# usage: interop/send_async_sink.sh EXAMPLES_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
examples=$1

dir=$(mktemp -d)
sink_pid=
stop() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null && wait "$sink_pid" 2> /dev/null
  rm -rf "$dir"
}
trap stop EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:localhost \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2> /dev/null
"$examples/sink" --listen 127.0.0.1:0 --maildir "$dir/mail" \
  --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" > "$dir/sink.out" 2> "$dir/sink.err" &
sink_pid=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$dir/sink.out" 2> /dev/null && break
  sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$dir/sink.out" | head -1)
[ -n "$addr" ] || { echo "send_async interop: the sink did not start"; cat "$dir/sink.err"; exit 1; }

message=$'Subject: async\n\nHello sink.\n.a line that starts with a dot\n'
expected=$'Subject: async\r\n\r\nHello sink.\r\n.a line that starts with a dot\r\n'
for mode in data bdat; do
  flags=()
  [ "$mode" = bdat ] && flags=(--bdat)
  if ! printf '%s' "$message" | timeout 30 "$examples/send_async" --server "$addr" \
      --from a@example.com --to b@example.com --tls-ca "$dir/cert.pem" --require-tls \
      "${flags[@]}" > "$dir/$mode.log" 2>&1; then
    echo "send_async interop: $mode: FAILED"; cat "$dir/$mode.log"; exit 1
  fi
  grep -q -- '-- TLS established' "$dir/$mode.log" || { echo "send_async interop: $mode: no TLS"; exit 1; }
  [ "$mode" = bdat ] && { grep -q '^C: BDAT' "$dir/$mode.log" || { echo "send_async interop: no BDAT"; exit 1; }; }
done
count=0
for eml in "$dir"/mail/new/*.eml; do
  [ "$(cat "$eml"; echo x)" = "${expected}x" ] || { echo "send_async interop: $eml differs"; exit 1; }
  count=$((count + 1))
done
[ "$count" = 2 ] || { echo "send_async interop: $count messages stored, expected 2"; exit 1; }
echo "send_async interop: ok (STARTTLS, DATA and BDAT, 2 messages stored byte for byte)"
