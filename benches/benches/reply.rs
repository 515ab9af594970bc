//! `reply`: a one-line reply, a reply with an enhanced code and a 10-line
//! EHLO reply (with capability iteration), decoded and encoded, beside
//! Stalwart's `ResponseReceiver`, `EhloResponse::parse` and
//! `Response::write`, and mailrs's `Response::format` and
//! `format_ehlo_response` (mailrs has no reply parser).
#![allow(missing_docs)] // criterion_group! generates undocumented items

#[path = "../peers.rs"]
mod peers;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use peers::{mailrs, stalwart};
use smtp_benches::{EHLO_REPLY, REPLY_ENHANCED, REPLY_OK, big_reply, decode_ehlo, decode_reply};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, ReplyView, encode_ehlo, encode_reply};
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("reply");
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    for (name, input) in [("ok", REPLY_OK), ("enhanced", REPLY_ENHANCED)] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(BenchmarkId::new("ours-decode", name), |b| {
            b.iter(|| decode_reply(&mut decoder, black_box(input)));
        });
        group.bench_function(BenchmarkId::new("stalwart-decode", name), |b| {
            b.iter(|| stalwart::decode_reply(black_box(input)));
        });
    }
    group.throughput(Throughput::Bytes(EHLO_REPLY.len() as u64));
    group.bench_function(BenchmarkId::new("ours-decode", "ehlo10"), |b| {
        b.iter(|| decode_ehlo(&mut decoder, black_box(EHLO_REPLY)));
    });
    group.bench_function(BenchmarkId::new("stalwart-decode", "ehlo10"), |b| {
        b.iter(|| stalwart::decode_ehlo(black_box(EHLO_REPLY)));
    });

    big(&mut group);

    // Encoding: the same replies, built once, written into a cleared buffer.
    let enhanced = decoder
        .decode(REPLY_ENHANCED)
        .ok()
        .and_then(complete)
        .expect("decodes");
    let Ok(Decoded::Complete {
        value: ehlo_view, ..
    }) = decoder.decode(EHLO_REPLY)
    else {
        panic!("the EHLO reply decodes");
    };
    let ehlo = ehlo_view.to_ehlo().expect("an EHLO reply");
    let mut out = Vec::with_capacity(1024);
    group.throughput(Throughput::Bytes(REPLY_ENHANCED.len() as u64));
    group.bench_function(BenchmarkId::new("ours-encode", "enhanced"), |b| {
        b.iter(|| {
            out.clear();
            encode_reply(black_box(&enhanced), &mut out);
            out.len()
        });
    });
    group.bench_function(BenchmarkId::new("stalwart-encode", "enhanced"), |b| {
        let response = stalwart::enhanced_reply();
        b.iter(|| stalwart::encode_reply(black_box(&response), &mut out));
    });
    let response = mailrs::enhanced_reply();
    mailrs::encode_reply(&response, &mut out);
    assert_eq!(out, REPLY_ENHANCED, "mailrs writes the same reply");
    group.bench_function(BenchmarkId::new("mailrs-encode", "enhanced"), |b| {
        b.iter(|| mailrs::encode_reply(black_box(&response), &mut out));
    });
    group.throughput(Throughput::Bytes(EHLO_REPLY.len() as u64));
    group.bench_function(BenchmarkId::new("ours-encode", "ehlo10"), |b| {
        b.iter(|| {
            out.clear();
            encode_ehlo(black_box(&ehlo), &mut out);
            out.len()
        });
    });
    group.bench_function(BenchmarkId::new("stalwart-encode", "ehlo10"), |b| {
        let parsed = stalwart::parsed_ehlo(EHLO_REPLY);
        b.iter(|| stalwart::encode_ehlo(black_box(&parsed), &mut out));
    });
    let (hostname, capabilities) = mailrs::ehlo_parts(EHLO_REPLY);
    mailrs::encode_ehlo(&hostname, &capabilities, &mut out);
    assert_eq!(out, EHLO_REPLY, "mailrs writes the same EHLO reply");
    group.bench_function(BenchmarkId::new("mailrs-encode", "ehlo10"), |b| {
        b.iter(|| mailrs::encode_ehlo(black_box(&hostname), &capabilities, &mut out));
    });
    group.finish();
}

/// A 32 KiB multiline reply whole, and fed one octet per call (each call
/// sees the buffer grown by one octet, as a client reading a slow server
/// does): the incremental decoder reads each octet once either way.
fn big(group: &mut BenchmarkGroup<'_, WallTime>) {
    let big = big_reply();
    let options = ReplyOptions::default().with_max_reply_bytes(64 * 1024);
    group.throughput(Throughput::Bytes(big.len() as u64));
    for (name, step) in [("32KiB-whole", big.len()), ("32KiB-1-octet", 1)] {
        group.bench_function(BenchmarkId::new("ours-decode", name), |b| {
            b.iter(|| smtp_benches::decode_reply_in_steps(options, black_box(&big), step));
        });
        // Stalwart refuses a reply over 4 096 octets: no row.
        if stalwart::decode_reply_in_steps(&big, step).is_some() {
            group.bench_function(BenchmarkId::new("stalwart-decode", name), |b| {
                b.iter(|| stalwart::decode_reply_in_steps(black_box(&big), step));
            });
        }
    }
}

fn complete(d: Decoded<ReplyView<'_>>) -> Option<smtp_sansio_codec::proto::Reply<'_>> {
    match d {
        Decoded::Complete { value: reply, .. } => Some(reply.to_reply()),
        Decoded::Incomplete { .. } => None,
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
