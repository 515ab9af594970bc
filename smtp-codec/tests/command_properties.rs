//! Properties of the command decoder and encoder: encode →
//! decode is the identity for every valid `Command`; canonical lines re-encode
//! byte for byte; every strict prefix is `Incomplete`; every split of a
//! pipelined stream decodes the same; no input makes the decoder panic or
//! lose its place.

mod common;

use arbitrary::{Arbitrary, Unstructured};
use common::kat;
use proptest::prelude::*;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions};
use smtp_sansio_codec::proto::Command;
use smtp_sansio_codec::proto::IntoStatic;

/// A command from fuzz bytes, skipping `Other` with a known verb (it encodes
/// fine but decodes as that verb's own variant, by design).
fn command(seed: &[u8]) -> Option<Command<'static>> {
    let command = Command::arbitrary(&mut Unstructured::new(seed)).ok()?;
    let known = [
        "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP",
        "NOOP", "QUIT", "STARTTLS", "AUTH",
    ];
    match &command {
        Command::Other { verb, .. }
            if known.iter().any(|k| verb.as_str().eq_ignore_ascii_case(k)) =>
        {
            None
        }
        _ => Some(command.into_static()),
    }
}

/// Lines assembled from canonical tokens: whatever of them decodes must
/// re-encode to exactly the same octets.
fn canonical_line() -> impl Strategy<Value = Vec<u8>> {
    let token = prop::sample::select(vec![
        "MAIL FROM:",
        "RCPT TO:",
        "EHLO ",
        "HELO ",
        "BDAT ",
        "AUTH ",
        "NOOP",
        "HELP",
        "VRFY ",
        "DATA",
        "QUIT",
        "RSET",
        "<",
        ">",
        "<>",
        "<Postmaster>",
        "a",
        "b.c",
        "@",
        "@r.example:",
        "\"q s\"",
        "[192.0.2.1]",
        "[IPv6:2001:db8::1]",
        " ",
        "SIZE=10",
        "BODY=8BITMIME",
        "NOTIFY=NEVER",
        "ORCPT=rfc822;a+40b.c",
        "X-Y=z",
        "SMTPUTF8",
        "0",
        "42",
        " LAST",
        "PLAIN",
        " =",
        " dGVzdA==",
    ]);
    prop::collection::vec(token, 1..8).prop_map(|tokens| {
        let mut line = tokens.concat().into_bytes();
        line.extend_from_slice(b"\r\n");
        line
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decode_of_encode_is_identity(seed in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Some(command) = command(&seed) {
            let wire = kat::command_bytes(&command);
            let mut decoder = CommandDecoder::new(kat::roomy());
            let decoded = decoder.decode(&wire);
            prop_assert_eq!(
                decoded,
                Ok(Decoded::Complete { value: command.clone(), consumed: wire.len() }),
                "wire: {:?}", String::from_utf8_lossy(&wire)
            );
        }
    }

    #[test]
    fn canonical_lines_reencode_byte_for_byte(line in canonical_line()) {
        let mut decoder = CommandDecoder::new(kat::roomy());
        if let Ok(Decoded::Complete { value, .. }) = decoder.decode(&line) {
            let wire = kat::command_bytes(&value);
            prop_assert_eq!(String::from_utf8_lossy(&wire), String::from_utf8_lossy(&line));
        }
    }

    #[test]
    fn every_strict_prefix_is_incomplete(seed in prop::collection::vec(any::<u8>(), 0..128)) {
        if let Some(command) = command(&seed) {
            let wire = kat::command_bytes(&command);
            let mut decoder = CommandDecoder::new(kat::roomy());
            for end in 0..wire.len() {
                prop_assert_eq!(decoder.decode(&wire[..end]), Ok(Decoded::Incomplete { consumed: 0 }));
            }
        }
    }

    #[test]
    fn every_split_of_a_pipelined_stream_decodes_the_same(
        seeds in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 1..6),
        junk in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let mut stream = Vec::new();
        for seed in &seeds {
            if let Some(command) = command(seed) {
                stream.extend_from_slice(&kat::command_bytes(&command));
            }
        }
        // Some garbage too: errors must split the same way as commands.
        stream.extend_from_slice(&junk);
        stream.extend_from_slice(b"\r\nQUIT\r\n");
        let whole = kat::commands_in(&[&stream], kat::roomy());
        for at in 0..=stream.len() {
            let (a, b) = stream.split_at(at);
            prop_assert_eq!(&kat::commands_in(&[a, b], kat::roomy()), &whole, "split at {}", at);
        }
        let bytewise: Vec<&[u8]> = stream.chunks(1).collect();
        prop_assert_eq!(&kat::commands_in(&bytewise, kat::roomy()), &whole);
    }

    #[test]
    fn any_bytes_decode_without_panic_or_desync(
        input in prop::collection::vec(any::<u8>(), 0..700),
        lenient in any::<bool>(),
    ) {
        let mut options = CommandOptions::default();
        options.leniency.bare_lf_line_ends = lenient;
        options.leniency.trailing_whitespace = lenient;
        options.leniency.space_after_colon = lenient;
        let mut decoder = CommandDecoder::new(options);
        let mut rest = &input[..];
        loop {
            match decoder.decode(rest) {
                Ok(Decoded::Complete { consumed, value }) => {
                    prop_assert!(consumed > 0 && consumed <= rest.len());
                    // Whatever decodes, re-encodes to something that decodes the same.
                    let wire = kat::command_bytes(&value);
                    let again = CommandDecoder::new(kat::roomy()).decode(&wire).map(Decoded::value);
                    prop_assert_eq!(again, Ok(Some(value)));
                    rest = &rest[consumed..];
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    prop_assert!(consumed <= rest.len());
                    prop_assert!(rest.len() - consumed < 512 + 2, "never buffers past the limit");
                    break;
                }
                Err(e) => {
                    prop_assert!(e.consumed() > 0 && e.consumed() <= rest.len());
                    let _ = e.reply();
                    rest = &rest[e.consumed()..];
                }
            }
        }
    }
}

/// Guards the properties above against passing vacuously: most seeds must
/// give a command, and every variant must be reachable.
#[test]
fn the_command_generator_covers_every_variant() {
    let mut verbs = std::collections::BTreeSet::new();
    let mut produced = 0;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..4000 {
        let seed: Vec<u8> = (0..96)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        if let Some(command) = command(&seed) {
            produced += 1;
            verbs.insert(match &command {
                Command::Other { .. } => "OTHER".to_owned(),
                known => known.verb().to_owned(),
            });
        }
    }
    assert!(
        produced > 2000,
        "only {produced} of 4000 seeds gave a command"
    );
    assert_eq!(verbs.len(), 16, "{verbs:?}");
}
