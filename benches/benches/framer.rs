//! `framer`: a pipelined stream of 1 000 typical commands fed in reads of
//! 64 B to 64 KiB, decoded to commands by this crate and by the peer
//! (Stalwart's `RequestReceiver`), plus this crate's framer alone.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smtp_benches::{READ_SIZES, feed_in_reads, pipelined_commands};
use smtp_sansio_codec::Decoded;
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
                let n = feed_in_reads(&stream, read, &mut buf, |input| {
                    match decoder.decode(input) {
                        Ok(Decoded::Complete { value, consumed }) => {
                            black_box(&value);
                            (consumed, true)
                        }
                        Ok(Decoded::Incomplete { consumed }) => (consumed, false),
                        Err(e) => (e.consumed(), true),
                    }
                });
                assert_eq!(n, 1000);
            });
        });
        group.bench_function(BenchmarkId::new("ours-frame-only", name), |b| {
            let mut framer = LineFramer::new(CommandOptions::default().frame_options());
            b.iter(|| {
                feed_in_reads(&stream, read, &mut buf, |input| {
                    match framer.decode(input) {
                        Ok(Decoded::Complete { value, consumed }) => {
                            black_box(value);
                            (consumed, true)
                        }
                        Ok(Decoded::Incomplete { consumed }) => (consumed, false),
                        Err(e) => (e.consumed(), true),
                    }
                })
            });
        });
        group.bench_function(BenchmarkId::new("peer", name), |b| {
            b.iter(|| {
                let mut receiver = peer::request::receiver::RequestReceiver::default();
                let mut n = 0;
                for piece in stream.chunks(read) {
                    let mut bytes = piece.iter();
                    loop {
                        match receiver.ingest(&mut bytes) {
                            Ok(request) => {
                                black_box(&request);
                                n += 1;
                            }
                            Err(peer::Error::NeedsMoreData { .. }) => break,
                            Err(_) if bytes.as_slice().is_empty() => break,
                            Err(_) => {}
                        }
                    }
                }
                assert_eq!(n, 1000);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, framer);
criterion_main!(benches);
