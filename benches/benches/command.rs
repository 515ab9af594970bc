//! `command`: single command lines decoded and encoded, beside the peer's
//! `Request::parse` on the same bytes.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smtp_benches::COMMAND_LINES;
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::{CommandDecoder, encode_command};
use std::hint::black_box;

fn command(c: &mut Criterion) {
    let mut group = c.benchmark_group("command");
    for (name, line) in COMMAND_LINES {
        group.throughput(Throughput::Bytes(line.len() as u64));
        group.bench_function(BenchmarkId::new("ours-decode", name), |b| {
            let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
            b.iter(|| {
                let decoded = decoder.decode(black_box(line));
                assert!(matches!(decoded, Ok(Decoded::Complete { .. })));
                decoded
            });
        });
        // The peer refuses address literals; there is nothing to compare.
        if peer::Request::parse(&mut line.iter()).is_ok() {
            group.bench_function(BenchmarkId::new("peer-decode", name), |b| {
                b.iter(|| {
                    let parsed = peer::Request::parse(&mut black_box(line).iter());
                    assert!(parsed.is_ok());
                    parsed
                });
            });
        }
        let Ok(Decoded::Complete { value, .. }) =
            CommandDecoder::new(smtp_benches::esmtp()).decode(line)
        else {
            panic!("{name} must decode");
        };
        let mut out = Vec::with_capacity(256);
        group.bench_function(BenchmarkId::new("ours-encode", name), |b| {
            b.iter(|| {
                out.clear();
                encode_command(black_box(&value), &mut out);
                out.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, command);
criterion_main!(benches);
