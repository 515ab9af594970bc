//! The one place where the sink touches the library's session and codec
//! types: `ServerConfig`, `ServerSession`, its events and errors, the
//! command encoder and the DATA policy. Everything else in the sink speaks
//! this module's own small vocabulary ([`Action`], [`Refusal`], [`BareLf`]),
//! so a change of the library's API is adapted here and nowhere else.

use smtp_sansio_codec::body::LineEndPolicy;
use smtp_sansio_codec::command::encode_command;
use smtp_sansio_codec::proto::{
    Capability, Command, Domain, EnhancedStatusCode, Reply, ReplyCode, Text,
};
use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};

/// The sink's name in its greeting and replies.
pub(crate) const HOSTNAME: &str = "sink.localhost";

/// Junk commands (NOOP, RSET, VRFY, EXPN, HELP) a session may send before
/// each further one counts as an error, as Postfix's
/// `smtpd_junk_command_limit`; the session counts them
/// (`ServerConfig::max_junk_commands`).
pub(crate) const JUNK_COMMAND_LIMIT: usize = 100;

/// What `--bare-lf` selects: the DATA decoder's policy for bare LF and CR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BareLf {
    /// Read the message to its end, then refuse it (550 5.6.0).
    Reject,
    /// Turn bare line ends into CRLF.
    Normalize,
    /// Pass them through.
    Allow,
}

impl BareLf {
    const fn policy(self) -> LineEndPolicy {
        match self {
            Self::Reject => LineEndPolicy::Reject,
            Self::Normalize => LineEndPolicy::Normalize,
            Self::Allow => LineEndPolicy::Allow,
        }
    }
}

/// The protocol settings of every session of this process.
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// Speak LMTP.
    pub(crate) lmtp: bool,
    /// The SIZE limit.
    pub(crate) max_message_size: u64,
    /// Recipients per transaction.
    pub(crate) max_recipients: usize,
    /// The bare LF/CR policy.
    pub(crate) bare_lf: BareLf,
}

/// The session configurations, built once: one that advertises STARTTLS
/// (when the sink has a certificate) and one that does not (no certificate,
/// or implicit TLS).
#[derive(Clone, Debug)]
pub(crate) struct Protocol {
    plain: ServerConfig,
    starttls: ServerConfig,
}

impl Protocol {
    /// The configurations for `limits`.
    ///
    /// # Errors
    /// When [`HOSTNAME`] is not a valid domain.
    pub(crate) fn new(limits: &Limits) -> Result<Self, String> {
        let hostname = Domain::try_from(HOSTNAME).map_err(|e| format!("{HOSTNAME}: {e}"))?;
        let mut plain = ServerConfig::new(hostname);
        plain.lmtp = limits.lmtp;
        plain.max_recipients = limits.max_recipients;
        plain.max_junk_commands = JUNK_COMMAND_LIMIT;
        plain.capabilities = vec![
            Capability::Pipelining,
            Capability::Size(Some(limits.max_message_size)),
            Capability::EightBitMime,
            Capability::SmtpUtf8,
            Capability::Chunking,
            Capability::Dsn,
            Capability::EnhancedStatusCodes,
            Capability::Help,
        ];
        plain.data = plain.data.with_policy(limits.bare_lf.policy());
        let mut starttls = plain.clone();
        starttls.capabilities.push(Capability::StartTls);
        Ok(Self { plain, starttls })
    }

    /// A new session (its greeting queued); `offer_starttls` advertises
    /// STARTTLS.
    pub(crate) fn session(&self, offer_starttls: bool) -> Session {
        let config = if offer_starttls {
            &self.starttls
        } else {
            &self.plain
        };
        Session {
            inner: ServerSession::new(config.clone()),
            envelope: Vec::new(),
            pending: None,
            in_transaction: false,
        }
    }
}

/// What the connection loop must do after a [`Session::step`].
#[derive(Debug)]
pub(crate) enum Action<'a> {
    /// Send the output, read more input.
    NeedInput,
    /// Send the output before the next step.
    NeedFlush,
    /// *Decision*: MAIL FROM, with the SIZE the client declared.
    Mail {
        /// The SIZE parameter, if any.
        declared_size: Option<u64>,
    },
    /// *Decision*: RCPT TO.
    Rcpt,
    /// A body (DATA, or a BDAT chunk) starts.
    BodyStart,
    /// Body octets, unstuffed.
    Body(&'a [u8]),
    /// *Decision*: a non-final BDAT chunk is complete.
    ChunkEnd,
    /// *Decision*: the message is complete; store it, then accept or refuse.
    MessageEnd,
    /// The codec refused the message (the reply is queued); drop what was
    /// stored of it.
    MessageRefused(String),
    /// RSET or a new greeting dropped the transaction.
    TransactionDropped,
    /// STARTTLS was answered 220: send the output, run the handshake, then
    /// call [`Session::tls_established`].
    StartTls {
        /// Octets pipelined after STARTTLS and thrown away.
        discarded: usize,
    },
    /// The session ended (QUIT, too many errors): send the output and
    /// [`Session::farewell`], then close.
    Closed,
    /// Nothing for the connection to do.
    Nothing,
}

/// Why the sink refuses a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `452 4.3.1`: the free-space floor is reached.
    InsufficientStorage,
    /// `451 4.3.0`: storing failed.
    LocalError,
}

/// The decision a [`Session`] waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Mail,
    Rcpt,
    ChunkEnd,
    MessageEnd,
}

/// One connection's session: the library's `ServerSession` and the
/// envelope of the transaction in progress.
#[derive(Debug)]
pub(crate) struct Session {
    inner: ServerSession,
    envelope: Vec<u8>,
    pending: Option<Pending>,
    in_transaction: bool,
}

/// A session method called out of turn: a bug in the sink, reported as an
/// error rather than a panic.
#[derive(Debug)]
pub(crate) struct Misuse(String);

impl std::fmt::Display for Misuse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "session misuse: {}", self.0)
    }
}

impl Session {
    /// Reply octets waiting to be sent.
    pub(crate) fn output(&self) -> &[u8] {
        self.inner.output()
    }

    /// Drops `n` sent octets of [`output`](Self::output).
    pub(crate) fn advance_output(&mut self, n: usize) {
        self.inner.advance_output(n);
    }

    /// Whether a mail transaction is open (MAIL accepted, message not yet
    /// answered): the transactions a shutdown lets finish.
    pub(crate) const fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// The envelope (MAIL FROM and RCPT TO lines) of the open transaction.
    pub(crate) fn envelope(&self) -> &[u8] {
        &self.envelope
    }

    /// Recipients accepted in the open transaction.
    pub(crate) fn recipients(&self) -> usize {
        self.envelope
            .split(|&b| b == b'\n')
            .filter(|line| line.starts_with(b"RCPT"))
            .count()
    }

    /// Reads the next action from `input` (which starts where the last
    /// step's consumed octets ended): returns the octets consumed.
    ///
    /// # Errors
    /// [`Misuse`] when a decision is still owed.
    pub(crate) fn step<'a>(&mut self, input: &'a [u8]) -> Result<(usize, Action<'a>), Misuse> {
        if self.inner.is_closed() {
            return Ok((0, Action::Closed));
        }
        let step = self
            .inner
            .handle(input)
            .map_err(|e| Misuse(e.to_string()))?;
        let action = match step.event {
            ServerEvent::NeedInput => Action::NeedInput,
            ServerEvent::NeedFlush => Action::NeedFlush,
            ServerEvent::Mail { from, parameters } => {
                self.envelope.clear();
                let declared_size = parameters.size();
                encode_command(&Command::Mail { from, parameters }, &mut self.envelope);
                self.pending = Some(Pending::Mail);
                Action::Mail { declared_size }
            }
            ServerEvent::Rcpt { to, parameters } => {
                encode_command(&Command::Rcpt { to, parameters }, &mut self.envelope);
                self.pending = Some(Pending::Rcpt);
                Action::Rcpt
            }
            ServerEvent::DataStart | ServerEvent::BdatStart { .. } => Action::BodyStart,
            ServerEvent::Body(data) => Action::Body(data),
            ServerEvent::ChunkEnd => {
                self.pending = Some(Pending::ChunkEnd);
                Action::ChunkEnd
            }
            ServerEvent::MessageEnd => {
                self.pending = Some(Pending::MessageEnd);
                Action::MessageEnd
            }
            ServerEvent::MessageRefused(error) => {
                self.end_transaction();
                Action::MessageRefused(error.to_string())
            }
            ServerEvent::Hello { .. } | ServerEvent::Reset => {
                self.end_transaction();
                Action::TransactionDropped
            }
            ServerEvent::StartTls { discarded } => Action::StartTls { discarded },
            ServerEvent::Closed => Action::Closed,
            _ => Action::Nothing,
        };
        Ok((step.consumed, action))
    }

    fn end_transaction(&mut self) {
        self.in_transaction = false;
        self.pending = None;
        self.envelope.clear();
    }

    /// Accepts the pending decision with the standard reply.
    ///
    /// # Errors
    /// [`Misuse`] when nothing is pending.
    pub(crate) fn accept(&mut self) -> Result<(), Misuse> {
        self.inner.accept().map_err(|e| Misuse(e.to_string()))?;
        match self.pending.take() {
            Some(Pending::Mail) => self.in_transaction = true,
            Some(Pending::MessageEnd) => self.end_transaction(),
            Some(Pending::Rcpt | Pending::ChunkEnd) | None => {}
        }
        Ok(())
    }

    /// Refuses the pending decision (every recipient's answer in LMTP).
    ///
    /// # Errors
    /// [`Misuse`] when nothing is pending.
    pub(crate) fn refuse(&mut self, refusal: Refusal) -> Result<(), Misuse> {
        let reply = match refusal {
            Refusal::InsufficientStorage => temporary(
                ReplyCode::INSUFFICIENT_STORAGE,
                "4.3.1",
                "Insufficient system storage",
            ),
            Refusal::LocalError => temporary(
                ReplyCode::LOCAL_ERROR,
                "4.3.0",
                "Cannot store the message, try again later",
            ),
        };
        let reply = reply.ok_or_else(|| Misuse("reply construction".into()))?;
        self.inner
            .reject(&reply)
            .map_err(|e| Misuse(e.to_string()))?;
        while self.inner.decision_pending() {
            self.inner
                .reject(&reply)
                .map_err(|e| Misuse(e.to_string()))?;
        }
        match self.pending.take() {
            Some(Pending::Mail) => self.envelope.clear(),
            Some(Pending::Rcpt) => {
                // The refused recipient's line was already appended.
                let keep = self.envelope[..self.envelope.len().saturating_sub(2)]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |at| at + 1);
                self.envelope.truncate(keep);
            }
            Some(Pending::ChunkEnd | Pending::MessageEnd) => self.end_transaction(),
            None => {}
        }
        Ok(())
    }

    /// The TLS handshake after STARTTLS succeeded: the session starts over
    /// as before EHLO.
    ///
    /// # Errors
    /// [`Misuse`] unless STARTTLS was accepted.
    pub(crate) fn tls_established(&mut self) -> Result<(), Misuse> {
        self.end_transaction();
        self.inner
            .tls_established()
            .map_err(|e| Misuse(e.to_string()))
    }
}

fn temporary(code: ReplyCode, enhanced: &str, text: &'static str) -> Option<Reply<'static>> {
    let enhanced = EnhancedStatusCode::try_from(enhanced).ok()?;
    Reply::with_enhanced(code, enhanced, Text::try_from(text).ok()?).ok()
}

/// `421 4.3.2`: past `--max-connections`.
pub(crate) const TOO_MANY_CONNECTIONS: &[u8] =
    b"421 4.3.2 sink.localhost Too many connections, try again later\r\n";

/// `421 4.3.2`: the sink is shutting down.
pub(crate) const SHUTTING_DOWN: &[u8] = b"421 4.3.2 sink.localhost Service shutting down\r\n";

/// `421 4.4.2`: no command (or DATA octet) within `--timeout`.
pub(crate) const TIMED_OUT: &[u8] =
    b"421 4.4.2 sink.localhost Timeout exceeded, closing connection\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            lmtp: false,
            max_message_size: 1 << 20,
            max_recipients: 100,
            bare_lf: BareLf::Reject,
        }
    }

    /// Feeds `input` until the session needs more, collecting the actions'
    /// names and answering decisions with `accept`.
    fn run(session: &mut Session, input: &[u8]) -> Vec<String> {
        let mut seen = Vec::new();
        let mut at = 0;
        for _ in 0..100_000 {
            let (consumed, action) = session.step(&input[at..]).unwrap();
            at += consumed;
            let name = format!("{action:?}");
            let decision = matches!(
                action,
                Action::Mail { .. } | Action::Rcpt | Action::ChunkEnd | Action::MessageEnd
            );
            let stop = matches!(action, Action::NeedInput | Action::Closed);
            seen.push(name);
            if decision {
                session.accept().unwrap();
            }
            if stop {
                return seen;
            }
        }
        panic!("no NeedInput within 100 000 steps");
    }

    #[test]
    fn envelope_holds_the_accepted_lines_and_clears_at_the_end() {
        let mut session = Protocol::new(&limits()).unwrap().session(false);
        run(&mut session, b"EHLO c\r\n");
        run(
            &mut session,
            b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\n",
        );
        assert!(session.in_transaction());
        assert_eq!(
            session.envelope(),
            b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\n"
        );
        assert_eq!(session.recipients(), 2);
        run(&mut session, b"DATA\r\n");
        run(&mut session, b"hi\r\n.\r\n");
        assert!(!session.in_transaction());
        assert!(session.envelope().is_empty());
    }

    #[test]
    fn a_refused_recipient_leaves_the_envelope() {
        let mut session = Protocol::new(&limits()).unwrap().session(false);
        run(&mut session, b"EHLO c\r\n");
        let input = b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n";
        let mut at = 0;
        loop {
            let (consumed, action) = session.step(&input[at..]).unwrap();
            at += consumed;
            match action {
                Action::Mail { .. } => session.accept().unwrap(),
                Action::Rcpt => session.refuse(Refusal::LocalError).unwrap(),
                Action::NeedInput => break,
                _ => {}
            }
        }
        assert_eq!(session.envelope(), b"MAIL FROM:<a@example.com>\r\n");
        assert!(
            session
                .output()
                .ends_with(b"451 4.3.0 Cannot store the message, try again later\r\n")
        );
    }

    #[test]
    fn full_storage_refuses_mail_with_452() {
        let mut session = Protocol::new(&limits()).unwrap().session(false);
        run(&mut session, b"EHLO c\r\n");
        let input = b"MAIL FROM:<a@example.com> SIZE=1000\r\n";
        let mut at = 0;
        loop {
            let (consumed, action) = session.step(&input[at..]).unwrap();
            at += consumed;
            match action {
                Action::Mail { declared_size } => {
                    assert_eq!(declared_size, Some(1000));
                    session.refuse(Refusal::InsufficientStorage).unwrap();
                }
                Action::NeedInput => break,
                _ => {}
            }
        }
        assert!(!session.in_transaction());
        assert!(
            session
                .output()
                .ends_with(b"452 4.3.1 Insufficient system storage\r\n")
        );
    }

    /// Runs `lines` one read each (a junk command ends a pipelined batch,
    /// so a client sends the next only after the reply), returning the
    /// last action's name.
    fn one_by_one(session: &mut Session, lines: &[&[u8]]) -> String {
        let mut last = String::new();
        for line in lines {
            last = run(session, line).last().cloned().unwrap_or_default();
        }
        last
    }

    #[test]
    fn junk_commands_past_the_limit_end_the_session() {
        let mut session = Protocol::new(&limits()).unwrap().session(false);
        let mut lines: Vec<&[u8]> = vec![b"EHLO c\r\n"];
        lines.extend(std::iter::repeat_n(&b"NOOP\r\n"[..], JUNK_COMMAND_LIMIT));
        assert_eq!(one_by_one(&mut session, &lines), "NeedInput");
        // Each further junk command is an error; the tenth ends the session.
        let more: [&[u8]; 9] = [
            b"RSET\r\n",
            b"VRFY x\r\n",
            b"HELP\r\n",
            b"NOOP\r\n",
            b"NOOP\r\n",
            b"NOOP\r\n",
            b"NOOP\r\n",
            b"NOOP\r\n",
            b"NOOP\r\n",
        ];
        assert_eq!(one_by_one(&mut session, &more), "NeedInput");
        assert_eq!(one_by_one(&mut session, &[b"NOOP\r\n"]), "Closed");
        assert!(
            session
                .output()
                .ends_with(b"Too many errors, closing connection\r\n")
        );
    }

    #[test]
    fn ordinary_use_stays_under_the_junk_limit() {
        let mut session = Protocol::new(&limits()).unwrap().session(false);
        let mut lines: Vec<&[u8]> = vec![b"EHLO c\r\n"];
        lines.extend(std::iter::repeat_n(&b"NOOP\r\n"[..], JUNK_COMMAND_LIMIT));
        one_by_one(&mut session, &lines);
        let seen = run(&mut session, b"MAIL FROM:<a@example.com>\r\n");
        assert!(seen.iter().any(|s| s.starts_with("Mail")));
        assert!(session.in_transaction());
    }
}
