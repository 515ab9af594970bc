//! Helpers shared by the fuzz targets: options chosen by the fuzzer, and
//! the encode helpers every round trip needs.

use smtp_sansio_codec::command::{CommandOptions, Extensions, encode_command};
use smtp_sansio_codec::proto::Command;

/// Decode options picked by one fuzzer byte: each bit turns on one
/// extension or leniency, so every combination gets explored.
pub fn options_from(bits: u8) -> CommandOptions {
    let mut options = CommandOptions::default();
    // Each bit puts a group of extensions in force, so every MAIL/RCPT
    // parameter is accepted under some bits and refused (555) under others.
    let e = &mut options.extensions;
    e.size = bits & 1 != 0;
    e.eight_bit_mime = bits & 1 != 0;
    e.binary_mime = bits & 1 != 0;
    e.chunking = bits & 1 != 0;
    e.smtputf8 = bits & 2 != 0;
    e.dsn = bits & 4 != 0;
    e.rrvs = bits & 4 != 0;
    e.auth = bits & 8 != 0;
    e.require_tls = bits & 8 != 0;
    e.mt_priority = bits & 8 != 0;
    e.deliver_by = bits & 8 != 0;
    e.future_release = bits & 8 != 0;
    options.leniency.bare_lf_line_ends = bits & 16 != 0;
    options.leniency.space_after_colon = bits & 32 != 0;
    options.leniency.trailing_whitespace = bits & 64 != 0;
    options.reject_unknown_parameters = bits & 128 != 0;
    options
}

/// Options under which every valid `Command` value decodes: no length limit
/// in the way and SMTPUTF8 on.
pub fn roomy() -> CommandOptions {
    let mut options = CommandOptions::default();
    options.line_limit = 1 << 20;
    options.extensions = Extensions::all();
    options
}

/// The same options with every leniency off: what canonical output must pass.
pub fn strict_like(options: CommandOptions) -> CommandOptions {
    let mut strict = options;
    strict.leniency = smtp_sansio_codec::command::Leniency::default();
    strict
}

/// `command` on the wire, CRLF included.
pub fn encode(command: &Command<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode_command(command, &mut out);
    out
}

/// Whether an `Other` command carries a verb that has its own variant (such
/// a value encodes fine but decodes as that variant, by design).
pub fn is_other_with_known_verb(command: &Command<'_>) -> bool {
    const KNOWN: [&str; 15] = [
        "HELO", "EHLO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP",
        "NOOP", "QUIT", "STARTTLS", "AUTH",
    ];
    matches!(command, Command::Other { verb, .. }
        if KNOWN.iter().any(|k| verb.as_str().eq_ignore_ascii_case(k)))
}

/// The message as it must arrive after DATA: CRLF line ends only (a bare
/// LF or CR becomes CRLF), ending in CRLF when not empty.
pub fn canonical(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < message.len() {
        match message[i] {
            b'\r' if message.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The octets a BDAT chunk decoder hands out from `input` (none when it
/// needs more input or the chunk is done).
pub fn chunk_octets<'a>(
    chunk: &mut smtp_sansio_codec::body::ChunkDecoder,
    input: &'a [u8],
) -> &'a [u8] {
    use smtp_sansio_codec::Decoded;
    use smtp_sansio_codec::body::BodyPart;
    match chunk.decode(input) {
        Ok(Decoded::Complete {
            value: BodyPart::Octets(octets),
            ..
        }) => octets,
        _ => &[],
    }
}
