//! The message body: DATA streams (RFC 5321 §4.1.1.4, §4.5.2), dot-stuffed
//! and terminated, and BDAT chunks (RFC 3030), counted.
//!
//! - The server unstuffs DATA with [`DataDecoder`] and reads BDAT chunks
//!   with [`ChunkDecoder`]; both yield [`BodyPart`]s that borrow the input,
//!   under the [decode contract](crate::decode), and both hold a text
//!   message to the same [`LineEndPolicy`] (BDAT across its chunks, and not
//!   for `BODY=BINARYMIME`).
//! - The client stuffs DATA with [`DataEncoder`] and splits a message into
//!   chunks with [`ChunkWriter`].
//!
//! End of data is CRLF "." CRLF and nothing else; the CRLF that ended the
//! `DATA` command counts, so `.` CRLF right after the 354 reply is an empty
//! message. A bare LF or bare CR never ends the message, whatever the
//! [`LineEndPolicy`]: the default, `Reject`, reads such a message to its
//! real end and then refuses it with `550 5.6.0`; `Normalize` turns them
//! into CRLF; `Allow` passes them through.
//!
//! ```
//! use smtp_sansio_codec::Decoded;
//! use smtp_sansio_codec::body::{BodyPart, DataDecoder, DataEncoder};
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
//! while let Decoded::Complete { value: BodyPart::Octets(data), consumed } =
//!     decoder.decode(&wire[at..]).unwrap()
//! {
//!     body.extend_from_slice(data);
//!     at += consumed;
//! }
//! assert!(decoder.is_done());
//! assert_eq!(body, b".signature\r\n");
//! # Ok::<(), smtp_sansio_codec::body::DataEncodeError>(())
//! ```

mod chunk;
mod decoder;
mod encoder;
mod error;
mod options;
mod scan;

pub use chunk::{Chunk, ChunkDecoder, ChunkWriter, Chunks};
pub use decoder::DataDecoder;
pub use encoder::DataEncoder;
pub use error::{DataEncodeError, DataEncodeErrorKind, DataError, DataErrorKind};
pub use options::{DataEncodeOptions, DataOptions, LineEndPolicy};

/// A piece of a message body, from [`DataDecoder`] or [`ChunkDecoder`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyPart<'a> {
    /// Body octets, to be appended to what came before: a slice of the
    /// input, or a short `'static` slice (a line end split across calls or
    /// normalized).
    Octets(&'a [u8]),
    /// The end: DATA's terminator was consumed, or the chunk was read
    /// whole.
    End,
}
