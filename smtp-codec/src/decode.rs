//! `CommandDecoder`: framer, per-verb length limits and grammar in one call.

use smtp_sansio_proto::Command;

use crate::DecodeOptions;
use crate::error::{DecodeError, ErrorKind};
use crate::frame::{Frame, LineFramer};
use crate::grammar::{self, GrammarError, GrammarErrorKind};

/// What one decode call produced.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Decoded<T> {
    /// A complete value; `consumed` octets of input belong to it.
    Complete {
        /// The value, borrowing from the input.
        value: T,
        /// Octets of input it took, line end included.
        consumed: usize,
    },
    /// More input is needed. Drop `consumed` octets first: it is non-zero
    /// only while an overlong line is being skipped, so the caller never
    /// buffers more than the line limit.
    Incomplete {
        /// Octets of input the caller may drop.
        consumed: usize,
    },
}

impl<T> Decoded<T> {
    /// Octets of input this result accounts for.
    pub const fn consumed(&self) -> usize {
        match self {
            Self::Complete { consumed, .. } | Self::Incomplete { consumed } => *consumed,
        }
    }

    /// The value, if complete.
    pub fn value(self) -> Option<T> {
        match self {
            Self::Complete { value, .. } => Some(value),
            Self::Incomplete { .. } => None,
        }
    }
}

/// Decodes command lines from a byte stream (the server side).
///
/// It borrows every argument from the input and allocates nothing for
/// ordinary commands. Its only state is the framer's "inside an overlong
/// line" flag; options can change between commands (after EHLO, say).
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::{CommandDecoder, Decoded};
/// use smtp_sansio_codec::proto::Command;
///
/// let mut decoder = CommandDecoder::default();
/// let input = b"MAIL FROM:<a@b.c> SIZE=1000\r\nRCPT TO:<d@e.f>\r\nDA";
/// let Decoded::Complete { value, consumed } = decoder.decode(input)? else { panic!() };
/// assert!(matches!(value, Command::Mail { .. }));
/// assert_eq!(value.to_string(), "MAIL FROM:<a@b.c> SIZE=1000");
///
/// let rest = &input[consumed..];
/// let next = decoder.decode(rest)?;
/// assert_eq!(next.consumed(), 17);
/// assert_eq!(decoder.decode(&rest[17..])?, Decoded::Incomplete { consumed: 0 });
/// # Ok::<(), smtp_sansio_codec::DecodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommandDecoder {
    options: DecodeOptions,
    framer: LineFramer,
}

impl Default for CommandDecoder {
    /// Strict decoding: [`DecodeOptions::default`].
    fn default() -> Self {
        Self::new(DecodeOptions::default())
    }
}

impl CommandDecoder {
    /// A decoder at the start of a line.
    pub const fn new(options: DecodeOptions) -> Self {
        Self {
            framer: LineFramer::new(options.frame_options()),
            options,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> &DecodeOptions {
        &self.options
    }

    /// Changes the options from the next line on (e.g. the extensions the
    /// server advertised in its EHLO reply).
    pub fn set_options(&mut self, options: DecodeOptions) {
        self.options = options;
        self.framer.set_options(options.frame_options());
    }

    /// Forgets a partly skipped overlong line (after STARTTLS, say).
    pub fn reset(&mut self) {
        self.framer.reset();
    }

    /// Decodes the next command of `input`, which starts where the previous
    /// call's `consumed` ended.
    ///
    /// # Errors
    /// A [`DecodeError`] for a line that is malformed or holds no valid
    /// command; its `consumed` covers the whole line, so decoding goes on
    /// with the next one and the session never loses sync.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<Command<'a>>, DecodeError> {
        match self.framer.next_line(input)? {
            Frame::Incomplete { consumed } => Ok(Decoded::Incomplete { consumed }),
            Frame::Line { line, consumed } => {
                let value = decode_line(line, consumed, &self.options)?;
                Ok(Decoded::Complete { value, consumed })
            }
        }
    }
}

/// Decodes one framed line (CRLF already removed) with `options`; `consumed`
/// is the line's length on the wire, line end included, for the per-verb
/// length check and the error's `consumed`.
///
/// # Errors
/// As [`CommandDecoder::decode`].
pub fn decode_line<'a>(
    line: &'a [u8],
    consumed: usize,
    options: &DecodeOptions,
) -> Result<Command<'a>, DecodeError> {
    let line = if options.leniency.trailing_whitespace {
        trim_trailing_whitespace(line)
    } else {
        line
    };
    if consumed > options.line_limit {
        let limit = verb_line_limit(line, options);
        if consumed > limit {
            return Err(DecodeError::new(
                ErrorKind::LineTooLong { limit },
                limit,
                consumed,
            ));
        }
    }
    grammar::command(line, options)
        .map_err(|e| DecodeError::new(kind(&e), e.offset_in(line), consumed))
}

/// The length limit of the line's verb: MAIL, RCPT and AUTH have allowances.
fn verb_line_limit(line: &[u8], options: &DecodeOptions) -> usize {
    let verb = grammar::verb(line).map_or(&b""[..], |(_, verb)| verb);
    if verb.eq_ignore_ascii_case(b"MAIL") {
        options.mail_line_limit()
    } else if verb.eq_ignore_ascii_case(b"RCPT") {
        options.rcpt_line_limit()
    } else if verb.eq_ignore_ascii_case(b"AUTH") {
        options.auth_line_limit()
    } else {
        options.line_limit
    }
}

fn trim_trailing_whitespace(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |at| at + 1);
    &line[..end]
}

fn kind(e: &GrammarError<'_>) -> ErrorKind {
    match &e.kind {
        GrammarErrorKind::Unrecognized => ErrorKind::UnrecognizedCommand,
        GrammarErrorKind::Expected(expected) => ErrorKind::Syntax { expected },
        GrammarErrorKind::Invalid(error) => ErrorKind::InvalidArgument(error.clone()),
        GrammarErrorKind::InvalidMailbox { sender, error } => ErrorKind::InvalidMailbox {
            sender: *sender,
            error: error.clone(),
        },
        GrammarErrorKind::UnknownParameter => ErrorKind::UnknownParameter,
    }
}
