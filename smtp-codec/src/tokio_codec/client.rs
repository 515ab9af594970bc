//! The client side of a `Framed` connection: replies in, commands and
//! message bodies out.

use core::fmt;

use bytes::{Buf, BytesMut};
use smtp_sansio_proto::{Command, IntoStatic, Reply};
use tokio_util::codec::{Decoder, Encoder};

use crate::Decoded;
use crate::body::{Chunk, DataEncodeError, DataEncoder};
use crate::command::encode_command;
use crate::reply::{EhloView, ReplyDecoder, ReplyError, ReplyOptions};

/// Decodes replies with the incremental [`ReplyDecoder`] and encodes
/// commands, DATA bodies ([`Message`]) and BDAT chunks ([`Chunk`]).
///
/// Each item is one complete reply, owned; a reply that breaks the grammar
/// or a bound ends the stream with [`ClientCodecError::Reply`], since the
/// client can no longer tell which command a reply answers. While a reply
/// is incomplete the decoder keeps what it has checked, so a slow server
/// costs no rescanning.
///
/// # Example
///
/// A client over an in-memory duplex, with STARTTLS as it must be done on
/// a `Framed`: after the 220, anything already read is an injection.
///
/// ```
/// use futures_util::{SinkExt, StreamExt};
/// use smtp_sansio_codec::proto::{Command, ReplyCode};
/// use smtp_sansio_codec::tokio_codec::{ClientCodec, ClientCodecError, Message};
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// use tokio_util::codec::Framed;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), ClientCodecError> {
/// let (client, mut server) = tokio::io::duplex(1024);
/// tokio::spawn(async move {
///     server.write_all(b"220 mx.example ESMTP\r\n").await.unwrap();
///     let mut buf = [0u8; 256];
///     let _ = server.read(&mut buf).await.unwrap();
///     // A hostile server (or a man in the middle) sends more after the 220.
///     server.write_all(b"220 go ahead\r\n250 injected\r\n").await.unwrap();
/// });
/// let mut framed = Framed::new(client, ClientCodec::default());
/// let greeting = framed.next().await.expect("a greeting")?;
/// assert_eq!(greeting.code(), ReplyCode::SERVICE_READY);
///
/// framed.send(&Command::StartTls).await?;
/// let ready = framed.next().await.expect("a reply")?;
/// assert_eq!(ready.code(), ReplyCode::SERVICE_READY);
/// // Before the handshake: what was read past the 220 must not be kept.
/// let parts = framed.into_parts();
/// assert_eq!(&parts.read_buf[..], b"250 injected\r\n", "an injection: close, never handshake");
/// # let _ = Message(b"");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClientCodec {
    decoder: ReplyDecoder,
}

/// A whole message body for DATA: the encoder makes its line ends CRLF,
/// stuffs its dots and appends the terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Message<'a>(pub &'a [u8]);

/// Why a client's `Framed` stream ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientCodecError {
    /// The transport failed.
    Io(std::io::Error),
    /// The server's reply broke the grammar or a bound.
    Reply(ReplyError),
    /// A message line is too long to send with DATA (RFC 5321 §4.5.3.1.6).
    Body(DataEncodeError),
}

impl fmt::Display for ClientCodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "transport: {e}"),
            Self::Reply(e) => write!(f, "bad reply: {e}"),
            Self::Body(e) => write!(f, "cannot send the message: {e}"),
        }
    }
}

impl core::error::Error for ClientCodecError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Reply(e) => Some(e),
            Self::Body(e) => Some(e),
        }
    }
}

impl From<std::io::Error> for ClientCodecError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl ClientCodec {
    /// A codec decoding replies with `options`.
    pub fn new(options: ReplyOptions) -> Self {
        Self {
            decoder: ReplyDecoder::new(options),
        }
    }

    /// Turns on enhanced status codes when the EHLO reply advertises them
    /// (RFC 2034); see [`ReplyDecoder::observe_ehlo`].
    pub fn observe_ehlo(&mut self, ehlo: &EhloView<'_>) {
        self.decoder.observe_ehlo(ehlo);
    }

    /// The reply decoding options in force.
    pub fn options(&self) -> &ReplyOptions {
        self.decoder.options()
    }
}

impl Decoder for ClientCodec {
    type Item = Reply<'static>;
    type Error = ClientCodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        match self.decoder.decode(src).map_err(ClientCodecError::Reply)? {
            Decoded::Complete { value, consumed } => {
                let reply = value.to_reply().into_static();
                src.advance(consumed);
                Ok(Some(reply))
            }
            // The reply borrows all it has; nothing is consumed yet.
            Decoded::Incomplete { .. } => Ok(None),
        }
    }
}

impl Encoder<&Command<'_>> for ClientCodec {
    type Error = ClientCodecError;

    fn encode(&mut self, command: &Command<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        encode_command(command, dst);
        Ok(())
    }
}

impl Encoder<Message<'_>> for ClientCodec {
    type Error = ClientCodecError;

    /// Writes the stuffed, terminated body; nothing is written when a line
    /// is too long.
    fn encode(&mut self, message: Message<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        // A refused `encode` writes nothing, so `dst` is left as it was.
        let mut encoder = DataEncoder::default();
        encoder
            .encode(message.0, dst)
            .map_err(ClientCodecError::Body)?;
        encoder.finish(dst);
        Ok(())
    }
}

impl Encoder<Chunk<'_>> for ClientCodec {
    type Error = ClientCodecError;

    /// Writes `BDAT n[ LAST]` and the chunk's octets.
    fn encode(&mut self, chunk: Chunk<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        chunk.write_to(dst);
        Ok(())
    }
}
