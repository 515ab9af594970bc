//! One canonical writer for every value: [`Wire`] writes the wire form into
//! any [`Sink`]. `Display` and the `smtp-sansio-codec` encoders both go through it,
//! so there is exactly one serializer per type.
//!
//! ```
//! use smtp_sansio_proto::{Domain, wire::Wire};
//!
//! let mut out = String::new();
//! Domain::try_from("mail.example.com").unwrap().write_to(&mut out);
//! assert_eq!(out, "mail.example.com");
//! ```

use core::fmt;

use crate::ValueKind;
use crate::{Rule, ValidationError};

/// Somewhere wire text can go: a `String`, a `Vec<u8>`, a `BufMut` adapter.
pub trait Sink {
    /// Appends `text`.
    fn put_str(&mut self, text: &str);

    /// Appends `ascii`, which the caller knows is ASCII (digits, punctuation).
    ///
    /// The default checks it as UTF-8 (dropping it if it is not); a byte
    /// sink overrides this to copy it as is, since that check costs more
    /// than the copy for the few octets written here.
    fn put_ascii(&mut self, ascii: &[u8]) {
        self.put_str(core::str::from_utf8(ascii).unwrap_or_default());
    }

    /// Appends the decimal form of `n`, without going through `core::fmt`
    /// (`itoa`: two digits a step, from a table).
    fn put_u64(&mut self, n: u64) {
        self.put_str(itoa::Buffer::new().format(n));
    }

    /// Appends the decimal form of `n` with a leading `-` when negative.
    fn put_i64(&mut self, n: i64) {
        if n < 0 {
            self.put_str("-");
        }
        self.put_u64(n.unsigned_abs());
    }
}

impl Sink for alloc::string::String {
    fn put_str(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl Sink for alloc::vec::Vec<u8> {
    fn put_str(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.extend_from_slice(ascii);
    }
}

/// Counts the octets a value would write, without writing them.
#[derive(Debug, Default)]
pub struct LenSink(pub usize);

impl Sink for LenSink {
    fn put_str(&mut self, text: &str) {
        self.0 += text.len();
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.0 += ascii.len();
    }
}

/// A value with a canonical wire form.
pub trait Wire {
    /// Writes the canonical wire form (no trailing CRLF) into `out`.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S);

    /// The length of the wire form in octets.
    fn wire_len(&self) -> usize {
        let mut len = LenSink::default();
        self.write_to(&mut len);
        len.0
    }
}

/// Adapts a `fmt::Formatter` into a [`Sink`], remembering the first error.
struct FmtSink<'f, 'g> {
    f: &'f mut fmt::Formatter<'g>,
    result: fmt::Result,
}

impl Sink for FmtSink<'_, '_> {
    fn put_str(&mut self, text: &str) {
        if self.result.is_ok() {
            self.result = self.f.write_str(text);
        }
    }
}

/// Implements `Display` through [`Wire`].
pub(crate) fn display<W: Wire + ?Sized>(value: &W, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut sink = FmtSink { f, result: Ok(()) };
    value.write_to(&mut sink);
    sink.result
}

/// Writes `ascii` (a keyword: letters, digits, hyphens) in upper case,
/// through a small stack buffer: nothing is allocated.
pub(crate) fn put_upper<S: Sink + ?Sized>(out: &mut S, ascii: &str) {
    let mut buf = [0u8; 32];
    for piece in ascii.as_bytes().chunks(buf.len()) {
        let upper = &mut buf[..piece.len()];
        for (o, &b) in upper.iter_mut().zip(piece) {
            *o = b.to_ascii_uppercase();
        }
        out.put_ascii(upper);
    }
}

/// Checks that `bytes` are UTF-8, reporting where they stop being so.
pub(crate) fn utf8(kind: ValueKind, bytes: &[u8]) -> Result<&str, ValidationError> {
    core::str::from_utf8(bytes)
        .map_err(|e| ValidationError::new(kind, Rule::NotUtf8, e.valid_up_to()))
}
