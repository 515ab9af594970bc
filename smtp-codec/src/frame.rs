//! Line framing: the one place where the line rules of command lines and
//! reply lines live (CRLF, bare CR, bare LF, NUL, the line limit).
//!
//! Frame first, parse second: the framer finds where a line ends and what
//! is wrong with it, and the grammars then only ever see one complete
//! line. One scanner runs under both [`LineFramer`] (command lines, SASL
//! lines) and the reply decoder; it remembers how far it got, so a line fed
//! one octet at a time is still scanned once.
//!
//! The rules, in strict mode (the default):
//!
//! - A line ends at its first CRLF, and nowhere else.
//! - An LF without a CR before it is a bare LF: the line is refused, and
//!   still runs on to its CRLF, so a peer and a CRLF-only proxy in front of
//!   it agree on where lines end (a bare LF never ends a command).
//! - A CR not followed by LF is a bare CR, and a NUL is refused; both leave
//!   the line running to its CRLF.
//! - A line longer than the limit, CRLF included, is refused once its
//!   limit has arrived without a line end. The rest of it is skipped, not
//!   buffered, up to its line end, so a caller never holds more than the
//!   limit.
//!
//! With [`FrameOptions::bare_lf_ends_line`] (a leniency), a bare LF ends
//! the line instead (a CR right before it is part of the line end). The
//! limit still counts the line with a CRLF: a bare LF as the limit's last
//! octet ends a line one octet too long, so every line that frames also
//! frames strictly once re-encoded with CRLF.

use core::fmt;

use smtp_sansio_proto::limits;

use crate::decode::{Decoded, Decoder};

/// How lines are framed.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::frame::FrameOptions;
///
/// let options = FrameOptions::default().with_max_line(1000).with_bare_lf_ends_line(true);
/// assert_eq!((options.max_line, options.bare_lf_ends_line), (1000, true));
/// assert_eq!(FrameOptions::default().max_line, 512);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FrameOptions {
    /// The longest line accepted, in octets *including* its line end.
    /// Default 512 (RFC 5321 §4.5.3.1.4).
    pub max_line: usize,
    /// Whether a bare LF ends a line (a leniency; default `false`: only
    /// CRLF does). Such a line still counts against `max_line` with a
    /// CRLF, as it is re-encoded.
    pub bare_lf_ends_line: bool,
}

impl FrameOptions {
    /// Strict framing with lines of at most `max_line` octets.
    pub const fn new(max_line: usize) -> Self {
        Self {
            max_line,
            bare_lf_ends_line: false,
        }
    }

    /// Sets [`max_line`](Self::max_line).
    #[must_use]
    pub const fn with_max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line;
        self
    }

    /// Sets [`bare_lf_ends_line`](Self::bare_lf_ends_line).
    #[must_use]
    pub const fn with_bare_lf_ends_line(mut self, on: bool) -> Self {
        self.bare_lf_ends_line = on;
        self
    }
}

impl Default for FrameOptions {
    /// Strict framing of 512-octet lines.
    fn default() -> Self {
        Self::new(limits::COMMAND_LINE)
    }
}

/// The framing rule a line broke, shared by commands, replies and DATA
/// (one wording for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FrameErrorKind {
    /// The line is longer than `limit` octets including its line end.
    LineTooLong {
        /// The limit in force, in octets including the line end.
        limit: usize,
    },
    /// An LF not preceded by CR (strict framing).
    BareLf,
    /// A CR not followed by LF.
    BareCr,
    /// A NUL octet.
    Nul,
}

impl fmt::Display for FrameErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LineTooLong { limit } => {
                write!(f, "line longer than {limit} octets including CRLF")
            }
            Self::BareLf => f.write_str("bare LF (line ends must be CRLF)"),
            Self::BareCr => f.write_str("bare CR (CR must be followed by LF)"),
            Self::Nul => f.write_str("NUL octet"),
        }
    }
}

/// A line the framer refused: the rule, where, and how much input the
/// line took (all of it through its line end, so the next line frames
/// normally).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameError {
    kind: FrameErrorKind,
    offset: usize,
    consumed: usize,
}

impl FrameError {
    pub(crate) const fn new(kind: FrameErrorKind, offset: usize, consumed: usize) -> Self {
        Self {
            kind,
            offset,
            consumed,
        }
    }

    /// Which rule the line broke.
    pub const fn kind(&self) -> FrameErrorKind {
        self.kind
    }

    /// Offset of the first offending octet from the start of the line (for
    /// a too long line: the limit, the first octet past it).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Octets of input the caller may now drop: the bad line through its
    /// line end (for a too long line, the part still in this call's input).
    pub const fn consumed(&self) -> usize {
        self.consumed
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for FrameError {}

/// A complete line found by [`LineScan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// Octets before the line end.
    pub(crate) len: usize,
    /// Octets through the line end.
    pub(crate) consumed: usize,
    /// The first framing fault of the line, and its offset.
    pub(crate) fault: Option<(Fault, usize)>,
    /// The first control octet other than HTAB, the line end and the
    /// faults (DEL, `0x01`...), which framing allows and the grammars judge.
    pub(crate) control: Option<(u8, usize)>,
    /// Whether every octet is ASCII (no UTF-8 check needed).
    pub(crate) ascii: bool,
}

/// A framing fault inside a line (the line limit is not one: it is found
/// before the line has an end). Kept to one octet so scan results stay
/// small on the hot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Fault {
    BareLf,
    BareCr,
    Nul,
}

impl Fault {
    /// The public kind of the fault.
    pub(crate) const fn kind(self) -> FrameErrorKind {
        match self {
            Self::BareLf => FrameErrorKind::BareLf,
            Self::BareCr => FrameErrorKind::BareCr,
            Self::Nul => FrameErrorKind::Nul,
        }
    }
}

/// What one [`LineScan::scan`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scanned {
    /// The line is complete.
    Line(Line),
    /// No line end yet; scanning resumes where it stopped.
    Incomplete,
    /// The limit has arrived without a line end.
    TooLong,
    /// A fault, reported at once because the scan was asked to stop at the
    /// first one ([`LineScan::scan_until_fault`]).
    Fault(Fault, usize),
    /// A control octet other than HTAB, reported at once likewise.
    Control(u8, usize),
}

/// The scan of one line in progress: how far it got and what it saw, so a
/// line that arrives in pieces is read once.
///
/// Its input must start at the start of the line on every call and hold
/// at least what the previous call saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct LineScan {
    /// Octets known to hold no line end.
    scanned: usize,
    fault: Option<(Fault, usize)>,
    control: Option<(u8, usize)>,
    high: bool,
}

impl LineScan {
    /// A scan at the start of a line.
    pub(crate) const fn new() -> Self {
        Self {
            scanned: 0,
            fault: None,
            control: None,
            high: false,
        }
    }

    /// Whether the scan is at the start of a line, nothing seen yet.
    #[inline]
    pub(crate) fn is_fresh(&self) -> bool {
        self.scanned == 0
    }

    /// The first round of a fresh scan, for the common line that is whole
    /// in `window` and holds no control but its line end: that line, with
    /// none of the bookkeeping of [`scan`](Self::scan). Any other line is
    /// left to `scan`, which goes on from where this round stopped (the
    /// octets it examined are not examined again).
    #[inline]
    pub(crate) fn clean_start(&mut self, window: &[u8], options: FrameOptions) -> Option<Line> {
        let (found, high) = first_control(window);
        let stop = match found {
            Some(i) => {
                if let Some(consumed) = line_end_at(window, i, options) {
                    return Some(Line {
                        len: i,
                        consumed,
                        fault: None,
                        control: None,
                        ascii: !high,
                    });
                }
                i
            }
            None => window.len(),
        };
        self.scanned = stop;
        self.high = high;
        None
    }

    /// Scans the line at the start of `input`, recording faults and going
    /// on to the line end (the command framer: a bad line is consumed whole).
    #[inline]
    pub(crate) fn scan(&mut self, input: &[u8], options: FrameOptions) -> Scanned {
        self.run::<false>(input, options)
    }

    /// Scans like [`scan`](Self::scan) but stops at the first fault or
    /// control other than HTAB (the reply decoder: a bad reply is the end
    /// of the conversation).
    #[inline]
    pub(crate) fn scan_until_fault(&mut self, input: &[u8], options: FrameOptions) -> Scanned {
        self.run::<true>(input, options)
    }

    #[inline]
    fn run<const STOP: bool>(&mut self, input: &[u8], options: FrameOptions) -> Scanned {
        let limit = options.max_line;
        let window = &input[..input.len().min(limit)];
        if self.scanned > window.len() {
            // The caller broke the contract (a shorter input): start over.
            *self = Self::default();
        }
        let mut at = self.scanned;
        loop {
            let (found, high) = first_control(&window[at..]);
            self.high |= high;
            let Some(offset) = found else {
                self.scanned = window.len();
                return if window.len() >= limit {
                    Scanned::TooLong
                } else {
                    Scanned::Incomplete
                };
            };
            let i = at + offset;
            at = i + 1;
            let fault = match window[i] {
                b'\r' => match window.get(i + 1) {
                    Some(b'\n') => return self.line(i, i + 2),
                    Some(_) => Fault::BareCr,
                    // The LF would come past the limit.
                    None if window.len() >= limit => return Scanned::TooLong,
                    None => {
                        // Its LF may be the next octet to arrive.
                        self.scanned = i;
                        return Scanned::Incomplete;
                    }
                },
                b'\n' if options.bare_lf_ends_line => {
                    return if lf_fits(i, options) {
                        self.line(i, i + 1)
                    } else {
                        Scanned::TooLong
                    };
                }
                b'\n' => Fault::BareLf,
                0 => Fault::Nul,
                b'\t' => continue,
                other => {
                    if STOP {
                        return Scanned::Control(other, i);
                    }
                    self.control.get_or_insert((other, i));
                    continue;
                }
            };
            if STOP {
                return Scanned::Fault(fault, i);
            }
            self.fault.get_or_insert((fault, i));
        }
    }

    /// The line is complete: report it and start afresh for the next one.
    #[inline]
    fn line(&mut self, len: usize, consumed: usize) -> Scanned {
        let line = Line {
            len,
            consumed,
            fault: self.fault,
            control: self.control,
            ascii: !self.high,
        };
        *self = Self::default();
        Scanned::Line(line)
    }
}

/// The end of the line in `window` when it is clean: its line end is in
/// `window`, and from `from` on it holds no control octet but HTAB. Returns
/// the octets before the line end, the octets through it, and whether a
/// non-ASCII octet came first; `None` for any other line, which then goes
/// through [`LineScan`] (where every refusal is decided). The fast path of
/// decoders that see mostly whole, clean lines; the rules are the scan's.
#[inline]
pub(crate) fn clean_line_end(
    window: &[u8],
    from: usize,
    options: FrameOptions,
) -> Option<(usize, usize, bool)> {
    let mut at = from;
    let mut high = false;
    loop {
        let (found, seen_high) = first_control(window.get(at..)?);
        high |= seen_high;
        let i = at + found?;
        if let Some(consumed) = line_end_at(window, i, options) {
            return Some((i, consumed, high));
        }
        if window[i] != b'\t' {
            return None;
        }
        at = i + 1;
    }
}

/// The octets through the line end when the control at `window[i]` ends
/// the line (CR LF, or a lone LF under the leniency, within the limit);
/// `None` for any other control, which the caller judges. The one rule of
/// both fast paths.
#[inline]
fn line_end_at(window: &[u8], i: usize, options: FrameOptions) -> Option<usize> {
    match window[i] {
        b'\r' if window.get(i + 1) == Some(&b'\n') => Some(i + 2),
        b'\n' if options.bare_lf_ends_line && lf_fits(i, options) => Some(i + 1),
        _ => None,
    }
}

/// Whether a bare LF at `i` ends a line within the limit: the line is
/// counted with the CRLF it is re-encoded with, so the LF must not be the
/// limit's last octet.
#[inline]
const fn lf_fits(i: usize, options: FrameOptions) -> bool {
    i + 2 <= options.max_line
}

/// The position of the first octet of `bytes` below SP or equal to DEL
/// (every control, HTAB and the line end included), and whether a
/// non-ASCII octet comes before it.
///
/// Eight octets at a time, with a test that is exact in every octet (no
/// carry or borrow crosses one): with `t` the low seven bits of an octet,
/// `t + 0x60` has its high bit set from SP on and `t + 0x01` only at DEL,
/// and an octet with its own high bit set is no control. Being exact, the
/// last load may end at the last octet and overlap the one before (the
/// octets it repeats were found clean), so a short line costs two or three
/// loads and no byte loop. On the short lines of SMTP this costs less than
/// a `memchr` call's set-up, and it tells the ASCII lines apart on the way.
pub(crate) fn first_control(bytes: &[u8]) -> (Option<usize>, bool) {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    const LOW: u64 = ONES * 0x7f;
    // The high bit of each octet below SP or equal to DEL.
    let controls = |x: u64| {
        let t = x & LOW;
        !(x | (t + ONES * 0x60) & !(t + ONES)) & HIGH
    };
    if bytes.len() < 8 {
        return first_control_short(bytes);
    }
    let mut seen = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let hits = controls(x);
        if hits != 0 {
            let k = (hits.trailing_zeros() / 8) as usize;
            seen |= x & ((1u64 << (8 * k)) - 1);
            #[cfg(test)]
            examined::add(at + k + 1);
            return (Some(at + k), seen & HIGH != 0);
        }
        seen |= x;
        at += 8;
    }
    if at < bytes.len() {
        // The tail as one more load ending at the last octet.
        let start = bytes.len() - 8;
        let x = u64::from_le_bytes(bytes[start..].try_into().unwrap_or_default());
        let hits = controls(x);
        if hits != 0 {
            let k = (hits.trailing_zeros() / 8) as usize;
            // Its first octets repeat clean ones: adding them changes nothing.
            seen |= x & ((1u64 << (8 * k)) - 1);
            #[cfg(test)]
            examined::add(start + k + 1);
            return (Some(start + k), seen & HIGH != 0);
        }
        seen |= x;
    }
    #[cfg(test)]
    examined::add(bytes.len());
    (None, seen & HIGH != 0)
}

/// [`first_control`] on fewer than eight octets, one at a time.
fn first_control_short(bytes: &[u8]) -> (Option<usize>, bool) {
    let mut high = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x20 || b == 0x7f {
            #[cfg(test)]
            examined::add(i + 1);
            return (Some(i), high);
        }
        high |= b >= 0x80;
    }
    #[cfg(test)]
    examined::add(bytes.len());
    (None, high)
}

/// A count of the octets [`first_control`] examines, so tests can check
/// that scanning is linear however the input is split.
#[cfg(test)]
pub(crate) mod examined {
    use core::cell::Cell;

    std::thread_local!(static OCTETS: Cell<usize> = const { Cell::new(0) });

    /// Counts `n` more octets examined.
    pub(crate) fn add(n: usize) {
        OCTETS.with(|c| c.set(c.get().saturating_add(n)));
    }

    /// Octets examined since the last call, and resets the count.
    pub(crate) fn take() -> usize {
        OCTETS.with(|c| c.replace(0))
    }
}

/// Splits a byte stream into lines under [`FrameOptions`]: the framer under
/// the command decoder and the SASL exchange of the server session.
///
/// A value is one line without its line end; a bad line is a
/// [`FrameError`] that consumes it whole. An overlong line is skipped as it
/// arrives (`Incomplete` consumes it) and reported once its end is seen.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::frame::{FrameErrorKind, FrameOptions, LineFramer};
///
/// let mut framer = LineFramer::new(FrameOptions::default());
/// let input = b"NOOP\r\nA\nB\r\nQUI";
/// assert_eq!(framer.decode(input), Ok(Decoded::Complete { value: &b"NOOP"[..], consumed: 6 }));
/// // Strict: a bare LF does not end the line; the bad line runs to its CRLF.
/// let bad = framer.decode(&input[6..]).unwrap_err();
/// assert_eq!((bad.kind(), bad.offset(), bad.consumed()), (FrameErrorKind::BareLf, 1, 5));
/// assert_eq!(framer.decode(&input[11..]), Ok(Decoded::Incomplete { consumed: 0 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LineFramer {
    options: FrameOptions,
    scan: LineScan,
    skip: Skip,
}

/// Where the framer is in skipping an overlong line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
enum Skip {
    /// Not skipping.
    #[default]
    No,
    /// Inside an overlong line whose start the caller has dropped.
    Yes,
    /// Inside an overlong line, and its last octet so far was a CR.
    AfterCr,
}

impl Default for LineFramer {
    /// Strict framing of 512-octet lines.
    fn default() -> Self {
        Self::new(FrameOptions::default())
    }
}

impl LineFramer {
    /// A framer at the start of a line.
    pub const fn new(options: FrameOptions) -> Self {
        Self {
            options,
            scan: LineScan::new(),
            skip: Skip::No,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> FrameOptions {
        self.options
    }

    /// Changes the options; takes effect from the next line.
    pub fn set_options(&mut self, options: FrameOptions) {
        self.options = options;
    }

    /// Whether the framer is at the start of a line: nothing of a line in
    /// progress scanned, no overlong line being skipped.
    pub(crate) fn at_line_start(&self) -> bool {
        matches!(self.skip, Skip::No) && self.scan == LineScan::new()
    }

    /// Whether the framer is skipping the rest of an overlong line.
    pub const fn is_skipping(&self) -> bool {
        !matches!(self.skip, Skip::No)
    }

    /// Forgets any line in progress (after the stream changes hands, e.g.
    /// STARTTLS).
    pub fn reset(&mut self) {
        self.scan = LineScan::default();
        self.skip = Skip::No;
    }

    /// Frames the next line of `input`, under the [decode
    /// contract](crate::decode).
    ///
    /// # Errors
    /// A [`FrameError`] when the line is too long or holds a bare CR, a
    /// bare LF (strict framing) or a NUL; it consumes the whole line, so
    /// the next call starts on the following line.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<&'a [u8]>, FrameError> {
        self.next(input).map(|found| {
            found.map(|line| {
                let Line { len, .. } = line;
                &input[..len]
            })
        })
    }

    /// Frames the next line, with what the scan learned about it.
    ///
    /// Inlined, so that the common line (whole in `input`, no control but
    /// its line end) comes out of the first round in registers; every other
    /// line goes on in [`next_scanned`](Self::next_scanned).
    #[inline]
    pub(crate) fn next(&mut self, input: &[u8]) -> Result<Decoded<Line>, FrameError> {
        if !self.is_skipping() && self.scan.is_fresh() {
            let window = &input[..input.len().min(self.options.max_line)];
            if let Some(line) = self.scan.clean_start(window, self.options) {
                return Ok(Decoded::Complete {
                    value: line,
                    consumed: line.consumed,
                });
            }
        }
        self.next_scanned(input)
    }

    /// [`next`](Self::next) past the first round: skipping, a line in
    /// pieces, a line with a fault or a control.
    #[inline(never)]
    fn next_scanned(&mut self, input: &[u8]) -> Result<Decoded<Line>, FrameError> {
        if self.is_skipping() {
            return self.skip(input, 0);
        }
        match self.scan.scan(input, self.options) {
            Scanned::Line(line) => match line.fault {
                Some((fault, offset)) => Err(FrameError::new(fault.kind(), offset, line.consumed)),
                None => Ok(Decoded::Complete {
                    value: line,
                    consumed: line.consumed,
                }),
            },
            Scanned::Incomplete => Ok(Decoded::Incomplete { consumed: 0 }),
            Scanned::TooLong | Scanned::Fault(..) | Scanned::Control(..) => {
                // `limit` octets and no line end: too long whatever follows.
                // A CR as the last octet within the limit may pair with
                // the first octet skipped.
                self.scan = LineScan::default();
                let limit = self.options.max_line.min(input.len());
                self.skip = match limit.checked_sub(1).map(|last| input[last]) {
                    Some(b'\r') => Skip::AfterCr,
                    // A bare LF as the last octet ended the line, one
                    // octet too long with its CRLF: nothing to skip.
                    Some(b'\n') if self.options.bare_lf_ends_line => {
                        return Err(FrameError::new(
                            FrameErrorKind::LineTooLong {
                                limit: self.options.max_line,
                            },
                            self.options.max_line,
                            limit,
                        ));
                    }
                    _ => Skip::Yes,
                };
                self.skip(&input[limit..], limit)
            }
        }
    }

    /// Drops octets of an overlong line up to its line end, then reports
    /// the line; `dropped` octets before `input` were already counted.
    fn skip(&mut self, input: &[u8], dropped: usize) -> Result<Decoded<Line>, FrameError> {
        let end = if self.options.bare_lf_ends_line {
            memchr::memchr(b'\n', input)
        } else {
            self.crlf_in(input)
        };
        let Some(lf) = end else {
            self.skip = if input.last() == Some(&b'\r') {
                Skip::AfterCr
            } else if input.is_empty() {
                self.skip
            } else {
                Skip::Yes
            };
            return Ok(Decoded::Incomplete {
                consumed: dropped + input.len(),
            });
        };
        self.skip = Skip::No;
        let limit = self.options.max_line;
        Err(FrameError::new(
            FrameErrorKind::LineTooLong { limit },
            limit,
            dropped + lf + 1,
        ))
    }

    /// The position of the LF of the first CRLF in `input`, counting a CR
    /// at the end of the previous input.
    fn crlf_in(&self, input: &[u8]) -> Option<usize> {
        if self.skip == Skip::AfterCr && input.first() == Some(&b'\n') {
            return Some(0);
        }
        memchr::memmem::find(input, b"\r\n").map(|cr| cr + 1)
    }
}

impl Decoder for LineFramer {
    type Value<'a> = &'a [u8];
    type Error = FrameError;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<&'a [u8]>, FrameError> {
        LineFramer::decode(self, input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: FrameOptions = FrameOptions::new(10);

    fn err(
        kind: FrameErrorKind,
        offset: usize,
        consumed: usize,
    ) -> Result<Decoded<&'static [u8]>, FrameError> {
        Err(FrameError::new(kind, offset, consumed))
    }

    #[allow(clippy::unnecessary_wraps)] // compared with `decode`'s result
    fn line(line: &'static [u8], consumed: usize) -> Result<Decoded<&'static [u8]>, FrameError> {
        Ok(Decoded::Complete {
            value: line,
            consumed,
        })
    }

    /// `first_control` against the octet-by-octet rule, for every length
    /// up to three words and every position of a control, with non-ASCII
    /// octets before and after it.
    #[test]
    fn first_control_agrees_with_the_octet_rule_everywhere() {
        let reference = |bytes: &[u8]| {
            let found = bytes.iter().position(|&b| b < 0x20 || b == 0x7f);
            let before = &bytes[..found.unwrap_or(bytes.len())];
            (found, before.iter().any(|&b| b >= 0x80))
        };
        let mut found = 0;
        let mut high_before = 0;
        for len in 0..=24usize {
            for at in 0..=len {
                for control in [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f] {
                    for high in [None, Some(0), Some(len / 2), Some(len.saturating_sub(1))] {
                        // Filler spanning every class that is no control:
                        // SP, DEL's neighbours, octets 0x80 and up.
                        let mut bytes: Vec<u8> = [b' ', b'~', b'A', 0x20, 0x7e]
                            .iter()
                            .copied()
                            .cycle()
                            .take(len)
                            .collect();
                        if let Some(h) = high.filter(|&h| h < len) {
                            bytes[h] = [0x80, 0x9f, 0xc3, 0xff][h % 4];
                        }
                        if at < len {
                            bytes[at] = control;
                        }
                        let want = reference(&bytes);
                        assert_eq!(first_control(&bytes), want, "{bytes:02x?}");
                        found += usize::from(want.0.is_some());
                        high_before += usize::from(want.1);
                    }
                }
            }
        }
        assert!(found > 1500 && high_before > 500, "{found} {high_before}");
    }

    #[test]
    fn a_line_at_the_limit_frames_and_one_past_it_does_not() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(f.decode(b"12345678\r\n"), line(b"12345678", 10));
        assert_eq!(
            f.decode(b"123456789\r\nNOOP\r\n"),
            err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 11)
        );
        assert!(!f.is_skipping());
        assert_eq!(f.decode(b"NOOP\r\n"), line(b"NOOP", 6));
    }

    #[test]
    fn an_overlong_line_is_skipped_in_pieces_without_buffering() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(
            f.decode(b"0123456789abc"),
            Ok(Decoded::Incomplete { consumed: 13 })
        );
        assert!(f.is_skipping());
        assert_eq!(f.decode(b"def\r"), Ok(Decoded::Incomplete { consumed: 4 }));
        assert_eq!(
            f.decode(b"\nQUIT\r\n"),
            err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 1)
        );
        assert_eq!(f.decode(b"QUIT\r\n"), line(b"QUIT", 6));
    }

    #[test]
    fn bare_cr_bare_lf_and_nul_consume_the_line_through_its_crlf() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(f.decode(b"MA\rIL\r\n"), err(FrameErrorKind::BareCr, 2, 7));
        assert_eq!(f.decode(b"MA\nIL\r\n"), err(FrameErrorKind::BareLf, 2, 7));
        assert_eq!(f.decode(b"MA\0L\r\n"), err(FrameErrorKind::Nul, 2, 6));
        assert_eq!(f.decode(b"A\r\rB\r\n"), err(FrameErrorKind::BareCr, 1, 6));
        // A bare LF never ends a strict line: the one bad line is `A\nB`.
        assert_eq!(f.decode(b"A\nB\r\n"), err(FrameErrorKind::BareLf, 1, 5));
    }

    #[test]
    fn bare_lf_leniency_ends_a_line_but_bare_cr_stays_an_error() {
        let mut f = LineFramer::new(STRICT.with_bare_lf_ends_line(true));
        assert_eq!(f.decode(b"QUIT\n"), line(b"QUIT", 5));
        assert_eq!(f.decode(b"QUIT\r\n"), line(b"QUIT", 6));
        assert_eq!(f.decode(b"QU\rT\n"), err(FrameErrorKind::BareCr, 2, 5));
    }

    /// Under the leniency a line still counts with its CRLF: a bare LF as
    /// the limit's last octet ends a line one octet too long, consumed
    /// through that LF (not skipped on to the next line end), whole or in
    /// pieces.
    #[test]
    fn a_bare_lf_line_counts_with_its_crlf_against_the_limit() {
        let mut f = LineFramer::new(STRICT.with_bare_lf_ends_line(true));
        assert_eq!(f.decode(b"12345678\n"), line(b"12345678", 9));
        let too_long = err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 10);
        assert_eq!(f.decode(b"123456789\nNOOP\n"), too_long);
        assert!(!f.is_skipping());
        assert_eq!(f.decode(b"NOOP\n"), line(b"NOOP", 5));
        assert_eq!(
            f.decode(b"123456789"),
            Ok(Decoded::Incomplete { consumed: 0 })
        );
        assert_eq!(f.decode(b"123456789\nNOOP\n"), too_long);
        assert_eq!(f.decode(b"NOOP\n"), line(b"NOOP", 5));
        // CRLF at the same place is the strict case: too long, skipped.
        assert_eq!(
            f.decode(b"123456789\r\nNOOP\n"),
            err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 11)
        );
    }

    #[test]
    fn a_cr_waiting_for_its_lf_is_incomplete_and_the_scan_resumes() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(f.decode(b"QUIT\r"), Ok(Decoded::Incomplete { consumed: 0 }));
        assert_eq!(f.decode(b"QUIT\r\n"), line(b"QUIT", 6));
    }

    #[test]
    fn a_line_fed_one_octet_at_a_time_is_scanned_once() {
        let input = b"MAIL FROM:<someone@example.com> SIZE=1000\r\n";
        let mut f = LineFramer::new(FrameOptions::default());
        examined::take();
        for end in 1..input.len() {
            assert_eq!(
                f.decode(&input[..end]),
                Ok(Decoded::Incomplete { consumed: 0 })
            );
        }
        assert!(f.decode(input).is_ok_and(|d| d.is_complete()));
        // Each octet once, the CR twice (its LF had not arrived).
        assert!(examined::take() <= input.len() + 2);
    }
}
