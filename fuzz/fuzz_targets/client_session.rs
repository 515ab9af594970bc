//! Arbitrary reply byte streams and calls (`send`, `quit`, `starttls`, and
//! `tls_established` after `StartTls`) → `ClientSession`: it never panics,
//! `handle` consumes at most what it was given, and every octet it writes
//! is either commands or a DATA body in the right place.
//!
//! How command bytes are told from body bytes: the harness attributes each
//! piece of new output to the call that wrote it. A piece written by
//! `send`/`quit`/`starttls`/`tls_established`, or by a `handle` call, must
//! decode completely as commands with `CommandDecoder` (a `BDAT n` line is
//! followed by exactly `n` chunk octets, which are skipped), with `DATA`
//! only as the last command of a piece (RFC 2920: DATA ends a batch). The
//! one exception: when the reply that `handle` call consumed was a 354, the
//! piece may instead be a DATA body — then it must be one complete
//! dot-stuffed stream (the decoder reaches CRLF "." CRLF exactly at its
//! end) whose message is the last `send`'s, canonicalised, or empty (the
//! client aborting with an empty body). A body never parses as commands (it
//! ends with the line "."), so the choice is unambiguous.
//!
//! Also: once `DATA` has been written, no further command may be written
//! before at least one more reply has been consumed (the client must wait
//! for the 354 before sending anything else). A `handle` call may consume
//! several whole replies; only the last may have written anything.
//!
//! Input layout: `[config]` then an `Arbitrary` list of operations. Config
//! bits: 1 LMTP, 2 prefer BDAT, 4 no pipelining, 8 bare-LF replies; the high
//! nibble sets the chunk size, and when odd, QUIT (not RSET) follows a
//! refused chunk.
#![no_main]

use core::num::NonZeroUsize;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use smtp_codec_fuzz::{canonical, roomy};
use smtp_sansio_codec::body::{BodyPart, DataDecoder, DataOptions, LineEndPolicy};
use smtp_sansio_codec::client::{AfterRefusal, ClientConfig, ClientEvent, ClientSession, Envelope};
use smtp_sansio_codec::command::CommandDecoder;
use smtp_sansio_codec::proto::{
    Command, ForwardPath, Host, MailParameters, RcptParameters, Reply, ReversePath,
};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, encode_reply};
use smtp_sansio_codec::{Decoded, Step};

const CANNED: &[&str] = &[
    "220 mx.example.com ESMTP Postfix\r\n",
    "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n",
    "250-mx.example.com Hello\r\n250-CHUNKING\r\n250 ENHANCEDSTATUSCODES\r\n",
    "250-smtp.gmail.com at your service\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
    "250 mx.example.com\r\n",
    "250 2.1.0 Ok\r\n",
    "250 2.1.5 Ok\r\n",
    "354 End data with <CR><LF>.<CR><LF>\r\n",
    "250 2.0.0 Ok: queued as 4BZ3vK1Xq9z9sWQ\r\n",
    "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown\r\n",
    "451 4.3.0 Try again later\r\n",
    "554 5.5.1 Error: no valid recipients\r\n",
    "220 2.0.0 Ready to start TLS\r\n",
    "221 2.0.0 Bye\r\n",
    "421 4.7.0 Too many errors\r\n",
    "250-mx.example.com\r\n250-PIPELINING\r\n250 STARTTLS\r\n",
];

#[derive(Arbitrary, Debug)]
enum Op {
    /// Raw reply octets.
    Feed(Vec<u8>),
    /// A real-looking reply (or EHLO reply).
    Canned(u8),
    /// Several canned replies in one read.
    Burst(Vec<u8>),
    /// An arbitrary valid reply, encoded.
    Reply(Reply<'static>),
    Send {
        from: ReversePath<'static>,
        parameters: MailParameters<'static>,
        recipients: Vec<(ForwardPath<'static>, RcptParameters<'static>)>,
        message: Vec<u8>,
    },
    Quit,
    StartTls,
}

/// Whether `piece` is whole commands; `Err` says why not. Returns whether
/// its last command was DATA.
fn commands(piece: &[u8]) -> Result<bool, String> {
    let decoder = CommandDecoder::new(roomy());
    let mut at = 0;
    let mut data_last = false;
    while at < piece.len() {
        if data_last {
            return Err(format!("a command after DATA at {at}"));
        }
        match decoder.clone().decode(&piece[at..]) {
            Ok(Decoded::Complete { value, consumed }) => {
                at += consumed;
                match value {
                    Command::Data => data_last = true,
                    Command::Bdat { size, .. } => {
                        let size = usize::try_from(size).unwrap();
                        if piece.len() - at < size {
                            return Err(format!("BDAT {size} with {} octets", piece.len() - at));
                        }
                        at += size;
                    }
                    _ => {}
                }
            }
            other => return Err(format!("{other:?} at {at}")),
        }
    }
    Ok(data_last)
}

/// Whether `piece` is one complete DATA stream carrying `message` or an
/// empty one.
fn body(piece: &[u8], message: &[u8]) -> Result<(), String> {
    let mut decoder = DataDecoder::new(DataOptions::default().with_policy(LineEndPolicy::Allow));
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        match decoder.decode(&piece[at..]) {
            Ok(Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            }) => {
                out.extend_from_slice(data);
                at += consumed;
            }
            Ok(Decoded::Complete {
                value: BodyPart::End,
                consumed,
            }) if at + consumed == piece.len() => break,
            other => return Err(format!("not a DATA stream: {other:?}")),
        }
    }
    if out.is_empty() || out == canonical(message) {
        Ok(())
    } else {
        Err("the body is not the message".into())
    }
}

struct Harness {
    client: ClientSession,
    inbox: Vec<u8>,
    /// DATA was written and no reply consumed since.
    data_unanswered: bool,
    message: Vec<u8>,
    dead: bool,
    peek: ReplyDecoder,
}

impl Harness {
    /// Checks what a non-`handle` call wrote since `before`.
    fn check_call(&mut self, before: usize) {
        let piece = &self.client.output()[before..];
        if piece.is_empty() {
            return;
        }
        assert!(
            !self.data_unanswered,
            "a command written right after DATA: {:?}",
            String::from_utf8_lossy(piece)
        );
        match commands(piece) {
            Ok(data) => self.data_unanswered |= data,
            Err(e) => panic!("{e}: {:?}", String::from_utf8_lossy(piece)),
        }
    }

    /// Feeds the inbox to `handle` until it needs more.
    fn pump(&mut self) {
        let mut budget = self.inbox.len() + 64;
        while !self.dead {
            budget -= 1;
            assert!(budget > 0, "no progress");
            let before = self.client.output().len();
            let Step { consumed, event } = match self.client.handle(&self.inbox) {
                Ok(step) => step,
                Err(_) => {
                    self.dead = true;
                    return;
                }
            };
            assert!(consumed <= self.inbox.len());
            // The step consumed whole replies; the earlier ones (if any)
            // wrote nothing, so what was written answers the last one.
            let mut code = None;
            let mut at = 0;
            while at < consumed {
                match self.peek.decode(&self.inbox[at..consumed]) {
                    Ok(Decoded::Complete {
                        value: reply,
                        consumed: n,
                    }) => {
                        code = Some(reply.code().get());
                        at += n;
                    }
                    other => panic!("handle consumes whole replies: {other:?}"),
                }
            }
            if code.is_some() {
                self.data_unanswered = false;
            }
            let piece = &self.client.output()[before..];
            if !piece.is_empty() {
                match commands(piece) {
                    Ok(data) => self.data_unanswered |= data,
                    Err(e) => {
                        assert_eq!(code, Some(354), "{e}: {:?}", String::from_utf8_lossy(piece));
                        if let Err(e) = body(piece, &self.message) {
                            panic!("{e}: {:?}", String::from_utf8_lossy(piece));
                        }
                    }
                }
            }
            self.inbox.drain(..consumed);
            match event {
                ClientEvent::NeedInput if consumed == 0 => return,
                ClientEvent::StartTls => {
                    // The handshake: nothing more may have been read.
                    assert!(self.inbox.is_empty());
                    let before = self.client.output().len();
                    self.client.tls_established();
                    self.check_call(before);
                }
                _ => {}
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [c0, rest @ ..] = data else { return };
    let mut config = ClientConfig::new(Host::try_from("client.example").unwrap());
    config.lmtp = c0 & 1 != 0;
    config.prefer_bdat = c0 & 2 != 0;
    config.pipelining = c0 & 4 == 0;
    config.replies = ReplyOptions::default().with_bare_lf(c0 & 8 != 0);
    config.chunk_size = NonZeroUsize::new(1 + usize::from(c0 >> 4) * 5).unwrap();
    // Odd chunk-size nibbles end a refused BDAT transaction with QUIT.
    if c0 & 0x10 != 0 {
        config.after_refused_chunk = AfterRefusal::Quit;
    }
    let mut h = Harness {
        client: ClientSession::new(config),
        inbox: Vec::new(),
        data_unanswered: false,
        message: Vec::new(),
        dead: false,
        // Only to find the code of the reply `handle` consumed.
        peek: ReplyDecoder::new(
            ReplyOptions::default()
                .with_bare_lf(true)
                .with_max_line(usize::MAX)
                .with_max_lines(usize::MAX)
                .with_max_reply_bytes(usize::MAX),
        ),
    };
    let mut u = Unstructured::new(rest);
    for _ in 0..64 {
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        let before = h.client.output().len();
        match op {
            Op::Feed(bytes) => h.inbox.extend_from_slice(&bytes),
            Op::Canned(i) => h
                .inbox
                .extend_from_slice(CANNED[usize::from(i) % CANNED.len()].as_bytes()),
            Op::Burst(list) => {
                for i in list {
                    h.inbox
                        .extend_from_slice(CANNED[usize::from(i) % CANNED.len()].as_bytes());
                }
            }
            Op::Reply(reply) => encode_reply(&reply, &mut h.inbox),
            Op::Send {
                from,
                parameters,
                recipients,
                message,
            } => {
                let mut envelope = Envelope::new(from).with_parameters(parameters);
                envelope.recipients = recipients;
                if h.client.send(envelope, &message).is_ok() {
                    h.message = message;
                }
                h.check_call(before);
            }
            Op::Quit => {
                h.client.quit();
                h.check_call(before);
            }
            Op::StartTls => {
                let _ = h.client.starttls();
                h.check_call(before);
            }
        }
        h.pump();
        // The caller sends the output; the checks above saw every octet.
        let n = h.client.output().len();
        h.client.advance_output(n);
    }
});
