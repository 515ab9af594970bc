//! The one decode contract, checked over every decoder alike: for any
//! input, split at every point or fed one octet at a time (the caller
//! dropping what each call consumed), the values and errors are exactly
//! those of the whole input at once.

use std::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use smtp_sansio_codec::body::{
    BodyPart, ChunkDecoder, DataDecoder, DataEncoder, DataError, DataErrorKind, DataOptions,
    LineEndPolicy,
};
use smtp_sansio_codec::command::{CommandDecoder, CommandError, CommandOptions};
use smtp_sansio_codec::frame::FrameErrorKind;
use smtp_sansio_codec::proto::{Command, IntoStatic, Reply};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyError, ReplyOptions};
use smtp_sansio_codec::{Decoded, Decoder};

mod common;

use common::{kat, run};

/// A decoder under test: how to make one, keep what it yields past the
/// buffer, and tell a refusal the stream survives from one it does not.
trait Subject: Decoder + Sized {
    /// A decoded value, owned.
    type Owned: PartialEq + Debug;
    fn fresh() -> Self;
    fn own(value: Self::Value<'_>) -> Self::Owned;
    /// What went wrong, the octets it consumed, and whether decoding goes on.
    fn refusal(error: Self::Error) -> Refusal;
    /// Whether nothing more is decoded after this value (the end of a body).
    fn ends(_value: &Self::Owned) -> bool {
        false
    }
    /// Appends `next` to `last` when the two are one value cut in two.
    fn join(_last: &mut Self::Owned, _next: &Self::Owned) -> bool {
        false
    }
}

impl Subject for CommandDecoder {
    type Owned = Command<'static>;
    fn fresh() -> Self {
        CommandDecoder::new(CommandOptions::default())
    }
    fn own(value: Command<'_>) -> Command<'static> {
        value.into_static()
    }
    fn refusal(error: CommandError) -> Refusal {
        assert!(error.consumed() > 0, "a refused line moves the stream on");
        (error.to_string(), error.consumed(), true)
    }
}

impl Subject for ReplyDecoder {
    type Owned = (Reply<'static>, String);
    fn fresh() -> Self {
        ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true))
    }
    fn own(value: smtp_sansio_codec::reply::ReplyView<'_>) -> Self::Owned {
        (value.to_reply().into_static(), value.as_str().to_owned())
    }
    fn refusal(error: ReplyError) -> Refusal {
        // A bad reply ends the conversation.
        (error.to_string(), 0, false)
    }
}

/// A refusal: what went wrong, the octets it consumed, and whether the
/// stream goes on after it.
type Refusal = (String, usize, bool);

/// A piece of a body, owned; adjacent octets are merged before comparing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Octets(Vec<u8>),
    End,
    /// The end of a chunk that is not the message's last.
    ChunkEnd,
}

fn own_part(part: BodyPart<'_>) -> Piece {
    match part {
        BodyPart::Octets(octets) => Piece::Octets(octets.to_vec()),
        BodyPart::End => Piece::End,
    }
}

impl Subject for DataDecoder {
    type Owned = Piece;
    fn fresh() -> Self {
        DataDecoder::new(DataOptions::default().with_max_size(Some(150)))
    }
    fn own(value: BodyPart<'_>) -> Piece {
        own_part(value)
    }
    fn refusal(error: DataError) -> Refusal {
        // A refusal is reported at the real end of the body, through its
        // terminator: the body is over.
        (error.to_string(), error.consumed(), false)
    }
    fn ends(value: &Piece) -> bool {
        *value == Piece::End
    }
    fn join(last: &mut Piece, next: &Piece) -> bool {
        join_pieces(last, next)
    }
}

impl Subject for ChunkDecoder {
    type Owned = Piece;
    fn fresh() -> Self {
        ChunkDecoder::new(CHUNK)
    }
    fn own(value: BodyPart<'_>) -> Piece {
        own_part(value)
    }
    fn refusal(error: DataError) -> Refusal {
        (error.to_string(), error.consumed(), false)
    }
    fn ends(value: &Piece) -> bool {
        *value == Piece::End
    }
    fn join(last: &mut Piece, next: &Piece) -> bool {
        join_pieces(last, next)
    }
}

/// The size of the BDAT chunk decoded.
const CHUNK: u64 = 40;

/// The chunks of the text message [`Chunked`] reads, the last one LAST:
/// 40 octets in all, with an empty chunk between the first two.
const CHUNKS: [u64; 4] = [7, 0, 9, 24];

/// One message in the chunks [`CHUNKS`] under a line-end policy (0
/// `Reject`, 1 `Normalize`, 2 `Allow`), read the way a server does: after
/// each chunk's end the next chunk of the same decoder is started.
struct Chunked<const POLICY: u8> {
    decoder: ChunkDecoder,
    /// The chunk after the current one.
    next: usize,
    /// The current chunk's end was reported.
    ended: bool,
}

impl<const POLICY: u8> Chunked<POLICY> {
    const POLICY: LineEndPolicy = match POLICY {
        0 => LineEndPolicy::Reject,
        1 => LineEndPolicy::Normalize,
        _ => LineEndPolicy::Allow,
    };
}

impl<const POLICY: u8> Decoder for Chunked<POLICY> {
    /// A piece of the body, and whether it is the message's end.
    type Value<'a> = (BodyPart<'a>, bool);
    type Error = DataError;

    fn decode<'a>(&mut self, input: &'a [u8]) -> Result<Decoded<(BodyPart<'a>, bool)>, DataError> {
        if self.ended && !self.decoder.is_last() {
            let last = self.next + 1 == CHUNKS.len();
            self.decoder.next_chunk(CHUNKS[self.next], last);
            self.next += 1;
            self.ended = false;
        }
        let decoded = self.decoder.decode(input)?;
        let end = matches!(
            decoded,
            Decoded::Complete {
                value: BodyPart::End,
                ..
            }
        );
        self.ended = end;
        Ok(decoded.map(|part| (part, end && self.decoder.is_last())))
    }
}

impl<const POLICY: u8> Subject for Chunked<POLICY> {
    type Owned = Piece;
    fn fresh() -> Self {
        Self {
            decoder: ChunkDecoder::first(CHUNKS[0], false, Self::POLICY),
            next: 1,
            ended: false,
        }
    }
    fn own((part, message_end): (BodyPart<'_>, bool)) -> Piece {
        match part {
            BodyPart::End if !message_end => Piece::ChunkEnd,
            part => own_part(part),
        }
    }
    fn refusal(error: DataError) -> Refusal {
        // Reported at the end of the LAST chunk: the message is over.
        (error.to_string(), error.consumed(), false)
    }
    fn ends(value: &Piece) -> bool {
        *value == Piece::End
    }
    fn join(last: &mut Piece, next: &Piece) -> bool {
        join_pieces(last, next)
    }
}

/// What a decoder made of one feeding: values and errors in order, and the
/// octets it left.
type Outcome<T> = (Vec<Result<T, String>>, Vec<u8>);

/// One decode call, its result owned (so the buffer is free again).
enum Call<T> {
    Value(T, usize),
    Incomplete(usize),
    Refused(Refusal),
}

fn call<S: Subject>(decoder: &mut S, buffer: &[u8]) -> Call<S::Owned> {
    match decoder.decode(buffer) {
        Ok(Decoded::Complete { value, consumed }) => Call::Value(S::own(value), consumed),
        Ok(Decoded::Incomplete { consumed }) => Call::Incomplete(consumed),
        Err(error) => Call::Refused(S::refusal(error)),
    }
}

/// Feeds `pieces` in order, as a caller following the contract does.
fn feed<S: Subject>(pieces: &[&[u8]]) -> Outcome<S::Owned> {
    let mut decoder = S::fresh();
    let mut buffer = Vec::new();
    let mut out = Vec::new();
    let mut done = false;
    for piece in pieces {
        buffer.extend_from_slice(piece);
        while !done {
            match call(&mut decoder, &buffer) {
                Call::Value(value, consumed) => {
                    let last = S::ends(&value);
                    out.push(Ok(value));
                    buffer.drain(..consumed);
                    done = last;
                }
                Call::Incomplete(consumed) => {
                    buffer.drain(..consumed);
                    break;
                }
                Call::Refused((what, consumed, goes_on)) => {
                    assert!(consumed <= buffer.len(), "{what}");
                    out.push(Err(what));
                    buffer.drain(..consumed);
                    done = !goes_on;
                }
            }
        }
    }
    (merge::<S>(out), buffer)
}

/// Adjacent values joined where the decoder allows it (body octets), so
/// splits that cut a body slice in two compare equal.
fn merge<S: Subject>(items: Vec<Result<S::Owned, String>>) -> Vec<Result<S::Owned, String>> {
    let mut out: Vec<Result<S::Owned, String>> = Vec::new();
    for item in items {
        if let (Some(Ok(last)), Ok(next)) = (out.last_mut(), &item) {
            if S::join(last, next) {
                continue;
            }
        }
        out.push(item);
    }
    out
}

/// Appends `next` to `last` when both are octets.
fn join_pieces(last: &mut Piece, next: &Piece) -> bool {
    match (last, next) {
        (Piece::Octets(a), Piece::Octets(b)) => {
            a.extend_from_slice(b);
            true
        }
        _ => false,
    }
}

/// Checks the contract on `input`: every two-piece split and the
/// one-octet feeding give the whole input's outcome. Returns that outcome.
fn holds<S: Subject>(input: &[u8]) -> Result<Outcome<S::Owned>, TestCaseError> {
    let whole = feed::<S>(&[input]);
    for cut in 0..=input.len() {
        let (a, b) = input.split_at(cut);
        prop_assert_eq!(&feed::<S>(&[a, b]), &whole, "split at {}", cut);
    }
    let octets: Vec<&[u8]> = input.chunks(1).collect();
    prop_assert_eq!(&feed::<S>(&octets), &whole, "one octet at a time");
    Ok(whole)
}

/// Command lines: canonical ones, lines with bad arguments, framing faults
/// (bare LF, bare CR, NUL) and overlong lines.
fn command_stream() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        4 => prop::sample::select(vec![
            "MAIL FROM:<a@b.example> SIZE=10\r\n",
            "RCPT TO:<\"q s\"@[IPv6:2001:db8::1]> NOTIFY=NEVER\r\n",
            "EHLO client.example\r\n",
            "NOOP\r\n",
            "DATA\r\n",
            "BDAT 100 LAST\r\n",
            "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n",
        ]).prop_map(|l| l.as_bytes().to_vec()),
        1 => prop::sample::select(vec![
            "MAIL FROM:<a@-b.example>\r\n",
            "RCPT TO:<a@b> SIZE=1\r\n",
            "M@IL\r\n",
            "NOOP\nRSET\r\n",
            "NO\rOP\r\n",
            "NO\0OP\r\n",
            "QUIT\n",
        ]).prop_map(|l| l.as_bytes().to_vec()),
        1 => (500usize..700).prop_map(|n| {
            let mut line = b"NOOP ".to_vec();
            line.resize(n, b'x');
            line.extend_from_slice(b"\r\n");
            line
        }),
    ];
    let partial = prop::option::of(prop::sample::select(vec![
        "RCPT TO:<a@b",
        "QUIT\r",
        "NOOP\n",
    ]));
    (prop::collection::vec(line, 1..6), partial).prop_map(|(lines, partial)| {
        let mut stream = lines.concat();
        stream.extend_from_slice(partial.unwrap_or_default().as_bytes());
        stream
    })
}

#[test]
fn the_command_decoder_keeps_the_contract() {
    run(
        command_stream(),
        96,
        &["command", "error", "partial"],
        20,
        |input| {
            let (items, rest) = holds::<CommandDecoder>(&input)?;
            let mut labels: Vec<_> = items
                .iter()
                .map(|item| if item.is_ok() { "command" } else { "error" })
                .collect();
            if !rest.is_empty() {
                labels.push("partial");
            }
            // Whatever decoded re-encodes to a line that decodes the same.
            for item in items.into_iter().flatten() {
                let wire = kat::command_bytes(&item);
                prop_assert_eq!(
                    kat::command_with(kat::roomy(), &wire).map(IntoStatic::into_static),
                    Ok(item)
                );
            }
            Ok(labels)
        },
    );
}

/// Replies from the protocol model's `Arbitrary` values, encoded, with now
/// and then a broken line among them.
fn reply_stream() -> impl Strategy<Value = Vec<u8>> {
    let reply = prop::collection::vec(any::<u8>(), 0..80).prop_filter_map("a reply", |raw| {
        Reply::arbitrary(&mut Unstructured::new(&raw))
            .ok()
            .map(|reply| kat::reply_bytes(&reply))
    });
    let broken = prop::sample::select(vec![
        "250-a\r\n550 b\r\n",
        "250 a\nb\r\n",
        "2x0 a\r\n",
        "250 a\0\r\n",
    ])
    .prop_map(|r| r.as_bytes().to_vec());
    let item = prop_oneof![6 => reply, 1 => broken];
    prop::collection::vec(item, 1..5).prop_map(|replies| replies.concat())
}

#[test]
fn the_reply_decoder_keeps_the_contract() {
    run(
        reply_stream(),
        96,
        &["reply", "multiline", "error"],
        10,
        |input| {
            let (items, _) = holds::<ReplyDecoder>(&input)?;
            Ok(items
                .iter()
                .map(|item| match item {
                    Ok((reply, _)) if reply.line_count() > 1 => "multiline",
                    Ok(_) => "reply",
                    Err(_) => "error",
                })
                .collect())
        },
    );
}

/// DATA streams: a message of lines (some starting with a dot, some with a
/// bare LF or CR, long enough now and then to pass the 150-octet limit),
/// dot-stuffed and terminated, and a command after it.
fn data_stream() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        6 => "[a-z .]{0,40}",
        1 => Just(".".to_owned()),
        1 => "[a-z]{0,5}(\n|\r)[a-z]{0,5}",
    ];
    (prop::collection::vec(line, 0..12), any::<bool>()).prop_map(|(lines, raw)| {
        let mut wire = Vec::new();
        if raw {
            // Sent as it is: bare LFs and CRs reach the decoder.
            for line in &lines {
                if line.starts_with('.') {
                    wire.push(b'.');
                }
                wire.extend_from_slice(line.as_bytes());
                wire.extend_from_slice(b"\r\n");
            }
            wire.extend_from_slice(b".\r\n");
        } else {
            let mut encoder = DataEncoder::default();
            for line in &lines {
                encoder.encode(line.as_bytes(), &mut wire).unwrap();
                encoder.encode(b"\r\n", &mut wire).unwrap();
            }
            encoder.finish(&mut wire);
        }
        wire.extend_from_slice(b"QUIT\r\n");
        wire
    })
}

#[test]
fn the_data_decoder_keeps_the_contract() {
    run(
        data_stream(),
        128,
        &["message", "refused", "too big"],
        10,
        |input| {
            let (items, rest) = holds::<DataDecoder>(&input)?;
            prop_assert_eq!(&rest[..], b"QUIT\r\n");
            Ok(vec![match items.last() {
                Some(Ok(Piece::End)) => "message",
                Some(Err(e)) if e.contains("larger than") => "too big",
                Some(Err(_)) => "refused",
                other => panic!("no end: {other:?}"),
            }])
        },
    );
    // Every policy keeps it too.
    for policy in [LineEndPolicy::Normalize, LineEndPolicy::Allow] {
        let input = b"a\nb\rc\r\n..d\r\n.\r\nQUIT\r\n";
        let whole = {
            let mut d = DataDecoder::new(DataOptions::default().with_policy(policy));
            let mut body = Vec::new();
            let mut at = 0;
            while let Ok(Decoded::Complete { value, consumed }) = d.decode(&input[at..]) {
                at += consumed;
                match value {
                    BodyPart::Octets(o) => body.extend_from_slice(o),
                    BodyPart::End => break,
                }
            }
            (body, at)
        };
        for step in 1..input.len() {
            let mut d = DataDecoder::new(DataOptions::default().with_policy(policy));
            let (mut body, mut fed, mut buffer) = (Vec::new(), 0, Vec::new());
            let end = loop {
                match d.decode(&buffer).unwrap() {
                    Decoded::Complete {
                        value: BodyPart::Octets(o),
                        consumed,
                    } => {
                        body.extend_from_slice(o);
                        buffer.drain(..consumed);
                        fed += consumed;
                    }
                    Decoded::Complete {
                        value: BodyPart::End,
                        consumed,
                    } => break fed + consumed,
                    Decoded::Incomplete { consumed } => {
                        fed += consumed;
                        buffer.drain(..consumed);
                        let from = fed + buffer.len();
                        buffer.extend_from_slice(&input[from..(from + step).min(input.len())]);
                    }
                }
            };
            assert_eq!(
                (body, end),
                whole.clone(),
                "{policy:?} in {step}-octet reads"
            );
        }
    }
}

#[test]
fn the_chunk_decoder_keeps_the_contract() {
    let input = prop::collection::vec(any::<u8>(), 0..80);
    run(input, 64, &["whole chunk", "short"], 10, |input| {
        let (items, rest) = holds::<ChunkDecoder>(&input)?;
        let size = usize::try_from(CHUNK).unwrap();
        let label = if input.len() >= size {
            prop_assert_eq!(items.last(), Some(&Ok(Piece::End)));
            prop_assert_eq!(&rest[..], &input[size..]);
            "whole chunk"
        } else {
            prop_assert!(rest.is_empty());
            "short"
        };
        Ok(vec![label])
    });
}

/// The message octets a policy hands out for `message` (the whole of it,
/// one message), and the first octet `Reject` refuses: a slow reading,
/// octet by octet, with no chunks.
fn by_the_book(
    message: &[u8],
    policy: LineEndPolicy,
) -> (Vec<u8>, Option<(FrameErrorKind, usize)>) {
    if policy == LineEndPolicy::Allow {
        return (message.to_vec(), None);
    }
    let (mut out, mut fault, mut i) = (Vec::new(), None, 0);
    while i < message.len() {
        let (kind, octets, width): (_, &[u8], _) = match message[i] {
            b'\r' if message.get(i + 1) == Some(&b'\n') => (None, b"\r\n", 2),
            b'\r' => (Some(FrameErrorKind::BareCr), b"\r\n", 1),
            b'\n' => (Some(FrameErrorKind::BareLf), b"\r\n", 1),
            0 if policy == LineEndPolicy::Reject => (Some(FrameErrorKind::Nul), b"", 1),
            _ => (None, &message[i..=i], 1),
        };
        if policy == LineEndPolicy::Reject {
            fault = fault.or(kind.map(|kind| (kind, i)));
        }
        if fault.is_none() {
            out.extend_from_slice(octets);
        }
        i += width;
    }
    (out, fault)
}

/// Message octets dense with line ends, NULs and dots, now and then with a
/// CRLF across the first chunk boundary (octets 6 and 7).
fn chunked_message() -> impl Strategy<Value = Vec<u8>> {
    let clean = || prop::sample::select(vec![&b"ab"[..], b"\r\n", b".", b"xyz"]);
    let dirty =
        || prop::sample::select(vec![&b"ab"[..], b"\r", b"\n", b"\r\n", b".", b"\0", b"xyz"]);
    let pieces = prop_oneof![
        2 => prop::collection::vec(clean(), 20..40),
        2 => prop::collection::vec(dirty(), 20..40),
        1 => prop::collection::vec(dirty(), 0..15),
    ];
    (pieces, any::<bool>()).prop_map(|(pieces, straddle)| {
        let mut message = pieces.concat();
        if straddle && message.len() >= 8 {
            message[6] = b'\r';
            message[7] = b'\n';
        }
        message
    })
}

/// Checks one policy's chunked reading against [`by_the_book`] and labels
/// the outcome.
fn chunked_holds<const POLICY: u8>(input: &[u8]) -> Result<Vec<&'static str>, TestCaseError> {
    let (items, rest) = holds::<Chunked<POLICY>>(input)?;
    let size: usize = CHUNKS.iter().sum::<u64>().try_into().unwrap();
    if input.len() < size {
        prop_assert!(rest.is_empty());
        return Ok(vec!["short"]);
    }
    prop_assert_eq!(&rest[..], &input[size..]);
    let message = &input[..size];
    let policy = Chunked::<POLICY>::POLICY;
    let (want, fault) = by_the_book(message, policy);
    let mut body = Vec::new();
    let mut chunk_ends = 0;
    for item in &items {
        match item {
            Ok(Piece::Octets(o)) => body.extend_from_slice(o),
            Ok(Piece::ChunkEnd) => chunk_ends += 1,
            _ => {}
        }
    }
    prop_assert_eq!(chunk_ends, CHUNKS.len() - 1);
    prop_assert_eq!(&body, &want, "{:?}", message);
    let mut labels = vec![];
    match (items.last(), fault) {
        (Some(Ok(Piece::End)), None) => labels.push("message"),
        (Some(Err(e)), Some((kind, at))) => {
            prop_assert_eq!(e, &format!("{} at octet {at}", DataErrorKind::Frame(kind)));
            labels.push("refused");
        }
        (last, fault) => {
            return Err(TestCaseError::fail(format!("{last:?} against {fault:?}")));
        }
    }
    if message[6..8] == *b"\r\n" {
        labels.push("split CRLF");
    }
    if body != message {
        labels.push("changed");
    }
    Ok(labels)
}

#[test]
fn the_chunk_decoder_keeps_the_contract_and_the_policy_across_chunks() {
    run(
        chunked_message(),
        128,
        &["message", "refused", "split CRLF", "short"],
        10,
        |input| chunked_holds::<0>(&input),
    );
    run(
        chunked_message(),
        64,
        &["message", "split CRLF", "changed"],
        10,
        |input| chunked_holds::<1>(&input),
    );
    run(chunked_message(), 32, &["message"], 10, |input| {
        chunked_holds::<2>(&input)
    });
}
