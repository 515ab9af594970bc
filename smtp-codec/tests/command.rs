//! Behaviour of the command decoder and encoder through the public API: the
//! accepted and refused lines of the command issue, the length limits, the
//! leniencies, and the client lines of RFC 5321 Appendix D and RFC 2920.

mod common;

use common::kat;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::{CommandDecoder, CommandErrorKind, CommandOptions, Extensions};
use smtp_sansio_codec::frame::FrameErrorKind;
use smtp_sansio_codec::proto::IntoStatic;
use smtp_sansio_codec::proto::{
    Body, Command, ForwardPath, Host, InitialResponse, MailParameter, Notify, NotifyConditions,
    OrcptType, RcptParameter, ReversePath, Rule,
};

fn mailbox_of_from(command: &Command<'_>) -> String {
    let Command::Mail { from, .. } = command else {
        panic!("not MAIL: {command:?}")
    };
    from.to_string()
}

#[test]
fn null_reverse_path() {
    let cmd = kat::canonical_command("MAIL FROM:<>\r\n");
    assert!(matches!(
        cmd,
        Command::Mail {
            from: ReversePath::Null,
            ..
        }
    ));
}

#[test]
fn address_literals_in_paths_are_typed() {
    let cmd = kat::canonical_command("MAIL FROM:<a@[192.0.2.1]>\r\n");
    let Command::Mail { from, .. } = &cmd else {
        panic!()
    };
    let host = from.mailbox().unwrap().host();
    let Host::Literal(lit) = host else {
        panic!("{host:?}")
    };
    assert_eq!(lit.ip(), Some("192.0.2.1".parse().unwrap()));

    for (line, ip) in [
        ("RCPT TO:<a@[IPv6:2001:db8::1]>\r\n", "2001:db8::1"),
        (
            "RCPT TO:<a@[IPv6:::ffff:192.0.2.1]>\r\n",
            "::ffff:192.0.2.1",
        ),
    ] {
        let Command::Rcpt { to, .. } = kat::canonical_command(line) else {
            panic!()
        };
        let Host::Literal(lit) = to.mailbox().unwrap().host().clone() else {
            panic!()
        };
        assert_eq!(lit.ip(), Some(ip.parse().unwrap()), "{line}");
    }
}

#[test]
fn quoted_local_part_keeps_its_quotes() {
    let Command::Rcpt { to, .. } =
        kat::canonical_command("RCPT TO:<\"john smith\"@example.com>\r\n")
    else {
        panic!()
    };
    let local = to.mailbox().unwrap().local_part().clone();
    assert!(local.is_quoted());
    assert_eq!(local.as_str(), "\"john smith\"");
    assert_eq!(local.unquoted(), "john smith");
}

#[test]
fn quoted_local_part_may_hold_a_closing_bracket() {
    let Command::Rcpt { to, .. } =
        kat::canonical_command("RCPT TO:<\"a>b\"@example.com> NOTIFY=NEVER\r\n")
    else {
        panic!()
    };
    assert_eq!(to.mailbox().unwrap().local_part().unquoted(), "a>b");
}

#[test]
fn postmaster_is_not_the_null_path() {
    let cmd = kat::canonical_command("RCPT TO:<Postmaster>\r\n");
    assert!(matches!(
        cmd,
        Command::Rcpt {
            to: ForwardPath::Postmaster,
            ..
        }
    ));
    let lower = kat::command(b"RCPT TO:<postmaster>\r\n").unwrap();
    assert!(matches!(
        lower,
        Command::Rcpt {
            to: ForwardPath::Postmaster,
            ..
        }
    ));
}

#[test]
fn source_route_is_kept() {
    let cmd = kat::canonical_command("MAIL FROM:<@a.example,@b.example:u@c.example>\r\n");
    let Command::Mail {
        from: ReversePath::Path(path),
        ..
    } = &cmd
    else {
        panic!()
    };
    let route: Vec<_> = path
        .route()
        .unwrap()
        .domains()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(route, ["a.example", "b.example"]);
    assert_eq!(path.mailbox().to_string(), "u@c.example");
}

#[test]
fn verbs_and_from_are_case_insensitive() {
    let cmd = kat::command(b"mail from:<a@b.c>\r\n").unwrap();
    assert_eq!(mailbox_of_from(&cmd), "<a@b.c>");
    assert_eq!(kat::command_bytes(&cmd), b"MAIL FROM:<a@b.c>\r\n");
    assert_eq!(kat::command(b"QuIt\r\n").unwrap(), Command::Quit);
    assert_eq!(kat::command(b"rcpt to:<a@b.c>\r\n").unwrap().verb(), "RCPT");
}

#[test]
fn mail_parameters_are_typed_in_order() {
    let Command::Mail { parameters, .. } =
        kat::canonical_command("MAIL FROM:<a@b.c> SIZE=1000 BODY=8BITMIME SMTPUTF8\r\n")
    else {
        panic!()
    };
    let items: Vec<_> = parameters.iter().collect();
    assert_eq!(
        items,
        [
            MailParameter::Size(1000),
            MailParameter::Body(Body::EightBitMime),
            MailParameter::SmtpUtf8
        ]
    );
}

#[test]
fn rcpt_dsn_parameters_are_typed() {
    let Command::Rcpt { parameters, .. } =
        kat::canonical_command("RCPT TO:<a@b.c> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c\r\n")
    else {
        panic!()
    };
    let items: Vec<_> = parameters.iter().collect();
    let RcptParameter::Notify(Notify::On(conditions)) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(Some(*conditions), NotifyConditions::new(true, true, false));
    let RcptParameter::Orcpt(orcpt) = &items[1] else {
        panic!("{items:?}")
    };
    assert_eq!(orcpt.addr_type(), &OrcptType::Rfc822);
    assert_eq!(orcpt.address(), "a+40b.c");
    assert_eq!(&*orcpt.xtext().unwrap().decode(), b"a@b.c");
}

#[test]
fn unknown_parameters_pass_through_by_default_and_can_be_refused() {
    let Command::Mail { parameters, .. } =
        kat::canonical_command("MAIL FROM:<a@b.c> X-FOO=bar\r\n")
    else {
        panic!()
    };
    let MailParameter::Other(other) = parameters.iter().next().unwrap() else {
        panic!()
    };
    assert_eq!(other.keyword.as_str(), "X-FOO");
    assert_eq!(other.value.as_ref().unwrap().as_str(), "bar");

    let mut strict = kat::esmtp();
    strict.reject_unknown_parameters = true;
    let line = b"MAIL FROM:<a@b.c> SIZE=10 X-FOO=bar\r\n";
    let (err, code, enhanced) = kat::refused_command_with(strict, line);
    assert_eq!(err.kind(), &CommandErrorKind::UnknownParameter);
    assert_eq!(err.offset(), 26);
    assert_eq!((code, enhanced.as_str()), (555, "5.5.4"));
    let (err, code, _) = kat::refused_command_with(strict, b"RCPT TO:<a@b.c> X-BAR\r\n");
    assert_eq!((err.offset(), code), (16, 555));
    assert!(kat::command_with(strict, b"MAIL FROM:<a@b.c> SIZE=10\r\n").is_ok());
}

#[test]
fn the_policy_refuses_the_first_parameter_not_in_force_unless_a_later_one_is_invalid() {
    let mut only_size = kat::esmtp();
    only_size.extensions = Extensions::none();
    only_size.extensions.size = true;
    // BODY (8BITMIME not in force) is the first refused parameter, at its keyword.
    let line = b"MAIL FROM:<a@b.c> SIZE=10 BODY=8BITMIME SMTPUTF8\r\n";
    let (err, code, _) = kat::refused_command_with(only_size, line);
    assert_eq!(
        (err.kind(), err.offset(), code),
        (&CommandErrorKind::ParameterNotInForce, 26, 555)
    );
    // A malformed parameter after it wins: the line is invalid before any policy.
    let line = b"MAIL FROM:<a@b.c> BODY=8BITMIME SIZE=x\r\n";
    let (err, code, _) = kat::refused_command_with(only_size, line);
    assert!(
        matches!(err.kind(), CommandErrorKind::InvalidArgument(_)),
        "{err:?}"
    );
    assert_eq!(code, 501);
    let line = b"RCPT TO:<a@b.c> NOTIFY=NEVER\r\n";
    let (err, code, _) = kat::refused_command_with(only_size, line);
    assert_eq!(
        (err.kind(), err.offset(), code),
        (&CommandErrorKind::ParameterNotInForce, 16, 555)
    );
    assert!(kat::command_with(only_size, b"MAIL FROM:<a@b.c> SIZE=10\r\n").is_ok());
}

#[test]
fn other_accepted_lines() {
    let Command::Auth {
        mechanism,
        initial_response,
    } = kat::canonical_command("AUTH PLAIN =\r\n")
    else {
        panic!()
    };
    assert!(mechanism.is("plain"));
    assert_eq!(initial_response, Some(InitialResponse::Empty));
    assert_eq!(
        kat::canonical_command("BDAT 0 LAST\r\n"),
        Command::Bdat {
            size: 0,
            last: true
        }
    );
    assert_eq!(
        kat::canonical_command("BDAT 1000\r\n"),
        Command::Bdat {
            size: 1000,
            last: false
        }
    );
    let Command::Noop { argument } = kat::canonical_command("NOOP anything\r\n") else {
        panic!()
    };
    assert_eq!(argument.unwrap().as_str(), "anything");
    let Command::Help { topic } = kat::canonical_command("HELP MAIL\r\n") else {
        panic!()
    };
    assert_eq!(topic.unwrap().as_str(), "MAIL");
    let Command::Ehlo {
        domain: Host::Literal(lit),
    } = kat::canonical_command("EHLO [IPv6:::1]\r\n")
    else {
        panic!()
    };
    assert_eq!(lit.ip(), Some("::1".parse().unwrap()));
    assert_eq!(kat::canonical_command("STARTTLS\r\n"), Command::StartTls);
    let Command::Other { verb, arguments } = kat::canonical_command("ETRN example.com\r\n") else {
        panic!()
    };
    assert_eq!(
        (verb.as_str(), arguments.unwrap().as_str()),
        ("ETRN", "example.com")
    );
    let secret = kat::canonical_command("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
    assert!(
        !format!("{secret:?}").contains("AGFsaWNl"),
        "Debug must not print the secret"
    );
}

#[test]
fn arguments_where_none_are_allowed_are_syntax_errors() {
    for (line, offset) in [
        (&b"DATA junk\r\n"[..], 4),
        (b"STARTTLS x\r\n", 8),
        (b"QUIT now\r\n", 4),
    ] {
        let (err, code, enhanced) = kat::refused_command(line);
        assert!(
            matches!(err.kind(), CommandErrorKind::Syntax { .. }),
            "{err}"
        );
        assert_eq!(err.offset(), offset, "{err}");
        assert_eq!((code, enhanced.as_str()), (501, "5.5.4"));
    }
}

#[test]
fn bad_parameter_values() {
    let (err, code, _) = kat::refused_command(b"MAIL FROM:<a@b.c> SIZE=abc\r\n");
    assert!(
        matches!(err.kind(), CommandErrorKind::InvalidArgument(_)),
        "{err}"
    );
    assert_eq!((err.offset(), code), (23, 501));

    let (err, code, enhanced) = kat::refused_command(b"MAIL FROM:<a@b.c> SIZE=1 SIZE=2\r\n");
    let CommandErrorKind::InvalidArgument(v) = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(v.rule(), &Rule::Duplicate);
    assert_eq!((err.offset(), code, enhanced.as_str()), (25, 501, "5.5.4"));

    let (err, code, _) = kat::refused_command(b"RCPT TO:<a@b.c> NOTIFY=NEVER,SUCCESS\r\n");
    assert!(
        matches!(err.kind(), CommandErrorKind::InvalidArgument(_)),
        "{err}"
    );
    assert_eq!(code, 501);

    let (err, code, enhanced) = kat::refused_command(b"MAIL FROM:<a@b.c> BODY=9BITMIME\r\n");
    assert_eq!((code, enhanced.as_str()), (504, "5.5.4"), "{err}");
}

#[test]
fn bdat_size_overflow_is_refused() {
    let (err, code, _) = kat::refused_command(b"BDAT 99999999999999999999\r\n");
    let CommandErrorKind::InvalidArgument(v) = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(v.rule(), &Rule::Overflow);
    assert_eq!((err.offset(), code), (5, 501));
    assert!(kat::command(b"BDAT 18446744073709551615\r\n").is_ok());
}

#[test]
fn malformed_paths_and_mailboxes() {
    let (err, code, enhanced) = kat::refused_command(b"MAIL FROM:<a@>\r\n");
    assert!(
        matches!(
            err.kind(),
            CommandErrorKind::InvalidMailbox { sender: true, .. }
        ),
        "{err}"
    );
    assert_eq!((code, enhanced.as_str()), (553, "5.1.7"));
    assert_eq!(err.offset(), 13);

    let (err, code, _) = kat::refused_command(b"MAIL FROM:<>>>>\r\n");
    assert!(
        matches!(err.kind(), CommandErrorKind::Syntax { .. }),
        "{err}"
    );
    assert_eq!((err.offset(), code), (12, 501));

    let (err, code, _) = kat::refused_command(b"MAIL FROM:a@b.c\r\n");
    assert_eq!(
        err.kind(),
        &CommandErrorKind::Syntax {
            expected: "'<' opening the path"
        }
    );
    assert_eq!((err.offset(), code), (10, 501));

    let (err, code, _) = kat::refused_command(b"MAIL FROM:<a@b.c\r\n");
    assert!(matches!(err.kind(), CommandErrorKind::Syntax { .. }));
    assert_eq!((err.offset(), code), (16, 501));

    let long_local = format!("RCPT TO:<{}@b.c>\r\n", "a".repeat(65));
    let (err, code, enhanced) = kat::refused_command(long_local.as_bytes());
    let CommandErrorKind::InvalidMailbox {
        sender: false,
        error,
    } = err.kind()
    else {
        panic!("{err}")
    };
    assert_eq!(error.rule(), &Rule::TooLong { limit: 64 });
    assert_eq!((code, enhanced.as_str()), (553, "5.1.3"));
    assert!(kat::command(format!("RCPT TO:<{}@b.c>\r\n", "a".repeat(64)).as_bytes()).is_ok());

    let (err, code, _) = kat::refused_command(b"EHLO a<b>\r\n");
    assert!(
        matches!(err.kind(), CommandErrorKind::InvalidArgument(_)),
        "{err}"
    );
    assert_eq!((err.offset(), code), (6, 501));
}

#[test]
fn path_longer_than_256_octets_is_path_too_long() {
    let domain = format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61)
    );
    assert_eq!(domain.len(), 253);
    let line = format!("RCPT TO:<x@{domain}>\r\n");
    let (err, code, _) = kat::refused_command(line.as_bytes());
    assert!(
        matches!(err.kind(), CommandErrorKind::InvalidArgument(_)),
        "{err}"
    );
    assert_eq!(code, 501);
    assert!(
        err.reply().to_string().contains("Path too long"),
        "{}",
        err.reply()
    );
}

#[test]
fn non_ascii_and_non_utf8_addresses() {
    let line = "RCPT TO:<pelé@example.com>\r\n".as_bytes();
    let (err, code, enhanced) = kat::refused_command(line);
    let CommandErrorKind::InvalidMailbox { error, .. } = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(error.rule(), &Rule::NonAscii);
    assert_eq!((err.offset(), code, enhanced.as_str()), (12, 553, "5.6.7"));

    let mut utf8 = CommandOptions::default();
    utf8.extensions.smtputf8 = true;
    let Command::Rcpt { to, .. } = kat::command_with(utf8, line).unwrap() else {
        panic!()
    };
    assert_eq!(to.to_string(), "<pelé@example.com>");

    let (err, code, _) = kat::refused_command_with(utf8, b"RCPT TO:<pel\xff@example.com>\r\n");
    let CommandErrorKind::InvalidMailbox { error, .. } = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(error.rule(), &Rule::NotUtf8);
    assert_eq!((err.offset(), code), (12, 553));
}

#[test]
fn framing_errors_map_to_500() {
    // A bare LF does not end the line: the bad line runs to its CRLF.
    let (err, code, enhanced) = kat::refused_command(b"MAIL FROM:<a@b.c>\nRSET\r\n");
    assert_eq!(
        (err.kind(), err.offset(), err.consumed()),
        (&CommandErrorKind::Frame(FrameErrorKind::BareLf), 17, 24)
    );
    assert_eq!((code, enhanced.as_str()), (500, "5.5.2"));

    let (err, code, _) = kat::refused_command(b"MA\rIL FROM:<a@b.c>\r\n");
    assert_eq!(
        (err.kind(), err.offset(), code),
        (&CommandErrorKind::Frame(FrameErrorKind::BareCr), 2, 500)
    );

    let (err, code, _) = kat::refused_command(b"NOOP a\0b\r\n");
    assert_eq!(
        (err.kind(), err.offset(), code),
        (&CommandErrorKind::Frame(FrameErrorKind::Nul), 6, 500)
    );

    let (err, code, _) = kat::refused_command(b"M@IL FROM:<a@b.c>\r\n");
    assert_eq!(
        (err.kind(), err.offset(), code),
        (&CommandErrorKind::UnrecognizedCommand, 0, 500)
    );
    let (err, _, _) = kat::refused_command(b"\r\n");
    assert_eq!(err.kind(), &CommandErrorKind::UnrecognizedCommand);
}

#[test]
fn bare_lf_leniency() {
    let mut lenient = CommandOptions::default();
    lenient.leniency.bare_lf_line_ends = true;
    let cmd = kat::command_with(lenient, b"MAIL FROM:<a@b.c>\n").unwrap();
    assert_eq!(mailbox_of_from(&cmd), "<a@b.c>");
    assert!(kat::command_with(lenient, b"MAIL FROM:<a@b.c>\r\n").is_ok());
}

#[test]
fn space_after_colon_leniency() {
    assert!(kat::refused_command(b"MAIL FROM: <a@b.c>\r\n").1 == 501);
    let mut lenient = CommandOptions::default();
    lenient.leniency.space_after_colon = true;
    let cmd = kat::command_with(lenient, b"MAIL FROM: <a@b.c>\r\n").unwrap();
    assert_eq!(kat::command_bytes(&cmd), b"MAIL FROM:<a@b.c>\r\n");
    assert!(kat::command_with(lenient, b"RCPT TO: <a@b.c>\r\n").is_ok());
    assert!(
        kat::command_with(lenient, b"RCPT TO:  <a@b.c>\r\n").is_err(),
        "only one space"
    );
}

#[test]
fn trailing_whitespace_leniency() {
    assert_eq!(kat::refused_command(b"QUIT \r\n").1, 501);
    assert_eq!(kat::refused_command(b"RCPT TO:<a@b.c> \r\n").1, 501);
    let mut lenient = CommandOptions::default();
    lenient.leniency.trailing_whitespace = true;
    assert_eq!(
        kat::command_with(lenient, b"QUIT \t \r\n").unwrap(),
        Command::Quit
    );
    let cmd = kat::command_with(lenient, b"RCPT TO:<a@b.c>  \r\n").unwrap();
    assert_eq!(kat::command_bytes(&cmd), b"RCPT TO:<a@b.c>\r\n");
}

fn noop_line(total: usize) -> Vec<u8> {
    let mut line = b"NOOP ".to_vec();
    line.resize(total - 2, b'x');
    line.extend_from_slice(b"\r\n");
    line
}

#[test]
fn line_limit_is_512_octets_including_crlf() {
    let ok = noop_line(512);
    assert!(kat::command(&ok).is_ok());
    let long = noop_line(513);
    let (err, code, enhanced) = kat::refused_command(&long);
    assert_eq!(
        err.kind(),
        &CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 })
    );
    assert_eq!((code, enhanced.as_str()), (500, "5.5.2"));
}

/// Under the bare-LF leniency a line counts as it is re-encoded, with
/// CRLF: 510 octets and an LF fit, 511 and an LF do not (the fuzzer found
/// the 511-octet line accepted, and its encoding then refused). The next
/// line decodes either way.
#[test]
fn a_bare_lf_line_counts_with_its_crlf_against_the_limit() {
    let mut options = CommandOptions::default();
    options.leniency.bare_lf_line_ends = true;
    let lf_line = |text: usize| {
        let mut line = noop_line(text + 2);
        line.truncate(text);
        line.push(b'\n');
        line.extend_from_slice(b"QUIT\r\n");
        line
    };
    let mut decoder = CommandDecoder::new(options);
    let fits = lf_line(510);
    let Ok(Decoded::Complete { value, consumed }) = decoder.decode(&fits) else {
        panic!("510 octets and an LF fit");
    };
    assert_eq!(consumed, 511);
    let wire = kat::command_bytes(&value);
    assert_eq!(wire.len(), 512);
    assert!(kat::command(&wire).is_ok(), "its encoding decodes strictly");
    let over = lf_line(511);
    let err = decoder.decode(&over).unwrap_err();
    assert_eq!(
        (err.kind(), err.consumed()),
        (
            &CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 }),
            512
        )
    );
    assert_eq!(
        decoder.decode(&over[512..]),
        Ok(Decoded::Complete {
            value: Command::Quit,
            consumed: 6
        })
    );
}

#[test]
fn an_overlong_line_does_not_desync_the_stream() {
    let mut stream = noop_line(2000);
    stream.extend_from_slice(b"QUIT\r\n");
    let mut decoder = CommandDecoder::default();
    // Fed in 100-octet reads, dropping what the decoder consumed.
    let mut buffered = Vec::new();
    let mut results = Vec::new();
    for chunk in stream.chunks(100) {
        buffered.extend_from_slice(chunk);
        loop {
            match decoder.decode(&buffered) {
                Ok(Decoded::Complete { value, consumed }) => {
                    results.push(Ok(value.into_static()));
                    buffered.drain(..consumed);
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    buffered.drain(..consumed);
                    break;
                }
                Err(e) => {
                    buffered.drain(..e.consumed());
                    results.push(Err(e.kind().clone()));
                }
            }
            assert!(
                buffered.len() <= 512,
                "the caller never buffers more than the limit"
            );
        }
    }
    assert_eq!(
        results,
        [
            Err(CommandErrorKind::Frame(FrameErrorKind::LineTooLong {
                limit: 512
            })),
            Ok(Command::Quit)
        ]
    );
}

fn mail_line(total: usize) -> Vec<u8> {
    let prefix = b"MAIL FROM:<a@b.c> SIZE=1 X-PAD=";
    let mut line = prefix.to_vec();
    line.resize(total - 2, b'p');
    line.extend_from_slice(b"\r\n");
    line
}

#[test]
fn mail_allowances_follow_the_extensions_in_force() {
    let line = mail_line(538);
    let (err, _, _) = kat::refused_command(&line);
    assert_eq!(
        err.kind(),
        &CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 })
    );

    let mut size = CommandOptions::default();
    size.extensions.size = true;
    assert!(kat::command_with(size, &line).is_ok(), "512 + 26 with SIZE");
    let (err, _, _) = kat::refused_command_with(size, &mail_line(539));
    assert_eq!(
        err.kind(),
        &CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 538 })
    );
    // The allowance is MAIL's only: a NOOP of 538 octets is still too long.
    let (err, _, _) = kat::refused_command_with(size, &noop_line(538));
    assert_eq!(
        err.kind(),
        &CommandErrorKind::Frame(FrameErrorKind::LineTooLong { limit: 512 })
    );

    let mut dsn = CommandOptions::default();
    dsn.extensions.dsn = true;
    let mut rcpt = b"RCPT TO:<a@b.c> X-PAD=".to_vec();
    rcpt.resize(1010, b'p');
    rcpt.extend_from_slice(b"\r\n");
    assert!(kat::command_with(dsn, &rcpt).is_ok(), "512 + 500 with DSN");
}

#[test]
fn every_strict_prefix_is_incomplete() {
    let line = b"RCPT TO:<a@b.c> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c\r\n";
    let mut decoder = CommandDecoder::default();
    for end in 0..line.len() {
        assert_eq!(
            decoder.decode(&line[..end]),
            Ok(Decoded::Incomplete { consumed: 0 }),
            "{end}"
        );
    }
}

/// Client lines of RFC 5321 Appendix D (D.1 to D.4) and RFC 2920 §3.1.
#[test]
fn rfc_client_lines_decode_and_reencode() {
    let lines = [
        // RFC 5321 D.1
        "EHLO bar.com",
        "MAIL FROM:<Smith@bar.com>",
        "RCPT TO:<Jones@foo.com>",
        "RCPT TO:<Green@foo.com>",
        "RCPT TO:<Brown@foo.com>",
        "DATA",
        "QUIT",
        // D.2, D.3
        "EHLO foo.com",
        "MAIL FROM:<JQP@bar.com>",
        "RCPT TO:<Jones@XYZ.COM>",
        "EHLO xyz.com",
        "MAIL FROM:<JQP@bar.com>",
        // D.4
        "VRFY Crispin",
        "MAIL FROM:<EAK@bar.com>",
        "RCPT TO:<Admin.MRC@foo.com>",
        // RFC 2920 §3.1 and §3.2
        "EHLO dbc.mtview.ca.us",
        "MAIL FROM:<mrose@dbc.mtview.ca.us>",
        "RCPT TO:<ned@ymir.claremont.edu>",
        "RCPT TO:<ned@innosoft.com>",
        "RCPT TO:<ned@ymir.claremont.edu>",
        "HELO dbc.mtview.ca.us",
        "RSET",
    ];
    for line in lines {
        kat::canonical_command(&format!("{line}\r\n"));
    }
}

#[test]
fn rfc_2920_pipelined_batch_decodes_in_order() {
    let batch = b"MAIL FROM:<mrose@dbc.mtview.ca.us>\r\nRCPT TO:<ned@innosoft.com>\r\nRCPT TO:<dan@innosoft.com>\r\nRCPT TO:<kvc@innosoft.com>\r\nDATA\r\n";
    let mut decoder = CommandDecoder::default();
    let mut rest = &batch[..];
    let mut verbs = Vec::new();
    while let Decoded::Complete { value, consumed } = decoder.decode(rest).unwrap() {
        verbs.push(value.verb().to_owned());
        rest = &rest[consumed..];
    }
    assert!(rest.is_empty());
    assert_eq!(verbs, ["MAIL", "RCPT", "RCPT", "RCPT", "DATA"]);
}

#[test]
fn error_display_names_the_problem_and_place() {
    let (err, _, _) = kat::refused_command(b"MAIL FROM:<a@b.c> SIZE=1 SIZE=2\r\n");
    assert_eq!(
        err.to_string(),
        "invalid MailParameter: appears more than once at octet 25"
    );
    let text = err.reply().to_string();
    assert!(
        text.starts_with("501 5.5.4 Syntax error in parameters or arguments"),
        "{text}"
    );
    assert!(text.ends_with("\r\n"));
}

/// Issue 15, item 5: canonical encoding writes parameter keywords, and the
/// keywords among their values (`8BITMIME`, `NEVER`, `HDRS`, BY and RRVS
/// modes), in upper case, whatever case the client used; unknown
/// parameters get an upper-case keyword and keep their value. A value
/// decoded from either spelling is the same value.
#[test]
fn parameter_keywords_and_value_keywords_encode_in_upper_case() {
    let cases: [(&[u8], &str); 5] = [
        (
            b"mail from:<a@b.c> size=10 body=8bitmime\r\n",
            "MAIL FROM:<a@b.c> SIZE=10 BODY=8BITMIME\r\n",
        ),
        (
            b"MAIL FROM:<a@b.c> Ret=hdrs EnvId=QQ+2B smtputf8 Auth=<> x-Foo=Bar\r\n",
            "MAIL FROM:<a@b.c> RET=HDRS ENVID=QQ+2B SMTPUTF8 AUTH=<> X-FOO=Bar\r\n",
        ),
        (
            b"MAIL FROM:<a@b.c> mt-priority=+3 by=120;rt holdfor=9 requiretls body=binarymime\r\n",
            "MAIL FROM:<a@b.c> MT-PRIORITY=3 BY=120;RT HOLDFOR=9 REQUIRETLS BODY=BINARYMIME\r\n",
        ),
        (
            b"rcpt to:<a@b.c> notify=never orcpt=RFC822;a+40b.c\r\n",
            "RCPT TO:<a@b.c> NOTIFY=NEVER ORCPT=rfc822;a+40b.c\r\n",
        ),
        (
            b"RCPT TO:<a@b.c> Notify=delay,Success rrvs=2014-04-03T23:01:00Z;c x-y\r\n",
            "RCPT TO:<a@b.c> NOTIFY=SUCCESS,DELAY RRVS=2014-04-03T23:01:00Z;C X-Y\r\n",
        ),
    ];
    for (line, canonical) in cases {
        let value = kat::command_with(kat::roomy(), line).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&kat::command_bytes(&value)),
            canonical
        );
        assert_eq!(
            format!("{value}\r\n"),
            canonical,
            "Display is the wire form"
        );
        let again = kat::command_with(kat::roomy(), canonical.as_bytes()).unwrap();
        assert_eq!(again, value, "both spellings are one value");
    }
    // The text as the client wrote it stays available.
    let Command::Mail { parameters, .. } =
        kat::command_with(kat::roomy(), b"MAIL FROM:<a@b.c> size=10\r\n").unwrap()
    else {
        panic!()
    };
    assert_eq!(parameters.as_str(), "size=10");
    assert_eq!(parameters.to_string(), "SIZE=10");
}
