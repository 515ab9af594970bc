//! Command lines: the server reads them with [`CommandDecoder`], the
//! client writes them with [`encode_command`].
//!
//! Frame first, parse second: the [framer](crate::frame) finds the CRLF,
//! enforces the 512-octet limit (plus the allowances of the extensions in
//! force, [`CommandOptions`]) and refuses bare CR, bare LF and NUL; the
//! grammar then parses one complete line and every argument is validated
//! by its type in [`proto`](crate::proto). A refused line is a
//! [`CommandError`] that names the problem and its offset, carries the
//! reply a server sends, and consumes the whole line.
//!
//! ```
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::command::{CommandDecoder, encode_command};
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
//! # Ok::<(), smtp_sansio_codec::command::CommandError>(())
//! ```

mod decoder;
mod encoder;
mod error;
#[cfg(fuzzing)]
pub mod grammar;
#[cfg(not(fuzzing))]
#[allow(unreachable_pub)]
mod grammar;
mod options;

pub use decoder::CommandDecoder;
pub use encoder::{encode_command, encoded_len};
pub use error::{CommandError, CommandErrorKind};
pub use options::{CommandOptions, Extensions, Leniency};
