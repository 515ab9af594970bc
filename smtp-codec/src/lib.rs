//! # smtp-sansio-codec
//!
//! The Sans-IO SMTP codec: framing, the command grammar, reply decoding,
//! DATA/BDAT streams and sessions, built on the values of [`smtp_sansio_proto`]
//! (re-exported as [`proto`]). No I/O happens here: callers own sockets,
//! buffers and time.
//!
//! - Commands: [`CommandDecoder`] and [`encode_command`] (this page).
//! - [`reply`]: replies decoded incrementally into borrowed views (EHLO
//!   capabilities included) and encoded, over-long text split.
//! - [`data`] and [`bdat`]: the message body, dot-stuffed or chunked.
//! - [`server`] and [`client`]: the sans-IO session state machines.
//!
//! Frame first, parse second: [`frame::LineFramer`] finds the CRLF with
//! `memchr`, enforces the length limit and refuses bare CR, bare LF and NUL;
//! the nom grammar then parses one complete line. [`CommandDecoder`] does
//! both and borrows every argument from the input:
//!
//! ```
//! use smtp_sansio_codec::{CommandDecoder, Decoded, encode_command};
//! use smtp_sansio_codec::proto::{Command, MailParameter};
//!
//! let mut decoder = CommandDecoder::default();
//! let Decoded::Complete { value, consumed } =
//!     decoder.decode(b"mail from:<alice@example.com> SIZE=1000\r\n")?
//! else {
//!     unreachable!("the line is complete")
//! };
//! assert_eq!(consumed, 41);
//! let Command::Mail { from, parameters } = &value else { unreachable!() };
//! assert_eq!(from.mailbox().unwrap().host().to_string(), "example.com");
//! assert_eq!(parameters.iter().next(), Some(MailParameter::Size(1000)));
//!
//! let mut out = Vec::new();
//! encode_command(&value, &mut out);
//! assert_eq!(out, b"MAIL FROM:<alice@example.com> SIZE=1000\r\n");
//! # Ok::<(), smtp_sansio_codec::DecodeError>(())
//! ```
//!
//! ## Features
//!
//! - `serde`, `arbitrary`: forwarded to `smtp-sansio-proto`.
//! - `tokio`: [`tokio_codec::ServerCodec`], a `tokio_util::codec`
//!   Decoder/Encoder for a server-side framed stream.
//! - `fuzz`: makes the crate-private nom grammar public as [`grammar`] for
//!   fuzz targets. Not a stable API.

extern crate alloc;

/// The workspace README's examples, run as doctests (here, where both crates
/// are in scope).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

pub mod bdat;
pub mod client;
pub mod data;
mod decode;
mod encode;
mod error;
pub mod frame;
#[cfg(feature = "fuzz")]
pub mod grammar;
#[cfg(not(feature = "fuzz"))]
#[allow(unreachable_pub)]
mod grammar;
mod options;
mod replies;
pub mod reply;
pub mod server;
mod sink;
#[cfg(feature = "tokio")]
pub mod tokio_codec;

pub use decode::{CommandDecoder, Decoded, decode_line};
pub use encode::{encode_command, encoded_len};
pub use error::{DecodeError, ErrorKind};
pub use options::{DecodeOptions, Extensions, Leniency};
pub use smtp_sansio_proto as proto;
