//! `ReplyView`: a decoded reply that borrows its lines from the input, with
//! the owned [`Reply`] built only on request.

use core::fmt;
use core::iter::FusedIterator;

use memchr::memchr;
use smtp_sansio_proto::catalogue::{CodeInfo, EnhancedInfo};
use smtp_sansio_proto::{EnhancedClass, EnhancedStatusCode, Reply, ReplyClass, ReplyCode, Text};

/// A complete, checked reply as it sits in the input: the code, the number
/// of lines and the wire text. Nothing is copied; lines are read out of the
/// input as they are iterated.
///
/// Every line has been checked when a view exists: same code on each line,
/// text free of controls other than HTAB, UTF-8.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::ReplyDecoder;
///
/// let input = b"250-mx.example.com\r\n250 PIPELINING\r\n";
/// let Decoded::Complete { value: reply, .. } = ReplyDecoder::default().decode(input)? else { panic!() };
/// assert_eq!(reply.code().get(), 250);
/// assert_eq!(reply.lines().map(|l| l.text()).collect::<Vec<_>>(), ["mx.example.com", "PIPELINING"]);
/// assert_eq!(reply.info().map(|i| i.name()), Some("Requested mail action okay, completed"));
/// assert_eq!(reply.to_reply().to_string().as_bytes(), input);
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplyView<'a> {
    /// The reply as received: UTF-8 (the decoder checked it where an
    /// octet was not ASCII), turned into `str` only when asked for, so a
    /// one-line reply read for its code and text is not validated twice.
    raw: &'a [u8],
    code: ReplyCode,
    lines: usize,
    /// The first line, split by the decoder: its enhanced code, where its
    /// text starts and where the line ends (before its line end).
    first_enhanced: Option<EnhancedStatusCode>,
    text_start: usize,
    first_end: usize,
    enhanced: bool,
}

impl<'a> ReplyView<'a> {
    /// A view over `raw`, which the decoder has checked (UTF-8, every
    /// line's code and separator), whose first line takes `first_len`
    /// octets before its line end.
    #[inline]
    pub(crate) fn new(
        raw: &'a [u8],
        code: ReplyCode,
        lines: usize,
        first_len: usize,
        enhanced: bool,
    ) -> Self {
        let first_end = first_len.min(raw.len());
        let full_start = first_end.min(4);
        let class = if enhanced { code.class().digit() } else { 0 };
        let (first_enhanced, skip) = enhanced_prefix(&raw[full_start..first_end], class);
        Self {
            raw,
            code,
            lines,
            first_enhanced,
            text_start: full_start + skip,
            first_end,
            enhanced,
        }
    }

    /// The reply code.
    pub const fn code(&self) -> ReplyCode {
        self.code
    }

    /// The class of the code: what the reply means for the command it answers.
    pub const fn class(&self) -> ReplyClass {
        self.code.class()
    }

    /// Whether the code is 2yz or 3yz.
    pub const fn is_positive(&self) -> bool {
        self.code.is_positive()
    }

    /// The number of lines (at least one).
    pub const fn line_count(&self) -> usize {
        self.lines
    }

    /// The reply exactly as received, line ends included.
    #[inline]
    pub fn as_str(&self) -> &'a str {
        str_of(self.raw)
    }

    /// The length of the reply on the wire, in octets.
    pub const fn wire_len(&self) -> usize {
        self.raw.len()
    }

    /// Whether enhanced status codes were recognised when decoding.
    pub const fn enhanced_status_codes(&self) -> bool {
        self.enhanced
    }

    /// The lines, in order, each split into enhanced code and text.
    #[inline]
    pub fn lines(&self) -> ReplyLines<'a> {
        ReplyLines {
            rest: self.as_str(),
            remaining: self.lines,
            class: if self.enhanced {
                self.code.class().digit()
            } else {
                0
            },
        }
    }

    /// The first line.
    #[inline]
    pub fn first_line(&self) -> ReplyLine<'a> {
        let full_start = self.first_end.min(4);
        let full = str_of(self.raw.get(full_start..self.first_end).unwrap_or_default());
        ReplyLine {
            enhanced: self.first_enhanced,
            text: full.get(self.text_start - full_start..).unwrap_or_default(),
            full,
        }
    }

    /// The first line after its code and separator, and the lines after
    /// it in wire form, split where the decoder found the first line end.
    #[inline]
    pub(crate) fn split_first(&self) -> (&'a str, &'a str) {
        let raw = self.as_str();
        let first = raw
            .get(self.first_end.min(4)..self.first_end)
            .unwrap_or_default();
        let after = raw.get(self.first_end..).unwrap_or_default();
        let rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\n'))
            .unwrap_or(after);
        (first, rest)
    }

    /// The text of the first line (after any enhanced code).
    #[inline]
    pub fn text(&self) -> &'a str {
        str_of(
            self.raw
                .get(self.text_start..self.first_end)
                .unwrap_or_default(),
        )
    }

    /// The enhanced status code of the first line, if one was recognised.
    #[inline]
    pub const fn enhanced(&self) -> Option<EnhancedStatusCode> {
        self.first_enhanced
    }

    /// What the catalogue says about the code, so a client can explain an
    /// unexpected reply.
    pub fn info(&self) -> Option<&'static CodeInfo> {
        self.code.info()
    }

    /// What the catalogue says about the enhanced status code, if any.
    pub fn enhanced_info(&self) -> Option<EnhancedInfo> {
        self.enhanced().and_then(EnhancedStatusCode::info)
    }

    /// The owned protocol value (it still borrows the text; call
    /// `into_static` for `'static`). When every line carries the same
    /// enhanced code it becomes the reply's; otherwise each line keeps its
    /// text as received, so the reply re-encodes to the same bytes.
    pub fn to_reply(&self) -> Reply<'a> {
        let mut lines = self.lines();
        let first = lines.next().unwrap_or_default();
        let uniform = first
            .enhanced
            .filter(|&e| lines.clone().all(|l| l.enhanced == Some(e)));
        if let Some(e) = uniform {
            if let Ok(mut reply) = Reply::with_enhanced(self.code, e, first.to_text()) {
                lines.for_each(|l| reply.push_line(l.to_text()));
                return reply;
            }
        }
        let mut reply = Reply::new(self.code, text(first.full));
        lines.for_each(|l| reply.push_line(text(l.full)));
        reply
    }
}

impl fmt::Display for ReplyView<'_> {
    /// The reply as received, line ends included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ReplyView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplyView")
            .field("raw", &self.as_str())
            .field("code", &self.code)
            .field("lines", &self.lines)
            .field("enhanced", &self.enhanced)
            .finish_non_exhaustive()
    }
}

/// Octets the decoder has checked as UTF-8 (or found all ASCII), as `str`.
/// The check cannot fail; were it to, the text would read as empty.
///
/// ASCII text (nearly every reply's) is told by `is_ascii`, a word at a
/// time; other text goes through `from_utf8`, which walks a short text
/// octet by octet. (Against `utf8_chunks` for short texts, the one-line
/// reply rows went from 430 to 400 instructions and 510 to 423; callgrind.)
#[inline]
fn str_of(checked: &[u8]) -> &str {
    match ascii::AsciiStr::from_ascii(checked) {
        Ok(text) => text.as_str(),
        Err(_) => core::str::from_utf8(checked).unwrap_or_default(),
    }
}

/// Text the decoder has already checked against `Text`'s alphabet.
pub(crate) fn text(s: &str) -> Text<'_> {
    Text::try_from(s).unwrap_or_default()
}

/// One line of a reply: its enhanced code, if recognised, and its text.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions};
///
/// let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
/// let Decoded::Complete { value: reply, .. } = decoder.decode(b"451 4.3.0 Try later\r\n")? else { panic!() };
/// let line = reply.first_line();
/// assert_eq!(line.enhanced().map(|e| e.to_string()).as_deref(), Some("4.3.0"));
/// assert_eq!((line.text(), line.full_text()), ("Try later", "4.3.0 Try later"));
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReplyLine<'a> {
    enhanced: Option<EnhancedStatusCode>,
    text: &'a str,
    full: &'a str,
}

impl<'a> ReplyLine<'a> {
    /// The enhanced status code at the start of the line, if recognised.
    pub const fn enhanced(&self) -> Option<EnhancedStatusCode> {
        self.enhanced
    }

    /// The text after the code, the separator and any enhanced code.
    pub const fn text(&self) -> &'a str {
        self.text
    }

    /// Everything after the code and its separator, enhanced code included.
    pub const fn full_text(&self) -> &'a str {
        self.full
    }

    /// The text as a protocol value (no copy).
    pub fn to_text(&self) -> Text<'a> {
        text(self.text)
    }
}

/// The lines of a [`ReplyView`], read from the input one `memchr` at a
/// time, so iterating allocates nothing.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::ReplyDecoder;
///
/// let Decoded::Complete { value: reply, .. } = ReplyDecoder::default().decode(b"214-a\r\n214 b\r\n")? else { panic!() };
/// assert_eq!(reply.lines().len(), 2);
/// assert_eq!(reply.lines().last().map(|l| l.text()), Some("b"));
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ReplyLines<'a> {
    rest: &'a str,
    remaining: usize,
    /// The class digit enhanced codes must start with; 0 when not recognised.
    class: u8,
}

impl<'a> Iterator for ReplyLines<'a> {
    type Item = ReplyLine<'a>;

    #[inline]
    fn next(&mut self) -> Option<ReplyLine<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let (line, rest) = split_line(self.rest, self.remaining);
        self.rest = rest;
        let full = line.get(4..).unwrap_or_default();
        let (enhanced, text) = split_enhanced(full, self.class);
        Some(ReplyLine {
            enhanced,
            text,
            full,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for ReplyLines<'_> {}
impl FusedIterator for ReplyLines<'_> {}

/// The first line of `raw` without its line end, and what follows it,
/// when `raw` holds `after` more lines. The last line ends where `raw`
/// does, so it needs no search (a one-line reply then needs none at all).
pub(crate) fn split_line(raw: &str, after: usize) -> (&str, &str) {
    if after == 0 {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        return (line.strip_suffix('\r').unwrap_or(line), "");
    }
    next_line(raw)
}

/// The first line of `raw` without its line end, and what follows it.
fn next_line(raw: &str) -> (&str, &str) {
    match memchr(b'\n', raw.as_bytes()) {
        Some(lf) => {
            let line = &raw[..lf];
            let line = match line.as_bytes().last() {
                Some(b'\r') => &line[..lf - 1],
                _ => line,
            };
            (line, &raw[lf + 1..])
        }
        None => (raw, ""),
    }
}

/// `class "." subject "." detail` followed by SP or the end of the line, when
/// its class is `class` (2, 4 or 5); anything else stays text.
fn split_enhanced(text: &str, class: u8) -> (Option<EnhancedStatusCode>, &str) {
    let (code, skip) = enhanced_prefix(text.as_bytes(), class);
    (code, text.get(skip..).unwrap_or_default())
}

/// The value of an ASCII digit.
fn digit(b: u8) -> Option<u16> {
    if b.is_ascii_digit() {
        Some(u16::from(b - b'0'))
    } else {
        None
    }
}

/// The enhanced code at the start of a line's text (see
/// [`split_enhanced`]) and the octets it takes with its SP.
#[inline]
fn enhanced_prefix(bytes: &[u8], class: u8) -> (Option<EnhancedStatusCode>, usize) {
    if class == 0 || bytes.first() != Some(&(b'0' + class)) {
        return (None, 0);
    }
    // The common shape, one digit each (`5.1.1 `), read at once.
    if let Some(&[_, b'.', s, b'.', d, b' ']) = bytes.first_chunk::<6>() {
        if let (Some(subject), Some(detail), Some(class)) =
            (digit(s), digit(d), EnhancedClass::from_digit(class))
        {
            if let Ok(code) = EnhancedStatusCode::new(class, subject, detail) {
                return (Some(code), 6);
            }
        }
    }
    match EnhancedStatusCode::parse_prefix(bytes) {
        Ok((code, len)) if len == bytes.len() => (Some(code), len),
        Ok((code, len)) if bytes.get(len) == Some(&b' ') => (Some(code), len + 1),
        _ => (None, 0),
    }
}
