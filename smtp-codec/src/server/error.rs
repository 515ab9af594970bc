//! `ServerError`: a session method called at the wrong time.

use core::fmt;

/// A session method called at the wrong time: a bug in the embedder, not
/// in the peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServerError {
    /// `handle` was called while a decision is pending.
    DecisionPending,
    /// A decision method was called with no decision pending, or one that
    /// does not fit it (a challenge for MAIL, say).
    NoSuchDecision,
    /// A reply of the wrong class for the decision (a 2yz `reject`).
    WrongReplyClass,
    /// `handle` was called between STARTTLS and `tls_established`.
    AwaitingTls,
    /// The session is closed.
    Closed,
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::DecisionPending => "a decision is pending: accept or reject first",
            Self::NoSuchDecision => "no such decision is pending",
            Self::WrongReplyClass => "the reply's class does not fit this answer",
            Self::AwaitingTls => "STARTTLS is in progress: call tls_established first",
            Self::Closed => "the session is closed",
        })
    }
}

impl core::error::Error for ServerError {}
