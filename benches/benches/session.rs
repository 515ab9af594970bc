//! `session`: a whole server session (EHLO, MAIL, five RCPTs, DATA of
//! 100 KiB, QUIT) from bytes to events, accepting every decision. The peer
//! has no session layer, so this group has no peer column.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smtp_benches::session_transcript;
use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};
use std::hint::black_box;

fn run(config: &ServerConfig, transcript: &[u8]) -> usize {
    let mut session = ServerSession::new(config.clone());
    let mut rest = transcript;
    let mut body = 0;
    loop {
        let step = session.handle(rest).expect("decisions are answered");
        rest = &rest[step.consumed..];
        match step.event {
            ServerEvent::Body(data) => body += black_box(data).len(),
            ServerEvent::Closed | ServerEvent::NeedInput => break,
            _ if session.decision_pending() => session.accept().expect("pending"),
            _ => {}
        }
        if session.output().len() > 4096 {
            let n = session.output().len();
            session.advance_output(n);
        }
    }
    body
}

fn session(c: &mut Criterion) {
    let transcript = session_transcript();
    let config = smtp_benches::session_config();
    assert!(run(&config, &transcript) > 100_000);
    let mut group = c.benchmark_group("session");
    group.throughput(Throughput::Bytes(transcript.len() as u64));
    group.bench_function(BenchmarkId::new("ours", "100KiB"), |b| {
        b.iter(|| run(&config, black_box(&transcript)));
    });
    group.finish();
}

criterion_group!(benches, session);
criterion_main!(benches);
