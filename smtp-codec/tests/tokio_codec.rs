//! The tokio-util adapter over an in-memory duplex: commands framed from a
//! byte stream (a bad line is an item, not the end of the stream), replies
//! encoded back.
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
