//! The server side of a `Framed` connection: command lines in, replies out.

use bytes::{Buf, BytesMut};
use smtp_sansio_proto::{Command, IntoStatic, Reply};
use tokio_util::codec::{Decoder, Encoder};

use crate::Decoded;
use crate::command::{CommandDecoder, CommandError, CommandOptions};
use crate::reply::ReplyEncoder;

/// Frames command lines and encodes replies.
///
/// A line that does not decode is an *item*, `Err(CommandError)`, not a
/// stream error: the server answers it with [`CommandError::reply`] and reads
/// on, as the framer already skipped the bad line.
///
/// # Example
///
/// ```
/// use bytes::BytesMut;
/// use smtp_sansio_codec::tokio_codec::ServerCodec;
/// use smtp_sansio_codec::proto::Command;
/// use tokio_util::codec::Decoder;
///
/// let mut codec = ServerCodec::default();
/// let mut buf = BytesMut::from(&b"NOOP\r\nQUI"[..]);
/// assert_eq!(codec.decode(&mut buf)?, Some(Ok(Command::Noop { argument: None })));
/// assert_eq!(codec.decode(&mut buf)?, None);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ServerCodec {
    decoder: CommandDecoder,
    encoder: ReplyEncoder,
}

impl ServerCodec {
    /// A codec decoding with `options`.
    pub fn new(options: CommandOptions) -> Self {
        Self {
            decoder: CommandDecoder::new(options),
            encoder: ReplyEncoder::new(),
        }
    }

    /// Changes the command options from the next line on (the extensions
    /// advertised in the EHLO reply, say).
    pub fn set_options(&mut self, options: CommandOptions) {
        self.decoder.set_options(options);
    }

    /// Forgets the line in progress (at STARTTLS: see the module docs).
    pub fn reset(&mut self) {
        self.decoder.reset();
    }
}

impl Decoder for ServerCodec {
    type Item = Result<Command<'static>, CommandError>;
    type Error = std::io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Self::Item>, Self::Error> {
        let (item, consumed) = match self.decoder.decode(src) {
            Ok(Decoded::Complete { value, consumed }) => (Some(Ok(value.into_static())), consumed),
            Ok(Decoded::Incomplete { consumed }) => (None, consumed),
            Err(error) => {
                let consumed = error.consumed();
                (Some(Err(error)), consumed)
            }
        };
        src.advance(consumed);
        Ok(item)
    }
}

impl Encoder<&Reply<'_>> for ServerCodec {
    type Error = std::io::Error;

    fn encode(&mut self, reply: &Reply<'_>, dst: &mut BytesMut) -> Result<(), Self::Error> {
        self.encoder.encode(reply, dst);
        Ok(())
    }
}
