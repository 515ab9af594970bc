//! What a server session reports: one [`Step`](crate::Step) per call,
//! carrying a [`ServerEvent`] that borrows from the input.

use smtp_sansio_proto::{
    AuthMechanism, Command, ForwardPath, Host, InitialResponse, MailParameters, RcptParameters,
    ReversePath, Secret,
};

use crate::body::DataError;
use crate::command::CommandError;

/// How the client greeted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hello {
    /// `HELO`: plain SMTP.
    Helo,
    /// `EHLO`: ESMTP.
    Ehlo,
    /// `LHLO`: LMTP.
    Lhlo,
}

/// Something the embedder must know or decide.
///
/// Events marked *decision* leave the session waiting: answer with
/// [`accept`](super::ServerSession::accept),
/// [`reject`](super::ServerSession::reject) (or, for AUTH,
/// [`challenge`](super::ServerSession::challenge)) before the next `handle`.
/// All other events have been answered by the session already.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerEvent<'a> {
    /// The input ran dry: send the buffered replies now (RFC 2920 §3.2: a
    /// server flushes its replies when it would otherwise wait for input),
    /// read more, and call again.
    NeedInput,
    /// Buffered replies reached `max_output`: send them before calling again.
    NeedFlush,
    /// The client greeted (and any open transaction was dropped).
    Hello {
        /// Which greeting.
        kind: Hello,
        /// The client's name for itself.
        domain: Host<'a>,
    },
    /// *Decision*: `MAIL FROM`. Accepting opens a transaction.
    Mail {
        /// The sender.
        from: ReversePath<'a>,
        /// Its parameters.
        parameters: MailParameters<'a>,
    },
    /// *Decision*: `RCPT TO`.
    Rcpt {
        /// The recipient.
        to: ForwardPath<'a>,
        /// Its parameters.
        parameters: RcptParameters<'a>,
    },
    /// `DATA` was accepted and answered with 354; body events follow.
    DataStart,
    /// `BDAT` was accepted; `size` octets follow as body events.
    BdatStart {
        /// The chunk's size.
        size: u64,
        /// Whether it is the message's last chunk.
        last: bool,
    },
    /// Unstuffed message octets, to append to what came before.
    Body(&'a [u8]),
    /// *Decision*: a non-final BDAT chunk is complete.
    ChunkEnd,
    /// *Decision*: the message is complete (end of DATA, or the LAST
    /// chunk). In LMTP, answer once per accepted recipient, in order
    /// (`accept` answers all that remain).
    MessageEnd,
    /// The message was read to its end and refused by the codec (too big,
    /// bare LF/CR or NUL under the `Reject` policy, in DATA or in the BDAT
    /// chunks of a message that is not `BODY=BINARYMIME`, refused at the end
    /// of the LAST chunk); the refusal was sent and the transaction dropped.
    /// Drop the body octets received for it.
    MessageRefused(DataError),
    /// `RSET`: the transaction was dropped.
    Reset,
    /// *Decision*: `AUTH`. Challenge, accept (235) or reject.
    Auth {
        /// The SASL mechanism.
        mechanism: AuthMechanism<'a>,
        /// The initial response, if any.
        initial_response: Option<InitialResponse<'a>>,
    },
    /// *Decision*: the client's answer to a 334 challenge; empty when the
    /// client sent an empty line (RFC 4954 §4: a mechanism step with
    /// nothing to send, as in GSSAPI).
    AuthResponse(Secret<'a>),
    /// The client cancelled AUTH with `*` (answered 501 5.7.0).
    AuthCancelled,
    /// STARTTLS was answered with 220: flush the output, run the TLS
    /// handshake, then call
    /// [`tls_established`](super::ServerSession::tls_established).
    /// `discarded` octets that had arrived after the STARTTLS line were
    /// thrown away unread (they would otherwise run as if sent over TLS).
    StartTls {
        /// Octets received after STARTTLS and discarded.
        discarded: usize,
    },
    /// A command the session answered itself (NOOP, HELP, VRFY, EXPN, an
    /// unknown verb), for logging.
    Answered(Command<'a>),
    /// A command in the wrong place (503 5.5.1 and the like); the session's
    /// state is unchanged.
    OutOfSequence(Command<'a>),
    /// A line that did not decode; the reply from [`CommandError::reply`]
    /// was sent.
    BadCommand(CommandError),
    /// The client sent more input behind a command that must end a
    /// pipelined batch (RFC 2920 §3.1; see [`ends_batch`](super::ends_batch)),
    /// before it could have seen that command's reply. The command was not
    /// run: the session answered `554 5.5.0 Error: SMTP protocol
    /// synchronization`, dropped the `discarded` octets behind it and
    /// closed (unless
    /// [`ServerConfig::allow_improper_pipelining`](super::ServerConfig::allow_improper_pipelining)).
    /// Send the output and close the connection.
    ImproperPipelining {
        /// The command that had to end the batch.
        command: Command<'a>,
        /// Octets that had arrived after it, dropped unread.
        discarded: usize,
    },
    /// The client sent QUIT (answered 221) or made too many errors
    /// (answered 421); send the output and close the connection.
    Closed,
}
