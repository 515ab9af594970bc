#!/usr/bin/env bash
# Interop with real peers: the `send` example against aiosmtpd (SMTP and
# LMTP), the `sink` example against 20 concurrent smtplib clients, the
# sink as a long-running receiver (interop/sink_checks.py: idle timeouts,
# EMFILE, the connection limit, a full disk, fsync order, a 2 GiB body,
# STARTTLS with smtplib, openssl and swaks, shutdown), and the throughput
# table against Postfix's smtp-sink and aiosmtpd (interop/throughput.sh);
# send_async over STARTTLS into the sink (interop/send_async_sink.sh); send
# and send_async against Postfix's smtpd, DATA, BDAT, the fall back from
# BDAT to DATA, STARTTLS (interop/postfix.sh).
# Installs its peers itself: aiosmtpd from PyPI into a venv under target/,
# and Debian's postfix (only for smtp-source and smtp-sink; its service is
# never started), swaks, openssl, strace and time.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/sbin/smtp-source ] && [ -x /usr/sbin/smtp-sink ] || need+=(postfix)
command -v swaks > /dev/null || need+=(swaks libnet-ssleay-perl libio-socket-ssl-perl)
command -v openssl > /dev/null || need+=(openssl)
command -v strace > /dev/null || need+=(strace)
command -v prlimit > /dev/null || need+=(util-linux)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # No mail system is configured, and none is started.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" > /dev/null
fi

venv=target/interop-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'

cargo build --quiet -p smtp-sansio-codec --examples
"$venv/bin/python" interop/peers.py target/debug/examples

# The long-running checks measure time and memory: the release build.
cargo build --quiet --release -p smtp-sansio-codec --example sink --example send --example send_async
timeout 120 interop/send_async_sink.sh target/release/examples
timeout 300 interop/postfix.sh target/release/examples
timeout 900 "$venv/bin/python" interop/sink_checks.py target/release/examples/sink
timeout 900 interop/throughput.sh
