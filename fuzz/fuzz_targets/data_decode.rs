//! Input plus split points → the DATA decoder's output equals a slow,
//! byte-at-a-time reference decoder's, for each line-end policy (`Reject`,
//! `Normalize`, `Allow`): the same body, the end of data at the same offset
//! (only ever right after CRLF "." CRLF, the CRLF of `DATA` counting at the
//! start), the same refusal at the same offset. Fed in pieces (consumed
//! octets dropped between calls), the output is the same as fed whole.
//!
//! With a size limit the decoder checks whole pieces, so how much body it
//! yields before refusing depends on the split; then the outcome must still
//! match and the body must be a prefix of the reference body within the
//! limit.
//!
//! Input layout: `[size][n][n piece lengths][stream]`; `size` 0 is no
//! limit, else a limit of `(size - 1) * 8` octets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{BodyPart, DataDecoder, DataErrorKind, DataOptions, LineEndPolicy};
use smtp_sansio_codec::frame::FrameErrorKind;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// No terminator yet.
    Open,
    /// Accepted; the terminator's LF ends at this stream offset.
    End(u64),
    /// Refused once the terminator (ending at the second offset) was read.
    Refused(DataErrorKind, Option<u64>, u64),
}

/// The reference: one octet at a time, straight from RFC 5321 §4.5.2 and
/// the policy's definition. Returns the body yielded and the outcome; the
/// refusal offset is that of the first offending octet.
fn reference(s: &[u8], policy: LineEndPolicy) -> (Vec<u8>, Outcome) {
    let mut body = Vec::new();
    let mut refusal: Option<(DataErrorKind, u64)> = None;
    let mut i = 0;
    let mut line_start = true;
    loop {
        let Some(&b) = s.get(i) else {
            return (body, Outcome::Open);
        };
        if line_start && b == b'.' {
            match (s.get(i + 1), s.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    let end = (i + 3) as u64;
                    return match refusal {
                        None => (body, Outcome::End(end)),
                        Some((kind, at)) => (body, Outcome::Refused(kind, Some(at), end)),
                    };
                }
                // Undecided until more arrives.
                (None, _) | (Some(b'\r'), None) => return (body, Outcome::Open),
                // A leading dot is dropped, whatever follows.
                _ => {
                    i += 1;
                    line_start = false;
                    continue;
                }
            }
        }
        line_start = false;
        let bare = match b {
            b'\r' => match s.get(i + 1) {
                None => return (body, Outcome::Open),
                Some(b'\n') => {
                    if refusal.is_none() {
                        body.extend_from_slice(b"\r\n");
                    }
                    i += 2;
                    line_start = true;
                    continue;
                }
                Some(_) => Some(DataErrorKind::Frame(FrameErrorKind::BareCr)),
            },
            b'\n' => Some(DataErrorKind::Frame(FrameErrorKind::BareLf)),
            0 if policy == LineEndPolicy::Reject => Some(DataErrorKind::Frame(FrameErrorKind::Nul)),
            _ => None,
        };
        if refusal.is_none() {
            match (bare, policy) {
                (None, _) | (Some(_), LineEndPolicy::Allow) => body.push(b),
                (Some(_), LineEndPolicy::Normalize) => body.extend_from_slice(b"\r\n"),
                (Some(kind), _) => refusal = Some((kind, i as u64)),
            }
        }
        i += 1;
    }
}

/// The decoder fed `pieces` in order, dropping what it consumed.
fn run(pieces: &[&[u8]], options: DataOptions) -> (Vec<u8>, Outcome) {
    let mut decoder = DataDecoder::new(options);
    let mut buffer = Vec::new();
    let mut body = Vec::new();
    let mut used = 0u64;
    let mut idle = false;
    for piece in pieces {
        buffer.extend_from_slice(piece);
        loop {
            match decoder.decode(&buffer) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    assert!(!data.is_empty());
                    assert!(consumed <= buffer.len());
                    // A line end decided in this call for a CR consumed in
                    // an earlier one comes with `consumed` 0; never twice.
                    assert!(consumed > 0 || !idle, "no progress");
                    idle = consumed == 0;
                    body.extend_from_slice(data);
                    buffer.drain(..consumed);
                    used += consumed as u64;
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    assert_eq!(consumed, buffer.len(), "Incomplete uses all the input");
                    buffer.clear();
                    used += consumed as u64;
                    idle = false;
                    break;
                }
                Ok(Decoded::Complete {
                    value: BodyPart::End,
                    consumed,
                }) => {
                    assert!(consumed <= buffer.len());
                    used += consumed as u64;
                    assert!(decoder.is_done());
                    assert_eq!(decoder.position(), used);
                    assert_eq!(decoder.size(), body.len() as u64);
                    let after = decoder.decode(b"x").unwrap_err();
                    assert_eq!(
                        (after.kind(), after.consumed()),
                        (DataErrorKind::AfterEnd, 0)
                    );
                    return (body, Outcome::End(used));
                }
                Err(e) => {
                    assert!(e.consumed() <= buffer.len());
                    assert!(!matches!(e.kind(), DataErrorKind::AfterEnd));
                    used += e.consumed() as u64;
                    assert!(decoder.is_done());
                    assert_eq!(decoder.size(), body.len() as u64);
                    let offset = match e.kind() {
                        // In body octets: the limit, which the body reached.
                        DataErrorKind::TooBig { limit } => {
                            assert_eq!((e.offset(), decoder.size()), (limit, limit));
                            None
                        }
                        _ => {
                            assert!(e.offset() < used);
                            Some(e.offset())
                        }
                    };
                    return (body, Outcome::Refused(e.kind(), offset, used));
                }
            }
        }
    }
    assert_eq!(decoder.position(), used);
    (body, Outcome::Open)
}

fuzz_target!(|data: &[u8]| {
    let [size, n, rest @ ..] = data else { return };
    let n = usize::from(*n % 16).min(rest.len());
    let (lengths, stream) = rest.split_at(n);
    let max_size = (*size != 0).then(|| u64::from(*size - 1) * 8);
    let mut pieces = Vec::new();
    let mut tail = stream;
    for &len in lengths {
        let (a, b) = tail.split_at(usize::from(len).min(tail.len()));
        pieces.push(a);
        tail = b;
    }
    pieces.push(tail);

    for policy in [
        LineEndPolicy::Reject,
        LineEndPolicy::Normalize,
        LineEndPolicy::Allow,
    ] {
        let (expected_body, expected) = reference(stream, policy);
        if let Outcome::End(end) | Outcome::Refused(_, _, end) = expected {
            let end = end as usize;
            assert_eq!(&stream[end - 3..end], b".\r\n");
            assert!(end == 3 || &stream[end - 5..end - 3] == b"\r\n");
        }
        let options = DataOptions::default().with_policy(policy);
        let whole = run(&[stream], options);
        assert_eq!(
            whole,
            (expected_body.clone(), expected.clone()),
            "{policy:?} whole"
        );
        assert_eq!(run(&pieces, options), whole, "{policy:?} in pieces");

        let Some(limit) = max_size else { continue };
        // The outcome with a limit: too big when more body than the limit
        // came before the first refusal (or the end).
        let expected = match expected {
            Outcome::Open => Outcome::Open,
            _ if expected_body.len() as u64 > limit => {
                let end = match expected {
                    Outcome::End(end) | Outcome::Refused(_, _, end) => end,
                    Outcome::Open => unreachable!(),
                };
                Outcome::Refused(DataErrorKind::TooBig { limit }, None, end)
            }
            other => other,
        };
        let options = options.with_max_size(Some(limit));
        for input in [&[stream][..], &pieces[..]] {
            let (body, outcome) = run(input, options);
            assert!(
                expected_body.starts_with(&body),
                "{policy:?} limited body is a prefix"
            );
            assert!(body.len() as u64 <= limit);
            if expected == Outcome::Open {
                // A refusal may be decided early but is reported only at the end.
                assert_eq!(outcome, Outcome::Open);
            } else {
                assert_eq!(outcome, expected, "{policy:?} limited");
                if matches!(outcome, Outcome::Refused(DataErrorKind::TooBig { .. }, ..)) {
                    // Cut at exactly the limit, however the input was split.
                    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                    assert_eq!(body, expected_body[..limit], "{policy:?} cut at the limit");
                } else {
                    assert_eq!(body, expected_body);
                }
            }
        }
    }
});
