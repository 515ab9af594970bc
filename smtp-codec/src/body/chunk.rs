//! BDAT (RFC 3030 CHUNKING): the message travels in chunks of an announced
//! octet count, with no dot-stuffing and no terminator to search for.
//!
//! The server reads the chunks of a message with a [`ChunkDecoder`], which
//! applies the same [`LineEndPolicy`] as DATA across the chunks (a CR
//! ending one chunk and the LF starting the next are one CRLF), unless the
//! message is `BODY=BINARYMIME`; the client splits a message with a
//! [`ChunkWriter`] into `BDAT n` chunks and a final `BDAT n LAST`.
//!
//! ```
//! use core::num::NonZeroUsize;
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::body::{BodyPart, ChunkDecoder, ChunkWriter, LineEndPolicy};
//!
//! let writer = ChunkWriter::new(NonZeroUsize::new(4).unwrap());
//! let mut wire = Vec::new();
//! writer.write_message(b"Hello\r\n", &mut wire);
//! assert_eq!(wire, b"BDAT 4\r\nHellBDAT 3 LAST\r\no\r\n");
//!
//! // The server has parsed `BDAT 4` (8 octets) and reads the chunk.
//! let mut chunk = ChunkDecoder::first(4, false, LineEndPolicy::Reject);
//! let body = &wire[8..];
//! assert_eq!(chunk.decode(body), Ok(Decoded::Complete { value: BodyPart::Octets(b"Hell"), consumed: 4 }));
//! assert_eq!(chunk.decode(&body[4..]), Ok(Decoded::Complete { value: BodyPart::End, consumed: 0 }));
//! // Then `BDAT 3 LAST` (13 octets), the same message's last chunk.
//! chunk.next_chunk(3, true);
//! let body = &body[4 + 13..];
//! assert_eq!(chunk.decode(body), Ok(Decoded::Complete { value: BodyPart::Octets(b"o\r\n"), consumed: 3 }));
//! assert_eq!(chunk.decode(&body[3..]), Ok(Decoded::Complete { value: BodyPart::End, consumed: 0 }));
//! ```

use core::num::NonZeroUsize;

use smtp_sansio_proto::Command;
use smtp_sansio_proto::wire::Wire;

use super::BodyPart;
use super::error::{DataError, DataErrorKind};
use super::options::LineEndPolicy;
use super::scan::next_event;
use crate::decode::{Decoded, Decoder};
use crate::frame::FrameErrorKind;
use crate::output::{BufSink, EncodeBuf};

/// Canonical line end, yielded for a CRLF split across calls or chunks and
/// for a normalized bare CR or bare LF.
const CRLF: &[u8] = b"\r\n";

/// Reads the chunks of one BDAT message, however the input is split, under
/// the [decode contract](crate::decode).
///
/// Each chunk's octets are handed out as slices of the input, then
/// [`BodyPart::End`] once the chunk has been read whole; whatever follows
/// a chunk is left for the command decoder. For the next chunk of the same
/// message call [`next_chunk`](Self::next_chunk).
///
/// Under a [`LineEndPolicy`] other than `Allow` the octets are checked as
/// DATA's are, across the chunks of the message: `Reject` (the server's
/// default for a message that is not `BODY=BINARYMIME`) reads the message
/// to the end of its LAST chunk and then refuses it with the first bare CR,
/// bare LF or NUL (`550 5.6.0`), yielding nothing after that octet, so a
/// chunk carrying `\n.\n` and a forged transaction is never stored as it
/// is; `Normalize` turns bare CR and bare LF into CRLF. A CR at the end of
/// one chunk whose LF starts the next is a CRLF. `Allow` only counts.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::body::{BodyPart, ChunkDecoder, DataErrorKind, LineEndPolicy};
/// use smtp_sansio_codec::frame::FrameErrorKind;
///
/// let mut chunk = ChunkDecoder::new(5);
/// assert_eq!(chunk.decode(b"ab"), Ok(Decoded::Complete { value: BodyPart::Octets(b"ab"), consumed: 2 }));
/// assert_eq!(chunk.remaining(), 3);
/// assert_eq!(chunk.decode(b""), Ok(Decoded::Incomplete { consumed: 0 }));
/// let input = b"cdeQUIT\r\n";
/// assert_eq!(chunk.decode(input), Ok(Decoded::Complete { value: BodyPart::Octets(b"cde"), consumed: 3 }));
/// assert_eq!(chunk.decode(&input[3..]), Ok(Decoded::Complete { value: BodyPart::End, consumed: 0 }));
/// assert!(chunk.is_done());
///
/// // A smuggling attempt in a text message: read to the end, then refused.
/// let input = b"a\n.\nMAIL FROM:<x@y>\r\n";
/// let mut chunk = ChunkDecoder::first(input.len() as u64, true, LineEndPolicy::Reject);
/// let mut at = 0;
/// let refusal = loop {
///     match chunk.decode(&input[at..]) {
///         Ok(step) => at += step.consumed(),
///         Err(e) => break e,
///     }
/// };
/// assert_eq!(refusal.kind(), DataErrorKind::Frame(FrameErrorKind::BareLf));
/// assert_eq!((refusal.offset(), at + refusal.consumed()), (1, input.len()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChunkDecoder {
    /// Octets of the current chunk still to come.
    remaining: u64,
    /// The current chunk is the message's last.
    last: bool,
    policy: LineEndPolicy,
    /// The last octet consumed was a CR that was not yielded: whether it
    /// is bare depends on the next octet, which may be in the next chunk.
    cr: bool,
    /// Octets of the message consumed, over every chunk so far.
    position: u64,
    /// The first reason to refuse the message, and where it was seen.
    refusal: Option<(DataErrorKind, u64)>,
}

impl ChunkDecoder {
    /// A decoder for a message sent as one chunk of `size` octets (`BDAT
    /// size LAST`) whose octets pass as they are, unchecked: binary content
    /// (`BODY=BINARYMIME`), or a caller that checks them itself. A server
    /// reading a text message uses [`first`](Self::first) with its
    /// [`LineEndPolicy`].
    pub const fn new(size: u64) -> Self {
        Self::first(size, true, LineEndPolicy::Allow)
    }

    /// A decoder for the first chunk of a message: `size` octets, `last`
    /// when the BDAT command had LAST, under `policy`.
    pub const fn first(size: u64, last: bool, policy: LineEndPolicy) -> Self {
        Self {
            remaining: size,
            last,
            policy,
            cr: false,
            position: 0,
            refusal: None,
        }
    }

    /// Starts the next chunk of the same message, once the current one is
    /// done: what the policy saw so far (a CR at the end of the last chunk,
    /// the first reason to refuse) carries over.
    pub fn next_chunk(&mut self, size: u64, last: bool) {
        self.remaining = size;
        self.last = last;
    }

    /// The octets of the current chunk at the start of `input`, checked
    /// under the policy; [`BodyPart::End`] once the chunk has been read
    /// whole (and for the LAST chunk, the message was not refused).
    ///
    /// # Errors
    /// At the end of the LAST chunk, a [`DataError`] when the message is
    /// refused (a bare LF, bare CR or NUL under `Reject`); it consumes what
    /// was left of the chunk in this call's input, so what follows belongs
    /// to the command stream.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, DataError> {
        let mut used = 0;
        loop {
            if self.remaining == 0 {
                return self.end(used);
            }
            let rest = input.len() - used;
            let available = usize::try_from(self.remaining).map_or(rest, |r| r.min(rest));
            if available == 0 {
                return Ok(Decoded::Incomplete { consumed: used });
            }
            let (piece, taken) = self.step(&input[used..used + available]);
            self.remaining -= taken as u64;
            self.position += taken as u64;
            used += taken;
            if !piece.is_empty() {
                return Ok(Decoded::Complete {
                    value: BodyPart::Octets(piece),
                    consumed: used,
                });
            }
        }
    }

    /// The end of the current chunk; for the LAST one, of the message.
    fn end<'a>(&mut self, used: usize) -> Result<Decoded<BodyPart<'a>>, DataError> {
        if self.last {
            if self.cr {
                // The message ends in a CR with no LF after it.
                self.cr = false;
                match self.policy {
                    LineEndPolicy::Normalize => {
                        return Ok(Decoded::Complete {
                            value: BodyPart::Octets(CRLF),
                            consumed: used,
                        });
                    }
                    _ => self.refuse(FrameErrorKind::BareCr, self.position - 1),
                }
            }
            if let Some((kind, offset)) = self.refusal {
                return Err(DataError::new(kind, offset, used));
            }
        }
        Ok(Decoded::Complete {
            value: BodyPart::End,
            consumed: used,
        })
    }

    /// What of `data` (chunk octets, not empty) goes to the caller, and how
    /// many octets of it were used: at least one, or a piece to yield.
    fn step<'a>(&mut self, data: &'a [u8]) -> (&'a [u8], usize) {
        let reject = match self.policy {
            LineEndPolicy::Allow => return (data, data.len()),
            // Refused already: nothing more is yielded, the rest is read.
            LineEndPolicy::Reject if self.refusal.is_some() => return (&[], data.len()),
            LineEndPolicy::Reject => true,
            LineEndPolicy::Normalize => false,
        };
        if self.cr {
            self.cr = false;
            if data[0] == b'\n' {
                return (CRLF, 1);
            }
            // The CR before `data` was bare; `data[0]` is looked at next.
            if reject {
                self.refuse(FrameErrorKind::BareCr, self.position - 1);
                return (&[], 0);
            }
            return (CRLF, 0);
        }
        // The bulk scan DATA uses; a CRLF "." is an event only for DATA.
        let mut from = 0;
        let at = loop {
            let at = if reject {
                next_event::<true>(data, from)
            } else {
                next_event::<false>(data, from)
            };
            if data.get(at) == Some(&b'\r') && data.get(at + 1) == Some(&b'\n') {
                from = at + 2;
                continue;
            }
            break at;
        };
        if at > 0 {
            // The clean run first; the octet at `at` is looked at next.
            return (&data[..at], at);
        }
        let offset = self.position;
        match data[0] {
            b'\r' if data.len() == 1 => {
                // Its LF may come in the next input, or the next chunk.
                self.cr = true;
                (&[], 1)
            }
            b'\r' | b'\n' if !reject => (CRLF, 1),
            b'\r' => {
                self.refuse(FrameErrorKind::BareCr, offset);
                (&[], 1)
            }
            b'\n' => {
                self.refuse(FrameErrorKind::BareLf, offset);
                (&[], 1)
            }
            _ => {
                self.refuse(FrameErrorKind::Nul, offset);
                (&[], 1)
            }
        }
    }

    /// Remembers the first reason to refuse the message.
    fn refuse(&mut self, kind: FrameErrorKind, offset: u64) {
        if self.refusal.is_none() {
            self.refusal = Some((DataErrorKind::Frame(kind), offset));
        }
    }

    /// Octets of the current chunk still to come.
    pub const fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Whether the current chunk has been read whole.
    pub const fn is_done(&self) -> bool {
        self.remaining == 0
    }

    /// Whether the current chunk is the message's last.
    pub const fn is_last(&self) -> bool {
        self.last
    }

    /// The policy the message is read under.
    pub const fn policy(&self) -> LineEndPolicy {
        self.policy
    }

    /// Octets of the message read so far, over all its chunks.
    pub const fn position(&self) -> u64 {
        self.position
    }
}

impl Decoder for ChunkDecoder {
    type Value<'a> = BodyPart<'a>;
    type Error = DataError;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, DataError> {
        ChunkDecoder::decode(self, input)
    }
}

/// One BDAT chunk of a message: its octets and whether it is the last.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::Chunk;
///
/// let mut out = Vec::new();
/// Chunk { data: b"Hi\r\n", last: true }.write_to(&mut out);
/// assert_eq!(out, b"BDAT 4 LAST\r\nHi\r\n");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chunk<'a> {
    /// The chunk's octets, sent as they are.
    pub data: &'a [u8],
    /// Whether this chunk ends the message (`LAST`).
    pub last: bool,
}

impl Chunk<'_> {
    /// The `BDAT` command announcing this chunk.
    pub fn command(&self) -> Command<'static> {
        Command::Bdat {
            size: self.data.len() as u64,
            last: self.last,
        }
    }

    /// Writes the command line `BDAT n[ LAST]` CRLF, then the octets.
    pub fn write_to<B: EncodeBuf + ?Sized>(&self, out: &mut B) {
        self.command().write_to(&mut BufSink(out));
        out.put_slice(b"\r\n");
        out.put_slice(self.data);
    }
}

/// Splits messages into BDAT chunks of at most a chosen size.
///
/// # Example
///
/// ```
/// use core::num::NonZeroUsize;
/// use smtp_sansio_codec::body::{Chunk, ChunkWriter};
///
/// let writer = ChunkWriter::new(NonZeroUsize::new(3).unwrap());
/// let chunks: Vec<Chunk<'_>> = writer.chunks(b"abcdefg").collect();
/// assert_eq!(chunks.len(), 3);
/// assert_eq!(chunks[2], Chunk { data: b"g", last: true });
/// assert_eq!(writer.chunks(b"").collect::<Vec<_>>(), [Chunk { data: b"", last: true }]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChunkWriter {
    chunk_size: NonZeroUsize,
}

impl ChunkWriter {
    /// A writer whose chunks hold at most `chunk_size` octets.
    pub const fn new(chunk_size: NonZeroUsize) -> Self {
        Self { chunk_size }
    }

    /// The largest chunk this writer makes.
    pub const fn chunk_size(&self) -> NonZeroUsize {
        self.chunk_size
    }

    /// The chunks of `message`, the last one marked `LAST`; an empty message
    /// is one empty `BDAT 0 LAST` chunk.
    pub fn chunks<'a>(&self, message: &'a [u8]) -> Chunks<'a> {
        Chunks {
            rest: message,
            size: self.chunk_size.get(),
            done: false,
        }
    }

    /// Writes every chunk of `message`, each command line followed by its
    /// octets, into `out`.
    pub fn write_message<B: EncodeBuf + ?Sized>(&self, message: &[u8], out: &mut B) {
        for chunk in self.chunks(message) {
            chunk.write_to(out);
        }
    }
}

/// The chunks of one message, from [`ChunkWriter::chunks`].
#[derive(Clone, Debug)]
pub struct Chunks<'a> {
    rest: &'a [u8],
    size: usize,
    done: bool,
}

impl<'a> Iterator for Chunks<'a> {
    type Item = Chunk<'a>;

    fn next(&mut self) -> Option<Chunk<'a>> {
        if self.done {
            return None;
        }
        let (data, rest) = self.rest.split_at(self.size.min(self.rest.len()));
        self.rest = rest;
        self.done = rest.is_empty();
        Some(Chunk {
            data,
            last: self.done,
        })
    }
}
