//! The command encoder: every [`Command`] to its canonical line, CRLF
//! included, into a caller-owned buffer that grows ([`EncodeBuf`]).

use smtp_sansio_proto::Command;
use smtp_sansio_proto::wire::Wire;

use crate::output::{BufSink, EncodeBuf};

/// Writes `command` and its CRLF into `out`. Total: a `Command` is valid by
/// construction, so it can hold no CR, LF or NUL, and `out` always takes
/// more; nothing is allocated but what `out` grows by.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::command::encode_command;
/// use smtp_sansio_codec::proto::Command;
///
/// let mut out = Vec::new();
/// encode_command(&Command::Bdat { size: 0, last: true }, &mut out);
/// assert_eq!(out, b"BDAT 0 LAST\r\n");
/// ```
pub fn encode_command<B: EncodeBuf + ?Sized>(command: &Command<'_>, out: &mut B) {
    command.write_to(&mut BufSink(out));
    out.put_slice(b"\r\n");
}

/// The octets [`encode_command`] writes, CRLF included: what to reserve, or
/// what to compare with a line limit.
pub fn encoded_len(command: &Command<'_>) -> usize {
    command.wire_len() + 2
}
