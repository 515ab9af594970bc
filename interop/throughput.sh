#!/usr/bin/env bash
# Throughput against real receivers, all in one run: Postfix's smtp-source
# sends 20 000 messages of 2 KiB over 20 concurrent sessions (-d: each
# session stays connected) into
#   - this sink, storing with fsync (the default),
#   - this sink with --no-fsync,
#   - Postfix's smtp-sink (discarding),
#   - aiosmtpd's Sink handler (discarding).
# Prints messages per second and the receiver's peak RSS (/usr/bin/time -v)
# as a Markdown table, and checks that the sink stored every message.
#
# Usage: interop/throughput.sh [MESSAGES] [SESSIONS]. Needs the release
# sink (built here), smtp-source and smtp-sink (Debian package postfix; the
# service is not started), /usr/bin/time and aiosmtpd in the interop venv.
set -euo pipefail
cd "$(dirname "$0")/.."

messages=${1:-20000}
sessions=${2:-20}
size=2048
venv=target/interop-venv
work=target/interop-throughput
rm -rf "$work"
mkdir -p "$work"

cargo build --quiet --release -p smtp-sansio-codec --example sink
sink=target/release/examples/sink

free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() { # port: wait (at most 10 s) until something listens
  for _ in $(seq 100); do
    if "$venv/bin/python" -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),1).close()" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# run NAME PORT COMMAND...: starts the receiver under /usr/bin/time -v,
# runs smtp-source against it, stops it with SIGTERM, appends a row.
run() {
  local name=$1 port=$2
  shift 2
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" &
  local timer=$!
  wait_port "$port"
  local start end
  start=$(date +%s.%N)
  timeout 300 /usr/sbin/smtp-source -s "$sessions" -m "$messages" -l "$size" -d \
    -f sender@example.com -t rcpt@example.com "127.0.0.1:$port"
  end=$(date +%s.%N)
  local child
  child=$(pgrep -P "$timer" || true)
  [ -n "$child" ] && kill -TERM "$child"
  wait "$timer" || true
  local rss
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time")
  awk -v name="$name" -v s="$start" -v e="$end" -v m="$messages" -v rss="$rss" \
    'BEGIN { t = e - s; printf "| %s | %d | %.2f s | %.0f | %.1f MB |\n", name, m, t, m / t, rss / 1024 }' \
    >> "$work/table.md"
}

smtp_sink_user=()
[ "$(id -u)" = 0 ] && smtp_sink_user=(-u nobody)

printf '| receiver | messages | time | messages/s | peak RSS |\n|---|---|---|---|---|\n' > "$work/table.md"

port=$(free_port)
run "sink (fsync)" "$port" "$sink" --listen "127.0.0.1:$port" --maildir "$work/mail-fsync"
port=$(free_port)
run "sink --no-fsync" "$port" "$sink" --listen "127.0.0.1:$port" --maildir "$work/mail-nofsync" --no-fsync
port=$(free_port)
run "smtp-sink (discards)" "$port" /usr/sbin/smtp-sink "${smtp_sink_user[@]}" -c "127.0.0.1:$port" 256
port=$(free_port)
run "aiosmtpd (discards)" "$port" "$venv/bin/python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink

for dir in mail-fsync mail-nofsync; do
  stored=$(find "$work/$dir/new" -name '*.env' | wc -l)
  left=$(find "$work/$dir/tmp" -type f | wc -l)
  if [ "$stored" != "$messages" ] || [ "$left" != 0 ]; then
    echo "throughput: $dir stored $stored of $messages messages, $left files left in tmp/" >&2
    exit 1
  fi
done
cat "$work/table.md"
rm -rf "$work/mail-fsync" "$work/mail-nofsync"
echo "throughput: ok (smtp-source -s $sessions -m $messages -l $size -d)"
