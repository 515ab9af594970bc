//! Properties of the DATA decoder and encoder and the BDAT reader: agreement
//! with an obviously-correct byte-at-a-time reference, the same answer for
//! every split of the input, and decode(encode(m)) == canonical(m).

mod common;

use proptest::prelude::*;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::ChunkDecoder;
use smtp_sansio_codec::body::{
    BodyPart, DataDecoder, DataEncodeOptions, DataEncoder, DataErrorKind, DataOptions,
    LineEndPolicy,
};
use smtp_sansio_codec::frame::FrameErrorKind;

/// What a decoder run produced: body, then where it ended and whether the
/// message was accepted (`None`: the stream ran out first).
#[derive(Debug, PartialEq, Eq, Clone)]
struct Outcome {
    body: Vec<u8>,
    end: Option<(usize, Result<(), DataErrorKind>)>,
    /// Offset of the first bare LF / bare CR / NUL refused, if any.
    offset: Option<u64>,
}

/// The reference: one octet at a time, straight from RFC 5321 §4.5.2 and
/// the end-of-data rule (CRLF "." CRLF, nothing else), with no attention to
/// speed.
fn reference(options: DataOptions, stream: &[u8]) -> Outcome {
    let policy = options.policy;
    let mut body = Vec::new();
    let mut refusal: Option<(DataErrorKind, u64)> = None;
    let mut line_start = true;
    let mut i = 0;
    let mut emit = |bytes: &[u8], refusal: &mut Option<(DataErrorKind, u64)>| {
        if refusal.is_some() {
            return;
        }
        if let Some(limit) = options.max_size {
            // The body is cut at exactly the limit.
            let room = usize::try_from(limit).unwrap_or(usize::MAX) - body.len();
            if bytes.len() > room {
                body.extend_from_slice(&bytes[..room]);
                *refusal = Some((DataErrorKind::TooBig { limit }, 0));
                return;
            }
        }
        body.extend_from_slice(bytes);
    };
    while i < stream.len() {
        let rest = &stream[i..];
        if line_start && rest.starts_with(b".\r\n") {
            let end = i + 3;
            return finish(body, Some(end), refusal);
        }
        if line_start && rest[0] == b'.' {
            // Dot-stuffing: the first dot of a line is never body.
            i += 1;
            line_start = false;
            continue;
        }
        line_start = false;
        let bare = |kind, echo: &'static [u8], refusal: &mut Option<_>| match policy {
            LineEndPolicy::Reject => {
                if refusal.is_none() {
                    *refusal = Some((kind, i as u64));
                }
                &[][..]
            }
            LineEndPolicy::Normalize => &b"\r\n"[..],
            _ => echo,
        };
        match rest {
            [b'\r', b'\n', ..] => {
                emit(b"\r\n", &mut refusal);
                i += 2;
                line_start = true;
            }
            // A CR at the very end: what it is depends on the next octet.
            [b'\r'] => break,
            [b'\r', ..] => {
                let out = bare(
                    DataErrorKind::Frame(FrameErrorKind::BareCr),
                    b"\r",
                    &mut refusal,
                );
                emit(out, &mut refusal);
                i += 1;
            }
            [b'\n', ..] => {
                let out = bare(
                    DataErrorKind::Frame(FrameErrorKind::BareLf),
                    b"\n",
                    &mut refusal,
                );
                emit(out, &mut refusal);
                i += 1;
            }
            [0, ..] if policy == LineEndPolicy::Reject => {
                let out = bare(
                    DataErrorKind::Frame(FrameErrorKind::Nul),
                    b"\0",
                    &mut refusal,
                );
                emit(out, &mut refusal);
                i += 1;
            }
            [b, ..] => {
                emit(&[*b], &mut refusal);
                i += 1;
            }
            [] => unreachable!(),
        }
    }
    finish(body, None, refusal)
}

fn finish(body: Vec<u8>, end: Option<usize>, refusal: Option<(DataErrorKind, u64)>) -> Outcome {
    let offset = match refusal {
        Some((DataErrorKind::TooBig { .. }, _)) | None => None,
        Some((_, offset)) => Some(offset),
    };
    Outcome {
        body,
        end: end.map(|end| (end, refusal.map_or(Ok(()), |(kind, _)| Err(kind)))),
        offset,
    }
}

/// The decoder fed the stream in pieces of the given sizes (cycled), the
/// caller dropping used input from its buffer between calls.
fn decode_dropping(options: DataOptions, stream: &[u8], sizes: &[usize]) -> Outcome {
    let mut decoder = DataDecoder::new(options);
    let mut body = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut used = 0;
    let mut sizes = sizes.iter().cycle();
    loop {
        if fed < stream.len() {
            let next = (fed + sizes.next().copied().unwrap_or(1).max(1)).min(stream.len());
            buffer.extend_from_slice(&stream[fed..next]);
            fed = next;
        } else if buffer.is_empty() {
            return Outcome {
                body,
                end: None,
                offset: None,
            };
        }
        // Several calls on what is buffered, as a server loop would.
        loop {
            match decoder.decode(&buffer) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    assert!(!data.is_empty());
                    body.extend_from_slice(data);
                    buffer.drain(..consumed);
                    used += consumed;
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    assert_eq!(consumed, buffer.len());
                    used += consumed;
                    buffer.clear();
                    break;
                }
                Ok(Decoded::Complete {
                    value: BodyPart::End,
                    consumed,
                }) => {
                    assert!(consumed <= buffer.len());
                    return Outcome {
                        body,
                        end: Some((used + consumed, Ok(()))),
                        offset: None,
                    };
                }
                Err(e) => {
                    assert!(e.consumed() <= buffer.len());
                    let offset = match e.kind() {
                        DataErrorKind::TooBig { .. } => None,
                        _ => Some(e.offset()),
                    };
                    return Outcome {
                        body,
                        end: Some((used + e.consumed(), Err(e.kind()))),
                        offset,
                    };
                }
            }
            if buffer.is_empty() {
                break;
            }
        }
    }
}

/// The decoder given the whole received stream each time, from where it
/// stopped (the caller keeps its buffer and moves an offset instead).
fn decode_offsets(options: DataOptions, stream: &[u8], sizes: &[usize]) -> Outcome {
    let mut decoder = DataDecoder::new(options);
    let mut body = Vec::new();
    let mut received = 0;
    let mut at = 0;
    let mut sizes = sizes.iter().cycle();
    while received < stream.len() {
        received = (received + sizes.next().copied().unwrap_or(1).max(1)).min(stream.len());
        while at < received {
            match decoder.decode(&stream[at..received]) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    body.extend_from_slice(data);
                    at += consumed;
                }
                Ok(Decoded::Incomplete { consumed }) => at += consumed,
                Ok(Decoded::Complete {
                    value: BodyPart::End,
                    consumed,
                }) => {
                    return Outcome {
                        body,
                        end: Some((at + consumed, Ok(()))),
                        offset: None,
                    };
                }
                Err(e) => {
                    let offset = match e.kind() {
                        DataErrorKind::TooBig { .. } => None,
                        _ => Some(e.offset()),
                    };
                    return Outcome {
                        body,
                        end: Some((at + e.consumed(), Err(e.kind()))),
                        offset,
                    };
                }
            }
        }
    }
    Outcome {
        body,
        end: None,
        offset: None,
    }
}

/// Compares a run with the reference. Past a size limit the body is cut at
/// exactly the limit, whatever the split.
fn assert_agrees(got: &Outcome, want: &Outcome, limit: Option<u64>) {
    let too_big = matches!(want.end, Some((_, Err(DataErrorKind::TooBig { .. }))));
    if too_big {
        assert_eq!(got.end, want.end);
        assert_eq!(got.body, want.body);
        assert_eq!(Some(got.body.len() as u64), limit);
    } else if want.end.is_none() {
        // The stream ran out: the body so far is a prefix of the reference's.
        assert_eq!(got.end, None);
        assert!(want.body.starts_with(&got.body) || got.body.starts_with(&want.body));
    } else {
        assert_eq!(got, want);
    }
}

fn policy() -> impl Strategy<Value = LineEndPolicy> {
    prop_oneof![
        Just(LineEndPolicy::Reject),
        Just(LineEndPolicy::Normalize),
        Just(LineEndPolicy::Allow),
    ]
}

/// Streams rich in the octets that matter, each ending in a real terminator
/// and maybe a pipelined command.
fn stream() -> impl Strategy<Value = Vec<u8>> {
    let octet = prop_oneof![
        4 => Just(b'\r'),
        4 => Just(b'\n'),
        4 => Just(b'.'),
        1 => Just(0u8),
        6 => Just(b'a'),
        1 => any::<u8>(),
    ];
    let piece = prop_oneof![
        prop::collection::vec(octet, 0..4),
        Just(b"\r\n".to_vec()),
        Just(b"\r\n.".to_vec()),
        Just(b"\r\n.\r".to_vec()),
        Just(b"\r\n..\r\n".to_vec()),
        // Long clean lines, so bulk checks of whole blocks (128 octets)
        // take part, with events on both sides of their edges.
        (1usize..300).prop_map(|n| {
            let mut line = vec![b'x'; n];
            line.extend_from_slice(b"\r\n");
            line
        }),
    ];
    (prop::collection::vec(piece, 0..40), any::<bool>()).prop_map(|(pieces, tail)| {
        let mut stream = pieces.concat();
        stream.extend_from_slice(b"\r\n.\r\n");
        if tail {
            stream.extend_from_slice(b"QUIT\r\n");
        }
        stream
    })
}

fn options() -> impl Strategy<Value = DataOptions> {
    (policy(), prop::option::of(0u64..64))
        .prop_map(|(p, max)| DataOptions::default().with_policy(p).with_max_size(max))
}

/// The message with every line end made CRLF and a final CRLF added.
fn canonical(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < message.len() {
        match message[i] {
            b'\r' if message.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
            }
            b'\r' | b'\n' => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn encode_in(message: &[u8], sizes: &[usize]) -> Vec<u8> {
    let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
    let mut out = Vec::new();
    let mut at = 0;
    let mut sizes = sizes.iter().cycle();
    while at < message.len() {
        let next = (at + sizes.next().copied().unwrap_or(1)).min(message.len());
        encoder.encode(&message[at..next], &mut out).unwrap();
        at = next;
    }
    encoder.finish(&mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn decoder_agrees_with_the_reference_for_every_split(
        options in options(),
        stream in stream(),
        sizes in prop::collection::vec(1usize..9, 1..6),
    ) {
        let want = reference(options, &stream);
        prop_assert!(want.end.is_some());
        let whole = decode_dropping(options, &stream, &[stream.len()]);
        assert_agrees(&whole, &want, options.max_size);
        assert_agrees(&decode_dropping(options, &stream, &[1]), &want, options.max_size);
        assert_agrees(&decode_dropping(options, &stream, &sizes), &want, options.max_size);
        assert_agrees(&decode_offsets(options, &stream, &sizes), &want, options.max_size);
        if options.max_size.is_none() {
            // Without a limit every split gives exactly the same outcome.
            prop_assert_eq!(&decode_dropping(options, &stream, &[1]), &whole);
            prop_assert_eq!(&decode_offsets(options, &stream, &sizes), &whole);
        }
        if options.policy == LineEndPolicy::Normalize && options.max_size.is_none() {
            prop_assert_eq!(canonical(&whole.body), whole.body);
        }
    }

    #[test]
    fn decoder_agrees_with_the_reference_on_arbitrary_bytes(
        options in options(),
        stream in prop::collection::vec(any::<u8>(), 0..256),
        sizes in prop::collection::vec(1usize..17, 1..4),
    ) {
        let want = reference(options, &stream);
        assert_agrees(&decode_dropping(options, &stream, &sizes), &want, options.max_size);
        assert_agrees(&decode_offsets(options, &stream, &[1]), &want, options.max_size);
    }

    #[test]
    fn decode_of_encode_is_the_canonical_message(
        message in prop::collection::vec(
            prop_oneof![
                Just(b'\r'), Just(b'\n'), Just(b'.'), Just(b'x'), Just(0u8), any::<u8>()
            ],
            0..200,
        ),
        sizes in prop::collection::vec(1usize..9, 1..5),
        reads in prop::collection::vec(1usize..9, 1..5),
        policy in policy(),
    ) {
        let wire = encode_in(&message, &[message.len().max(1)]);
        prop_assert_eq!(&encode_in(&message, &sizes), &wire);
        prop_assert!(wire.ends_with(b".\r\n"));
        let options = DataOptions::default().with_policy(policy);
        let got = decode_dropping(options, &wire, &reads);
        if policy == LineEndPolicy::Reject && message.contains(&0) {
            prop_assert_eq!(got.end.map(|(_, r)| r), Some(Err(DataErrorKind::Frame(FrameErrorKind::Nul))));
        } else {
            prop_assert_eq!(got.body, canonical(&message));
            prop_assert_eq!(got.end, Some((wire.len(), Ok(()))));
        }
    }

    #[test]
    fn bdat_reader_yields_exactly_size_octets(
        stream in prop::collection::vec(any::<u8>(), 0..300),
        size in 0u64..300,
        sizes in prop::collection::vec(1usize..40, 1..6),
    ) {
        let mut reader = ChunkDecoder::new(size);
        let mut chunk = Vec::new();
        let mut at = 0;
        let mut sizes = sizes.iter().cycle();
        while at < stream.len() && !reader.is_done() {
            let next = (at + sizes.next().copied().unwrap_or(1)).min(stream.len());
            prop_assert_eq!(common::chunk_octets(&mut reader, &[]), &[] as &[u8]);
            let got = common::chunk_octets(&mut reader, &stream[at..next]);
            prop_assert!(got.len() <= next - at);
            chunk.extend_from_slice(got);
            at += got.len();
        }
        let expected = usize::try_from(size).unwrap().min(stream.len());
        prop_assert_eq!(&chunk[..], &stream[..expected]);
        prop_assert_eq!(reader.remaining(), size - expected as u64);
        prop_assert_eq!(reader.is_done(), expected as u64 == size);
    }
}
