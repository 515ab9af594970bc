//! Every encoder is total: it writes into an [`EncodeBuf`] that grows, so
//! a buffer with no room at all (a `BytesMut` of capacity 0, a `Vec` that
//! never allocated, either behind `&mut`) takes the whole output, the same
//! octets whatever the buffer, and no line limit or input makes it panic.

mod common;

use core::num::NonZeroUsize;

use arbitrary::{Arbitrary, Unstructured};
use bytes::BytesMut;
use common::{kat, run};
use proptest::prelude::*;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::EncodeBuf;
use smtp_sansio_codec::body::{
    BodyPart, Chunk, ChunkWriter, DataDecoder, DataEncodeOptions, DataEncoder, DataOptions,
    LineEndPolicy,
};
use smtp_sansio_codec::command::encode_command;
use smtp_sansio_codec::proto::{Command, EhloReply, IntoStatic, Reply};
use smtp_sansio_codec::reply::{ReplyEncoder, ReplyOptions, encode_ehlo};

/// Runs `encode` into an empty `BytesMut` (capacity 0), into `&mut` of
/// one, and into an empty `Vec`; all three must hold the same octets.
fn into_every_buffer(encode: impl Fn(&mut dyn EncodeBuf)) -> Vec<u8> {
    let mut bytes = BytesMut::with_capacity(0);
    assert_eq!(bytes.capacity(), 0);
    encode(&mut bytes);
    let mut behind = BytesMut::new();
    encode(&mut &mut behind);
    let mut vec = Vec::new();
    encode(&mut vec);
    assert_eq!(&bytes[..], &vec[..], "BytesMut and Vec differ");
    assert_eq!(&behind[..], &vec[..], "&mut BytesMut and Vec differ");
    vec
}

/// Line limits a caller may pass, the odd ones included: below the
/// minimum, at it, one past it, the RFC's, huge.
const MAX_LINES: [usize; 10] = [0, 1, 31, 32, 33, 47, 100, 512, 513, usize::MAX];

#[test]
fn every_encoder_grows_a_zero_capacity_buffer_and_never_panics() {
    let seeds = prop::collection::vec(any::<u8>(), 0..300);
    let seen = run(
        (seeds, prop::sample::select(MAX_LINES.to_vec())),
        300,
        &["command", "reply", "split reply", "ehlo"],
        20,
        |(seed, max_line)| {
            let mut labels = Vec::new();
            let mut u = Unstructured::new(&seed);
            if let Ok(command) = Command::arbitrary(&mut u) {
                let wire = into_every_buffer(|out| encode_command(&command, out));
                prop_assert!(wire.ends_with(b"\r\n"));
                prop_assert_eq!(wire, kat::command_bytes(&command));
                labels.push("command");
            }
            let mut u = Unstructured::new(&seed);
            if let Ok(reply) = Reply::arbitrary(&mut u) {
                let encoder = ReplyEncoder::with_max_line(max_line);
                let wire = into_every_buffer(|out| encoder.encode(&reply, out));
                // Every line within the limit in force, and the reply reads
                // back with the same code and enhanced code.
                for line in wire.split_inclusive(|&b| b == b'\n') {
                    prop_assert!(line.len() <= encoder.max_line(), "{line:?}");
                }
                let options = ReplyOptions::default()
                    .with_max_line(usize::MAX)
                    .with_max_lines(usize::MAX)
                    .with_max_reply_bytes(usize::MAX)
                    .with_enhanced_status_codes(reply.enhanced().is_some());
                let (back, consumed) = kat::reply_with(&wire, options).unwrap();
                prop_assert_eq!(consumed, wire.len());
                prop_assert_eq!(back.code(), reply.code());
                prop_assert_eq!(back.to_reply().enhanced(), reply.enhanced());
                labels.push("reply");
                if back.line_count() > reply.line_count() {
                    labels.push("split reply");
                }
            }
            let mut u = Unstructured::new(&seed);
            if let Ok(ehlo) = EhloReply::arbitrary(&mut u) {
                let wire = into_every_buffer(|out| encode_ehlo(&ehlo, out));
                prop_assert_eq!(wire, ehlo.to_string().into_bytes());
                labels.push("ehlo");
            }
            Ok(labels)
        },
    );
    assert!(seen["split reply"] < seen["reply"], "{seen:?}");
}

#[test]
fn the_data_encoder_grows_a_zero_capacity_buffer_under_any_line_limit() {
    let piece = prop::sample::select(vec![&b"a"[..], b".", b"\r", b"\n", b"\r\n", b"xyz", b"\0"]);
    let message = prop_oneof![
        1 => Just(Vec::new()),
        4 => prop::collection::vec(piece, 1..60),
    ];
    let limits = prop::sample::select(vec![None, Some(0), Some(1), Some(2), Some(3), Some(1000)]);
    run(
        (message, limits, 1usize..8),
        300,
        &["encoded", "refused", "empty"],
        10,
        |(pieces, max_line, cut)| {
            let message = pieces.concat();
            let options = DataEncodeOptions::default().with_max_line(max_line);
            let mut outcome = "encoded";
            let refused = std::cell::Cell::new(false);
            let wire = into_every_buffer(|out| {
                let mut encoder = DataEncoder::new(options);
                // In pieces of `cut` octets: a CR may end one and its LF
                // start the next.
                for piece in message.chunks(cut) {
                    if encoder.encode(piece, &mut *out).is_err() {
                        refused.set(true);
                        return;
                    }
                }
                encoder.finish(out);
            });
            if refused.get() {
                outcome = "refused";
            } else {
                // A finished stream decodes back to the message's octets.
                let mut decoder =
                    DataDecoder::new(DataOptions::default().with_policy(LineEndPolicy::Allow));
                let (mut body, mut at) = (Vec::new(), 0);
                loop {
                    match decoder.decode(&wire[at..]).unwrap() {
                        Decoded::Complete {
                            value: BodyPart::Octets(o),
                            consumed,
                        } => {
                            body.extend_from_slice(o);
                            at += consumed;
                        }
                        Decoded::Complete { consumed, .. } => {
                            at += consumed;
                            break;
                        }
                        Decoded::Incomplete { .. } => panic!("the stream is finished"),
                    }
                }
                prop_assert_eq!(at, wire.len());
                if body.is_empty() {
                    outcome = "empty";
                }
            }
            Ok(vec![outcome])
        },
    );
}

#[test]
fn chunks_grow_a_zero_capacity_buffer() {
    for size in [1, 2, 7, 64] {
        let writer = ChunkWriter::new(NonZeroUsize::new(size).unwrap());
        for message in [&b""[..], b"x", b"Hello\r\n", &[b'.'; 200][..]] {
            let wire = into_every_buffer(|out| writer.write_message(message, out));
            let mut by_chunk = Vec::new();
            for chunk in writer.chunks(message) {
                by_chunk.extend(into_every_buffer(|out| chunk.write_to(out)));
            }
            assert_eq!(wire, by_chunk);
            assert!(wire.starts_with(b"BDAT "));
        }
    }
    let empty = Chunk {
        data: b"",
        last: true,
    };
    assert_eq!(
        into_every_buffer(|out| empty.write_to(out)),
        b"BDAT 0 LAST\r\n"
    );
    // The owned command of a chunk encodes the same way.
    let command = empty.command().into_static();
    assert_eq!(
        into_every_buffer(|out| encode_command(&command, out)),
        b"BDAT 0 LAST\r\n"
    );
}
