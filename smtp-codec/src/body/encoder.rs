//! The client side of DATA: canonical line ends, dot-stuffing and the
//! terminator, written straight into the caller's buffer.
//!
//! Runs of lines that need no change are found with the decoder's bulk scan
//! (`scan.rs`: one SIMD pass, not a `memchr` per line end) and copied whole.

use super::error::{DataEncodeError, DataEncodeErrorKind};
use super::options::DataEncodeOptions;
use super::scan::next_event;
use crate::output::EncodeBuf;

/// Turns message octets into the DATA stream: every line end becomes CRLF
/// (a bare LF or bare CR included), a dot at the start of a line is doubled,
/// and [`finish`](Self::finish) adds a final CRLF when the message lacks one,
/// then the terminator `.` CRLF.
///
/// The message may be fed in pieces split anywhere; the encoder keeps a few
/// flags between calls and allocates nothing beyond what the output
/// buffer grows by.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::DataEncoder;
///
/// let mut encoder = DataEncoder::default();
/// let mut out = Vec::new();
/// encoder.encode(b"Subject: hi\n\n.hidden\r", &mut out)?;
/// encoder.encode(b"\nlast line", &mut out)?;
/// encoder.finish(&mut out);
/// assert_eq!(out, b"Subject: hi\r\n\r\n..hidden\r\nlast line\r\n.\r\n");
/// # Ok::<(), smtp_sansio_codec::body::DataEncodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DataEncoder {
    options: DataEncodeOptions,
    /// The next octet starts a line.
    line_start: bool,
    /// The last octet was a CR, not written yet (its LF may come next call).
    pending_cr: bool,
    /// Octets of the current line so far (tracked only with a line limit).
    line_len: usize,
    /// Octets of the message fed so far.
    position: u64,
}

impl Default for DataEncoder {
    fn default() -> Self {
        Self::new(DataEncodeOptions::default())
    }
}

impl DataEncoder {
    /// An encoder at the start of a message.
    pub const fn new(options: DataEncodeOptions) -> Self {
        Self {
            options,
            line_start: true,
            pending_cr: false,
            line_len: 0,
            position: 0,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> DataEncodeOptions {
        self.options
    }

    /// Encodes the next piece of the message into `out`.
    ///
    /// # Errors
    /// [`DataEncodeErrorKind::LineTooLong`] when the piece would make a text line
    /// longer than the limit. The check comes first: a refused call writes
    /// nothing and leaves the encoder as it was, but earlier pieces of the
    /// long line may already be in `out`, so the caller abandons the message
    /// (e.g. closes the connection or sends it with BDAT instead).
    pub fn encode<B: EncodeBuf + ?Sized>(
        &mut self,
        input: &[u8],
        out: &mut B,
    ) -> Result<(), DataEncodeError> {
        let line_len = match self.options.max_line {
            Some(limit) => self.check_lines(input, limit)?,
            None => 0,
        };
        if input.is_empty() {
            return Ok(());
        }
        let mut at = 0;
        if self.pending_cr {
            // CRLF, or a bare CR: either way the canonical form is CRLF.
            self.pending_cr = false;
            out.put_slice(b"\r\n");
            self.line_start = true;
            if input.first() == Some(&b'\n') {
                at = 1;
            }
        }
        let mut start = at;
        loop {
            if self.line_start {
                if at == input.len() {
                    break;
                }
                self.line_start = false;
                if input[at] == b'.' && self.options.dot_stuffing {
                    out.put_slice(&input[start..at]);
                    out.put_slice(b".");
                    start = at;
                }
            }
            // Runs of lines that need nothing are skipped in bulk.
            let i = next_event::<false>(input, at);
            if i == input.len() {
                self.line_start = input.len() - at >= 2 && input.ends_with(b"\r\n");
                break;
            }
            self.line_start = true;
            match (input[i], input.get(i + 1)) {
                // CRLF ".": the dot is stuffed at the top of the loop.
                (b'\r', Some(b'\n')) => {
                    at = i + 2;
                    continue;
                }
                (b'\r', None) => {
                    // Its LF may be the next call's first octet.
                    out.put_slice(&input[start..i]);
                    self.pending_cr = true;
                    self.line_start = false;
                    start = input.len();
                    break;
                }
                _ => {}
            }
            // A bare CR or bare LF: write CRLF in its place.
            out.put_slice(&input[start..i]);
            out.put_slice(b"\r\n");
            at = i + 1;
            start = at;
        }
        out.put_slice(&input[start..]);
        self.line_len = line_len;
        self.position += input.len() as u64;
        Ok(())
    }

    /// Ends the message: a CRLF if its last line lacks one, then `.` CRLF
    /// (for DATA; see [`DataEncodeOptions::dot_stuffing`]). The encoder is
    /// then ready for the next message.
    pub fn finish<B: EncodeBuf + ?Sized>(&mut self, out: &mut B) {
        if self.pending_cr || !self.line_start {
            out.put_slice(b"\r\n");
        }
        if self.options.dot_stuffing {
            out.put_slice(b".\r\n");
        }
        *self = Self::new(self.options);
    }

    /// The length of the current line after `input`, or the error when a
    /// line grows past `limit` octets including CRLF.
    fn check_lines(&self, input: &[u8], limit: usize) -> Result<usize, DataEncodeError> {
        let max = limit.saturating_sub(2);
        let mut len = self.line_len;
        let mut at = 0;
        if self.pending_cr {
            len = 0;
            if input.first() == Some(&b'\n') {
                at = 1;
            }
        }
        while at < input.len() {
            let rest = &input[at..];
            let end = memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
            if len + end > max {
                let offset = self.position + (at + max - len) as u64;
                return Err(DataEncodeError::new(
                    DataEncodeErrorKind::LineTooLong { limit },
                    offset,
                ));
            }
            if end == rest.len() {
                return Ok(len + end);
            }
            len = 0;
            at += end + 1;
            // A CRLF is one line end; a trailing CR is settled next call.
            if rest[end] == b'\r' && input.get(at) == Some(&b'\n') {
                at += 1;
            }
        }
        Ok(len)
    }
}
