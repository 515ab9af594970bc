//! An arbitrary client byte stream, split at arbitrary points, and arbitrary
//! embedder decisions → `ServerSession`:
//!
//! - `handle` never fails while the harness keeps the decision protocol
//!   (answers every decision event before calling again, calls
//!   `tls_established` after `StartTls`); it never panics;
//! - every step consumes at most the input it was given, and a livelock
//!   (steps without progress) is caught by a step budget;
//! - decision methods misused on purpose (a 2yz `reject`, a 3yz `respond`,
//!   a `challenge` for something other than AUTH, `handle` while a decision
//!   or the TLS handshake is pending) fail and change nothing;
//! - the buffered output never exceeds `config().max_output` by more than
//!   what one step may answer (one reply, a bad command's reply plus the
//!   closing 421, the EHLO reply, or one reply per accepted LMTP recipient)
//!   when the harness flushes on `NeedFlush` — also in "lazy" mode, where
//!   it flushes nothing else until then;
//! - everything the session ever writes decodes, reply after reply, with a
//!   `ReplyDecoder` (generous line limit), and every flush ends on a reply
//!   boundary.
//!
//! - a command that must end a pipelined batch with input behind it ends
//!   the session (`ImproperPipelining`, everything given consumed), unless
//!   the configuration allows it.
//!
//! Input layout: `[config][max_output][limits][8 decision bytes][split
//! seed]` then the client's bytes. Config bits: 1 STARTTLS, 2 AUTH, 4 SIZE,
//! 8 SMTPUTF8+DSN, 16 LMTP, 32 allow improper pipelining, 64/128 DATA
//! policy; max_output bits: 1 lazy flushing, 0x20 a junk-command limit of
//! 2, 0x40 no CHUNKING, 0x80 BINARYMIME (the rest sets `max_output`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::LineEndPolicy;
use smtp_sansio_codec::proto::{Capability, Domain, EnhancedStatusCode, Reply, ReplyCode, Text};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions};
use smtp_sansio_codec::server::{ServerConfig, ServerError, ServerEvent, ServerSession};

/// Reply octets a single step may add at most, beyond one line of the
/// longest kind; `ehlo` is the EHLO reply's length.
fn step_bound(config: &ServerConfig, ehlo: usize) -> usize {
    let per_reply = 512;
    let lmtp = if config.lmtp {
        config.max_recipients.min(1 << 16)
    } else {
        1
    };
    ehlo.max(2 * per_reply) + lmtp * per_reply
}

fn config(c0: u8, c1: u8, c2: u8) -> ServerConfig {
    let mut config = ServerConfig::new(Domain::try_from("mx.example.com").unwrap());
    if c0 & 1 != 0 {
        config.capabilities.push(Capability::StartTls);
    }
    if c0 & 2 != 0 {
        config
            .capabilities
            .push(Capability::Auth("PLAIN LOGIN".try_into().unwrap()));
    }
    if c0 & 4 != 0 {
        config
            .capabilities
            .push(Capability::Size(Some(u64::from(c2) * 16)));
    }
    if c0 & 8 != 0 {
        config.capabilities.push(Capability::SmtpUtf8);
        config.capabilities.push(Capability::Dsn);
    }
    config.lmtp = c0 & 16 != 0;
    config.allow_improper_pipelining = c0 & 32 != 0;
    if c1 & 0x20 != 0 {
        config.max_junk_commands = 2;
    }
    if c1 & 0x40 != 0 {
        config.capabilities.retain(|c| *c != Capability::Chunking);
    }
    if c1 & 0x80 != 0 {
        config.capabilities.push(Capability::BinaryMime);
    }
    config.data.policy = match (c0 >> 6) & 3 {
        0 => LineEndPolicy::Reject,
        1 => LineEndPolicy::Normalize,
        2 => LineEndPolicy::Allow,
        _ => {
            config.commands.leniency.bare_lf_line_ends = true;
            config.commands.leniency.space_after_colon = true;
            config.commands.leniency.trailing_whitespace = true;
            LineEndPolicy::Reject
        }
    };
    if c1 != 0 {
        config.max_output = 64 + usize::from(c1) * 8;
    }
    if c2 & 0x80 != 0 {
        config.max_recipients = 1 + usize::from(c2 % 4);
    }
    if c2 & 0x40 != 0 {
        config.max_errors = 1 + usize::from((c2 >> 2) & 0x0f);
    }
    if c2 & 0x20 != 0 {
        config.sasl_line_limit = 16 + usize::from(c2 & 0x1f);
    }
    config
}

/// The session's output so far, checked as a stream of replies.
struct Sent {
    bytes: Vec<u8>,
    checked: usize,
    decoder: ReplyDecoder,
}

impl Sent {
    fn flush(&mut self, session: &mut ServerSession) {
        let n = session.output().len();
        self.bytes.extend_from_slice(session.output());
        session.advance_output(n);
        assert!(session.output().is_empty());
        while self.checked < self.bytes.len() {
            match self.decoder.decode(&self.bytes[self.checked..]) {
                Ok(Decoded::Complete { consumed, .. }) => self.checked += consumed,
                other => panic!(
                    "output is not a whole number of valid replies: {other:?} in {:?}",
                    String::from_utf8_lossy(&self.bytes[self.checked..])
                ),
            }
        }
    }
}

fn reply(code: u16, enhanced: Option<&str>, text: &str) -> Reply<'static> {
    let code = ReplyCode::new(code).unwrap();
    let text = Text::try_from(text.to_owned()).unwrap();
    match enhanced {
        Some(e) => {
            Reply::with_enhanced(code, EnhancedStatusCode::try_from(e).unwrap(), text).unwrap()
        }
        None => Reply::new(code, text),
    }
}

/// Answers the pending decision(s) as `byte` says; `auth` when it is AUTH.
fn decide(session: &mut ServerSession, auth: bool, decisions: &[u8], next: &mut usize) {
    while session.decision_pending() {
        let byte = decisions[*next % decisions.len()];
        *next += 1;
        let result = match byte % 5 {
            0 => session.accept(),
            1 => session.reject(&reply(550, Some("5.7.1"), "Rejected by policy")),
            2 => session.reject(&reply(
                451 + u16::from(byte >> 7) * 3,
                None,
                "Try again later",
            )),
            3 if auth => session.challenge(&Text::try_from("VXNlcm5hbWU6").unwrap()),
            3 => session.respond(&reply(250, Some("2.0.0"), "Fine")),
            _ => {
                // Misuse: refused, and nothing changes.
                let before = session.output().to_vec();
                assert_eq!(
                    session.reject(&reply(250, None, "OK")),
                    Err(ServerError::WrongReplyClass)
                );
                assert_eq!(
                    session.respond(&reply(354, None, "Go")),
                    Err(ServerError::WrongReplyClass)
                );
                if !auth {
                    let text = Text::try_from("x").unwrap();
                    assert_eq!(session.challenge(&text), Err(ServerError::NoSuchDecision));
                }
                assert_eq!(
                    session.handle(b"NOOP\r\n"),
                    Err(ServerError::DecisionPending)
                );
                assert_eq!(session.output(), &before[..]);
                assert!(session.decision_pending());
                session.accept()
            }
        };
        result.expect("a pending decision takes this answer");
    }
}

fuzz_target!(|data: &[u8]| {
    let [
        c0,
        c1,
        c2,
        d0,
        d1,
        d2,
        d3,
        d4,
        d5,
        d6,
        d7,
        seed,
        stream @ ..,
    ] = data
    else {
        return;
    };
    let decisions = [*d0, *d1, *d2, *d3, *d4, *d5, *d6, *d7];
    let lazy = c1 & 1 != 0;
    let mut session = ServerSession::new(config(*c0, *c1, *c2));
    let max_output = session.config().max_output;

    // The EHLO reply this configuration sends, for the output bound.
    let ehlo_len = 64
        + session
            .config()
            .capabilities
            .iter()
            .map(|c| c.to_string().len() + 6)
            .sum::<usize>();
    let bound = max_output + step_bound(session.config(), ehlo_len);

    // Piece lengths from a small xorshift: 1..=64 octets, or whole.
    let mut pieces = Vec::new();
    let mut state = u32::from(*seed) | 0x100;
    let mut rest = stream;
    while !rest.is_empty() {
        let len = if *seed == 0 {
            rest.len()
        } else {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            1 + (state % 64) as usize
        };
        let (a, b) = rest.split_at(len.min(rest.len()));
        pieces.push(a);
        rest = b;
    }
    let budget = 4 * (stream.len() + pieces.len()) + 64;
    let mut pieces = pieces.into_iter();

    let mut sent = Sent {
        bytes: Vec::new(),
        checked: 0,
        decoder: ReplyDecoder::new(
            ReplyOptions::default()
                .with_max_line(1 << 16)
                .with_max_lines(usize::MAX)
                .with_max_reply_bytes(usize::MAX),
        ),
    };
    sent.flush(&mut session);
    let mut buffer: Vec<u8> = Vec::new();
    let mut next = 0;
    let mut steps = 0;
    loop {
        steps += 1;
        assert!(
            steps <= budget,
            "no progress: {steps} steps for {} octets",
            stream.len()
        );
        let step = session
            .handle(&buffer)
            .expect("the harness keeps the protocol");
        let consumed = step.consumed;
        assert!(consumed <= buffer.len());
        let mut done = false;
        match step.event {
            ServerEvent::NeedInput => {
                if !lazy {
                    sent.flush(&mut session);
                }
                match pieces.next() {
                    Some(piece) => {
                        buffer.drain(..consumed);
                        buffer.extend_from_slice(piece);
                        assert!(session.output().len() <= bound);
                        continue;
                    }
                    None => done = true,
                }
            }
            ServerEvent::NeedFlush => {
                assert_eq!(consumed, 0);
                assert!(session.output().len() >= max_output);
                sent.flush(&mut session);
            }
            ServerEvent::Mail { .. }
            | ServerEvent::Rcpt { .. }
            | ServerEvent::ChunkEnd
            | ServerEvent::MessageEnd
            | ServerEvent::Auth { .. }
            | ServerEvent::AuthResponse(_) => {
                assert!(session.decision_pending());
                let auth = matches!(
                    step.event,
                    ServerEvent::Auth { .. } | ServerEvent::AuthResponse(_)
                );
                decide(&mut session, auth, &decisions, &mut next);
            }
            ServerEvent::StartTls { discarded } => {
                assert_eq!(consumed, buffer.len(), "input after STARTTLS is dropped");
                assert!(discarded < buffer.len());
                sent.flush(&mut session);
                assert_eq!(session.handle(b"EHLO x\r\n"), Err(ServerError::AwaitingTls));
                session.tls_established().expect("STARTTLS was accepted");
                assert!(session.is_tls());
            }
            ServerEvent::ImproperPipelining { discarded, .. } => {
                assert_eq!(consumed, buffer.len(), "the rest of the input is dropped");
                assert!(discarded < buffer.len());
                assert!(session.is_closed() && !session.decision_pending());
            }
            ServerEvent::Closed => {
                assert!(session.is_closed());
                sent.flush(&mut session);
                assert_eq!(
                    session.handle(b"NOOP\r\n").map(|s| (s.consumed, s.event)),
                    Ok((0, ServerEvent::Closed))
                );
                done = true;
            }
            ServerEvent::Body(body) => {
                assert!(!body.is_empty());
                assert!(!session.decision_pending());
            }
            _ => assert!(!session.decision_pending()),
        }
        assert!(
            session.output().len() <= bound,
            "output {} past max_output {max_output} plus one step",
            session.output().len()
        );
        buffer.drain(..consumed);
        if done {
            break;
        }
    }
    sent.flush(&mut session);
});
