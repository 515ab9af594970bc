//! Input plus split points → the framer yields the same lines and errors,
//! and leaves the same tail, as on the whole input; the caller never holds
//! more than the limit.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::frame::{FrameOptions, LineFramer};

#[derive(Arbitrary, Debug)]
struct Input {
    max_line: u16,
    bare_lf_ends_line: bool,
    splits: Vec<u16>,
    data: Vec<u8>,
}

#[derive(Debug, PartialEq)]
enum Event {
    Line(Vec<u8>),
    Error(String, usize),
}

/// Frames `pieces` in order, dropping consumed octets between calls.
fn run(options: FrameOptions, pieces: &[&[u8]]) -> (Vec<Event>, Vec<u8>) {
    let mut framer = LineFramer::new(options);
    let mut buffered = Vec::new();
    let mut events = Vec::new();
    for piece in pieces {
        buffered.extend_from_slice(piece);
        loop {
            match framer.decode(&buffered) {
                Ok(Decoded::Complete {
                    value: line,
                    consumed,
                }) => {
                    assert!(consumed > line.len() && consumed <= buffered.len());
                    assert!(consumed <= options.max_line);
                    events.push(Event::Line(line.to_vec()));
                    buffered.drain(..consumed);
                }
                Ok(Decoded::Incomplete { consumed }) => {
                    buffered.drain(..consumed);
                    assert!(buffered.len() < options.max_line.max(1));
                    break;
                }
                Err(e) => {
                    assert!(e.consumed() > 0 && e.consumed() <= buffered.len());
                    events.push(Event::Error(format!("{:?}", e.kind()), e.offset()));
                    buffered.drain(..e.consumed());
                }
            }
        }
    }
    if framer.is_skipping() {
        assert!(buffered.is_empty());
    }
    (events, buffered)
}

fuzz_target!(|input: Input| {
    let options = FrameOptions::new(usize::from(input.max_line % 2048).max(1))
        .with_bare_lf_ends_line(input.bare_lf_ends_line);
    let whole = run(options, &[&input.data]);
    let mut pieces = Vec::new();
    let mut rest = &input.data[..];
    for split in input.splits {
        if rest.is_empty() {
            break;
        }
        let (a, b) = rest.split_at(usize::from(split) % (rest.len() + 1));
        pieces.push(a);
        rest = b;
    }
    pieces.push(rest);
    assert_eq!(run(options, &pieces), whole);
});
