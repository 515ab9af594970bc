//! Behaviour of the DATA decoder and encoder and the BDAT chunker, through
//! the public API: known answers, the smuggling table, limits, sync.

mod common;

use common::SMUGGLING;

use core::num::NonZeroUsize;

use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{
    BodyPart, DataDecoder, DataEncodeErrorKind, DataEncodeOptions, DataEncoder, DataError,
    DataErrorKind, DataOptions, LineEndPolicy,
};
use smtp_sansio_codec::body::{Chunk, ChunkDecoder, ChunkWriter};
use smtp_sansio_codec::frame::FrameErrorKind;

const POLICIES: [LineEndPolicy; 3] = [
    LineEndPolicy::Reject,
    LineEndPolicy::Normalize,
    LineEndPolicy::Allow,
];

/// What decoding a stream gave: the body, and either the input used
/// through the terminator with what remained, or the error.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    body: Vec<u8>,
    end: Option<Result<usize, DataError>>,
    /// Input used in all, through the terminator when there is one.
    used: usize,
}

/// Feeds `stream` in pieces of `step` octets, keeping unused input the way
/// a server's read buffer does, until the end or the stream runs out.
fn decode(options: DataOptions, stream: &[u8], step: usize) -> Outcome {
    let mut decoder = DataDecoder::new(options);
    let mut body = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut used_total = 0;
    loop {
        if buffer.is_empty() {
            if fed == stream.len() {
                return Outcome {
                    body,
                    end: None,
                    used: used_total,
                };
            }
            let next = (fed + step).min(stream.len());
            buffer.extend_from_slice(&stream[fed..next]);
            fed = next;
        }
        match decoder.decode(&buffer) {
            Ok(Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            }) => {
                body.extend_from_slice(data);
                buffer.drain(..consumed);
                used_total += consumed;
            }
            Ok(Decoded::Incomplete { consumed }) => {
                assert_eq!(consumed, buffer.len());
                buffer.clear();
                used_total += consumed;
            }
            Ok(Decoded::Complete {
                value: BodyPart::End,
                consumed,
            }) => {
                assert!(consumed <= buffer.len());
                return Outcome {
                    body,
                    end: Some(Ok(used_total + consumed)),
                    used: used_total + consumed,
                };
            }
            Err(e) => {
                assert!(e.consumed() <= buffer.len());
                let used = used_total + e.consumed();
                assert_eq!(decoder.position(), used as u64);
                return Outcome {
                    body,
                    end: Some(Err(e)),
                    used,
                };
            }
        }
    }
}

fn with_policy(policy: LineEndPolicy) -> DataOptions {
    DataOptions::default().with_policy(policy)
}

fn encode(message: &[u8]) -> Vec<u8> {
    let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
    let mut out = Vec::new();
    encoder.encode(message, &mut out).unwrap();
    encoder.finish(&mut out);
    out
}

#[test]
fn empty_message_right_after_354() {
    for policy in POLICIES {
        let got = decode(with_policy(policy), b".\r\nQUIT\r\n", 64);
        assert_eq!(got.body, b"");
        assert_eq!(got.end, Some(Ok(3)));
    }
}

#[test]
fn stuffed_dots_are_removed_on_the_first_and_later_lines() {
    let got = decode(
        DataOptions::default(),
        b"..\r\n..x\r\na.b\r\n...\r\n.\r\n",
        64,
    );
    assert_eq!(got.body, b".\r\n.x\r\na.b\r\n..\r\n");
    assert!(matches!(got.end, Some(Ok(_))));
}

#[test]
fn body_ends_with_the_final_crlf_and_remaining_is_the_next_command() {
    let stream = b"Subject: t\r\n\r\nHello\r\n.\r\nMAIL FROM:<a@b.c>\r\n";
    let mut decoder = DataDecoder::default();
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        match decoder.decode(&stream[at..]).unwrap() {
            Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            } => {
                body.extend_from_slice(data);
                at += consumed;
            }
            Decoded::Incomplete { .. } => panic!("the whole stream was given"),
            Decoded::Complete {
                value: BodyPart::End,
                consumed,
            } => {
                at += consumed;
                break;
            }
        }
    }
    assert_eq!(body, b"Subject: t\r\n\r\nHello\r\n");
    assert_eq!(&stream[at..], b"MAIL FROM:<a@b.c>\r\n");
    assert_eq!(decoder.size(), body.len() as u64);
    assert_eq!(decoder.position(), at as u64);
}

#[test]
fn body_slices_borrow_the_input_and_span_whole_lines() {
    let stream = b"line one\r\nline two\r\n..three\r\n.\r\n";
    let mut decoder = DataDecoder::default();
    let Ok(Decoded::Complete {
        value: BodyPart::Octets(data),
        consumed,
    }) = decoder.decode(stream)
    else {
        panic!("expected body");
    };
    // Both clean lines in one slice, pointing into the input.
    assert_eq!(data, b"line one\r\nline two\r\n");
    assert_eq!(data.as_ptr(), stream.as_ptr());
    // The stuffing dot is used up with them.
    assert_eq!(consumed, 21);
    let Ok(Decoded::Complete {
        value: BodyPart::Octets(data),
        ..
    }) = decoder.decode(&stream[consumed..])
    else {
        panic!("expected body");
    };
    assert_eq!(data, b".three\r\n");
    assert_eq!(data.as_ptr(), stream[consumed..].as_ptr());
}

#[test]
fn refuses_input_after_the_end_until_reset() {
    let mut decoder = DataDecoder::default();
    assert_eq!(
        decoder.decode(b".\r\nNOOP\r\n"),
        Ok(Decoded::Complete {
            value: BodyPart::End,
            consumed: 3,
        })
    );
    assert!(decoder.is_done());
    let err = decoder.decode(b"x\r\n.\r\n").unwrap_err();
    assert_eq!(err.kind(), DataErrorKind::AfterEnd);
    assert_eq!(err.consumed(), 0);
    assert_eq!(err.reply().code().get(), 451);
    decoder.reset();
    assert!(!decoder.is_done());
    assert_eq!(
        decoder.decode(b"x\r\n.\r\n"),
        // The dot of the terminator's line is used up with the body.
        Ok(Decoded::Complete {
            value: BodyPart::Octets(b"x\r\n"),
            consumed: 4
        })
    );
}

fn smuggling_stream(attempt: &[u8]) -> Vec<u8> {
    let mut stream = b"Subject: a".to_vec();
    stream.extend_from_slice(attempt);
    stream.extend_from_slice(b"MAIL FROM:<evil@x.y>\r\n");
    stream.extend_from_slice(b"\r\n.\r\n");
    stream
}

#[test]
fn smuggling_never_ends_the_message() {
    for attempt in SMUGGLING {
        let stream = smuggling_stream(attempt);
        for policy in POLICIES {
            for step in [1, 2, 3, 7, stream.len()] {
                let got = decode(with_policy(policy), &stream, step);
                let context = format!("{attempt:?} {policy:?} step {step}");
                match policy {
                    LineEndPolicy::Reject => {
                        let err = got.end.expect(&context).unwrap_err();
                        assert!(
                            matches!(
                                err.kind(),
                                DataErrorKind::Frame(
                                    FrameErrorKind::BareLf
                                        | FrameErrorKind::BareCr
                                        | FrameErrorKind::Nul
                                )
                            ),
                            "{context}"
                        );
                        assert_eq!(got.used, stream.len(), "{context}");
                        assert_eq!(err.reply().code().get(), 550, "{context}");
                        // Nothing after the offending octet was yielded.
                        assert!(!got.body.windows(4).any(|w| w == b"MAIL"), "{context}");
                    }
                    LineEndPolicy::Normalize | LineEndPolicy::Allow => {
                        let used = got.end.expect(&context).expect(&context);
                        assert_eq!(used, stream.len(), "{context}");
                        assert!(got.body.windows(4).any(|w| w == b"MAIL"), "{context}");
                    }
                    _ => unreachable!(),
                }
                if policy == LineEndPolicy::Normalize {
                    assert_crlf_only(&got.body, &context);
                }
            }
        }
    }
}

fn assert_crlf_only(body: &[u8], context: &str) {
    for (i, &b) in body.iter().enumerate() {
        if b == b'\r' {
            assert_eq!(body.get(i + 1), Some(&b'\n'), "{context}: CR at {i}");
        }
        if b == b'\n' {
            assert!(i > 0 && body[i - 1] == b'\r', "{context}: LF at {i}");
        }
    }
}

#[test]
fn normalize_turns_bare_line_ends_into_crlf_and_keeps_nul() {
    let got = decode(
        with_policy(LineEndPolicy::Normalize),
        b"a\nb\rc\r\r\nd\x00\n\r\n.\r\n",
        64,
    );
    assert_eq!(got.body, b"a\r\nb\r\nc\r\n\r\nd\x00\r\n\r\n");
    assert!(matches!(got.end, Some(Ok(_))));
}

#[test]
fn allow_passes_bytes_through() {
    let got = decode(
        with_policy(LineEndPolicy::Allow),
        b"a\nb\rc\x00\r\n.\r\n",
        64,
    );
    assert_eq!(got.body, b"a\nb\rc\x00\r\n");
    assert!(matches!(got.end, Some(Ok(_))));
}

#[test]
fn reject_reports_the_first_violation_and_its_offset() {
    for (stream, kind, offset, body) in [
        (
            &b"ab\ncd\r\n.\r\n"[..],
            DataErrorKind::Frame(FrameErrorKind::BareLf),
            2,
            &b"ab"[..],
        ),
        (
            b"ab\rcd\r\n.\r\n",
            DataErrorKind::Frame(FrameErrorKind::BareCr),
            2,
            b"ab",
        ),
        (
            b"ok\r\nab\x00\r\n.\r\n",
            DataErrorKind::Frame(FrameErrorKind::Nul),
            6,
            b"ok\r\nab",
        ),
        (
            b".\rx\r\n.\r\n",
            DataErrorKind::Frame(FrameErrorKind::BareCr),
            1,
            b"",
        ),
    ] {
        for step in [1, 2, stream.len()] {
            let got = decode(DataOptions::default(), stream, step);
            let err = got.end.unwrap().unwrap_err();
            assert_eq!((err.kind(), err.offset()), (kind, offset), "{stream:?}");
            assert_eq!(got.body, body, "{stream:?} step {step}");
        }
    }
}

#[test]
fn size_limit_reads_to_the_end_and_reports_552() {
    let options = DataOptions::default().with_max_size(Some(10));
    let stream = b"0123456789\r\n..more\r\n.\r\nQUIT\r\n";
    for step in [1, 5, stream.len()] {
        let got = decode(options, stream, step);
        let err = got.end.unwrap().unwrap_err();
        assert_eq!(err.kind(), DataErrorKind::TooBig { limit: 10 });
        assert_eq!(
            err.reply().to_string(),
            "552 5.3.4 Message too big for system\r\n"
        );
        assert!(got.body.len() <= 10);
        // In sync: exactly the command after the terminator is left.
        assert_eq!(&stream[got.used..], b"QUIT\r\n");
    }
    // A body of exactly the limit is fine.
    let got = decode(options, b"01234567\r\n.\r\n", 3);
    assert_eq!(got.body, b"01234567\r\n");
    assert_eq!(got.end, Some(Ok(13)));
}

#[test]
fn strict_prefixes_never_end() {
    let stream = b"a\r\n..b\r\n\r\n.\r\n";
    for cut in 0..stream.len() {
        let got = decode(DataOptions::default(), &stream[..cut], 1);
        assert_eq!(got.end, None, "prefix of {cut}");
    }
}

#[test]
fn a_mebibyte_of_dot_lines_round_trips() {
    let message = b".\r\n".repeat(1 << 18);
    let wire = encode(&message);
    assert_eq!(&wire[..8], b"..\r\n..\r\n");
    for step in [8 * 1024, 65536, 1 << 20] {
        let got = decode(DataOptions::default(), &wire, step);
        assert_eq!(got.body, message);
        assert_eq!(got.end, Some(Ok(wire.len())));
    }
}

#[test]
fn encoder_canonicalises_stuffs_and_terminates() {
    for (message, wire) in [
        (&b""[..], &b".\r\n"[..]),
        (b"a", b"a\r\n.\r\n"),
        (b"a\r\n", b"a\r\n.\r\n"),
        (b"a\n", b"a\r\n.\r\n"),
        (b"a\r", b"a\r\n.\r\n"),
        (b".", b"..\r\n.\r\n"),
        (b"\n.\n", b"\r\n..\r\n.\r\n"),
        (b"a\rb\r\r\n.c", b"a\r\nb\r\n\r\n..c\r\n.\r\n"),
        (b"x.\r\n.y", b"x.\r\n..y\r\n.\r\n"),
    ] {
        assert_eq!(encode(message), wire, "{message:?}");
        // Fed one octet at a time, the same.
        let mut encoder = DataEncoder::new(DataEncodeOptions::default());
        let mut out = Vec::new();
        for byte in message.chunks(1) {
            encoder.encode(byte, &mut out).unwrap();
            encoder.encode(b"", &mut out).unwrap();
        }
        encoder.finish(&mut out);
        assert_eq!(out, wire, "{message:?} bytewise");
    }
}

#[test]
fn encoder_is_ready_for_the_next_message_after_finish() {
    let mut encoder = DataEncoder::default();
    let mut out = Vec::new();
    encoder.encode(b"one", &mut out).unwrap();
    encoder.finish(&mut out);
    encoder.encode(b".two", &mut out).unwrap();
    encoder.finish(&mut out);
    assert_eq!(out, b"one\r\n.\r\n..two\r\n.\r\n");
}

#[test]
fn encoder_refuses_lines_over_1000_octets() {
    let mut ok = vec![b'a'; 998];
    ok.extend_from_slice(b"\r\n");
    let mut encoder = DataEncoder::default();
    let mut out = Vec::new();
    encoder.encode(&ok, &mut out).unwrap();
    // A dot line of 998 octets is fine too: the stuffing dot does not count.
    let mut dots = vec![b'.'; 998];
    dots.push(b'\n');
    encoder.encode(&dots, &mut out).unwrap();
    // 999 octets, split over calls.
    encoder.encode(&[b'b'; 500], &mut out).unwrap();
    let before = out.len();
    let err = encoder.encode(&[b'b'; 499], &mut out).unwrap_err();
    assert_eq!(err.kind(), DataEncodeErrorKind::LineTooLong { limit: 1000 });
    assert_eq!(err.offset(), (ok.len() + dots.len() + 998) as u64);
    assert_eq!(out.len(), before, "a refused call writes nothing");
    // The refused call left the encoder as it was.
    encoder.encode(&[b'b'; 498], &mut out).unwrap();
    encoder.finish(&mut out);
    assert!(out.ends_with(b"bb\r\n.\r\n"));
    // A custom limit.
    let mut small = DataEncoder::new(DataEncodeOptions::default().with_max_line(Some(5)));
    assert!(small.encode(b"abc\r\nabc\n", &mut Vec::new()).is_ok());
    assert!(small.encode(b"abcd", &mut Vec::new()).is_err());
}

#[test]
fn bdat_reader_counts_exactly() {
    let mut reader = ChunkDecoder::new(7);
    assert_eq!(common::chunk_octets(&mut reader, b""), b"");
    assert_eq!(common::chunk_octets(&mut reader, b"\r\n.\r"), b"\r\n.\r");
    assert_eq!(common::chunk_octets(&mut reader, b"\n\x00XYZ"), b"\n\x00X");
    assert!(reader.is_done());
    assert_eq!(common::chunk_octets(&mut reader, b"more"), b"");
    let mut empty = ChunkDecoder::new(0);
    assert!(empty.is_done());
    assert_eq!(common::chunk_octets(&mut empty, b"BDAT"), b"");
    let mut huge = ChunkDecoder::new(u64::MAX);
    assert_eq!(common::chunk_octets(&mut huge, b"abc"), b"abc");
    assert_eq!(huge.remaining(), u64::MAX - 3);
}

#[test]
fn bdat_writer_splits_and_marks_the_last_chunk() {
    let writer = ChunkWriter::new(NonZeroUsize::new(3).unwrap());
    let mut out = Vec::new();
    writer.write_message(b"abcdef", &mut out);
    assert_eq!(out, b"BDAT 3\r\nabcBDAT 3 LAST\r\ndef");
    out.clear();
    writer.write_message(b"", &mut out);
    assert_eq!(out, b"BDAT 0 LAST\r\n");
    let chunk = Chunk {
        data: b"\r\n.\r\n",
        last: false,
    };
    out.clear();
    chunk.write_to(&mut out);
    assert_eq!(out, b"BDAT 5\r\n\r\n.\r\n");
    assert_eq!(chunk.command().to_string(), "BDAT 5");
}
