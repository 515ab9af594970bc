//! `ClientSession`: the client's protocol state machine, sans I/O.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use alloc::string::ToString;

use smtp_sansio_proto::{
    Body, Capability, Command, EhloReply, IntoStatic, Reply, ReplyClass, ReplyCode,
};

use super::config::{AfterRefusal, ClientConfig};
use super::envelope::Envelope;
use super::error::ClientError;
use super::event::ClientEvent;
use crate::body::{ChunkWriter, DataEncodeOptions, DataEncoder};
use crate::command::{Extensions, encode_command};
use crate::decode::{Decoded, Step};
use crate::reply::ReplyDecoder;

/// A reply the client waits for, in the order the commands went out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Greeting,
    Hello,
    StartTls,
    Mail,
    Rcpt(usize),
    /// 354 to DATA.
    DataGo,
    /// The final reply (replies, in LMTP) after the message.
    MessageEnd,
    /// The reply to a BDAT chunk; `last` ends the message.
    Chunk {
        last: bool,
    },
    /// The reply to the RSET sent after a refused chunk.
    Reset,
    Quit,
}

/// The transaction in flight.
#[derive(Debug)]
struct Transaction {
    accepted: Vec<usize>,
    delivered: Vec<usize>,
    /// The DATA wire form (stuffed, terminated), sent after 354.
    data_wire: Vec<u8>,
    /// Message octets for BDAT (empty when DATA is used).
    bdat_body: Vec<u8>,
    /// LMTP: final replies still owed, for these recipients in order.
    lmtp_pending: VecDeque<usize>,
    /// LMTP: the per-recipient replies have begun.
    lmtp_started: bool,
    failed: bool,
    /// A BDAT chunk was refused and reported: the replies to chunks already
    /// sent are read and dropped.
    chunk_refused: bool,
}

/// A client session: queue a transaction, send [`output`](Self::output),
/// feed replies to [`handle`](Self::handle), act on the events.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::client::{ClientConfig, ClientEvent, ClientSession, Envelope};
/// use smtp_sansio_codec::proto::Host;
///
/// let mut client = ClientSession::new(ClientConfig::new(Host::try_from("client.example")?));
/// assert_eq!(client.handle(b"220 mx.example ESMTP\r\n")?.event, ClientEvent::NeedInput);
/// assert_eq!(client.output(), b"EHLO client.example\r\n");
/// client.advance_output(client.output().len());
/// let step = client.handle(b"250-mx.example\r\n250 PIPELINING\r\n")?;
/// assert_eq!(step.event, ClientEvent::Ready);
///
/// client.send(
///     Envelope::new("<a@example.com>".parse()?).to("<b@example.com>".parse()?),
///     b"Subject: hi\n\nHello\n",
/// )?;
/// // Pipelined: MAIL, RCPT and DATA go out together.
/// assert_eq!(client.output(), b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ClientSession {
    config: ClientConfig,
    decoder: ReplyDecoder,
    /// The server answered EHLO/LHLO positively.
    greeted: bool,
    /// Its reply, when it could be read as an EHLO reply.
    capabilities: Option<EhloReply<'static>>,
    /// The extensions the last EHLO/LHLO reply put in force.
    extensions: Extensions,
    expected: VecDeque<Expect>,
    /// Commands waiting for earlier replies (no pipelining).
    queued: VecDeque<Command<'static>>,
    transaction: Option<Transaction>,
    out: Vec<u8>,
    events: VecDeque<ClientEvent>,
    closed: bool,
}

impl ClientSession {
    /// A session waiting for the server's 220 greeting.
    pub fn new(config: ClientConfig) -> Self {
        Self {
            decoder: ReplyDecoder::new(config.replies),
            config,
            greeted: false,
            capabilities: None,
            extensions: Extensions::none(),
            expected: VecDeque::from([Expect::Greeting]),
            queued: VecDeque::new(),
            transaction: None,
            out: Vec::new(),
            events: VecDeque::new(),
            closed: false,
        }
    }

    /// Command octets waiting to be sent.
    pub fn output(&self) -> &[u8] {
        &self.out
    }

    /// Drops the first `n` octets of the output, once sent.
    pub fn advance_output(&mut self, n: usize) {
        self.out.drain(..n.min(self.out.len()));
    }

    /// The server's EHLO/LHLO reply, once [`ClientEvent::Ready`] was seen;
    /// `None` when it could not be read as one
    /// ([`ClientEvent::UnreadableEhlo`]).
    pub fn capabilities(&self) -> Option<&EhloReply<'static>> {
        self.capabilities.as_ref()
    }

    /// Whether the server advertised a capability with `probe`'s keyword
    /// (parameters ignored; see [`Capability::same_keyword`]).
    pub fn server_has(&self, probe: &Capability<'_>) -> bool {
        self.capabilities.as_ref().is_some_and(|c| c.has(probe))
    }

    /// Whether the session is ready for a transaction (greeted, none running).
    pub fn is_ready(&self) -> bool {
        self.greeted && self.transaction.is_none() && self.expected.is_empty() && !self.closed
    }

    /// The extensions the server's EHLO/LHLO reply put in force: the only
    /// ones whose parameters [`send`](Self::send) sends.
    pub const fn extensions(&self) -> &Extensions {
        &self.extensions
    }

    /// Queues one message. Commands are written to the output at once when
    /// pipelining, otherwise one reply at a time. The body goes by BDAT
    /// when the server advertised CHUNKING and the configuration prefers it,
    /// or the envelope says `BODY=BINARYMIME` (RFC 3030 §3).
    ///
    /// # Errors
    /// [`ClientError::NotReady`] before [`ClientEvent::Ready`] or while a
    /// transaction runs; [`ClientError::ParameterNotOffered`] when the
    /// envelope has a parameter of an extension the server did not
    /// advertise ([`Extensions::allows_mail`], the rule a server applies);
    /// [`ClientError::Body`] when a line of `message` is longer than RFC
    /// 5321 allows for DATA. Nothing is sent on an error.
    pub fn send(&mut self, envelope: Envelope, message: &[u8]) -> Result<(), ClientError> {
        if !self.is_ready() {
            return Err(ClientError::NotReady);
        }
        self.check_parameters(&envelope)?;
        let binary = envelope.parameters.body() == Some(Body::BinaryMime);
        let use_bdat = self.extensions.chunking && (self.config.prefer_bdat || binary);
        let mut data_wire = Vec::new();
        let mut bdat_body = Vec::new();
        if use_bdat && binary {
            // BINARYMIME: the octets travel as they are.
            bdat_body.extend_from_slice(message);
        } else if use_bdat {
            // Text content over BDAT is in canonical form too (RFC 3030
            // §3): CRLF line ends, but no dot-stuffing.
            let mut encoder = DataEncoder::new(DataEncodeOptions::for_bdat());
            encoder
                .encode(message, &mut bdat_body)
                .map_err(ClientError::Body)?;
            encoder.finish(&mut bdat_body);
        } else {
            let mut encoder = DataEncoder::default();
            encoder
                .encode(message, &mut data_wire)
                .map_err(ClientError::Body)?;
            encoder.finish(&mut data_wire);
        }
        self.transaction = Some(Transaction {
            accepted: Vec::new(),
            delivered: Vec::new(),
            data_wire,
            bdat_body,
            lmtp_pending: VecDeque::new(),
            lmtp_started: false,
            failed: false,
            chunk_refused: false,
        });
        self.command(
            Command::Mail {
                from: envelope.from,
                parameters: envelope.parameters,
            },
            Expect::Mail,
        );
        for (index, (to, parameters)) in envelope.recipients.into_iter().enumerate() {
            self.command(Command::Rcpt { to, parameters }, Expect::Rcpt(index));
        }
        if use_bdat {
            self.queue_chunks();
        } else {
            self.command(Command::Data, Expect::DataGo);
        }
        Ok(())
    }

    /// Refuses an envelope with a parameter the server did not offer.
    fn check_parameters(&self, envelope: &Envelope) -> Result<(), ClientError> {
        let offered = &self.extensions;
        let refused = envelope
            .parameters
            .iter()
            .find(|p| {
                !offered.allows_mail(p)
                    || *p == smtp_sansio_proto::MailParameter::Body(Body::BinaryMime)
                        && !offered.chunking
            })
            .map(|p| p.to_string())
            .or_else(|| {
                envelope.recipients.iter().find_map(|(_, parameters)| {
                    parameters
                        .iter()
                        .find(|p| !offered.allows_rcpt(p))
                        .map(|p| p.to_string())
                })
            });
        refused.map_or(Ok(()), |p| Err(ClientError::ParameterNotOffered(p)))
    }

    /// Queues QUIT.
    pub fn quit(&mut self) {
        self.command(Command::Quit, Expect::Quit);
    }

    /// Queues STARTTLS; [`ClientEvent::StartTls`] follows the 220.
    ///
    /// # Errors
    /// [`ClientError::NotReady`] unless ready and STARTTLS is advertised.
    pub fn starttls(&mut self) -> Result<(), ClientError> {
        if !self.is_ready() || !self.server_has(&Capability::StartTls) {
            return Err(ClientError::NotReady);
        }
        self.command(Command::StartTls, Expect::StartTls);
        Ok(())
    }

    /// The TLS handshake is done: greet again (RFC 3207 §4.2).
    pub fn tls_established(&mut self) {
        self.greeted = false;
        self.capabilities = None;
        self.extensions = Extensions::none();
        self.decoder.reset();
        self.hello();
    }

    /// Feeds reply octets, which start right after the octets the previous
    /// steps consumed; returns the next event and how many octets the
    /// caller may now drop. A step may read several replies (those that
    /// need no event of their own and write nothing); after
    /// [`ClientEvent::NeedInput`] send the output, then read more: either
    /// `input` holds no complete reply, or the server has to see the output
    /// before it can send more.
    ///
    /// # Errors
    /// A [`ClientError`] when the server misbehaves; the session is then
    /// unusable.
    pub fn handle(&mut self, input: &[u8]) -> Result<Step<ClientEvent>, ClientError> {
        // A reply that needs no event and writes nothing (to a BDAT chunk
        // that is not the last, to one sent before a refused chunk) does not
        // end the step: the next reply in `input` is read in the same call.
        // So `NeedInput` means that `input` holds no complete reply, or that
        // output was written which the server must see before it can say
        // more.
        let mut used = 0;
        loop {
            if let Some(event) = self.events.pop_front() {
                return Ok(Step::new(used, event));
            }
            let written = self.out.len();
            match self.next_reply(&input[used..])? {
                Some(consumed) => used += consumed,
                None => return Ok(Step::new(used, ClientEvent::NeedInput)),
            }
            if self.events.is_empty() && self.out.len() != written {
                return Ok(Step::new(used, ClientEvent::NeedInput));
            }
        }
    }

    /// Reads one reply from `input` and acts on it; `None` when `input`
    /// holds no complete reply.
    fn next_reply(&mut self, input: &[u8]) -> Result<Option<usize>, ClientError> {
        let Decoded::Complete {
            value: reply,
            consumed,
        } = self.decoder.decode(input).map_err(ClientError::Reply)?
        else {
            return Ok(None);
        };
        let Some(expect) = self.expected.pop_front() else {
            return Err(ClientError::UnexpectedReply(reply.to_reply().into_static()));
        };
        if expect == Expect::Hello {
            if let Ok(ehlo) = reply.ehlo() {
                self.decoder.observe_ehlo(&ehlo);
            }
        }
        let owned = reply.to_reply().into_static();
        if expect == Expect::Hello && reply.is_positive() {
            self.greeted = true;
            match reply.to_ehlo() {
                Ok(ehlo) => self.capabilities = Some(ehlo.into_static()),
                Err(error) => {
                    // Not an EHLO reply that names the server: no
                    // extension, and no name is made up for it.
                    self.capabilities = None;
                    self.events.push_back(ClientEvent::UnreadableEhlo(error));
                }
            }
            self.extensions = self
                .capabilities
                .as_ref()
                .map_or_else(Extensions::none, |c| {
                    Extensions::advertised(c.capabilities())
                });
        }
        if expect == Expect::StartTls && reply.is_positive() && consumed < input.len() {
            return Err(ClientError::StartTlsInjection {
                extra: input.len() - consumed,
            });
        }
        self.on_reply(expect, owned)?;
        self.release_queued();
        Ok(Some(consumed))
    }

    fn hello(&mut self) {
        let domain = self.config.domain.clone();
        let command = if self.config.lmtp {
            Command::Lhlo { domain }
        } else {
            Command::Ehlo { domain }
        };
        self.command(command, Expect::Hello);
    }

    /// Sends `command` now if pipelining allows it, else queues it. Nothing
    /// is pipelined behind DATA, STARTTLS or QUIT: their reply must come
    /// first (RFC 2920 §3.1, RFC 3207 §4).
    fn command(&mut self, command: Command<'static>, expect: Expect) {
        let pipelining = self.config.pipelining
            && self.server_has(&Capability::Pipelining)
            && !matches!(
                self.expected.back(),
                Some(Expect::DataGo | Expect::StartTls | Expect::Quit)
            );
        if self.expected.is_empty() && self.queued.is_empty()
            || pipelining && self.queued.is_empty()
        {
            encode_command(&command, &mut self.out);
        } else {
            self.queued.push_back(command);
        }
        self.expected.push_back(expect);
    }

    /// Without pipelining: sends the next queued command once every earlier
    /// reply has arrived.
    fn release_queued(&mut self) {
        let sent = self.expected.len() - self.queued.len();
        if sent == 0 {
            if let Some(command) = self.queued.pop_front() {
                encode_command(&command, &mut self.out);
                if let Some(Expect::Chunk { .. }) = self.expected.front() {
                    self.write_chunk_data(0);
                }
            }
        }
    }

    fn queue_chunks(&mut self) {
        let Some(tx) = &self.transaction else { return };
        let writer = ChunkWriter::new(self.config.chunk_size);
        let chunks: Vec<_> = writer
            .chunks(&tx.bdat_body)
            .map(|c| (c.data.len(), c.last))
            .collect();
        for (len, last) in chunks {
            let size = len as u64;
            let queued_before = self.queued.len();
            self.command(Command::Bdat { size, last }, Expect::Chunk { last });
            if self.queued.len() == queued_before {
                // Sent at once: its octets follow the command line.
                self.write_chunk_data(len);
            }
        }
    }

    /// Writes the next `len` octets of the BDAT body (0: the length of the
    /// chunk command just released, read back from the body cursor).
    fn write_chunk_data(&mut self, len: usize) {
        let chunk = self.config.chunk_size.get();
        let Some(tx) = &mut self.transaction else {
            return;
        };
        let len = if len == 0 {
            chunk.min(tx.bdat_body.len())
        } else {
            len
        };
        self.out.extend_from_slice(&tx.bdat_body[..len]);
        tx.bdat_body.drain(..len);
    }

    fn on_reply(&mut self, expect: Expect, reply: Reply<'static>) -> Result<(), ClientError> {
        let positive = reply.code().class() == ReplyClass::PositiveCompletion;
        match expect {
            Expect::Greeting => {
                if reply.code() != ReplyCode::SERVICE_READY {
                    return Err(ClientError::Refused(reply));
                }
                self.hello();
            }
            Expect::Hello => {
                if !positive {
                    return Err(ClientError::Refused(reply));
                }
                self.events.push_back(ClientEvent::Ready);
            }
            Expect::StartTls => {
                if reply.code() != ReplyCode::SERVICE_READY {
                    return Err(ClientError::Refused(reply));
                }
                self.events.push_back(ClientEvent::StartTls);
            }
            Expect::Mail => {
                if let Some(tx) = &mut self.transaction {
                    tx.failed |= !positive;
                }
                self.events.push_back(ClientEvent::Sender(reply));
                if !positive && !self.queued.is_empty() {
                    // Not pipelined: the RCPTs and DATA/BDAT were never sent.
                    let sent = self.expected.len() - self.queued.len();
                    let mut dropped = false;
                    while let Some(Expect::Rcpt(_) | Expect::DataGo | Expect::Chunk { .. }) =
                        self.expected.get(sent)
                    {
                        self.expected.remove(sent);
                        self.queued.pop_front();
                        dropped = true;
                    }
                    // Only a QUIT held back: RCPT and DATA went out
                    // pipelined and their replies still come.
                    if dropped {
                        self.finish();
                    }
                }
            }
            Expect::Rcpt(index) => {
                if let Some(tx) = &mut self.transaction {
                    if positive && !tx.failed {
                        tx.accepted.push(index);
                    }
                }
                self.events
                    .push_back(ClientEvent::Recipient { index, reply });
            }
            Expect::DataGo => self.on_data_go(reply),
            // The replies to chunks sent before one was refused.
            Expect::Chunk { .. } if self.transaction.as_ref().is_some_and(|t| t.chunk_refused) => {}
            Expect::MessageEnd | Expect::Chunk { last: true } => self.on_message_reply(reply),
            Expect::Chunk { last: false } => {
                if !positive {
                    self.on_refused_chunk(reply);
                }
            }
            Expect::Reset => self.finish(),
            Expect::Quit => {
                self.finish();
                self.closed = true;
                self.events.push_back(ClientEvent::Closed);
            }
        }
        Ok(())
    }

    /// RFC 3030 §2: after a refused chunk no further chunk of the
    /// transaction is sent. Those not sent yet are dropped, the refusal is
    /// the message's final reply, and RSET or QUIT ends the transaction.
    fn on_refused_chunk(&mut self, reply: Reply<'static>) {
        let Some(tx) = &mut self.transaction else {
            return;
        };
        tx.failed = true;
        tx.chunk_refused = true;
        tx.bdat_body.clear();
        let sent = self.expected.len() - self.queued.len();
        let mut at = sent;
        while at < self.expected.len() {
            if matches!(self.expected[at], Expect::Chunk { .. }) {
                self.expected.remove(at);
                self.queued.remove(at - sent);
            } else {
                at += 1;
            }
        }
        self.events
            .push_back(ClientEvent::Message { index: None, reply });
        if self.expected.contains(&Expect::Quit) {
            // The caller already asked to end the session.
            return;
        }
        match self.config.after_refused_chunk {
            AfterRefusal::Quit => self.command(Command::Quit, Expect::Quit),
            _ => self.command(Command::Rset, Expect::Reset),
        }
    }

    /// The reply to DATA: 354 sends the body (an empty one, then RSET, when
    /// no recipient was accepted); anything else ends the transaction.
    fn on_data_go(&mut self, reply: Reply<'static>) {
        let Some(tx) = &mut self.transaction else {
            return;
        };
        if reply.code() != ReplyCode::START_MAIL_INPUT {
            self.events
                .push_back(ClientEvent::Message { index: None, reply });
            self.finish();
            return;
        }
        if tx.accepted.is_empty() || tx.failed {
            // RFC 2920 §3.1: the server said 354 although nothing was
            // accepted; send an empty message and let it fail.
            self.out.extend_from_slice(b".\r\n");
            tx.failed = true;
        } else {
            self.out.extend_from_slice(&tx.data_wire);
        }
        self.expected.push_front(Expect::MessageEnd);
    }

    /// LMTP: the first final reply arrived; one more is owed for each
    /// further accepted recipient (RFC 2033 §4.2).
    fn start_lmtp_replies(&mut self) {
        let Some(tx) = &mut self.transaction else {
            return;
        };
        if !self.config.lmtp || tx.lmtp_started || tx.failed {
            return;
        }
        tx.lmtp_started = true;
        tx.lmtp_pending = tx.accepted.iter().copied().collect();
        for _ in 1..tx.lmtp_pending.len() {
            self.expected.push_front(Expect::MessageEnd);
        }
    }

    fn on_message_reply(&mut self, reply: Reply<'static>) {
        self.start_lmtp_replies();
        let positive = reply.code().class() == ReplyClass::PositiveCompletion;
        let Some(tx) = &mut self.transaction else {
            return;
        };
        if self.config.lmtp && !tx.lmtp_pending.is_empty() {
            let index = tx.lmtp_pending.pop_front();
            if let (true, Some(i)) = (positive, index) {
                tx.delivered.push(i);
            }
            self.events.push_back(ClientEvent::Message { index, reply });
            if tx.lmtp_pending.is_empty() {
                self.finish();
            }
            return;
        }
        if positive && !tx.failed {
            tx.delivered = tx.accepted.clone();
        }
        self.events
            .push_back(ClientEvent::Message { index: None, reply });
        self.finish();
    }

    fn finish(&mut self) {
        if let Some(tx) = self.transaction.take() {
            self.events.push_back(ClientEvent::Done {
                delivered: tx.delivered,
            });
        }
    }
}
