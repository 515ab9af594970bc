//! The README says the peer checks less than this crate; these are the
//! lines it names. Each one the peer parses as a request, and this crate
//! refuses with the reply a server should send.

use smtp_sansio_codec::command::{CommandDecoder, CommandOptions};

/// Lines the peer accepts and this crate refuses, with what this crate
/// answers.
const ACCEPTED_BY_THE_PEER_ONLY: [(&[u8], u16); 5] = [
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

#[test]
fn the_peer_accepts_what_this_crate_refuses() {
    let mut options = CommandOptions::default();
    options.extensions.size = true;
    options.extensions.dsn = true;
    for (line, code) in ACCEPTED_BY_THE_PEER_ONLY {
        let text = String::from_utf8_lossy(line);
        assert!(
            peer::Request::parse(&mut line.iter()).is_ok(),
            "the peer refuses {text:?}"
        );
        let error = CommandDecoder::new(options)
            .decode(line)
            .expect_err("this crate refuses it");
        assert_eq!(error.reply().code().get(), code, "{text:?}: {error}");
    }
}
