//! `framer`: a pipelined stream of 1 000 typical commands fed in reads of
//! 64 B to 64 KiB, decoded to commands by this crate, by Stalwart's
//! `RequestReceiver` and by mailrs's `parse_command` (framed by the same
//! buffering driver as ours), plus this crate's framer alone.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../peers.rs"]
mod peers;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peers::{mailrs, stalwart};
use smtp_benches::{READ_SIZES, decode_stream, frame_stream, pipelined_commands};
use smtp_sansio_codec::command::{CommandDecoder, CommandOptions};
use smtp_sansio_codec::frame::LineFramer;
use std::hint::black_box;

fn framer(c: &mut Criterion) {
    let stream = pipelined_commands(1000);
    let mut group = c.benchmark_group("framer");
    group.throughput(Throughput::Bytes(stream.len() as u64));
    let mut buf = Vec::with_capacity(128 * 1024);
    for (name, read) in READ_SIZES {
        group.bench_function(BenchmarkId::new("ours", name), |b| {
            let mut decoder = CommandDecoder::new(smtp_benches::esmtp());
            b.iter(|| {
                let n = decode_stream(&mut decoder, black_box(&stream), read, &mut buf);
                assert_eq!(n, 1000);
            });
        });
        group.bench_function(BenchmarkId::new("ours-frame-only", name), |b| {
            let mut framer = LineFramer::new(CommandOptions::default().frame_options());
            b.iter(|| frame_stream(&mut framer, black_box(&stream), read, &mut buf));
        });
        group.bench_function(BenchmarkId::new("stalwart", name), |b| {
            b.iter(|| assert_eq!(stalwart::decode_stream(black_box(&stream), read), 1000));
        });
        group.bench_function(BenchmarkId::new("mailrs", name), |b| {
            b.iter(|| {
                let n = mailrs::decode_stream(black_box(&stream), read, &mut buf);
                assert_eq!(n, 1000);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, framer);
criterion_main!(benches);
