//! The tokio-util adapters over an in-memory duplex: on the server,
//! commands framed from a byte stream (a bad line is an item, not the end
//! of the stream) and replies encoded back; on the client, replies decoded
//! as they trickle in, commands and bodies encoded, STARTTLS without
//! leftovers.
#![cfg(feature = "tokio")]

use bytes::BytesMut;
use smtp_sansio_codec::command::CommandErrorKind;
use smtp_sansio_codec::frame::FrameErrorKind;
use smtp_sansio_codec::proto::{Command, Reply, ReplyCode, Text};
use smtp_sansio_codec::tokio_codec::ServerCodec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::codec::{Decoder, Encoder};

#[tokio::test(flavor = "current_thread")]
async fn commands_in_replies_out_over_a_duplex() {
    let (mut client, mut server) = tokio::io::duplex(64);
    let writer = tokio::spawn(async move {
        // Split across writes smaller than a line.
        for piece in [&b"EHLO client.exa"[..], b"mple\r\nNO\0P\r\n", b"QUIT\r\n"] {
            client.write_all(piece).await.unwrap();
        }
        let mut replies = Vec::new();
        client.read_to_end(&mut replies).await.unwrap();
        replies
    });

    let mut codec = ServerCodec::default();
    let mut buf = BytesMut::new();
    let mut out = BytesMut::new();
    let mut items = Vec::new();
    while items.len() < 3 {
        if let Some(item) = codec.decode(&mut buf).unwrap() {
            let reply = match &item {
                Ok(Command::Quit) => {
                    Reply::new(ReplyCode::SERVICE_CLOSING, Text::try_from("Bye").unwrap())
                }
                Ok(_) => Reply::new(ReplyCode::OK, Text::try_from("OK").unwrap()),
                Err(e) => e.reply(),
            };
            codec.encode(&reply, &mut out).unwrap();
            items.push(item);
            continue;
        }
        assert!(
            server.read_buf(&mut buf).await.unwrap() > 0,
            "stream ended early"
        );
    }
    server.write_all(&out).await.unwrap();
    drop(server);

    assert!(matches!(items[0], Ok(Command::Ehlo { .. })));
    assert_eq!(
        items[1].as_ref().unwrap_err().kind(),
        &CommandErrorKind::Frame(FrameErrorKind::Nul)
    );
    assert_eq!(items[2], Ok(Command::Quit));
    let replies = writer.await.unwrap();
    assert_eq!(
        String::from_utf8(replies).unwrap(),
        "250 OK\r\n500 5.5.2 Syntax error: NUL octet at octet 2\r\n221 Bye\r\n"
    );
}

/// A scripted server: answers each line it reads with the next canned
/// reply, taking the DATA body as one unit, and returns what it read.
async fn scripted_server(
    mut io: tokio::io::DuplexStream,
    greeting: &'static [u8],
    replies: Vec<&'static [u8]>,
) -> Vec<u8> {
    io.write_all(greeting).await.unwrap();
    let mut seen = Vec::new();
    let mut replies = replies.into_iter();
    let mut buf = [0u8; 4096];
    let mut pending = Vec::new();
    let mut in_data = false;
    loop {
        let n = io.read(&mut buf).await.unwrap();
        if n == 0 {
            return seen;
        }
        seen.extend_from_slice(&buf[..n]);
        pending.extend_from_slice(&buf[..n]);
        loop {
            let end = if in_data {
                pending
                    .windows(5)
                    .position(|w| w == b"\r\n.\r\n")
                    .map(|at| at + 5)
            } else {
                pending
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .map(|at| at + 2)
            };
            let Some(end) = end else { break };
            let line: Vec<u8> = pending.drain(..end).collect();
            in_data = !in_data && line == b"DATA\r\n";
            if let Some(reply) = replies.next() {
                io.write_all(reply).await.unwrap();
            }
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_codec_sends_a_message_and_reads_every_reply() {
    use futures_util::{SinkExt, StreamExt};
    use smtp_sansio_codec::proto::{Host, IntoStatic};
    use smtp_sansio_codec::tokio_codec::{ClientCodec, Message};
    use tokio_util::codec::Framed;

    let (client, server) = tokio::io::duplex(16);
    let server = tokio::spawn(scripted_server(
        server,
        b"220 mx.example ESMTP\r\n",
        vec![
            b"250-mx.example\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n",
            b"250 2.1.0 OK\r\n",
            b"250 2.1.5 OK\r\n",
            b"354 Go ahead\r\n",
            b"250 2.0.0 Queued\r\n",
            b"221 2.0.0 Bye\r\n",
        ],
    ));
    // A 16-octet duplex: every reply arrives in pieces.
    let mut framed = Framed::new(client, ClientCodec::default());
    let mut codes = Vec::new();
    let next = async |framed: &mut Framed<_, ClientCodec>| {
        framed
            .next()
            .await
            .expect("a reply")
            .expect("a valid reply")
    };
    codes.push(next(&mut framed).await.code().get());
    let ehlo = Command::Ehlo {
        domain: Host::try_from("client.example").unwrap(),
    };
    framed.send(&ehlo).await.unwrap();
    let capabilities = next(&mut framed).await;
    assert_eq!(capabilities.line_count(), 3);
    codes.push(capabilities.code().get());
    // Pipelined: MAIL and RCPT and DATA in one flush.
    let mail = Command::Mail {
        from: "<a@example.com>".parse().unwrap(),
        parameters: smtp_sansio_codec::proto::Parameters::new(),
    };
    framed.feed(&mail).await.unwrap();
    let rcpt = Command::Rcpt {
        to: "<b@example.com>".parse().unwrap(),
        parameters: smtp_sansio_codec::proto::Parameters::new(),
    };
    framed.feed(&rcpt).await.unwrap();
    framed.send(&Command::Data).await.unwrap();
    for _ in 0..3 {
        codes.push(next(&mut framed).await.code().get());
    }
    framed
        .send(Message(b"Subject: t\n\n.leading dot\n"))
        .await
        .unwrap();
    codes.push(next(&mut framed).await.code().get());
    framed.send(&Command::Quit).await.unwrap();
    codes.push(next(&mut framed).await.into_static().code().get());
    assert_eq!(codes, [220, 250, 250, 250, 354, 250, 221]);
    drop(framed);
    let seen = String::from_utf8(server.await.unwrap()).unwrap();
    assert_eq!(
        seen,
        "EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n\
         Subject: t\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_codec_refuses_a_malformed_reply_and_a_long_line() {
    use futures_util::{SinkExt, StreamExt};
    use smtp_sansio_codec::tokio_codec::{ClientCodec, ClientCodecError, Message};
    use tokio_util::codec::Framed;

    let (client, mut server) = tokio::io::duplex(1024);
    server.write_all(b"250-a\r\n550 b\r\n").await.unwrap();
    let mut framed = Framed::new(client, ClientCodec::default());
    assert!(matches!(
        framed.next().await,
        Some(Err(ClientCodecError::Reply(_)))
    ));
    // A body line over 1000 octets is refused, and nothing of it is sent.
    let long = vec![b'a'; 1200];
    assert!(matches!(
        framed.send(Message(&long)).await,
        Err(ClientCodecError::Body(_))
    ));
    assert!(framed.write_buffer().is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn starttls_over_a_framed_leaves_nothing_behind_when_the_server_is_honest() {
    use futures_util::{SinkExt, StreamExt};
    use smtp_sansio_codec::tokio_codec::ClientCodec;
    use tokio_util::codec::Framed;

    let (client, server) = tokio::io::duplex(1024);
    let server = tokio::spawn(scripted_server(
        server,
        b"220 mx.example ESMTP\r\n",
        vec![b"220 2.0.0 Ready to start TLS\r\n"],
    ));
    let mut framed = Framed::new(client, ClientCodec::default());
    assert_eq!(framed.next().await.unwrap().unwrap().code().get(), 220);
    framed.send(&Command::StartTls).await.unwrap();
    assert_eq!(framed.next().await.unwrap().unwrap().code().get(), 220);
    let parts = framed.into_parts();
    assert!(
        parts.read_buf.is_empty(),
        "nothing may be read past the 220"
    );
    drop(parts);
    assert_eq!(server.await.unwrap(), b"STARTTLS\r\n");
}
