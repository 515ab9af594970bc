//! Behaviour of the reply decoder, EHLO view and reply encoder, through the
//! public API only.

mod common;

use common::kat;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::frame::FrameErrorKind;
use smtp_sansio_codec::proto::IntoStatic;
use smtp_sansio_codec::proto::{
    Capability, EhloReply, EnhancedStatusCode, Host, Reply, ReplyCode, Text,
};
use smtp_sansio_codec::reply::{
    ReplyDecoder, ReplyEncoder, ReplyError, ReplyErrorKind, ReplyOptions, ReplyView, encode_ehlo,
    encode_reply,
};

fn err(input: &[u8]) -> ReplyError {
    ReplyDecoder::default()
        .decode(input)
        .expect_err("the reply must be refused")
}

fn texts<'a>(reply: &ReplyView<'a>) -> Vec<&'a str> {
    reply.lines().map(|l| l.text()).collect()
}

// RFC 5321 Appendix D.1: a typical SMTP transaction, server side.
const RFC5321_D1: &str = "220 foo.com Simple Mail Transfer Service Ready\r\n\
250-foo.com greets bar.com\r\n\
250-8BITMIME\r\n\
250-SIZE\r\n\
250-DSN\r\n\
250 HELP\r\n\
250 OK\r\n\
250 OK\r\n\
550 No such user here\r\n\
250 OK\r\n\
354 Start mail input; end with <CRLF>.<CRLF>\r\n\
250 OK\r\n\
221 foo.com Service closing transmission channel\r\n";

// RFC 5321 Appendix D.2: an aborted transaction.
const RFC5321_D2: &str = "220 foo.com Simple Mail Transfer Service Ready\r\n\
250-foo.com greets bar.com\r\n\
250-8BITMIME\r\n\
250-SIZE\r\n\
250-DSN\r\n\
250 HELP\r\n\
250 OK\r\n\
250 OK\r\n\
550 No such user here\r\n\
250 OK\r\n\
221 foo.com Service closing transmission channel\r\n";

// RFC 5321 Appendix D.3: relayed mail, both hops.
const RFC5321_D3: &str = "220 foo.com Simple Mail Transfer Service Ready\r\n\
250-foo.com greets bar.com\r\n\
250-8BITMIME\r\n\
250-SIZE\r\n\
250-DSN\r\n\
250 HELP\r\n\
250 OK\r\n\
250 OK\r\n\
354 Start mail input; end with <CRLF>.<CRLF>\r\n\
250 OK\r\n\
221 foo.com Service closing transmission channel\r\n\
220 xyz.com Simple Mail Transfer Service Ready\r\n\
250 xyz.com is on the air\r\n\
250 OK\r\n\
250 OK\r\n\
354 Start mail input; end with <CRLF>.<CRLF>\r\n\
250 OK\r\n\
221 foo.com Service closing transmission channel\r\n";

// RFC 5321 Appendix D.4: verifying and sending.
const RFC5321_D4: &str = "220 foo.com Simple Mail Transfer Service Ready\r\n\
250-foo.com greets bar.com\r\n\
250-8BITMIME\r\n\
250-SIZE\r\n\
250-DSN\r\n\
250-VRFY\r\n\
250 HELP\r\n\
250 Mark Crispin <Admin.MRC@foo.com>\r\n\
250 OK\r\n\
250 OK\r\n\
354 Start mail input; end with <CRLF>.<CRLF>\r\n\
250 OK\r\n\
221 foo.com Service closing transmission channel\r\n";

// RFC 2920 §3.2: the pipelined dialogue, all recipients accepted.
const RFC2920_ACCEPTED: &str = "220 innosoft.com SMTP service ready\r\n\
250-innosoft.com\r\n\
250 PIPELINING\r\n\
250 sender <mrose@dbc.mtview.ca.us> OK\r\n\
250 recipient <ned@innosoft.com> OK\r\n\
250 recipient <dan@innosoft.com> OK\r\n\
250 recipient <kvc@innosoft.com> OK\r\n\
354 enter mail, end with line containing only \".\"\r\n\
250 message sent\r\n\
221 goodbye\r\n";

// RFC 2920 §3.2: the pipelined dialogue, all recipients rejected.
const RFC2920_REJECTED: &str = "220 innosoft.com SMTP service ready\r\n\
250-innosoft.com\r\n\
250 PIPELINING\r\n\
250 sender <mrose@dbc.mtview.ca.us> OK\r\n\
550 remote mail to <nsb@thumper.bellore.com> not allowed\r\n\
550 remote mail to <galvin@tis.com> not allowed\r\n\
554 no valid recipients given\r\n\
221 goodbye\r\n";

// RFC 2920 §3.2: the non-pipelined dialogue it starts from.
const RFC2920_SERIAL: &str = "220 Innosoft.com SMTP service ready\r\n\
250 Innosoft.com\r\n\
250 sender <mrose@dbc.mtview.ca.us> OK\r\n\
250 recipient <ned@innosoft.com> OK\r\n\
250 recipient <dan@innosoft.com> OK\r\n\
250 recipient <kvc@innosoft.com> OK\r\n\
354 enter mail, end with line containing only \".\"\r\n\
250 message sent\r\n\
221 goodbye\r\n";

#[test]
fn rfc5321_appendix_d_decodes_and_reencodes_byte_for_byte() {
    let strict = ReplyOptions::default();
    kat::kat_replies(
        RFC5321_D1,
        &[220, 250, 250, 250, 550, 250, 354, 250, 221],
        strict,
    );
    kat::kat_replies(RFC5321_D2, &[220, 250, 250, 250, 550, 250, 221], strict);
    kat::kat_replies(
        RFC5321_D3,
        &[
            220, 250, 250, 250, 354, 250, 221, 220, 250, 250, 250, 354, 250, 221,
        ],
        strict,
    );
    kat::kat_replies(
        RFC5321_D4,
        &[220, 250, 250, 250, 250, 354, 250, 221],
        strict,
    );
    // Recognising enhanced codes changes nothing where there are none.
    kat::kat_replies(
        RFC5321_D1,
        &[220, 250, 250, 250, 550, 250, 354, 250, 221],
        strict.with_enhanced_status_codes(true),
    );
}

#[test]
fn rfc2920_examples_decode_and_reencode_byte_for_byte() {
    let strict = ReplyOptions::default();
    kat::kat_replies(
        RFC2920_ACCEPTED,
        &[220, 250, 250, 250, 250, 250, 354, 250, 221],
        strict,
    );
    kat::kat_replies(
        RFC2920_REJECTED,
        &[220, 250, 250, 550, 550, 554, 221],
        strict,
    );
    kat::kat_replies(
        RFC2920_SERIAL,
        &[220, 250, 250, 250, 250, 250, 354, 250, 221],
        strict,
    );
}

#[test]
fn the_appendix_d_ehlo_reply_is_typed() {
    let (reply, consumed) =
        kat::reply_with(&RFC5321_D1.as_bytes()[48..], ReplyOptions::default()).unwrap();
    assert_eq!(consumed, 71);
    let ehlo = reply.ehlo().unwrap();
    assert_eq!(ehlo.domain(), &Host::try_from("foo.com").unwrap());
    assert_eq!(ehlo.greeting().unwrap().as_str(), "greets bar.com");
    let caps: Vec<_> = ehlo.capabilities().collect();
    assert_eq!(
        caps,
        [
            Capability::EightBitMime,
            Capability::Size(None),
            Capability::Dsn,
            Capability::Help
        ]
    );
}

#[test]
fn bare_codes_and_multiline_replies_decode() {
    let (r, n) = kat::reply_with(b"250\r\n", ReplyOptions::default()).unwrap();
    assert_eq!((r.code(), n, texts(&r)), (ReplyCode::OK, 5, vec![""]));
    let (r, n) = kat::reply_with(b"250 \r\n", ReplyOptions::default()).unwrap();
    assert_eq!((r.code(), n, texts(&r)), (ReplyCode::OK, 6, vec![""]));
    let (r, n) = kat::reply_with(b"250-a\r\n250 b\r\n", ReplyOptions::default()).unwrap();
    assert_eq!((r.line_count(), n, texts(&r)), (2, 14, vec!["a", "b"]));
    let (r, _) = kat::reply_with(b"250-\r\n250-\r\n250\r\n", ReplyOptions::default()).unwrap();
    assert_eq!(texts(&r), ["", "", ""]);
    // Only the reply is consumed; the next one stays in the input.
    let (r, n) = kat::reply_with(b"220 hi\r\n250 next\r\n", ReplyOptions::default()).unwrap();
    assert_eq!((r.text(), n), ("hi", 8));
    // Tabs and UTF-8 are text.
    let (r, _) = kat::reply_with(
        "250 a\tb \u{e9}t\u{e9}\r\n".as_bytes(),
        ReplyOptions::default(),
    )
    .unwrap();
    assert_eq!(r.text(), "a\tb \u{e9}t\u{e9}");
}

#[test]
fn malformed_codes_fail_with_errors_that_say_why() {
    let cases: [(&[u8], ReplyErrorKind, usize, &str); 9] = [
        (
            b"250-a\r\n550 b\r\n",
            ReplyErrorKind::CodeMismatch {
                expected: ReplyCode::OK,
                found: ReplyCode::MAILBOX_UNAVAILABLE,
            },
            7,
            "line has code 550 but the reply began with 250 at byte 7",
        ),
        (
            b"199 x\r\n",
            ReplyErrorKind::BadClass { found: b'1' },
            0,
            "reply code must start with 2, 3, 4 or 5, found '1' at byte 0",
        ),
        (
            b"600 x\r\n",
            ReplyErrorKind::BadClass { found: b'6' },
            0,
            "reply code must start with 2, 3, 4 or 5, found '6' at byte 0",
        ),
        (
            b"260 x\r\n",
            ReplyErrorKind::BadCategory { found: b'6' },
            1,
            "second digit of a reply code must be 0 to 5, found '6' at byte 1",
        ),
        (
            b"2500 x\r\n",
            ReplyErrorKind::LongCode,
            3,
            "reply code has more than three digits at byte 3",
        ),
        (
            b"25 x\r\n",
            ReplyErrorKind::ShortCode,
            2,
            "reply code has fewer than three digits at byte 2",
        ),
        (
            b"250x\r\n",
            ReplyErrorKind::BadSeparator { found: b'x' },
            3,
            "reply code must be followed by SP, '-' or CRLF, found 'x' at byte 3",
        ),
        (
            b"2x0 x\r\n",
            ReplyErrorKind::NotDigit { found: b'x' },
            1,
            "reply code must be three digits, found 'x' at byte 1",
        ),
        (
            b"\r\n",
            ReplyErrorKind::ShortCode,
            0,
            "reply code has fewer than three digits at byte 0",
        ),
    ];
    for (input, kind, offset, message) in cases {
        let e = err(input);
        assert_eq!(e.kind(), &kind, "{}", String::from_utf8_lossy(input));
        assert_eq!(e.offset(), offset);
        assert_eq!(e.to_string(), message);
    }
    // A partial line whose code is already wrong fails without waiting for its end.
    assert_eq!(
        err(b"600 x").kind(),
        &ReplyErrorKind::BadClass { found: b'6' }
    );
    assert_eq!(
        err(b"250x").kind(),
        &ReplyErrorKind::BadSeparator { found: b'x' }
    );
    assert_eq!(err(b"250-a\r\n550 b").offset(), 7);
    // The code is judged as soon as its three digits are there; a separator
    // or a line end may still follow.
    assert_eq!(
        err(b"600").kind(),
        &ReplyErrorKind::BadClass { found: b'6' }
    );
    assert_eq!(
        ReplyDecoder::default().decode(b"250"),
        Ok(Decoded::Incomplete { consumed: 0 })
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err(b"199 x\r\n"));
    assert!(boxed.to_string().contains("2, 3, 4 or 5"));
}

#[test]
fn line_ends_and_control_characters_are_strict_by_default() {
    assert_eq!(
        err(b"250 ok\n").kind(),
        &ReplyErrorKind::Frame(FrameErrorKind::BareLf)
    );
    assert_eq!(err(b"250 ok\n").offset(), 6);
    assert_eq!(
        err(b"250 o\rk\r\n").kind(),
        &ReplyErrorKind::Frame(FrameErrorKind::BareCr)
    );
    assert_eq!(
        err(b"250 o\0k\r\n").kind(),
        &ReplyErrorKind::Frame(FrameErrorKind::Nul)
    );
    assert_eq!(
        err(b"250 o\x1bk\r\n").kind(),
        &ReplyErrorKind::ControlChar { found: '\x1b' }
    );
    assert_eq!(err(b"250 o\x1bk\r\n").offset(), 5);
    assert_eq!(err(b"250 \xff\r\n").kind(), &ReplyErrorKind::NotUtf8);
    assert_eq!(err(b"250 \xff\r\n").offset(), 4);
    assert_eq!(
        err("250 \u{85}\r\n".as_bytes()).kind(),
        &ReplyErrorKind::ControlChar { found: '\u{85}' }
    );

    let lenient = ReplyOptions::default().with_bare_lf(true);
    let (r, n) = kat::reply_with(b"250-a\n250 b\r\n", lenient).unwrap();
    assert_eq!((texts(&r), n), (vec!["a", "b"], 13));
    let e = ReplyDecoder::new(lenient)
        .decode(b"250 a\rb\n")
        .unwrap_err();
    assert_eq!(e.kind(), &ReplyErrorKind::Frame(FrameErrorKind::BareCr));
}

#[test]
fn line_length_is_bounded_and_configurable() {
    let fits = format!("250 {}\r\n", "x".repeat(506));
    assert_eq!(fits.len(), 512);
    assert!(kat::reply_with(fits.as_bytes(), ReplyOptions::default()).is_ok());
    let long = format!("250 {}\r\n", "x".repeat(507));
    let e = err(long.as_bytes());
    assert_eq!(
        e.kind(),
        &ReplyErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 })
    );
    assert_eq!(e.offset(), 512);
    // Refused as soon as the limit is passed, without waiting for the line end.
    let endless = format!("250 {}", "x".repeat(600));
    assert_eq!(
        err(endless.as_bytes()).kind(),
        &ReplyErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 })
    );
    assert_eq!(
        ReplyDecoder::default().decode(&endless.as_bytes()[..511]),
        Ok(Decoded::Incomplete { consumed: 0 })
    );
    let wide = ReplyOptions::default().with_max_line(1024);
    assert!(kat::reply_with(long.as_bytes(), wide).is_ok());
}

/// Under the bare-LF leniency a reply line counts with the CRLF it is
/// re-encoded with: 510 octets and an LF fit the 512-octet limit, 511 and
/// an LF do not, so every reply that decodes leniently also decodes
/// strictly from its encoding. Both the whole-line path and the scan of a
/// line that arrives in pieces apply it.
#[test]
fn a_bare_lf_reply_line_counts_with_its_crlf_against_the_limit() {
    let lenient = ReplyOptions::default().with_bare_lf(true);
    let fits = format!("250 {}\n", "x".repeat(506));
    let (reply, consumed) = kat::reply_with(fits.as_bytes(), lenient).unwrap();
    assert_eq!(consumed, 511);
    let mut wire = Vec::new();
    encode_reply(&reply.to_reply(), &mut wire);
    assert_eq!(wire.len(), 512);
    assert!(kat::reply_with(&wire, ReplyOptions::default()).is_ok());

    let over = format!("250 {}\n", "x".repeat(507));
    let too_long = ReplyErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 });
    let e = ReplyDecoder::new(lenient)
        .decode(over.as_bytes())
        .unwrap_err();
    assert_eq!((e.kind(), e.offset()), (&too_long, 512));
    // The same line in two pieces, so the scan (not the whole-line path)
    // meets its LF.
    let mut decoder = ReplyDecoder::new(lenient);
    assert_eq!(
        decoder.decode(&over.as_bytes()[..300]),
        Ok(Decoded::Incomplete { consumed: 0 })
    );
    let e = decoder.decode(over.as_bytes()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (&too_long, 512));
}

#[test]
fn a_hundred_thousand_continuation_lines_fail_after_the_bound() {
    let flood = "250-\r\n".repeat(100_000);
    let e = err(flood.as_bytes());
    assert_eq!(e.kind(), &ReplyErrorKind::TooManyLines { limit: 128 });
    assert_eq!(e.offset(), 128 * 6);

    let options = ReplyOptions::default().with_max_lines(10);
    let e = ReplyDecoder::new(options)
        .decode(flood.as_bytes())
        .unwrap_err();
    assert_eq!(e.kind(), &ReplyErrorKind::TooManyLines { limit: 10 });
    assert_eq!(e.offset(), 60);
    // The decision needs only the bounded prefix of the flood.
    let e = ReplyDecoder::new(options)
        .decode(&flood.as_bytes()[..60])
        .unwrap_err();
    assert_eq!(e.kind(), &ReplyErrorKind::TooManyLines { limit: 10 });
    // Ten lines ending properly are fine.
    let ten = format!("{}250 end\r\n", "250-\r\n".repeat(9));
    assert!(kat::reply_with(ten.as_bytes(), options).is_ok());

    // The byte bound holds with long lines too, complete or not.
    let options = ReplyOptions::default().with_max_reply_bytes(1000);
    let lines = format!("250-{}\r\n", "y".repeat(100)).repeat(20);
    let e = ReplyDecoder::new(options)
        .decode(lines.as_bytes())
        .unwrap_err();
    assert_eq!(e.kind(), &ReplyErrorKind::ReplyTooLong { limit: 1000 });
    assert_eq!(e.offset(), 1000);
}

#[test]
fn every_strict_prefix_of_a_valid_reply_is_incomplete() {
    let replies: [&[u8]; 5] = [
        b"250\r\n",
        b"250 \r\n",
        b"250-a\r\n250 b\r\n",
        &RFC5321_D1.as_bytes()[48..119],
        b"550 5.1.1 User unknown\r\n",
    ];
    for reply in replies {
        for end in 0..reply.len() {
            assert_eq!(
                ReplyDecoder::default().decode(&reply[..end]),
                Ok(Decoded::Incomplete { consumed: 0 }),
                "{:?}",
                String::from_utf8_lossy(&reply[..end])
            );
        }
        assert!(kat::reply_with(reply, ReplyOptions::default()).is_ok());
    }
}

#[test]
fn enhanced_codes_are_recognised_only_when_asked_and_of_the_same_class() {
    let on = ReplyOptions::default().with_enhanced_status_codes(true);
    let (r, _) = kat::reply_with(b"550 5.1.1 User unknown\r\n", on).unwrap();
    assert_eq!(r.code(), ReplyCode::MAILBOX_UNAVAILABLE);
    assert_eq!(
        r.enhanced(),
        Some(EnhancedStatusCode::try_from("5.1.1").unwrap())
    );
    assert_eq!(r.text(), "User unknown");
    let owned = r.to_reply();
    assert_eq!(owned.enhanced(), r.enhanced());
    assert_eq!(owned.lines().next().unwrap().as_str(), "User unknown");

    // Off by default: the text stays text.
    let (r, _) = kat::reply_with(b"550 5.1.1 User unknown\r\n", ReplyOptions::default()).unwrap();
    assert_eq!((r.enhanced(), r.text()), (None, "5.1.1 User unknown"));
    // Class mismatch: text.
    let (r, _) = kat::reply_with(b"550 4.1.1 User unknown\r\n", on).unwrap();
    assert_eq!((r.enhanced(), r.text()), (None, "4.1.1 User unknown"));
    // 3yz replies have no enhanced class.
    let (r, _) = kat::reply_with(b"354 3.0.0 go ahead\r\n", on).unwrap();
    assert_eq!(r.enhanced(), None);
    // Not followed by SP: text.
    let (r, _) = kat::reply_with(b"250 2.0.0ok\r\n", on).unwrap();
    assert_eq!(r.enhanced(), None);
    // The code alone.
    let (r, _) = kat::reply_with(b"250 2.0.0\r\n", on).unwrap();
    assert_eq!((r.enhanced(), r.text()), (Some(EnhancedStatusCode::OK), ""));
    // Every line of a multiline reply.
    let input = b"452-4.5.3 Too many\r\n452 4.5.3 recipients\r\n";
    let (r, _) = kat::reply_with(input, on).unwrap();
    assert!(r.lines().all(|l| l.enhanced().is_some()));
    assert_eq!(texts(&r), ["Too many", "recipients"]);
    let mut out = Vec::new();
    encode_reply(&r.to_reply(), &mut out);
    assert_eq!(out, input);
    // Lines that disagree keep their text as received, so nothing is lost.
    let input = b"250-2.0.0 a\r\n250 b\r\n";
    let (r, _) = kat::reply_with(input, on).unwrap();
    assert_eq!(r.to_reply().enhanced(), None);
    let mut out = Vec::new();
    encode_reply(&r.to_reply(), &mut out);
    assert_eq!(out, input);
}

#[test]
fn the_decoder_learns_enhancedstatuscodes_from_the_ehlo_reply() {
    let mut decoder = ReplyDecoder::default();
    let input = b"250-mx.example.com\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING\r\n";
    let Decoded::Complete { value: reply, .. } = decoder.decode(input).unwrap() else {
        panic!()
    };
    decoder.observe_ehlo(&reply.ehlo().unwrap());
    assert!(decoder.options().enhanced_status_codes);
    let Decoded::Complete { value: reply, .. } =
        decoder.decode(b"250 2.1.0 Sender OK\r\n").unwrap()
    else {
        panic!()
    };
    assert_eq!(reply.text(), "Sender OK");
}

#[test]
fn ehlo_replies_are_typed_with_every_keyword() {
    let input = "250-mail.example.org Hello client.example.net [192.0.2.1]\r\n\
250-SIZE 35882577\r\n\
250-SIZE\r\n\
250-8BITMIME\r\n\
250-PIPELINING\r\n\
250-CHUNKING\r\n\
250-BINARYMIME\r\n\
250-SMTPUTF8\r\n\
250-STARTTLS\r\n\
250-AUTH PLAIN LOGIN XOAUTH2\r\n\
250-AUTH=LOGIN\r\n\
250-DSN\r\n\
250-ENHANCEDSTATUSCODES\r\n\
250-REQUIRETLS\r\n\
250-MT-PRIORITY MIXER\r\n\
250-DELIVERBY 240\r\n\
250-FUTURERELEASE 604800 2030-01-01T00:00:00Z\r\n\
250-RRVS\r\n\
250-LIMITS RCPTMAX=100 MAILMAX=10\r\n\
250-VRFY\r\n\
250-EXPN\r\n\
250-ETRN\r\n\
250-HELP\r\n\
250-X-EXPS GSSAPI NTLM\r\n\
250-XFORWARD\r\n\
250 \r\n";
    let (reply, _) = kat::reply_with(input.as_bytes(), ReplyOptions::default()).unwrap();
    let ehlo = reply.ehlo().unwrap();
    assert_eq!(ehlo.domain().to_string(), "mail.example.org");
    assert_eq!(
        ehlo.greeting().unwrap().as_str(),
        "Hello client.example.net [192.0.2.1]"
    );
    let caps: Vec<Capability<'_>> = ehlo.capabilities().collect();
    assert_eq!(caps.len(), 24, "the empty final line yields nothing");
    assert_eq!(caps[0], Capability::Size(Some(35_882_577)));
    assert_eq!(caps[1], Capability::Size(None));
    let Capability::Auth(mechs) = &caps[8] else {
        panic!("{:?}", caps[8])
    };
    assert_eq!(
        mechs
            .iter()
            .map(|m| m.as_str().to_owned())
            .collect::<Vec<_>>(),
        ["PLAIN", "LOGIN", "XOAUTH2"]
    );
    let Capability::AuthLegacy(mechs) = &caps[9] else {
        panic!("{:?}", caps[9])
    };
    assert!(mechs.contains("login"));
    assert!(matches!(&caps[13], Capability::MtPriority(Some(p)) if p.as_str() == "MIXER"));
    assert_eq!(caps[14], Capability::DeliverBy(Some(240)));
    assert!(matches!(
        caps[15],
        Capability::FutureRelease {
            max_interval: 604_800,
            ..
        }
    ));
    let Capability::Limits(limits) = &caps[17] else {
        panic!("{:?}", caps[17])
    };
    assert_eq!(
        (limits.get("RCPTMAX"), limits.get("mailmax")),
        (Some(100), Some(10))
    );
    assert!(
        matches!(&caps[22], Capability::Other { keyword, params: Some(p) } if keyword.as_str() == "X-EXPS" && p.as_str() == "GSSAPI NTLM")
    );
    assert!(
        matches!(&caps[23], Capability::Other { keyword, params: None } if keyword.as_str() == "XFORWARD")
    );
    for probe in [
        Capability::EightBitMime,
        Capability::Pipelining,
        Capability::Chunking,
        Capability::BinaryMime,
        Capability::SmtpUtf8,
        Capability::StartTls,
        Capability::Dsn,
        Capability::EnhancedStatusCodes,
        Capability::RequireTls,
        Capability::Rrvs,
        Capability::Vrfy,
        Capability::Expn,
        Capability::Etrn,
        Capability::Help,
    ] {
        assert!(ehlo.has(&probe), "{probe:?}");
    }
    assert_eq!(ehlo.capability_lines().count(), 25);

    // The owned value re-encodes canonically (the empty line is dropped).
    let owned: EhloReply<'static> = ehlo.to_ehlo().into_static();
    assert_eq!(owned.capabilities(), &caps[..]);
    let mut out = Vec::new();
    encode_ehlo(&owned, &mut out);
    let expected = input.replace("250-XFORWARD\r\n250 \r\n", "250 XFORWARD\r\n");
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

#[test]
fn known_keywords_with_bad_parameters_pass_through_as_other() {
    let input = b"250-mx.example.com\r\n250-SIZE lots\r\n250-pipelining\r\n250 SIZE \r\n";
    let (reply, _) = kat::reply_with(input, ReplyOptions::default()).unwrap();
    let caps: Vec<_> = reply.ehlo().unwrap().capabilities().collect();
    assert!(matches!(&caps[0], Capability::Other { keyword, .. } if keyword.is("SIZE")));
    assert_eq!(caps[1], Capability::Pipelining);
    assert_eq!(caps[2], Capability::Size(None));
}

#[test]
fn an_ehlo_view_needs_code_250_and_a_domain() {
    let (reply, _) = kat::reply_with(
        b"502 5.5.1 EHLO not implemented\r\n",
        ReplyOptions::default(),
    )
    .unwrap();
    assert_eq!(
        reply.ehlo().unwrap_err().kind(),
        &ReplyErrorKind::NotEhlo {
            code: ReplyCode::NOT_IMPLEMENTED
        }
    );
    let (reply, _) = kat::reply_with(b"250 -bad-.example\r\n", ReplyOptions::default()).unwrap();
    let e = reply.ehlo().unwrap_err();
    assert!(matches!(e.kind(), ReplyErrorKind::EhloDomain(_)));
    assert!(std::error::Error::source(&e).is_some());
    let (reply, _) = kat::reply_with(b"250 [192.0.2.1]\r\n", ReplyOptions::default()).unwrap();
    let ehlo = reply.ehlo().unwrap();
    assert!(matches!(ehlo.domain(), Host::Literal(_)));
    assert_eq!(ehlo.greeting(), None);
    assert_eq!(ehlo.capabilities().count(), 0);
}

#[test]
fn the_catalogue_explains_a_decoded_reply() {
    let on = ReplyOptions::default().with_enhanced_status_codes(true);
    let (reply, _) = kat::reply_with(b"550 5.1.1 User unknown\r\n", on).unwrap();
    let info = reply.info().expect("550 is catalogued");
    assert_eq!(info.code(), ReplyCode::MAILBOX_UNAVAILABLE);
    assert!(!info.meaning().is_empty());
    assert!(info.answers_command("RCPT"));
    let enhanced = reply.enhanced_info().expect("5.1.1 is catalogued");
    assert_eq!(enhanced.subject_name(), "Addressing");
    let (reply, _) = kat::reply_with(b"259 odd\r\n", ReplyOptions::default()).unwrap();
    assert!(reply.info().is_none());
}

#[test]
fn single_and_multiline_replies_encode_canonically() {
    let mut out = Vec::new();
    let mut reply = Reply::new(
        ReplyCode::HELP_MESSAGE,
        Text::try_from("Commands:").unwrap(),
    );
    reply.push_line(Text::try_from("HELO EHLO MAIL RCPT DATA").unwrap());
    encode_reply(&reply, &mut out);
    assert_eq!(out, b"214-Commands:\r\n214 HELO EHLO MAIL RCPT DATA\r\n");

    out.clear();
    let mut reply = Reply::with_enhanced(
        ReplyCode::LOCAL_ERROR,
        EnhancedStatusCode::try_from("4.3.0").unwrap(),
        Text::try_from("Try again").unwrap(),
    )
    .unwrap();
    reply.push_line(Text::default());
    reply.push_line(Text::try_from("later").unwrap());
    encode_reply(&reply, &mut out);
    assert_eq!(
        out,
        b"451-4.3.0 Try again\r\n451-4.3.0\r\n451 4.3.0 later\r\n"
    );
    assert_eq!(out, reply.to_string().as_bytes());

    out.clear();
    encode_reply(&Reply::new(ReplyCode::OK, Text::default()), &mut out);
    assert_eq!(out, b"250\r\n");
}

#[test]
fn long_text_is_split_into_lines_that_fit_and_decode_to_the_same_words() {
    let words: Vec<String> = (0..600).map(|i| format!("w{i}")).collect();
    let text = words.join(" ");
    assert!(text.len() >= 2000);
    let text = &text[..text[..2000].rfind(' ').unwrap()];
    for enhanced in [None, Some("5.7.1")] {
        let t = Text::try_from(text).unwrap();
        let reply = match enhanced {
            Some(e) => Reply::with_enhanced(
                ReplyCode::MAILBOX_UNAVAILABLE,
                EnhancedStatusCode::try_from(e).unwrap(),
                t,
            )
            .unwrap(),
            None => Reply::new(ReplyCode::MAILBOX_UNAVAILABLE, t),
        };
        let mut out = Vec::new();
        encode_reply(&reply, &mut out);
        let wire = std::str::from_utf8(&out).unwrap();
        let lines: Vec<&str> = wire.split_inclusive("\r\n").collect();
        assert!(lines.len() >= 4, "{} lines", lines.len());
        assert!(lines.iter().all(|l| l.len() <= 512 && l.ends_with("\r\n")));
        if let Some(e) = enhanced {
            assert!(lines.iter().all(|l| l[4..].starts_with(e)));
        }
        let on = ReplyOptions::default().with_enhanced_status_codes(enhanced.is_some());
        let (decoded, consumed) = kat::reply_with(&out, on).unwrap();
        assert_eq!(consumed, out.len());
        let joined = decoded
            .lines()
            .map(|l| l.text())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, text);
    }

    // A word longer than a line is split hard, at a character boundary.
    let word = "\u{e9}".repeat(600);
    let reply = Reply::new(ReplyCode::OK, Text::try_from(word.as_str()).unwrap());
    let mut out = Vec::new();
    ReplyEncoder::with_max_line(100).encode(&reply, &mut out);
    let (decoded, _) = kat::reply_with(&out, ReplyOptions::default().with_max_line(100)).unwrap();
    assert!(out.split(|&b| b == b'\n').all(|l| l.len() < 100));
    assert_eq!(decoded.lines().map(|l| l.text()).collect::<String>(), word);
}

#[test]
fn encoding_into_a_bytes_buffer_appends() {
    let mut buf = bytes::BytesMut::with_capacity(64);
    encode_reply(
        &Reply::new(ReplyCode::SERVICE_READY, Text::try_from("ready").unwrap()),
        &mut buf,
    );
    encode_reply(
        &Reply::new(ReplyCode::SERVICE_CLOSING, Text::try_from("bye").unwrap()),
        &mut buf,
    );
    assert_eq!(&buf[..], b"220 ready\r\n221 bye\r\n");
}

/// Issue 15, item 9: `has` and `advertises` compare keywords. An unknown
/// capability matches only its own keyword (ignoring case), never every
/// other unknown one; a known keyword with parameters that do not fit it is
/// still that keyword.
#[test]
fn has_compares_keywords_so_one_unknown_capability_is_not_every_other() {
    use smtp_sansio_codec::proto::Domain;
    use smtp_sansio_codec::server::ServerConfig;

    let xfoo: Capability<'static> = "XFOO bar".parse().unwrap();
    let xclient: Capability<'static> = "XCLIENT NAME ADDR".parse().unwrap();
    let xclient_lower: Capability<'static> = "xclient".parse().unwrap();

    // The owned EHLO reply (smtp-sansio-proto).
    let mut ehlo = EhloReply::new(Host::try_from("mx.example").unwrap(), None);
    ehlo.push(xfoo.clone());
    ehlo.push(Capability::Pipelining);
    assert!(ehlo.has(&xfoo));
    assert!(!ehlo.has(&xclient), "XFOO is not XCLIENT");
    assert!(ehlo.has(&Capability::Pipelining));
    assert!(!ehlo.has(&Capability::Chunking));

    // The borrowed view (smtp-sansio-codec), with a known keyword whose
    // parameters do not fit it, which comes out as `Other`.
    let input = b"250-mx.example\r\n250-XFOO bar\r\n250-SIZE lots\r\n250 PIPELINING\r\n";
    let (reply, _) = kat::reply_with(input, ReplyOptions::default()).unwrap();
    let view = reply.ehlo().unwrap();
    assert!(view.has(&xfoo));
    assert!(!view.has(&xclient), "XFOO is not XCLIENT");
    assert!(!view.has(&xclient_lower));
    assert!(
        view.has(&Capability::Size(None)),
        "SIZE with bad parameters is still SIZE"
    );
    assert!(!view.has(&Capability::Chunking));

    // The server configuration.
    let mut config = ServerConfig::new(Domain::try_from("mx.example").unwrap());
    config.capabilities.push(xfoo.clone());
    assert!(config.advertises(&xfoo));
    assert!(!config.advertises(&xclient), "XFOO is not XCLIENT");
    config.capabilities.push(xclient);
    assert!(
        config.advertises(&xclient_lower),
        "keywords compare without case"
    );
}
