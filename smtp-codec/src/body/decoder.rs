//! The server side of DATA: a streaming, zero-copy dot-unstuffing decoder.
//!
//! The hot path yields the longest run of body that passes through as is,
//! up to the next event: a CRLF "." (a dot matters nowhere else) or, in
//! `Reject` and `Normalize`, a bare CR, a bare LF or (in `Reject`) a NUL.
//! `Allow` has no irregular octets, so it jumps with `memmem` from one CRLF
//! "." to the next; the others find events with one SIMD pass over whole
//! blocks (`scan.rs`), where a `memchr` per line end would cost a call
//! every line. So a body slice spans every line up to the next
//! dot-stuffed one and is handed out whole; only an event is looked at on
//! its own.
//!
//! The state kept between calls is one small enum: where in the `CRLF "."
//! CRLF` pattern the input stopped, and whether the last octet was a CR whose
//! partner has not arrived yet. Octets whose meaning depends on the next call
//! (a trailing CR, a dot at a line start) are consumed and remembered, never
//! buffered: what they stand for is known in advance, so they are later
//! yielded as `'static` slices (`b"\r"`, `b"\r\n"`).

use std::sync::LazyLock;

use memchr::memmem;

use super::BodyPart;
use super::error::{DataError, DataErrorKind};
use super::options::{DataOptions, LineEndPolicy};
use super::scan::next_event;
use crate::decode::{Decoded, Decoder};
use crate::frame::FrameErrorKind;

/// Canonical line end, yielded for a CRLF split across calls and for a
/// normalized bare CR or bare LF.
const CRLF: &[u8] = b"\r\n";
/// A CR passed through (policy `Allow`) whose fate was decided in a later call.
const CR: &[u8] = b"\r";

/// Where the decoder stands between two octets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum State {
    /// Right after a CRLF (or at the start: the CRLF of `DATA` counts).
    LineStart,
    /// After CRLF "." (the dot is dropped whatever follows).
    Dot,
    /// After CRLF "." CR (the CR is not yielded yet).
    DotCr,
    /// After a body CR that was consumed but not yielded yet.
    Cr,
    /// Anywhere else; the previous octet is not an unresolved CR.
    Mid,
    /// The terminator has been consumed.
    Done,
}

/// One step of the scan: a piece (maybe empty) and the input used so far,
/// or the end.
enum Step<'a> {
    Piece(&'a [u8], usize),
    End(usize),
}

/// Decodes the DATA stream that follows a 354 reply into the message body.
///
/// Feed it what has arrived, under the [decode contract](crate::decode):
/// it yields pieces of the body that borrow the input (zero-copy), then
/// [`BodyPart::End`] once the terminator has been consumed. It never buffers
/// body octets, so the caller drops what each call consumed; any split of
/// the stream, down to one octet at a time, gives the same body.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::body::{BodyPart, DataDecoder};
///
/// let mut decoder = DataDecoder::default();
/// let stream = b"Subject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n";
/// let mut body = Vec::new();
/// let mut at = 0;
/// loop {
///     match decoder.decode(&stream[at..])? {
///         Decoded::Complete { value: BodyPart::Octets(data), consumed } => {
///             body.extend_from_slice(data);
///             at += consumed;
///         }
///         Decoded::Incomplete { consumed } => at += consumed, // read more here
///         Decoded::Complete { value: BodyPart::End, consumed } => {
///             at += consumed;
///             break;
///         }
///     }
/// }
/// assert_eq!(body, b"Subject: hi\r\n\r\n.dot\r\n");
/// assert_eq!(&stream[at..], b"QUIT\r\n");
/// # Ok::<(), smtp_sansio_codec::body::DataError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DataDecoder {
    options: DataOptions,
    state: State,
    /// Input octets used since the start (or the last reset).
    position: u64,
    /// Body octets yielded.
    size: u64,
    /// The first reason to refuse the message, and where it was seen.
    refusal: Option<(DataErrorKind, u64)>,
}

impl Default for DataDecoder {
    fn default() -> Self {
        Self::new(DataOptions::default())
    }
}

impl DataDecoder {
    /// A decoder at the start of a message, right after the 354 reply.
    pub const fn new(options: DataOptions) -> Self {
        Self {
            options,
            state: State::LineStart,
            position: 0,
            size: 0,
            refusal: None,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> DataOptions {
        self.options
    }

    /// Readies the decoder for the next message (options kept).
    pub fn reset(&mut self) {
        *self = Self::new(self.options);
    }

    /// Whether the end of data has been consumed (only `reset` helps now).
    pub const fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// Body octets yielded so far (what the message's size is, once done).
    pub const fn size(&self) -> u64 {
        self.size
    }

    /// Input octets used so far, terminator included once done.
    pub const fn position(&self) -> u64 {
        self.position
    }

    /// Decodes the next piece of `input`, under the [decode
    /// contract](crate::decode).
    ///
    /// # Errors
    /// A [`DataError`] once the terminator has been consumed when the
    /// message is refused (too big; bare LF, bare CR or NUL in `Reject`),
    /// consuming the input through the terminator; and
    /// [`DataErrorKind::AfterEnd`] (nothing consumed) when called after the
    /// end without a `reset`.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, DataError> {
        if self.is_done() {
            return Err(DataError::new(DataErrorKind::AfterEnd, self.position, 0));
        }
        let mut used = 0;
        while used < input.len() {
            match self.step(input, used) {
                Step::Piece(data, next) => {
                    used = next;
                    let data = self.accept(data);
                    if !data.is_empty() {
                        self.position += next as u64;
                        return Ok(Decoded::Complete {
                            value: BodyPart::Octets(data),
                            consumed: next,
                        });
                    }
                }
                Step::End(consumed) => {
                    self.state = State::Done;
                    self.position += consumed as u64;
                    return match self.refusal {
                        None => Ok(Decoded::Complete {
                            value: BodyPart::End,
                            consumed,
                        }),
                        Some((kind, offset)) => Err(DataError::new(kind, offset, consumed)),
                    };
                }
            }
        }
        self.position += used as u64;
        Ok(Decoded::Incomplete { consumed: used })
    }

    /// What of `data` goes to the caller: nothing once the message is
    /// refused, and nothing past the size limit, which refuses it. The body
    /// is cut at exactly the limit, so what is yielded does not depend on
    /// how the input was split.
    fn accept<'a>(&mut self, data: &'a [u8]) -> &'a [u8] {
        if self.refusal.is_some() {
            return &[];
        }
        let Some(limit) = self.options.max_size else {
            self.size = self.size.saturating_add(data.len() as u64);
            return data;
        };
        let room = limit.saturating_sub(self.size);
        let take = usize::try_from(room).map_or(data.len(), |room| room.min(data.len()));
        if take < data.len() {
            self.refusal = Some((DataErrorKind::TooBig { limit }, limit));
        }
        self.size += take as u64;
        &data[..take]
    }

    /// Remembers the first reason to refuse the message.
    fn refuse(&mut self, kind: DataErrorKind, offset: u64) {
        if self.refusal.is_none() {
            self.refusal = Some((kind, offset));
        }
    }

    /// One step from `at` (< `input.len()`), according to the state.
    fn step<'a>(&mut self, input: &'a [u8], at: usize) -> Step<'a> {
        let byte = input[at];
        match self.state {
            State::LineStart if byte == b'.' => {
                self.state = State::Dot;
                Step::Piece(&[], at + 1)
            }
            State::Dot if byte == b'\r' => {
                self.state = State::DotCr;
                Step::Piece(&[], at + 1)
            }
            State::DotCr if byte == b'\n' => Step::End(at + 1),
            State::Cr if byte == b'\n' => {
                self.state = State::LineStart;
                Step::Piece(CRLF, at + 1)
            }
            State::Cr | State::DotCr => {
                // The CR just before `at` was bare; `at` itself is scanned next.
                self.state = State::Mid;
                let piece = match self.options.policy {
                    LineEndPolicy::Allow => CR,
                    LineEndPolicy::Normalize => CRLF,
                    LineEndPolicy::Reject => {
                        self.refuse(
                            DataErrorKind::Frame(FrameErrorKind::BareCr),
                            self.position + at as u64 - 1,
                        );
                        &[]
                    }
                };
                Step::Piece(piece, at)
            }
            // A stuffed dot is dropped (the dot was consumed), or a plain line.
            State::LineStart | State::Dot | State::Mid => self.scan(input, at),
            // `decode` never steps once done; treat it as the end, harmlessly.
            State::Done => Step::End(at),
        }
    }

    /// The hot path: from `start` (a body octet, the previous octet not an
    /// unpaired CR, and not a line-start dot), finds the longest run of body
    /// that passes through unchanged and yields it whole.
    ///
    /// The run ends at the first event (see `scan.rs`): a CRLF "." (yielded
    /// through the CRLF, the dot consumed), or an irregular octet, which is
    /// looked at on its own. In `Allow` the only other event is a CR at the
    /// very end, whose LF may come next call.
    fn scan<'a>(&mut self, input: &'a [u8], start: usize) -> Step<'a> {
        let policy = self.options.policy;
        let i = match policy {
            LineEndPolicy::Allow => match DOT_LINE.find(&input[start..]) {
                Some(k) => start + k,
                None if input.last() == Some(&b'\r') => input.len() - 1,
                None => input.len(),
            },
            LineEndPolicy::Normalize => next_event::<false>(input, start),
            LineEndPolicy::Reject => next_event::<true>(input, start),
        };
        if i == input.len() {
            self.state = if input.ends_with(CRLF) {
                State::LineStart
            } else {
                State::Mid
            };
            return Step::Piece(&input[start..], i);
        }
        if input[i] == b'\r' && input.get(i + 1) == Some(&b'\n') {
            // CRLF ".": yield through the CRLF, drop the dot.
            self.state = State::Dot;
            return Step::Piece(&input[start..i + 2], i + 3);
        }
        if i > start {
            // Yield the clean run first; the octet is met again at the start
            // of the next step, as a bare LF, a NUL or an undecided CR.
            self.state = State::Mid;
            return Step::Piece(&input[start..i], i);
        }
        let offset = self.position + i as u64;
        match (input[i], policy) {
            (b'\r', _) => {
                // A bare CR, or a CR at the end of the input: `step` decides.
                self.state = State::Cr;
                Step::Piece(&[], i + 1)
            }
            (b'\n', LineEndPolicy::Normalize) => {
                self.state = State::Mid;
                Step::Piece(CRLF, i + 1)
            }
            (b'\n', _) => {
                self.state = State::Mid;
                self.refuse(DataErrorKind::Frame(FrameErrorKind::BareLf), offset);
                Step::Piece(&[], i + 1)
            }
            _ => {
                self.state = State::Mid;
                self.refuse(DataErrorKind::Frame(FrameErrorKind::Nul), offset);
                Step::Piece(&[], i + 1)
            }
        }
    }
}

impl Decoder for DataDecoder {
    type Value<'a> = BodyPart<'a>;
    type Error = DataError;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<BodyPart<'a>>, DataError> {
        DataDecoder::decode(self, input)
    }
}

/// Finds CRLF "." (a dot at a line start); built once, never allocates.
static DOT_LINE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"\r\n."));
