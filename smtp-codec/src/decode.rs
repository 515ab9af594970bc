//! The one decode contract every decoder and both sessions follow.
//!
//! A decoder is handed the bytes that have arrived and answers with a
//! [`Decoded`]: a complete value, or `Incomplete`. Either way it says how
//! many octets it *consumed*, the octets the caller may now drop. The next
//! call's input starts right after them; whatever was not consumed is
//! handed in again, followed by what arrived since. Nothing else is ever
//! asked of the caller:
//!
//! - `consumed` always means "octets the caller may now drop", in values,
//!   in `Incomplete` and in errors (a command, DATA or framing error
//!   consumes the bad input, so decoding goes on in sync).
//! - `Incomplete { consumed }` means "no value yet: drop `consumed`
//!   octets, then call again with the rest and more input". A decoder never
//!   asks for a fixed number of octets, and keeps what it has already
//!   checked, so feeding one octet at a time costs the same, in total, as
//!   feeding everything at once.
//! - Values borrow from the input (zero-copy); call
//!   [`IntoStatic::into_static`](crate::proto::IntoStatic) to keep one past
//!   the buffer.
//!
//! The [`Decoder`] trait states the contract for generic code; every
//! decoder also has the same `decode` as an inherent method, so no import
//! is needed. The sessions step the same way, returning a [`Step`] per
//! call.
//!
//! ```
//! use smtp_sansio_codec::command::CommandDecoder;
//! use smtp_sansio_codec::{Decoded, Decoder};
//!
//! /// Decodes every complete value of `input`, as any embedder would.
//! fn drain<D: Decoder>(decoder: &mut D, mut input: &[u8]) -> usize
//! where
//!     D::Error: std::fmt::Debug,
//! {
//!     let mut values = 0;
//!     loop {
//!         match decoder.decode(input).expect("valid input") {
//!             Decoded::Complete { consumed, .. } => {
//!                 values += 1;
//!                 input = &input[consumed..];
//!             }
//!             Decoded::Incomplete { .. } => return values,
//!         }
//!     }
//! }
//! assert_eq!(drain(&mut CommandDecoder::default(), b"NOOP\r\nRSET\r\nQU"), 2);
//! ```

/// What one decode call found: a complete value, or not yet. Exhaustive on
/// purpose: the contract has exactly these two answers.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::command::CommandDecoder;
/// use smtp_sansio_codec::proto::Command;
///
/// let mut decoder = CommandDecoder::default();
/// let input = b"QUIT\r\nNO";
/// let first = decoder.decode(input)?;
/// assert_eq!(first, Decoded::Complete { value: Command::Quit, consumed: 6 });
/// assert_eq!(decoder.decode(&input[first.consumed()..])?, Decoded::Incomplete { consumed: 0 });
/// # Ok::<(), smtp_sansio_codec::command::CommandError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub enum Decoded<T> {
    /// A complete value, which `consumed` octets of input held.
    Complete {
        /// The value, borrowing from the input.
        value: T,
        /// Octets of input the caller may now drop.
        consumed: usize,
    },
    /// No complete value yet: drop `consumed` octets, then call again with
    /// the rest of the input followed by more.
    Incomplete {
        /// Octets of input the caller may now drop.
        consumed: usize,
    },
}

impl<T> Decoded<T> {
    /// Octets of input the caller may now drop.
    pub const fn consumed(&self) -> usize {
        match self {
            Self::Complete { consumed, .. } | Self::Incomplete { consumed } => *consumed,
        }
    }

    /// The value, if complete.
    pub fn value(self) -> Option<T> {
        match self {
            Self::Complete { value, .. } => Some(value),
            Self::Incomplete { .. } => None,
        }
    }

    /// Whether a value is complete.
    pub const fn is_complete(&self) -> bool {
        matches!(self, Self::Complete { .. })
    }

    /// The same result with the value mapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        match self {
            Self::Complete { value, consumed } => Decoded::Complete {
                value: f(value),
                consumed,
            },
            Self::Incomplete { consumed } => Decoded::Incomplete { consumed },
        }
    }
}

/// A decoder of one kind of value from a byte stream, under the contract of
/// this module: commands, replies, DATA and BDAT bodies, and bare lines.
pub trait Decoder {
    /// What a complete decode yields, borrowing from the input.
    type Value<'a>;
    /// Why input was refused.
    type Error;

    /// Decodes from `input`, which starts right after the octets the
    /// previous calls consumed.
    ///
    /// # Errors
    /// The decoder's own error type; see each decoder for what it refuses
    /// and how much input a refusal consumes.
    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<Self::Value<'a>>, Self::Error>;
}

/// What one call of a session's `handle` did: drop `consumed` octets of
/// input, then act on `event`.
///
/// Both [`ServerSession`](crate::server::ServerSession) and
/// [`ClientSession`](crate::client::ClientSession) step this way; their
/// events say when to send output and read more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub struct Step<E> {
    /// Octets of input the caller may now drop.
    pub consumed: usize,
    /// What happened.
    pub event: E,
}

impl<E> Step<E> {
    /// A step that consumed `consumed` octets and produced `event`.
    pub const fn new(consumed: usize, event: E) -> Self {
        Self { consumed, event }
    }
}
