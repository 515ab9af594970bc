//! Why a DATA stream was refused, and what a server answers.

use core::fmt;

use smtp_sansio_proto::{Reply, ReplyCode};

use crate::frame::FrameErrorKind;
use crate::reply::canned::reply;

/// Why the DATA decoder (or the BDAT [`ChunkDecoder`](super::ChunkDecoder))
/// refused a message (or a call).
///
/// Every refusal of a message is reported only once its real end
/// (CRLF "." CRLF, or the end of the LAST chunk) has been consumed, so the
/// session is back in command mode and the server answers
/// [`DataError::reply`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The body grew past [`DataOptions::max_size`](super::DataOptions::max_size).
    /// Reply: `552 5.3.4`.
    TooBig {
        /// The limit in force, in body octets.
        limit: u64,
    },
    /// A bare LF, a bare CR or a NUL in the body (policy `Reject`, in DATA
    /// or in the BDAT chunks of a message that is not `BODY=BINARYMIME`; the
    /// decoders enforce no line length, so never `LineTooLong`). Reply:
    /// `550 5.6.0`.
    Frame(FrameErrorKind),
    /// Input offered after the end of data without a `reset()` in between:
    /// a bug in the caller, not in the peer. Reply: `451 4.3.0`.
    AfterEnd,
}

/// A refused message: what was wrong, where, and how much input to drop.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::body::{BodyPart, DataDecoder, DataErrorKind};
/// use smtp_sansio_codec::frame::FrameErrorKind;
///
/// let mut decoder = DataDecoder::default();
/// let input = b"bare\nLF\r\n.\r\nQUIT\r\n";
/// let mut at = 0;
/// let error = loop {
///     match decoder.decode(&input[at..]) {
///         Ok(Decoded::Complete { value: BodyPart::End, .. }) => unreachable!("a bare LF is refused"),
///         Ok(step) => at += step.consumed(),
///         Err(e) => break e,
///     }
/// };
/// assert_eq!(error.kind(), DataErrorKind::Frame(FrameErrorKind::BareLf));
/// assert_eq!(error.offset(), 4);
/// assert_eq!(&input[at + error.consumed()..], b"QUIT\r\n");
/// assert_eq!(error.reply().to_string(),
///     "550 5.6.0 Message refused: bare LF in the body (lines must end in CRLF)\r\n");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DataError {
    kind: DataErrorKind,
    offset: u64,
    consumed: usize,
}

impl DataError {
    pub(crate) const fn new(kind: DataErrorKind, offset: u64, consumed: usize) -> Self {
        Self {
            kind,
            offset,
            consumed,
        }
    }

    /// What was wrong.
    pub const fn kind(&self) -> DataErrorKind {
        self.kind
    }

    /// Where: the offset, counted from the first octet after the 354 reply
    /// (for BDAT, from the first octet of the message's first chunk), of
    /// the first offending octet (for [`DataErrorKind::TooBig`], in body
    /// octets: the limit, where the refused part of the body begins; for
    /// [`DataErrorKind::AfterEnd`], of the end of data).
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// Octets of this call's input the caller may now drop, through the
    /// terminator's LF; what follows belongs to the command stream.
    pub const fn consumed(&self) -> usize {
        self.consumed
    }

    /// The reply a server sends for this error.
    ///
    /// | kind | reply |
    /// |---|---|
    /// | `TooBig` | `552 5.3.4 Message too big for system` |
    /// | `Frame(BareLf)`, `Frame(BareCr)`, `Frame(Nul)` | `550 5.6.0 Message refused: ...` naming the octet |
    /// | `AfterEnd` | `451 4.3.0 Local error: data stream already ended` |
    pub fn reply(&self) -> Reply<'static> {
        match self.kind {
            DataErrorKind::TooBig { .. } => reply(
                ReplyCode::EXCEEDED_STORAGE,
                3,
                4,
                "Message too big for system",
            ),
            DataErrorKind::Frame(FrameErrorKind::BareLf) => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: bare LF in the body (lines must end in CRLF)",
            ),
            DataErrorKind::Frame(FrameErrorKind::BareCr) => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: bare CR in the body (CR must be followed by LF)",
            ),
            DataErrorKind::Frame(FrameErrorKind::Nul) => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: NUL octet in the body",
            ),
            DataErrorKind::Frame(FrameErrorKind::LineTooLong { .. }) => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: line too long",
            ),
            DataErrorKind::AfterEnd => reply(
                ReplyCode::LOCAL_ERROR,
                3,
                0,
                "Local error: data stream already ended",
            ),
        }
    }
}

impl fmt::Display for DataErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooBig { limit } => write!(f, "message larger than {limit} octets"),
            Self::Frame(kind) => write!(f, "{kind} in the message body"),
            Self::AfterEnd => f.write_str("input after the end of data (reset first)"),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for DataError {}

/// Why the DATA encoder refused to send part of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataEncodeErrorKind {
    /// A text line longer than
    /// [`DataEncodeOptions::max_line`](super::DataEncodeOptions::max_line) octets
    /// including CRLF (RFC 5321 §4.5.3.1.6). Send it with BDAT and
    /// BINARYMIME, or wrap it (e.g. quoted-printable), instead.
    LineTooLong {
        /// The limit in force, in octets including CRLF.
        limit: usize,
    },
}

/// A message the DATA encoder will not send as it is.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::{DataEncoder, DataEncodeErrorKind};
///
/// let mut encoder = DataEncoder::default();
/// let mut out = Vec::new();
/// let line = [b'a'; 999];
/// let error = encoder.encode(&line, &mut out).unwrap_err();
/// assert_eq!(error.kind(), DataEncodeErrorKind::LineTooLong { limit: 1000 });
/// assert_eq!(error.offset(), 998);
/// assert!(out.is_empty()); // nothing of the refused call was written
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DataEncodeError {
    kind: DataEncodeErrorKind,
    offset: u64,
}

impl DataEncodeError {
    pub(crate) const fn new(kind: DataEncodeErrorKind, offset: u64) -> Self {
        Self { kind, offset }
    }

    /// What was wrong.
    pub const fn kind(&self) -> DataEncodeErrorKind {
        self.kind
    }

    /// The offset in the message (all octets given to the encoder since the
    /// last `finish`) of the first octet past the limit.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The reply a server enforcing the limit would send: `500 5.5.2 Line
    /// too long` (RFC 5321 §4.5.3.1.10). A client can show it to its user.
    pub fn reply(&self) -> Reply<'static> {
        match self.kind {
            DataEncodeErrorKind::LineTooLong { .. } => {
                reply(ReplyCode::SYNTAX_ERROR, 5, 2, "Line too long")
            }
        }
    }
}

impl fmt::Display for DataEncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LineTooLong { limit } => {
                write!(f, "text line longer than {limit} octets including CRLF")
            }
        }
    }
}

impl fmt::Display for DataEncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for DataEncodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reply_renders() {
        let data = [
            (
                DataErrorKind::TooBig { limit: 9 },
                "552 5.3.4 Message too big for system\r\n",
            ),
            (
                DataErrorKind::Frame(FrameErrorKind::BareLf),
                "550 5.6.0 Message refused: bare LF in the body (lines must end in CRLF)\r\n",
            ),
            (
                DataErrorKind::Frame(FrameErrorKind::BareCr),
                "550 5.6.0 Message refused: bare CR in the body (CR must be followed by LF)\r\n",
            ),
            (
                DataErrorKind::Frame(FrameErrorKind::Nul),
                "550 5.6.0 Message refused: NUL octet in the body\r\n",
            ),
            (
                DataErrorKind::AfterEnd,
                "451 4.3.0 Local error: data stream already ended\r\n",
            ),
        ];
        for (kind, want) in data {
            assert_eq!(DataError::new(kind, 0, 0).reply().to_string(), want);
        }
        let encode = DataEncodeError::new(DataEncodeErrorKind::LineTooLong { limit: 1000 }, 998);
        assert_eq!(encode.reply().to_string(), "500 5.5.2 Line too long\r\n");
        assert_eq!(
            encode.to_string(),
            "text line longer than 1000 octets including CRLF at octet 998"
        );
    }
}
