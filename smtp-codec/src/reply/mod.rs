//! Replies: the incremental decoder (the client side), EHLO capabilities,
//! and the encoder (the server side).
//!
//! - [`ReplyDecoder`] finds one complete reply at the start of a buffer and
//!   returns a [`ReplyView`] that borrows its lines from the input, under
//!   the [decode contract](crate::decode). It checks each line as it
//!   arrives and keeps what it checked, so a reply fed in pieces is read
//!   once. A reply ends at the line whose code is followed by SP or the
//!   line end; a bare `250\r\n` is valid (RFC 5321 §4.2); every line must
//!   carry the same code; lines, line length and reply size are bounded by
//!   [`ReplyOptions`].
//! - [`EhloView`] reads an EHLO reply as domain, greeting and typed
//!   capabilities, still without copying; `to_ehlo()` builds the owned
//!   [`EhloReply`](smtp_sansio_proto::EhloReply).
//! - [`ReplyEncoder`] writes a [`Reply`](smtp_sansio_proto::Reply) or an
//!   `EhloReply` into a growing buffer, splitting text longer than a line into a
//!   proper multiline reply.
//!
//! ```
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::reply::{ReplyDecoder, encode_reply};
//!
//! let input = b"250-first\r\n250 second\r\n";
//! let Decoded::Complete { value: reply, consumed } = ReplyDecoder::default().decode(input)? else {
//!     panic!("a complete reply");
//! };
//! assert_eq!(consumed, input.len());
//! let mut out = Vec::new();
//! encode_reply(&reply.to_reply(), &mut out);
//! assert_eq!(out, input);
//! # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
//! ```
//!
//! A client reading the EHLO reply, and a server answering with a
//! multiline reply:
//!
//! ```
//! use smtp_sansio_codec::proto::{Capability, EnhancedStatusCode, Reply, ReplyCode, Text};
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::reply::{ReplyDecoder, encode_reply};
//!
//! let mut decoder = ReplyDecoder::default();
//! let input = b"250-mx.example.com Hello\r\n250-SIZE 10485760\r\n250-ENHANCEDSTATUSCODES\r\n250 AUTH PLAIN LOGIN\r\n";
//! let Decoded::Complete { value: reply, .. } = decoder.decode(input)? else { unreachable!() };
//! let ehlo = reply.ehlo()?;
//! assert_eq!(ehlo.domain().to_string(), "mx.example.com");
//! assert!(ehlo.capabilities().any(|c| c == Capability::Size(Some(10_485_760))));
//! decoder.observe_ehlo(&ehlo); // from now on `5.1.1`-style codes are typed
//!
//! let mut reply = Reply::with_enhanced(
//!     ReplyCode::MAILBOX_UNAVAILABLE,
//!     EnhancedStatusCode::try_from("5.7.1")?,
//!     Text::try_from("Relaying denied.")?,
//! )?;
//! reply.push_line(Text::try_from("Authenticate first.")?);
//! let mut out = bytes::BytesMut::new();
//! encode_reply(&reply, &mut out);
//! assert_eq!(&out[..], b"550-5.7.1 Relaying denied.\r\n550 5.7.1 Authenticate first.\r\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod canned;
mod decoder;
mod ehlo;
mod encoder;
mod error;
mod options;
mod view;

pub use decoder::ReplyDecoder;
pub use ehlo::{Capabilities, CapabilityLines, EhloView};
pub use encoder::{ReplyEncoder, encode_ehlo, encode_reply};
pub use error::{ReplyError, ReplyErrorKind};
pub use options::ReplyOptions;
pub use view::{ReplyLine, ReplyLines, ReplyView};
