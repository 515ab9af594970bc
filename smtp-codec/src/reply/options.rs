//! `ReplyOptions`: the runtime switches and bounds of the reply decoder.

use smtp_sansio_proto::limits;

use crate::frame::FrameOptions;

/// How strictly replies are decoded and how much one reply may hold.
///
/// Options are runtime values, never cargo features, so one crate in a
/// dependency graph cannot make every user lenient. [`Default`] is strict:
/// 512-octet lines (RFC 5321 §4.5.3.1.5), CRLF line ends only, enhanced
/// status codes left as text until the server advertises them.
///
/// Every bound is checked as soon as the input shows it is broken, so a
/// server that sends `250-` forever is refused after `max_lines` lines and a
/// caller never buffers more than `max_reply_bytes` octets for one reply.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::reply::ReplyOptions;
///
/// let lenient = ReplyOptions::default()
///     .with_max_line(2048)
///     .with_bare_lf(true)
///     .with_enhanced_status_codes(true);
/// assert_eq!(lenient.max_line, 2048);
/// assert_eq!(ReplyOptions::default().max_line, 512);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ReplyOptions {
    /// The longest reply line accepted, in octets including its line end.
    /// Default 512; real servers sometimes send longer lines.
    pub max_line: usize,
    /// The most lines one reply may have; at least one is always allowed.
    /// Default 128.
    pub max_lines: usize,
    /// The most octets one reply may take, line ends included. Default 32 KiB.
    pub max_reply_bytes: usize,
    /// Whether a bare LF ends a line (a leniency; default `false`: it is
    /// refused). A bare CR never does. Such a line still counts against
    /// `max_line` with a CRLF, as it is re-encoded.
    pub bare_lf_ends_line: bool,
    /// Whether `class.subject.detail` at the start of a line is read as an
    /// enhanced status code (RFC 2034). Turn it on once the server has
    /// advertised ENHANCEDSTATUSCODES ([`ReplyDecoder::observe_ehlo`]
    /// does that). Default `false`: the text stays text.
    ///
    /// [`ReplyDecoder::observe_ehlo`]: super::ReplyDecoder::observe_ehlo
    pub enhanced_status_codes: bool,
}

impl ReplyOptions {
    /// Default number of lines per reply.
    pub const DEFAULT_MAX_LINES: usize = 128;
    /// Default number of octets per reply.
    pub const DEFAULT_MAX_REPLY_BYTES: usize = 32 * 1024;

    /// The strict defaults (also [`Default`]), usable in `const` context.
    pub const fn strict() -> Self {
        Self {
            max_line: limits::REPLY_LINE,
            max_lines: Self::DEFAULT_MAX_LINES,
            max_reply_bytes: Self::DEFAULT_MAX_REPLY_BYTES,
            bare_lf_ends_line: false,
            enhanced_status_codes: false,
        }
    }

    /// Sets [`max_line`](Self::max_line).
    #[must_use]
    pub const fn with_max_line(mut self, max_line: usize) -> Self {
        self.max_line = max_line;
        self
    }

    /// Sets [`max_lines`](Self::max_lines).
    #[must_use]
    pub const fn with_max_lines(mut self, max_lines: usize) -> Self {
        self.max_lines = max_lines;
        self
    }

    /// Sets [`max_reply_bytes`](Self::max_reply_bytes).
    #[must_use]
    pub const fn with_max_reply_bytes(mut self, max_reply_bytes: usize) -> Self {
        self.max_reply_bytes = max_reply_bytes;
        self
    }

    /// Sets [`bare_lf_ends_line`](Self::bare_lf_ends_line).
    #[must_use]
    pub const fn with_bare_lf(mut self, bare_lf_ends_line: bool) -> Self {
        self.bare_lf_ends_line = bare_lf_ends_line;
        self
    }

    /// Sets [`enhanced_status_codes`](Self::enhanced_status_codes).
    #[must_use]
    pub const fn with_enhanced_status_codes(mut self, on: bool) -> Self {
        self.enhanced_status_codes = on;
        self
    }
}

impl ReplyOptions {
    /// The framing of reply lines these options imply.
    pub(crate) const fn frame_options(&self) -> FrameOptions {
        FrameOptions::new(self.max_line).with_bare_lf_ends_line(self.bare_lf_ends_line)
    }
}

impl Default for ReplyOptions {
    fn default() -> Self {
        Self::strict()
    }
}
