//! `command`: single command lines decoded and encoded, beside the peers
//! on the same bytes: Stalwart's `Request::parse` and mailrs's
//! `parse_command` (after the line framing and UTF-8 check an embedder
//! needs for it, see `benches/peers.rs`).
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../peers.rs"]
mod peers;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peers::{mailrs, stalwart};
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
            b.iter(|| assert!(smtp_benches::decode_command(&mut decoder, black_box(line))));
        });
        // A peer that refuses a line (Stalwart refuses address literals)
        // gets no row for it: there is nothing to compare.
        if stalwart::decode_command(line) {
            group.bench_function(BenchmarkId::new("stalwart-decode", name), |b| {
                b.iter(|| assert!(stalwart::decode_command(black_box(line))));
            });
        }
        if mailrs::accepts(line) {
            group.bench_function(BenchmarkId::new("mailrs-decode", name), |b| {
                b.iter(|| assert!(mailrs::parses(black_box(line))));
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
