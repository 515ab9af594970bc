//! What a client session reports: one [`Step`](crate::Step) per call,
//! carrying a [`ClientEvent`].

use alloc::vec::Vec;

use smtp_sansio_proto::Reply;

use crate::reply::ReplyError;

/// What the client learned from the server.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// Send [`output`](super::ClientSession::output), then feed more reply bytes.
    NeedInput,
    /// The server greeted and answered EHLO/LHLO: transactions can be
    /// queued. The capabilities are in
    /// [`capabilities`](super::ClientSession::capabilities).
    Ready,
    /// The server's positive EHLO/LHLO reply could not be read as one (its
    /// code is not 250, or its first line names no domain): the session
    /// goes on with no extension in force, and
    /// [`capabilities`](super::ClientSession::capabilities) is `None`.
    /// `Ready` follows.
    UnreadableEhlo(ReplyError),
    /// The reply to MAIL FROM.
    Sender(Reply<'static>),
    /// The reply to the `index`th RCPT TO.
    Recipient {
        /// Which recipient, in envelope order.
        index: usize,
        /// The server's answer.
        reply: Reply<'static>,
    },
    /// A final reply for the message: in SMTP one for all recipients
    /// (`index` None); in LMTP one per accepted recipient (`index` Some).
    /// A refused BDAT chunk is the final reply too (`index` None): no
    /// further chunk is sent, and `Done` follows the reply to the RSET or
    /// QUIT sent after it ([`ClientConfig::after_refused_chunk`](super::ClientConfig::after_refused_chunk)).
    Message {
        /// The recipient this answer is for (LMTP).
        index: Option<usize>,
        /// The server's answer.
        reply: Reply<'static>,
    },
    /// The transaction is over; `delivered` lists the recipients the
    /// message was accepted for.
    Done {
        /// Recipient indexes whose delivery the server accepted.
        delivered: Vec<usize>,
    },
    /// The server accepted STARTTLS: run the handshake, then call
    /// [`tls_established`](super::ClientSession::tls_established).
    StartTls,
    /// The server answered QUIT.
    Closed,
}
