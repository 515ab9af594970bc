//! Allocations per operation on every benchmarked path, this workspace
//! beside both peers, counted with `allocation-counter` (a counting global
//! allocator; the workspace forbids `unsafe`, so it is not hand-written).
//! Each path runs through the same driver as its criterion row.
//!
//! `cargo run --release -p smtp-benches --example alloc_report` prints one
//! tab-separated line per path: `path  ours  stalwart  mailrs`, with `-`
//! where a peer has no such path and `refuses` where it refuses the input.
//! `benches/report.sh` joins it with the criterion results.

#[path = "../peers.rs"]
mod peers;

use allocation_counter::measure;
use peers::{mailrs, stalwart};
use smtp_benches::{
    COMMAND_LINES, EHLO_REPLY, REPLY_ENHANCED, REPLY_OK, big_reply, data_wire, decode_data,
    decode_ehlo, decode_reply, decode_reply_in_steps, decode_stream, message, pipelined_commands,
    read_bdat, run_session, session_transcript, small_messages_transcript,
};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::DataOptions;
use smtp_sansio_codec::command::{CommandDecoder, encode_command};
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, encode_ehlo, encode_reply};
use std::hint::black_box;

/// A peer's count: a number, no such path, or a refusal of the input.
enum Peer {
    Count(u64),
    None,
    Refuses,
}

fn count(f: impl FnOnce()) -> u64 {
    measure(f).count_total
}

fn row(path: &str, ours: u64, stalwart: Peer, mailrs: Peer) {
    let show = |peer: Peer| match peer {
        Peer::Count(n) => n.to_string(),
        Peer::None => "-".to_owned(),
        Peer::Refuses => "refuses".to_owned(),
    };
    println!("{path}\t{ours}\t{}\t{}", show(stalwart), show(mailrs));
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
        let stalwart = if stalwart::decode_command(line) {
            Peer::Count(count(|| assert!(stalwart::decode_command(line))))
        } else {
            Peer::Refuses
        };
        let mailrs = if mailrs::accepts(line) {
            Peer::Count(count(|| {
                black_box(mailrs::decode_command(line));
            }))
        } else {
            Peer::Refuses
        };
        row(&format!("command/decode/{name}"), ours, stalwart, mailrs);
        let Ok(Decoded::Complete { value, .. }) =
            CommandDecoder::new(smtp_benches::esmtp()).decode(line)
        else {
            unreachable!("decoded above")
        };
        let mut out = Vec::with_capacity(256);
        row(
            &format!("command/encode/{name}"),
            count(|| encode_command(&value, &mut out)),
            Peer::None,
            Peer::None,
        );
    }
}

fn stream() {
    let stream = pipelined_commands(1000);
    let mut buf = Vec::with_capacity(128 * 1024);
    let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
    let ours = count(|| {
        decode_stream(&mut decoder, &stream, 1536, &mut buf);
    });
    let stalwart = count(|| {
        stalwart::decode_stream(&stream, 1536);
    });
    let mailrs = count(|| {
        mailrs::decode_stream(&stream, 1536, &mut buf);
    });
    row(
        "framer/1000-commands/1.5KiB",
        ours,
        Peer::Count(stalwart),
        Peer::Count(mailrs),
    );
}

fn replies() {
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    for (name, input) in [("ok", REPLY_OK), ("enhanced", REPLY_ENHANCED)] {
        let ours = count(|| {
            black_box(decode_reply(&mut decoder, input));
        });
        let stalwart = count(|| {
            black_box(stalwart::decode_reply(input));
        });
        row(
            &format!("reply/decode/{name}"),
            ours,
            Peer::Count(stalwart),
            Peer::None,
        );
    }
    let ours = count(|| {
        black_box(decode_ehlo(&mut decoder, EHLO_REPLY));
    });
    let stalwart = count(|| {
        black_box(stalwart::decode_ehlo(EHLO_REPLY));
    });
    row(
        "reply/decode/ehlo10",
        ours,
        Peer::Count(stalwart),
        Peer::None,
    );

    let big = big_reply();
    let options = ReplyOptions::default().with_max_reply_bytes(64 * 1024);
    for (name, step) in [("32KiB-whole", big.len()), ("32KiB-1-octet", 1)] {
        let ours = count(|| {
            black_box(decode_reply_in_steps(options, &big, step));
        });
        let stalwart = match stalwart::decode_reply_in_steps(&big, step) {
            Some(_) => Peer::Count(count(|| {
                black_box(stalwart::decode_reply_in_steps(&big, step));
            })),
            None => Peer::Refuses,
        };
        row(&format!("reply/decode/{name}"), ours, stalwart, Peer::None);
    }

    let Ok(Decoded::Complete {
        value: enhanced, ..
    }) = decoder.decode(REPLY_ENHANCED)
    else {
        unreachable!("a complete reply")
    };
    let enhanced = enhanced.to_reply();
    let mut out = Vec::with_capacity(1024);
    let ours = count(|| encode_reply(&enhanced, &mut out));
    let response = stalwart::enhanced_reply();
    let stalwart = count(|| {
        stalwart::encode_reply(&response, &mut out);
    });
    let response = mailrs::enhanced_reply();
    let mailrs = count(|| {
        mailrs::encode_reply(&response, &mut out);
    });
    row(
        "reply/encode/enhanced",
        ours,
        Peer::Count(stalwart),
        Peer::Count(mailrs),
    );

    let Ok(Decoded::Complete { value: ehlo, .. }) = decoder.decode(EHLO_REPLY) else {
        unreachable!("a complete reply")
    };
    let ehlo = ehlo.to_ehlo().expect("EHLO");
    out.clear();
    let ours = count(|| encode_ehlo(&ehlo, &mut out));
    let parsed = stalwart::parsed_ehlo(EHLO_REPLY);
    let stalwart = count(|| {
        stalwart::encode_ehlo(&parsed, &mut out);
    });
    let (hostname, capabilities) = mailrs::ehlo_parts(EHLO_REPLY);
    let mailrs = count(|| {
        mailrs::encode_ehlo(&hostname, &capabilities, &mut out);
    });
    row(
        "reply/encode/ehlo10",
        ours,
        Peer::Count(stalwart),
        Peer::Count(mailrs),
    );
}

fn data() {
    let message = message(10 * 1024 * 1024);
    let wire = data_wire(&message);
    let ours = count(|| {
        black_box(decode_data(DataOptions::default(), &wire, 64 * 1024));
    });
    // Stalwart copies the body out; give it a buffer with room, as we do
    // for every encoder, so only the decoder's own allocations count. The
    // same for mailrs's carry-over buffer for a line cut by a read end.
    let mut out = Vec::with_capacity(wire.len());
    let stalwart = count(|| {
        stalwart::decode_data(&wire, 64 * 1024, &mut out);
    });
    let mut carry = Vec::with_capacity(1024);
    let mailrs = count(|| {
        mailrs::decode_data(&wire, 64 * 1024, &mut carry);
    });
    row(
        "data/decode/10MiB-64KiB",
        ours,
        Peer::Count(stalwart),
        Peer::Count(mailrs),
    );

    let ours = count(|| {
        black_box(read_bdat(&message, 64 * 1024));
    });
    let stalwart = count(|| {
        stalwart::decode_bdat(&message, 64 * 1024, &mut out);
    });
    row(
        "data/bdat/10MiB-64KiB",
        ours,
        Peer::Count(stalwart),
        Peer::None,
    );
}

fn session() {
    let config = smtp_benches::session_config();
    let mut out = Vec::with_capacity(8 * 1024);
    for (name, transcript) in [
        ("100KiB", session_transcript()),
        ("100x2KiB", small_messages_transcript()),
    ] {
        let ours = count(|| {
            black_box(run_session(&config, &transcript));
        });
        let mailrs = count(|| {
            black_box(mailrs::run_session(&transcript, &mut out));
        });
        row(
            &format!("session/whole/{name}"),
            ours,
            Peer::None,
            Peer::Count(mailrs),
        );
    }
}
