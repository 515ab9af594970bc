//! The client side, sans I/O: [`ClientSession`] turns queued transactions
//! into command bytes and the server's reply bytes into [`ClientEvent`]s.
//!
//! It greets (EHLO, or LHLO for LMTP), reads the capabilities, pipelines
//! MAIL/RCPT/DATA when the server advertised PIPELINING (matching replies to
//! commands by count, RFC 2920), sends the body with BDAT when CHUNKING is
//! advertised and asked for, and refuses reply bytes that arrive after the
//! 220 to STARTTLS (a response injection).

mod config;
mod envelope;
mod error;
mod event;
mod session;

pub use config::ClientConfig;
pub use envelope::Envelope;
pub use error::ClientError;
pub use event::ClientEvent;
pub use session::ClientSession;
