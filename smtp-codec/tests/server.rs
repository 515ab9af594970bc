//! The server session end to end: RFC 5321 Appendix D, protocol order,
//! pipelining, STARTTLS, AUTH, LMTP, BDAT, limits, and the smuggling table
//! sent through a whole session.

mod common;

use smtp_sansio_codec::body::LineEndPolicy;
use smtp_sansio_codec::proto::{
    AuthMechanisms, Capability, Domain, EnhancedStatusCode, Reply, ReplyCode, Text,
};
use smtp_sansio_codec::server::{ServerConfig, ServerError, ServerEvent, ServerSession};

fn config() -> ServerConfig {
    ServerConfig::new(Domain::try_from("foo.com").unwrap())
}

/// A compact record of one event, for comparing transcripts.
fn describe(event: &ServerEvent<'_>) -> String {
    match event {
        ServerEvent::Hello { kind, domain } => format!("hello {kind:?} {domain}"),
        ServerEvent::Mail { from, .. } => format!("mail {from}"),
        ServerEvent::Rcpt { to, .. } => format!("rcpt {to}"),
        ServerEvent::Body(data) => format!("body {}", String::from_utf8_lossy(data)),
        ServerEvent::MessageRefused(e) => format!("refused {:?}", e.kind()),
        ServerEvent::Answered(c) => format!("answered {}", c.verb()),
        ServerEvent::OutOfSequence(c) => format!("out of sequence {}", c.verb()),
        ServerEvent::BadCommand(e) => format!("bad {:?}", e.kind()),
        ServerEvent::StartTls { discarded } => format!("starttls discarded {discarded}"),
        ServerEvent::ImproperPipelining { command, discarded } => {
            format!(
                "improper pipelining after {} discarded {discarded}",
                command.verb()
            )
        }
        ServerEvent::Auth {
            mechanism,
            initial_response,
        } => {
            format!("auth {mechanism} {}", initial_response.is_some())
        }
        ServerEvent::AuthResponse(_) => "auth response".to_owned(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Feeds `input` to the session the way a client that waits for every
/// reply sends it: one line (through its LF) per read, so nothing is ever
/// pipelined past a command that must end a batch. See [`drive_reads`].
fn drive(
    session: &mut ServerSession,
    input: &[u8],
    decide: impl FnMut(&ServerEvent<'_>, &mut ServerSession),
) -> (Vec<String>, String) {
    let lines: Vec<&[u8]> = input.split_inclusive(|&b| b == b'\n').collect();
    drive_reads(session, &lines, decide)
}

/// Feeds `reads` one after another into a buffer, as an embedder does (it
/// reads more when the session asks for input, and drops what each step
/// consumed), answering every decision with `decide` (which may also
/// challenge); returns the events (body pieces joined) and the reply
/// octets written.
fn drive_reads(
    session: &mut ServerSession,
    reads: &[&[u8]],
    mut decide: impl FnMut(&ServerEvent<'_>, &mut ServerSession),
) -> (Vec<String>, String) {
    let mut events: Vec<String> = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut reads = reads.iter();
    loop {
        let step = session.handle(&buffer).expect("no decision left pending");
        let consumed = step.consumed;
        let mut stop = false;
        match &step.event {
            ServerEvent::NeedInput => {
                buffer.drain(..consumed);
                match reads.next() {
                    Some(read) => {
                        buffer.extend_from_slice(read);
                        continue;
                    }
                    None => break,
                }
            }
            ServerEvent::NeedFlush => panic!("output bound hit in a test"),
            ServerEvent::Closed => {
                events.push("closed".into());
                stop = true;
            }
            ServerEvent::Body(data) => {
                let text = String::from_utf8_lossy(data);
                match events.last_mut() {
                    Some(last) if last.starts_with("body ") => last.push_str(&text),
                    _ => events.push(format!("body {text}")),
                }
            }
            event => events.push(describe(event)),
        }
        if session.decision_pending() {
            decide(&step.event, session);
        }
        stop |= matches!(
            step.event,
            ServerEvent::StartTls { .. } | ServerEvent::ImproperPipelining { .. }
        );
        buffer.drain(..consumed);
        if stop {
            break;
        }
    }
    let output = String::from_utf8(session.output().to_vec()).unwrap();
    session.advance_output(output.len());
    (events, output)
}

fn accept_all(_: &ServerEvent<'_>, session: &mut ServerSession) {
    session.accept().unwrap();
}

/// The reply codes in `output`, one per final reply line.
fn codes(output: &str) -> Vec<&str> {
    output
        .split("\r\n")
        .filter(|line| line.len() >= 4 && &line[3..4] == " " || line.len() == 3)
        .map(|line| &line[..3])
        .collect()
}

fn new_session(config: ServerConfig) -> ServerSession {
    let mut session = ServerSession::new(config);
    let greeting = session.output().len();
    session.advance_output(greeting);
    session
}

fn rejection(code: ReplyCode, enhanced: &str, text: &str) -> Reply<'static> {
    Reply::with_enhanced(
        code,
        EnhancedStatusCode::try_from(enhanced).unwrap(),
        Text::try_from(text.to_owned()).unwrap(),
    )
    .unwrap()
}

#[test]
fn the_greeting_names_the_host() {
    let session = ServerSession::new(config());
    assert_eq!(session.output(), b"220 foo.com ESMTP ready\r\n");
}

/// RFC 5321 Appendix D.1, with Brown refused by the embedder's policy.
#[test]
fn appendix_d1_typical_transaction() {
    let mut session = new_session(config());
    let input = b"EHLO bar.com\r\nMAIL FROM:<Smith@bar.com>\r\nRCPT TO:<Jones@foo.com>\r\nRCPT TO:<Green@foo.com>\r\nRCPT TO:<Brown@foo.com>\r\nDATA\r\nBlah blah blah...\r\n..etc. etc. etc.\r\n.\r\nQUIT\r\n";
    let (events, output) = drive(&mut session, input, |event, s| match event {
        ServerEvent::Rcpt { to, .. } if to.to_string().contains("Green") => s
            .reject(&rejection(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1",
                "No such user here",
            ))
            .unwrap(),
        _ => s.accept().unwrap(),
    });
    assert_eq!(
        events,
        [
            "hello Ehlo bar.com",
            "mail <Smith@bar.com>",
            "rcpt <Jones@foo.com>",
            "rcpt <Green@foo.com>",
            "rcpt <Brown@foo.com>",
            "datastart",
            "body Blah blah blah...\r\n.etc. etc. etc.\r\n",
            "messageend",
            "closed",
        ]
    );
    assert_eq!(
        codes(&output),
        ["250", "250", "250", "550", "250", "354", "250", "221"]
    );
    assert!(
        output.starts_with("250-foo.com Hello\r\n250-PIPELINING\r\n"),
        "{output}"
    );
    assert!(output.ends_with("221 2.0.0 foo.com closing connection\r\n"));
    assert!(session.is_closed());
}

#[test]
fn commands_out_of_order_get_503_and_change_nothing() {
    let mut session = new_session(config());
    let (events, output) = drive(&mut session, b"MAIL FROM:<a@b.c>\r\nEHLO x.y\r\nRCPT TO:<a@b.c>\r\nDATA\r\nBDAT 3\r\nabcMAIL FROM:<a@b.c>\r\nMAIL FROM:<d@e.f>\r\nDATA\r\nRCPT TO:<g@h.i>\r\nDATA\r\n", accept_all);
    assert_eq!(
        events,
        [
            "out of sequence MAIL",
            "hello Ehlo x.y",
            "out of sequence RCPT",
            "out of sequence DATA",
            "out of sequence BDAT",
            "mail <a@b.c>",
            "out of sequence MAIL",
            "out of sequence DATA",
            "rcpt <g@h.i>",
            "datastart",
        ]
    );
    assert_eq!(
        codes(&output),
        [
            "503", "250", "503", "503", "503", "250", "503", "503", "250", "354"
        ]
    );
    assert!(
        output.contains("503 5.5.1 Send HELO/EHLO first\r\n"),
        "{output}"
    );
    assert!(
        output.contains("503 5.5.1 Nested MAIL command\r\n"),
        "{output}"
    );
}

/// RFC 2920 §3.2: the replies to a pipelined batch are sent when the
/// input runs dry. The session asks for input (the embedder's cue to
/// flush) exactly once, when the whole batch has been read, with every
/// reply buffered in order; with an output bound smaller than the replies,
/// it asks for a flush mid-batch instead, and the flushed pieces make the
/// same replies in the same order. The counts guard the test: it fails
/// unless the flush when dry, and the early flush under the small bound,
/// were both seen.
#[test]
fn a_pipelined_batch_gets_its_replies_in_order_when_input_runs_dry() {
    let batch = b"MAIL FROM:<mrose@dbc.mtview.ca.us>\r\nRCPT TO:<ned@innosoft.com>\r\nRCPT TO:<dan@innosoft.com>\r\nDATA\r\n";
    let want = "250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n250 2.1.5 Recipient OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n";
    for max_output in [64 * 1024, 40] {
        let mut c = config();
        c.max_output = max_output;
        let mut session = new_session(c);
        let hello = session.handle(b"EHLO x.y\r\n").unwrap();
        assert!(matches!(hello.event, ServerEvent::Hello { .. }));
        session.advance_output(session.output().len());
        let mut rest = &batch[..];
        let mut sent = String::new();
        let flush = |session: &mut ServerSession, sent: &mut String| {
            sent.push_str(std::str::from_utf8(session.output()).unwrap());
            session.advance_output(session.output().len());
        };
        let (mut dry, mut early, mut events) = (0, 0, Vec::new());
        loop {
            let step = session.handle(rest).unwrap();
            rest = &rest[step.consumed..];
            match &step.event {
                ServerEvent::NeedInput => {
                    assert!(rest.is_empty(), "input is asked for only when it ran dry");
                    if early == 0 {
                        assert_eq!(session.output(), want.as_bytes(), "every reply, in order");
                    }
                    dry += 1;
                    flush(&mut session, &mut sent);
                    break;
                }
                ServerEvent::NeedFlush => {
                    // Mid-batch, or at its end: the bound is hit either way.
                    early += usize::from(!rest.is_empty());
                    flush(&mut session, &mut sent);
                }
                event => events.push(describe(event)),
            }
            if session.decision_pending() {
                session.accept().unwrap();
            }
        }
        assert_eq!(
            events,
            [
                "mail <mrose@dbc.mtview.ca.us>",
                "rcpt <ned@innosoft.com>",
                "rcpt <dan@innosoft.com>",
                "datastart"
            ]
        );
        assert_eq!(sent, want, "bound {max_output}");
        assert_eq!(dry, 1, "the flush when the input ran dry was never seen");
        if max_output < want.len() {
            assert!(
                early > 0,
                "the small bound never asked for a flush mid-batch"
            );
        } else {
            assert_eq!(early, 0, "nothing forces a flush before the batch is read");
        }
    }
}

#[test]
fn starttls_discards_what_was_pipelined_after_it() {
    let mut c = config();
    c.capabilities.push(Capability::StartTls);
    let mut session = new_session(c);
    // STARTTLS and the injected commands behind it arrive in one read.
    let reads: [&[u8]; 2] = [
        b"EHLO x.y\r\n",
        b"STARTTLS\r\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\n",
    ];
    let (events, output) = drive_reads(&mut session, &reads, accept_all);
    assert_eq!(events.last().unwrap(), "starttls discarded 60");
    assert!(
        output.ends_with("220 2.0.0 Ready to start TLS\r\n"),
        "{output}"
    );
    assert_eq!(session.handle(b"EHLO"), Err(ServerError::AwaitingTls));
    session.tls_established().unwrap();
    assert!(session.is_tls());
    // The session starts over: MAIL needs a new EHLO, and STARTTLS is gone.
    let (events, output) = drive(
        &mut session,
        b"MAIL FROM:<a@b.c>\r\nEHLO x.y\r\n",
        accept_all,
    );
    assert_eq!(events, ["out of sequence MAIL", "hello Ehlo x.y"]);
    assert!(!output.contains("STARTTLS"), "{output}");
}

#[test]
fn starttls_is_refused_unless_advertised() {
    let mut session = new_session(config());
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nSTARTTLS\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        ["hello Ehlo x.y", "answered STARTTLS", "answered NOOP"]
    );
    assert!(output.contains("502 5.5.1 STARTTLS not available\r\n"));
}

fn auth_config() -> ServerConfig {
    let mut c = config();
    c.capabilities.push(Capability::Auth(
        AuthMechanisms::try_from("PLAIN LOGIN").unwrap(),
    ));
    c
}

#[test]
fn auth_exchange_with_challenge_and_cancel() {
    let mut session = new_session(auth_config());
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nAUTH LOGIN\r\ndXNlcg==\r\ncGFzcw==\r\nAUTH PLAIN\r\n",
        |event, s| match event {
            ServerEvent::Auth { .. } => s
                .challenge(&Text::try_from("VXNlcm5hbWU6").unwrap())
                .unwrap(),
            ServerEvent::AuthResponse(secret) if secret.expose() == "dXNlcg==" => {
                s.challenge(&Text::try_from("UGFzc3dvcmQ6").unwrap())
                    .unwrap();
            }
            _ => s.accept().unwrap(),
        },
    );
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "auth LOGIN false",
            "auth response",
            "auth response",
            "out of sequence AUTH"
        ]
    );
    assert!(
        output.contains(
            "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n"
        ),
        "{output}"
    );
    assert!(session.is_authenticated());

    let mut session = new_session(auth_config());
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nAUTH PLAIN\r\n*\r\nNOOP\r\n",
        |event, s| {
            if let ServerEvent::Auth { .. } = event {
                s.challenge(&Text::default()).unwrap();
            }
        },
    );
    assert_eq!(events[2], "authcancelled");
    assert!(
        output.contains("334 \r\n501 5.7.0 Authentication cancelled\r\n250 2.0.0 OK\r\n"),
        "{output}"
    );
    assert!(!session.is_authenticated());
}

#[test]
fn the_recipient_limit_answers_452() {
    let mut c = config();
    c.max_recipients = 3;
    let mut session = new_session(c);
    let mut input = b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\n".to_vec();
    for i in 0..5 {
        input.extend_from_slice(format!("RCPT TO:<r{i}@b.c>\r\n").as_bytes());
    }
    let (events, output) = drive(&mut session, &input, accept_all);
    assert_eq!(events.iter().filter(|e| e.starts_with("rcpt")).count(), 3);
    assert_eq!(
        codes(&output),
        ["250", "250", "250", "250", "250", "452", "452"]
    );
    assert!(output.ends_with("452 4.5.3 Too many recipients\r\n"));
}

#[test]
fn rset_and_a_second_ehlo_drop_the_transaction() {
    let mut session = new_session(config());
    let (events, _) = drive(&mut session, b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRSET\r\nRCPT TO:<a@b.c>\r\nMAIL FROM:<a@b.c>\r\nEHLO x.y\r\nRCPT TO:<a@b.c>\r\n", accept_all);
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "mail <a@b.c>",
            "reset",
            "out of sequence RCPT",
            "mail <a@b.c>",
            "hello Ehlo x.y",
            "out of sequence RCPT"
        ]
    );
}

#[test]
fn lmtp_answers_once_per_accepted_recipient() {
    let mut c = config();
    c.lmtp = true;
    let mut session = new_session(c);
    let input = b"EHLO x.y\r\nLHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<one@b.c>\r\nRCPT TO:<two@b.c>\r\nRCPT TO:<three@b.c>\r\nDATA\r\nhi\r\n.\r\n";
    let mut message_answers = 0;
    let (events, output) = drive(&mut session, input, |event, s| match event {
        ServerEvent::Rcpt { to, .. } if to.to_string().contains("two") => s
            .reject(&rejection(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1",
                "No such user",
            ))
            .unwrap(),
        ServerEvent::MessageEnd => {
            // One answer per accepted recipient, in order.
            s.respond(&rejection(
                ReplyCode::EXCEEDED_STORAGE,
                "5.2.2",
                "Mailbox full",
            ))
            .unwrap();
            message_answers += 1;
            assert!(s.decision_pending(), "a second recipient is owed an answer");
            s.accept().unwrap();
            message_answers += 1;
        }
        _ => s.accept().unwrap(),
    });
    assert_eq!(events[0], "answered EHLO");
    assert_eq!(message_answers, 2);
    assert!(
        output.starts_with("500 5.5.2 Command unrecognized\r\n250-foo.com Hello\r\n"),
        "{output}"
    );
    assert!(output.ends_with("354 Start mail input; end with <CRLF>.<CRLF>\r\n552 5.2.2 Mailbox full\r\n250 2.0.0 Message accepted\r\n"), "{output}");
}

#[test]
fn bdat_chunks_make_a_message_and_data_after_bdat_is_refused() {
    let mut session = new_session(config());
    let input = b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nBDAT 5\r\nHel\r\nDATA\r\nBDAT 4 LAST\r\nlo\r\n";
    let (events, output) = drive(&mut session, input, accept_all);
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "mail <a@b.c>",
            "rcpt <d@e.f>",
            "bdatstart { size: 5, last: false }",
            "body Hel\r\n",
            "chunkend",
            "out of sequence DATA",
            "bdatstart { size: 4, last: true }",
            "body lo\r\n",
            "messageend",
        ]
    );
    assert_eq!(codes(&output)[3..], ["250", "503", "250"]);
}

#[test]
fn a_refused_bdat_still_consumes_its_chunk() {
    let mut session = new_session(config());
    // BDAT before MAIL: refused, but its 12 octets (which look like a
    // command) are skipped, not run.
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nBDAT 12\r\nQUIT\r\nQUIT\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        ["hello Ehlo x.y", "out of sequence BDAT", "answered NOOP"]
    );
    assert!(
        output.ends_with("503 5.5.1 Need MAIL command\r\n250 2.0.0 OK\r\n"),
        "{output}"
    );
}

#[test]
fn bdat_past_the_size_limit_is_read_to_its_end_and_refused() {
    let mut c = config();
    c.capabilities.push(Capability::Size(Some(4)));
    let mut session = new_session(c);
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nBDAT 10 LAST\r\n0123456789NOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events[4..],
        [
            "refused TooBig { limit: 4 }".to_owned(),
            "answered NOOP".to_owned()
        ][..],
        "{events:?}"
    );
    assert!(output.contains("552 5.3.4"), "{output}");
}

#[test]
fn a_declared_size_over_the_limit_is_refused_at_mail() {
    let mut c = config();
    c.capabilities.push(Capability::Size(Some(1000)));
    let mut session = new_session(c);
    let (_, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c> SIZE=1001\r\n",
        accept_all,
    );
    assert!(
        output.ends_with("552 5.3.4 Message size exceeds fixed maximum message size\r\n"),
        "{output}"
    );
}

#[test]
fn too_many_errors_close_the_session() {
    let mut c = config();
    c.max_errors = 3;
    let mut session = new_session(c);
    let (events, output) = drive(&mut session, b"X@\r\nY@\r\nZ@\r\nNOOP\r\n", accept_all);
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(events[3], "closed");
    assert!(
        output.ends_with("421 4.7.0 Too many errors, closing connection\r\n"),
        "{output}"
    );
    assert!(session.is_closed());
}

#[test]
fn decisions_are_enforced() {
    let mut session = new_session(config());
    assert_eq!(session.accept(), Err(ServerError::NoSuchDecision));
    let step = session.handle(b"EHLO x.y\r\n").unwrap();
    assert_eq!(step.consumed, 10);
    let step2 = session.handle(b"MAIL FROM:<a@b.c>\r\n").unwrap();
    assert!(matches!(step2.event, ServerEvent::Mail { .. }));
    assert_eq!(session.handle(b""), Err(ServerError::DecisionPending));
    assert_eq!(
        session.reject(&Reply::new(ReplyCode::OK, Text::default())),
        Err(ServerError::WrongReplyClass)
    );
    assert_eq!(
        session.challenge(&Text::default()),
        Err(ServerError::NoSuchDecision)
    );
    session.accept().unwrap();
}

/// The smuggling table of the DATA issue through a whole session: whatever
/// follows the fake terminator stays body, and no second transaction starts.
#[test]
fn smuggling_sequences_never_start_a_second_transaction() {
    let table = common::SMUGGLING;
    for policy in [
        LineEndPolicy::Reject,
        LineEndPolicy::Normalize,
        LineEndPolicy::Allow,
    ] {
        for sequence in table {
            let mut c = config();
            c.data = c.data.with_policy(policy);
            let mut session = new_session(c);
            let mut input =
                b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nbody".to_vec();
            input.extend_from_slice(sequence);
            input.extend_from_slice(b"MAIL FROM:<smuggled@evil>\r\nRCPT TO:<victim@x.y>\r\nDATA\r\nspam\r\n.\r\nQUIT\r\n");
            let (events, _) = drive(&mut session, &input, accept_all);
            let mails = events.iter().filter(|e| e.starts_with("mail")).count();
            assert_eq!(mails, 1, "{policy:?} {sequence:?}: {events:?}");
            let ends = events
                .iter()
                .filter(|e| *e == "messageend" || e.starts_with("refused"))
                .count();
            assert_eq!(ends, 1, "{policy:?} {sequence:?}: {events:?}");
            assert_eq!(events.last().unwrap(), "closed");
            if policy == LineEndPolicy::Reject {
                assert!(
                    events.iter().any(|e| e.starts_with("refused")),
                    "{sequence:?}: {events:?}"
                );
            }
        }
    }
}

#[test]
fn the_sasl_line_limit_is_enforced() {
    let mut c = auth_config();
    c.sasl_line_limit = 64;
    let mut session = new_session(c);
    let mut input = b"EHLO x.y\r\nAUTH PLAIN\r\n".to_vec();
    input.extend_from_slice(&[b'A'; 100]);
    input.extend_from_slice(b"\r\nNOOP\r\n");
    let (events, output) = drive(&mut session, &input, |event, s| {
        if let ServerEvent::Auth { .. } = event {
            s.challenge(&Text::default()).unwrap();
        }
    });
    assert_eq!(events[2], "bad Frame(LineTooLong { limit: 64 })");
    assert_eq!(events[3], "answered NOOP");
    assert!(output.contains("500 5.5.6"), "{output}");
}

/// RFC 5321 Appendix D.2: the client aborts with RSET after a refused
/// recipient, then quits.
#[test]
fn appendix_d2_aborted_transaction() {
    let mut session = new_session(config());
    let input = b"EHLO bar.com\r\nMAIL FROM:<Smith@bar.com>\r\nRCPT TO:<Jones@foo.com>\r\nRCPT TO:<Green@foo.com>\r\nRSET\r\nQUIT\r\n";
    let (events, output) = drive(&mut session, input, |event, s| match event {
        ServerEvent::Rcpt { to, .. } if to.to_string().contains("Green") => s
            .reject(&rejection(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1",
                "No such user here",
            ))
            .unwrap(),
        _ => s.accept().unwrap(),
    });
    assert_eq!(events[4..], ["reset".to_owned(), "closed".to_owned()]);
    assert_eq!(codes(&output), ["250", "250", "250", "550", "250", "221"]);
}

/// RFC 5321 Appendix D.3: relayed mail, the second hop (foo.com relays to
/// xyz.com), with the appendix's message.
#[test]
fn appendix_d3_relayed_mail() {
    let mut session = new_session(ServerConfig::new(Domain::try_from("xyz.com").unwrap()));
    let input = b"EHLO foo.com\r\nMAIL FROM:<JQP@bar.com>\r\nRCPT TO:<Jones@XYZ.COM>\r\nDATA\r\nDate: Thu, 21 May 1998 05:33:29 -0700\r\nFrom: John Q. Public <JQP@bar.com>\r\nSubject: The Next Meeting of the Board\r\nTo: Jones@xyz.com\r\n\r\nBill:\r\nThe next meeting of the board of directors will be\r\non Tuesday.\r\n.\r\nQUIT\r\n";
    let (events, output) = drive(&mut session, input, accept_all);
    assert_eq!(
        events[1..4],
        ["mail <JQP@bar.com>", "rcpt <Jones@XYZ.COM>", "datastart"]
    );
    assert!(events[4].ends_with("on Tuesday.\r\n"), "{:?}", events[4]);
    assert_eq!(codes(&output), ["250", "250", "250", "354", "250", "221"]);
}

/// RFC 5321 Appendix D.4: VRFY, then a transaction.
#[test]
fn appendix_d4_verifying_and_sending() {
    let mut session = new_session(config());
    let input = b"EHLO bar.com\r\nVRFY Crispin\r\nMAIL FROM:<EAK@bar.com>\r\nRCPT TO:<Admin.MRC@foo.com>\r\nDATA\r\nBlah blah blah...\r\n..etc. etc. etc.\r\n.\r\nQUIT\r\n";
    let (events, output) = drive(&mut session, input, accept_all);
    assert_eq!(events[1], "answered VRFY");
    assert_eq!(
        codes(&output),
        ["250", "252", "250", "250", "354", "250", "221"]
    );
}

/// Issue 15, item 7: the recipient limit counts accepted recipients only
/// (RFC 5321 §4.5.3.1.8): refused ones do not use up the room.
#[test]
fn refused_recipients_do_not_count_toward_the_recipient_limit() {
    let mut c = config();
    c.max_recipients = 2;
    let mut session = new_session(c);
    let input = b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<no1@b.c>\r\nRCPT TO:<no2@b.c>\r\nRCPT TO:<yes1@b.c>\r\nRCPT TO:<no3@b.c>\r\nRCPT TO:<yes2@b.c>\r\nRCPT TO:<yes3@b.c>\r\n";
    let (events, output) = drive(&mut session, input, |event, s| match event {
        ServerEvent::Rcpt { to, .. } if to.to_string().contains("no") => s
            .reject(&rejection(
                ReplyCode::MAILBOX_UNAVAILABLE,
                "5.1.1",
                "No such user",
            ))
            .unwrap(),
        _ => s.accept().unwrap(),
    });
    assert_eq!(
        events[2..],
        [
            "rcpt <no1@b.c>",
            "rcpt <no2@b.c>",
            "rcpt <yes1@b.c>",
            "rcpt <no3@b.c>",
            "rcpt <yes2@b.c>",
            "answered RCPT",
        ],
        "{events:?}"
    );
    assert_eq!(
        codes(&output),
        ["250", "250", "550", "550", "250", "550", "250", "452"]
    );
}

/// Issue 15, item 4: `ServerConfig::sasl_line_limit` is the one SASL line
/// limit: it bounds the AUTH command line with its initial response as
/// well as the lines after a 334.
#[test]
fn the_sasl_line_limit_also_bounds_the_auth_line_with_its_initial_response() {
    let mut c = auth_config();
    c.sasl_line_limit = 100;
    let mut session = new_session(c);
    let mut input = b"EHLO x.y\r\n".to_vec();
    // 1 013, 101 and 97 octets with the CRLF: base64 comes in fours.
    for response in [1000, 88, 84] {
        input.extend_from_slice(b"AUTH PLAIN ");
        input.extend_from_slice(&vec![b'A'; response]);
        input.extend_from_slice(b"\r\n");
    }
    let (events, output) = drive(&mut session, &input, |_, s| s.accept().unwrap());
    // The longest line is cut by the framer (at the longest limit of any
    // verb) before its verb is known; the 101-octet one by AUTH's own.
    assert!(events[1].starts_with("bad Frame(LineTooLong"), "{events:?}");
    assert_eq!(
        events[2..],
        ["bad Frame(LineTooLong { limit: 100 })", "auth PLAIN true"]
    );
    assert!(output.contains("500 5.5.2 Line too long"), "{output}");
    assert!(session.is_authenticated());
}

/// Issue 15, item 1: an empty client response (`CRLF` after a 334, RFC 4954
/// §4 `*(CRLF [base64])`) is a response, the empty secret, not an error:
/// the mechanisms with an empty step (GSSAPI's last, EXTERNAL) complete.
#[test]
fn an_empty_sasl_response_reaches_the_embedder_as_an_empty_secret() {
    let mut c = auth_config();
    c.max_errors = 1; // one client error would close the session
    let mut session = new_session(c);
    let mut secrets = Vec::new();
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nAUTH PLAIN\r\n\r\nNOOP\r\n",
        |event, s| match event {
            ServerEvent::Auth { .. } => s.challenge(&Text::default()).unwrap(),
            ServerEvent::AuthResponse(secret) => {
                secrets.push(secret.expose().to_owned());
                s.accept().unwrap();
            }
            _ => s.accept().unwrap(),
        },
    );
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "auth PLAIN false",
            "auth response",
            "answered NOOP"
        ]
    );
    assert_eq!(secrets, [""]);
    assert!(
        output.ends_with("334 \r\n235 2.7.0 Authentication successful\r\n250 2.0.0 OK\r\n"),
        "{output}"
    );
    assert!(session.is_authenticated());
}

/// Issue 15, item 8: after HELO no extension is in force: MAIL/RCPT
/// parameters get `555 5.5.4` and BDAT is refused (its chunk still
/// skipped); after EHLO exactly the advertised extensions are.
#[test]
fn after_helo_no_extension_is_in_force_and_after_ehlo_exactly_the_advertised_ones() {
    let mut c = config();
    c.capabilities.push(Capability::Size(Some(1000)));
    let mut session = new_session(c);
    let (events, output) = drive(
        &mut session,
        b"HELO x.y\r\nMAIL FROM:<a@b.c> SIZE=10 BODY=8BITMIME\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f> NOTIFY=NEVER\r\nRCPT TO:<d@e.f>\r\nBDAT 12 LAST\r\nRSET\r\nQUIT\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        [
            "hello Helo x.y",
            "bad ParameterNotInForce",
            "mail <a@b.c>",
            "bad ParameterNotInForce",
            "rcpt <d@e.f>",
            "answered BDAT",
            "answered NOOP",
        ],
        "{output}"
    );
    assert_eq!(
        codes(&output),
        ["250", "555", "250", "555", "250", "502", "250"]
    );
    assert!(
        output.contains("555 5.5.4 MAIL/RCPT parameter not offered"),
        "{output}"
    );
    assert!(
        output.contains("502 5.5.1 BDAT not available\r\n"),
        "{output}"
    );

    // EHLO: SIZE and 8BITMIME were advertised, DSN and BINARYMIME were not.
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c> SIZE=10 BODY=8BITMIME\r\nRCPT TO:<d@e.f> NOTIFY=NEVER\r\nRSET\r\nMAIL FROM:<a@b.c> BODY=BINARYMIME\r\nMAIL FROM:<a@b.c> RET=HDRS\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "mail <a@b.c>",
            "bad ParameterNotInForce",
            "reset",
            "bad ParameterNotInForce",
            "bad ParameterNotInForce",
        ]
    );
    assert_eq!(codes(&output)[1..], ["250", "555", "250", "555", "555"]);
}

/// Issue 15, item 8: the line allowances follow the greeting too: a MAIL
/// line that only AUTH's allowance makes room for is too long after HELO.
#[test]
fn line_allowances_follow_the_greeting() {
    let mut session = new_session(auth_config());
    let mut mail = b"MAIL FROM:<a@b.c> X-PAD=".to_vec();
    mail.resize(700, b'x');
    mail.extend_from_slice(b"\r\n");
    let mut input = b"HELO x.y\r\n".to_vec();
    input.extend_from_slice(&mail);
    input.extend_from_slice(b"EHLO x.y\r\n");
    input.extend_from_slice(&mail);
    let (events, _) = drive(&mut session, &input, accept_all);
    assert_eq!(
        events,
        [
            "hello Helo x.y",
            "bad Frame(LineTooLong { limit: 512 })",
            "hello Ehlo x.y",
            "mail <a@b.c>",
        ]
    );
}

/// Issue 15, item 8: BDAT needs CHUNKING advertised; refused, its chunk is
/// still skipped, so the session stays in sync.
#[test]
fn bdat_is_refused_unless_chunking_was_advertised_and_its_chunk_is_skipped() {
    let mut c = config();
    c.capabilities.retain(|c| *c != Capability::Chunking);
    let mut session = new_session(c);
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nBDAT 12 LAST\r\nQUIT\r\nQUIT\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events[3..],
        ["answered BDAT".to_owned(), "answered NOOP".to_owned()],
        "{events:?}"
    );
    assert!(
        output.ends_with("502 5.5.1 BDAT not available\r\n250 2.0.0 OK\r\n"),
        "{output}"
    );
}

/// Issue 15, item 11: the line-end policy holds for BDAT content as for
/// DATA, across the chunks of a message: under the default `Reject` a chunk
/// carrying `\n.\n` and a forged transaction is read to the end of the LAST
/// chunk and refused (550 5.6.0), never stored as it is; a CR ending one
/// chunk and the LF starting the next are one CRLF; `BODY=BINARYMIME`
/// content passes as it is (RFC 3030 §3).
#[test]
fn bdat_content_follows_the_line_end_policy_unless_binarymime() {
    let smuggled: &[u8] = b"Subject: x\r\n\r\nhi\n.\nMAIL FROM:<evil@x.y>\r\nRCPT TO:<victim@x.y>\r\nDATA\r\nspam\r\n.\r\n";
    let transaction = |mail: &str, chunks: &[(&[u8], bool)]| {
        let mut input =
            format!("EHLO x.y\r\nMAIL FROM:<a@b.c>{mail}\r\nRCPT TO:<d@e.f>\r\n").into_bytes();
        for (octets, last) in chunks {
            let last = if *last { " LAST" } else { "" };
            input.extend_from_slice(format!("BDAT {}{last}\r\n", octets.len()).as_bytes());
            input.extend_from_slice(octets);
        }
        input.extend_from_slice(b"NOOP\r\n");
        input
    };

    let mut session = new_session(config());
    let (events, output) = drive(
        &mut session,
        &transaction("", &[(smuggled, true)]),
        accept_all,
    );
    assert_eq!(
        events[3..],
        [
            format!("bdatstart {{ size: {}, last: true }}", smuggled.len()),
            "body Subject: x\r\n\r\nhi".to_owned(),
            "refused Frame(BareLf)".to_owned(),
            "answered NOOP".to_owned(),
        ],
        "{events:?}"
    );
    assert!(
        output.ends_with("550 5.6.0 Message refused: bare LF in the body (lines must end in CRLF)\r\n250 2.0.0 OK\r\n"),
        "{output}"
    );

    // Split over two chunks, the fault in the first: refused at the LAST.
    let mut session = new_session(config());
    let (events, _) = drive(
        &mut session,
        &transaction("", &[(b"a\nb", false), (b"c\r\n", true)]),
        accept_all,
    );
    assert_eq!(
        events[3..],
        [
            "bdatstart { size: 3, last: false }",
            "body a",
            "chunkend",
            "bdatstart { size: 3, last: true }",
            "refused Frame(BareLf)",
            "answered NOOP",
        ]
    );

    // A CRLF across the chunk boundary is a CRLF; a CR ending a chunk whose
    // next chunk starts otherwise is bare.
    let mut session = new_session(config());
    let (events, _) = drive(
        &mut session,
        &transaction("", &[(b"ab\r", false), (b"\ncd\r\n", true)]),
        accept_all,
    );
    assert_eq!(
        events[4..],
        [
            "body ab",
            "chunkend",
            "bdatstart { size: 5, last: true }",
            "body \r\ncd\r\n",
            "messageend",
            "answered NOOP"
        ]
    );
    let mut session = new_session(config());
    let (events, _) = drive(
        &mut session,
        &transaction("", &[(b"ab\r", false), (b"cd\r\n", true)]),
        accept_all,
    );
    assert_eq!(events[events.len() - 2], "refused Frame(BareCr)");

    // BODY=BINARYMIME, advertised: the octets are the message, as they are.
    let mut c = config();
    c.capabilities.push(Capability::BinaryMime);
    let mut session = new_session(c);
    let (events, _) = drive(
        &mut session,
        &transaction(" BODY=BINARYMIME", &[(smuggled, true)]),
        accept_all,
    );
    assert_eq!(
        events[4..],
        [
            format!("body {}", String::from_utf8_lossy(smuggled)),
            "messageend".to_owned(),
            "answered NOOP".to_owned(),
        ]
    );
    assert_eq!(events.iter().filter(|e| e.starts_with("mail")).count(), 1);
}

/// Issue 15, item 12: a command that must end a pipelined batch (RFC 2920
/// §3.1) with more input already behind it, sent before the client could
/// see its reply, is not run: the session answers 554 5.5.0, drops the
/// rest and closes (as Postfix's `smtpd_forbid_unauth_pipelining`).
#[test]
fn a_batch_that_runs_past_a_command_that_must_end_it_gets_554_and_ends_the_session() {
    let cases: [(&[u8], &str, &str); 7] = [
        (b"", "EHLO x.y\r\n", "MAIL FROM:<a@b.c>\r\n"),
        (b"", "HELO x.y\r\n", "MAIL FROM:<a@b.c>\r\n"),
        (
            b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\n",
            "DATA\r\n",
            "Subject: too early\r\n",
        ),
        (b"EHLO x.y\r\n", "NOOP\r\n", "RSET\r\n"),
        (b"EHLO x.y\r\n", "VRFY a\r\n", "NOOP\r\n"),
        (b"EHLO x.y\r\n", "EXPN a\r\n", "NOOP"),
        (b"EHLO x.y\r\n", "AUTH PLAIN\r\n", "dGVzdA==\r\n"),
    ];
    for (before, last, behind) in cases {
        let mut session = new_session(auth_config());
        drive(&mut session, before, accept_all);
        let batch = format!("{last}{behind}");
        let (events, output) = drive_reads(&mut session, &[batch.as_bytes()], accept_all);
        let verb = &last[..4];
        assert_eq!(
            events,
            [format!(
                "improper pipelining after {verb} discarded {}",
                behind.len()
            )],
            "{batch:?}"
        );
        // Not run: no 250 to EHLO, no 354 to DATA, no 334 to AUTH.
        assert_eq!(
            output, "554 5.5.0 Error: SMTP protocol synchronization\r\n",
            "{batch:?}"
        );
        assert!(session.is_closed());
        assert_eq!(
            session.handle(b"NOOP\r\n").unwrap().event,
            ServerEvent::Closed
        );
    }

    // What may be pipelined is: MAIL, RCPT and RSET anywhere, DATA last,
    // and QUIT (the session ends anyway); the message content is the first
    // "command" of a batch.
    let mut session = new_session(config());
    let reads: [&[u8]; 4] = [
        b"EHLO x.y\r\n",
        b"RSET\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\n",
        b"hi\r\n.\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nRSET\r\nNOOP\r\n",
        b"QUIT\r\nNOOP\r\n",
    ];
    let (events, output) = drive_reads(&mut session, &reads, accept_all);
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "reset",
            "mail <a@b.c>",
            "rcpt <d@e.f>",
            "datastart",
            "body hi\r\n",
            "messageend",
            "mail <a@b.c>",
            "rcpt <d@e.f>",
            "reset",
            "answered NOOP",
            "closed"
        ]
    );
    assert!(output.ends_with("221 2.0.0 foo.com closing connection\r\n"));

    // The leniency runs them as they come.
    let mut c = config();
    c.allow_improper_pipelining = true;
    let mut session = new_session(c);
    let reads: [&[u8]; 1] = [b"EHLO x.y\r\nMAIL FROM:<a@b.c>\r\nNOOP\r\nRSET\r\n"];
    let (events, _) = drive_reads(&mut session, &reads, accept_all);
    assert_eq!(
        events,
        ["hello Ehlo x.y", "mail <a@b.c>", "answered NOOP", "reset"]
    );
}

/// Issue 15, item 12: the session checks the AUTH mechanism against the
/// advertised list: one that was not offered gets 504 5.5.4 (RFC 4954 §4),
/// counted as an error; case does not matter.
#[test]
fn auth_with_a_mechanism_that_was_not_offered_gets_504() {
    let mut session = new_session(auth_config());
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nAUTH CRAM-MD5\r\nAUTH XOAUTH2 dGVzdA==\r\nAUTH plain dGVzdA==\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "answered AUTH",
            "answered AUTH",
            "auth plain true"
        ]
    );
    assert_eq!(codes(&output)[1..], ["504", "504", "235"]);
    assert!(
        output.contains("504 5.5.4 Unrecognized authentication type\r\n"),
        "{output}"
    );
}

/// `ServerConfig::max_junk_commands`: NOOP, RSET, VRFY, HELP and EXPN past
/// the limit count as errors toward `max_errors`; the count starts over
/// after an accepted message.
#[test]
fn junk_commands_past_the_limit_count_as_errors() {
    let mut c = config();
    c.max_junk_commands = 3;
    c.max_errors = 2;
    let mut session = new_session(c);
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nNOOP\r\nRSET\r\nVRFY a\r\nHELP\r\nEXPN b\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events,
        [
            "hello Ehlo x.y",
            "answered NOOP",
            "reset",
            "answered VRFY",
            "answered HELP",
            "answered EXPN",
            "closed"
        ]
    );
    assert!(
        output.ends_with(
            "502 5.5.1 EXPN not available\r\n421 4.7.0 Too many errors, closing connection\r\n"
        ),
        "{output}"
    );

    let mut c = config();
    c.max_junk_commands = 1;
    c.max_errors = 1;
    let mut session = new_session(c);
    let (events, _) = drive(
        &mut session,
        b"EHLO x.y\r\nNOOP\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nhi\r\n.\r\nNOOP\r\nNOOP\r\nNOOP\r\n",
        accept_all,
    );
    assert_eq!(
        events[6..],
        [
            "messageend".to_owned(),
            "answered NOOP".to_owned(),
            "answered NOOP".to_owned(),
            "closed".to_owned()
        ],
        "{events:?}"
    );
}

/// Issue 15, item 10: under strict framing a bare LF does not end a command
/// line in a session: `NOOP\nRSET\r\n` is one bad line, answered once (500),
/// and RSET does not run. With the leniency on, both run.
#[test]
fn a_bare_lf_does_not_end_a_strict_command_line_in_a_session() {
    for reads in [
        &[&b"EHLO x.y\r\n"[..], b"NOOP\nRSET\r\n"][..],
        &[&b"EHLO x.y\r\n"[..], b"NOOP\n", b"RSET\r\n"][..],
    ] {
        let mut c = config();
        c.max_errors = 2;
        let mut session = new_session(c);
        let (events, output) = drive_reads(&mut session, reads, accept_all);
        assert_eq!(events, ["hello Ehlo x.y", "bad Frame(BareLf)"], "{reads:?}");
        assert_eq!(codes(&output), ["250", "500"], "{output}");
        assert!(
            output.ends_with(
                "500 5.5.2 Syntax error: bare LF (line ends must be CRLF) at octet 4\r\n"
            ),
            "{output}"
        );
    }

    // With the leniency the bare LF ends NOOP's line: answered at once,
    // before RSET arrives.
    let mut c = config();
    c.commands.leniency.bare_lf_line_ends = true;
    let mut session = new_session(c);
    let (events, output) = drive_reads(&mut session, &[b"EHLO x.y\r\n", b"NOOP\n"], accept_all);
    assert_eq!(events, ["hello Ehlo x.y", "answered NOOP"]);
    assert!(output.ends_with("250 2.0.0 OK\r\n"), "{output}");
    let (events, output) = drive_reads(&mut session, &[b"RSET\r\n"], accept_all);
    assert_eq!(
        (events, output.as_str()),
        (vec!["reset".to_owned()], "250 2.0.0 OK\r\n")
    );

    // In one read RSET is pipelined past NOOP, which must end a batch; with
    // that allowed as well, both run from the one read.
    let mut c = config();
    c.commands.leniency.bare_lf_line_ends = true;
    c.allow_improper_pipelining = true;
    let mut session = new_session(c);
    let (events, output) = drive_reads(&mut session, &[b"EHLO x.y\r\nNOOP\nRSET\r\n"], accept_all);
    assert_eq!(events, ["hello Ehlo x.y", "answered NOOP", "reset"]);
    assert_eq!(codes(&output), ["250", "250", "250"]);
}

#[test]
fn data_after_body_binarymime_gets_503_and_the_transaction_stays_for_bdat() {
    let mut c = config();
    c.capabilities.push(Capability::BinaryMime);
    let mut session = new_session(c);
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c> BODY=BINARYMIME\r\nRCPT TO:<d@e.f>\r\n",
        accept_all,
    );
    assert_eq!(events, ["hello Ehlo x.y", "mail <a@b.c>", "rcpt <d@e.f>"]);
    assert_eq!(codes(&output)[1..], ["250", "250"]);
    // RFC 3030 §3: a BINARYMIME body travels by BDAT only.
    let (events, output) = drive(&mut session, b"DATA\r\n", accept_all);
    assert_eq!(events, ["out of sequence DATA"], "{output}");
    assert_eq!(codes(&output), ["503"], "{output}");
    assert!(output.contains("BODY=BINARYMIME needs BDAT"), "{output}");
    // The transaction is intact: the body still arrives by BDAT.
    let (events, output) = drive(&mut session, b"BDAT 2 LAST\r\nab", accept_all);
    assert_eq!(
        events,
        ["bdatstart { size: 2, last: true }", "body ab", "messageend"],
        "{output}"
    );
}

#[test]
fn after_starttls_no_extension_is_in_force_until_the_next_ehlo() {
    let mut c = config();
    c.capabilities.push(Capability::StartTls);
    c.capabilities.push(Capability::Size(Some(1000)));
    let mut session = new_session(c);
    let (events, _) = drive(&mut session, b"EHLO x.y\r\nSTARTTLS\r\n", accept_all);
    assert_eq!(events[0], "hello Ehlo x.y");
    session.tls_established().unwrap();
    // Before the new EHLO, SIZE (advertised in plaintext) is not in force.
    let (events, output) = drive(&mut session, b"MAIL FROM:<a@b.c> SIZE=10\r\n", accept_all);
    assert_eq!(events, ["bad ParameterNotInForce"], "{output}");
    assert_eq!(codes(&output), ["555"], "{output}");
    // The EHLO over TLS puts it back in force.
    let (events, output) = drive(
        &mut session,
        b"EHLO x.y\r\nMAIL FROM:<a@b.c> SIZE=10\r\n",
        accept_all,
    );
    assert_eq!(events, ["hello Ehlo x.y", "mail <a@b.c>"], "{output}");
}
