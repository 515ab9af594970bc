//! `ServerSession`: the server's protocol state machine, sans I/O.

use alloc::vec::Vec;

use smtp_sansio_proto::{
    Body, Capability, Command, EhloReply, Host, Reply, ReplyClass, ReplyCode, Secret, Text,
};

use super::config::ServerConfig;
use super::error::ServerError;
use super::event::{Hello, ServerEvent};
use crate::body::{BodyPart, ChunkDecoder, DataDecoder, DataError, DataErrorKind, LineEndPolicy};
use crate::command::{CommandDecoder, CommandError, CommandErrorKind};
use crate::decode::{Decoded, Step};
use crate::frame::{FrameOptions, LineFramer};
use crate::reply::canned::{reply, with_text};
use crate::reply::{encode_ehlo, encode_reply};

/// What the session is reading.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Command lines.
    Commands,
    /// A DATA body, up to CRLF "." CRLF.
    Data,
    /// An accepted BDAT chunk, read with the session's `chunk` decoder.
    Bdat,
    /// A refused BDAT chunk: its octets still follow and are skipped to
    /// stay in sync (RFC 3030 §4.2), never run as commands.
    SkipChunk(ChunkDecoder),
    /// A SASL response line after a 334 challenge.
    AuthLine,
    /// STARTTLS was accepted; no input until the handshake is done.
    AwaitingTls,
    /// QUIT, or too many errors.
    Closed,
}

/// The decision the embedder owes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Mail,
    Rcpt,
    ChunkEnd,
    /// Replies still owed for the message (one per accepted recipient in LMTP).
    MessageEnd {
        remaining: usize,
    },
    Auth,
}

/// How the body of the current transaction is being sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyMethod {
    Data,
    Bdat,
}

/// The mail transaction of RFC 5321 §3.3, as far as protocol order needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Transaction {
    /// MAIL was accepted.
    open: bool,
    /// RCPT commands accepted: what the recipient limit counts (RFC 5321
    /// §4.5.3.1.8), so refused recipients do not use up the room.
    accepted: usize,
    body: Option<BodyMethod>,
    /// MAIL had `BODY=BINARYMIME`: the body must come by BDAT, and its
    /// octets are not line-checked.
    binary: bool,
    /// Body octets received through BDAT so far.
    bdat_size: u64,
}

/// A server session: bytes in, [`ServerEvent`]s and reply bytes out. No sockets,
/// no clock, no threads; the embedder moves bytes and decides policy, the
/// session decides protocol.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::proto::Domain;
/// use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};
///
/// let mut server = ServerSession::new(ServerConfig::new(Domain::try_from("mx.example.com")?));
/// assert!(server.output().starts_with(b"220 mx.example.com"));
/// server.advance_output(server.output().len());
///
/// let step = server.handle(b"EHLO client.example\r\n")?;
/// assert!(matches!(step.event, ServerEvent::Hello { .. }));
/// // The client waited for the EHLO reply (RFC 2920: EHLO ends a batch),
/// // then pipelines its envelope.
/// let input = b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n";
/// let step = server.handle(input)?;
/// assert!(matches!(step.event, ServerEvent::Mail { .. }));
/// server.accept()?; // the embedder's policy: this sender is fine
/// assert!(server.output().ends_with(b"250 2.1.0 Sender OK\r\n"));
/// let step = server.handle(&input[step.consumed..])?;
/// assert!(matches!(step.event, ServerEvent::Rcpt { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ServerSession {
    config: ServerConfig,
    decoder: CommandDecoder,
    sasl: LineFramer,
    data: DataDecoder,
    /// The chunks of the current BDAT message, under the line-end policy.
    chunk: ChunkDecoder,
    phase: Phase,
    pending: Option<Pending>,
    greeted: Option<Hello>,
    tx: Transaction,
    authenticated: bool,
    tls: bool,
    errors: usize,
    /// NOOP, RSET, VRFY, HELP and EXPN since the session began or the last
    /// accepted message.
    junk: usize,
    out: Vec<u8>,
}

impl ServerSession {
    /// A session that has queued its `220` greeting.
    pub fn new(config: ServerConfig) -> Self {
        let mut data_options = config.data;
        data_options.max_size = config.max_message_size();
        let mut session = Self {
            decoder: CommandDecoder::new(config.command_options(false)),
            sasl: LineFramer::new(FrameOptions::new(config.sasl_line_limit)),
            data: DataDecoder::new(data_options),
            chunk: ChunkDecoder::new(0),
            phase: Phase::Commands,
            pending: None,
            greeted: None,
            tx: Transaction::default(),
            authenticated: false,
            tls: false,
            errors: 0,
            junk: 0,
            out: Vec::new(),
            config,
        };
        let greeting = alloc::format!("{} {}", session.config.hostname, session.config.greeting);
        let text = Text::try_from(greeting).unwrap_or_default();
        session.send(&Reply::new(ReplyCode::SERVICE_READY, text));
        session
    }

    /// The configuration.
    pub const fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Reply octets waiting to be sent.
    pub fn output(&self) -> &[u8] {
        &self.out
    }

    /// Drops the first `n` octets of [`output`](Self::output), once sent.
    pub fn advance_output(&mut self, n: usize) {
        self.out.drain(..n.min(self.out.len()));
    }

    /// Whether the session has ended (QUIT or too many errors).
    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// Whether a decision is owed (see [`ServerEvent`]).
    pub const fn decision_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the client authenticated in this session.
    pub const fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// Whether the connection runs over TLS (after STARTTLS).
    pub const fn is_tls(&self) -> bool {
        self.tls
    }

    /// Reads the next event from `input`, which must start where the last
    /// step's `consumed` ended.
    ///
    /// # Errors
    /// [`ServerError`] when called while a decision is pending or during
    /// the STARTTLS handshake. Bad input from the peer is never an error
    /// here: it is an event, answered by the session.
    pub fn handle<'a>(&mut self, input: &'a [u8]) -> Result<Step<ServerEvent<'a>>, ServerError> {
        if self.pending.is_some() {
            return Err(ServerError::DecisionPending);
        }
        if self.phase == Phase::AwaitingTls {
            return Err(ServerError::AwaitingTls);
        }
        if self.phase == Phase::Closed {
            return Ok(step(0, ServerEvent::Closed));
        }
        if self.out.len() >= self.config.max_output {
            return Ok(step(0, ServerEvent::NeedFlush));
        }
        Ok(match self.phase {
            Phase::Data => self.data_step(input),
            Phase::Bdat => self.bdat_step(input),
            Phase::SkipChunk(_) => self.skip_step(input),
            Phase::AuthLine => self.auth_step(input),
            _ => self.command_step(input),
        })
    }

    /// Accepts what the pending decision is about, with the standard reply:
    /// `250 2.1.0` for MAIL, `250 2.1.5` for RCPT, `250 2.0.0` for a chunk or
    /// a message (every remaining recipient in LMTP), `235 2.7.0` for AUTH.
    ///
    /// # Errors
    /// [`ServerError::NoSuchDecision`] when nothing is pending.
    pub fn accept(&mut self) -> Result<(), ServerError> {
        let pending = self.pending.ok_or(ServerError::NoSuchDecision)?;
        match pending {
            Pending::Mail => self.respond(&reply(ReplyCode::OK, 1, 0, "Sender OK")),
            Pending::Rcpt => self.respond(&reply(ReplyCode::OK, 1, 5, "Recipient OK")),
            Pending::ChunkEnd => self.respond(&reply(ReplyCode::OK, 0, 0, "Chunk received")),
            Pending::MessageEnd { remaining } => {
                for _ in 0..remaining {
                    self.respond(&reply(ReplyCode::OK, 0, 0, "Message accepted"))?;
                }
                Ok(())
            }
            Pending::Auth => self.respond(&reply(
                ReplyCode::AUTH_SUCCEEDED,
                7,
                0,
                "Authentication successful",
            )),
        }
    }

    /// Refuses what the pending decision is about with `reply` (4yz or 5yz).
    /// In LMTP, a message end takes one answer per accepted recipient.
    ///
    /// # Errors
    /// [`ServerError::NoSuchDecision`] when nothing is pending;
    /// [`ServerError::WrongReplyClass`] for a positive reply.
    pub fn reject(&mut self, reply: &Reply<'_>) -> Result<(), ServerError> {
        if reply.code().is_positive() {
            return Err(ServerError::WrongReplyClass);
        }
        self.respond(reply)
    }

    /// Answers the pending decision with any fitting reply: 2yz accepts, 4yz
    /// and 5yz refuse (and for AUTH, 235 succeeds).
    ///
    /// # Errors
    /// [`ServerError::NoSuchDecision`] when nothing is pending;
    /// [`ServerError::WrongReplyClass`] for a 3yz reply (use
    /// [`challenge`](Self::challenge) for AUTH).
    pub fn respond(&mut self, reply: &Reply<'_>) -> Result<(), ServerError> {
        let pending = self.pending.ok_or(ServerError::NoSuchDecision)?;
        let positive = match reply.code().class() {
            ReplyClass::PositiveCompletion => true,
            ReplyClass::PositiveIntermediate => return Err(ServerError::WrongReplyClass),
            _ => false,
        };
        self.send(reply);
        self.pending = None;
        match pending {
            Pending::Mail => self.tx.open = positive,
            Pending::Rcpt => self.tx.accepted += usize::from(positive),
            Pending::ChunkEnd => {
                if !positive {
                    self.tx = Transaction::default();
                }
            }
            Pending::MessageEnd { remaining } => {
                if remaining > 1 {
                    self.pending = Some(Pending::MessageEnd {
                        remaining: remaining - 1,
                    });
                } else {
                    self.tx = Transaction::default();
                }
                if positive {
                    // As Postfix: the junk command count starts over after
                    // an accepted message.
                    self.junk = 0;
                }
            }
            Pending::Auth => {
                self.authenticated = positive;
                self.phase = Phase::Commands;
            }
        }
        Ok(())
    }

    /// Answers a pending AUTH (or SASL response) with `334 challenge`; the
    /// client's next line arrives as [`ServerEvent::AuthResponse`].
    ///
    /// # Errors
    /// [`ServerError::NoSuchDecision`] unless AUTH is pending.
    pub fn challenge(&mut self, challenge: &Text<'_>) -> Result<(), ServerError> {
        if self.pending != Some(Pending::Auth) {
            return Err(ServerError::NoSuchDecision);
        }
        self.pending = None;
        // RFC 4954 §4: `"334" SP [base64] CRLF`, the space even when empty.
        self.out.extend_from_slice(b"334 ");
        self.out.extend_from_slice(challenge.as_str().as_bytes());
        self.out.extend_from_slice(b"\r\n");
        self.phase = Phase::AuthLine;
        Ok(())
    }

    /// The TLS handshake after STARTTLS is done: the session starts over as
    /// before EHLO (RFC 3207 §4.2), without a new greeting.
    ///
    /// # Errors
    /// [`ServerError::NoSuchDecision`] unless STARTTLS was accepted.
    pub fn tls_established(&mut self) -> Result<(), ServerError> {
        if self.phase != Phase::AwaitingTls {
            return Err(ServerError::NoSuchDecision);
        }
        self.tls = true;
        self.greeted = None;
        self.authenticated = false;
        self.tx = Transaction::default();
        self.decoder.reset();
        // No extension is in force until the client greets again.
        self.decoder.set_options(self.config.command_options(false));
        self.phase = Phase::Commands;
        Ok(())
    }

    fn send(&mut self, reply: &Reply<'_>) {
        encode_reply(reply, &mut self.out);
    }

    fn command_step<'a>(&mut self, input: &'a [u8]) -> Step<ServerEvent<'a>> {
        match self.decoder.decode(input) {
            Ok(Decoded::Incomplete { consumed }) => step(consumed, ServerEvent::NeedInput),
            Ok(Decoded::Complete { value, consumed }) => {
                if consumed < input.len() && self.must_end_batch(&value) {
                    return self.improper_pipelining(value, consumed, input.len());
                }
                self.command(value, consumed, input.len())
            }
            Err(error) => {
                self.send(&error.reply());
                self.count_error(step(error.consumed(), ServerEvent::BadCommand(error)))
            }
        }
    }

    /// Whether `command` must be the last of a pipelined batch, so input
    /// behind it is a synchronization error. QUIT (the session ends anyway)
    /// and STARTTLS (what follows is discarded and reported) have their own
    /// rules.
    fn must_end_batch(&self, command: &Command<'_>) -> bool {
        !self.config.allow_improper_pipelining
            && super::ends_batch(command)
            && !matches!(command, Command::Quit | Command::StartTls)
    }

    /// RFC 2920 §3.1: the client sent more behind a command whose reply it
    /// had to wait for. The command is not run; 554, and the session ends.
    fn improper_pipelining<'a>(
        &mut self,
        command: Command<'a>,
        consumed: usize,
        available: usize,
    ) -> Step<ServerEvent<'a>> {
        self.send(&reply(
            ReplyCode::TRANSACTION_FAILED,
            5,
            0,
            "Error: SMTP protocol synchronization",
        ));
        self.phase = Phase::Closed;
        step(
            available,
            ServerEvent::ImproperPipelining {
                command,
                discarded: available - consumed,
            },
        )
    }

    /// Counts a junk command; past `max_junk_commands` it is an error too.
    fn junk<'a>(&mut self, step: Step<ServerEvent<'a>>) -> Step<ServerEvent<'a>> {
        self.junk += 1;
        if self.junk > self.config.max_junk_commands {
            self.count_error(step)
        } else {
            step
        }
    }

    /// Counts a bad command; past the limit, answers 421 and closes.
    fn count_error<'a>(&mut self, step: Step<ServerEvent<'a>>) -> Step<ServerEvent<'a>> {
        self.errors += 1;
        if self.errors >= self.config.max_errors {
            self.send(&reply(
                ReplyCode::SERVICE_NOT_AVAILABLE,
                7,
                0,
                "Too many errors, closing connection",
            ));
            self.phase = Phase::Closed;
        }
        step
    }

    /// Refuses a command in the wrong place with 503 5.5.1; state unchanged.
    fn out_of_sequence<'a>(
        &mut self,
        command: Command<'a>,
        consumed: usize,
        why: &'static str,
    ) -> Step<ServerEvent<'a>> {
        self.send(&reply(ReplyCode::BAD_SEQUENCE, 5, 1, why));
        self.count_error(step(consumed, ServerEvent::OutOfSequence(command)))
    }

    /// Answers a command the session handles itself.
    fn answered<'a>(
        &mut self,
        command: Command<'a>,
        consumed: usize,
        reply: &Reply<'_>,
    ) -> Step<ServerEvent<'a>> {
        self.send(reply);
        step(consumed, ServerEvent::Answered(command))
    }

    fn command<'a>(
        &mut self,
        command: Command<'a>,
        consumed: usize,
        available: usize,
    ) -> Step<ServerEvent<'a>> {
        match command {
            Command::Helo { domain } => self.hello(Hello::Helo, domain, consumed),
            Command::Ehlo { domain } => self.hello(Hello::Ehlo, domain, consumed),
            Command::Lhlo { domain } => self.hello(Hello::Lhlo, domain, consumed),
            Command::Mail { .. } => self.mail(command, consumed),
            Command::Rcpt { .. } => self.rcpt(command, consumed),
            Command::Data => self.data(command, consumed),
            Command::Bdat { size, last } => self.bdat(command, size, last, consumed),
            Command::Rset => {
                self.tx = Transaction::default();
                self.send(&reply(ReplyCode::OK, 0, 0, "OK"));
                self.junk(step(consumed, ServerEvent::Reset))
            }
            Command::Noop { .. } => {
                let answered = self.answered(command, consumed, &reply(ReplyCode::OK, 0, 0, "OK"));
                self.junk(answered)
            }
            Command::Help { .. } => {
                let answered = self.answered(
                    command,
                    consumed,
                    &reply(ReplyCode::HELP_MESSAGE, 0, 0, "See RFC 5321"),
                );
                self.junk(answered)
            }
            Command::Vrfy { .. } => {
                let answered = self.answered(
                    command,
                    consumed,
                    &reply(
                        ReplyCode::CANNOT_VERIFY,
                        5,
                        0,
                        "Cannot VRFY user, but will accept message and attempt delivery",
                    ),
                );
                self.junk(answered)
            }
            Command::Expn { .. } => {
                let answered = self.answered(
                    command,
                    consumed,
                    &reply(ReplyCode::NOT_IMPLEMENTED, 5, 1, "EXPN not available"),
                );
                self.junk(answered)
            }
            Command::Quit => {
                let text = alloc::format!("{} closing connection", self.config.hostname);
                let bye = Text::try_from(text).unwrap_or_default();
                self.send(&with_text(ReplyCode::SERVICE_CLOSING, 0, 0, bye));
                self.phase = Phase::Closed;
                step(consumed, ServerEvent::Closed)
            }
            Command::StartTls => self.starttls(command, consumed, available),
            Command::Auth { .. } => self.auth(command, consumed),
            _ => {
                self.send(&reply(
                    ReplyCode::SYNTAX_ERROR,
                    5,
                    2,
                    "Command unrecognized",
                ));
                self.count_error(step(consumed, ServerEvent::Answered(command)))
            }
        }
    }

    fn hello<'a>(
        &mut self,
        kind: Hello,
        domain: Host<'a>,
        consumed: usize,
    ) -> Step<ServerEvent<'a>> {
        let lmtp_greeting = kind == Hello::Lhlo;
        if lmtp_greeting != self.config.lmtp {
            let command = match kind {
                Hello::Helo => Command::Helo { domain },
                Hello::Ehlo => Command::Ehlo { domain },
                Hello::Lhlo => Command::Lhlo { domain },
            };
            self.send(&reply(
                ReplyCode::SYNTAX_ERROR,
                5,
                2,
                "Command unrecognized",
            ));
            return self.count_error(step(consumed, ServerEvent::Answered(command)));
        }
        self.tx = Transaction::default();
        self.greeted = Some(kind);
        // From the next line on, exactly what this reply advertises is in
        // force: nothing after HELO.
        let options = self.config.command_options(kind != Hello::Helo);
        self.decoder.set_options(options);
        let hostname = Host::Domain(self.config.hostname.clone());
        if kind == Hello::Helo {
            let text = Text::try_from(self.config.hostname.to_string()).unwrap_or_default();
            self.send(&Reply::new(ReplyCode::OK, text));
        } else {
            let mut ehlo = EhloReply::new(hostname, Text::try_from("Hello").ok());
            for capability in &self.config.capabilities {
                if self.tls && *capability == Capability::StartTls {
                    continue;
                }
                ehlo.push(capability.clone());
            }
            encode_ehlo(&ehlo, &mut self.out);
        }
        step(consumed, ServerEvent::Hello { kind, domain })
    }

    fn mail<'a>(&mut self, command: Command<'a>, consumed: usize) -> Step<ServerEvent<'a>> {
        if self.greeted.is_none() {
            return self.out_of_sequence(command, consumed, "Send HELO/EHLO first");
        }
        if self.tx.open {
            return self.out_of_sequence(command, consumed, "Nested MAIL command");
        }
        let Command::Mail { from, parameters } = command else {
            return step(consumed, ServerEvent::Answered(command));
        };
        if let (Some(declared), Some(max)) = (parameters.size(), self.config.max_message_size()) {
            if declared > max {
                self.send(&reply(
                    ReplyCode::EXCEEDED_STORAGE,
                    3,
                    4,
                    "Message size exceeds fixed maximum message size",
                ));
                return step(
                    consumed,
                    ServerEvent::Answered(Command::Mail { from, parameters }),
                );
            }
        }
        self.tx.binary = parameters.body() == Some(Body::BinaryMime);
        self.pending = Some(Pending::Mail);
        step(consumed, ServerEvent::Mail { from, parameters })
    }

    fn rcpt<'a>(&mut self, command: Command<'a>, consumed: usize) -> Step<ServerEvent<'a>> {
        if !self.tx.open || self.tx.body.is_some() {
            return self.out_of_sequence(command, consumed, "Need MAIL before RCPT");
        }
        if self.tx.accepted >= self.config.max_recipients {
            return self.answered(
                command,
                consumed,
                &reply(ReplyCode::INSUFFICIENT_STORAGE, 5, 3, "Too many recipients"),
            );
        }
        let Command::Rcpt { to, parameters } = command else {
            return step(consumed, ServerEvent::Answered(command));
        };
        self.pending = Some(Pending::Rcpt);
        step(consumed, ServerEvent::Rcpt { to, parameters })
    }

    fn data<'a>(&mut self, command: Command<'a>, consumed: usize) -> Step<ServerEvent<'a>> {
        if !self.tx.open {
            return self.out_of_sequence(command, consumed, "Need MAIL command");
        }
        if self.tx.body == Some(BodyMethod::Bdat) {
            return self.out_of_sequence(command, consumed, "DATA after BDAT");
        }
        if self.tx.accepted == 0 {
            return self.out_of_sequence(command, consumed, "Need RCPT command");
        }
        if self.tx.binary {
            // RFC 3030 §3: BINARYMIME travels by BDAT only.
            return self.out_of_sequence(command, consumed, "BODY=BINARYMIME needs BDAT");
        }
        self.send(&reply(
            ReplyCode::START_MAIL_INPUT,
            0,
            0,
            "Start mail input; end with <CRLF>.<CRLF>",
        ));
        self.data.reset();
        self.tx.body = Some(BodyMethod::Data);
        self.phase = Phase::Data;
        step(consumed, ServerEvent::DataStart)
    }

    fn bdat<'a>(
        &mut self,
        command: Command<'a>,
        size: u64,
        last: bool,
        consumed: usize,
    ) -> Step<ServerEvent<'a>> {
        // A refused chunk's octets follow anyway and are skipped, so they
        // never run as commands.
        let skip = Phase::SkipChunk(ChunkDecoder::new(size));
        if !self.decoder.options().extensions.chunking {
            // Not offered (or HELO).
            self.phase = skip;
            return self.answered(
                command,
                consumed,
                &reply(ReplyCode::NOT_IMPLEMENTED, 5, 1, "BDAT not available"),
            );
        }
        let why = if !self.tx.open {
            Some("Need MAIL command")
        } else if self.tx.body == Some(BodyMethod::Data) {
            Some("BDAT after DATA")
        } else if self.tx.accepted == 0 {
            Some("Need RCPT command")
        } else {
            None
        };
        if let Some(why) = why {
            self.phase = skip;
            return self.out_of_sequence(command, consumed, why);
        }
        if self.tx.body.is_none() {
            // The message's first chunk: BINARYMIME content passes as it is
            // (RFC 3030 §3), text is held to the DATA policy.
            let policy = if self.tx.binary {
                LineEndPolicy::Allow
            } else {
                self.config.data.policy
            };
            self.chunk = ChunkDecoder::first(size, last, policy);
        } else {
            self.chunk.next_chunk(size, last);
        }
        self.tx.body = Some(BodyMethod::Bdat);
        self.phase = Phase::Bdat;
        step(consumed, ServerEvent::BdatStart { size, last })
    }

    fn starttls<'a>(
        &mut self,
        command: Command<'a>,
        consumed: usize,
        available: usize,
    ) -> Step<ServerEvent<'a>> {
        if !self.config.advertises(&Capability::StartTls) || self.tls {
            return self.answered(
                command,
                consumed,
                &reply(ReplyCode::NOT_IMPLEMENTED, 5, 1, "STARTTLS not available"),
            );
        }
        if self.tx.open {
            return self.out_of_sequence(command, consumed, "STARTTLS inside a transaction");
        }
        self.send(&reply(ReplyCode::SERVICE_READY, 0, 0, "Ready to start TLS"));
        self.phase = Phase::AwaitingTls;
        // Whatever followed STARTTLS in this read was sent in plaintext
        // before the handshake: never run it (CVE-2011-0411).
        step(
            available,
            ServerEvent::StartTls {
                discarded: available - consumed,
            },
        )
    }

    fn auth<'a>(&mut self, command: Command<'a>, consumed: usize) -> Step<ServerEvent<'a>> {
        if !self.config.auth_advertised() {
            return self.answered(
                command,
                consumed,
                &reply(ReplyCode::NOT_IMPLEMENTED, 5, 1, "AUTH not available"),
            );
        }
        if !matches!(self.greeted, Some(Hello::Ehlo | Hello::Lhlo)) {
            return self.out_of_sequence(command, consumed, "Send EHLO first");
        }
        if self.authenticated {
            return self.out_of_sequence(command, consumed, "Already authenticated");
        }
        if self.tx.open {
            return self.out_of_sequence(command, consumed, "AUTH inside a transaction");
        }
        let Command::Auth {
            mechanism,
            initial_response,
        } = command
        else {
            return step(consumed, ServerEvent::Answered(command));
        };
        if !self.config.offers_mechanism(&mechanism) {
            // RFC 4954 §4: a mechanism the server did not offer.
            self.send(&reply(
                ReplyCode::PARAMETER_NOT_IMPLEMENTED,
                5,
                4,
                "Unrecognized authentication type",
            ));
            let command = Command::Auth {
                mechanism,
                initial_response,
            };
            return self.count_error(step(consumed, ServerEvent::Answered(command)));
        }
        self.pending = Some(Pending::Auth);
        step(
            consumed,
            ServerEvent::Auth {
                mechanism,
                initial_response,
            },
        )
    }

    fn data_step<'a>(&mut self, input: &'a [u8]) -> Step<ServerEvent<'a>> {
        match self.data.decode(input) {
            Ok(Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            }) => step(consumed, ServerEvent::Body(data)),
            Ok(Decoded::Incomplete { consumed }) => step(consumed, ServerEvent::NeedInput),
            Ok(Decoded::Complete {
                value: BodyPart::End,
                consumed,
            }) => {
                self.phase = Phase::Commands;
                self.message_end(consumed)
            }
            Err(error) => {
                self.phase = Phase::Commands;
                self.refuse_message(error, error.consumed())
            }
        }
    }

    fn message_end<'a>(&mut self, consumed: usize) -> Step<ServerEvent<'a>> {
        let remaining = if self.config.lmtp {
            self.tx.accepted
        } else {
            1
        };
        self.pending = Some(Pending::MessageEnd { remaining });
        step(consumed, ServerEvent::MessageEnd)
    }

    /// Sends a data error's reply (once per accepted recipient in LMTP) and
    /// drops the transaction; the step consumed `consumed` octets.
    fn refuse_message<'a>(&mut self, error: DataError, consumed: usize) -> Step<ServerEvent<'a>> {
        let answers = if self.config.lmtp {
            self.tx.accepted
        } else {
            1
        };
        for _ in 0..answers {
            self.send(&error.reply());
        }
        self.tx = Transaction::default();
        step(consumed, ServerEvent::MessageRefused(error))
    }

    /// Reads the accepted chunk. Past the size limit nothing is yielded:
    /// the chunk is read on, and the message refused at its end.
    fn bdat_step<'a>(&mut self, input: &'a [u8]) -> Step<ServerEvent<'a>> {
        let mut used = 0;
        loop {
            match self.chunk.decode(&input[used..]) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    used += consumed;
                    self.tx.bdat_size = self.chunk.position();
                    if !self.bdat_too_big() {
                        return step(used, ServerEvent::Body(data));
                    }
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    return step(used + consumed, ServerEvent::NeedInput);
                }
                Ok(Decoded::Complete {
                    value: BodyPart::End,
                    consumed,
                }) => {
                    self.phase = Phase::Commands;
                    return self.chunk_end(used + consumed);
                }
                Err(error) => {
                    // The LAST chunk of a message the line-end policy refuses.
                    self.phase = Phase::Commands;
                    return self.refuse_message(error, used + error.consumed());
                }
            }
        }
    }

    /// Skips a refused chunk, then reads on as commands.
    fn skip_step<'a>(&mut self, input: &'a [u8]) -> Step<ServerEvent<'a>> {
        let Phase::SkipChunk(reader) = &mut self.phase else {
            return step(0, ServerEvent::NeedInput);
        };
        let mut used = 0;
        while let Ok(Decoded::Complete {
            value: BodyPart::Octets(_),
            consumed,
        }) = reader.decode(&input[used..])
        {
            used += consumed;
        }
        if !reader.is_done() {
            return step(used, ServerEvent::NeedInput);
        }
        self.phase = Phase::Commands;
        let next = self.command_step(&input[used..]);
        step(used + next.consumed, next.event)
    }

    fn bdat_too_big(&self) -> bool {
        self.config
            .max_message_size()
            .is_some_and(|max| self.tx.bdat_size > max)
    }

    fn chunk_end<'a>(&mut self, consumed: usize) -> Step<ServerEvent<'a>> {
        if let Some(limit) = self
            .config
            .max_message_size()
            .filter(|_| self.bdat_too_big())
        {
            let too_big = DataErrorKind::TooBig { limit };
            return self.refuse_message(DataError::new(too_big, limit, 0), consumed);
        }
        if self.chunk.is_last() {
            return self.message_end(consumed);
        }
        self.pending = Some(Pending::ChunkEnd);
        step(consumed, ServerEvent::ChunkEnd)
    }

    fn auth_step<'a>(&mut self, input: &'a [u8]) -> Step<ServerEvent<'a>> {
        match self.sasl.decode(input) {
            Ok(Decoded::Incomplete { consumed }) => step(consumed, ServerEvent::NeedInput),
            Err(error) => {
                self.phase = Phase::Commands;
                let error = CommandError::from(error);
                self.send(&reply(
                    ReplyCode::SYNTAX_ERROR,
                    5,
                    6,
                    "Authentication exchange line is too long or malformed",
                ));
                self.count_error(step(error.consumed(), ServerEvent::BadCommand(error)))
            }
            Ok(Decoded::Complete {
                value: line,
                consumed,
            }) => {
                self.phase = Phase::Commands;
                if line == b"*" {
                    self.send(&reply(
                        ReplyCode::PARAMETER_SYNTAX_ERROR,
                        7,
                        0,
                        "Authentication cancelled",
                    ));
                    return step(consumed, ServerEvent::AuthCancelled);
                }
                match Secret::try_from(line) {
                    Ok(secret) => {
                        self.phase = Phase::AuthLine;
                        self.pending = Some(Pending::Auth);
                        step(consumed, ServerEvent::AuthResponse(secret))
                    }
                    Err(e) => {
                        self.send(&reply(
                            ReplyCode::PARAMETER_SYNTAX_ERROR,
                            5,
                            2,
                            "Cannot decode the SASL response",
                        ));
                        let error = CommandError::new(
                            CommandErrorKind::InvalidArgument(e.clone()),
                            e.offset(),
                            consumed,
                        );
                        self.count_error(step(consumed, ServerEvent::BadCommand(error)))
                    }
                }
            }
        }
    }
}

const fn step(consumed: usize, event: ServerEvent<'_>) -> Step<ServerEvent<'_>> {
    Step::new(consumed, event)
}
