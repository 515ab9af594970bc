//! `session`: whole server sessions from bytes to events, accepting every
//! decision: one message of 100 KiB (EHLO, MAIL, five RCPTs, DATA, QUIT)
//! and 100 small messages pipelined (EHLO, 100 x MAIL, RCPT, DATA and
//! about 2 KiB, QUIT), where the per-command cost shows. Beside mailrs's
//! `Session` on the same transcripts; Stalwart's crate has no session
//! layer.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../peers.rs"]
mod peers;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peers::mailrs;
use smtp_benches::{
    SMALL_MESSAGE_SIZE, SMALL_MESSAGES, SessionTally, message, run_session, session_transcript,
    small_messages_transcript,
};
use std::hint::black_box;

fn session(c: &mut Criterion) {
    let config = smtp_benches::session_config();
    let small = message(SMALL_MESSAGE_SIZE).len();
    let rows = [
        (
            "100KiB",
            session_transcript(),
            SessionTally {
                body: message(100 * 1024).len(),
                messages: 1,
            },
        ),
        (
            "100x2KiB",
            small_messages_transcript(),
            SessionTally {
                body: SMALL_MESSAGES * small,
                messages: SMALL_MESSAGES,
            },
        ),
    ];
    let mut group = c.benchmark_group("session");
    let mut out = Vec::with_capacity(8 * 1024);
    for (name, transcript, want) in &rows {
        // Both sessions must really have read every message.
        assert_eq!(run_session(&config, transcript), *want, "ours, {name}");
        assert_eq!(
            mailrs::run_session(transcript, &mut out),
            *want,
            "mailrs, {name}"
        );
        group.throughput(Throughput::Bytes(transcript.len() as u64));
        group.bench_function(BenchmarkId::new("ours", name), |b| {
            b.iter(|| run_session(&config, black_box(transcript)));
        });
        group.bench_function(BenchmarkId::new("mailrs", name), |b| {
            b.iter(|| mailrs::run_session(black_box(transcript), &mut out));
        });
    }
    group.finish();
}

criterion_group!(benches, session);
criterion_main!(benches);
