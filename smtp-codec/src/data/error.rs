//! Why a DATA stream was refused, and what a server answers.

use core::fmt;

use smtp_sansio_proto::{Reply, ReplyCode};

use crate::replies::reply;

/// Why the DATA decoder refused a message (or a call).
///
/// Every refusal of a message is reported only once its real end
/// (CRLF "." CRLF) has been consumed, so the session is back in command mode
/// and the server answers [`DataError::reply`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// The body grew past [`DataOptions::max_size`](super::DataOptions::max_size).
    /// Reply: `552 5.3.4`.
    TooBig {
        /// The limit in force, in body octets.
        limit: u64,
    },
    /// An LF not preceded by CR (policy `Reject`). Reply: `550 5.6.0`.
    BareLf,
    /// A CR not followed by LF (policy `Reject`). Reply: `550 5.6.0`.
    BareCr,
    /// A NUL octet (policy `Reject`). Reply: `550 5.6.0`.
    Nul,
    /// Input offered after the end of data without a `reset()` in between:
    /// a bug in the caller, not in the peer. Reply: `451 4.3.0`.
    AfterEnd,
}

/// A refused message: what was wrong, where, and how much input to drop.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::data::{DataDecoder, DataErrorKind, Decoded};
///
/// let mut decoder = DataDecoder::default();
/// let input = b"bare\nLF\r\n.\r\nQUIT\r\n";
/// let mut at = 0;
/// let error = loop {
///     match decoder.decode(&input[at..]) {
///         Ok(Decoded::Body { consumed, .. } | Decoded::Incomplete { consumed }) => at += consumed,
///         Ok(Decoded::End { .. }) => unreachable!("a bare LF is refused"),
///         Err(e) => break e,
///     }
/// };
/// assert_eq!(error.kind(), DataErrorKind::BareLf);
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
    remaining: usize,
}

impl DataError {
    pub(crate) const fn new(
        kind: DataErrorKind,
        offset: u64,
        consumed: usize,
        remaining: usize,
    ) -> Self {
        Self {
            kind,
            offset,
            consumed,
            remaining,
        }
    }

    /// What was wrong.
    pub const fn kind(&self) -> DataErrorKind {
        self.kind
    }

    /// Where: the offset, counted from the first octet after the 354 reply,
    /// of the first offending octet (for [`DataErrorKind::TooBig`], of the
    /// input where the limit was crossed; for [`DataErrorKind::AfterEnd`],
    /// of the end of data).
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// Octets of this call's input consumed, through the terminator's LF.
    pub const fn consumed(&self) -> usize {
        self.consumed
    }

    /// Octets of this call's input after the end of data (pipelined
    /// commands), which belong to the command stream.
    pub const fn remaining(&self) -> usize {
        self.remaining
    }

    /// The reply a server sends for this error.
    ///
    /// | kind | reply |
    /// |---|---|
    /// | `TooBig` | `552 5.3.4 Message too big for system` |
    /// | `BareLf`, `BareCr`, `Nul` | `550 5.6.0 Message refused: ...` naming the octet |
    /// | `AfterEnd` | `451 4.3.0 Local error: data stream already ended` |
    pub fn reply(&self) -> Reply<'static> {
        match self.kind {
            DataErrorKind::TooBig { .. } => reply(
                ReplyCode::EXCEEDED_STORAGE,
                3,
                4,
                "Message too big for system",
            ),
            DataErrorKind::BareLf => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: bare LF in the body (lines must end in CRLF)",
            ),
            DataErrorKind::BareCr => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: bare CR in the body (CR must be followed by LF)",
            ),
            DataErrorKind::Nul => reply(
                ReplyCode::MAILBOX_UNAVAILABLE,
                6,
                0,
                "Message refused: NUL octet in the body",
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
            Self::BareLf => f.write_str("bare LF in the message body"),
            Self::BareCr => f.write_str("bare CR in the message body"),
            Self::Nul => f.write_str("NUL octet in the message body"),
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
pub enum EncodeErrorKind {
    /// A text line longer than
    /// [`EncodeOptions::max_line`](super::EncodeOptions::max_line) octets
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
/// use smtp_sansio_codec::data::{DataEncoder, EncodeErrorKind};
///
/// let mut encoder = DataEncoder::default();
/// let mut out = Vec::new();
/// let line = [b'a'; 999];
/// let error = encoder.encode(&line, &mut out).unwrap_err();
/// assert_eq!(error.kind(), EncodeErrorKind::LineTooLong { limit: 1000 });
/// assert_eq!(error.offset(), 998);
/// assert!(out.is_empty()); // nothing of the refused call was written
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EncodeError {
    kind: EncodeErrorKind,
    offset: u64,
}

impl EncodeError {
    pub(crate) const fn new(kind: EncodeErrorKind, offset: u64) -> Self {
        Self { kind, offset }
    }

    /// What was wrong.
    pub const fn kind(&self) -> EncodeErrorKind {
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
            EncodeErrorKind::LineTooLong { .. } => {
                reply(ReplyCode::SYNTAX_ERROR, 5, 2, "Line too long")
            }
        }
    }
}

impl fmt::Display for EncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LineTooLong { limit } => {
                write!(f, "text line longer than {limit} octets including CRLF")
            }
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for EncodeError {}

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
                DataErrorKind::BareLf,
                "550 5.6.0 Message refused: bare LF in the body (lines must end in CRLF)\r\n",
            ),
            (
                DataErrorKind::BareCr,
                "550 5.6.0 Message refused: bare CR in the body (CR must be followed by LF)\r\n",
            ),
            (
                DataErrorKind::Nul,
                "550 5.6.0 Message refused: NUL octet in the body\r\n",
            ),
            (
                DataErrorKind::AfterEnd,
                "451 4.3.0 Local error: data stream already ended\r\n",
            ),
        ];
        for (kind, want) in data {
            assert_eq!(DataError::new(kind, 0, 0, 0).reply().to_string(), want);
        }
        let encode = EncodeError::new(EncodeErrorKind::LineTooLong { limit: 1000 }, 998);
        assert_eq!(encode.reply().to_string(), "500 5.5.2 Line too long\r\n");
        assert_eq!(
            encode.to_string(),
            "text line longer than 1000 octets including CRLF at octet 998"
        );
    }
}
