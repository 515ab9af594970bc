//! `reply`: a one-line reply, a reply with an enhanced code and a 10-line
//! EHLO reply (with capability iteration), decoded and encoded, beside the
//! peer's `ResponseReceiver`, `EhloResponse::parse` and `Response::write`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use smtp_benches::{EHLO_REPLY, REPLY_ENHANCED, REPLY_OK, big_reply};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::reply::{ReplyDecoder, ReplyOptions, ReplyView, encode_ehlo, encode_reply};
use std::hint::black_box;

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("reply");
    let mut decoder = ReplyDecoder::new(ReplyOptions::default().with_enhanced_status_codes(true));
    for (name, input) in [("ok", REPLY_OK), ("enhanced", REPLY_ENHANCED)] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(BenchmarkId::new("ours-decode", name), |b| {
            b.iter(|| {
                let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(black_box(input))
                else {
                    panic!("a complete reply");
                };
                (reply.code(), reply.enhanced(), reply.text().len())
            });
        });
        group.bench_function(BenchmarkId::new("peer-decode", name), |b| {
            b.iter(|| {
                let mut receiver = peer::response::parser::ResponseReceiver::default();
                let reply = receiver
                    .parse(&mut black_box(input).iter())
                    .expect("a reply");
                (reply.code(), reply.message().len())
            });
        });
    }
    group.throughput(Throughput::Bytes(EHLO_REPLY.len() as u64));
    group.bench_function(BenchmarkId::new("ours-decode", "ehlo10"), |b| {
        b.iter(|| {
            let Ok(Decoded::Complete { value: reply, .. }) = decoder.decode(black_box(EHLO_REPLY))
            else {
                panic!("a complete reply");
            };
            let ehlo = reply.ehlo().expect("an EHLO reply");
            ehlo.capabilities().count()
        });
    });
    group.bench_function(BenchmarkId::new("peer-decode", "ehlo10"), |b| {
        b.iter(|| {
            let ehlo = peer::EhloResponse::parse(&mut black_box(EHLO_REPLY).iter()).expect("EHLO");
            ehlo.capabilities
        });
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
    group.bench_function(BenchmarkId::new("peer-encode", "enhanced"), |b| {
        let response = peer::Response::new(550, 5, 1, 1, "User unknown");
        b.iter(|| {
            out.clear();
            black_box(&response)
                .write(&mut out)
                .expect("a Vec takes it");
            out.len()
        });
    });
    group.throughput(Throughput::Bytes(EHLO_REPLY.len() as u64));
    group.bench_function(BenchmarkId::new("ours-encode", "ehlo10"), |b| {
        b.iter(|| {
            out.clear();
            encode_ehlo(black_box(&ehlo), &mut out);
            out.len()
        });
    });
    group.bench_function(BenchmarkId::new("peer-encode", "ehlo10"), |b| {
        let parsed = peer::EhloResponse::parse(&mut EHLO_REPLY.iter()).expect("EHLO");
        b.iter(|| {
            out.clear();
            black_box(&parsed).write(&mut out).expect("a Vec takes it");
            out.len()
        });
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
            b.iter(|| {
                let mut decoder = ReplyDecoder::new(options);
                let mut end = 0;
                loop {
                    end = (end + step).min(big.len());
                    match decoder.decode(black_box(&big[..end])) {
                        Ok(Decoded::Complete { value, .. }) => break value.line_count(),
                        Ok(Decoded::Incomplete { .. }) => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            });
        });
        group.bench_function(BenchmarkId::new("peer-decode", name), |b| {
            b.iter(|| {
                let mut receiver = peer::response::parser::ResponseReceiver::default();
                for piece in black_box(&big).chunks(step) {
                    if let Ok(reply) = receiver.parse(&mut piece.iter()) {
                        return reply.code();
                    }
                }
                panic!("the peer found no reply");
            });
        });
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
