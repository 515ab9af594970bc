#!/usr/bin/env bash
# Interop with real peers: the `send` example against aiosmtpd (SMTP and
# LMTP), and the `sink` example against 20 concurrent smtplib clients.
# Installs its peers itself (aiosmtpd from PyPI, into a venv under target/).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/interop-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'

cargo build --quiet -p smtp-sansio-codec --examples
"$venv/bin/python" interop/peers.py target/debug/examples
