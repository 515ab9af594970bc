//! The reply encoder: writes [`Reply`] and [`EhloReply`] values into a
//! caller-owned buffer that grows ([`EncodeBuf`]); total, and allocating
//! nothing but what the buffer grows by.
//!
//! A text line longer than the line limit is split into several reply lines
//! at spaces (the space at the split is dropped, so the words come back
//! joined by one space); a word longer than a whole line is split hard at a
//! character boundary. The enhanced status code is repeated on every line.

use memchr::memrchr;
use smtp_sansio_proto::wire::Wire;
use smtp_sansio_proto::{EhloReply, EnhancedStatusCode, Reply, ReplyCode, limits};

use crate::output::{BufSink, EncodeBuf};

/// Writes replies with a line limit (512 octets including CRLF by default).
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::reply::ReplyEncoder;
/// use smtp_sansio_codec::proto::{EnhancedStatusCode, Reply, ReplyCode, Text};
///
/// let words = "word ".repeat(150);
/// let reply = Reply::with_enhanced(
///     ReplyCode::MAILBOX_UNAVAILABLE,
///     EnhancedStatusCode::try_from("5.7.1")?,
///     Text::try_from(words.trim_end())?,
/// )?;
/// let mut out = Vec::new();
/// ReplyEncoder::default().encode(&reply, &mut out);
/// let wire = String::from_utf8(out)?;
/// assert!(wire.starts_with("550-5.7.1 word word"));
/// assert!(wire.split_inclusive("\r\n").all(|line| line.len() <= 512));
/// assert!(wire.split_inclusive("\r\n").last().unwrap().starts_with("550 5.7.1 word"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReplyEncoder {
    max_line: usize,
}

impl ReplyEncoder {
    /// The smallest line limit honoured: room for a code, a separator, the
    /// longest enhanced code, one character and CRLF, with some slack.
    pub const MIN_LINE: usize = 32;

    /// An encoder with the RFC 5321 reply line limit, 512 octets.
    pub const fn new() -> Self {
        Self {
            max_line: limits::REPLY_LINE,
        }
    }

    /// An encoder that keeps lines within `max_line` octets including CRLF
    /// (raised to [`MIN_LINE`](Self::MIN_LINE) if below it).
    pub const fn with_max_line(max_line: usize) -> Self {
        Self {
            max_line: if max_line < Self::MIN_LINE {
                Self::MIN_LINE
            } else {
                max_line
            },
        }
    }

    /// The line limit in force, in octets including CRLF.
    pub const fn max_line(&self) -> usize {
        self.max_line
    }

    /// Writes `reply`, splitting text lines that would not fit.
    pub fn encode<B: EncodeBuf + ?Sized>(&self, reply: &Reply<'_>, out: &mut B) {
        let mut lines = reply.lines().map(smtp_sansio_proto::Text::as_str);
        let prefix = Prefix::new(reply.code(), reply.enhanced());
        // The common reply: one line that fits, written without the
        // per-line iteration and splitting (callgrind: a third of a
        // one-line encode).
        if let (Some(text), 1) = (lines.clone().next(), reply.line_count()) {
            if text.len() <= self.budget(&prefix) {
                prefix.write(out, true, text);
                return;
            }
        }
        self.encode_lines(&prefix, reply.line_count(), &mut lines, out);
    }

    /// Octets of text that fit on one line after `prefix`.
    fn budget(self, prefix: &Prefix) -> usize {
        self.max_line - 2 - 4 - prefix.enhanced_len()
    }

    /// Writes `count` text lines after `prefix`, splitting those that do
    /// not fit.
    fn encode_lines<'t, B, I>(self, prefix: &Prefix, count: usize, lines: I, out: &mut B)
    where
        B: EncodeBuf + ?Sized,
        I: Iterator<Item = &'t str>,
    {
        let budget = self.budget(prefix);
        for (i, line) in lines.enumerate() {
            let last_line = i + 1 == count;
            let mut rest = line;
            loop {
                let (chunk, more) = split(rest, budget);
                prefix.write(out, last_line && more.is_none(), chunk);
                match more {
                    Some(more) => rest = more,
                    None => break,
                }
            }
        }
    }

    /// Writes `ehlo`: the domain and greeting first, then one keyword with
    /// its parameters per line. Lines are not split (a split greeting would
    /// read as a capability).
    pub fn encode_ehlo<B: EncodeBuf + ?Sized>(&self, ehlo: &EhloReply<'_>, out: &mut B) {
        ehlo.write_to(&mut BufSink(out));
    }
}

impl Default for ReplyEncoder {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes `reply` with the default 512-octet line limit.
///
/// ```
/// use smtp_sansio_codec::reply::encode_reply;
/// use smtp_sansio_codec::proto::{Reply, ReplyCode, Text};
///
/// let mut out = bytes::BytesMut::new();
/// encode_reply(&Reply::new(ReplyCode::OK, Text::try_from("OK")?), &mut out);
/// assert_eq!(&out[..], b"250 OK\r\n");
/// # Ok::<(), smtp_sansio_codec::proto::ValidationError>(())
/// ```
pub fn encode_reply<B: EncodeBuf + ?Sized>(reply: &Reply<'_>, out: &mut B) {
    ReplyEncoder::new().encode(reply, out);
}

/// Writes an EHLO reply (the greeting first, then the capabilities).
pub fn encode_ehlo<B: EncodeBuf + ?Sized>(ehlo: &EhloReply<'_>, out: &mut B) {
    ReplyEncoder::new().encode_ehlo(ehlo, out);
}

/// The first piece of `text` that fits in `budget` octets, and the rest if
/// any: cut at the last space that fits (the space is dropped), else hard at
/// a character boundary.
fn split(text: &str, budget: usize) -> (&str, Option<&str>) {
    if text.len() <= budget {
        return (text, None);
    }
    let cut = match memrchr(b' ', &text.as_bytes()[..=budget]) {
        Some(space) if space > 0 => {
            let rest = &text[space + 1..];
            return (&text[..space], (!rest.is_empty()).then_some(rest));
        }
        _ => (1..=budget)
            .rev()
            .find(|&at| text.is_char_boundary(at))
            .unwrap_or(budget),
    };
    (&text[..cut], Some(&text[cut..]))
}

/// The start of every line of one reply, rendered once: `ddd`, a
/// separator slot, then `class.subject.detail` and SP, packed into an
/// integer (first octet lowest; see [`EnhancedStatusCode::to_ascii_word`]
/// for why), so a line is three copies: prefix, text, CRLF.
struct Prefix {
    head: u128,
    /// Octets of the enhanced code; 0 without one.
    enhanced: usize,
}

impl Prefix {
    #[inline]
    fn new(code: ReplyCode, enhanced: Option<EnhancedStatusCode>) -> Self {
        let mut head = u128::from(code.to_ascii_word());
        let mut len = 0;
        if let Some(e) = enhanced {
            let (word, n) = e.to_ascii_word();
            // The SP after the code's 5 to 9 octets falls in octets 9 to 13,
            // the upper half: placed with a `u64` shift (a varying `u128`
            // shift is five or six instructions).
            let space = u64::from(b' ') << (8 * n.saturating_sub(4));
            head |= word << 32 | u128::from(space) << 64;
            len = n;
        }
        Self {
            head,
            enhanced: len,
        }
    }

    /// Octets the enhanced code and its SP take on each line.
    fn enhanced_len(&self) -> usize {
        if self.enhanced == 0 {
            0
        } else {
            self.enhanced + 1
        }
    }

    /// One line, as `Reply`'s canonical form writes it: `ddd-`, `ddd ` or a
    /// bare `ddd` (last line, no enhanced code, no text), then the
    /// enhanced code and SP (no SP before empty text), text and CRLF.
    fn write<B: EncodeBuf + ?Sized>(&self, out: &mut B, last: bool, text: &str) {
        let separator = if last { b' ' } else { b'-' };
        let prefix = (self.head | u128::from(separator) << 24).to_le_bytes();
        let head = if self.enhanced > 0 {
            4 + self.enhanced + usize::from(!text.is_empty())
        } else if last && text.is_empty() {
            3
        } else {
            4
        };
        out.put_head(&prefix, head);
        out.put_slice(text.as_bytes());
        out.put_slice(b"\r\n");
    }
}
