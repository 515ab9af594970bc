#!/usr/bin/env bash
# The `send` and `send_async` examples against a real MTA: Postfix's smtpd,
# run from a private configuration directory on a loopback port (never the
# system service), discarding what it accepts. Checked from Postfix's own
# log: plain DATA; BDAT when Postfix offers CHUNKING; the fall back to DATA
# when CHUNKING is not offered; STARTTLS with send_async, with DATA and
# with BDAT. Needs root (Postfix's master runs as root); skips with a
# message otherwise, or when the postfix package is not there.
#
# usage: interop/postfix.sh EXAMPLES_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
examples=$1

if [ "$(id -u)" != 0 ] || [ ! -x /usr/sbin/postfix ] || ! id postfix > /dev/null 2>&1; then
  echo "postfix interop: SKIPPED (needs root and Debian's postfix package)"
  exit 0
fi

dir=$(mktemp -d /tmp/smtp-interop-postfix.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  postfix -c "$dir/etc" stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

# Postfix's daemons run as the postfix user: they must reach into it.
chmod 755 "$dir"
mkdir -p "$dir/etc" "$dir/queue" "$dir/data"
chown postfix:postfix "$dir/data"
for file in master.cf dynamicmaps.cf postfix-files; do
  cp "/etc/postfix/$file" "$dir/etc/"
done
for sub in dynamicmaps.cf.d postfix-files.d; do
  [ -d "/etc/postfix/$sub" ] && cp -r "/etc/postfix/$sub" "$dir/etc/"
done
# smtpd on the loopback port only; postlogd for a log file of our own.
sed -i -E "s/^smtp +inet .*/127.0.0.1:$port inet n - n - - smtpd/" "$dir/etc/master.cf"
sed -i -E 's/^#?postlog .*/postlog unix-dgram n - n - 1 postlogd/' "$dir/etc/master.cf"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:localhost \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2> /dev/null
cat > "$dir/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = $dir/etc
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.localhost
mydestination =
mynetworks = 127.0.0.0/8
relay_domains = example.com
default_transport = discard
relay_transport = discard
local_transport = discard
alias_maps =
alias_database =
maillog_file_prefixes = $dir
maillog_file = $dir/maillog
smtpd_tls_cert_file = $dir/cert.pem
smtpd_tls_key_file = $dir/key.pem
smtpd_tls_security_level = may
CONF
if ! postfix -c "$dir/etc" start > "$dir/start.log" 2>&1; then
  echo "postfix interop: FAILED to start Postfix"
  cat "$dir/start.log" "$dir/maillog" 2> /dev/null || true
  exit 1
fi
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2> /dev/null && break
  sleep 0.1
done

message=$'Subject: interop\n\nHello Postfix.\n.a line that starts with a dot\n'
failed=0
# Runs one delivery and checks Postfix's summary line of that session.
check() {
  local name=$1 want=$2
  shift 2
  local before
  before=$(grep -c 'disconnect from' "$dir/maillog" || true)
  if ! printf '%s' "$message" | timeout 30 "$@" > "$dir/$name.log" 2>&1; then
    echo "postfix interop: $name: FAILED"; cat "$dir/$name.log"; failed=1; return
  fi
  for _ in $(seq 50); do
    [ "$(grep -c 'disconnect from' "$dir/maillog" || true)" -gt "$before" ] && break
    sleep 0.1
  done
  local summary
  summary=$(grep 'disconnect from' "$dir/maillog" | tail -1)
  if [[ "$summary" =~ $want ]]; then
    echo "postfix interop: $name: ok (${summary##*]: })"
  else
    echo "postfix interop: $name: FAILED, expected /$want/ in: $summary"; failed=1
  fi
}
send=(--server "127.0.0.1:$port" --from a@example.com --to b@example.com --to c@example.com)
tls=(--tls-ca "$dir/cert.pem" --tls-name localhost --require-tls)

check send-data 'mail=1 rcpt=2 data=1 quit=1' "$examples/send" "${send[@]}"
check send-bdat 'mail=1 rcpt=2 bdat=1 quit=1' "$examples/send" "${send[@]}" --bdat
check send_async-starttls 'starttls=1 mail=1 rcpt=2 data=1 quit=1' "$examples/send_async" "${send[@]}" "${tls[@]}"
check send_async-starttls-bdat 'starttls=1 mail=1 rcpt=2 bdat=1 quit=1' "$examples/send_async" "${send[@]}" "${tls[@]}" --bdat
# Without CHUNKING on offer, BDAT falls back to DATA.
postconf -c "$dir/etc" -e 'smtpd_discard_ehlo_keywords = chunking'
postfix -c "$dir/etc" reload > /dev/null 2>&1
sleep 1
check send-bdat-without-chunking 'mail=1 rcpt=2 data=1 quit=1' "$examples/send" "${send[@]}" --bdat
check send_async-bdat-without-chunking 'starttls=1 mail=1 rcpt=2 data=1 quit=1' "$examples/send_async" "${send[@]}" "${tls[@]}" --bdat

delivered=$(grep -c 'status=sent' "$dir/maillog" || true)
echo "postfix interop: $delivered recipients delivered (discarded) by Postfix"
if [ "$delivered" != 12 ]; then
  echo "postfix interop: expected 12 deliveries"; failed=1
fi
exit $failed
