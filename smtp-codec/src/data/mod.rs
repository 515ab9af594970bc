//! DATA streams (RFC 5321 §4.1.1.4, §4.5.2): the server's dot-unstuffing
//! [`DataDecoder`] and the client's dot-stuffing [`DataEncoder`].
//!
//! End of data is CRLF "." CRLF and nothing else; the CRLF that ended the
//! `DATA` command counts, so `.` CRLF right after the 354 reply is an empty
//! message. A bare LF or bare CR never ends the message, whatever the
//! [`LineEndPolicy`]: the default, `Reject`, reads such a message to its real
//! end and then refuses it with `550 5.6.0` (DESIGN.md §4); `Normalize` turns
//! them into CRLF; `Allow` passes them through.
//!
//! ```
//! use smtp_sansio_codec::data::{DataDecoder, DataEncoder, Decoded};
//!
//! // Client: message to wire form.
//! let mut wire = Vec::new();
//! let mut encoder = DataEncoder::default();
//! encoder.encode(b".signature\n", &mut wire)?;
//! encoder.finish(&mut wire);
//! assert_eq!(wire, b"..signature\r\n.\r\n");
//!
//! // Server: wire form back to the message.
//! let mut decoder = DataDecoder::default();
//! let mut body = Vec::new();
//! let mut at = 0;
//! while let Decoded::Body { data, consumed } = decoder.decode(&wire[at..]).unwrap() {
//!     body.extend_from_slice(data);
//!     at += consumed;
//! }
//! assert!(decoder.is_done());
//! assert_eq!(body, b".signature\r\n");
//! # Ok::<(), smtp_sansio_codec::data::EncodeError>(())
//! ```

mod decoder;
mod encoder;
mod error;
mod options;
mod scan;

pub use decoder::{DataDecoder, Decoded};
pub use encoder::DataEncoder;
pub use error::{DataError, DataErrorKind, EncodeError, EncodeErrorKind};
pub use options::{DataOptions, EncodeOptions, LineEndPolicy};
