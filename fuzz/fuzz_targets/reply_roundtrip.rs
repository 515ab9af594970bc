//! Raw bytes → `ReplyDecoder` → `to_reply` → encode → decode: the second
//! decode has the same code and the same lines (enhanced code and text of
//! each), the same owned value, and, for a reply that reads as an EHLO
//! reply, the same domain, greeting and capabilities. Consumed counts
//! account for every input octet: each reply's `consumed` is its wire
//! length, and what is left when the decoder stops is less than one
//! reply's bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::proto::Capability;
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyEncoder, ReplyOptions, ReplyView};

/// Options picked by two fuzzer bytes: leniency, enhanced codes and bounds.
fn options(bits: u8, line: u8) -> ReplyOptions {
    ReplyOptions::default()
        .with_bare_lf(bits & 1 != 0)
        .with_enhanced_status_codes(bits & 2 != 0)
        // 8..=512: never above the RFC limit `encode_reply` writes to.
        .with_max_line(if bits & 4 != 0 {
            512
        } else {
            (8 + usize::from(line) * 2).min(512)
        })
        .with_max_lines(if bits & 8 != 0 {
            128
        } else {
            1 + usize::from(bits >> 4)
        })
        .with_max_reply_bytes(if bits & 16 != 0 {
            32 * 1024
        } else {
            64 + usize::from(line) * 8
        })
}

type Lines<'a> = Vec<(Option<String>, &'a str)>;

fn lines<'a>(view: &ReplyView<'a>) -> Lines<'a> {
    view.lines()
        .map(|l| (l.enhanced().map(|e| e.to_string()), l.text()))
        .collect()
}

fn ehlo<'a>(view: &ReplyView<'a>) -> Option<(String, Option<String>, Vec<Capability<'a>>)> {
    let e = view.ehlo().ok()?;
    Some((
        e.domain().to_string(),
        e.greeting().map(|g| g.to_string()),
        e.capabilities().collect(),
    ))
}

fuzz_target!(|data: &[u8]| {
    let [bits, line, input @ ..] = data else {
        return;
    };
    let options = options(*bits, *line);
    let mut decoder = ReplyDecoder::new(options);
    // The canonical form: CRLF only, so one octet more per line at most
    // when bare LF was accepted, and still within the same line limit (a
    // lenient line counts with its CRLF); the enhanced-code option kept.
    let bare_lf = usize::from(options.bare_lf_ends_line);
    let encoder = ReplyEncoder::with_max_line(options.max_line);
    let mut again = ReplyDecoder::new(
        options
            .with_bare_lf(false)
            .with_max_line(encoder.max_line())
            .with_max_reply_bytes(usize::MAX),
    );
    let mut rest = input;
    let mut used = 0;
    loop {
        match decoder.decode(rest) {
            Ok(Decoded::Complete {
                value: reply,
                consumed,
            }) => {
                assert!(consumed > 0 && consumed <= rest.len());
                assert!(consumed <= options.max_reply_bytes);
                assert_eq!(reply.wire_len(), consumed);
                assert_eq!(reply.as_str().as_bytes(), &rest[..consumed]);
                assert!(reply.line_count() >= 1 && reply.line_count() <= options.max_lines);
                let owned = reply.to_reply();
                let mut wire = Vec::new();
                // `max_line` is at most 512, where `encode_reply` writes.
                smtp_sansio_codec::reply::encode_reply(&owned, &mut wire);
                let mut other = Vec::new();
                encoder.encode(&owned, &mut other);
                assert_eq!(wire, other, "no line needs splitting");
                assert!(wire.len() <= consumed + bare_lf * reply.line_count());
                let Ok(Decoded::Complete {
                    value: second,
                    consumed: n,
                }) = again.decode(&wire)
                else {
                    panic!(
                        "canonical form does not decode: {:?}",
                        String::from_utf8_lossy(&wire)
                    );
                };
                assert_eq!(n, wire.len());
                assert_eq!(second.code(), reply.code());
                assert_eq!(second.line_count(), reply.line_count());
                assert_eq!(lines(&second), lines(&reply));
                assert_eq!(second.to_reply(), owned);
                assert_eq!(ehlo(&second), ehlo(&reply));
                if let Ok(e) = reply.to_ehlo() {
                    assert_eq!(second.to_ehlo().ok(), Some(e));
                }
                rest = &rest[consumed..];
                used += consumed;
            }
            Ok(Decoded::Incomplete { .. }) => {
                assert!(rest.len() < options.max_reply_bytes);
                assert!(rest.len() < options.max_line * options.max_lines);
                break;
            }
            Err(e) => {
                assert!(
                    e.offset() <= rest.len().max(options.max_reply_bytes),
                    "{e:?}"
                );
                break;
            }
        }
    }
    assert_eq!(used + rest.len(), input.len());
});
