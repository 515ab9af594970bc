//! The incremental reply decoder: finds one complete reply at the start of a
//! buffer, checks every line, and hands back a borrowed [`ReplyView`].
//!
//! Each line is found with `memchr` inside a window of at most `max_line`
//! octets, so a line without an end is refused as soon as the window is full
//! and the caller never buffers more than the options allow. The decoder
//! keeps no state between calls: give it the same buffer again, grown by what
//! arrived, until it returns a reply.

use memchr::memchr;
use smtp_proto::ReplyCode;

use super::ehlo::EhloView;
use super::error::{ReplyError, ReplyErrorKind};
use super::options::ReplyDecodeOptions;
use super::view::ReplyView;

/// What one call to [`ReplyDecoder::decode`] found.
///
/// # Example
///
/// ```
/// use smtp_codec::reply::{DecodedReply, ReplyDecoder};
///
/// let decoder = ReplyDecoder::default();
/// assert_eq!(decoder.decode(b"250-a\r\n250 b")?, DecodedReply::Incomplete);
/// assert!(matches!(decoder.decode(b"250-a\r\n250 b\r\n")?, DecodedReply::Complete { consumed: 14, .. }));
/// # Ok::<(), smtp_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecodedReply<'a> {
    /// A complete reply at the start of the input.
    Complete {
        /// The reply, borrowing its lines from the input.
        reply: ReplyView<'a>,
        /// Octets of input the reply took; the next reply starts there.
        consumed: usize,
    },
    /// The input holds only the start of a reply: call again with more.
    Incomplete,
}

/// Decodes replies (the client side of the codec): strict by default,
/// bounded, allocation-free.
///
/// # Example
///
/// ```
/// use smtp_codec::reply::{DecodedReply, ReplyDecoder, ReplyDecodeOptions};
/// use smtp_codec::proto::ReplyCode;
///
/// let decoder = ReplyDecoder::new(ReplyDecodeOptions::default().with_enhanced_status_codes(true));
/// let input = b"550 5.1.1 User unknown\r\n250-more";
/// let DecodedReply::Complete { reply, consumed } = decoder.decode(input)? else { panic!() };
/// assert_eq!(reply.code(), ReplyCode::MAILBOX_UNAVAILABLE);
/// assert_eq!(reply.enhanced().map(|e| e.to_string()).as_deref(), Some("5.1.1"));
/// assert_eq!(reply.text(), "User unknown");
/// assert_eq!(decoder.decode(&input[consumed..])?, DecodedReply::Incomplete);
/// # Ok::<(), smtp_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReplyDecoder {
    options: ReplyDecodeOptions,
}

impl ReplyDecoder {
    /// A decoder with these options.
    pub const fn new(options: ReplyDecodeOptions) -> Self {
        Self { options }
    }

    /// The options in force.
    pub const fn options(&self) -> &ReplyDecodeOptions {
        &self.options
    }

    /// The options, to change between replies (e.g. after STARTTLS).
    pub fn options_mut(&mut self) -> &mut ReplyDecodeOptions {
        &mut self.options
    }

    /// Turns on enhanced status codes when the EHLO reply advertises
    /// ENHANCEDSTATUSCODES, as RFC 2034 asks; never turns them off.
    pub fn observe_ehlo(&mut self, ehlo: &EhloView<'_>) {
        if ehlo.has_enhanced_status_codes() {
            self.options.enhanced_status_codes = true;
        }
    }

    /// Decodes the reply at the start of `input`.
    ///
    /// # Errors
    /// A [`ReplyError`] when the reply breaks the grammar or a bound; the
    /// error is reported as soon as the input shows it, complete or not.
    pub fn decode<'a>(&self, input: &'a [u8]) -> Result<DecodedReply<'a>, ReplyError> {
        decode_reply(input, &self.options)
    }
}

/// Decodes the reply at the start of `input` with `options`; the function
/// behind [`ReplyDecoder::decode`].
///
/// # Errors
/// As [`ReplyDecoder::decode`].
pub fn decode_reply<'a>(
    input: &'a [u8],
    options: &ReplyDecodeOptions,
) -> Result<DecodedReply<'a>, ReplyError> {
    let max_line = options.max_line;
    let scan = &input[..input.len().min(options.max_reply_bytes)];
    let mut pos = 0;
    let mut lines = 0usize;
    let mut code = [0u8; 3];
    let mut high = false;
    loop {
        let rest = &scan[pos..];
        let window = &rest[..rest.len().min(max_line)];
        let Some(lf) = memchr(b'\n', window) else {
            if window.len() >= max_line {
                let kind = ReplyErrorKind::LineTooLong { limit: max_line };
                return Err(ReplyError::new(kind, pos + max_line));
            }
            // A partial line's code is already decided: fail now, not later.
            // (A CR after the code may be the start of the line end.)
            if window.len() >= 4 {
                let head = if window[3] == b'\r' {
                    &window[..3]
                } else {
                    window
                };
                check_code(head, pos)?;
                if lines > 0 && window[..3] != code {
                    return Err(mismatch(&code, &window[..3], pos));
                }
            }
            if input.len() >= options.max_reply_bytes {
                let limit = options.max_reply_bytes;
                return Err(ReplyError::new(
                    ReplyErrorKind::ReplyTooLong { limit },
                    limit,
                ));
            }
            return Ok(DecodedReply::Incomplete);
        };
        let line = match rest[..lf].split_last() {
            Some((b'\r', line)) => line,
            _ if options.bare_lf_ends_line => &rest[..lf],
            _ => return Err(ReplyError::new(ReplyErrorKind::BareLf, pos + lf)),
        };
        let last = check_code(line, pos)?;
        if lines == 0 {
            code.copy_from_slice(&line[..3]);
        } else if line[..3] != code {
            return Err(mismatch(&code, &line[..3], pos));
        }
        let text = line.get(4..).unwrap_or_default();
        high |= check_text(text, pos + 4)?;
        lines += 1;
        pos += lf + 1;
        if last {
            let raw = &input[..pos];
            let reply = ReplyView::new(
                utf8(raw, high)?,
                known_code(&code),
                lines,
                options.enhanced_status_codes,
            );
            return Ok(DecodedReply::Complete {
                reply,
                consumed: pos,
            });
        }
        if lines >= options.max_lines {
            let kind = ReplyErrorKind::TooManyLines {
                limit: options.max_lines,
            };
            return Err(ReplyError::new(kind, pos));
        }
    }
}

/// Checks `Reply-code [ SP / "-" ]` at the start of a line; returns whether
/// this is the last line of the reply.
fn check_code(line: &[u8], at: usize) -> Result<bool, ReplyError> {
    let fail = |kind, i: usize| Err(ReplyError::new(kind, at + i));
    for i in 0..3 {
        match line.get(i) {
            None | Some(b' ' | b'-') => return fail(ReplyErrorKind::ShortCode, i),
            Some(b) if b.is_ascii_digit() => {}
            Some(&found) => return fail(ReplyErrorKind::NotDigit { found }, i),
        }
    }
    if !(b'2'..=b'5').contains(&line[0]) {
        return fail(ReplyErrorKind::BadClass { found: line[0] }, 0);
    }
    if line[1] > b'5' {
        return fail(ReplyErrorKind::BadCategory { found: line[1] }, 1);
    }
    match line.get(3) {
        None | Some(b' ') => Ok(true),
        Some(b'-') => Ok(false),
        Some(b) if b.is_ascii_digit() => fail(ReplyErrorKind::LongCode, 3),
        Some(&found) => fail(ReplyErrorKind::BadSeparator { found }, 3),
    }
}

/// A line whose code differs from the first line's.
fn mismatch(expected: &[u8], found: &[u8], at: usize) -> ReplyError {
    let kind = ReplyErrorKind::CodeMismatch {
        expected: known_code(expected),
        found: known_code(found),
    };
    ReplyError::new(kind, at)
}

/// The code of three digits [`check_code`] accepted.
fn known_code(digits: &[u8]) -> ReplyCode {
    ReplyCode::from_digits(digits).unwrap_or(ReplyCode::SYNTAX_ERROR)
}

/// Checks a line's text: HTAB, printable ASCII and (checked later as UTF-8)
/// non-ASCII. Returns whether non-ASCII octets occur.
///
/// The loop has no early exit so it compiles to a vector scan; the slow
/// search for the offending octet runs only on failure.
fn check_text(text: &[u8], at: usize) -> Result<bool, ReplyError> {
    let mut bad = 0u8;
    let mut or = 0u8;
    for &b in text {
        bad |= (u8::from(b < 0x20) & u8::from(b != b'\t')) | u8::from(b == 0x7f);
        or |= b;
    }
    if bad != 0 {
        let i = text
            .iter()
            .position(|&b| (b < 0x20 && b != b'\t') || b == 0x7f)
            .unwrap_or_default();
        let kind = match text[i] {
            b'\r' => ReplyErrorKind::BareCr,
            0 => ReplyErrorKind::Nul,
            b => ReplyErrorKind::ControlChar {
                found: char::from(b),
            },
        };
        return Err(ReplyError::new(kind, at + i));
    }
    Ok(or >= 0x80)
}

/// The reply as `str`; when non-ASCII octets occurred, also refuses C1
/// controls, as `Text` does.
fn utf8(raw: &[u8], high: bool) -> Result<&str, ReplyError> {
    let text = core::str::from_utf8(raw)
        .map_err(|e| ReplyError::new(ReplyErrorKind::NotUtf8, e.valid_up_to()))?;
    if high {
        if let Some((at, found)) = text
            .char_indices()
            .find(|&(_, c)| !c.is_ascii() && c.is_control())
        {
            return Err(ReplyError::new(ReplyErrorKind::ControlChar { found }, at));
        }
    }
    Ok(text)
}
