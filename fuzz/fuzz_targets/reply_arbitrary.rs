//! An arbitrary valid `Reply` and `EhloReply` (smtp-sansio-proto's `arbitrary`
//! feature builds only valid values) → encode → decode gives the value back.
//!
//! - `encode_reply` writes exactly the protocol model's canonical form (the
//!   text fits a 512-octet line) and decodes whole to the same `Reply`, with
//!   enhanced status codes recognised exactly when the reply carries one
//!   (RFC 2034: a client turns them on once ENHANCEDSTATUSCODES was
//!   advertised; with them off, the code stays text); a strict prefix is
//!   `Incomplete`.
//! - With a fuzzer-chosen line limit the encoder may split long text into
//!   more lines: every line fits the limit, carries the reply's code and
//!   enhanced code, and the words come back in order (a split drops the
//!   space it happens at, and a word longer than a line is cut hard, so the
//!   comparison ignores spaces); when nothing had to be split, the value
//!   comes back exactly.
//! - `encode_ehlo` writes the canonical form and decodes to the same
//!   `EhloReply`; the borrowed `EhloView` yields the same capabilities.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::proto::{EhloReply, Reply};
use smtp_sansio_codec::reply::{
    ReplyDecoder, ReplyEncoder, ReplyOptions, encode_ehlo, encode_reply,
};

#[derive(Arbitrary, Debug)]
struct Input {
    reply: Reply<'static>,
    ehlo: EhloReply<'static>,
    max_line: u16,
    cut: u16,
}

fn without_spaces<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    texts
        .flat_map(|t| t.chars())
        .filter(|&c| c != ' ')
        .collect()
}

fuzz_target!(|input: Input| {
    let Input {
        reply,
        ehlo,
        max_line,
        cut,
    } = input;
    let options = ReplyOptions::default().with_enhanced_status_codes(reply.enhanced().is_some());

    // Canonical form, default limit.
    let mut wire = Vec::new();
    encode_reply(&reply, &mut wire);
    assert_eq!(String::from_utf8_lossy(&wire), reply.to_string());
    let mut decoder = ReplyDecoder::new(options);
    let Ok(Decoded::Complete {
        value: view,
        consumed,
    }) = decoder.decode(&wire)
    else {
        panic!("does not decode: {:?}", String::from_utf8_lossy(&wire));
    };
    assert_eq!(consumed, wire.len());
    assert_eq!(view.to_reply(), reply);
    assert_eq!(view.code(), reply.code());
    assert_eq!(view.enhanced(), reply.enhanced());
    let prefix = usize::from(cut) % wire.len();
    assert_eq!(
        decoder.decode(&wire[..prefix]),
        Ok(Decoded::Incomplete { consumed: 0 })
    );

    // A chosen line limit: long text is split over more lines.
    let encoder = ReplyEncoder::with_max_line(usize::from(max_line) % 600);
    let limit = encoder.max_line();
    let mut split = Vec::new();
    encoder.encode(&reply, &mut split);
    assert!(
        split
            .split_inclusive(|&b| b == b'\n')
            .all(|l| l.len() <= limit && l.ends_with(b"\r\n"))
    );
    let mut decoder = ReplyDecoder::new(options.with_max_line(limit).with_max_lines(usize::MAX));
    let Ok(Decoded::Complete {
        value: view,
        consumed,
    }) = decoder.decode(&split)
    else {
        panic!(
            "split form does not decode: {:?}",
            String::from_utf8_lossy(&split)
        );
    };
    assert_eq!(consumed, split.len());
    assert_eq!(view.code(), reply.code());
    assert!(view.line_count() >= reply.line_count());
    assert!(view.lines().all(|l| l.enhanced() == reply.enhanced()));
    assert_eq!(
        without_spaces(view.lines().map(|l| l.text())),
        without_spaces(reply.lines().map(|t| t.as_str()))
    );
    if split == wire {
        assert_eq!(view.to_reply(), reply);
    }
    if limit >= 512 {
        assert_eq!(
            split, wire,
            "a line of arbitrary text always fits 512 octets"
        );
    }

    // EHLO replies.
    let mut wire = Vec::new();
    encode_ehlo(&ehlo, &mut wire);
    assert_eq!(String::from_utf8_lossy(&wire), ehlo.to_string());
    let mut decoder = ReplyDecoder::default();
    let Ok(Decoded::Complete {
        value: view,
        consumed,
    }) = decoder.decode(&wire)
    else {
        panic!(
            "EHLO reply does not decode: {:?}",
            String::from_utf8_lossy(&wire)
        );
    };
    assert_eq!(consumed, wire.len());
    assert_eq!(view.to_ehlo().as_ref(), Ok(&ehlo));
    let borrowed = view.ehlo().expect("an EHLO reply");
    assert_eq!(borrowed.domain(), ehlo.domain());
    assert_eq!(borrowed.greeting().as_ref(), ehlo.greeting());
    assert!(
        borrowed
            .capabilities()
            .eq(ehlo.capabilities().iter().cloned())
    );
    let prefix = usize::from(cut) % wire.len();
    assert_eq!(
        decoder.decode(&wire[..prefix]),
        Ok(Decoded::Incomplete { consumed: 0 })
    );
});
