//! The DATA decoder, the DATA encoder (into a buffer with room) and the BDAT
//! reader allocate nothing per call: counted with `allocation-counter`.

mod common;

use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::ChunkDecoder;
use smtp_sansio_codec::body::{BodyPart, DataDecoder, DataEncoder, DataOptions, LineEndPolicy};

/// A message with clean lines, stuffed dots, bare line ends, a NUL, and a
/// pipelined command after the terminator.
fn stream() -> Vec<u8> {
    let mut stream = Vec::new();
    for i in 0..200 {
        stream.extend_from_slice(b"Some text of a line, ");
        if i % 7 == 0 {
            stream.extend_from_slice(b"\r\n..stuffed");
        }
        if i % 11 == 0 {
            stream.extend_from_slice(b"\nbare LF\rbare CR\x00");
        }
        stream.extend_from_slice(b"\r\n");
    }
    stream.extend_from_slice(b".\r\nQUIT\r\n");
    stream
}

/// Runs one decoder over `stream` in `step`-octet reads, counting every
/// call's allocations separately; returns the body length and call count.
fn decode_counting(options: DataOptions, stream: &[u8], step: usize) -> (usize, usize) {
    let mut decoder = DataDecoder::new(options);
    let (mut at, mut body, mut calls) = (0, 0, 0);
    let mut received = 0;
    loop {
        received = (received + step).min(stream.len());
        loop {
            let mut result = None;
            let input = &stream[at..received];
            let info = allocation_counter::measure(|| {
                result = Some(decoder.decode(input));
            });
            assert_eq!(info.count_total, 0, "call {calls} allocated");
            calls += 1;
            match result.unwrap() {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    body += data.len();
                    at += consumed;
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    at += consumed;
                    break;
                }
                Ok(Decoded::Complete {
                    value: BodyPart::End,
                    ..
                })
                | Err(_) => return (body, calls),
            }
        }
    }
}

#[test]
fn decoder_calls_allocate_nothing() {
    let stream = stream();
    for policy in [
        LineEndPolicy::Reject,
        LineEndPolicy::Normalize,
        LineEndPolicy::Allow,
    ] {
        for max in [None, Some(1000)] {
            let options = DataOptions::default()
                .with_policy(policy)
                .with_max_size(max);
            for step in [1, 100, stream.len()] {
                let (body, calls) = decode_counting(options, &stream, step);
                // At least one call per read: every call was counted.
                assert!(calls >= stream.len().div_ceil(step), "{calls} calls");
                assert!(body > 0, "{policy:?} yields some body");
            }
        }
    }
}

#[test]
fn encoder_and_bdat_reader_allocate_nothing_with_room() {
    let stream = stream();
    let mut out = Vec::with_capacity(2 * stream.len());
    let mut encoder =
        DataEncoder::new(smtp_sansio_codec::body::DataEncodeOptions::default().with_max_line(None));
    let info = allocation_counter::measure(|| {
        for piece in stream.chunks(33) {
            encoder.encode(piece, &mut out).unwrap();
        }
        encoder.finish(&mut out);
    });
    assert_eq!(info.count_total, 0);
    assert!(out.len() > stream.len());

    let mut reader = ChunkDecoder::new(stream.len() as u64);
    let mut total = 0;
    let info = allocation_counter::measure(|| {
        for piece in stream.chunks(7) {
            total += common::chunk_octets(&mut reader, piece).len();
        }
    });
    assert_eq!(info.count_total, 0);
    assert_eq!(total, stream.len());
}
