//! Known-answer helpers the test files share: decode a whole input, compare
//! the value, re-encode it, compare the bytes, check the remainder. One
//! place, so every test decodes and encodes the same way a server or client
//! would.

use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::{
    CommandDecoder, CommandError, CommandOptions, Extensions, encode_command,
};
use smtp_sansio_codec::proto::{Command, IntoStatic, Reply, ReplyCode};
use smtp_sansio_codec::reply::{
    ReplyDecoder, ReplyError, ReplyOptions, ReplyView, encode_ehlo, encode_reply,
};

/// Command options under which every valid `Command` value decodes: no
/// length limit in the way, every extension (SMTPUTF8 included) in force.
pub(crate) fn roomy() -> CommandOptions {
    let mut options = CommandOptions::default();
    options.line_limit = 1 << 20;
    options.extensions = Extensions::all();
    options
}

/// The strict defaults with every extension in force: what a server that
/// advertised them all decodes.
pub(crate) fn esmtp() -> CommandOptions {
    CommandOptions::default().with_extensions(Extensions::all())
}

/// `command` on the wire, CRLF included.
pub(crate) fn command_bytes(command: &Command<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode_command(command, &mut out);
    out
}

/// `reply` on the wire.
pub(crate) fn reply_bytes(reply: &Reply<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode_reply(reply, &mut out);
    out
}

/// Decodes one complete line with `options`, checking it took the whole
/// input (a refusal must consume it whole too).
pub(crate) fn command_with(
    options: CommandOptions,
    line: &[u8],
) -> Result<Command<'_>, CommandError> {
    let mut decoder = CommandDecoder::new(options);
    match decoder.decode(line) {
        Ok(Decoded::Complete { value, consumed }) => {
            assert_eq!(consumed, line.len(), "the line was not consumed whole");
            Ok(value)
        }
        Ok(Decoded::Incomplete { .. }) => panic!("{line:?} is complete"),
        Err(e) => {
            assert_eq!(e.consumed(), line.len(), "a refused line is consumed whole");
            Err(e)
        }
    }
}

/// [`command_with`] under the strict defaults.
pub(crate) fn command(line: &[u8]) -> Result<Command<'_>, CommandError> {
    command_with(CommandOptions::default(), line)
}

/// Decodes `line` (CRLF included) with every extension in force
/// ([`esmtp`]), checks it re-encodes to the same octets and that those
/// decode to the same value, and returns it.
pub(crate) fn canonical_command(line: &str) -> Command<'_> {
    let value = command_with(esmtp(), line.as_bytes()).unwrap_or_else(|e| panic!("{line:?}: {e}"));
    let wire = command_bytes(&value);
    assert_eq!(String::from_utf8_lossy(&wire), line, "re-encoding differs");
    assert_eq!(
        command_with(esmtp(), &wire).as_ref(),
        Ok(&value),
        "the re-encoding decodes differently"
    );
    value
}

/// The refusal of `line` and the reply code and enhanced code it maps to.
pub(crate) fn refused_command_with(
    options: CommandOptions,
    line: &[u8],
) -> (CommandError, u16, String) {
    let err = command_with(options, line).expect_err("the line must be refused");
    let reply = err.reply();
    let enhanced = reply.enhanced().map(|e| e.to_string()).unwrap_or_default();
    (err, reply.code().get(), enhanced)
}

/// [`refused_command_with`] under the strict defaults.
pub(crate) fn refused_command(line: &[u8]) -> (CommandError, u16, String) {
    refused_command_with(CommandOptions::default(), line)
}

/// Decodes a stream of command lines, fed as `pieces`, dropping what each
/// call consumed as a real server does; returns every command or error, in
/// order.
pub(crate) fn commands_in(
    pieces: &[&[u8]],
    options: CommandOptions,
) -> Vec<Result<Command<'static>, String>> {
    let mut decoder = CommandDecoder::new(options);
    let mut buffered = Vec::new();
    let mut out = Vec::new();
    for piece in pieces {
        buffered.extend_from_slice(piece);
        loop {
            match decoder.decode(&buffered) {
                Ok(Decoded::Complete { value, consumed }) => {
                    out.push(Ok(value.into_static()));
                    buffered.drain(..consumed);
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    buffered.drain(..consumed);
                    break;
                }
                Err(e) => {
                    assert!(e.consumed() > 0, "an error must move the stream on");
                    out.push(Err(e.to_string()));
                    buffered.drain(..e.consumed());
                }
            }
        }
    }
    out
}

/// Known answers for a pipelined stream: each command of `stream` decodes
/// and re-encodes to the next of `canonical`, and `rest` is left over.
pub(crate) fn kat_commands(
    options: CommandOptions,
    stream: &[u8],
    canonical: &[&str],
    rest: &[u8],
) {
    let mut decoder = CommandDecoder::new(options);
    let mut input = stream;
    for want in canonical {
        let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) else {
            panic!(
                "{want:?} does not decode from {:?}",
                String::from_utf8_lossy(input)
            );
        };
        assert_eq!(String::from_utf8_lossy(&command_bytes(&value)), *want);
        input = &input[consumed..];
    }
    assert_eq!(input, rest, "the remainder differs");
}

/// Decodes one complete reply with `options`, returning it and the octets
/// it took.
pub(crate) fn reply_with(
    input: &[u8],
    options: ReplyOptions,
) -> Result<(ReplyView<'_>, usize), ReplyError> {
    match ReplyDecoder::new(options).decode(input)? {
        Decoded::Complete { value, consumed } => Ok((value, consumed)),
        Decoded::Incomplete { .. } => panic!("incomplete: {:?}", String::from_utf8_lossy(input)),
    }
}

/// Every complete reply at the start of `stream`, decoded in one go, and
/// what is left after them.
pub(crate) fn replies_in(stream: &[u8], options: ReplyOptions) -> (Vec<Reply<'static>>, &[u8]) {
    let mut decoder = ReplyDecoder::new(options);
    let mut input = stream;
    let mut out = Vec::new();
    while let Ok(Decoded::Complete { value, consumed }) = decoder.decode(input) {
        out.push(value.to_reply().into_static());
        input = &input[consumed..];
    }
    (out, input)
}

/// Known answers for a server's side of a transcript: every reply of
/// `stream` decodes, has the next of `codes`, re-encodes byte for byte (as
/// an EHLO reply too, when it is one), and nothing is left over.
pub(crate) fn kat_replies(stream: &str, codes: &[u16], options: ReplyOptions) {
    let mut decoder = ReplyDecoder::new(options);
    let mut input = stream.as_bytes();
    let mut seen = Vec::new();
    while !input.is_empty() {
        let Decoded::Complete {
            value: reply,
            consumed,
        } = decoder.decode(input).unwrap()
        else {
            panic!("incomplete transcript");
        };
        assert_eq!(
            String::from_utf8_lossy(&reply_bytes(&reply.to_reply())),
            String::from_utf8_lossy(&input[..consumed]),
            "re-encoding differs"
        );
        if reply.code() == ReplyCode::OK && reply.line_count() > 1 {
            let ehlo = reply.to_ehlo().unwrap();
            let mut out = Vec::new();
            encode_ehlo(&ehlo, &mut out);
            assert_eq!(out, &input[..consumed], "EHLO re-encoding differs");
        }
        seen.push(reply.code().get());
        input = &input[consumed..];
    }
    assert_eq!(seen, codes);
}
