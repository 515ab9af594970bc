//! The incremental reply decoder: finds one complete reply at the start of a
//! buffer, checks every line, and hands back a borrowed [`ReplyView`].
//!
//! Each line is found with `memchr` inside a window of at most `max_line`
//! octets, so a line without an end is refused as soon as the window is full
//! and the caller never buffers more than the options allow. The decoder
//! keeps no state between calls: give it the same buffer again, grown by what
//! arrived, until it returns a reply.

use memchr::memchr;
use smtp_sansio_proto::ReplyCode;

use super::ehlo::EhloView;
use super::error::{ReplyError, ReplyErrorKind};
use super::options::ReplyDecodeOptions;
use super::view::ReplyView;

/// What one call to [`ReplyDecoder::decode`] found.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::reply::{DecodedReply, ReplyDecoder};
///
/// let decoder = ReplyDecoder::default();
/// assert_eq!(decoder.decode(b"250-a\r\n250 b")?, DecodedReply::Incomplete);
/// assert!(matches!(decoder.decode(b"250-a\r\n250 b\r\n")?, DecodedReply::Complete { consumed: 14, .. }));
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
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
/// use smtp_sansio_codec::reply::{DecodedReply, ReplyDecoder, ReplyDecodeOptions};
/// use smtp_sansio_codec::proto::ReplyCode;
///
/// let decoder = ReplyDecoder::new(ReplyDecodeOptions::default().with_enhanced_status_codes(true));
/// let input = b"550 5.1.1 User unknown\r\n250-more";
/// let DecodedReply::Complete { reply, consumed } = decoder.decode(input)? else { panic!() };
/// assert_eq!(reply.code(), ReplyCode::MAILBOX_UNAVAILABLE);
/// assert_eq!(reply.enhanced().map(|e| e.to_string()).as_deref(), Some("5.1.1"));
/// assert_eq!(reply.text(), "User unknown");
/// assert_eq!(decoder.decode(&input[consumed..])?, DecodedReply::Incomplete);
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
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
        let expected = (lines > 0).then_some(&code);
        let line = match plain_line(window, expected, options.bare_lf_ends_line) {
            Some(line) => line,
            None => match checked_line(window, pos, expected, options.bare_lf_ends_line)? {
                Some(line) => line,
                None => return unfinished(window, pos, expected, input.len(), options),
            },
        };
        code = line.digits;
        high |= line.high;
        lines += 1;
        pos += line.len;
        if line.last {
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

/// One complete line the decoder accepted.
struct Line {
    digits: [u8; 3],
    /// Whether the code was followed by SP or the line end.
    last: bool,
    /// Octets up to and including the LF.
    len: usize,
    /// Whether the text holds non-ASCII octets.
    high: bool,
}

/// The line at the start of `window` when it is plain: a valid code (the
/// `expected` one after the first line), then SP, `-` or the line end, text
/// without controls (HTAB aside), CRLF (or a bare LF when allowed). Found
/// by one scan for the first control, which in a plain line is its end,
/// instead of `memchr` for the LF and a second pass over the text
/// (callgrind: 40% fewer instructions on a 10-line EHLO reply). `None` for
/// anything else, including an unfinished line: [`checked_line`] then
/// finds what is wrong in the order the rules are checked.
fn plain_line(window: &[u8], expected: Option<&[u8; 3]>, bare_lf: bool) -> Option<Line> {
    let &[a, b, c, ..] = window else {
        return None;
    };
    let valid = match expected {
        // The first line's code was checked already.
        Some(e) => [a, b, c] == *e,
        None => matches!(a, b'2'..=b'5') && matches!(b, b'0'..=b'5') && c.is_ascii_digit(),
    };
    if !valid {
        return None;
    }
    let (at, high) = first_control(&window[3..]);
    let end = 3 + at?;
    let len = match window.get(end..=end + 1) {
        Some(b"\r\n") => end + 2,
        _ if bare_lf && window[end] == b'\n' => end + 1,
        // HTAB, another control, or a CR whose LF has not arrived.
        _ => return None,
    };
    let last = match window[3] {
        // `end == 3`: the bare code of a last line.
        b' ' | b'\r' | b'\n' => true,
        b'-' => false,
        _ => return None,
    };
    Some(Line {
        digits: [a, b, c],
        last,
        len,
        high,
    })
}

/// The position of the first octet of `bytes` below SP or equal to DEL
/// (every control, HTAB and the line end included), and whether a non-ASCII
/// octet comes before it.
///
/// Eight octets at a time: `(x - 0x20…) & !x` has an octet's high bit set
/// where that octet is below 0x20, exactly up to the first such octet
/// (borrows only run upwards from it), and the same test on `x ^ 0x7F…`
/// finds DEL.
fn first_control(bytes: &[u8]) -> (Option<usize>, bool) {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut seen = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let del = x ^ (ONES * 0x7f);
        let hits = (x.wrapping_sub(ONES * 0x20) & !x | del.wrapping_sub(ONES) & !del) & HIGH;
        if hits != 0 {
            let k = hits.trailing_zeros() / 8;
            seen |= x & ((1u64 << (8 * k)) - 1);
            return (Some(at + k as usize), seen & HIGH != 0);
        }
        seen |= x;
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b < 0x20 || b == 0x7f {
            return (Some(at + i), seen & HIGH != 0);
        }
        seen |= u64::from(b);
    }
    (None, seen & HIGH != 0)
}

/// The line at the start of `window`, checked rule by rule so that a broken
/// line fails with the first rule it breaks: line end, code, code match
/// with `expected`, text. `None` when the window holds no LF. Only lines
/// the plain scan leaves come here: errors, HTAB, an unfinished line.
fn checked_line(
    window: &[u8],
    pos: usize,
    expected: Option<&[u8; 3]>,
    bare_lf: bool,
) -> Result<Option<Line>, ReplyError> {
    let Some(lf) = memchr(b'\n', window) else {
        return Ok(None);
    };
    let line = match window[..lf].split_last() {
        Some((b'\r', line)) => line,
        _ if bare_lf => &window[..lf],
        _ => return Err(ReplyError::new(ReplyErrorKind::BareLf, pos + lf)),
    };
    let last = check_code(line, pos)?;
    let digits = [line[0], line[1], line[2]];
    if let Some(e) = expected {
        if digits != *e {
            return Err(mismatch(e, &digits, pos));
        }
    }
    let high = check_text(line.get(4..).unwrap_or_default(), pos + 4)?;
    Ok(Some(Line {
        digits,
        last,
        len: lf + 1,
        high,
    }))
}

/// What a window without a line end means: a line too long, a code
/// already wrong, a reply too long, or more input needed.
fn unfinished(
    window: &[u8],
    pos: usize,
    expected: Option<&[u8; 3]>,
    input_len: usize,
    options: &ReplyDecodeOptions,
) -> Result<DecodedReply<'static>, ReplyError> {
    let max_line = options.max_line;
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
        if let Some(e) = expected {
            if window[..3] != *e {
                return Err(mismatch(e, &window[..3], pos));
            }
        }
    }
    if input_len >= options.max_reply_bytes {
        let limit = options.max_reply_bytes;
        return Err(ReplyError::new(
            ReplyErrorKind::ReplyTooLong { limit },
            limit,
        ));
    }
    Ok(DecodedReply::Incomplete)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The decoder as the rules read, line by line: find the LF, then check
    /// the line end, the code, the code match and the text in turn. The
    /// plain-line scan must agree with it on every input.
    fn line_by_line<'a>(
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
                let expected = (lines > 0).then_some(&code);
                return unfinished(window, pos, expected, input.len(), options);
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
            high |= check_text(line.get(4..).unwrap_or_default(), pos + 4)?;
            lines += 1;
            pos += lf + 1;
            if last {
                let reply = ReplyView::new(
                    utf8(&input[..pos], high)?,
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

    /// Replies built from pieces that hit every rule: codes right and
    /// wrong, every separator, text with controls, DEL, non-ASCII and C1
    /// controls, every kind of line end; mostly well formed, so that
    /// multiline replies get far enough to break a rule late.
    fn reply_like() -> impl Strategy<Value = Vec<u8>> {
        let code = prop_oneof![
            12 => Just("250"),
            1 => prop::sample::select(vec!["251", "550", "25", "2500", "199", "650", "260", "2x0", ""]),
        ];
        let sep = prop_oneof![
            4 => Just("-"),
            2 => Just(" "),
            1 => prop::sample::select(vec!["", "x", "\t", "5", "\r"]),
        ];
        let text = prop_oneof![
            8 => "[a-zA-Z0-9 .:=\\[\\]-]{0,40}",
            1 => "([a-zA-Z0-9 ]{0,12}|\t|\r|\n|\u{0}|\u{1}|\u{7f}|é|\u{85}){0,6}",
        ];
        let end = prop_oneof![
            12 => Just("\r\n"),
            1 => prop::sample::select(vec!["\n", "\r", "", "\r\r\n"]),
        ];
        prop::collection::vec((code, sep, text, end), 1..8).prop_map(|lines| {
            let mut out = Vec::new();
            for (code, sep, text, end) in lines {
                out.extend_from_slice(code.as_bytes());
                out.extend_from_slice(sep.as_bytes());
                out.extend_from_slice(text.as_bytes());
                out.extend_from_slice(end.as_bytes());
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn plain_line_scan_agrees_with_line_by_line(
            input in reply_like(),
            cut in any::<prop::sample::Index>(),
            max_line in 4usize..80,
            max_lines in 1usize..8,
            max_reply_bytes in 4usize..400,
            bare_lf in any::<bool>(),
            enhanced in any::<bool>(),
        ) {
            let options = ReplyDecodeOptions::default()
                .with_max_line(max_line)
                .with_max_lines(max_lines)
                .with_max_reply_bytes(max_reply_bytes)
                .with_bare_lf(bare_lf)
                .with_enhanced_status_codes(enhanced);
            let input = &input[..cut.index(input.len() + 1)];
            prop_assert_eq!(decode_reply(input, &options), line_by_line(input, &options));
            let roomy = ReplyDecodeOptions::default().with_bare_lf(bare_lf);
            prop_assert_eq!(decode_reply(input, &roomy), line_by_line(input, &roomy));
        }
    }
}
