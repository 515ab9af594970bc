//! The command decoder borrows from its input: decoding ordinary commands,
//! and encoding into a buffer with room, allocates nothing.

use allocation_counter::measure;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, Extensions, encode_command};
use smtp_sansio_codec::proto::{Capability, Command, MailParameter};

/// A decoder with the extensions of a typical EHLO reply in force (not
/// all of them, so every parameter is checked against them).
fn decoder() -> CommandDecoder {
    let ehlo = [
        Capability::Size(Some(10 << 20)),
        Capability::EightBitMime,
        Capability::Dsn,
        Capability::Auth("PLAIN".parse().expect("a mechanism")),
    ];
    CommandDecoder::new(CommandOptions::default().with_extensions(Extensions::advertised(&ehlo)))
}

#[test]
fn decoding_mail_and_rcpt_allocates_nothing() {
    let input = b"MAIL FROM:<a@b.c> SIZE=1000 BODY=8BITMIME\r\nRCPT TO:<a@b.c>\r\n";
    let mut decoder = decoder();
    let counts = measure(|| {
        let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) else {
            panic!("MAIL must decode")
        };
        let Command::Mail { parameters, .. } = &value else {
            panic!("not MAIL")
        };
        assert_eq!(parameters.iter().next(), Some(MailParameter::Size(1000)));
        let Ok(Decoded::Complete { value, .. }) = decoder.decode(&input[consumed..]) else {
            panic!("RCPT must decode")
        };
        assert!(matches!(value, Command::Rcpt { .. }));
    });
    assert_eq!(counts.count_total, 0, "{counts:?}");
}

#[test]
fn decoding_every_plain_command_allocates_nothing() {
    let input: &[u8] = b"EHLO [IPv6:2001:db8::1]\r\nRCPT TO:<\"john smith\"@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c\r\nDATA\r\nBDAT 100 LAST\r\nNOOP x\r\nAUTH PLAIN dGVzdA==\r\nQUIT\r\n";
    let mut decoder = decoder();
    let counts = measure(|| {
        let mut rest = input;
        let mut n = 0;
        while let Ok(Decoded::Complete { consumed, .. }) = decoder.decode(rest) {
            rest = &rest[consumed..];
            n += 1;
        }
        assert_eq!(n, 7);
    });
    assert_eq!(counts.count_total, 0, "{counts:?}");
}

#[test]
fn encoding_into_a_buffer_with_room_allocates_nothing() {
    let input = b"MAIL FROM:<a@b.c> SIZE=1000 BODY=8BITMIME\r\n";
    let Ok(Decoded::Complete { value, .. }) = decoder().decode(input) else {
        panic!("MAIL must decode")
    };
    let mut out = Vec::with_capacity(128);
    let counts = measure(|| encode_command(&value, &mut out));
    assert_eq!(counts.count_total, 0, "{counts:?}");
    assert_eq!(out, input);
}
