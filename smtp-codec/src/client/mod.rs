//! The client side, sans I/O: [`ClientSession`] turns queued transactions
//! into command bytes and the server's reply bytes into [`ClientEvent`]s.
//!
//! It greets (EHLO, or LHLO for LMTP), reads the capabilities, pipelines
//! MAIL/RCPT/DATA when the server advertised PIPELINING (matching replies to
//! commands by count, RFC 2920), sends the body with BDAT when CHUNKING is
//! advertised and asked for (or the message is `BODY=BINARYMIME`), sends
//! only the MAIL/RCPT parameters of advertised extensions, stops a BDAT
//! transaction at the first refused chunk (RSET or QUIT after it), reports
//! an EHLO reply it cannot read instead of guessing, and refuses reply bytes
//! that arrive after the 220 to STARTTLS (a response injection).

mod config;
mod envelope;
mod error;
mod event;
mod session;

pub use config::{AfterRefusal, ClientConfig};
pub use envelope::Envelope;
pub use error::ClientError;
pub use event::ClientEvent;
pub use session::ClientSession;
