//! Properties of the command decoder and encoder: encode →
//! decode is the identity for every valid `Command`; canonical lines re-encode
//! byte for byte; every strict prefix is `Incomplete`; every split of a
//! pipelined stream decodes the same; no input makes the decoder panic or
//! lose its place.

mod common;

use arbitrary::{Arbitrary, Unstructured};
use common::{kat, run};
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

/// A piece of a command line: its canonical text, and whether its letters
/// may come in any case on the wire (keywords do; local parts, domains in
/// paths, xtext and base64 do not, or not here).
type Segment = (&'static str, bool);

/// The verbs and their arguments, as segments.
fn command_segments() -> impl Strategy<Value = Vec<Segment>> {
    let path = prop::sample::select(vec![
        "<a@b.c>",
        "<>",
        "<\"q s\"@[192.0.2.1]>",
        "<@r.example:a@b.c>",
        "<a@[IPv6:2001:db8::1]>",
    ]);
    let forward = prop::sample::select(vec!["<a@b.c>", "<Postmaster>", "<\"q s\"@b.c>"]);
    // Keyword, then the value's segments: distinct keywords, in order.
    let mail_parameters: Vec<Vec<Segment>> = vec![
        vec![("SIZE", true), ("=10", false)],
        vec![("BODY", true), ("=", false), ("8BITMIME", true)],
        vec![("RET", true), ("=", false), ("HDRS", true)],
        vec![("ENVID", true), ("=QQ+2B", false)],
        vec![("SMTPUTF8", true)],
        vec![("AUTH", true), ("=<>", false)],
        vec![("REQUIRETLS", true)],
        vec![("MT-PRIORITY", true), ("=3", false)],
        vec![("BY", true), ("=120;", false), ("RT", true)],
        vec![("HOLDFOR", true), ("=10", false)],
        vec![("X-Y", true), ("=z", false)],
    ];
    let rcpt_parameters: Vec<Vec<Segment>> = vec![
        vec![("NOTIFY", true), ("=", false), ("SUCCESS,FAILURE", true)],
        // The ORCPT address type is written in lower case.
        vec![("ORCPT", true), ("=rfc822;a+40b.c", false)],
        vec![
            ("RRVS", true),
            ("=2014-04-03T23:01:00Z;", false),
            ("C", true),
        ],
        vec![("X-Y", true)],
    ];
    let joined = |picked: Vec<Vec<Segment>>| {
        picked
            .into_iter()
            .flat_map(|p| std::iter::once((" ", false)).chain(p))
            .collect::<Vec<_>>()
    };
    let mail = (
        path,
        prop::sample::subsequence(mail_parameters.clone(), 0..=4),
    )
        .prop_map(move |(path, picked)| {
            let mut line = vec![("MAIL FROM:", true), (path, false)];
            line.extend(joined(picked));
            line
        });
    let rcpt = (
        forward,
        prop::sample::subsequence(rcpt_parameters.clone(), 0..=3),
    )
        .prop_map(move |(path, picked)| {
            let mut line = vec![("RCPT TO:", true), (path, false)];
            line.extend(joined(picked));
            line
        });
    let hello = (
        prop::sample::select(vec!["EHLO", "HELO", "LHLO"]),
        prop::sample::select(vec!["b.c", "[192.0.2.1]", "[IPv6:2001:db8::1]"]),
    )
        .prop_map(|(verb, host)| vec![(verb, true), (" ", false), (host, false)]);
    let bdat = (prop::sample::select(vec!["0", "42"]), any::<bool>()).prop_map(|(n, last)| {
        let mut line = vec![("BDAT", true), (" ", false), (n, false)];
        if last {
            line.extend([(" ", false), ("LAST", true)]);
        }
        line
    });
    let auth = prop::sample::select(vec!["", " =", " dGVzdA=="])
        .prop_map(|response| vec![("AUTH", true), (" PLAIN", false), (response, false)]);
    let bare = prop::sample::select(vec![
        vec![("NOOP", true)],
        vec![("HELP", true)],
        vec![("DATA", true)],
        vec![("QUIT", true)],
        vec![("RSET", true)],
        vec![("STARTTLS", true)],
        vec![("VRFY", true), (" a", false)],
        vec![("NOOP", true), (" a", false)],
    ]);
    prop_oneof![3 => mail, 3 => rcpt, 1 => hello, 1 => bdat, 1 => auth, 1 => bare]
}

/// A command line in mixed case and its canonical form (CRLF included);
/// or, now and then, the line with one segment dropped or doubled, which
/// mostly does not decode (`None` for the canonical form).
fn mixed_case_line() -> impl Strategy<Value = (Vec<u8>, Option<String>)> {
    (
        command_segments(),
        prop::collection::vec(any::<bool>(), 64),
        prop::option::weighted(0.2, (any::<prop::sample::Index>(), any::<bool>())),
    )
        .prop_map(|(segments, upper, damage)| {
            let mut bits = upper.into_iter().cycle();
            let mut sent = String::new();
            let mut canonical = String::new();
            for (i, (text, folds)) in segments.iter().enumerate() {
                let copies = match damage {
                    Some((at, doubled)) if at.index(segments.len()) == i => {
                        usize::from(doubled) * 2
                    }
                    _ => 1,
                };
                for _ in 0..copies {
                    canonical.push_str(text);
                    sent.extend(text.chars().map(|c| match bits.next() {
                        Some(false) if *folds => c.to_ascii_lowercase(),
                        _ => c,
                    }));
                }
            }
            sent.push_str("\r\n");
            canonical.push_str("\r\n");
            (sent.into_bytes(), damage.is_none().then_some(canonical))
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

/// Every well-formed line, in whatever case its keywords come, decodes and
/// re-encodes to its canonical form byte for byte (keywords, parameter
/// keywords and keyword values in upper case); a damaged line that still
/// decodes re-encodes to a line that decodes the same. The guard fails
/// unless MAIL and RCPT lines with parameters, mixed case and refusals all
/// came up often.
#[test]
fn canonical_lines_reencode_byte_for_byte() {
    let seen = run(
        mixed_case_line(),
        3000,
        &[
            "canonical",
            "mixed case",
            "mail with parameters",
            "rcpt with parameters",
            "damaged and refused",
        ],
        200,
        |(line, canonical)| {
            let mut labels = Vec::new();
            let decoded = CommandDecoder::new(kat::roomy()).decode(&line);
            let Some(canonical) = canonical else {
                match decoded {
                    Ok(Decoded::Complete { value, .. }) => {
                        let wire = kat::command_bytes(&value);
                        prop_assert_eq!(kat::command_with(kat::roomy(), &wire), Ok(value));
                        labels.push("damaged but decoded");
                    }
                    _ => labels.push("damaged and refused"),
                }
                return Ok(labels);
            };
            let Ok(Decoded::Complete { value, consumed }) = decoded else {
                return Err(TestCaseError::fail(format!(
                    "{:?} does not decode: {decoded:?}",
                    String::from_utf8_lossy(&line)
                )));
            };
            prop_assert_eq!(consumed, line.len());
            let wire = kat::command_bytes(&value);
            prop_assert_eq!(String::from_utf8_lossy(&wire), canonical.as_str());
            labels.push("canonical");
            if line != canonical.as_bytes() {
                labels.push("mixed case");
            }
            match &value {
                Command::Mail { parameters, .. } if !parameters.is_empty() => {
                    labels.push("mail with parameters");
                }
                Command::Rcpt { parameters, .. } if !parameters.is_empty() => {
                    labels.push("rcpt with parameters");
                }
                _ => {}
            }
            Ok(labels)
        },
    );
    let parameters = seen["mail with parameters"] + seen["rcpt with parameters"];
    assert!(parameters * 3 > seen["canonical"], "{seen:?}");
}
