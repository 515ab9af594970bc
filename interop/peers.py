"""Interop checks run by interop/run.sh; argv[1] is the examples directory.

1. `send` → aiosmtpd (SMTP), then `send --lmtp` → aiosmtpd's LMTP server:
   what aiosmtpd received equals what was sent.
2. `sink` ← 20 concurrent smtplib clients × 50 messages: nothing is lost and
   every stored message equals what its client sent.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP

EXAMPLES = sys.argv[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler that keeps every envelope it accepts."""

    def __init__(self, lmtp):
        self.lmtp = lmtp
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        if self.lmtp:  # RFC 2033: one reply per accepted recipient
            return "\r\n".join("250 2.0.0 delivered to %s" % r for r in envelope.rcpt_tos)
        return "250 2.0.0 OK"


class LMTPController(Controller):
    def factory(self):
        return LMTP(self.handler)


def check_send_against_aiosmtpd(lmtp):
    recorder = Recorder(lmtp)
    port = free_port()
    controller = (LMTPController if lmtp else Controller)(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = b"Subject: interop\n\n.leading dot\nsecond line\n"
        args = [os.path.join(EXAMPLES, "send"), "--server", "127.0.0.1:%d" % port,
                "--from", "a@example.com", "--to", "b@example.com", "--to", "c@example.com"]
        if lmtp:
            args.append("--lmtp")
        run = subprocess.run(args, input=message, capture_output=True, timeout=60)
        assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    finally:
        controller.stop()
    assert len(recorder.received) == 1, recorder.received
    mail_from, rcpt_tos, content = recorder.received[0]
    assert mail_from == "a@example.com", mail_from
    assert rcpt_tos == ["b@example.com", "c@example.com"], rcpt_tos
    # The DATA encoder canonicalises line ends; aiosmtpd unstuffs the dot.
    expected = message.replace(b"\n", b"\r\n")
    assert content == expected, (content, expected)
    print("send -> aiosmtpd (%s): ok" % ("LMTP" if lmtp else "SMTP"))


def check_sink_under_concurrency(clients=20, per_client=50):
    import smtplib

    maildir = tempfile.mkdtemp(prefix="sink-interop-")
    log = open(os.path.join(maildir, "sink.log"), "wb")
    sink = subprocess.Popen([os.path.join(EXAMPLES, "sink"), "--listen", "127.0.0.1:0",
                             "--maildir", maildir], stdout=subprocess.PIPE, stderr=log)
    log.close()
    try:
        first = sink.stdout.readline().decode().strip()
        assert first.startswith("listening on 127.0.0.1:"), first
        port = int(first.rsplit(":", 1)[1])
        errors = []

        def client(n):
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
                    for i in range(per_client):
                        body = ("Subject: %d/%d\r\n\r\n.dot %d %d\r\nline\r\n" % (n, i, n, i)).encode()
                        refused = s.sendmail("c%d@example.com" % n, ["r%d@example.com" % i], body)
                        assert refused == {}, refused
            except Exception as e:  # reported below, with the client number
                errors.append((n, repr(e)))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        stored = {}
        new = os.path.join(maildir, "new")
        for name in os.listdir(new):
            if name.endswith(".eml"):
                with open(os.path.join(new, name), "rb") as f:
                    stored[name] = f.read()
        assert len(stored) == clients * per_client, len(stored)
        expected = {("Subject: %d/%d\r\n\r\n.dot %d %d\r\nline\r\n" % (n, i, n, i)).encode()
                    for n in range(clients) for i in range(per_client)}
        assert set(stored.values()) == expected
        print("sink <- %d smtplib clients x %d messages: ok" % (clients, per_client))
    finally:
        sink.kill()
        sink.wait()


check_send_against_aiosmtpd(lmtp=False)
check_send_against_aiosmtpd(lmtp=True)
check_sink_under_concurrency()
