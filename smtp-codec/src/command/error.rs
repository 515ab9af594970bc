//! `CommandError`: why a command line was refused, where, and what a
//! server should answer.

use core::fmt;

use smtp_sansio_proto::{Reply, ReplyCode, Rule, ValidationError, ValueKind};

use crate::frame::{FrameError, FrameErrorKind};
use crate::reply::canned::reply_with_detail;

/// A command line that could not be decoded.
///
/// It carries what was wrong ([`CommandErrorKind`]), the octet offset from the start
/// of the line, and how many octets of input the bad line took (the whole
/// line through its LF, so the next call starts on the next command). A
/// server answers it with [`CommandError::reply`].
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::command::{CommandDecoder, CommandErrorKind};
///
/// let mut decoder = CommandDecoder::default();
/// let err = decoder.decode(b"DATA junk\r\nQUIT\r\n").unwrap_err();
/// assert!(matches!(err.kind(), CommandErrorKind::Syntax { .. }));
/// assert_eq!(err.offset(), 4);
/// assert_eq!(err.consumed(), 11);
/// assert_eq!(err.reply().code().get(), 501);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommandError {
    kind: CommandErrorKind,
    offset: usize,
    consumed: usize,
}

/// What was wrong with a command line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommandErrorKind {
    /// The line broke a framing rule: too long for its verb (the limit
    /// with the allowances of the extensions in force), a bare CR, a bare
    /// LF, a NUL.
    Frame(FrameErrorKind),
    /// The verb is not a command word at all (`M@IL`, an empty line).
    UnrecognizedCommand,
    /// A known verb with arguments that do not fit its grammar.
    Syntax {
        /// What the grammar expected at the offset.
        expected: &'static str,
    },
    /// An argument whose text its type refused (a bad domain, a parameter
    /// value out of range, a duplicate parameter, ...).
    InvalidArgument(ValidationError),
    /// A MAIL or RCPT address whose mailbox is malformed (or non-ASCII while
    /// SMTPUTF8 is not in force).
    InvalidMailbox {
        /// The address was the sender (MAIL), not a recipient (RCPT).
        sender: bool,
        /// What the mailbox's type refused.
        error: ValidationError,
    },
    /// A MAIL/RCPT parameter this crate does not know, refused because
    /// [`CommandOptions::reject_unknown_parameters`](super::CommandOptions) is on.
    UnknownParameter,
    /// A MAIL/RCPT parameter of an extension that is not in force
    /// ([`CommandOptions::extensions`](super::CommandOptions): the server
    /// did not advertise it, or the client greeted with HELO).
    ParameterNotInForce,
}

impl CommandError {
    pub(crate) const fn new(kind: CommandErrorKind, offset: usize, consumed: usize) -> Self {
        Self {
            kind,
            offset,
            consumed,
        }
    }

    /// What was wrong.
    pub const fn kind(&self) -> &CommandErrorKind {
        &self.kind
    }

    /// Octet offset of the problem from the start of the line.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Octets of input the caller may now drop: the whole bad line, so
    /// decoding goes on with the next one.
    pub const fn consumed(&self) -> usize {
        self.consumed
    }

    /// Whether the line itself was malformed (too long, bare CR/LF, NUL), as
    /// opposed to a well-framed line with a bad command in it.
    pub const fn is_framing(&self) -> bool {
        matches!(self.kind, CommandErrorKind::Frame(_))
    }

    /// The reply a server should send (RFC 5321 §4.2.2, RFC 3463 codes):
    ///
    /// | kind | reply |
    /// |---|---|
    /// | line too long, bare LF/CR, NUL, unrecognised verb | `500 5.5.2` |
    /// | syntax error in arguments, duplicate parameter, bad path | `501 5.5.4` |
    /// | parameter value not implemented | `504 5.5.4` |
    /// | unknown parameter (when refused) | `555 5.5.4` |
    /// | parameter of an extension not in force | `555 5.5.4` |
    /// | malformed sender / recipient mailbox | `553 5.1.7` / `553 5.1.3` |
    /// | non-ASCII address without SMTPUTF8 | `553 5.6.7` |
    ///
    /// The text names the problem and its offset.
    pub fn reply(&self) -> Reply<'static> {
        let (code, subject, detail, summary) = match &self.kind {
            CommandErrorKind::Frame(FrameErrorKind::LineTooLong { .. }) => {
                (ReplyCode::SYNTAX_ERROR, 5, 2, "Line too long")
            }
            CommandErrorKind::Frame(
                FrameErrorKind::BareLf | FrameErrorKind::BareCr | FrameErrorKind::Nul,
            ) => (ReplyCode::SYNTAX_ERROR, 5, 2, "Syntax error"),
            CommandErrorKind::UnrecognizedCommand => {
                (ReplyCode::SYNTAX_ERROR, 5, 2, "Command unrecognized")
            }
            CommandErrorKind::Syntax { .. } => (
                ReplyCode::PARAMETER_SYNTAX_ERROR,
                5,
                4,
                "Syntax error in parameters or arguments",
            ),
            CommandErrorKind::InvalidArgument(e) => match e.rule() {
                Rule::UnsupportedValue => (
                    ReplyCode::PARAMETER_NOT_IMPLEMENTED,
                    5,
                    4,
                    "Command parameter not implemented",
                ),
                Rule::TooLong { .. }
                    if matches!(
                        e.value_kind(),
                        ValueKind::Path | ValueKind::ReversePath | ValueKind::ForwardPath
                    ) =>
                {
                    (ReplyCode::PARAMETER_SYNTAX_ERROR, 5, 4, "Path too long")
                }
                _ => (
                    ReplyCode::PARAMETER_SYNTAX_ERROR,
                    5,
                    4,
                    "Syntax error in parameters or arguments",
                ),
            },
            CommandErrorKind::InvalidMailbox { error, .. } if error.rule() == &Rule::NonAscii => (
                ReplyCode::MAILBOX_NAME_NOT_ALLOWED,
                6,
                7,
                "Non-ASCII addresses not permitted without SMTPUTF8",
            ),
            CommandErrorKind::InvalidMailbox { sender: true, .. } => (
                ReplyCode::MAILBOX_NAME_NOT_ALLOWED,
                1,
                7,
                "Bad sender address syntax",
            ),
            CommandErrorKind::InvalidMailbox { sender: false, .. } => (
                ReplyCode::MAILBOX_NAME_NOT_ALLOWED,
                1,
                3,
                "Bad recipient address syntax",
            ),
            CommandErrorKind::UnknownParameter => (
                ReplyCode::PARAMETERS_NOT_RECOGNIZED,
                5,
                4,
                "MAIL/RCPT parameter not recognized",
            ),
            CommandErrorKind::ParameterNotInForce => (
                ReplyCode::PARAMETERS_NOT_RECOGNIZED,
                5,
                4,
                "MAIL/RCPT parameter not offered",
            ),
        };
        reply_with_detail(code, subject, detail, summary, self)
    }
}

impl From<FrameError> for CommandError {
    fn from(e: FrameError) -> Self {
        Self::new(CommandErrorKind::Frame(e.kind()), e.offset(), e.consumed())
    }
}

impl fmt::Display for CommandErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Frame(kind) => kind.fmt(f),
            Self::UnrecognizedCommand => f.write_str("unrecognized command"),
            Self::Syntax { expected } => write!(f, "expected {expected}"),
            Self::InvalidArgument(e) | Self::InvalidMailbox { error: e, .. } => {
                write!(f, "invalid {}: {}", e.type_name(), e.rule())
            }
            Self::UnknownParameter => f.write_str("parameter not recognized"),
            Self::ParameterNotInForce => {
                f.write_str("parameter of an extension that was not advertised")
            }
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for CommandError {}
