//! `data`: the DATA decoder on a 10 MiB dot-stuffed body (76-octet lines,
//! 2% stuffed) fed in 8 KiB and 64 KiB reads, for each line-end policy,
//! beside the peer's `DataReceiver`; the encoder on the same message; the
//! BDAT reader beside the peer's `BdatReceiver`; and the ceilings on the
//! same buffer: `memchr` counting line ends and a plain copy.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smtp_benches::{data_wire, message};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::body::ChunkDecoder;
use smtp_sansio_codec::body::{
    BodyPart, DataDecoder, DataEncodeOptions, DataEncoder, DataOptions, LineEndPolicy,
};
use std::hint::black_box;

const BODY: usize = 10 * 1024 * 1024;
const READS: [(&str, usize); 2] = [("8KiB", 8 * 1024), ("64KiB", 64 * 1024)];

/// Decodes `wire` arriving in `read`-octet reads; the decoder keeps its
/// state across reads, so each read is handed over as it is.
fn decode_ours(options: DataOptions, wire: &[u8], read: usize) -> usize {
    let mut decoder = DataDecoder::new(options);
    let mut body = 0;
    for piece in wire.chunks(read) {
        let mut input = piece;
        while !input.is_empty() {
            match decoder.decode(input) {
                Ok(Decoded::Complete {
                    value: BodyPart::Octets(data),
                    consumed,
                }) => {
                    body += black_box(data).len();
                    input = &input[consumed..];
                }
                Ok(
                    Decoded::Incomplete { .. }
                    | Decoded::Complete {
                        value: BodyPart::End,
                        ..
                    },
                )
                | Err(_) => break,
            }
        }
    }
    body
}

/// The peer copies the unstuffed body into `out`.
fn decode_peer(wire: &[u8], read: usize, out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut receiver = peer::request::receiver::DataReceiver::new();
    for piece in wire.chunks(read) {
        if receiver.ingest(&mut piece.iter(), out) {
            break;
        }
    }
    out.len()
}

fn data(c: &mut Criterion) {
    let message = message(BODY);
    let wire = data_wire(&message);
    let mut group = c.benchmark_group("data");
    group.throughput(Throughput::Bytes(wire.len() as u64));
    group.sample_size(20);
    let mut out = Vec::with_capacity(wire.len() + 1024);

    for (read_name, read) in READS {
        for (name, policy) in [
            ("ours-reject", LineEndPolicy::Reject),
            ("ours-normalize", LineEndPolicy::Normalize),
            ("ours-allow", LineEndPolicy::Allow),
        ] {
            let options = DataOptions::default().with_policy(policy);
            assert_eq!(decode_ours(options, &wire, read), message.len());
            group.bench_function(BenchmarkId::new(name, read_name), |b| {
                b.iter(|| decode_ours(options, black_box(&wire), read));
            });
        }
        assert_eq!(decode_peer(&wire, read, &mut out), message.len());
        group.bench_function(BenchmarkId::new("peer", read_name), |b| {
            b.iter(|| decode_peer(black_box(&wire), read, &mut out));
        });
    }

    group.bench_function(BenchmarkId::new("ceiling-memchr", "lf-count"), |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(&wire)).count());
    });
    group.bench_function(BenchmarkId::new("ceiling-copy", "memcpy"), |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(black_box(&wire));
            out.len()
        });
    });

    group.throughput(Throughput::Bytes(message.len() as u64));
    group.bench_function(BenchmarkId::new("ours-encode", "64KiB"), |b| {
        b.iter(|| {
            out.clear();
            let mut encoder = DataEncoder::new(DataEncodeOptions::default().with_max_line(None));
            for piece in black_box(&message).chunks(64 * 1024) {
                encoder.encode(piece, &mut out).expect("no line limit");
            }
            encoder.finish(&mut out);
            out.len()
        });
    });

    group.bench_function(BenchmarkId::new("ours-bdat", "64KiB"), |b| {
        b.iter(|| {
            let mut reader = ChunkDecoder::new(message.len() as u64);
            let mut total = 0;
            for piece in black_box(&message).chunks(64 * 1024) {
                total += black_box(reader.decode(piece)).map_or(0, |d| d.consumed());
            }
            total
        });
    });
    group.bench_function(BenchmarkId::new("peer-bdat", "64KiB"), |b| {
        b.iter(|| {
            out.clear();
            let mut receiver = peer::request::receiver::BdatReceiver::new(message.len(), true);
            for piece in black_box(&message).chunks(64 * 1024) {
                receiver.ingest(&mut piece.iter(), &mut out);
            }
            out.len()
        });
    });
    group.finish();
}

criterion_group!(benches, data);
criterion_main!(benches);
