//! Regression tests for what the fuzz targets in `fuzz/` found. Each test
//! names the target and the property it broke; the minimised input is
//! rebuilt here through the public API so it reads as a scenario.

use smtp_sansio_codec::Step;
use smtp_sansio_codec::client::{ClientConfig, ClientEvent, ClientSession, Envelope};
use smtp_sansio_codec::proto::Host;

fn envelope() -> Envelope {
    Envelope::new("<a@example.com>".parse().unwrap()).to("<b@example.com>".parse().unwrap())
}

/// Feeds `replies` and returns the events, in order, up to `NeedInput`.
fn feed(client: &mut ClientSession, replies: &[u8]) -> Vec<ClientEvent> {
    let mut events = Vec::new();
    let mut at = 0;
    loop {
        let Step { consumed, event } = client.handle(&replies[at..]).expect("a valid reply");
        at += consumed;
        if event == ClientEvent::NeedInput && consumed == 0 {
            assert_eq!(at, replies.len());
            return events;
        }
        if event != ClientEvent::NeedInput {
            events.push(event);
        }
    }
}

fn take(client: &mut ClientSession) -> Vec<u8> {
    let out = client.output().to_vec();
    client.advance_output(out.len());
    out
}

/// A client that has been greeted by a server offering `capabilities`.
fn ready(capabilities: &str) -> ClientSession {
    let mut client =
        ClientSession::new(ClientConfig::new(Host::try_from("client.example").unwrap()));
    feed(&mut client, b"220 mx.example.com ESMTP\r\n");
    assert_eq!(take(&mut client), b"EHLO client.example\r\n");
    let ehlo = format!("250-mx.example.com\r\n{capabilities}");
    assert_eq!(feed(&mut client, ehlo.as_bytes()), [ClientEvent::Ready]);
    client
}

/// `client_session`: "a command written right after DATA". With PIPELINING,
/// `quit()` during a transaction wrote QUIT right behind the pipelined DATA,
/// before the 354 — where the server reads the message body (RFC 2920 §3.1:
/// DATA ends a batch). QUIT must wait for the message's final reply.
#[test]
fn client_session_quit_waits_behind_pipelined_data() {
    let mut client = ready("250 PIPELINING\r\n");
    client.send(envelope(), b"Hi\r\n").unwrap();
    assert_eq!(
        take(&mut client),
        b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n"
    );
    client.quit();
    assert_eq!(
        take(&mut client),
        b"",
        "nothing may follow DATA before its reply"
    );
    feed(
        &mut client,
        b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 Go ahead\r\n",
    );
    assert_eq!(take(&mut client), b"Hi\r\n.\r\n");
    let events = feed(&mut client, b"250 2.0.0 Queued\r\n");
    assert!(matches!(events.last(), Some(ClientEvent::Done { delivered }) if delivered == &[0]));
    assert_eq!(take(&mut client), b"QUIT\r\n");
    assert_eq!(
        feed(&mut client, b"221 2.0.0 Bye\r\n"),
        [ClientEvent::Closed]
    );
}

/// Same property for STARTTLS (RFC 3207 §4: the client waits for the 220;
/// anything written behind STARTTLS goes out in plaintext and a server that
/// follows CVE-2011-0411's fix discards it).
#[test]
fn client_session_quit_waits_behind_starttls() {
    let mut client = ready("250-PIPELINING\r\n250 STARTTLS\r\n");
    client.starttls().unwrap();
    assert_eq!(take(&mut client), b"STARTTLS\r\n");
    client.quit();
    assert_eq!(
        take(&mut client),
        b"",
        "nothing may follow STARTTLS before its reply"
    );
    assert_eq!(
        feed(&mut client, b"220 2.0.0 Ready to start TLS\r\n"),
        [ClientEvent::StartTls]
    );
}

/// With QUIT held back behind DATA, a refused MAIL must still let the
/// pipelined RCPT and DATA replies arrive before the transaction is done.
#[test]
fn client_session_refused_mail_with_quit_held_back() {
    let mut client = ready("250 PIPELINING\r\n");
    client.send(envelope(), b"Hi\r\n").unwrap();
    take(&mut client);
    client.quit();
    let events = feed(
        &mut client,
        b"550 5.7.1 Sender refused\r\n554 5.5.1 No valid sender\r\n554 5.5.1 No valid recipients\r\n",
    );
    assert!(matches!(events[0], ClientEvent::Sender(_)));
    assert!(matches!(events[1], ClientEvent::Recipient { index: 0, .. }));
    assert!(matches!(
        events[2],
        ClientEvent::Message { index: None, .. }
    ));
    assert_eq!(events[3], ClientEvent::Done { delivered: vec![] });
    assert_eq!(events.len(), 4);
    assert_eq!(take(&mut client), b"QUIT\r\n");
}
