//! What a client session reports: one [`Step`](crate::Step) per call,
//! carrying a [`ClientEvent`].

use alloc::vec::Vec;

use smtp_sansio_proto::Reply;

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
