//! The server side, sans I/O: [`ServerSession`] turns received bytes into
//! [`ServerEvent`]s and the embedder's decisions into reply bytes.
//!
//! It enforces RFC 5321 §4.1.4 order (greeting, EHLO/HELO/LHLO, MAIL →
//! RCPT+ → DATA or BDAT; RSET and a new EHLO reset; `503 5.5.1` for a
//! command in the wrong place, state unchanged), the extensions in force
//! (exactly those the last EHLO/LHLO reply advertised, none after HELO: a
//! parameter of another gets `555 5.5.4`, BDAT without CHUNKING `502`),
//! the recipient limit on accepted recipients (`452 4.5.3`), the AUTH
//! exchange (a mechanism that was not offered gets `504 5.5.4`, an empty
//! response is a response), STARTTLS (input after the STARTTLS line is
//! discarded, never run after the handshake), LMTP (one reply per accepted
//! recipient after the message), pipelining (replies are flushed when the
//! input runs dry, RFC 2920 §3.2; a batch that runs on past a command that
//! must end it gets `554 5.5.0` and the session ends, RFC 2920 §3.1), the
//! DATA line-end policy for BDAT text too, and limits on errors (`421
//! 4.7.0`) and junk commands.
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
/// alike).
///
/// [`ServerSession`] uses it: such a command with input already behind it
/// is not run but answered `554 5.5.0`, and the session ends
/// ([`ServerEvent::ImproperPipelining`]); QUIT ends the session anyway, and
/// what follows STARTTLS is discarded and reported
/// ([`ServerEvent::StartTls`]). [`ServerConfig::allow_improper_pipelining`]
/// turns the check off.
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
