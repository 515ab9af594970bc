//! `data`: the DATA decoder on a 10 MiB dot-stuffed body (76-octet lines,
//! 2% stuffed) fed in 8 KiB and 64 KiB reads, for each line-end policy,
//! beside Stalwart's `DataReceiver` (which copies the body out) and
//! mailrs's `unstuff_line` (fed line by line, see `benches/peers.rs`); the
//! encoder on the same message; the BDAT reader beside Stalwart's
//! `BdatReceiver` (mailrs has no BDAT); and the ceilings on the same
//! buffer: `memchr` counting line ends and a plain copy.
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../peers.rs"]
mod peers;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use peers::{mailrs, stalwart};
use smtp_benches::{data_wire, decode_data, encode_data, message, read_bdat};
use smtp_sansio_codec::body::{DataOptions, LineEndPolicy};
use std::hint::black_box;

const BODY: usize = 10 * 1024 * 1024;
const READS: [(&str, usize); 2] = [("8KiB", 8 * 1024), ("64KiB", 64 * 1024)];

fn data(c: &mut Criterion) {
    let message = message(BODY);
    let wire = data_wire(&message);
    let mut group = c.benchmark_group("data");
    group.throughput(Throughput::Bytes(wire.len() as u64));
    group.sample_size(20);
    let mut out = Vec::with_capacity(wire.len() + 1024);
    let mut carry = Vec::with_capacity(1024);

    for (read_name, read) in READS {
        for (name, policy) in [
            ("ours-reject", LineEndPolicy::Reject),
            ("ours-normalize", LineEndPolicy::Normalize),
            ("ours-allow", LineEndPolicy::Allow),
        ] {
            let options = DataOptions::default().with_policy(policy);
            assert_eq!(decode_data(options, &wire, read), message.len());
            group.bench_function(BenchmarkId::new(name, read_name), |b| {
                b.iter(|| decode_data(options, black_box(&wire), read));
            });
        }
        assert_eq!(stalwart::decode_data(&wire, read, &mut out), message.len());
        group.bench_function(BenchmarkId::new("stalwart", read_name), |b| {
            b.iter(|| stalwart::decode_data(black_box(&wire), read, &mut out));
        });
        assert_eq!(mailrs::decode_data(&wire, read, &mut carry), message.len());
        group.bench_function(BenchmarkId::new("mailrs", read_name), |b| {
            b.iter(|| mailrs::decode_data(black_box(&wire), read, &mut carry));
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
        b.iter(|| encode_data(black_box(&message), 64 * 1024, &mut out));
    });

    group.bench_function(BenchmarkId::new("ours-bdat", "64KiB"), |b| {
        b.iter(|| read_bdat(black_box(&message), 64 * 1024));
    });
    group.bench_function(BenchmarkId::new("stalwart-bdat", "64KiB"), |b| {
        b.iter(|| stalwart::decode_bdat(black_box(&message), 64 * 1024, &mut out));
    });
    group.finish();
}

criterion_group!(benches, data);
criterion_main!(benches);
