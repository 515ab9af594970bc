//! Properties of the reply codec: encode → decode is the identity, any split
//! of the input decodes the same, every strict prefix is incomplete, and no
//! input makes the decoder panic.

mod common;

use arbitrary::{Arbitrary, Unstructured};
use common::kat;
use proptest::prelude::*;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::proto::IntoStatic;
use smtp_sansio_codec::proto::{EhloReply, Reply};
use smtp_sansio_codec::reply::{
    ReplyDecoder, ReplyEncoder, ReplyOptions, encode_ehlo, encode_reply,
};

/// A valid value built by the protocol model's `Arbitrary` impls from raw bytes.
fn value<T: for<'u> Arbitrary<'u>>(raw: &[u8]) -> Option<T> {
    T::arbitrary(&mut Unstructured::new(raw)).ok()
}

fn raw() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..400)
}

fn options_for(reply: &Reply<'_>) -> ReplyOptions {
    ReplyOptions::default().with_enhanced_status_codes(reply.enhanced().is_some())
}

/// Every reply in `stream`, decoded in one go.
fn decode_all(stream: &[u8], options: ReplyOptions) -> Vec<Reply<'static>> {
    let (replies, rest) = kat::replies_in(stream, options);
    assert!(rest.is_empty(), "the stream decodes completely");
    replies
}

/// Every reply in `stream`, fed to the decoder in pieces cut at `cuts`, the
/// way a client reading a socket would: append, decode what is complete,
/// drop what was consumed.
fn decode_in_pieces(stream: &[u8], cuts: &[usize], options: ReplyOptions) -> Vec<Reply<'static>> {
    let mut decoder = ReplyDecoder::new(options);
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (stream.len() + 1)).collect();
    cuts.push(stream.len());
    cuts.sort_unstable();
    let mut buffer = Vec::new();
    let mut start = 0;
    let mut out = Vec::new();
    for cut in cuts {
        buffer.extend_from_slice(&stream[start..cut]);
        start = cut;
        while let Decoded::Complete {
            value: reply,
            consumed,
        } = decoder.decode(&buffer).expect("valid stream")
        {
            out.push(reply.to_reply().into_static());
            buffer.drain(..consumed);
        }
    }
    assert!(buffer.is_empty());
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_of_encode_is_identity_for_every_reply(raw in raw()) {
        let Some(reply) = value::<Reply<'static>>(&raw) else { return Ok(()) };
        let mut wire = Vec::new();
        encode_reply(&reply, &mut wire);
        // Lines that fit are written exactly as the protocol model's canonical form.
        prop_assert_eq!(String::from_utf8_lossy(&wire), reply.to_string());
        let Decoded::Complete { value: view, consumed } =
            ReplyDecoder::new(options_for(&reply)).decode(&wire).unwrap()
        else {
            panic!("incomplete");
        };
        prop_assert_eq!(consumed, wire.len());
        prop_assert_eq!(view.to_reply(), reply);
    }

    #[test]
    fn decode_of_encode_is_identity_for_every_ehlo_reply(raw in raw()) {
        let Some(ehlo) = value::<EhloReply<'static>>(&raw) else { return Ok(()) };
        let mut wire = Vec::new();
        encode_ehlo(&ehlo, &mut wire);
        prop_assert_eq!(String::from_utf8_lossy(&wire), ehlo.to_string());
        let Decoded::Complete { value: reply, consumed } = ReplyDecoder::default().decode(&wire).unwrap()
        else {
            panic!("incomplete");
        };
        prop_assert_eq!(consumed, wire.len());
        prop_assert_eq!(reply.to_ehlo().unwrap(), ehlo);
    }

    #[test]
    fn split_text_decodes_back_to_the_same_words(
        words in proptest::collection::vec("[a-zA-Z0-9.,;:!?]{1,40}", 1..200),
        max_line in 32usize..600,
        enhanced in any::<bool>(),
    ) {
        let text = words.join(" ");
        let t = smtp_sansio_codec::proto::Text::try_from(text.as_str()).unwrap();
        let reply = if enhanced {
            Reply::with_enhanced(
                smtp_sansio_codec::proto::ReplyCode::MAILBOX_UNAVAILABLE,
                smtp_sansio_codec::proto::EnhancedStatusCode::try_from("5.7.1").unwrap(),
                t,
            ).unwrap()
        } else {
            Reply::new(smtp_sansio_codec::proto::ReplyCode::MAILBOX_UNAVAILABLE, t)
        };
        let mut wire = Vec::new();
        ReplyEncoder::with_max_line(max_line).encode(&reply, &mut wire);
        prop_assert!(wire.split_inclusive(|&b| b == b'\n').all(|l| l.len() <= max_line));
        let options = options_for(&reply).with_max_line(max_line).with_max_lines(10_000);
        let Decoded::Complete { value: view, consumed } = ReplyDecoder::new(options).decode(&wire).unwrap()
        else {
            panic!("incomplete");
        };
        prop_assert_eq!(consumed, wire.len());
        prop_assert!(view.lines().all(|l| l.enhanced() == reply.enhanced()));
        // Words longer than a line are cut hard, so compare the words
        // without the separators the split dropped.
        let decoded: String = view.lines().map(|l| l.text()).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(decoded.split(' ').collect::<String>(), text.split(' ').collect::<String>());
        if words.iter().all(|w| w.len() + 20 < max_line) {
            prop_assert_eq!(decoded, text);
        }
    }

    #[test]
    fn every_split_of_a_reply_stream_decodes_the_same(
        raws in proptest::collection::vec(raw(), 1..6),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
        enhanced in any::<bool>(),
    ) {
        let replies: Vec<Reply<'static>> = raws
            .iter()
            .filter_map(|r| value::<Reply<'static>>(r))
            .filter(|r| enhanced || r.enhanced().is_none())
            .collect();
        let mut stream = Vec::new();
        for r in &replies {
            encode_reply(r, &mut stream);
        }
        let options = ReplyOptions::default().with_enhanced_status_codes(enhanced);
        let whole = decode_all(&stream, options);
        prop_assert_eq!(&whole, &replies);
        prop_assert_eq!(decode_in_pieces(&stream, &cuts, options), whole);
    }

    #[test]
    fn every_strict_prefix_of_a_reply_is_incomplete(raw in raw()) {
        let Some(reply) = value::<Reply<'static>>(&raw) else { return Ok(()) };
        let mut wire = Vec::new();
        encode_reply(&reply, &mut wire);
        let mut decoder = ReplyDecoder::new(options_for(&reply));
        for end in 0..wire.len() {
            prop_assert_eq!(decoder.decode(&wire[..end]), Ok(Decoded::Incomplete { consumed: 0 }));
        }
    }

    #[test]
    fn arbitrary_input_never_panics_and_what_decodes_reencodes(
        input in proptest::collection::vec(
            prop_oneof![
                Just(b'2'), Just(b'5'), Just(b'0'), Just(b' '), Just(b'-'), Just(b'\r'),
                Just(b'\n'), Just(b'.'), Just(b'a'), any::<u8>()
            ],
            0..200,
        ),
        lenient in any::<bool>(),
        enhanced in any::<bool>(),
    ) {
        let options = ReplyOptions::default()
            .with_bare_lf(lenient)
            .with_enhanced_status_codes(enhanced)
            .with_max_line(64)
            .with_max_lines(4);
        let mut decoder = ReplyDecoder::new(options);
        match decoder.decode(&input) {
            Ok(Decoded::Complete { value: reply, consumed }) => {
                prop_assert!(consumed <= input.len());
                prop_assert_eq!(reply.wire_len(), consumed);
                let owned = reply.to_reply();
                let _ = reply.ehlo().map(|e| e.capabilities().count());
                let mut wire = Vec::new();
                ReplyEncoder::with_max_line(64).encode(&owned, &mut wire);
                let Decoded::Complete { value: again, .. } = decoder.decode(&wire).unwrap() else {
                    panic!("incomplete");
                };
                prop_assert_eq!(again.to_reply(), owned);
            }
            Ok(Decoded::Incomplete { .. }) => prop_assert!(input.len() < 4 * 64),
            Err(e) => prop_assert!(e.offset() <= input.len().max(64 * 4)),
        }
    }
}

/// A fixed transcript cut at every single point decodes the same.
#[test]
fn a_transcript_split_at_every_point_decodes_the_same() {
    let stream = b"220 mx.example.com ESMTP\r\n\
250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 ENHANCEDSTATUSCODES\r\n\
250 2.1.0 Ok\r\n550 5.1.1 <x@y> unknown\r\n354 go\r\n250\r\n221 2.0.0 Bye\r\n";
    let options = ReplyOptions::default().with_enhanced_status_codes(true);
    let whole = decode_all(stream, options);
    assert_eq!(whole.len(), 7);
    for a in 0..=stream.len() {
        assert_eq!(decode_in_pieces(stream, &[a], options), whole, "cut at {a}");
        for b in (a..=stream.len()).step_by(7) {
            assert_eq!(decode_in_pieces(stream, &[a, b], options), whole);
        }
    }
}
