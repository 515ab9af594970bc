//! Chunk sizes and splits → BDAT (RFC 3030) framing holds:
//!
//! - `ChunkWriter::chunks` cuts the message into chunks of exactly the chunk
//!   size but the last, which alone is `LAST` (an empty message is one empty
//!   `BDAT 0 LAST`); the chunks concatenate back to the message, and
//!   `write_message` is their `write_to` in order.
//! - The server side, fed the wire form plus a pipelined `QUIT` in arbitrary
//!   pieces (consumed octets dropped): the command decoder reads each
//!   `BDAT n [LAST]` line, and a `ChunkDecoder` yields exactly the declared
//!   `n` octets — the chunk's own — never one more, whatever the split; the
//!   `QUIT` after the last chunk is left for the command decoder.
//! - A reader of any declared size (up to `u64::MAX`) takes exactly
//!   `min(declared, available)` octets from a split stream.
//!
//! Input layout: `[size lo][size hi][n][n piece lengths][message]`.
#![no_main]

use core::num::NonZeroUsize;
use smtp_sansio_codec::proto::IntoStatic;

use libfuzzer_sys::fuzz_target;
use smtp_codec_fuzz::roomy;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{Chunk, ChunkDecoder, ChunkWriter};
use smtp_sansio_codec::command::CommandDecoder;
use smtp_sansio_codec::proto::Command;

/// `data` cut into pieces of the given lengths, the rest last.
fn split<'a>(data: &'a [u8], lengths: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut tail = data;
    for &len in lengths {
        let (a, b) = tail.split_at(usize::from(len).min(tail.len()));
        pieces.push(a);
        tail = b;
    }
    pieces.push(tail);
    pieces
}

fuzz_target!(|data: &[u8]| {
    let [lo, hi, n, rest @ ..] = data else { return };
    let raw_size = u16::from_le_bytes([*lo, *hi]);
    let chunk_size = 1 + usize::from(raw_size % 512);
    let n = usize::from(*n % 16).min(rest.len());
    let (lengths, message) = rest.split_at(n);

    // The client side.
    let writer = ChunkWriter::new(NonZeroUsize::new(chunk_size).unwrap());
    let chunks: Vec<Chunk<'_>> = writer.chunks(message).collect();
    assert_eq!(chunks.len(), message.len().div_ceil(chunk_size).max(1));
    assert_eq!(chunks.concat_data(), message);
    for (i, chunk) in chunks.iter().enumerate() {
        let last = i + 1 == chunks.len();
        assert_eq!(chunk.last, last, "only the last chunk is LAST");
        if last {
            assert!(chunk.data.len() <= chunk_size);
            assert!(!chunk.data.is_empty() || message.is_empty());
        } else {
            assert_eq!(chunk.data.len(), chunk_size);
        }
    }
    let mut wire = Vec::new();
    writer.write_message(message, &mut wire);
    let mut expected = Vec::new();
    chunks.iter().for_each(|c| c.write_to(&mut expected));
    assert_eq!(wire, expected);
    wire.extend_from_slice(b"QUIT\r\n");

    // The server side, in pieces.
    let mut decoder = CommandDecoder::new(roomy());
    let mut buffer = Vec::new();
    let mut reader: Option<(ChunkDecoder, Vec<u8>)> = None;
    let mut got: Vec<(Vec<u8>, bool)> = Vec::new();
    let mut pending_last = false;
    let mut quit = false;
    for piece in split(&wire, lengths) {
        buffer.extend_from_slice(piece);
        loop {
            if let Some((r, collected)) = &mut reader {
                let before = r.remaining();
                let slice = smtp_codec_fuzz::chunk_octets(r, &buffer);
                assert!(slice.len() as u64 <= before);
                assert_eq!(r.remaining(), before - slice.len() as u64);
                assert!(r.is_done() || slice.len() == buffer.len());
                collected.extend_from_slice(slice);
                let used = slice.len();
                buffer.drain(..used);
                if !r.is_done() {
                    break;
                }
                let (_, collected) = reader.take().unwrap();
                got.push((collected, pending_last));
                continue;
            }
            match decoder.decode(&buffer) {
                Ok(Decoded::Complete { value, consumed }) => {
                    let value = value.into_static();
                    buffer.drain(..consumed);
                    match value {
                        Command::Bdat { size, last } => {
                            assert!(!quit);
                            pending_last = last;
                            reader = Some((ChunkDecoder::new(size), Vec::new()));
                        }
                        Command::Quit => quit = true,
                        other => panic!("unexpected {other:?}"),
                    }
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    buffer.drain(..consumed);
                    break;
                }
                Err(e) => panic!("{e:?}"),
            }
        }
    }
    assert!(quit && buffer.is_empty() && reader.is_none());
    let expected: Vec<(Vec<u8>, bool)> = chunks.iter().map(|c| (c.data.to_vec(), c.last)).collect();
    assert_eq!(got, expected);

    // Any declared size against a split stream.
    for declared in [u64::from(raw_size), message.len() as u64, u64::MAX] {
        let mut r = ChunkDecoder::new(declared);
        let mut taken = Vec::new();
        for piece in split(message, lengths) {
            let slice = smtp_codec_fuzz::chunk_octets(&mut r, piece);
            assert!(slice.len() == piece.len() || r.is_done());
            taken.extend_from_slice(slice);
        }
        let want = usize::try_from(declared).map_or(message.len(), |d| d.min(message.len()));
        assert_eq!(taken, &message[..want]);
        assert_eq!(r.remaining(), declared - want as u64);
    }
});

trait ConcatData {
    fn concat_data(&self) -> Vec<u8>;
}

impl ConcatData for Vec<Chunk<'_>> {
    fn concat_data(&self) -> Vec<u8> {
        self.iter().flat_map(|c| c.data.iter().copied()).collect()
    }
}
