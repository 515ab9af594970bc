//! The instruction-count driver: runs one benchmarked path N times, through
//! the same drivers and on the same inputs as its criterion row, so that
//! `benches/instructions.py` can run it under `valgrind --tool=callgrind`
//! with two values of N and take the difference: the instructions of one
//! operation, free of the start-up and set-up cost, and the same on every
//! run (no timer, no scheduler, no frequency scaling).
//!
//! `instructions --list` prints one tab-separated line per measurement:
//! `row  who  key  n1  n2` (`key` is `refuses` when that peer refuses the
//! input, and the row shows it); `instructions KEY N` runs `KEY` N times.
//! Build it in the `bench` profile (`cargo build --profile bench
//! --example instructions`), so the code is the code criterion measures.

#[path = "../peers.rs"]
mod peers;

use peers::{mailrs, stalwart};
use smtp_benches::{
    COMMAND_LINES, EHLO_REPLY, REPLY_ENHANCED, REPLY_OK, big_reply, data_wire, decode_data,
    decode_ehlo, decode_reply, decode_reply_in_steps, decode_stream, encode_data, frame_stream,
    message, pipelined_commands, read_bdat, run_session, session_transcript,
    small_messages_transcript,
};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::{DataOptions, LineEndPolicy};
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions, encode_command};
use smtp_sansio_codec::frame::LineFramer;
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, encode_ehlo, encode_reply};
use std::hint::black_box;
use std::process::ExitCode;

/// The DATA body of the `data` group, and its read size.
const BODY: usize = 10 * 1024 * 1024;
const READ: usize = 64 * 1024;

/// Iteration counts: the difference of two runs is divided by `n2 - n1`.
const TINY: (u32, u32) = (200, 400);
const STREAM: (u32, u32) = (4, 8);
const BULK: (u32, u32) = (1, 2);

/// Runs `op` `n` times; `op` sees its input through `black_box`, so no
/// iteration is folded into another.
fn repeat<T>(n: u32, mut op: impl FnMut() -> T) {
    for _ in 0..n {
        black_box(op());
    }
}

fn list() {
    let line = |row: &str, who: &str, key: &str, (n1, n2): (u32, u32)| {
        println!("{row}\t{who}\t{key}\t{n1}\t{n2}");
    };
    for (name, bytes) in COMMAND_LINES {
        let row = format!("command decode {name}");
        line(&row, "ours", &format!("ours/command/decode/{name}"), TINY);
        if stalwart::decode_command(bytes) {
            line(
                &row,
                "stalwart",
                &format!("stalwart/command/decode/{name}"),
                TINY,
            );
        } else {
            line(&row, "stalwart", "refuses", (0, 0));
        }
        if mailrs::accepts(bytes) {
            line(
                &row,
                "mailrs",
                &format!("mailrs/command/decode/{name}"),
                TINY,
            );
        } else {
            line(&row, "mailrs", "refuses", (0, 0));
        }
    }
    for (name, _) in COMMAND_LINES {
        let row = format!("command encode {name}");
        line(&row, "ours", &format!("ours/command/encode/{name}"), TINY);
    }
    for who in ["ours", "stalwart", "mailrs"] {
        line(
            "framer 1.5KiB",
            who,
            &format!("{who}/framer/1.5KiB"),
            STREAM,
        );
    }
    line(
        "framer frame-only 1.5KiB",
        "ours",
        "ours/framer/frame-only/1.5KiB",
        STREAM,
    );
    for name in ["ok", "enhanced", "ehlo10"] {
        let row = format!("reply decode {name}");
        for who in ["ours", "stalwart"] {
            line(&row, who, &format!("{who}/reply/decode/{name}"), TINY);
        }
    }
    for name in ["32KiB-whole", "32KiB-1-octet"] {
        let row = format!("reply decode {name}");
        line(&row, "ours", &format!("ours/reply/decode/{name}"), STREAM);
        line(&row, "stalwart", "refuses", (0, 0));
    }
    for name in ["enhanced", "ehlo10"] {
        let row = format!("reply encode {name}");
        for who in ["ours", "stalwart", "mailrs"] {
            line(&row, who, &format!("{who}/reply/encode/{name}"), TINY);
        }
    }
    for policy in ["reject", "normalize", "allow"] {
        let row = format!("data {policy} 64KiB");
        line(&row, "ours", &format!("ours/data/{policy}"), BULK);
        // The peers have no policies: one measurement, shown in each row.
        line(&row, "stalwart", "stalwart/data/decode", BULK);
        line(&row, "mailrs", "mailrs/data/decode", BULK);
    }
    line("data encode 64KiB", "ours", "ours/data/encode", BULK);
    line("data bdat 64KiB", "ours", "ours/data/bdat", BULK);
    line("data bdat 64KiB", "stalwart", "stalwart/data/bdat", BULK);
    for name in ["100KiB", "100x2KiB"] {
        let row = format!("session {name}");
        for who in ["ours", "mailrs"] {
            line(&row, who, &format!("{who}/session/{name}"), STREAM);
        }
    }
}

fn command(who: &str, kind: &str, name: &str, n: u32) -> Option<()> {
    let (_, line) = COMMAND_LINES.into_iter().find(|(x, _)| *x == name)?;
    match (who, kind) {
        ("ours", "decode") => {
            let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
            repeat(n, || {
                assert!(smtp_benches::decode_command(&mut decoder, black_box(line)));
            });
        }
        ("stalwart", "decode") => {
            repeat(n, || assert!(stalwart::decode_command(black_box(line))));
        }
        ("mailrs", "decode") => repeat(n, || assert!(mailrs::parses(black_box(line)))),
        ("ours", "encode") => {
            let Ok(Decoded::Complete { value, .. }) =
                CommandDecoder::new(smtp_benches::esmtp()).decode(line)
            else {
                panic!("{name} must decode");
            };
            let mut out = Vec::with_capacity(256);
            repeat(n, || {
                out.clear();
                encode_command(black_box(&value), &mut out);
                out.len()
            });
        }
        _ => return None,
    }
    Some(())
}

fn framer(who: &str, what: &str, n: u32) -> Option<()> {
    let stream = pipelined_commands(1000);
    let read = 1536;
    let mut buf = Vec::with_capacity(128 * 1024);
    match (who, what) {
        ("ours", "1.5KiB") => {
            let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
            repeat(n, || {
                let items = decode_stream(&mut decoder, black_box(&stream), read, &mut buf);
                assert_eq!(items, 1000);
            });
        }
        ("ours", "frame-only/1.5KiB") => {
            let mut framer = LineFramer::new(CommandOptions::default().frame_options());
            repeat(n, || {
                frame_stream(&mut framer, black_box(&stream), read, &mut buf)
            });
        }
        ("stalwart", "1.5KiB") => repeat(n, || {
            assert_eq!(stalwart::decode_stream(black_box(&stream), read), 1000);
        }),
        ("mailrs", "1.5KiB") => repeat(n, || {
            assert_eq!(
                mailrs::decode_stream(black_box(&stream), read, &mut buf),
                1000
            );
        }),
        _ => return None,
    }
    Some(())
}

fn reply(who: &str, kind: &str, name: &str, n: u32) -> Option<()> {
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    let mut out = Vec::with_capacity(1024);
    let single = match name {
        "ok" => Some(REPLY_OK),
        "enhanced" => Some(REPLY_ENHANCED),
        _ => None,
    };
    match (who, kind, name) {
        ("ours", "decode", "ehlo10") => {
            repeat(n, || decode_ehlo(&mut decoder, black_box(EHLO_REPLY)));
        }
        ("stalwart", "decode", "ehlo10") => {
            repeat(n, || stalwart::decode_ehlo(black_box(EHLO_REPLY)));
        }
        ("ours", "decode", "32KiB-whole" | "32KiB-1-octet") => {
            let big = big_reply();
            let options = ReplyOptions::default().with_max_reply_bytes(64 * 1024);
            let step = if name == "32KiB-whole" { big.len() } else { 1 };
            repeat(n, || decode_reply_in_steps(options, black_box(&big), step));
        }
        ("ours", "decode", _) => {
            let input = single?;
            repeat(n, || decode_reply(&mut decoder, black_box(input)));
        }
        ("stalwart", "decode", _) => {
            let input = single?;
            repeat(n, || stalwart::decode_reply(black_box(input)));
        }
        ("ours", "encode", "enhanced") => {
            let Ok(Decoded::Complete { value, .. }) = decoder.decode(REPLY_ENHANCED) else {
                panic!("a complete reply");
            };
            let enhanced = value.to_reply();
            repeat(n, || {
                out.clear();
                encode_reply(black_box(&enhanced), &mut out);
                out.len()
            });
        }
        ("ours", "encode", "ehlo10") => {
            let Ok(Decoded::Complete { value, .. }) = decoder.decode(EHLO_REPLY) else {
                panic!("a complete reply");
            };
            let ehlo = value.to_ehlo().expect("an EHLO reply");
            repeat(n, || {
                out.clear();
                encode_ehlo(black_box(&ehlo), &mut out);
                out.len()
            });
        }
        ("stalwart", "encode", "enhanced") => {
            let response = stalwart::enhanced_reply();
            repeat(n, || stalwart::encode_reply(black_box(&response), &mut out));
        }
        ("stalwart", "encode", "ehlo10") => {
            let parsed = stalwart::parsed_ehlo(EHLO_REPLY);
            repeat(n, || stalwart::encode_ehlo(black_box(&parsed), &mut out));
        }
        ("mailrs", "encode", "enhanced") => {
            let response = mailrs::enhanced_reply();
            repeat(n, || mailrs::encode_reply(black_box(&response), &mut out));
        }
        ("mailrs", "encode", "ehlo10") => {
            let (hostname, capabilities) = mailrs::ehlo_parts(EHLO_REPLY);
            repeat(n, || {
                mailrs::encode_ehlo(black_box(&hostname), &capabilities, &mut out)
            });
        }
        _ => return None,
    }
    Some(())
}

fn data(who: &str, what: &str, n: u32) -> Option<()> {
    let message = message(BODY);
    let wire = data_wire(&message);
    let mut out = Vec::with_capacity(wire.len() + 1024);
    let policy = match what {
        "reject" => Some(LineEndPolicy::Reject),
        "normalize" => Some(LineEndPolicy::Normalize),
        "allow" => Some(LineEndPolicy::Allow),
        _ => None,
    };
    match (who, what) {
        ("ours", "encode") => repeat(n, || encode_data(black_box(&message), READ, &mut out)),
        ("ours", "bdat") => repeat(n, || read_bdat(black_box(&message), READ)),
        ("ours", _) => {
            let options = DataOptions::default().with_policy(policy?);
            repeat(n, || {
                assert_eq!(decode_data(options, black_box(&wire), READ), message.len());
            });
        }
        ("stalwart", "decode") => repeat(n, || {
            assert_eq!(
                stalwart::decode_data(black_box(&wire), READ, &mut out),
                message.len()
            );
        }),
        ("stalwart", "bdat") => repeat(n, || {
            stalwart::decode_bdat(black_box(&message), READ, &mut out)
        }),
        ("mailrs", "decode") => {
            let mut carry = Vec::with_capacity(1024);
            repeat(n, || {
                assert_eq!(
                    mailrs::decode_data(black_box(&wire), READ, &mut carry),
                    message.len()
                );
            });
        }
        _ => return None,
    }
    Some(())
}

fn session(who: &str, name: &str, n: u32) -> Option<()> {
    let (transcript, messages) = match name {
        "100KiB" => (session_transcript(), 1),
        "100x2KiB" => (small_messages_transcript(), smtp_benches::SMALL_MESSAGES),
        _ => return None,
    };
    match who {
        "ours" => {
            let config = smtp_benches::session_config();
            repeat(n, || {
                assert_eq!(
                    run_session(&config, black_box(&transcript)).messages,
                    messages
                );
            });
        }
        "mailrs" => {
            let mut out = Vec::with_capacity(8 * 1024);
            repeat(n, || {
                assert_eq!(
                    mailrs::run_session(black_box(&transcript), &mut out).messages,
                    messages
                );
            });
        }
        _ => return None,
    }
    Some(())
}

fn run(key: &str, n: u32) -> Option<()> {
    let (who, rest) = key.split_once('/')?;
    let (group, what) = rest.split_once('/')?;
    match group {
        "command" => {
            let (kind, name) = what.split_once('/')?;
            command(who, kind, name, n)
        }
        "framer" => framer(who, what, n),
        "reply" => {
            let (kind, name) = what.split_once('/')?;
            reply(who, kind, name, n)
        }
        "data" => data(who, what, n),
        "session" => session(who, what, n),
        _ => None,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag] if flag == "--list" => {
            list();
            ExitCode::SUCCESS
        }
        [key, n] => {
            if n.parse().ok().and_then(|n| run(key, n)).is_some() {
                ExitCode::SUCCESS
            } else {
                eprintln!("no such path, or a bad count: {key} {n}");
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: instructions --list | instructions KEY N");
            ExitCode::FAILURE
        }
    }
}
