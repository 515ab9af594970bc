//! The reply hot paths allocate nothing: decoding a 10-line EHLO reply and
//! iterating its capabilities, decoding and reading a multiline reply, and
//! encoding into a buffer that has room.

use std::hint::black_box;

use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::proto::{Capability, EnhancedStatusCode, Reply, ReplyCode, Text};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, encode_reply};

const EHLO: &[u8] = b"250-mx.example.com Hello client.example.net [192.0.2.1]\r\n\
250-PIPELINING\r\n\
250-SIZE 35882577\r\n\
250-ETRN\r\n\
250-AUTH PLAIN LOGIN XOAUTH2\r\n\
250-ENHANCEDSTATUSCODES\r\n\
250-8BITMIME\r\n\
250-DSN\r\n\
250-LIMITS RCPTMAX=100 MAILMAX=10\r\n\
250 CHUNKING\r\n";

#[test]
fn decoding_a_ten_line_ehlo_reply_and_its_capabilities_allocates_nothing() {
    let mut decoder = ReplyDecoder::default();
    let mut seen = 0;
    let info = allocation_counter::measure(|| {
        let Decoded::Complete {
            value: reply,
            consumed,
        } = decoder.decode(black_box(EHLO)).unwrap()
        else {
            panic!("incomplete");
        };
        assert_eq!(consumed, EHLO.len());
        assert_eq!(reply.line_count(), 10);
        let ehlo = reply.ehlo().unwrap();
        black_box(ehlo.domain());
        black_box(ehlo.greeting());
        for cap in ehlo.capabilities() {
            if let Capability::Auth(m) = &cap {
                assert!(m.contains("XOAUTH2"));
            }
            black_box(&cap);
            seen += 1;
        }
        assert!(ehlo.has_enhanced_status_codes());
    });
    assert_eq!(seen, 9);
    assert_eq!(info.count_total, 0, "{info:?}");
}

#[test]
fn decoding_a_multiline_reply_and_reading_it_allocates_nothing() {
    let input =
        b"550-5.7.1 Message rejected\r\n550-5.7.1 see the policy\r\n550 5.7.1 at example.com\r\n";
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    let info = allocation_counter::measure(|| {
        let Decoded::Complete { value: reply, .. } = decoder.decode(black_box(input)).unwrap()
        else {
            panic!("incomplete");
        };
        for line in reply.lines() {
            black_box(line.enhanced());
            black_box(line.to_text());
        }
        black_box(reply.info());
        black_box(reply.enhanced_info());
    });
    assert_eq!(info.count_total, 0, "{info:?}");
}

#[test]
fn encoding_into_a_buffer_with_room_allocates_nothing() {
    let reply = Reply::with_enhanced(
        ReplyCode::MAILBOX_UNAVAILABLE,
        EnhancedStatusCode::try_from("5.1.1").unwrap(),
        Text::try_from("User unknown").unwrap(),
    )
    .unwrap();
    let long = "word ".repeat(400);
    let long = Reply::new(ReplyCode::OK, Text::try_from(long.trim_end()).unwrap());
    let mut out = Vec::with_capacity(4096);
    let info = allocation_counter::measure(|| {
        encode_reply(black_box(&reply), &mut out);
        encode_reply(black_box(&long), &mut out);
    });
    assert_eq!(info.count_total, 0, "{info:?}");
    assert!(out.starts_with(b"550 5.1.1 User unknown\r\n250-word"));
}
