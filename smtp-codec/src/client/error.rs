//! `ClientError`: why a client session gave up.

use core::fmt;

use smtp_sansio_proto::Reply;

use crate::body::DataEncodeError;
use crate::reply::ReplyError;

/// Why the client gave up on the session.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The reply bytes did not decode.
    Reply(ReplyError),
    /// The server refused the greeting or EHLO/LHLO.
    Refused(Reply<'static>),
    /// Bytes arrived after the 220 reply to STARTTLS, before the handshake:
    /// a response injection attempt.
    StartTlsInjection {
        /// How many octets followed the 220.
        extra: usize,
    },
    /// A reply arrived when none was expected.
    UnexpectedReply(Reply<'static>),
    /// A message line is too long to send (RFC 5321 §4.5.3.1.6).
    Body(DataEncodeError),
    /// A method was called in the wrong state (not ready, or a transaction
    /// is already running).
    NotReady,
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reply(e) => write!(f, "bad reply: {e}"),
            Self::Refused(r) => write!(f, "server refused: {}", r.to_string().trim_end()),
            Self::StartTlsInjection { extra } => {
                write!(f, "{extra} octets arrived after the 220 to STARTTLS")
            }
            Self::UnexpectedReply(r) => write!(f, "unexpected reply: {}", r.to_string().trim_end()),
            Self::Body(e) => write!(f, "cannot send the message: {e}"),
            Self::NotReady => f.write_str("the session is not ready for that"),
        }
    }
}

impl core::error::Error for ClientError {}
