"""The sink as a process you can leave running; run by interop/run.sh.

argv[1] is the sink binary (the release build: the 2 GiB check measures
memory and time). Every check is bounded in count and time and talks to
127.0.0.1 only. Each prints one line with what it measured.

1. idle:      1 000 idle connections under --timeout 2 are all closed by
              the server within a few seconds, while a fresh client delivers.
2. nofile:    under `prlimit --nofile=256`, 400 connections exhaust the
              descriptors; the sink backs off, stays up and delivers after.
3. limit:     past --max-connections, `421 4.3.2`.
4. full-disk: on a 4 MiB tmpfs, a message that does not fit gets 451 and
              leaves nothing in tmp/ or new/ (stderr is /dev/full, so the
              log cannot write either); below --min-free-bytes, MAIL gets
              452 4.3.1.
5. fsync:     strace shows the eml's rename, the fsyncs of both files and
              of new/, the env's rename (the commit point) and the last
              fsync of new/, in that order, before the 250.
6. big:       a 2 GiB body (streamed from a generator) under a 4 GiB limit
              is stored byte-count exact with a peak RSS under 64 MB.
7. memory:    30 connections that each sent a 34 MiB body and stay idle
              hold under 64 MB in all (VmRSS and VmHWM from /proc).
8. tls:       STARTTLS with smtplib.starttls(), `openssl s_client -starttls
              smtp` and `swaks --tls` deliver; a MAIL pipelined after
              STARTTLS in one write never gets its 250; implicit TLS
              (--tls-listen) with smtplib.SMTP_SSL delivers.
9. shutdown:  SIGTERM answers an idle session 421 4.3.2 and exits 0.
"""

import os
import re
import resource
import selectors
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import tempfile
import time

SINK = os.path.abspath(sys.argv[1])
ONLY = set(sys.argv[2:])
WORK = tempfile.mkdtemp(prefix="sink-checks-", dir=os.path.abspath("target"))


class Sink:
    """A sink process on 127.0.0.1:0, its stderr in a file."""

    def __init__(self, name, *args, wrapper=(), stderr=None):
        self.maildir = os.path.join(WORK, name)
        self.err_path = os.path.join(WORK, name + ".err")
        err = open(stderr or self.err_path, "wb")
        self.proc = subprocess.Popen(
            list(wrapper) + [SINK, "--listen", "127.0.0.1:0", "--maildir", self.maildir] + list(args),
            stdout=subprocess.PIPE, stderr=err)
        err.close()
        self.ports = []
        deadline = time.time() + 20
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                raise AssertionError("sink exited: " + self.log())
            self.ports.append(int(line.strip().rsplit(":", 1)[1]))
            if "implicit" in line or "--tls-listen" not in args:
                break
        self.port = self.ports[0]

    def log(self):
        try:
            with open(self.err_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc.poll() is None

    def sink_pid(self):
        """The sink's own pid: a wrapper such as /usr/bin/time or strace
        forks it (prlimit execs it, keeping the pid)."""
        pid = self.proc.pid
        for _ in range(2):
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    children = f.read().split()
            except OSError:
                return pid
            if not children:
                return pid
            pid = int(children[0])
        return pid

    def stop(self, timeout=30):
        pid = self.sink_pid()
        if self.alive():
            os.kill(pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            for victim in {pid, self.proc.pid}:  # the sink, and its wrapper if any
                try:
                    os.kill(victim, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.proc.wait()
            raise AssertionError("sink did not exit within %d s of SIGTERM" % timeout)

    def files(self, sub):
        path = os.path.join(self.maildir, sub)
        return sorted(os.listdir(path)) if os.path.isdir(path) else []

    def messages(self):
        new = os.path.join(self.maildir, "new")
        out = []
        for name in self.files("new"):
            if name.endswith(".env"):
                with open(os.path.join(new, name[:-4] + ".eml"), "rb") as f:
                    out.append(f.read())
        return out


def deliver(port, body, timeout=30, **kw):
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout, **kw) as s:
        refused = s.sendmail("a@example.com", ["b@example.com"], body)
        assert refused == {}, refused


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def check_idle(count=1000):
    raise_nofile()
    sink = Sink("idle", "--timeout", "2", "--max-connections", "2000")
    socks = []
    try:
        threads_before = proc_status(sink.proc.pid, "Threads")
        started = time.time()
        for _ in range(count):
            socks.append(socket.create_connection(("127.0.0.1", sink.port), timeout=10))
        opened = time.time()
        for s in socks:  # every one was served: it has its greeting
            s.settimeout(10)
            assert s.recv(4, socket.MSG_PEEK) == b"220 "
        threads_held = proc_status(sink.proc.pid, "Threads")
        # No thread per connection: the threads are those started at launch.
        assert threads_held == threads_before, (threads_before, threads_held)
        # A fresh client delivers while the idle ones are held.
        deliver(sink.port, b"Subject: fresh\r\n\r\nwhile 1000 are idle\r\n")
        assert len(sink.messages()) == 1
        sel = selectors.DefaultSelector()
        for s in socks:
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        closed, last, got_421 = 0, 0.0, 0
        buffers = {}
        deadline = opened + 15
        while closed < count and time.time() < deadline:
            for key, _ in sel.select(timeout=1):
                s = key.fileobj
                try:
                    data = s.recv(4096)
                except (ConnectionResetError, BlockingIOError):
                    data = b""
                if data:
                    buffers[s] = buffers.get(s, b"") + data
                    continue
                if b"421 4.4.2" in buffers.get(s, b""):
                    got_421 += 1
                sel.unregister(s)
                closed += 1
                last = time.time()
        assert closed == count, "%d of %d closed within 15 s" % (closed, count)
        assert got_421 == count, "%d of %d got 421 4.4.2" % (got_421, count)
        assert sink.alive()
        print("idle: ok: %d idle connections (opened in %.1f s, %d sink threads before and while "
              "held) all closed by the server %.1f s after the last was opened (--timeout 2), "
              "each with 421 4.4.2; a fresh client delivered meanwhile"
              % (count, opened - started, threads_held, last - opened))
    finally:
        for s in socks:
            s.close()
        assert sink.stop() == 0


def check_nofile(count=400):
    raise_nofile()
    sink = Sink("nofile", wrapper=["prlimit", "--nofile=256:256"])
    socks = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.settimeout(10)
            s.connect(("127.0.0.1", sink.port))  # the backlog takes what accept cannot
            socks.append(s)
        deadline = time.time() + 15
        while "Too many open files" not in sink.log() and time.time() < deadline:
            time.sleep(0.2)
        assert "Too many open files" in sink.log(), "no EMFILE seen"
        time.sleep(2)
        assert sink.alive(), "the sink died at EMFILE"
        for s in socks:
            s.close()
        socks = []
        # Served again once descriptors are free (bounded retry).
        deadline = time.time() + 30
        while True:
            try:
                deliver(sink.port, b"Subject: after EMFILE\r\n\r\nstill here\r\n", timeout=10)
                break
            except (smtplib.SMTPException, OSError):
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        assert len(sink.messages()) == 1
        backoffs = sink.log().count("accept failed")
        print("nofile: ok: under prlimit --nofile=256, %d connections hit EMFILE (%d accept "
              "errors logged, backing off), the sink stayed up and delivered after" % (count, backoffs))
    finally:
        for s in socks:
            s.close()
        assert sink.stop() == 0


def check_limit():
    sink = Sink("limit", "--max-connections", "3")
    held = []
    try:
        for _ in range(3):
            s = socket.create_connection(("127.0.0.1", sink.port), timeout=10)
            assert s.recv(100).startswith(b"220 ")
            held.append(s)
        extra = socket.create_connection(("127.0.0.1", sink.port), timeout=10)
        reply = extra.recv(200)
        assert reply.startswith(b"421 4.3.2 "), reply
        extra.close()
        held.pop().close()
        deadline = time.time() + 10
        while True:  # the freed slot is reused
            try:
                deliver(sink.port, b"Subject: slot\r\n\r\nfree again\r\n", timeout=5)
                break
            except smtplib.SMTPException:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        print("limit: ok: connection 4 of --max-connections 3 got %r" % reply.decode().strip())
    finally:
        for s in held:
            s.close()
        assert sink.stop() == 0


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", path],
                         capture_output=True)
    return run.returncode == 0


def check_full_disk():
    mount = os.path.join(WORK, "tmpfs")
    if not mount_tmpfs(mount, "4m"):
        print("full-disk: SKIPPED: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); "
              "the clean-up on failure is covered by the sink's unit tests")
        return
    try:
        maildir = os.path.join(mount, "mail")
        # stderr is /dev/full: every log line fails, the replies must not.
        sink = Sink("full", "--min-free-bytes", "0", "--maildir", maildir, stderr="/dev/full")
        sink.maildir = maildir
        try:
            big = b"Subject: too big for the disk\r\n\r\n" + b"x" * 76 + b"\r\n"
            big = big * (6 * 1024 * 1024 // len(big))
            with smtplib.SMTP("127.0.0.1", sink.port, timeout=60) as s:
                s.ehlo()
                # Declared: refused at MAIL, before a byte is written.
                code, text = s.mail("a@example.com", ["SIZE=%d" % len(big)])
                assert code == 452 and text.startswith(b"4.3.1"), (code, text)
                # Undeclared: the disk fills during DATA.
                assert s.mail("a@example.com")[0] == 250
                assert s.rcpt("b@example.com")[0] == 250
                code, text = s.data(big)
                assert code == 451 and text.startswith(b"4.3.0"), (code, text)
            assert sink.files("tmp") == [] and sink.files("new") == [], (sink.files("tmp"), sink.files("new"))
            # Nothing was left to fill the disk: the next message fits.
            deliver(sink.port, b"Subject: small\r\n\r\nfits\r\n")
            assert len(sink.messages()) == 1
            assert sink.files("tmp") == []
        finally:
            assert sink.stop() == 0
        floor = Sink("floor", "--maildir", maildir, "--min-free-bytes", str(64 << 20))
        floor.maildir = maildir
        try:
            with smtplib.SMTP("127.0.0.1", floor.port, timeout=10) as s:
                s.ehlo()
                code, text = s.mail("a@example.com")
                assert code == 452 and text.startswith(b"4.3.1"), (code, text)
        finally:
            assert floor.stop() == 0
        print("full-disk: ok: on a 4 MiB tmpfs (stderr = /dev/full) a 6 MiB message got 452 4.3.1 "
              "at MAIL with SIZE=, 451 4.3.0 after DATA without it, nothing left in tmp/ or new/, "
              "the next message was stored; below --min-free-bytes MAIL got %d %s"
              % (code, text.decode()))
    finally:
        subprocess.run(["umount", mount], check=False)


def check_fsync():
    if shutil.which("strace") is None:
        raise AssertionError("strace is not installed")
    trace = os.path.join(WORK, "strace.txt")
    sink = Sink("fsync", wrapper=["strace", "-f", "-y", "-qq", "-s", "64", "-o", trace,
                                  "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,sendto,write"])
    try:
        deliver(sink.port, b"Subject: durable\r\n\r\nfsynced\r\n")
        [stored] = [n[:-4] for n in sink.files("new") if n.endswith(".env")]
    finally:
        assert sink.stop() == 0
    events = []
    with open(trace) as f:
        for line in f:
            if "resumed>" in line:
                continue
            if stored in line or "250 2.0.0" in line or re.search(r"fsync\(\d+</[^>]*/new>", line):
                events.append(line.split(" ", 1)[1].strip())

    def kind(event):
        if event.startswith(("fsync", "fdatasync")):
            m = re.search(r"<([^>]*)>", event)
            path = m.group(1) if m else ""
            return "fsync " + ("new/" if path.endswith("/new") else os.path.basename(path).rsplit(".", 1)[-1])
        if event.startswith("rename"):
            return "rename " + re.findall(r'"([^"]*)"', event)[0].rsplit(".", 1)[-1]
        if "250 2.0.0" in event:
            return "250"
        return None

    order = [k for k in map(kind, events) if k]
    # Directory fsyncs of other transactions do not occur: one message.
    expected = ["rename eml", "fsync eml", "fsync env", "fsync new/", "rename env", "fsync new/", "250"]
    start = order.index("rename eml") if "rename eml" in order else 0
    assert order[start:start + len(expected)] == expected, order
    print("fsync: ok: strace -f -e trace=fsync,fdatasync,rename,... shows " + " -> ".join(expected))


def check_big(size=2 << 30):
    time_out = os.path.join(WORK, "big.time")
    sink = Sink("big", "--max-message-size", str(4 << 30),
                wrapper=["/usr/bin/time", "-v", "-o", time_out])
    line = b"x" * 1022 + b"\r\n"
    block = line * 1024  # 1 MiB of 1 KiB lines
    started = time.time()
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=600) as s:
        s.ehlo()
        assert s.mail("a@example.com", ["SIZE=%d" % size])[0] == 250
        assert s.rcpt("b@example.com")[0] == 250
        code, _ = s.docmd("DATA")
        assert code == 354, code
        for _ in range(size // len(block)):
            s.sock.sendall(block)
        s.sock.sendall(b".\r\n")
        code, text = s.getreply()
        assert code == 250, (code, text)
    elapsed = time.time() - started
    [stored] = [n for n in sink.files("new") if n.endswith(".eml")]
    stored_size = os.path.getsize(os.path.join(sink.maildir, "new", stored))
    assert stored_size == size, stored_size
    assert sink.stop() == 0
    with open(time_out) as f:
        report = f.read()
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    shutil.rmtree(sink.maildir)
    assert rss_kb < 64 * 1024, "peak RSS %d kB" % rss_kb
    print("big: ok: a %d MiB body under --max-message-size %d (4 GiB) stored (%d octets) in %.1f s; "
          "peak RSS (/usr/bin/time -v) %.1f MB" % (size >> 20, 4 << 30, stored_size, elapsed, rss_kb / 1024))


def proc_status(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    raise AssertionError("no %s for %d" % (field, pid))


def check_memory(clients=30, size=34 << 20):
    import threading
    sink = Sink("memory")
    line = b"y" * 1022 + b"\r\n"
    body = line * (size // len(line))
    held, errors = [], []

    def client():
        try:
            s = smtplib.SMTP("127.0.0.1", sink.port, timeout=120)
            s.sendmail("a@example.com", ["b@example.com"], body)
            held.append(s)  # stays connected, idle
        except Exception as e:  # reported below
            errors.append(repr(e))

    try:
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not errors, errors
        assert len(sink.messages()) == clients
        time.sleep(1)
        rss = proc_status(sink.proc.pid, "VmRSS")
        peak = proc_status(sink.proc.pid, "VmHWM")
        assert rss < 64 * 1024 and peak < 64 * 1024, (rss, peak)
        print("memory: ok: %d connections each sent a %d MiB body and stay idle: sink VmRSS %.1f MB, "
              "VmHWM (peak) %.1f MB" % (clients, size >> 20, rss / 1024, peak / 1024))
    finally:
        for s in held:
            s.close()
        assert sink.stop() == 0
        shutil.rmtree(sink.maildir, ignore_errors=True)


def make_certificate():
    cert, key = os.path.join(WORK, "cert.pem"), os.path.join(WORK, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def check_tls():
    cert, key = make_certificate()
    sink = Sink("tls", "--tls-cert", cert, "--tls-key", key, "--tls-listen", "127.0.0.1:0")
    context = ssl.create_default_context(cafile=cert)
    done = []
    try:
        # smtplib.starttls()
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=20) as s:
            s.ehlo()
            assert s.has_extn("starttls")
            s.starttls(context=context)
            s.ehlo()
            assert not s.has_extn("starttls")
            s.sendmail("a@example.com", ["b@example.com"], b"Subject: smtplib starttls\r\n\r\nhi\r\n")
        done.append("smtplib.starttls()")

        # openssl s_client -starttls smtp, typed as a person would: each
        # command that must end a pipelined batch (EHLO, DATA) waits for its
        # reply before the next line (RFC 2920 §3.1; the sink refuses a
        # batch that runs on past one).
        steps = [b"EHLO s-client.example\r\n",
                 b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n",
                 b"Subject: s_client\r\n\r\nhello\r\n.\r\n", b"QUIT\r\n"]
        client = subprocess.Popen(["openssl", "s_client", "-starttls", "smtp", "-connect",
                                   "127.0.0.1:%d" % sink.port, "-quiet", "-ign_eof", "-CAfile", cert],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for step in steps:
            time.sleep(0.5)
            client.stdin.write(step)
            client.stdin.flush()
        time.sleep(0.5)
        out, err = client.communicate(timeout=30)
        assert b"250 2.0.0 Message accepted" in out, out + err
        done.append("openssl s_client -starttls smtp")

        # swaks --tls
        if shutil.which("swaks"):
            run = subprocess.run(["swaks", "--server", "127.0.0.1:%d" % sink.port, "--tls",
                                  "--from", "a@example.com", "--to", "b@example.com",
                                  "--header", "Subject: swaks tls"],
                                 capture_output=True, timeout=30)
            assert run.returncode == 0 and b"250 2.0.0 Message accepted" in run.stdout, run.stdout + run.stderr
            done.append("swaks --tls")
        else:
            print("tls: swaks not installed, skipped")

        # The injection: STARTTLS and a MAIL in one write.
        raw = socket.create_connection(("127.0.0.1", sink.port), timeout=20)
        f = raw.makefile("rb")
        assert f.readline().startswith(b"220 ")
        raw.sendall(b"EHLO evil.example\r\n")
        while not f.readline().startswith(b"250 "):
            pass
        raw.sendall(b"STARTTLS\r\nMAIL FROM:<x@evil.example>\r\n")
        ready = f.readline()
        assert ready.startswith(b"220 "), ready
        tls = context.wrap_socket(raw, server_hostname="localhost")
        tls.sendall(b"RCPT TO:<b@example.com>\r\n")
        reply = tls.recv(200)
        assert reply.startswith(b"503 5.5.1"), reply  # the MAIL never ran
        tls.sendall(b"QUIT\r\n")
        tls.recv(200)
        tls.close()
        done.append("STARTTLS+MAIL in one write: no 250 for the MAIL (RCPT after the handshake: %s)"
                    % reply.decode().strip())

        # Implicit TLS (RFC 8314)
        with smtplib.SMTP_SSL("127.0.0.1", sink.ports[1], timeout=20, context=context) as s:
            s.sendmail("a@example.com", ["b@example.com"], b"Subject: implicit\r\n\r\nhi\r\n")
        done.append("smtplib.SMTP_SSL on --tls-listen")
        subjects = sorted(re.search(rb"^Subject: [^\r]*", m, re.M).group(0) for m in sink.messages())
        expected = [b"Subject: implicit", b"Subject: s_client", b"Subject: smtplib starttls"]
        if "swaks --tls" in done:
            expected.append(b"Subject: swaks tls")
        assert subjects == sorted(expected), subjects
        assert b"evil" not in b"".join(open(os.path.join(sink.maildir, "new", n), "rb").read()
                                      for n in sink.files("new"))
    finally:
        assert sink.stop() == 0
    print("tls: ok: " + "; ".join(done))


def check_shutdown():
    sink = Sink("shutdown")
    s = socket.create_connection(("127.0.0.1", sink.port), timeout=20)
    f = s.makefile("rb")
    assert f.readline().startswith(b"220 ")
    s.sendall(b"EHLO idle.example\r\n")
    while not f.readline().startswith(b"250 "):
        pass
    started = time.time()
    os.kill(sink.sink_pid(), signal.SIGTERM)
    bye = f.readline()
    assert bye.startswith(b"421 4.3.2"), bye
    code = sink.proc.wait(20)
    assert code == 0, code
    print("shutdown: ok: SIGTERM -> idle session got %r, exit %d after %.2f s"
          % (bye.decode().strip(), code, time.time() - started))


CHECKS = [check_idle, check_nofile, check_limit, check_full_disk, check_fsync, check_big,
          check_memory, check_tls, check_shutdown]

try:
    for check in CHECKS:
        if not ONLY or check.__name__[len("check_"):] in ONLY:
            check()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
