//! BDAT (RFC 3030 CHUNKING): the message travels in chunks of an announced
//! octet count, with no dot-stuffing and no terminator to search for.
//!
//! The server reads each chunk with a [`ChunkDecoder`]; the client splits a
//! message with a [`ChunkWriter`] into `BDAT n` chunks and a final
//! `BDAT n LAST`.
//!
//! ```
//! use core::num::NonZeroUsize;
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::body::{BodyPart, ChunkDecoder, ChunkWriter};
//!
//! let writer = ChunkWriter::new(NonZeroUsize::new(4).unwrap());
//! let mut wire = Vec::new();
//! writer.write_message(b"Hello\r\n", &mut wire);
//! assert_eq!(wire, b"BDAT 4\r\nHellBDAT 3 LAST\r\no\r\n");
//!
//! // The server has parsed `BDAT 4` (8 octets) and reads the chunk.
//! let mut chunk = ChunkDecoder::new(4);
//! let body = &wire[8..];
//! assert_eq!(chunk.decode(body), Ok(Decoded::Complete { value: BodyPart::Octets(b"Hell"), consumed: 4 }));
//! assert_eq!(chunk.decode(&body[4..]), Ok(Decoded::Complete { value: BodyPart::End, consumed: 0 }));
//! ```

use core::convert::Infallible;
use core::num::NonZeroUsize;

use smtp_sansio_proto::Command;
use smtp_sansio_proto::wire::Wire;

use super::BodyPart;
use crate::decode::{Decoded, Decoder};
use crate::output::{BufSink, EncodeBuf};

/// Reads the octets of one BDAT chunk, however the input is split, under
/// the [decode contract](crate::decode).
///
/// It only counts: the chunk's octets are handed out as slices of the
/// input, then [`BodyPart::End`] (consuming nothing), and whatever follows
/// the chunk is left for the command decoder.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::body::{BodyPart, ChunkDecoder};
///
/// let mut chunk = ChunkDecoder::new(5);
/// assert_eq!(chunk.decode(b"ab"), Ok(Decoded::Complete { value: BodyPart::Octets(b"ab"), consumed: 2 }));
/// assert_eq!(chunk.remaining(), 3);
/// assert_eq!(chunk.decode(b""), Ok(Decoded::Incomplete { consumed: 0 }));
/// let input = b"cdeQUIT\r\n";
/// assert_eq!(chunk.decode(input), Ok(Decoded::Complete { value: BodyPart::Octets(b"cde"), consumed: 3 }));
/// assert_eq!(chunk.decode(&input[3..]), Ok(Decoded::Complete { value: BodyPart::End, consumed: 0 }));
/// assert!(chunk.is_done());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChunkDecoder {
    remaining: u64,
}

impl ChunkDecoder {
    /// A decoder for a chunk of `size` octets (the argument of `BDAT`).
    pub const fn new(size: u64) -> Self {
        Self { remaining: size }
    }

    /// The chunk's octets at the start of `input`: all of it, or as much as
    /// the chunk still lacks; [`BodyPart::End`] once it has all been read.
    ///
    /// # Errors
    /// None yet: every octet count is a valid chunk.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, Infallible> {
        if self.remaining == 0 {
            return Ok(Decoded::Complete {
                value: BodyPart::End,
                consumed: 0,
            });
        }
        let take = usize::try_from(self.remaining).map_or(input.len(), |r| r.min(input.len()));
        if take == 0 {
            return Ok(Decoded::Incomplete { consumed: 0 });
        }
        self.remaining -= take as u64;
        Ok(Decoded::Complete {
            value: BodyPart::Octets(&input[..take]),
            consumed: take,
        })
    }

    /// Octets of the chunk still to come.
    pub const fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Whether the whole chunk has been read.
    pub const fn is_done(&self) -> bool {
        self.remaining == 0
    }
}

impl Decoder for ChunkDecoder {
    type Value<'a> = BodyPart<'a>;
    type Error = Infallible;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, Infallible> {
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
