//! `ClientError`: why a client session gave up.

use alloc::string::String;
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
    /// The envelope carries a MAIL or RCPT parameter (here in its canonical
    /// form) of an extension the server did not advertise, or
    /// `BODY=BINARYMIME` without CHUNKING; nothing was sent. Drop the
    /// parameter, convert the message, or give up on this server.
    ParameterNotOffered(String),
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
            Self::ParameterNotOffered(p) => {
                write!(f, "the server did not advertise the extension of {p}")
            }
        }
    }
}

impl core::error::Error for ClientError {}
