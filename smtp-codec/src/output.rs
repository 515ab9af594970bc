//! The bridge from the protocol model's [`Sink`] to a caller's [`BufMut`], so
//! every encoder writes through the one serializer of each type.

use bytes::BufMut;
use smtp_sansio_proto::wire::Sink;

/// Writes wire text straight into a caller-owned buffer (no allocation of
/// our own; the buffer grows only if the caller's `BufMut` does).
pub(crate) struct BufSink<'b, B: BufMut + ?Sized>(pub(crate) &'b mut B);

impl<B: BufMut + ?Sized> Sink for BufSink<'_, B> {
    fn put_str(&mut self, text: &str) {
        self.0.put_slice(text.as_bytes());
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.0.put_slice(ascii);
    }
}
