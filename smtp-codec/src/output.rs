//! Where encoders write: [`EncodeBuf`], a buffer that can always take more,
//! and the bridge from the protocol model's [`Sink`] to it, so every
//! encoder writes through the one serializer of each type.

use alloc::vec::Vec;

use bytes::BytesMut;
use smtp_sansio_proto::wire::Sink;

/// A buffer the encoders append to. It must always accept more octets, by
/// growing: that is what makes every encoder total. A fixed-size buffer
/// (`&mut [u8]`, `bytes::BufMut` over a slice) cannot promise it, so it is
/// not one; encode into a `Vec<u8>` or a `BytesMut` and copy from there.
///
/// Encoding allocates nothing of its own: only the buffer grows, and not
/// at all when it already has room.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::command::encode_command;
/// use smtp_sansio_codec::proto::Command;
///
/// let mut vec = Vec::new();
/// encode_command(&Command::Quit, &mut vec);
/// let mut bytes = bytes::BytesMut::new();
/// encode_command(&Command::Quit, &mut bytes);
/// assert_eq!(vec, &bytes[..]);
/// ```
///
/// A fixed-size buffer is refused when the program is compiled, not with a
/// panic when it fills up:
///
/// ```compile_fail
/// use smtp_sansio_codec::command::encode_command;
/// use smtp_sansio_codec::proto::Command;
///
/// let mut fixed = [0u8; 4];
/// encode_command(&Command::Quit, &mut &mut fixed[..]);
/// ```
pub trait EncodeBuf {
    /// Appends `octets`, growing as needed.
    fn put_slice(&mut self, octets: &[u8]);
}

impl EncodeBuf for Vec<u8> {
    fn put_slice(&mut self, octets: &[u8]) {
        self.extend_from_slice(octets);
    }
}

impl EncodeBuf for BytesMut {
    fn put_slice(&mut self, octets: &[u8]) {
        self.extend_from_slice(octets);
    }
}

impl<T: EncodeBuf + ?Sized> EncodeBuf for &mut T {
    fn put_slice(&mut self, octets: &[u8]) {
        (**self).put_slice(octets);
    }
}

/// Writes wire text straight into the caller's buffer.
pub(crate) struct BufSink<'b, B: EncodeBuf + ?Sized>(pub(crate) &'b mut B);

impl<B: EncodeBuf + ?Sized> Sink for BufSink<'_, B> {
    fn put_str(&mut self, text: &str) {
        self.0.put_slice(text.as_bytes());
    }

    fn put_ascii(&mut self, ascii: &[u8]) {
        self.0.put_slice(ascii);
    }
}
