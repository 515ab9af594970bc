#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<target>/ (run from fuzz/).

Seeds come from RFC 5321 Appendix D, RFC 2920 and RFC 3030 examples and
from real-looking Postfix / Exim / Gmail-style transcripts. Each target's
input layout (option bytes first, or an `Arbitrary` structure) is noted
below; raw-byte seeds for `Arbitrary` targets are just varied bytes.
Files named `regression-*` are minimised crash inputs added by hand (see
README.md), not written here. Re-running rewrites the same files;
libFuzzer's generated corpus belongs in a separate directory (README.md).
"""
import os

def write(target, name, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

CRLF = "\r\n"
def lines(*ls):
    return "".join(l + CRLF for l in ls)

# --- Server replies -------------------------------------------------------
POSTFIX_EHLO = lines("250-mail.example.org", "250-PIPELINING", "250-SIZE 10240000",
    "250-VRFY", "250-ETRN", "250-STARTTLS", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
    "250-DSN", "250-SMTPUTF8", "250 CHUNKING")
EXIM_EHLO = lines("250-mx.example.net Hello client.example.com [192.0.2.10]",
    "250-SIZE 52428800", "250-8BITMIME", "250-PIPELINING", "250-PIPE_CONNECT",
    "250-AUTH PLAIN LOGIN", "250-CHUNKING", "250-STARTTLS", "250-PRDR", "250 HELP")
GMAIL_EHLO = lines("250-smtp.gmail.com at your service, [2001:db8::25]", "250-SIZE 35882577",
    "250-8BITMIME", "250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
    "250-ENHANCEDSTATUSCODES", "250-PIPELINING", "250-CHUNKING", "250 SMTPUTF8")
LEGACY_EHLO = lines("250-relay.example.com", "250-AUTH=LOGIN PLAIN", "250-AUTH LOGIN PLAIN",
    "250-DELIVERBY 240", "250-MT-PRIORITY MIXER", "250-FUTURERELEASE 604800 2012-10-23T10:00:00Z",
    "250-LIMITS RCPTMAX=100 MAILMAX=10", "250-X-EXPS GSSAPI NTLM", "250-XCLIENT NAME ADDR", "250 ")
POSTFIX_SESSION = (lines("220 mail.example.org ESMTP Postfix (Debian/GNU)") + POSTFIX_EHLO +
    lines("250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
          "250 2.0.0 Ok: queued as 4BZ3vK1Xq9z9sWQ", "221 2.0.0 Bye"))
EXIM_SESSION = (lines("220 mx.example.net ESMTP Exim 4.96 Mon, 01 Jan 2024 12:00:00 +0000") + EXIM_EHLO +
    lines("250 OK", "550-Verification failed for <nobody@example.com>", "550-Unrouteable address",
          "550 Sender verify failed", "503-All RCPT commands were rejected with this error:",
          "503-550 Unrouteable address", "503 Valid RCPT command must precede DATA", "221 mx.example.net closing connection"))
GMAIL_SESSION = (lines("220 smtp.gmail.com ESMTP a1si123456qkb.42 - gsmtp") + GMAIL_EHLO +
    lines("250 2.1.0 OK a1si123456qkb.42 - gsmtp",
          "550-5.1.1 The email account that you tried to reach does not exist. Please try",
          "550-5.1.1 double-checking the recipient's email address for typos or",
          "550-5.1.1 unnecessary spaces. For more information, go to",
          "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si123456qkb.42 - gsmtp",
          "421-4.7.0 Try again later, closing connection. (EHLO)",
          "421 4.7.0  For more information, go to https://support.google.com/mail/answer/7040 - gsmtp"))
# RFC 5321 Appendix D.1 (server side).
RFC5321_D1 = lines("220 foo.com Simple Mail Transfer Service Ready", "250-foo.com greets bar.com",
    "250-8BITMIME", "250-SIZE", "250-DSN", "250 HELP", "250 OK", "250 OK",
    "550 No such user here", "250 OK", "354 Start mail input; end with <CRLF>.<CRLF>", "250 OK",
    "221 foo.com Service closing transmission channel")
# RFC 2920 §3.2 example 1 and RFC 3030 §4.1 (server side).
RFC2920 = lines("220 innosoft.com SMTP service ready", "250-innosoft.com", "250 PIPELINING",
    "250 sender <mrose@dbc.mtview.ca.us> OK", "250 recipient <ned@innosoft.com> OK",
    "250 recipient <dan@innosoft.com> OK", "250 recipient <kvc@innosoft.com> OK",
    "354 enter mail, end with line containing only \".\"", "250 message sent", "221 goodbye")
RFC3030 = lines("220 cnri.reston.va.us SMTP service ready", "250-cnri.reston.va.us says hello",
    "250 CHUNKING", "250 <Sam@Random.com>... Sender ok", "250 <Susan@Random.com>... Recipient ok",
    "250 69 bytes received", "250 Message OK, 144 octets received")
ODD = lines("250", "250-", "250 ", "220-mx.example.com ESMTP", "220 no UCE", "334 ", "334 VXNlcm5hbWU6",
    "235 2.7.0 Authentication successful", "252 2.1.5 Cannot VRFY user", "214-Commands:", "214 HELO EHLO MAIL RCPT DATA")
BARE_LF = "250-mx.example.com\n250-PIPELINING\n250 SIZE 1000\n550 5.7.1 Relaying denied\n"

REPLY_STREAMS = {
    "postfix": POSTFIX_SESSION, "exim": EXIM_SESSION, "gmail": GMAIL_SESSION,
    "rfc5321_d1": RFC5321_D1, "rfc2920": RFC2920, "rfc3030": RFC3030, "odd": ODD,
    "legacy_ehlo": LEGACY_EHLO,
}

# reply_roundtrip: [option bits][line byte] then reply bytes.
#   bits: 1 bare LF, 2 enhanced codes, 4 max_line 512, 8 max_lines 128, 16 max_reply 32K.
for name, s in REPLY_STREAMS.items():
    write("reply_roundtrip", name, b"\x1e\xff" + s.encode())
write("reply_roundtrip", "bare_lf", b"\x1f\xff" + BARE_LF.encode())
write("reply_roundtrip", "no_enhanced_small", b"\x00\x20" + GMAIL_SESSION.encode())

# --- Client commands --------------------------------------------------------
RFC5321_D1_CLIENT = lines("EHLO bar.com", "MAIL FROM:<Smith@bar.com>", "RCPT TO:<Jones@foo.com>",
    "RCPT TO:<Green@foo.com>", "RCPT TO:<Brown@foo.com>", "DATA")
MESSAGE = lines("Date: Thu, 21 May 1998 05:33:29 -0700", "From: John Q. Public <JQP@bar.com>",
    "Subject: The Next Meeting of the Board", "To: Jones@xyz.com", "", "Bill:",
    "The next meeting of the board of directors will be", "on Tuesday.", ".hidden dot line",
    "..two dots", "John.")
DATA_WIRE = MESSAGE.replace("\r\n.", "\r\n..") + ".\r\n"
RFC2920_CLIENT = lines("EHLO dbc.mtview.ca.us", "MAIL FROM:<mrose@dbc.mtview.ca.us>",
    "RCPT TO:<ned@innosoft.com>", "RCPT TO:<dan@innosoft.com>", "RCPT TO:<kvc@innosoft.com>", "DATA")
BDAT_CLIENT = ("EHLO alpha.dbc.mtview.ca.us\r\nMAIL FROM:<Sam@Random.com>\r\nRCPT TO:<Susan@Random.com>\r\n"
    "BDAT 86\r\n" + ("To: Susan@random.com\r\nFrom: Sam@random.com\r\nSubject: This is a bodyful test\r\n\r\n")[:86]
    + "BDAT 0 LAST\r\nQUIT\r\n")
SMUGGLE = ("EHLO attacker.example\r\nMAIL FROM:<a@attacker.example>\r\nRCPT TO:<v@victim.example>\r\nDATA\r\n"
    "From: a@attacker.example\r\n\r\nhello\n.\nMAIL FROM:<admin@victim.example>\r\nRCPT TO:<v@victim.example>\r\n"
    "DATA\r\nforged\r\n.\r\nQUIT\r\n")
AUTH = ("EHLO client.example\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nAUTH LOGIN\r\ndXNlcg==\r\ncGFzcw==\r\n"
    "AUTH CRAM-MD5\r\n*\r\nSTARTTLS\r\nEHLO client.example\r\nQUIT\r\n")
PARAMS = ("EHLO [IPv6:2001:db8::1]\r\nMAIL FROM:<alice@example.com> SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159 AUTH=<>\r\n"
    "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org\r\n"
    "RCPT TO:<Postmaster>\r\nRCPT TO:<@relay.example:carol@[192.0.2.1]>\r\nVRFY Smith\r\nEXPN staff\r\n"
    "HELP\r\nNOOP\r\nRSET\r\nHELO relay.example\r\nMAIL FROM:<>\r\nQUIT\r\n")
LMTP = ("LHLO lmtp.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n"
    + DATA_WIRE + "QUIT\r\n")

# server_session: [config][max_output][limits][8 decision bytes][split seed]
# then the client's bytes. config bits: 1 STARTTLS, 2 AUTH, 4 SIZE, 8 SMTPUTF8+DSN,
# 16 LMTP, 64/128 DATA policy; decision byte % 5: accept, reject 550, reject 4yz,
# challenge/respond 250, misuse probes then accept.
SESSIONS = {
    "rfc5321_d1": RFC5321_D1_CLIENT + DATA_WIRE + "QUIT\r\n",
    "rfc2920": RFC2920_CLIENT + DATA_WIRE + "QUIT\r\n",
    "rfc3030_bdat": BDAT_CLIENT, "smuggle": SMUGGLE, "auth_starttls": AUTH, "params": PARAMS,
}
for i, (name, s) in enumerate(SESSIONS.items()):
    header = bytes([0x0f, 0, 0, 0, 0, 0, 3, 0, 1, 0, 4, i * 7])
    write("server_session", name, header + s.encode())
write("server_session", "lmtp", bytes([0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]) + LMTP.encode())
write("server_session", "reject_policy_lazy", bytes([0xe3, 0x41, 0xc5, 0, 0, 2, 0, 4, 0, 1, 0, 9]) + SMUGGLE.encode())
write("server_session", "normalize_small_output", bytes([0x4f, 0x03, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 5]) + (RFC2920_CLIENT + DATA_WIRE + "RSET\r\n" * 20 + "QUIT\r\n").encode())

# The paths of issue 15 (c0 bit 32: pipelining past a batch end allowed, so
# a transcript in one read runs on; c1 high bits: 0x20 junk limit 2, 0x40 no
# CHUNKING, 0x80 BINARYMIME).
NEW_PATHS = {
    # AUTH with a mechanism not offered (504), then empty SASL steps
    # (decisions: challenge, challenge, accept).
    "sasl_empty_step": (bytes([0x22, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0]),
        "EHLO x.example\r\nAUTH CRAM-MD5\r\nAUTH LOGIN\r\n\r\n\r\nMAIL FROM:<a@b.example> AUTH=<>\r\nQUIT\r\n"),
    # The embedder refuses the first chunk (decision 1); the next BDAT is skipped.
    "bdat_refused_chunk": (bytes([0x20, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
        "EHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<d@e.example>\r\nBDAT 5\r\nHelloBDAT 6 LAST\r\n world\r\nRSET\r\nQUIT\r\n"),
    # HELO puts no extension in force; EHLO exactly the advertised ones.
    "helo_then_parameters": (bytes([0x24, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        "HELO x.example\r\nMAIL FROM:<a@b.example> SIZE=10 BODY=8BITMIME\r\nMAIL FROM:<a@b.example>\r\n"
        "RCPT TO:<d@e.example> NOTIFY=NEVER\r\nRCPT TO:<d@e.example>\r\nBDAT 4 LAST\r\nabcdEHLO y.example\r\n"
        "MAIL FROM:<a@b.example> SIZE=10 BODY=BINARYMIME\r\nRCPT TO:<d@e.example>\r\nDATA\r\nBDAT 5 LAST\r\na\nb\x00cQUIT\r\n"),
    # Bare LF and a forged transaction inside a BDAT chunk, and a CRLF split across chunks.
    "bdat_bare_lf": (bytes([0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        "EHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<d@e.example>\r\nBDAT 3\r\nab\rBDAT 30 LAST\r\n"
        "\nhi\n.\nMAIL FROM:<evil@x.example>\r\nQUIT\r\n"),
    # Strict: commands pipelined past EHLO and past DATA end the session.
    "pipelined_past_ehlo": (bytes([0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        "EHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<d@e.example>\r\nDATA\r\nhi\r\n.\r\n"),
    # Junk commands past a limit of 2 count as errors.
    "junk_commands": (bytes([0x20, 0x20, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        "EHLO x.example\r\nNOOP\r\nRSET\r\nVRFY a\r\nHELP\r\nEXPN b\r\nNOOP\r\n"),
}
for name, (header, s) in NEW_PATHS.items():
    write("server_session", name, header + s.encode("latin-1"))

# data_decode: [size limit][n][n piece lengths] then the stream.
STREAMS = {
    "message": DATA_WIRE + "QUIT\r\n", "empty": ".\r\nQUIT\r\n",
    "smuggle_lf": "hello\n.\nMAIL FROM:<x@y>\r\n\r\n.\r\n",
    "smuggle_cr": "hello\r.\rworld\r\n.\r\n",
    "smuggle_mixed": "a\r\n.\nb\n.\r\nc\r.\r\nd\r\n.\r\r\ne\r\n\x00.\r\nend\r\n.\r\n",
    "dots": "..\r\n...\r\n.x\r\n\r\n..\r\n.\r\n",
}
for i, (name, s) in enumerate(STREAMS.items()):
    write("data_decode", name, bytes([0, i % 3, 7, 13]) + s.encode())
write("data_decode", "size_limit", bytes([6, 1, 5]) + (DATA_WIRE + "NOOP\r\n").encode())

# framer_chunks / command_roundtrip: raw-ish client streams.
for name, s in SESSIONS.items():
    write("command_roundtrip", name, b"\x0f" + s.encode())
write("command_roundtrip", "lenient", b"\xff" + "mail from: <a@b.c>  \nrcpt to: <d@e.f>\t\r\nhelo x \n".encode())

# Arbitrary-input targets: varied raw bytes (the structure is built by `arbitrary`).
ARB = {
    "postfix_ehlo": POSTFIX_EHLO, "gmail": GMAIL_SESSION, "message": DATA_WIRE,
    "smuggle": STREAMS["smuggle_mixed"], "zeros": "\x00" * 64, "ones": "\xff" * 64,
    "ramp": "".join(chr(i) for i in range(256)),
}
for target in ["reply_arbitrary", "command_arbitrary", "framer_chunks", "data_roundtrip", "bdat_chunks"]:
    for name, s in ARB.items():
        write(target, name, s.encode("latin-1"))
write("data_roundtrip", "bare_ends", "a\nb\rc\r\nd\n\n.\n.\r..\r\n".encode())
# bdat_chunks: [chunk size lo][hi][n][n piece lengths] then the message.
BDAT_MSG = "To: Susan@random.com\r\nFrom: Sam@random.com\r\nSubject: This is a bodyful test\r\n\r\n"
write("bdat_chunks", "rfc3030", bytes([85, 0, 2, 9, 40]) + (BDAT_MSG + "Hi.\r\n").encode())
write("bdat_chunks", "one_byte_chunks", bytes([0, 0, 3, 1, 1, 1]) + MESSAGE.encode())
write("bdat_chunks", "empty", bytes([10, 0, 0]))

# client_session: [config] then an `Arbitrary` list of operations; the
# canned-reply op picks from real transcripts, so raw transcripts work too.
for name, s in REPLY_STREAMS.items():
    write("client_session", name, b"\x03" + s.encode())
write("client_session", "ops", bytes([3, 1, 0, 1, 1, 1, 2, 1, 3, 2, 0, 0, 5, 4, 1, 4, 2, 6, 7, 3, 1, 5]) + b"hello\n.world\r\n")
