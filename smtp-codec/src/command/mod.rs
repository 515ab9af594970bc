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
//! use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, Extensions, encode_command};
//! use smtp_sansio_codec::proto::{Command, MailParameter};
//!
//! // The extensions in force decide which parameters are accepted; strict
//! // defaults have none (as after HELO): SIZE= gets 555 5.5.4 there.
//! let plain = CommandDecoder::default().decode(b"MAIL FROM:<a@b.c> SIZE=1000\r\n");
//! assert_eq!(plain.unwrap_err().reply().code().get(), 555);
//! let mut decoder = CommandDecoder::new(CommandOptions::default().with_extensions(Extensions::all()));
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
