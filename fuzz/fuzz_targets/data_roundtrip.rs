//! Arbitrary message octets → `DataEncoder` (no line limit) → `DataDecoder`
//! gives the canonical message back: every bare LF and bare CR becomes CRLF,
//! CRLF stays, and a final CRLF is added when the message does not end with
//! a line end. The wire form is the same whether the message is fed to the
//! encoder whole or in pieces, holds no bare CR or LF, and ends with the
//! only CRLF "." CRLF in it (so the decoder consumes all of it, under the
//! strict `Reject` policy too when the message has no NUL).
//!
//! Input layout: `[n][n piece lengths][message]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_codec_fuzz::canonical;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{
    BodyPart, DataDecoder, DataEncodeOptions, DataEncoder, DataOptions, LineEndPolicy,
};

fn encode(pieces: &[&[u8]]) -> Vec<u8> {
    let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
    let mut wire = Vec::new();
    for piece in pieces {
        encoder
            .encode(piece, &mut wire)
            .expect("no line limit, no error");
    }
    encoder.finish(&mut wire);
    wire
}

fn decode(wire: &[u8], policy: LineEndPolicy) -> Vec<u8> {
    let mut decoder = DataDecoder::new(DataOptions::default().with_policy(policy));
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        match decoder.decode(&wire[at..]) {
            Ok(Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            }) => {
                body.extend_from_slice(data);
                at += consumed;
            }
            Ok(Decoded::Complete {
                value: BodyPart::End,
                consumed,
            }) => {
                assert_eq!(
                    at + consumed,
                    wire.len(),
                    "the terminator is the last thing on the wire"
                );
                return body;
            }
            other => panic!(
                "{policy:?}: {other:?} at {at} of {:?}",
                String::from_utf8_lossy(wire)
            ),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [n, rest @ ..] = data else { return };
    let n = usize::from(*n % 16).min(rest.len());
    let (lengths, message) = rest.split_at(n);
    let mut pieces = Vec::new();
    let mut tail = message;
    for &len in lengths {
        let (a, b) = tail.split_at(usize::from(len).min(tail.len()));
        pieces.push(a);
        tail = b;
    }
    pieces.push(tail);

    let wire = encode(&[message]);
    assert_eq!(encode(&pieces), wire, "the split does not matter");
    assert!(wire.ends_with(b".\r\n"));
    assert!(wire.len() == 3 || wire[..wire.len() - 3].ends_with(b"\r\n"));
    // Every CR is followed by LF and every LF preceded by CR.
    for (i, &b) in wire.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(wire.get(i + 1), Some(&b'\n'), "bare CR at {i}"),
            b'\n' => assert!(i > 0 && wire[i - 1] == b'\r', "bare LF at {i}"),
            _ => {}
        }
    }
    let expected = canonical(message);
    assert_eq!(decode(&wire, LineEndPolicy::Allow), expected);
    assert_eq!(decode(&wire, LineEndPolicy::Normalize), expected);
    if !message.contains(&0) {
        assert_eq!(decode(&wire, LineEndPolicy::Reject), expected);
    }
});
