//! `ReplyError`: why a reply was refused, and where.

use core::fmt;

use smtp_sansio_proto::{ReplyCode, ValidationError};

use crate::frame::FrameErrorKind;

/// A reply the decoder refused: what was wrong ([`ReplyErrorKind`]) and the
/// byte offset, counted from the start of the input handed to the decoder.
///
/// A malformed reply leaves a client unable to tell which command it
/// answers, so a reply error is the end of the conversation: it consumes
/// nothing, and the decoder starts afresh if called again.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::reply::{ReplyDecoder, ReplyErrorKind};
///
/// let err = ReplyDecoder::default().decode(b"250-a\r\n550 b\r\n").unwrap_err();
/// assert!(matches!(err.kind(), ReplyErrorKind::CodeMismatch { .. }));
/// assert_eq!(err.offset(), 7);
/// assert_eq!(err.to_string(), "line has code 550 but the reply began with 250 at byte 7");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReplyError {
    kind: ReplyErrorKind,
    offset: usize,
}

/// The rule a reply broke; `Display` says it in words.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::reply::{ReplyDecoder, ReplyErrorKind};
///
/// let kind = ReplyDecoder::default().decode(b"2500 x\r\n").unwrap_err().kind().clone();
/// assert_eq!(kind, ReplyErrorKind::LongCode);
/// assert_eq!(kind.to_string(), "reply code has more than three digits");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplyErrorKind {
    /// The line ends before three digits (`25 x`, `2\r\n`).
    ShortCode,
    /// A fourth digit follows the code (`2500 x`).
    LongCode,
    /// A code position holds something other than a digit (`2x0`).
    NotDigit {
        /// The offending octet.
        found: u8,
    },
    /// The first digit is outside 2–5 (`199`, `600`).
    BadClass {
        /// The digit found.
        found: u8,
    },
    /// The second digit is above 5 (`260`).
    BadCategory {
        /// The digit found.
        found: u8,
    },
    /// The code is followed by something other than SP, `-` or the line end (`250x`).
    BadSeparator {
        /// The octet found after the code.
        found: u8,
    },
    /// A line of a multiline reply carries a different code from the first line.
    CodeMismatch {
        /// The first line's code.
        expected: ReplyCode,
        /// This line's code.
        found: ReplyCode,
    },
    /// A line broke a framing rule: longer than the limit (line end
    /// included), a bare LF (strict decoding), a bare CR, a NUL.
    Frame(FrameErrorKind),
    /// The reply has more lines than the limit.
    TooManyLines {
        /// The limit in force.
        limit: usize,
    },
    /// The reply is longer than the limit, in octets.
    ReplyTooLong {
        /// The limit in force.
        limit: usize,
    },
    /// A control character other than HTAB in the text.
    ControlChar {
        /// The character found.
        found: char,
    },
    /// The text is not UTF-8.
    NotUtf8,
    /// An EHLO reply was expected and the code is not 250.
    NotEhlo {
        /// The code received.
        code: ReplyCode,
    },
    /// The first line of an EHLO reply does not start with a domain or address literal.
    EhloDomain(ValidationError),
}

impl ReplyError {
    /// An error of `kind` at `offset` octets into the input.
    pub const fn new(kind: ReplyErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What was wrong.
    pub const fn kind(&self) -> &ReplyErrorKind {
        &self.kind
    }

    /// Where, in octets from the start of the input handed to the decoder.
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

/// `'x'` for a printable octet, `0x07` otherwise.
struct Octet(u8);

impl fmt::Display for Octet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            b @ 0x21..=0x7e => write!(f, "'{}'", char::from(b)),
            b' ' => f.write_str("SP"),
            b'\r' => f.write_str("CR"),
            b'\n' => f.write_str("LF"),
            b => write!(f, "0x{b:02x}"),
        }
    }
}

impl fmt::Display for ReplyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ShortCode => f.write_str("reply code has fewer than three digits"),
            Self::LongCode => f.write_str("reply code has more than three digits"),
            Self::NotDigit { found } => {
                write!(
                    f,
                    "reply code must be three digits, found {}",
                    Octet(*found)
                )
            }
            Self::BadClass { found } => write!(
                f,
                "reply code must start with 2, 3, 4 or 5, found {}",
                Octet(*found)
            ),
            Self::BadCategory { found } => write!(
                f,
                "second digit of a reply code must be 0 to 5, found {}",
                Octet(*found)
            ),
            Self::BadSeparator { found } => write!(
                f,
                "reply code must be followed by SP, '-' or CRLF, found {}",
                Octet(*found)
            ),
            Self::CodeMismatch { expected, found } => {
                write!(
                    f,
                    "line has code {found} but the reply began with {expected}"
                )
            }
            Self::Frame(kind) => kind.fmt(f),
            Self::TooManyLines { limit } => write!(f, "reply has more than {limit} lines"),
            Self::ReplyTooLong { limit } => write!(f, "reply longer than {limit} octets"),
            Self::ControlChar { found } => {
                write!(
                    f,
                    "control character U+{:04X} in reply text",
                    u32::from(*found)
                )
            }
            Self::NotUtf8 => f.write_str("reply text is not UTF-8"),
            Self::NotEhlo { code } => write!(f, "EHLO reply must have code 250, found {code}"),
            Self::EhloDomain(e) => write!(f, "EHLO reply does not start with a domain: {e}"),
        }
    }
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for ReplyError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.kind {
            ReplyErrorKind::EhloDomain(e) => Some(e),
            _ => None,
        }
    }
}
