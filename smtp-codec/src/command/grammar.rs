//! The command grammar (RFC 5321 §4.1.1 and §4.1.2, RFC 3030, RFC 3207,
//! RFC 4954, RFC 2033), in nom 8 over one framed line.
//!
//! The grammar finds where each argument begins and ends and dispatches on
//! the verb; whether an argument's text is valid is decided by its type's
//! own validating constructor in `smtp-sansio-proto` (one rule, one place), whose
//! error offset is shifted to the position in the line. Every parser here is
//! `complete`: the framer has already delivered the whole line, CRLF removed.
//!
//! Crate-private; under `cfg(fuzzing)` (set by cargo-fuzz) it is public so
//! fuzz targets can drive single rules. It is not a stable API. Every rule fails with a
//! [`GrammarError`] naming what it expected and where.
#![allow(clippy::missing_errors_doc)] // said once above, for every rule

use nom::bytes::complete::take_while1;
use nom::character::complete::char;
use nom::combinator::opt;
use nom::error::{ErrorKind as NomErrorKind, ParseError};
use nom::{IResult, Parser};
use smtp_sansio_proto::{
    AuthMechanism, Command, EsmtpKeyword, ForwardPath, Host, InitialResponse, MailParameters,
    Parameters, RcptParameters, ReversePath, Rule, SmtpString, Text, ValidationError, ValueKind,
    chars,
};

use super::options::{CommandOptions, ParameterRefusal};

/// Why the grammar refused a line, and the rest of the line where it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrammarError<'a> {
    /// The input from the failing token on.
    pub at: &'a [u8],
    /// What went wrong there.
    pub kind: GrammarErrorKind,
}

/// The grammar's reasons for refusing a line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GrammarErrorKind {
    /// The verb is not a command word.
    Unrecognized,
    /// The grammar expected something else here.
    Expected(&'static str),
    /// The token's type refused it; the error's offset is within the token.
    Invalid(ValidationError),
    /// The MAIL/RCPT mailbox was refused; the offset is within the path.
    InvalidMailbox {
        /// The path was MAIL's reverse path (the sender).
        sender: bool,
        /// What the path's type refused.
        error: ValidationError,
    },
    /// An unknown MAIL/RCPT parameter, refused by option; at its keyword.
    UnknownParameter,
    /// A MAIL/RCPT parameter of an extension not in force; at its keyword.
    ParameterNotInForce,
}

impl<'a> GrammarError<'a> {
    const fn new(at: &'a [u8], kind: GrammarErrorKind) -> Self {
        Self { at, kind }
    }

    /// The offset of the problem within `line`, which `at` is a suffix of.
    pub fn offset_in(&self, line: &[u8]) -> usize {
        let token = line.len().saturating_sub(self.at.len());
        match &self.kind {
            GrammarErrorKind::Invalid(e) | GrammarErrorKind::InvalidMailbox { error: e, .. } => {
                token + e.offset()
            }
            _ => token,
        }
    }
}

impl<'a> ParseError<&'a [u8]> for GrammarError<'a> {
    fn from_error_kind(input: &'a [u8], _kind: NomErrorKind) -> Self {
        Self::new(input, GrammarErrorKind::Expected("valid syntax"))
    }

    fn append(_input: &'a [u8], _kind: NomErrorKind, other: Self) -> Self {
        other
    }
}

/// What every rule of one line may need: the options in force, and the
/// line as text when the whole of it is UTF-8, so each token's text is a
/// slice of it instead of a `from_utf8` of its own (a call per token cost
/// more than the token's own check on a short line; callgrind).
#[derive(Clone, Copy, Debug)]
pub struct Line<'o, 'a> {
    /// The options in force.
    pub options: &'o CommandOptions,
    bytes: &'a [u8],
    text: Option<&'a str>,
}

impl<'o, 'a> Line<'o, 'a> {
    /// The context of `line` under `options`.
    pub fn new(line: &'a [u8], options: &'o CommandOptions) -> Self {
        Self {
            options,
            bytes: line,
            text: line_text(line),
        }
    }

    /// `token` (a slice of the line) as UTF-8, or a `NotUtf8` refusal of a
    /// `kind` value at its first bad octet.
    fn utf8(&self, token: &'a [u8], kind: ValueKind) -> Result<&'a str, ValidationError> {
        let start = (token.as_ptr() as usize).wrapping_sub(self.bytes.as_ptr() as usize);
        let sliced = self
            .text
            .and_then(|text| text.get(start..start.checked_add(token.len())?));
        match sliced {
            Some(text) if text.len() == token.len() => Ok(text),
            _ => utf8(token, kind),
        }
    }
}

/// The whole line as text, if it is UTF-8. An ASCII line (nearly every
/// one) is told by `is_ascii`, a word at a time, where `from_utf8` goes
/// octet by octet up to a word boundary and after the last whole block: on
/// a short line that was the largest single cost of a decode, about 120
/// of 900 instructions on `MAIL FROM:<a@b.c>`, against about 10 now
/// (callgrind).
fn line_text(line: &[u8]) -> Option<&str> {
    match ascii::AsciiStr::from_ascii(line) {
        Ok(text) => Some(text.as_str()),
        Err(_) => core::str::from_utf8(line).ok(),
    }
}

/// The result of one rule.
pub type Res<'a, O> = IResult<&'a [u8], O, GrammarError<'a>>;

/// The result of a rule that has reached the end of the line.
pub type Done<'a, O> = Result<O, nom::Err<GrammarError<'a>>>;

/// Runs `parser`; on failure reports `what` was expected where it started.
fn expect<'a, O>(
    what: &'static str,
    mut parser: impl Parser<&'a [u8], Output = O, Error = GrammarError<'a>>,
) -> impl FnMut(&'a [u8]) -> Res<'a, O> {
    move |input| {
        parser
            .parse(input)
            .map_err(|e| e.map(|_| GrammarError::new(input, GrammarErrorKind::Expected(what))))
    }
}

/// A failure that stops the whole line (no alternative can match).
fn fail<O>(at: &[u8], kind: GrammarErrorKind) -> Res<'_, O> {
    Err(nom::Err::Failure(GrammarError::new(at, kind)))
}

/// Builds a value from `text` with its validating constructor, turning its
/// refusal into a grammar failure at `text`.
fn validated<'a, T>(
    line: &Line<'_, 'a>,
    text: &'a [u8],
    construct: impl FnOnce(&'a str) -> Result<T, ValidationError>,
    kind: ValueKind,
) -> Done<'a, T> {
    let invalid = |e| nom::Err::Failure(GrammarError::new(text, GrammarErrorKind::Invalid(e)));
    let text_str = line.utf8(text, kind).map_err(invalid)?;
    construct(text_str).map_err(invalid)
}

/// The text as UTF-8, or a `NotUtf8` refusal at the first bad octet.
fn utf8(text: &[u8], kind: ValueKind) -> Result<&str, ValidationError> {
    core::str::from_utf8(text)
        .map_err(|e| ValidationError::new(kind, Rule::NotUtf8, e.valid_up_to()))
}

/// A keyword, written in upper case, matched ignoring ASCII case. nom's
/// `tag_no_case` folds case char by char through `to_lowercase`, and
/// `eq_ignore_ascii_case` folds both sides; on `FROM:` either cost more than
/// the rest of the verb handling (callgrind), so only the input is folded.
fn keyword(word: &'static str) -> impl Fn(&[u8]) -> Res<'_, &[u8]> {
    move |input: &[u8]| match input.get(..word.len()) {
        Some(head)
            if head
                .iter()
                .zip(word.as_bytes())
                .all(|(&a, &b)| a.to_ascii_uppercase() == b) =>
        {
            Ok((&input[word.len()..], head))
        }
        _ => Err(nom::Err::Error(GrammarError::new(
            input,
            GrammarErrorKind::Expected("a keyword"),
        ))),
    }
}

/// `SP` (exactly one space).
fn sp(input: &[u8]) -> Res<'_, char> {
    expect("a space", char(' ')).parse(input)
}

/// The end of the line.
fn end(input: &[u8]) -> Res<'_, &[u8]> {
    if input.is_empty() {
        return Ok((input, input));
    }
    Err(nom::Err::Error(GrammarError::new(
        input,
        GrammarErrorKind::Expected("the end of the line"),
    )))
}

/// `SP argument`: the rest of the line after one space, non-empty.
fn argument(input: &[u8]) -> Res<'_, &[u8]> {
    let (input, _) = sp(input)?;
    expect("an argument", take_while1(|_| true)).parse(input)
}

/// `verb = 1*(ALPHA / DIGIT / "-")`, followed by SP or the end of the line
/// (`esmtp-keyword` shape, RFC 5321 §4.1.2); anything else is no command.
pub fn verb(input: &[u8]) -> Res<'_, &[u8]> {
    let len = input
        .iter()
        .position(|&b| !chars::is_ldh(b))
        .unwrap_or(input.len());
    match input.get(len) {
        None | Some(b' ') if len > 0 => Ok((&input[len..], &input[..len])),
        _ => fail(input, GrammarErrorKind::Unrecognized),
    }
}

/// `helo = "HELO" SP Domain`, `ehlo = "EHLO" SP ( Domain / address-literal )`,
/// `lhlo = "LHLO" SP Domain` (RFC 2033): the argument of each, as a [`Host`]
/// (HELO with an address literal is accepted, as every server does).
// Inlined into each HELO/EHLO/LHLO arm: returned through memory, the host
// was written field by field and copied out with wider loads at once, which
// the store buffer cannot forward (EHLO 42 ns against 29 ns inlined,
// timed side by side; `#[inline]` alone is not taken).
#[allow(clippy::inline_always)]
#[inline(always)]
pub fn host<'a>(input: &'a [u8], line: &Line<'_, 'a>) -> Res<'a, Host<'a>> {
    let (after, text) = argument(input)?;
    let host = if line.options.extensions.smtputf8 {
        validated(line, text, Host::new_utf8, ValueKind::Host)?
    } else {
        validated(line, text, Host::try_from, ValueKind::Host)?
    };
    Ok((after, host))
}

/// `Path = "<" [ A-d-l ":" ] Mailbox ">"`, `Reverse-path = Path / "<>"`,
/// `Forward-path = Path / "<Postmaster>"`: finds the path's extent. Quoted
/// local parts (`"a>b"@c`) may hold `>` and are skipped whole; the text
/// between the brackets is validated by the path type.
pub fn path_extent(input: &[u8]) -> Res<'_, &[u8]> {
    let (_, _) = expect("'<' opening the path", char('<')).parse(input)?;
    let mut at = 1;
    // Only `>` and `"` matter here: jump between them (a byte loop was a
    // tenth of a RCPT decode, and `memchr2`'s set-up cost more than it
    // saved on a short path; callgrind).
    while let Some(next) = first_of(&input[at..], b'>', b'"') {
        at += next;
        if input[at] == b'>' {
            return Ok((&input[at + 1..], &input[..=at]));
        }
        // A quoted string: to its closing quote, over quoted pairs.
        at += 1;
        loop {
            let Some(next) = first_of(input.get(at..).unwrap_or_default(), b'"', b'\\') else {
                return fail(
                    &input[input.len()..],
                    GrammarErrorKind::Expected("'\"' closing the quoted local part"),
                );
            };
            at += next;
            if input[at] == b'"' {
                break;
            }
            at += 2;
        }
        at += 1;
    }
    fail(
        &input[input.len()..],
        GrammarErrorKind::Expected("'>' closing the path"),
    )
}

/// The position of the first `a` or `b` in `bytes`, eight octets at a
/// time: `(v - 1…) & !v` marks the zero octets of `v`, exactly up to the
/// first (borrows only run upwards), so the lowest mark of either needle
/// is exact. The tail is one more load ending at the last octet (the
/// octets it repeats hold neither needle).
fn first_of(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let marks = |x: u64| {
        let (va, vb) = (x ^ (ONES * u64::from(a)), x ^ (ONES * u64::from(b)));
        (va.wrapping_sub(ONES) & !va | vb.wrapping_sub(ONES) & !vb) & HIGH
    };
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    if bytes.len() < 8 {
        return bytes.iter().position(|&o| o == a || o == b);
    }
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let hits = marks(word(at));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let start = bytes.len() - 8;
    let hits = marks(word(start));
    (at < bytes.len() && hits != 0).then(|| start + (hits.trailing_zeros() / 8) as usize)
}

/// The path after `FROM:` / `TO:`: one optional space under the leniency,
/// then the path's extent.
fn path_after_colon<'a>(input: &'a [u8], options: &CommandOptions) -> Res<'a, &'a [u8]> {
    let input = match input.strip_prefix(b" ") {
        Some(rest) if options.leniency.space_after_colon => rest,
        _ => input,
    };
    path_extent(input)
}

/// Validates a path's text with `construct`; a mailbox fault is a mailbox
/// error (553), a path fault (too long) an argument error (501).
fn path_value<'a, T>(
    line: &Line<'_, 'a>,
    text: &'a [u8],
    construct: impl FnOnce(&'a str) -> Result<T, ValidationError>,
    kind: ValueKind,
) -> Done<'a, T> {
    let refuse = |e: ValidationError| {
        let kind = if matches!(e.rule(), Rule::TooLong { .. }) && e.value_kind() == kind {
            GrammarErrorKind::Invalid(e)
        } else {
            GrammarErrorKind::InvalidMailbox {
                sender: kind == ValueKind::ReversePath,
                error: e,
            }
        };
        nom::Err::Failure(GrammarError::new(text, kind))
    };
    construct(line.utf8(text, ValueKind::Mailbox).map_err(refuse)?).map_err(refuse)
}

/// `[SP Mail-parameters]` / `[SP Rcpt-parameters]` after the path, where
/// `Mail-parameters = esmtp-param *(SP esmtp-param)` and
/// `esmtp-param = esmtp-keyword ["=" esmtp-value]` (RFC 5321 §4.1.2).
/// Each parameter is typed once, and shown to `refusal` (the options'
/// policy) on the way; the first one it refuses comes back with its index.
fn parameters<'a, K: smtp_sansio_proto::ParameterKind>(
    input: &'a [u8],
    line: &Line<'_, 'a>,
    kind: ValueKind,
    refusal: impl FnMut(&K::Item<'_>) -> Option<ParameterRefusal>,
) -> Res<'a, (&'a [u8], Parameters<'a, K>, Refused)> {
    if input.is_empty() {
        return Ok((input, (input, Parameters::new(), None)));
    }
    let (input, _) = expect("a space or the end of the line after the path", char(' '))
        .parse(input)
        .map_err(|e| match e {
            nom::Err::Error(e) => nom::Err::Failure(e),
            other => other,
        })?;
    let (after, text) = expect("a parameter", take_while1(|_| true)).parse(input)?;
    if line.options.accepts_every_parameter() {
        // The common setup refuses nothing: no parameter is asked.
        let parameters = validated(line, text, Parameters::try_from, kind)?;
        return Ok((after, (text, parameters, None)));
    }
    let check = |text| Parameters::try_from_checked(text, refusal);
    let (parameters, refused) = validated(line, text, check, kind)?;
    Ok((after, (text, parameters, refused)))
}

/// A parameter the options refuse: its index among the parameters, and why.
type Refused = Option<(usize, ParameterRefusal)>;

/// Refuses the parameter `refused` names (its index among those of
/// `text`, and why), pointing at its keyword.
fn refuse_parameter(text: &[u8], refused: Refused) -> Res<'_, ()> {
    let Some((index, why)) = refused else {
        return Ok((&text[text.len()..], ()));
    };
    let start: usize = text
        .split(|&b| b == b' ')
        .take(index)
        .map(|piece| piece.len() + 1)
        .sum();
    let kind = match why {
        ParameterRefusal::Unknown => GrammarErrorKind::UnknownParameter,
        ParameterRefusal::NotInForce => GrammarErrorKind::ParameterNotInForce,
    };
    fail(&text[start.min(text.len())..], kind)
}

/// `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters]` (RFC 5321 §4.1.1.2),
/// to the end of the line.
// Out of line, with the decoder's result built here: inlined into the
// dispatch, MAIL's command was built aside and copied (37 instructions
// more); returned as a command, it was copied out at once with wider loads
// than it was written with.
#[inline(never)]
pub fn mail<'a, O: Outcome<'a>>(input: &'a [u8], line: &Line<'_, 'a>, outcome: &O) -> O::Output {
    finish(
        line,
        outcome,
        mail_parts(input, line),
        |(from, parameters)| Command::Mail { from, parameters },
    )
}

/// The reverse path and parameters of [`mail`].
#[allow(clippy::inline_always)]
#[inline(always)]
fn mail_parts<'a>(
    input: &'a [u8],
    line: &Line<'_, 'a>,
) -> Done<'a, (ReversePath<'a>, MailParameters<'a>)> {
    let options = line.options;
    let (input, _) = sp(input)?;
    let (input, _) = expect("'FROM:'", keyword("FROM:")).parse(input)?;
    let (input, text) = path_after_colon(input, options)?;
    let from = if options.extensions.smtputf8 {
        path_value(line, text, ReversePath::new_utf8, ValueKind::ReversePath)?
    } else {
        path_value(line, text, ReversePath::try_from, ValueKind::ReversePath)?
    };
    let (input, (text, parameters, refused)) =
        parameters(input, line, ValueKind::MailParameter, |p| {
            options.parameter_refusal(p)
        })?;
    refuse_parameter(text, refused)?;
    end(input)?;
    Ok((from, parameters))
}

/// `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" /
/// Forward-path ) [SP Rcpt-parameters]` (RFC 5321 §4.1.1.3), to the end
/// of the line.
// Out of line, with the decoder's result built here, as `mail`.
#[inline(never)]
pub fn rcpt<'a, O: Outcome<'a>>(input: &'a [u8], line: &Line<'_, 'a>, outcome: &O) -> O::Output {
    finish(
        line,
        outcome,
        rcpt_parts(input, line),
        |(to, parameters)| Command::Rcpt { to, parameters },
    )
}

/// The forward path and parameters of [`rcpt`].
#[allow(clippy::inline_always)]
#[inline(always)]
fn rcpt_parts<'a>(
    input: &'a [u8],
    line: &Line<'_, 'a>,
) -> Done<'a, (ForwardPath<'a>, RcptParameters<'a>)> {
    let options = line.options;
    let (input, _) = sp(input)?;
    let (input, _) = expect("'TO:'", keyword("TO:")).parse(input)?;
    let (input, text) = path_after_colon(input, options)?;
    let to = if options.extensions.smtputf8 {
        path_value(line, text, ForwardPath::new_utf8, ValueKind::ForwardPath)?
    } else {
        path_value(line, text, ForwardPath::try_from, ValueKind::ForwardPath)?
    };
    let (input, (text, parameters, refused)) =
        parameters(input, line, ValueKind::RcptParameter, |p| {
            options.parameter_refusal(p)
        })?;
    refuse_parameter(text, refused)?;
    end(input)?;
    Ok((to, parameters))
}

/// `bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]`,
/// `chunk-size = 1*DIGIT`, `end-marker = "LAST"` (RFC 3030 §2).
pub fn bdat(input: &[u8]) -> Res<'_, Command<'_>> {
    let (input, _) = sp(input)?;
    let (after, digits) =
        expect("the chunk size", take_while1(|b: u8| b.is_ascii_digit())).parse(input)?;
    let mut size: u64 = 0;
    for &d in digits {
        let Some(next) = size
            .checked_mul(10)
            .and_then(|s| s.checked_add(u64::from(d - b'0')))
        else {
            let overflow = ValidationError::new(ValueKind::ChunkSize, Rule::Overflow, 0);
            return fail(digits, GrammarErrorKind::Invalid(overflow));
        };
        size = next;
    }
    let (after, last) = opt((char(' '), expect("'LAST'", keyword("LAST")))).parse(after)?;
    let (after, _) = end(after)?;
    Ok((
        after,
        Command::Bdat {
            size,
            last: last.is_some(),
        },
    ))
}

/// `auth-command = "AUTH" SP sasl-mech [SP initial-response]`,
/// `initial-response = base64 / "="` (RFC 4954 §4).
pub fn auth<'a>(input: &'a [u8], line: &Line<'_, 'a>) -> Res<'a, Command<'a>> {
    let (input, _) = sp(input)?;
    let (input, mech) =
        expect("a SASL mechanism name", take_while1(|b: u8| b != b' ')).parse(input)?;
    let mechanism = validated(
        line,
        mech,
        AuthMechanism::try_from,
        ValueKind::AuthMechanism,
    )?;
    let (input, response) = opt(argument).parse(input)?;
    let (input, _) = end(input)?;
    let initial_response = response
        .map(|r| {
            validated(
                line,
                r,
                InitialResponse::try_from,
                ValueKind::InitialResponse,
            )
        })
        .transpose()?;
    Ok((
        input,
        Command::Auth {
            mechanism,
            initial_response,
        },
    ))
}

/// `vrfy = "VRFY" SP String`, `expn = "EXPN" SP String` (RFC 5321 §4.1.1.6-7).
fn required_string<'a>(input: &'a [u8], line: &Line<'_, 'a>) -> Res<'a, SmtpString<'a>> {
    let (input, text) = argument(input)?;
    Ok((
        input,
        validated(line, text, SmtpString::try_from, ValueKind::SmtpString)?,
    ))
}

/// `help = "HELP" [ SP String ]`, `noop = "NOOP" [ SP String ]`
/// (RFC 5321 §4.1.1.8-9).
fn optional_string<'a>(input: &'a [u8], line: &Line<'_, 'a>) -> Res<'a, Option<SmtpString<'a>>> {
    if input.is_empty() {
        return Ok((input, None));
    }
    let (input, s) = required_string(input, line)?;
    Ok((input, Some(s)))
}

/// Any other verb: `esmtp-keyword [SP text]`, kept as written.
fn other<'a>(verb: &'a [u8], input: &'a [u8], line: &Line<'_, 'a>) -> Res<'a, Command<'a>> {
    let verb = validated(line, verb, EsmtpKeyword::try_from, ValueKind::EsmtpKeyword)?;
    let arguments = if input.is_empty() {
        None
    } else {
        let (_, _) = sp(input)?;
        Some(validated(
            line,
            &input[1..],
            Text::try_from,
            ValueKind::Text,
        )?)
    };
    Ok((&input[input.len()..], Command::Other { verb, arguments }))
}

/// `command = verb [SP arguments]`: one framed line, CRLF removed, to a
/// [`Command`], handed out through `outcome`. Verbs and the `FROM:`/`TO:`
/// keywords match in any case.
#[inline]
pub fn command<'a, O: Outcome<'a>>(
    line: &'a [u8],
    options: &CommandOptions,
    outcome: &O,
) -> O::Output {
    parse_command(line, &Line::new(line, options), outcome)
}

/// What [`command`] returns for a line, built by each arm of the verb
/// dispatch itself: the caller's own result type, so that a command is
/// written once, into the slot the caller returns it in. (Returned as a
/// `Command` and wrapped by each caller in turn, the command of every arm
/// was written aside and copied out with wider loads than it was written
/// with, which the store buffer cannot forward: EHLO took 25.5 ns against
/// 23.5 ns built in place, timed side by side.)
pub trait Outcome<'a> {
    /// The caller's result for one line.
    type Output;
    /// The line's command.
    fn command(&self, command: Command<'a>) -> Self::Output;
    /// The line's refusal.
    fn refusal(&self, error: GrammarError<'a>) -> Self::Output;
}

/// The arm's result handed out through `outcome`: the command `build`
/// makes of the rule's value, or the rule's refusal.
// Inlined into each arm, or the command is built aside once more.
#[allow(clippy::inline_always)]
#[inline(always)]
fn finish<'a, T, O: Outcome<'a>>(
    line: &Line<'_, 'a>,
    outcome: &O,
    parsed: Done<'a, T>,
    build: impl FnOnce(T) -> Command<'a>,
) -> O::Output {
    match parsed {
        Ok(value) => outcome.command(build(value)),
        Err(e) => outcome.refusal(refusal(line.bytes, e)),
    }
}

/// The grammar error inside nom's wrapper.
#[cold]
fn refusal<'a>(line: &'a [u8], e: nom::Err<GrammarError<'a>>) -> GrammarError<'a> {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e,
        // Only streaming parsers say Incomplete, and none are used here.
        nom::Err::Incomplete(_) => {
            GrammarError::new(line, GrammarErrorKind::Expected("a complete line"))
        }
    }
}

/// The value of a rule that must reach the end of the line.
// Inlined for the same reason as `host`: it moves the rule's value.
#[allow(clippy::inline_always)]
#[inline(always)]
fn ended<T>(parsed: Res<'_, T>) -> Done<'_, T> {
    let (after, value) = parsed?;
    end(after)?;
    Ok(value)
}

/// Verbs without arguments: `data`, `rset`, `quit`, `starttls`.
fn bare<'a>(input: &'a [u8], command: Command<'a>) -> Done<'a, Command<'a>> {
    end(input)?;
    Ok(command)
}

/// A four-letter verb as one number, ASCII letters folded to upper case:
/// clearing bit 5 maps only `x` and `x | 0x20` together, so two verbs share
/// a number exactly when they are equal ignoring case. One comparison per
/// candidate instead of a byte loop (callgrind showed the loop).
const fn fold4(verb: [u8; 4]) -> u32 {
    u32::from_be_bytes(verb) & 0xDFDF_DFDF
}

const MAIL: u32 = fold4(*b"MAIL");
const RCPT: u32 = fold4(*b"RCPT");
const DATA: u32 = fold4(*b"DATA");
const BDAT: u32 = fold4(*b"BDAT");
const EHLO: u32 = fold4(*b"EHLO");
const HELO: u32 = fold4(*b"HELO");
const LHLO: u32 = fold4(*b"LHLO");
const RSET: u32 = fold4(*b"RSET");
const QUIT: u32 = fold4(*b"QUIT");
const NOOP: u32 = fold4(*b"NOOP");
const HELP: u32 = fold4(*b"HELP");
const VRFY: u32 = fold4(*b"VRFY");
const EXPN: u32 = fold4(*b"EXPN");
const AUTH: u32 = fold4(*b"AUTH");

/// The command of a line that is only `verb`, for the verbs that take no
/// argument (NOOP's is optional); `None` for any other verb.
pub fn bare_verb(verb: [u8; 4]) -> Option<Command<'static>> {
    match fold4(verb) {
        QUIT => Some(Command::Quit),
        DATA => Some(Command::Data),
        RSET => Some(Command::Rset),
        NOOP => Some(Command::Noop { argument: None }),
        _ => None,
    }
}

/// The command of a whole line: the verb picks the rule, whose value must
/// reach the end of the line, and each arm hands out its command through
/// `outcome` (see [`Outcome`]).
///
/// A known verb has four letters, so the first four octets, followed by SP
/// or the end, pick its rule as one number before any scan of the verb;
/// only other verbs go through [`verb`] (its octet loop cost more than the
/// dispatch on a short line; callgrind).
#[inline]
fn parse_command<'a, O: Outcome<'a>>(
    bytes: &'a [u8],
    line: &Line<'_, 'a>,
    outcome: &O,
) -> O::Output {
    let same = |command| command;
    if let &[a, b, c, d, ref args @ ..] = bytes {
        if matches!(args.first(), None | Some(b' ')) {
            // Only letters fold onto a known verb's number.
            match fold4([a, b, c, d]) {
                MAIL => return mail(args, line, outcome),
                RCPT => return rcpt(args, line, outcome),
                DATA => return finish(line, outcome, bare(args, Command::Data), same),
                BDAT => return finish(line, outcome, ended(bdat(args)), same),
                EHLO => {
                    let domain = ended(host(args, line));
                    return finish(line, outcome, domain, |domain| Command::Ehlo { domain });
                }
                HELO => {
                    let domain = ended(host(args, line));
                    return finish(line, outcome, domain, |domain| Command::Helo { domain });
                }
                LHLO => {
                    let domain = ended(host(args, line));
                    return finish(line, outcome, domain, |domain| Command::Lhlo { domain });
                }
                RSET => return finish(line, outcome, bare(args, Command::Rset), same),
                QUIT => return finish(line, outcome, bare(args, Command::Quit), same),
                NOOP => {
                    let argument = ended(optional_string(args, line));
                    return finish(line, outcome, argument, |argument| Command::Noop {
                        argument,
                    });
                }
                HELP => {
                    let topic = ended(optional_string(args, line));
                    return finish(line, outcome, topic, |topic| Command::Help { topic });
                }
                VRFY => {
                    let target = ended(required_string(args, line));
                    return finish(line, outcome, target, |target| Command::Vrfy { target });
                }
                EXPN => {
                    let list = ended(required_string(args, line));
                    return finish(line, outcome, list, |list| Command::Expn { list });
                }
                AUTH => return finish(line, outcome, ended(auth(args, line)), same),
                _ => {}
            }
        }
    }
    let (args, verb) = match verb(bytes) {
        Ok(found) => found,
        Err(e) => return outcome.refusal(refusal(bytes, e)),
    };
    if verb.eq_ignore_ascii_case(b"STARTTLS") {
        return finish(line, outcome, bare(args, Command::StartTls), same);
    }
    finish(line, outcome, ended(other(verb, args, line)), same)
}

#[cfg(test)]
mod tests {
    use super::{first_of, line_text};

    #[test]
    fn a_line_is_text_exactly_when_it_is_utf8() {
        let lines: [&[u8]; 7] = [
            b"",
            b"MAIL FROM:<a@b.c>",
            "MAIL FROM:<jörg@bücher.example> SMTPUTF8".as_bytes(),
            b"MAIL FROM:<a\xff@b.c>",
            b"\xc3",
            b"EHLO \x80abcdefghijklmnop",
            b"\x7f\x00\x01",
        ];
        for line in lines {
            assert_eq!(line_text(line), core::str::from_utf8(line).ok(), "{line:?}");
        }
    }

    #[test]
    fn first_of_finds_the_first_of_either_at_every_offset() {
        let mut hits = 0;
        for len in 0..26 {
            for first in 0..=len {
                for (needle, other) in [(b'>', b'"'), (b'"', b'>')] {
                    // Filler, then the first needle, then more of both.
                    let mut bytes: Vec<u8> = (b'a'..=b'z').cycle().take(len).collect();
                    if first < len {
                        bytes[first] = needle;
                        for later in (first + 1..len).step_by(3) {
                            bytes[later] = other;
                        }
                    }
                    let want = bytes.iter().position(|&b| b == b'>' || b == b'"');
                    assert_eq!(first_of(&bytes, b'>', b'"'), want, "{bytes:?}");
                    hits += usize::from(want.is_some());
                }
            }
        }
        assert!(hits > 600, "{hits}");
    }
}
