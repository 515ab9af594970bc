//! The inputs every benchmark, the allocation report and the instruction
//! counts share, so every crate is measured on the same bytes, and this
//! workspace's drivers for each path (the peers' drivers are in
//! `benches/peers.rs`: the peers are dev-dependencies, out of this
//! library's reach).

/// The workspace's own documents, run as doctests: this crate has both
/// library crates in scope and is never published, so the documents at the
/// root of the repository are checked here.
#[cfg(doctest)]
mod documents {
    #[doc = include_str!("../../README.md")]
    struct Readme;

    #[doc = include_str!("../../ARCHITECTURE.md")]
    struct Architecture;
}

use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{
    BodyPart, ChunkDecoder, DataDecoder, DataEncodeOptions, DataEncoder, DataOptions,
};
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, Extensions};
use smtp_sansio_codec::frame::LineFramer;
use smtp_sansio_codec::proto::{Capability, Domain, EnhancedStatusCode, ReplyCode};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions};
use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};
use std::hint::black_box;

/// The command options of a server that advertised every extension: the
/// MAIL and RCPT parameters of the benchmarked lines are in force (a
/// decoder with none in force refuses them with 555).
pub fn esmtp() -> CommandOptions {
    CommandOptions::default().with_extensions(Extensions::all())
}

/// The server the `session` group runs: it advertises SIZE (the transcript
/// sends `SIZE=`), and lets the transcript, which is one read, pipeline
/// past EHLO and DATA.
///
/// # Panics
/// Never: the hostname is a constant.
pub fn session_config() -> ServerConfig {
    let mut config = ServerConfig::new(Domain::try_from("mx.example.com").expect("valid"));
    config.capabilities.push(Capability::Size(None));
    config.allow_improper_pipelining = true;
    config
}

/// The single command lines of the `command` group, by name.
pub const COMMAND_LINES: [(&str, &[u8]); 6] = [
    ("quit", b"QUIT\r\n"),
    ("ehlo", b"EHLO mail.example.com\r\n"),
    ("mail", b"MAIL FROM:<a@b.c> SIZE=1000 BODY=8BITMIME\r\n"),
    (
        "rcpt_dsn",
        b"RCPT TO:<a@b.c> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c\r\n",
    ),
    ("quoted", b"RCPT TO:<\"john smith\"@example.com>\r\n"),
    ("ipv6", b"RCPT TO:<postmaster@[IPv6:2001:db8::1]>\r\n"),
];

/// A one-line reply.
pub const REPLY_OK: &[u8] = b"250 2.0.0 OK\r\n";

/// A reply with an enhanced status code.
pub const REPLY_ENHANCED: &[u8] = b"550 5.1.1 User unknown\r\n";

/// A 10-line EHLO reply, as a large provider sends it.
pub const EHLO_REPLY: &[u8] = b"250-mx.example.com at your service, [192.0.2.7]\r\n\
250-SIZE 35882577\r\n\
250-8BITMIME\r\n\
250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n\
250-ENHANCEDSTATUSCODES\r\n\
250-PIPELINING\r\n\
250-CHUNKING\r\n\
250-SMTPUTF8\r\n\
250-DSN\r\n\
250 STARTTLS\r\n";

/// A 32 KiB multiline reply: 64 lines of 512 octets, CRLF included.
pub fn big_reply() -> Vec<u8> {
    let mut reply = Vec::with_capacity(32 * 1024);
    for i in 0..64 {
        reply.extend_from_slice(if i == 63 { b"250 " } else { b"250-" });
        reply.extend(std::iter::repeat_n(b'x', 506));
        reply.extend_from_slice(b"\r\n");
    }
    reply
}

/// The read sizes the stream groups feed input in.
pub const READ_SIZES: [(&str, usize); 4] = [
    ("64B", 64),
    ("1.5KiB", 1536),
    ("16KiB", 16 * 1024),
    ("64KiB", 64 * 1024),
];

/// `count` typical pipelined commands: MAIL with parameters, three RCPTs,
/// then RSET or NOOP, repeated.
pub fn pipelined_commands(count: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < count {
        let line = match i % 6 {
            0 => format!("MAIL FROM:<sender{i}@example.com> SIZE=1000 BODY=8BITMIME\r\n"),
            1..=3 => format!("RCPT TO:<recipient{i}@example.org>\r\n"),
            4 => "RSET\r\n".to_owned(),
            _ => "NOOP\r\n".to_owned(),
        };
        out.extend_from_slice(line.as_bytes());
        i += 1;
    }
    out
}

/// A message of about `size` octets: 76-octet lines (78 with CRLF), 2% of
/// them starting with a dot, so 2% need stuffing.
pub fn message(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 80);
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let mut n = 0usize;
    while out.len() < size {
        let first = if n % 50 == 7 {
            b'.'
        } else {
            letters[n % 26].to_ascii_uppercase()
        };
        out.push(first);
        out.extend((1..76).map(|k| letters[(n + k) % 26]));
        out.extend_from_slice(b"\r\n");
        n += 1;
    }
    out
}

/// The DATA wire form of `message`: stuffed, terminated by CRLF "." CRLF.
///
/// # Panics
/// Never: with no line limit the encoder has nothing to refuse.
pub fn data_wire(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + message.len() / 50 + 8);
    let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
    encoder
        .encode(message, &mut out)
        .expect("no line limit, so no error");
    encoder.finish(&mut out);
    out
}

/// A whole server session: EHLO, MAIL, five RCPTs, DATA with a 100 KiB
/// message, QUIT.
pub fn session_transcript() -> Vec<u8> {
    let mut out =
        b"EHLO client.example.com\r\nMAIL FROM:<sender@example.com> SIZE=102400\r\n".to_vec();
    for i in 0..5 {
        out.extend_from_slice(format!("RCPT TO:<rcpt{i}@example.org>\r\n").as_bytes());
    }
    out.extend_from_slice(b"DATA\r\n");
    out.extend_from_slice(&data_wire(&message(100 * 1024)));
    out.extend_from_slice(b"QUIT\r\n");
    out
}

/// How many messages [`small_messages_transcript`] sends.
pub const SMALL_MESSAGES: usize = 100;

/// The size of each of them: about 2 KiB (whole 78-octet lines, so 2 106).
pub const SMALL_MESSAGE_SIZE: usize = 2 * 1024;

/// A pipelined session of small messages: EHLO, then
/// [`SMALL_MESSAGES`] times MAIL, one RCPT, DATA and a message of about
/// [`SMALL_MESSAGE_SIZE`] octets with its ".", then QUIT, all in one read:
/// the per-command and per-message costs beside the 100 KiB session.
pub fn small_messages_transcript() -> Vec<u8> {
    let message = message(SMALL_MESSAGE_SIZE);
    let wire = data_wire(&message);
    let mut out = b"EHLO client.example.com\r\n".to_vec();
    for i in 0..SMALL_MESSAGES {
        let size = message.len();
        out.extend_from_slice(
            format!(
                "MAIL FROM:<sender{i}@example.com> SIZE={size}\r\n\
                 RCPT TO:<rcpt{i}@example.org>\r\nDATA\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(&wire);
    }
    out.extend_from_slice(b"QUIT\r\n");
    out
}

/// What a session run saw: message octets and complete messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionTally {
    /// Unstuffed body octets handed out.
    pub body: usize,
    /// Messages that reached their end (the "." line).
    pub messages: usize,
}

/// Runs a server session of this workspace on `transcript`, which arrives
/// in one read, from creating the session (it copies `config`) to QUIT,
/// accepting every decision; the replies are dropped once more than 4 KiB
/// are buffered, as if sent.
///
/// # Panics
/// If the session reports an error: every decision is answered.
pub fn run_session(config: &ServerConfig, transcript: &[u8]) -> SessionTally {
    let mut session = ServerSession::new(config.clone());
    let mut rest = transcript;
    let mut tally = SessionTally::default();
    loop {
        let step = session.handle(rest).expect("decisions are answered");
        rest = &rest[step.consumed..];
        match step.event {
            ServerEvent::Body(data) => tally.body += black_box(data).len(),
            ServerEvent::Closed | ServerEvent::NeedInput => break,
            ServerEvent::MessageEnd => {
                tally.messages += 1;
                session.accept().expect("pending");
            }
            _ if session.decision_pending() => session.accept().expect("pending"),
            _ => {}
        }
        if session.output().len() > 4096 {
            let n = session.output().len();
            session.advance_output(n);
        }
    }
    tally
}

/// Decodes a DATA body (`wire`, terminator included) arriving in
/// `read`-octet reads with this workspace's decoder, which keeps its state
/// across reads, so each read is handed over as it is; returns the body
/// octets handed out.
pub fn decode_data(options: DataOptions, wire: &[u8], read: usize) -> usize {
    let mut decoder = DataDecoder::new(options);
    let mut body = 0;
    for piece in wire.chunks(read) {
        let mut input = piece;
        while !input.is_empty() {
            match decoder.decode(input) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    body += black_box(data).len();
                    input = &input[consumed..];
                }
                Ok(
                    Decoded::Incomplete { .. }
                    | Decoded::Complete {
                        value: BodyPart::End,
                        ..
                    },
                )
                | Err(_) => break,
            }
        }
    }
    body
}

/// Encodes `message` for DATA (stuffing, then the terminator) in
/// `read`-octet pieces into the cleared `out`; the wire length.
///
/// # Panics
/// Never: with no line limit the encoder has nothing to refuse.
pub fn encode_data(message: &[u8], read: usize, out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
    for piece in message.chunks(read) {
        encoder.encode(piece, out).expect("no line limit");
    }
    encoder.finish(out);
    out.len()
}

/// Reads one BDAT chunk (`chunk`, the whole of it) arriving in
/// `read`-octet reads with this workspace's reader, which hands out slices
/// of the input; the octets it took.
pub fn read_bdat(chunk: &[u8], read: usize) -> usize {
    let mut reader = ChunkDecoder::new(chunk.len() as u64);
    let mut total = 0;
    for piece in chunk.chunks(read) {
        total += black_box(reader.decode(piece)).map_or(0, |d| d.consumed());
    }
    total
}

/// Decodes the command line `line`; whether it is one complete command.
/// The result goes through `black_box` whole, as in the peers' drivers,
/// so every driver builds its full value and hands back one flag.
pub fn decode_command(decoder: &mut CommandDecoder, line: &[u8]) -> bool {
    matches!(
        black_box(decoder.decode(line)),
        Ok(Decoded::Complete { .. })
    )
}

/// Decodes a pipelined `stream` of commands arriving in `read`-octet
/// reads with this workspace's decoder (through [`feed_in_reads`]);
/// returns how many commands (or refusals) came out.
pub fn decode_stream(
    decoder: &mut CommandDecoder,
    stream: &[u8],
    read: usize,
    buf: &mut Vec<u8>,
) -> usize {
    feed_in_reads(stream, read, buf, |input| match decoder.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            black_box(&value);
            (consumed, true)
        }
        Ok(Decoded::Incomplete { consumed }) => (consumed, false),
        Err(e) => (e.consumed(), true),
    })
}

/// Frames the same stream into lines with this workspace's framer alone.
pub fn frame_stream(
    framer: &mut LineFramer,
    stream: &[u8],
    read: usize,
    buf: &mut Vec<u8>,
) -> usize {
    feed_in_reads(stream, read, buf, |input| match framer.decode(input) {
        Ok(Decoded::Complete { value, consumed }) => {
            black_box(value);
            (consumed, true)
        }
        Ok(Decoded::Incomplete { consumed }) => (consumed, false),
        Err(e) => (e.consumed(), true),
    })
}

/// Decodes one complete reply; returns its code, enhanced code and text
/// length, so none of them is optimised away.
///
/// # Panics
/// If `input` is not one complete reply.
pub fn decode_reply(
    decoder: &mut ReplyDecoder,
    input: &[u8],
) -> (ReplyCode, Option<EnhancedStatusCode>, usize) {
    let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(input) else {
        panic!("a complete reply");
    };
    (reply.code(), reply.enhanced(), reply.text().len())
}

/// Decodes a complete EHLO reply and types every capability in it;
/// returns how many there are.
///
/// # Panics
/// If `input` is not one complete EHLO reply.
pub fn decode_ehlo(decoder: &mut ReplyDecoder, input: &[u8]) -> usize {
    let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(input) else {
        panic!("a complete reply");
    };
    reply.ehlo().expect("an EHLO reply").capabilities().count()
}

/// Decodes a multiline reply with a new decoder, the buffer growing by
/// `step` octets per call (as a client reading a slow server sees it);
/// returns its line count.
///
/// # Panics
/// If `input` is not one complete reply within `options`.
pub fn decode_reply_in_steps(options: ReplyOptions, input: &[u8], step: usize) -> usize {
    let mut decoder = ReplyDecoder::new(options);
    let mut end = 0;
    loop {
        end = (end + step).min(input.len());
        match decoder.decode(&input[..end]) {
            Ok(Decoded::Complete { value, .. }) => break value.line_count(),
            Ok(Decoded::Incomplete { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
}

/// Feeds `stream` in `read`-sized pieces into a buffer the way a server
/// does (append what arrived, let `step` use a prefix, drop what it used),
/// and returns how many items `step` reported.
///
/// `step` returns `(consumed, produced_item)`; `consumed == 0` without an
/// item means it needs more input.
pub fn feed_in_reads(
    stream: &[u8],
    read: usize,
    buf: &mut Vec<u8>,
    mut step: impl FnMut(&[u8]) -> (usize, bool),
) -> usize {
    buf.clear();
    let mut items = 0;
    for piece in stream.chunks(read) {
        buf.extend_from_slice(piece);
        let mut start = 0;
        loop {
            let (consumed, item) = step(&buf[start..]);
            start += consumed;
            items += usize::from(item);
            if consumed == 0 && !item {
                break;
            }
        }
        buf.drain(..start);
    }
    items
}
