//! # smtp-sansio-codec
//!
//! The Sans-IO SMTP codec: line framing, command lines, replies, the
//! message body (DATA and BDAT) and the server and client sessions, built
//! on the validated values of [`smtp_sansio_proto`] (re-exported as
//! [`proto`]). No I/O happens here: callers own sockets, buffers and time.
//!
//! The modules mirror each other, one per thing on the wire:
//!
//! | module | decodes (the reading side) | encodes (the writing side) |
//! |---|---|---|
//! | [`command`] | [`CommandDecoder`](command::CommandDecoder) (server) | [`encode_command`](command::encode_command) (client) |
//! | [`reply`] | [`ReplyDecoder`](reply::ReplyDecoder) (client) | [`ReplyEncoder`](reply::ReplyEncoder) (server) |
//! | [`body`] | [`DataDecoder`](body::DataDecoder), [`ChunkDecoder`](body::ChunkDecoder) (server) | [`DataEncoder`](body::DataEncoder), [`ChunkWriter`](body::ChunkWriter) (client) |
//! | [`frame`] | [`LineFramer`](frame::LineFramer): the line rules under commands and replies | |
//!
//! [`server`] and [`client`] are the session state machines on top.
//!
//! Every decoder follows one contract, written down once in [`decode`]: a
//! [`Decoded`] value or `Incomplete`, and `consumed`, the octets the caller
//! may now drop. The sessions step the same way, one [`Step`] per call.
//!
//! ```
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, Extensions, encode_command};
//! use smtp_sansio_codec::proto::{Capability, Command, MailParameter};
//!
//! // A server that advertised SIZE: its parameter is accepted.
//! let in_force = Extensions::advertised(&[Capability::Size(Some(10_000))]);
//! let mut decoder = CommandDecoder::new(CommandOptions::default().with_extensions(in_force));
//! let input = b"mail from:<alice@example.com> size=1000\r\nQUIT\r\n";
//! let Decoded::Complete { value, consumed } = decoder.decode(input)? else {
//!     unreachable!("the line is complete")
//! };
//! let Command::Mail { parameters, .. } = &value else { unreachable!() };
//! assert_eq!(parameters.iter().next(), Some(MailParameter::Size(1000)));
//! assert_eq!(decoder.decode(&input[consumed..])?, Decoded::Complete { value: Command::Quit, consumed: 6 });
//!
//! let mut out = Vec::new();
//! encode_command(&value, &mut out);
//! assert_eq!(out, b"MAIL FROM:<alice@example.com> SIZE=1000\r\n");
//! # Ok::<(), smtp_sansio_codec::command::CommandError>(())
//! ```
//!
//! ## Features
//!
//! - `serde`, `arbitrary`: forwarded to `smtp-sansio-proto`.
//! - `tokio`: [`tokio_codec`], `tokio_util::codec` adapters for a server
//!   (commands in, replies out) and a client (replies in, commands and
//!   message bodies out).
//!
//! Under `cfg(fuzzing)` (set by cargo-fuzz) the command grammar is public
//! for fuzz targets; that is not a stable API.
//!
//! The crate needs `std`: the DATA decoder shares one `memchr::memmem`
//! searcher through `std::sync::LazyLock`, `memchr` picks its AVX2 routines
//! at run time only with its `std` feature, and the `tokio` adapters' error
//! types build on `std::io::Error`.
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

/// This crate's README, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod body;
pub mod client;
pub mod command;
pub mod decode;
pub mod frame;
mod output;
pub mod reply;
pub mod server;
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod tokio_codec;

pub use decode::{Decoded, Decoder, Step};
pub use output::EncodeBuf;
pub use smtp_sansio_proto as proto;
