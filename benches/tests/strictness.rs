//! The README says the peers check less than this crate; these are the
//! lines it names. Each one a peer parses as a request, and this crate
//! refuses with the reply a server should send.

#[path = "../peers.rs"]
mod peers;

use peers::{mailrs, stalwart};
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions};

/// Lines Stalwart's parser (and mailrs's) accepts and this crate refuses,
/// with what this crate answers.
const ACCEPTED_BY_STALWART: [(&[u8], u16); 5] = [
    // The same parameter twice.
    (b"MAIL FROM:<a@b.c> SIZE=1000 SIZE=2000\r\n", 501),
    // An underscore is no letter, digit or hyphen of a domain label.
    (b"MAIL FROM:<a@b_c.d>\r\n", 553),
    // NEVER excludes every other condition (RFC 3461 §4.1).
    (b"RCPT TO:<a@b.c> NOTIFY=NEVER,SUCCESS\r\n", 501),
    // "+4" is no xtext hexchar ("+" must be followed by two hex digits).
    (b"RCPT TO:<a@b.c> ORCPT=rfc822;a+4\r\n", 501),
    // A label may not start or end with a hyphen.
    (b"EHLO -bad-.example\r\n", 501),
];

/// Lines mailrs's `parse_command` accepts besides those (it checks the
/// verb, `FROM:`/`TO:` and the angle brackets, and keeps the rest as
/// strings), and this crate refuses, with what this crate answers.
const ACCEPTED_BY_MAILRS: [(&[u8], u16); 18] = [
    // Parameter values are not typed: SIZE is no number, BODY no known
    // body type, NOTIFY no known condition, ORCPT has no address type.
    (b"MAIL FROM:<a@b.c> SIZE=abc\r\n", 501),
    (b"MAIL FROM:<a@b.c> BODY=9BITMIME\r\n", 504),
    (b"RCPT TO:<a@b.c> NOTIFY=SOMETIMES\r\n", 504),
    (b"RCPT TO:<a@b.c> ORCPT=a@b.c\r\n", 501),
    // A parameter with no keyword.
    (b"MAIL FROM:<a@b.c> =1\r\n", 501),
    // Text straight after the path is taken as a parameter.
    (b"MAIL FROM:<a@b.c>junk\r\n", 501),
    // The path is not parsed: no "@", an empty mailbox, a space, a control
    // octet, dots out of place, a bad address literal.
    (b"MAIL FROM:<no-at-sign>\r\n", 553),
    (b"MAIL FROM:<@>\r\n", 553),
    (b"MAIL FROM:<a b@c.d>\r\n", 553),
    (b"MAIL FROM:<a@b.c\x01>\r\n", 553),
    (b"RCPT TO:<a..b@c.d>\r\n", 553),
    (b"RCPT TO:<a@[1.2.3.400]>\r\n", 553),
    // An empty forward path.
    (b"RCPT TO:<>\r\n", 553),
    // The EHLO argument is any text: several words, a control octet.
    (b"EHLO a b c\r\n", 501),
    (b"EHLO exa\x01mple.com\r\n", 501),
    // No octet is refused: a NUL in a parameter.
    (b"MAIL FROM:<a@b.c> SIZE=1000\0\r\n", 500),
    // Arguments to verbs that take none.
    (b"QUIT now\r\n", 501),
    (b"DATA x\r\n", 501),
];

fn refused_by_this_crate(line: &[u8], code: u16) {
    let mut options = CommandOptions::default();
    options.extensions.size = true;
    options.extensions.dsn = true;
    options.extensions.eight_bit_mime = true;
    let text = String::from_utf8_lossy(line);
    let error = CommandDecoder::new(options)
        .decode(line)
        .expect_err("this crate refuses it");
    assert_eq!(error.reply().code().get(), code, "{text:?}: {error}");
}

#[test]
fn stalwart_accepts_what_this_crate_refuses() {
    for (line, code) in ACCEPTED_BY_STALWART {
        let text = String::from_utf8_lossy(line);
        assert!(stalwart::decode_command(line), "Stalwart refuses {text:?}");
        refused_by_this_crate(line, code);
    }
}

#[test]
fn mailrs_accepts_what_this_crate_refuses() {
    for (line, code) in ACCEPTED_BY_STALWART.iter().chain(&ACCEPTED_BY_MAILRS) {
        let text = String::from_utf8_lossy(line);
        assert!(mailrs::accepts(line), "mailrs refuses {text:?}");
        refused_by_this_crate(line, *code);
    }
}

/// mailrs takes the text between the brackets as the address, as it is.
#[test]
fn mailrs_keeps_the_path_and_parameters_as_text() {
    let Some((Ok(command), _)) = mailrs::decode_command(b"MAIL FROM:<a b@c.d> SIZE=abc\r\n") else {
        panic!("mailrs parses it");
    };
    let peer_mailrs::Command::MailFrom { path, params } = command else {
        panic!("a MAIL command");
    };
    assert_eq!(path, peer_mailrs::ReversePath::Path("a b@c.d"));
    assert_eq!(params[0].key, "SIZE");
    assert_eq!(params[0].value, "abc");
}
