//! Allocations per operation on every benchmarked path, this workspace
//! beside the peer, counted with `allocation-counter` (a counting global
//! allocator; the workspace forbids `unsafe`, so it is not hand-written).
//!
//! `cargo run --release -p smtp-benches --example alloc_report` prints one
//! tab-separated line per path: `path  ours  peer` (`-` where the peer has
//! no such path). `benches/report.sh` joins it with the criterion results.

use allocation_counter::measure;
use smtp_benches::{
    COMMAND_LINES, EHLO_REPLY, REPLY_ENHANCED, REPLY_OK, data_wire, feed_in_reads, message,
    pipelined_commands, session_transcript,
};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{BodyPart, ChunkDecoder, DataDecoder, DataOptions};
use smtp_sansio_codec::command::{CommandDecoder, encode_command};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, encode_ehlo, encode_reply};
use smtp_sansio_codec::server::{ServerEvent, ServerSession};
use std::hint::black_box;

fn count(f: impl FnOnce()) -> u64 {
    measure(f).count_total
}

fn row(path: &str, ours: u64, peer: Option<u64>) {
    let peer = peer.map_or_else(|| "-".to_owned(), |n| n.to_string());
    println!("{path}\t{ours}\t{peer}");
}

fn main() {
    commands();
    stream();
    replies();
    data();
    session();
}

fn commands() {
    for (name, line) in COMMAND_LINES {
        let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
        let ours = count(|| {
            let _ = black_box(decoder.decode(line).expect("decodes"));
        });
        // The peer refuses address literals: no count for a refusal.
        let peer = peer::Request::parse(&mut line.iter()).is_ok().then(|| {
            count(|| {
                black_box(peer::Request::parse(&mut line.iter()).expect("parses"));
            })
        });
        row(&format!("command/decode/{name}"), ours, peer);
        let Ok(Decoded::Complete { value, .. }) =
            CommandDecoder::new(smtp_benches::esmtp()).decode(line)
        else {
            unreachable!("decoded above")
        };
        let mut out = Vec::with_capacity(256);
        row(
            &format!("command/encode/{name}"),
            count(|| encode_command(&value, &mut out)),
            None,
        );
    }
}

fn stream() {
    let stream = pipelined_commands(1000);
    let mut buf = Vec::with_capacity(128 * 1024);
    let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
    let ours = count(|| {
        feed_in_reads(&stream, 1536, &mut buf, |input| {
            match decoder.decode(input) {
                Ok(Decoded::Complete { consumed, .. }) => (consumed, true),
                Ok(Decoded::Incomplete { consumed }) => (consumed, false),
                Err(e) => (e.consumed(), true),
            }
        });
    });
    let peer = count(|| {
        let mut receiver = peer::request::receiver::RequestReceiver::default();
        for piece in stream.chunks(1536) {
            let mut bytes = piece.iter();
            while let Ok(request) = receiver.ingest(&mut bytes) {
                black_box(request);
            }
        }
    });
    row("framer/1000-commands/1.5KiB", ours, Some(peer));
}

fn replies() {
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    for (name, input) in [("ok", REPLY_OK), ("enhanced", REPLY_ENHANCED)] {
        let ours = count(|| {
            let _ = black_box(decoder.decode(input).expect("decodes"));
        });
        let peer = count(|| {
            let mut receiver = peer::response::parser::ResponseReceiver::default();
            black_box(receiver.parse(&mut input.iter()).expect("parses"));
        });
        row(&format!("reply/decode/{name}"), ours, Some(peer));
    }
    let ours = count(|| {
        let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(EHLO_REPLY) else {
            unreachable!("a complete reply")
        };
        black_box(reply.ehlo().expect("EHLO").capabilities().count());
    });
    let peer = count(|| {
        black_box(peer::EhloResponse::parse(&mut EHLO_REPLY.iter()).expect("parses"));
    });
    row("reply/decode/ehlo10", ours, Some(peer));

    let Ok(Decoded::Complete {
        value: enhanced, ..
    }) = decoder.decode(REPLY_ENHANCED)
    else {
        unreachable!("a complete reply")
    };
    let enhanced = enhanced.to_reply();
    let mut out = Vec::with_capacity(1024);
    let ours = count(|| encode_reply(&enhanced, &mut out));
    let response = peer::Response::new(550, 5, 1, 1, "User unknown");
    out.clear();
    let peer = count(|| response.write(&mut out).expect("a Vec takes it"));
    row("reply/encode/enhanced", ours, Some(peer));

    let Ok(Decoded::Complete { value: ehlo, .. }) = decoder.decode(EHLO_REPLY) else {
        unreachable!("a complete reply")
    };
    let ehlo = ehlo.to_ehlo().expect("EHLO");
    out.clear();
    let ours = count(|| encode_ehlo(&ehlo, &mut out));
    let parsed = peer::EhloResponse::parse(&mut EHLO_REPLY.iter()).expect("parses");
    out.clear();
    let peer = count(|| parsed.write(&mut out).expect("a Vec takes it"));
    row("reply/encode/ehlo10", ours, Some(peer));
}

fn data() {
    let message = message(10 * 1024 * 1024);
    let wire = data_wire(&message);
    let ours = count(|| {
        let mut decoder = DataDecoder::new(DataOptions::default());
        for piece in wire.chunks(64 * 1024) {
            let mut input = piece;
            while let Ok(Decoded::Complete {
                value: BodyPart::Octets(data),
                consumed,
            }) = decoder.decode(input)
            {
                black_box(data);
                input = &input[consumed..];
            }
        }
    });
    // The peer copies the body out; give it a buffer with room, as we do
    // for every encoder, so only the decoder's own allocations count.
    let mut out = Vec::with_capacity(wire.len());
    let peer = count(|| {
        let mut receiver = peer::request::receiver::DataReceiver::new();
        for piece in wire.chunks(64 * 1024) {
            receiver.ingest(&mut piece.iter(), &mut out);
        }
    });
    row("data/decode/10MiB-64KiB", ours, Some(peer));

    let ours = count(|| {
        let mut reader = ChunkDecoder::new(message.len() as u64);
        for piece in message.chunks(64 * 1024) {
            let _ = black_box(reader.decode(piece));
        }
    });
    out.clear();
    let peer = count(|| {
        let mut receiver = peer::request::receiver::BdatReceiver::new(message.len(), true);
        for piece in message.chunks(64 * 1024) {
            receiver.ingest(&mut piece.iter(), &mut out);
        }
    });
    row("data/bdat/10MiB-64KiB", ours, Some(peer));
}

fn session() {
    let transcript = session_transcript();
    let config = smtp_benches::session_config();
    let ours = count(|| {
        let mut session = ServerSession::new(config.clone());
        let mut rest = &transcript[..];
        loop {
            let step = session.handle(rest).expect("decisions are answered");
            rest = &rest[step.consumed..];
            match step.event {
                ServerEvent::Closed | ServerEvent::NeedInput => break,
                _ if session.decision_pending() => session.accept().expect("pending"),
                _ => {}
            }
        }
    });
    row("session/whole/100KiB", ours, None);
}
