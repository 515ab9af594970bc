//! `CommandDecoder`: framer, per-verb length limits and grammar in one call.

use smtp_sansio_proto::Command;

use super::error::{CommandError, CommandErrorKind};
use super::grammar::{self, GrammarError, GrammarErrorKind};
use super::options::CommandOptions;
use crate::decode::{Decoded, Decoder};
use crate::frame::{FrameErrorKind, LineFramer};

/// Decodes command lines from a byte stream (the server side).
///
/// It follows the [decode contract](crate::decode): it borrows every
/// argument from the input and allocates nothing. Its only state is the
/// framer's: how far the line in progress was scanned, and whether an
/// overlong line is being skipped. Options can change between commands
/// (after EHLO, say).
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, Extensions};
/// use smtp_sansio_codec::proto::Command;
///
/// let mut decoder = CommandDecoder::new(CommandOptions::default().with_extensions(Extensions::all()));
/// let input = b"MAIL FROM:<a@b.c> SIZE=1000\r\nRCPT TO:<d@e.f>\r\nDA";
/// let Decoded::Complete { value, consumed } = decoder.decode(input)? else { panic!() };
/// assert!(matches!(value, Command::Mail { .. }));
/// assert_eq!(value.to_string(), "MAIL FROM:<a@b.c> SIZE=1000");
///
/// let rest = &input[consumed..];
/// let next = decoder.decode(rest)?;
/// assert_eq!(next.consumed(), 17);
/// assert_eq!(decoder.decode(&rest[17..])?, Decoded::Incomplete { consumed: 0 });
/// # Ok::<(), smtp_sansio_codec::command::CommandError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommandDecoder {
    options: CommandOptions,
    framer: LineFramer,
}

impl Default for CommandDecoder {
    /// Strict decoding: [`CommandOptions::default`].
    fn default() -> Self {
        Self::new(CommandOptions::default())
    }
}

impl CommandDecoder {
    /// A decoder at the start of a line.
    pub const fn new(options: CommandOptions) -> Self {
        Self {
            framer: LineFramer::new(options.frame_options()),
            options,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> &CommandOptions {
        &self.options
    }

    /// Changes the options from the next line on (e.g. the extensions the
    /// server advertised in its EHLO reply).
    pub fn set_options(&mut self, options: CommandOptions) {
        self.options = options;
        self.framer.set_options(options.frame_options());
    }

    /// Forgets the line in progress (after STARTTLS, say).
    pub fn reset(&mut self) {
        self.framer.reset();
    }

    /// Decodes the next command of `input`, under the [decode
    /// contract](crate::decode).
    ///
    /// # Errors
    /// A [`CommandError`] for a line that is malformed or holds no valid
    /// command; its `consumed` covers the whole line, so decoding goes on
    /// with the next one and the session never loses sync.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<Command<'a>>, CommandError> {
        if let Some(value) = self.bare_verb_line(input) {
            return Ok(Decoded::Complete {
                value,
                consumed: BARE_VERB_LINE,
            });
        }
        match self.framer.next(input)? {
            Decoded::Incomplete { consumed } => Ok(Decoded::Incomplete { consumed }),
            Decoded::Complete {
                value: line,
                consumed,
            } => decode_line(&input[..line.len], consumed, &self.options),
        }
    }
}

/// The length of `VERB CRLF` for a four-letter verb.
const BARE_VERB_LINE: usize = 6;

impl CommandDecoder {
    /// `QUIT`, `DATA`, `RSET` or `NOOP` alone on a line at the start of
    /// `input`: the most frequent lines of a pipelined transaction, decided
    /// from six octets without the framer and the grammar (which would
    /// decide the same: six octets are framed, and within every limit).
    fn bare_verb_line(&self, input: &[u8]) -> Option<Command<'static>> {
        let [a, b, c, d, b'\r', b'\n', ..] = *input else {
            return None;
        };
        if self.options.line_limit < BARE_VERB_LINE || !self.framer.at_line_start() {
            return None;
        }
        grammar::bare_verb([a, b, c, d])
    }
}

impl Decoder for CommandDecoder {
    type Value<'a> = Command<'a>;
    type Error = CommandError;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<Command<'a>>, CommandError> {
        CommandDecoder::decode(self, input)
    }
}

/// Decodes one framed line (line end already removed) with `options`;
/// `consumed` is the line's length on the wire, line end included, for the
/// per-verb length check and the error's `consumed`.
#[inline]
fn decode_line<'a>(
    line: &'a [u8],
    consumed: usize,
    options: &CommandOptions,
) -> Result<Decoded<Command<'a>>, CommandError> {
    // The limit is on the command line with its CRLF: a line a bare LF
    // ended (a leniency) counts one octet more, as it is re-encoded, so a
    // command that decodes also decodes from its own encoding. The framer
    // counts the same way against the largest verb limit; this is the
    // verb's own.
    let length = line.len() + 2;
    let line = if options.leniency.trailing_whitespace {
        trim_trailing_whitespace(line)
    } else {
        line
    };
    if length > options.min_line_limit() {
        let limit = verb_line_limit(line, options);
        if length > limit {
            let kind = CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit });
            return Err(CommandError::new(kind, limit, consumed));
        }
    }
    grammar::command(line, options, &LineResult { line, consumed })
}

/// The decoder's result for one line, built where the grammar built the
/// command (see [`grammar::Outcome`]).
struct LineResult<'a> {
    line: &'a [u8],
    consumed: usize,
}

impl<'a> grammar::Outcome<'a> for LineResult<'a> {
    type Output = Result<Decoded<Command<'a>>, CommandError>;

    #[inline]
    fn command(&self, value: Command<'a>) -> Self::Output {
        Ok(Decoded::Complete {
            value,
            consumed: self.consumed,
        })
    }

    fn refusal(&self, e: GrammarError<'a>) -> Self::Output {
        Err(CommandError::new(
            kind(&e),
            e.offset_in(self.line),
            self.consumed,
        ))
    }
}

/// The length limit of the line's verb: MAIL, RCPT and AUTH have allowances.
fn verb_line_limit(line: &[u8], options: &CommandOptions) -> usize {
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

fn kind(e: &GrammarError<'_>) -> CommandErrorKind {
    match &e.kind {
        GrammarErrorKind::Unrecognized => CommandErrorKind::UnrecognizedCommand,
        GrammarErrorKind::Expected(expected) => CommandErrorKind::Syntax { expected },
        GrammarErrorKind::Invalid(error) => CommandErrorKind::InvalidArgument(error.clone()),
        GrammarErrorKind::InvalidMailbox { sender, error } => CommandErrorKind::InvalidMailbox {
            sender: *sender,
            error: error.clone(),
        },
        GrammarErrorKind::UnknownParameter => CommandErrorKind::UnknownParameter,
        GrammarErrorKind::ParameterNotInForce => CommandErrorKind::ParameterNotInForce,
    }
}
