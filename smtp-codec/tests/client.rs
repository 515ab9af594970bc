//! The client session against the server session, in memory: pipelining,
//! one-at-a-time, BDAT, LMTP, refusals, and the STARTTLS injection check.

use smtp_sansio_codec::Step;
use smtp_sansio_codec::client::{ClientConfig, ClientError, ClientEvent, ClientSession, Envelope};
use smtp_sansio_codec::proto::{
    Capability, Domain, EnhancedStatusCode, Host, RcptParameters, Reply, ReplyCode, Text,
};
use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};

fn envelope(recipients: &[&str]) -> Envelope {
    let mut envelope = Envelope::new("<sender@example.com>".parse().unwrap());
    envelope.recipients = recipients
        .iter()
        .map(|r| (format!("<{r}>").try_into().unwrap(), RcptParameters::new()))
        .collect();
    envelope
}

fn refusal() -> Reply<'static> {
    Reply::with_enhanced(
        ReplyCode::MAILBOX_UNAVAILABLE,
        EnhancedStatusCode::try_from("5.1.1").unwrap(),
        Text::try_from("No such user").unwrap(),
    )
    .unwrap()
}

/// What the server saw: the body and how many command batches it read.
#[derive(Default)]
struct ServerLog {
    body: Vec<u8>,
    reads: usize,
}

/// Runs the server on everything the client has sent; recipients named
/// "nobody" are refused.
fn serve(server: &mut ServerSession, input: &mut Vec<u8>, log: &mut ServerLog) {
    log.reads += 1;
    loop {
        let step = server.handle(input).expect("no pending decision");
        let consumed = step.consumed;
        let mut done = false;
        match &step.event {
            ServerEvent::NeedInput | ServerEvent::Closed => done = true,
            ServerEvent::Body(data) => log.body.extend_from_slice(data),
            ServerEvent::Rcpt { to, .. } if to.to_string().contains("nobody") => {
                server.reject(&refusal()).unwrap();
            }
            _ if server.decision_pending() => server.accept().unwrap(),
            _ => {}
        }
        input.drain(..consumed);
        if done {
            return;
        }
    }
}

/// Exchanges bytes until the client's transaction is over; returns the
/// client's events.
fn converse(
    client: &mut ClientSession,
    server: &mut ServerSession,
    log: &mut ServerLog,
    message: &[u8],
    recipients: &[&str],
) -> Vec<ClientEvent> {
    let mut to_server = Vec::new();
    let mut to_client = Vec::new();
    let mut events = Vec::new();
    let mut sent = false;
    for _ in 0..100 {
        to_client.extend_from_slice(server.output());
        server.advance_output(server.output().len());
        loop {
            let Step { consumed, event } = client.handle(&to_client).unwrap();
            to_client.drain(..consumed);
            match event {
                ClientEvent::NeedInput => break,
                ClientEvent::Ready if !sent => {
                    client.send(envelope(recipients), message).unwrap();
                    sent = true;
                    events.push(ClientEvent::Ready);
                }
                ClientEvent::Done { .. } => {
                    events.push(event);
                    return events;
                }
                other => events.push(other),
            }
        }
        to_server.extend_from_slice(client.output());
        client.advance_output(client.output().len());
        serve(server, &mut to_server, log);
    }
    panic!("no end of transaction: {events:?}");
}

fn server(config: impl FnOnce(&mut ServerConfig)) -> ServerSession {
    let mut c = ServerConfig::new(Domain::try_from("mx.example").unwrap());
    config(&mut c);
    ServerSession::new(c)
}

fn client(config: impl FnOnce(&mut ClientConfig)) -> ClientSession {
    let mut c = ClientConfig::new(Host::try_from("client.example").unwrap());
    config(&mut c);
    ClientSession::new(c)
}

fn codes(events: &[ClientEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            ClientEvent::Sender(r) => format!("mail {}", r.code().get()),
            ClientEvent::Recipient { index, reply } => {
                format!("rcpt{index} {}", reply.code().get())
            }
            ClientEvent::Message { index, reply } => {
                format!("message{index:?} {}", reply.code().get())
            }
            ClientEvent::Done { delivered } => format!("done {delivered:?}"),
            other => format!("{other:?}"),
        })
        .collect()
}

const MESSAGE: &[u8] = b"Subject: test\n\n.leading dot\nlast line without end";

#[test]
fn pipelined_data_transaction_reports_every_recipient() {
    let mut s = server(|_| {});
    let mut c = client(|_| {});
    let mut log = ServerLog::default();
    let events = converse(
        &mut c,
        &mut s,
        &mut log,
        MESSAGE,
        &["a@x.y", "nobody@x.y", "b@x.y"],
    );
    assert_eq!(
        codes(&events),
        [
            "Ready",
            "mail 250",
            "rcpt0 250",
            "rcpt1 550",
            "rcpt2 250",
            "messageNone 250",
            "done [0, 2]"
        ]
    );
    assert_eq!(
        log.body,
        b"Subject: test\r\n\r\n.leading dot\r\nlast line without end\r\n"
    );
}

#[test]
fn without_pipelining_commands_wait_for_replies() {
    let mut s = server(|c| c.capabilities.retain(|c| *c != Capability::Pipelining));
    let mut c = client(|_| {});
    let mut log = ServerLog::default();
    let events = converse(&mut c, &mut s, &mut log, MESSAGE, &["a@x.y", "b@x.y"]);
    assert_eq!(codes(&events).last().unwrap(), "done [0, 1]");
    // greeting, EHLO, MAIL, RCPT, RCPT, DATA, body: one read each.
    assert!(log.reads >= 6, "{}", log.reads);

    let mut piped_log = ServerLog::default();
    converse(
        &mut client(|_| {}),
        &mut server(|_| {}),
        &mut piped_log,
        MESSAGE,
        &["a@x.y", "b@x.y"],
    );
    assert!(piped_log.reads < log.reads, "pipelining saves round trips");
}

#[test]
fn bdat_is_used_when_chunking_is_offered_and_asked_for() {
    let mut s = server(|_| {});
    let mut c = client(|c| {
        c.prefer_bdat = true;
        c.chunk_size = 7.try_into().unwrap();
    });
    let mut log = ServerLog::default();
    let events = converse(
        &mut c,
        &mut s,
        &mut log,
        b"line one\r\n.two\r\n",
        &["a@x.y"],
    );
    assert_eq!(codes(&events).last().unwrap(), "done [0]");
    assert_eq!(
        log.body, b"line one\r\n.two\r\n",
        "BDAT sends octets as they are"
    );
}

#[test]
fn lmtp_gets_one_final_reply_per_accepted_recipient() {
    for bdat in [false, true] {
        let mut s = server(|c| c.lmtp = true);
        let mut c = client(|c| {
            c.lmtp = true;
            c.prefer_bdat = bdat;
        });
        let mut log = ServerLog::default();
        let events = converse(
            &mut c,
            &mut s,
            &mut log,
            b"hi\r\n",
            &["a@x.y", "nobody@x.y", "b@x.y"],
        );
        assert_eq!(
            codes(&events)[4..],
            [
                "rcpt2 250",
                "messageSome(0) 250",
                "messageSome(2) 250",
                "done [0, 2]"
            ],
            "bdat: {bdat}"
        );
    }
}

#[test]
fn a_refused_sender_ends_the_transaction_without_sending_recipients() {
    let mut c = client(|_| {});
    let _ = c.handle(b"220 mx ESMTP\r\n").unwrap();
    c.advance_output(c.output().len());
    assert_eq!(c.handle(b"250 mx\r\n").unwrap().event, ClientEvent::Ready);
    c.send(envelope(&["a@x.y"]), b"x\r\n").unwrap();
    assert_eq!(c.output(), b"MAIL FROM:<sender@example.com>\r\n");
    c.advance_output(c.output().len());
    let Step { event, .. } = c.handle(b"550 5.7.1 Go away\r\n").unwrap();
    assert!(matches!(event, ClientEvent::Sender(_)));
    assert_eq!(
        c.handle(b"").unwrap().event,
        ClientEvent::Done { delivered: vec![] }
    );
    assert!(c.output().is_empty(), "no RCPT after a refused MAIL");
    assert!(c.is_ready());
}

#[test]
fn bytes_after_the_220_to_starttls_are_an_injection() {
    let mut c = client(|_| {});
    let _ = c.handle(b"220 mx ESMTP\r\n").unwrap();
    let _ = c.handle(b"250-mx\r\n250 STARTTLS\r\n").unwrap();
    c.starttls().unwrap();
    assert!(c.output().ends_with(b"STARTTLS\r\n"));
    let err = c
        .handle(b"220 2.0.0 Ready\r\n250 injected\r\n")
        .unwrap_err();
    assert_eq!(err, ClientError::StartTlsInjection { extra: 14 });

    let mut clean = client(|_| {});
    let _ = clean.handle(b"220 mx ESMTP\r\n").unwrap();
    let _ = clean.handle(b"250-mx\r\n250 STARTTLS\r\n").unwrap();
    clean.starttls().unwrap();
    assert_eq!(
        clean.handle(b"220 2.0.0 Ready\r\n").unwrap(),
        Step::new(17, ClientEvent::StartTls)
    );
    clean.advance_output(clean.output().len());
    clean.tls_established();
    assert_eq!(clean.output(), b"EHLO client.example\r\n");
}

#[test]
fn a_refused_greeting_is_an_error() {
    let mut c = client(|_| {});
    let err = c.handle(b"554 5.3.2 No service\r\n").unwrap_err();
    assert!(matches!(err, ClientError::Refused(_)), "{err}");
}

/// Issue 15, item 8, the client's half: it sends only parameters of
/// extensions the server advertised; any other is refused before a command
/// goes out, naming the parameter.
#[test]
fn the_client_sends_only_parameters_the_server_advertised() {
    let greet = |c: &mut ClientSession, ehlo: &[u8]| {
        let _ = c.handle(b"220 mx ESMTP\r\n").unwrap();
        c.advance_output(c.output().len());
        assert_eq!(c.handle(ehlo).unwrap().event, ClientEvent::Ready);
    };
    let with = |mail: &str, rcpt: &str| {
        let mut envelope =
            Envelope::new("<a@b.c>".parse().unwrap()).with_parameters(mail.parse().unwrap());
        envelope = envelope.to_with("<d@e.f>".parse().unwrap(), rcpt.parse().unwrap());
        envelope
    };

    let mut c = client(|_| {});
    greet(&mut c, b"250-mx\r\n250-8BITMIME\r\n250 PIPELINING\r\n");
    for (mail, rcpt, refused) in [
        ("SIZE=10", "", "SIZE=10"),
        ("BODY=8BITMIME RET=HDRS", "", "RET=HDRS"),
        ("", "NOTIFY=NEVER", "NOTIFY=NEVER"),
        ("BODY=BINARYMIME", "", "BODY=BINARYMIME"),
    ] {
        assert_eq!(
            c.send(with(mail, rcpt), b"hi\r\n"),
            Err(ClientError::ParameterNotOffered(refused.to_owned()))
        );
        assert!(c.output().is_empty(), "nothing was sent");
        assert!(c.is_ready());
    }
    c.send(with("body=8bitmime X-FOO=1", ""), b"hi\r\n")
        .unwrap();
    assert_eq!(
        c.output(),
        b"MAIL FROM:<a@b.c> BODY=8BITMIME X-FOO=1\r\nRCPT TO:<d@e.f>\r\nDATA\r\n"
    );

    // A server that offers them gets them; BINARYMIME goes by BDAT even
    // when the client did not prefer it (RFC 3030 §3).
    let mut c = client(|_| {});
    greet(
        &mut c,
        b"250-mx\r\n250-SIZE\r\n250-DSN\r\n250-BINARYMIME\r\n250 CHUNKING\r\n",
    );
    c.send(with("SIZE=10 BODY=BINARYMIME", "NOTIFY=NEVER"), b"hi\r\n")
        .unwrap();
    assert_eq!(
        c.output(),
        b"MAIL FROM:<a@b.c> SIZE=10 BODY=BINARYMIME\r\n",
        "no PIPELINING: one command at a time"
    );
}

/// Greets `c` with `ehlo` as the server's EHLO reply; returns the events
/// up to `Ready`.
fn greet(c: &mut ClientSession, ehlo: &[u8]) -> Vec<ClientEvent> {
    let _ = c.handle(b"220 mx ESMTP\r\n").unwrap();
    c.advance_output(c.output().len());
    let mut input = ehlo;
    let mut events = Vec::new();
    loop {
        let Step { consumed, event } = c.handle(input).unwrap();
        input = &input[consumed..];
        events.push(event.clone());
        if event == ClientEvent::Ready {
            return events;
        }
        assert_ne!(event, ClientEvent::NeedInput, "{events:?}");
    }
}

/// Issue 15, item 2: without PIPELINING, a refused BDAT chunk stops the
/// transaction (RFC 3030 §2: no further chunk of it is sent), the refusal
/// is reported with its reply, and the client sends RSET (or, as
/// configured, QUIT) before it is ready again.
#[test]
fn a_refused_chunk_stops_the_transaction_and_is_reported() {
    use smtp_sansio_codec::client::AfterRefusal;

    for after in [AfterRefusal::Reset, AfterRefusal::Quit] {
        let mut c = client(|c| {
            c.prefer_bdat = true;
            c.chunk_size = 4.try_into().unwrap();
            c.after_refused_chunk = after;
        });
        greet(&mut c, b"250-mx\r\n250 CHUNKING\r\n");
        c.send(envelope(&["a@x.y"]), b"0123456789").unwrap();
        assert_eq!(c.output(), b"MAIL FROM:<sender@example.com>\r\n");
        c.advance_output(c.output().len());
        assert!(matches!(
            c.handle(b"250 2.1.0 Ok\r\n").unwrap().event,
            ClientEvent::Sender(_)
        ));
        c.advance_output(c.output().len());
        let _ = c.handle(b"250 2.1.5 Ok\r\n").unwrap();
        assert_eq!(c.output(), b"BDAT 4\r\n0123");
        c.advance_output(c.output().len());

        let Step { event, .. } = c.handle(b"554 5.6.0 Refused\r\n").unwrap();
        let ClientEvent::Message { index: None, reply } = event else {
            panic!("the refusal is reported: {event:?}")
        };
        assert_eq!(reply.code().get(), 554);
        let follow_up: &[u8] = if after == AfterRefusal::Reset {
            b"RSET\r\n"
        } else {
            b"QUIT\r\n"
        };
        assert_eq!(
            c.output(),
            follow_up,
            "no further chunk, then the follow-up"
        );
        c.advance_output(c.output().len());
        assert!(!c.is_ready());
        if after == AfterRefusal::Reset {
            let step = c.handle(b"250 2.0.0 Ok\r\n").unwrap();
            assert_eq!(step.event, ClientEvent::Done { delivered: vec![] });
            assert!(c.is_ready());
        } else {
            let step = c.handle(b"221 2.0.0 Bye\r\n").unwrap();
            assert_eq!(step.event, ClientEvent::Done { delivered: vec![] });
            assert_eq!(c.handle(b"").unwrap().event, ClientEvent::Closed);
        }
        assert!(c.output().is_empty());
    }

    // Pipelined, every chunk is already out: the replies to the rest are
    // read and dropped, RSET goes out at once, one refusal is reported.
    let mut c = client(|c| {
        c.prefer_bdat = true;
        c.chunk_size = 4.try_into().unwrap();
    });
    greet(&mut c, b"250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
    c.send(envelope(&["a@x.y"]), b"0123456789").unwrap();
    c.advance_output(c.output().len());
    let replies = b"250 Ok\r\n250 Ok\r\n554 5.6.0 Refused\r\n503 5.5.1 Need MAIL\r\n503 5.5.1 Need MAIL\r\n250 Ok\r\n";
    let mut input = &replies[..];
    let mut events = Vec::new();
    loop {
        let Step { consumed, event } = c.handle(input).unwrap();
        input = &input[consumed..];
        if event == ClientEvent::NeedInput {
            break;
        }
        if matches!(event, ClientEvent::Message { .. }) {
            assert_eq!(c.output(), b"RSET\r\n");
        }
        events.push(event);
    }
    assert_eq!(
        codes(&events),
        ["mail 250", "rcpt0 250", "messageNone 554", "done []"]
    );
    assert!(c.is_ready());
}

/// Issue 15, item 6: a positive EHLO reply that cannot be read is reported,
/// and the client does not record a name for the server, least of all its
/// own: no capabilities, no extension in force.
#[test]
fn an_unreadable_ehlo_reply_is_reported_and_never_names_the_client() {
    let mut c = client(|_| {});
    let events = greet(&mut c, b"250-[no-domain\r\n250 PIPELINING\r\n");
    assert!(
        matches!(
            &events[..],
            [ClientEvent::UnreadableEhlo(_), ClientEvent::Ready]
        ),
        "{events:?}"
    );
    assert_eq!(c.capabilities(), None);
    assert!(!c.server_has(&Capability::Pipelining));
    assert!(c.is_ready());
    c.send(envelope(&["a@x.y"]), b"hi\r\n").unwrap();
    assert_eq!(
        c.output(),
        b"MAIL FROM:<sender@example.com>\r\n",
        "no pipelining"
    );

    // A readable reply names the server, never the client.
    let mut c = client(|_| {});
    greet(&mut c, b"250-mx.example Hi\r\n250 PIPELINING\r\n");
    assert_eq!(c.capabilities().unwrap().domain().to_string(), "mx.example");
}

#[test]
fn a_text_message_sent_by_bdat_gets_crlf_line_ends_and_no_dot_stuffing() {
    // A strict server (bare LF refused in BDAT content as in DATA) accepts
    // it: the client canonicalises the line ends of text content.
    let mut s = server(|_| {});
    let mut c = client(|c| {
        c.prefer_bdat = true;
        c.chunk_size = 5.try_into().unwrap();
    });
    let mut log = ServerLog::default();
    let events = converse(
        &mut c,
        &mut s,
        &mut log,
        b"line one\n.two\rthree",
        &["a@x.y"],
    );
    assert_eq!(codes(&events).last().unwrap(), "done [0]");
    assert_eq!(log.body, b"line one\r\n.two\r\nthree\r\n");
}
