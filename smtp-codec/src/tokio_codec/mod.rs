//! `tokio_util::codec` adapters, so a `Framed` stream speaks SMTP: command
//! lines in and replies out on the server ([`ServerCodec`]), replies in and
//! commands and message bodies out on the client ([`ClientCodec`]).
//!
//! Items are owned (`'static`), which costs one copy per item; the sans-IO
//! sessions ([`ServerSession`](crate::server::ServerSession),
//! [`ClientSession`](crate::client::ClientSession)) are the zero-copy path
//! and the ones that know the protocol's order.
//!
//! ## STARTTLS over a `Framed`
//!
//! A `Framed` reads ahead: when the peer's 220 to STARTTLS (or, on the
//! server, the STARTTLS command) has been decoded, octets that came after it
//! may already sit in the read buffer. They were sent in plaintext before
//! the handshake and must never be taken as coming over TLS (CVE-2011-0411).
//! Before the handshake, take the stream out with `Framed::into_parts`,
//! and refuse to go on if `parts.read_buf` is not empty (on the client that
//! is a response injection: close the connection); only then run the
//! handshake on `parts.io` and build a new `Framed` on the TLS stream.
//! [`ClientCodec`]'s documentation shows it.

mod client;
mod server;

pub use client::{ClientCodec, ClientCodecError, Message};
pub use server::ServerCodec;
