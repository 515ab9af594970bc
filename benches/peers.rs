//! The peers' drivers, one per benchmarked path, shared by the criterion
//! targets, the allocation report, the instruction-count driver and the
//! strictness tests. The peers are dev-dependencies, which the library
//! (`src/lib.rs`) cannot reach, so each target includes this file with
//! `#[path = "../peers.rs"] mod peers;` and uses what it needs.
#![allow(dead_code)] // each target uses a part

/// Stalwart Labs' `smtp-proto` 0.2 (`peer_stalwart`): it reads from a byte
/// iterator, finds the line end itself and keeps a partial line between
/// calls.
pub(crate) mod stalwart {
    use peer_stalwart::request::receiver::{BdatReceiver, DataReceiver, RequestReceiver};
    use peer_stalwart::response::parser::ResponseReceiver;
    use peer_stalwart::{EhloResponse, Error, Request, Response};
    use std::hint::black_box;

    /// One command line, CRLF included.
    pub(crate) fn decode_command(line: &[u8]) -> bool {
        black_box(Request::parse(&mut line.iter())).is_ok()
    }

    /// The pipelined stream in `read`-octet reads through its
    /// `RequestReceiver`; returns the requests it produced.
    pub(crate) fn decode_stream(stream: &[u8], read: usize) -> usize {
        let mut receiver = RequestReceiver::default();
        let mut n = 0;
        for piece in stream.chunks(read) {
            let mut bytes = piece.iter();
            loop {
                match receiver.ingest(&mut bytes) {
                    Ok(request) => {
                        black_box(&request);
                        n += 1;
                    }
                    Err(Error::NeedsMoreData { .. }) => break,
                    Err(_) if bytes.as_slice().is_empty() => break,
                    Err(_) => {}
                }
            }
        }
        n
    }

    /// One complete reply; its code and text length.
    pub(crate) fn decode_reply(input: &[u8]) -> (u16, usize) {
        let mut receiver = ResponseReceiver::default();
        let reply = receiver.parse(&mut input.iter()).expect("a reply");
        (reply.code(), reply.message().len())
    }

    /// A complete EHLO reply; the capabilities, as the bit set it keeps
    /// them in.
    pub(crate) fn decode_ehlo(input: &[u8]) -> u32 {
        EhloResponse::parse(&mut input.iter())
            .expect("EHLO")
            .capabilities
    }

    /// A reply fed `step` octets per call; its code, or `None` when it
    /// refuses the reply (it takes at most 4 096 octets of one).
    pub(crate) fn decode_reply_in_steps(input: &[u8], step: usize) -> Option<u16> {
        let mut receiver = ResponseReceiver::default();
        for piece in input.chunks(step) {
            match receiver.parse(&mut piece.iter()) {
                Ok(reply) => return Some(reply.code()),
                Err(Error::NeedsMoreData { .. }) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// The EHLO reply it parsed, to write back out.
    pub(crate) fn parsed_ehlo(input: &[u8]) -> EhloResponse<String> {
        EhloResponse::parse(&mut input.iter()).expect("EHLO")
    }

    /// `550 5.1.1 User unknown`, to write out.
    pub(crate) fn enhanced_reply() -> Response<&'static str> {
        Response::new(550, 5, 1, 1, "User unknown")
    }

    /// Writes `reply` into the cleared `out`; its length.
    pub(crate) fn encode_reply(reply: &Response<&'static str>, out: &mut Vec<u8>) -> usize {
        out.clear();
        reply.write(&mut *out).expect("a Vec takes it");
        out.len()
    }

    /// Writes `ehlo` into the cleared `out`; its length.
    pub(crate) fn encode_ehlo(ehlo: &EhloResponse<String>, out: &mut Vec<u8>) -> usize {
        out.clear();
        ehlo.write(&mut *out).expect("a Vec takes it");
        out.len()
    }

    /// A DATA body in `read`-octet reads through its `DataReceiver`, which
    /// copies the unstuffed body into `out`; the body length.
    pub(crate) fn decode_data(wire: &[u8], read: usize, out: &mut Vec<u8>) -> usize {
        out.clear();
        let mut receiver = DataReceiver::new();
        for piece in wire.chunks(read) {
            if receiver.ingest(&mut piece.iter(), out) {
                break;
            }
        }
        out.len()
    }

    /// A BDAT chunk in `read`-octet reads through its `BdatReceiver`, which
    /// copies it into `out`; the chunk length.
    pub(crate) fn decode_bdat(chunk: &[u8], read: usize, out: &mut Vec<u8>) -> usize {
        out.clear();
        let mut receiver = BdatReceiver::new(chunk.len(), true);
        for piece in chunk.chunks(read) {
            receiver.ingest(&mut piece.iter(), out);
        }
        out.len()
    }
}

/// GOLIA's `mailrs-smtp-proto` 1 (`peer_mailrs`): `parse_command` takes one
/// line as `&str` without its CRLF, so the embedder frames lines and checks
/// UTF-8 first; `unstuff_line` takes one body line with its line end. The
/// framing here is the least an embedder writes: `memchr` for the LF, then
/// the CRLF (or a bare LF) dropped. The crate has no reply parser and no
/// BDAT.
pub(crate) mod mailrs {
    use peer_mailrs::{
        Command, Event, ParseError, Response, Session, SessionConfig, format_ehlo_response,
        parse_command, unstuff_line,
    };
    use smtp_benches::SessionTally;
    use std::hint::black_box;

    /// Why a line got no command.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum Refused {
        /// The line is not UTF-8, so it cannot be handed to `parse_command`.
        NotUtf8,
        /// `parse_command` refused it.
        Parse(ParseError),
    }

    /// The end of the first line of `buf` (the octet after its LF).
    fn line_end(buf: &[u8]) -> Option<usize> {
        memchr::memchr(b'\n', buf).map(|i| i + 1)
    }

    /// Frames and parses the first command line of `buf`: the command (or
    /// the refusal) and the octets the line took, or `None` without a LF.
    pub(crate) fn decode_command(buf: &[u8]) -> Option<(Result<Command<'_>, Refused>, usize)> {
        let end = line_end(buf)?;
        let line = &buf[..end - 1];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let command = match std::str::from_utf8(line) {
            Ok(text) => parse_command(text).map_err(Refused::Parse),
            Err(_) => Err(Refused::NotUtf8),
        };
        Some((command, end))
    }

    /// Parses the command line `line`; whether it parsed. The result goes
    /// through `black_box` whole, as in the other drivers.
    pub(crate) fn parses(line: &[u8]) -> bool {
        matches!(black_box(decode_command(line)), Some((Ok(_), _)))
    }

    /// Whether it parses the line `line` (CRLF included).
    pub(crate) fn accepts(line: &[u8]) -> bool {
        matches!(decode_command(line), Some((Ok(_), n)) if n == line.len())
    }

    /// The pipelined stream in `read`-octet reads, through the same
    /// buffering driver as this workspace's decoder
    /// ([`smtp_benches::feed_in_reads`]); the commands (and refusals).
    pub(crate) fn decode_stream(stream: &[u8], read: usize, buf: &mut Vec<u8>) -> usize {
        smtp_benches::feed_in_reads(stream, read, buf, |input| match decode_command(input) {
            Some((command, used)) => {
                black_box(&command);
                (used, true)
            }
            None => (0, false),
        })
    }

    /// Hands each line of `stream`, arriving in `read`-octet reads, to
    /// `line` (with its line end) until it returns `false`: lines within a
    /// read are used where they are, and only a line cut by a read end is
    /// copied into `carry`. This is the cheapest way to feed a line-based
    /// API from reads.
    pub(crate) fn feed_lines(
        stream: &[u8],
        read: usize,
        carry: &mut Vec<u8>,
        mut line: impl FnMut(&[u8]) -> bool,
    ) {
        carry.clear();
        for piece in stream.chunks(read) {
            let mut rest = piece;
            if !carry.is_empty() {
                let Some(end) = line_end(rest) else {
                    carry.extend_from_slice(rest);
                    continue;
                };
                carry.extend_from_slice(&rest[..end]);
                rest = &rest[end..];
                if !line(carry) {
                    return;
                }
                carry.clear();
            }
            while let Some(end) = line_end(rest) {
                if !line(&rest[..end]) {
                    return;
                }
                rest = &rest[end..];
            }
            carry.extend_from_slice(rest);
        }
    }

    /// A DATA body in `read`-octet reads, each line through
    /// `unstuff_line`, which returns the unstuffed line in place (no copy)
    /// until the "." line; the body length.
    pub(crate) fn decode_data(wire: &[u8], read: usize, carry: &mut Vec<u8>) -> usize {
        let mut body = 0;
        feed_lines(wire, read, carry, |line| match unstuff_line(line) {
            Some(data) => {
                body += black_box(data).len();
                true
            }
            None => false,
        });
        body
    }

    /// `550 5.1.1 User unknown`, to write out.
    pub(crate) fn enhanced_reply() -> Response {
        Response::new(
            550,
            Some(peer_mailrs::EnhancedCode {
                class: 5,
                subject: 1,
                detail: 1,
            }),
            "User unknown",
        )
    }

    /// Writes `reply` into the cleared `out`: `Response::format` returns a
    /// new `String`, which is copied; its length.
    pub(crate) fn encode_reply(reply: &Response, out: &mut Vec<u8>) -> usize {
        out.clear();
        out.extend_from_slice(reply.format().as_bytes());
        out.len()
    }

    /// The hostname line and the capabilities of `EHLO_REPLY`, as
    /// `format_ehlo_response` takes them.
    pub(crate) fn ehlo_parts(reply: &[u8]) -> (String, Vec<String>) {
        let text = std::str::from_utf8(reply).expect("ASCII");
        let mut lines = text.split_terminator("\r\n").map(|l| l[4..].to_owned());
        let hostname = lines.next().expect("a first line");
        (hostname, lines.collect())
    }

    /// Writes the EHLO reply into the cleared `out` with
    /// `format_ehlo_response` (a new `String`, copied); its length.
    pub(crate) fn encode_ehlo(hostname: &str, capabilities: &[String], out: &mut Vec<u8>) -> usize {
        out.clear();
        out.extend_from_slice(format_ehlo_response(hostname, capabilities).as_bytes());
        out.len()
    }

    /// Runs its `Session` on `transcript` (one read), from creating the
    /// session to QUIT, as its own example drives it: each line framed and
    /// parsed, `handle_command`, the reply formatted (the EHLO reply from
    /// `capabilities()` and `format_ehlo_response`) into `out`, which is
    /// dropped once past 4 KiB as if sent; after `NeedData` the body lines
    /// through `unstuff_line` up to the "." line, then 250. The session
    /// checks no SIZE against the body and no pipelining; it answers what
    /// it gets.
    pub(crate) fn run_session(transcript: &[u8], out: &mut Vec<u8>) -> SessionTally {
        let mut session = Session::new("mx.example.com", SessionConfig::default());
        let mut tally = SessionTally::default();
        let mut rest = transcript;
        out.clear();
        while let Some((command, used)) = decode_command(rest) {
            rest = &rest[used..];
            let Ok(command) = command else {
                out.extend_from_slice(Response::syntax_error().format().as_bytes());
                continue;
            };
            match session.handle_command(&command) {
                Event::Reply(reply) => {
                    let text = if matches!(command, Command::Ehlo(_)) {
                        format_ehlo_response(&session.hostname, &session.capabilities())
                    } else {
                        reply.format()
                    };
                    out.extend_from_slice(text.as_bytes());
                }
                Event::NeedData {
                    reverse_path,
                    forward_paths,
                } => {
                    black_box((reverse_path, forward_paths));
                    out.extend_from_slice(Response::data_start().format().as_bytes());
                    while let Some(end) = line_end(rest) {
                        let line = &rest[..end];
                        rest = &rest[end..];
                        let Some(data) = unstuff_line(line) else {
                            tally.messages += 1;
                            break;
                        };
                        tally.body += black_box(data).len();
                    }
                    out.extend_from_slice(Response::data_ok().format().as_bytes());
                }
                Event::Shutdown(reply) => {
                    out.extend_from_slice(reply.format().as_bytes());
                    break;
                }
                Event::StartTls(reply)
                | Event::AuthChallenge {
                    response: reply, ..
                } => {
                    out.extend_from_slice(reply.format().as_bytes());
                }
                Event::NeedAuth { .. } => {
                    out.extend_from_slice(Response::auth_failed().format().as_bytes());
                }
            }
            if out.len() > 4096 {
                out.clear();
            }
        }
        tally
    }
}
