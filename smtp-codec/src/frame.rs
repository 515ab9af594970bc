//! The line framer: the hot line-scanning path under every command and reply.
//!
//! Frame first, parse second (DESIGN.md §3): the framer finds the line end with
//! `memchr`, enforces the length limit and refuses bare CR, bare LF and NUL;
//! the grammar then only ever sees one complete line. `Incomplete` comes from
//! here and nowhere else.
//!
//! A line longer than the limit is not buffered: once `limit` octets have
//! arrived without a line end, the framer tells the caller to drop them and
//! remembers it is inside an overlong line. When that line's LF finally
//! arrives it reports [`FrameErrorKind::LineTooLong`], consumes through the LF,
//! and the next line frames normally. A caller therefore never holds more than
//! `limit` octets of a line, and never loses sync.

use core::fmt;

/// How the framer frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameOptions {
    /// The longest line accepted, in octets, *including* its CRLF.
    pub max_line: usize,
    /// Whether a bare LF ends a line (a leniency; strict framing refuses it).
    pub bare_lf_ends_line: bool,
}

/// What one call to [`LineFramer::next_line`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frame<'a> {
    /// A complete line, without its line end.
    Line {
        /// The line's octets, CRLF (or the tolerated bare LF) removed.
        line: &'a [u8],
        /// Octets of input the line and its line end took.
        consumed: usize,
    },
    /// No complete line yet: drop `consumed` octets (non-zero only while an
    /// overlong line is being skipped) and call again with more input.
    Incomplete {
        /// Octets of input the caller may drop.
        consumed: usize,
    },
}

/// Why a line was refused; the whole line, through its LF, is consumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameError {
    kind: FrameErrorKind,
    offset: usize,
    consumed: usize,
}

/// The framing rule a line broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FrameErrorKind {
    /// The line is longer than `limit` octets including its CRLF.
    LineTooLong {
        /// The limit in force, in octets including CRLF.
        limit: usize,
    },
    /// An LF not preceded by CR (strict framing).
    BareLf,
    /// A CR not followed by LF.
    BareCr,
    /// A NUL octet.
    Nul,
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

    /// Offset of the offending octet from the start of the line (for a too
    /// long line: the limit, the first octet past it).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Octets of input to drop: the whole bad line through its LF (for a too
    /// long line, the part still in this call's input).
    pub const fn consumed(&self) -> usize {
        self.consumed
    }
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

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at octet {}", self.kind, self.offset)
    }
}

impl core::error::Error for FrameError {}

/// Splits a byte stream into lines; the only state it keeps is whether it is
/// in the middle of skipping an overlong line.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::frame::{Frame, FrameOptions, LineFramer};
///
/// let mut framer = LineFramer::new(FrameOptions { max_line: 512, bare_lf_ends_line: false });
/// let input = b"NOOP\r\nQUI";
/// assert_eq!(framer.next_line(input), Ok(Frame::Line { line: b"NOOP", consumed: 6 }));
/// assert_eq!(framer.next_line(&input[6..]), Ok(Frame::Incomplete { consumed: 0 }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LineFramer {
    options: FrameOptions,
    /// Inside an overlong line whose start the caller has already dropped.
    skipping: bool,
}

impl LineFramer {
    /// A framer at the start of a line.
    pub const fn new(options: FrameOptions) -> Self {
        Self {
            options,
            skipping: false,
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

    /// Whether the framer is skipping the rest of an overlong line.
    pub const fn is_skipping(&self) -> bool {
        self.skipping
    }

    /// Forgets any overlong line in progress (after the stream changes hands,
    /// e.g. STARTTLS).
    pub fn reset(&mut self) {
        self.skipping = false;
    }

    /// Frames the next line of `input`, which must start where the previous
    /// call's `consumed` ended.
    ///
    /// # Errors
    /// A [`FrameError`] when the line is too long or holds a bare CR, a bare
    /// LF (strict framing) or a NUL; the error's `consumed` covers the whole
    /// line, so the next call starts on the following line.
    pub fn next_line<'a>(&mut self, input: &'a [u8]) -> Result<Frame<'a>, FrameError> {
        let limit = self.options.max_line;
        if self.skipping {
            return self
                .skip(input)
                .map(|consumed| Frame::Incomplete { consumed });
        }
        let window = &input[..input.len().min(limit)];
        // One pass finds the first CR, LF or NUL. In the common case it is
        // the CR of the line's CRLF, so nothing irregular precedes it; any
        // other octet sends the line down the general path below.
        let lf = match memchr::memchr3(b'\r', b'\n', 0, window) {
            Some(at) if window[at] == b'\r' && window.get(at + 1) == Some(&b'\n') => {
                return Ok(Frame::Line {
                    line: &window[..at],
                    consumed: at + 2,
                });
            }
            Some(at) => memchr::memchr(b'\n', &window[at..]).map(|k| at + k),
            None => None,
        };
        let Some(lf) = lf else {
            if input.len() < limit {
                return Ok(Frame::Incomplete { consumed: 0 });
            }
            // `limit` octets and no line end: the line is too long whatever follows.
            self.skipping = true;
            return match self.skip(&input[limit..]) {
                Ok(consumed) => Ok(Frame::Incomplete {
                    consumed: consumed + limit,
                }),
                Err(e) => Err(FrameError {
                    consumed: e.consumed + limit,
                    ..e
                }),
            };
        };
        let consumed = lf + 1;
        let (line, crlf) = match input[..lf].split_last() {
            Some((b'\r', line)) => (line, true),
            _ => (&input[..lf], false),
        };
        if let Some(at) = memchr::memchr2(b'\r', 0, line) {
            let kind = if line[at] == 0 {
                FrameErrorKind::Nul
            } else {
                FrameErrorKind::BareCr
            };
            return Err(FrameError::new(kind, at, consumed));
        }
        if !crlf && !self.options.bare_lf_ends_line {
            return Err(FrameError::new(FrameErrorKind::BareLf, lf, consumed));
        }
        Ok(Frame::Line { line, consumed })
    }

    /// Drops octets of an overlong line until its LF, then reports the line;
    /// `Ok` holds how many octets were dropped without finding the LF.
    fn skip(&mut self, input: &[u8]) -> Result<usize, FrameError> {
        match memchr::memchr(b'\n', input) {
            Some(lf) => {
                self.skipping = false;
                let limit = self.options.max_line;
                Err(FrameError::new(
                    FrameErrorKind::LineTooLong { limit },
                    limit,
                    lf + 1,
                ))
            }
            None => Ok(input.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: FrameOptions = FrameOptions {
        max_line: 10,
        bare_lf_ends_line: false,
    };

    fn err(
        kind: FrameErrorKind,
        offset: usize,
        consumed: usize,
    ) -> Result<Frame<'static>, FrameError> {
        Err(FrameError::new(kind, offset, consumed))
    }

    #[test]
    fn a_line_at_the_limit_frames_and_one_past_it_does_not() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(
            f.next_line(b"12345678\r\n"),
            Ok(Frame::Line {
                line: b"12345678",
                consumed: 10
            })
        );
        assert_eq!(
            f.next_line(b"123456789\r\nNOOP\r\n"),
            err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 11)
        );
        assert!(!f.is_skipping());
        assert_eq!(
            f.next_line(b"NOOP\r\n"),
            Ok(Frame::Line {
                line: b"NOOP",
                consumed: 6
            })
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_in_pieces_without_buffering() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(
            f.next_line(b"0123456789abc"),
            Ok(Frame::Incomplete { consumed: 13 })
        );
        assert!(f.is_skipping());
        assert_eq!(f.next_line(b"def"), Ok(Frame::Incomplete { consumed: 3 }));
        assert_eq!(
            f.next_line(b"g\r\nQUIT\r\n"),
            err(FrameErrorKind::LineTooLong { limit: 10 }, 10, 3)
        );
        assert_eq!(
            f.next_line(b"QUIT\r\n"),
            Ok(Frame::Line {
                line: b"QUIT",
                consumed: 6
            })
        );
    }

    #[test]
    fn bare_cr_bare_lf_and_nul_consume_the_line() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(
            f.next_line(b"MA\rIL\r\n"),
            err(FrameErrorKind::BareCr, 2, 7)
        );
        assert_eq!(f.next_line(b"MAIL\n"), err(FrameErrorKind::BareLf, 4, 5));
        assert_eq!(f.next_line(b"MA\0L\r\n"), err(FrameErrorKind::Nul, 2, 6));
        assert_eq!(
            f.next_line(b"A\r\rB\r\n"),
            err(FrameErrorKind::BareCr, 1, 6)
        );
    }

    #[test]
    fn bare_lf_leniency_ends_a_line_but_bare_cr_stays_an_error() {
        let mut f = LineFramer::new(FrameOptions {
            bare_lf_ends_line: true,
            ..STRICT
        });
        assert_eq!(
            f.next_line(b"QUIT\n"),
            Ok(Frame::Line {
                line: b"QUIT",
                consumed: 5
            })
        );
        assert_eq!(f.next_line(b"QU\rT\n"), err(FrameErrorKind::BareCr, 2, 5));
    }

    #[test]
    fn a_cr_waiting_for_its_lf_is_incomplete() {
        let mut f = LineFramer::new(STRICT);
        assert_eq!(
            f.next_line(b"QUIT\r"),
            Ok(Frame::Incomplete { consumed: 0 })
        );
    }
}
