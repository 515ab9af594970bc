//! The server side, sans I/O: [`ServerSession`] turns received bytes into
//! [`ServerEvent`]s and the embedder's decisions into reply bytes.
//!
//! It enforces RFC 5321 §4.1.4 order (greeting, EHLO/HELO/LHLO, MAIL →
//! RCPT+ → DATA or BDAT; RSET and a new EHLO reset; `503 5.5.1` for a
//! command in the wrong place, state unchanged), the recipient limit
//! (`452 4.5.3`), the AUTH exchange, STARTTLS (input after the STARTTLS line
//! is discarded, never run after the handshake), LMTP (one reply per
//! accepted recipient after the message), pipelining (replies are flushed
//! when the input runs dry, RFC 2920 §3.2) and an error limit (`421 4.7.0`).
//!
//! The session decides protocol; the embedder decides policy, answering
//! the events that ask for it (MAIL, RCPT, the end of a message, AUTH).

mod config;
mod error;
mod event;
mod session;

use smtp_sansio_proto::Command;

pub use config::ServerConfig;
pub use error::ServerError;
pub use event::{Hello, ServerEvent};
pub use session::ServerSession;

/// Whether `command` must be the last of a pipelined batch: the client has
/// to see its reply before sending more (RFC 2920 §3.1: EHLO, DATA, VRFY,
/// EXPN, TURN, QUIT, NOOP; RFC 3207 STARTTLS; RFC 4954 AUTH; HELO and LHLO
/// alike). A server can use it to spot a client that pipelines past one.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::proto::Command;
/// use smtp_sansio_codec::server::ends_batch;
///
/// assert!(ends_batch(&Command::Data));
/// assert!(!ends_batch(&Command::Rset));
/// ```
pub fn ends_batch(command: &Command<'_>) -> bool {
    matches!(
        command,
        Command::Helo { .. }
            | Command::Ehlo { .. }
            | Command::Lhlo { .. }
            | Command::Data
            | Command::Vrfy { .. }
            | Command::Expn { .. }
            | Command::Quit
            | Command::Noop { .. }
            | Command::StartTls
            | Command::Auth { .. }
    )
}
