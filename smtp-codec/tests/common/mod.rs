#![allow(dead_code)] // each test file uses a part of it

//! Inputs and helpers several test files share.

pub(crate) mod kat;

/// The SMTP smuggling sequences (2023) of the DATA issue: none of them may
/// end a message, in any bare-LF policy.
pub(crate) const SMUGGLING: [&[u8]; 10] = [
    b"\n.\n",
    b"\r.\r",
    b"\r.\n",
    b"\n.\r",
    b"\n.\r\n",
    b"\r\n.\n",
    b"\r.\r\n",
    b"\r\n.\r",
    b"\r\n.\r\r\n",
    b"\r\n\x00.\r\n",
];

/// The octets a BDAT chunk decoder hands out from `input`: the slice of a
/// `BodyPart::Octets`, or nothing (more input needed, or the chunk is done).
pub(crate) fn chunk_octets<'a>(
    chunk: &mut smtp_sansio_codec::body::ChunkDecoder,
    input: &'a [u8],
) -> &'a [u8] {
    use smtp_sansio_codec::Decoded;
    use smtp_sansio_codec::body::BodyPart;
    match chunk.decode(input) {
        Ok(Decoded::Complete {
            value: BodyPart::Octets(octets),
            consumed,
        }) => {
            assert_eq!(consumed, octets.len());
            octets
        }
        Ok(Decoded::Complete {
            value: BodyPart::End,
            consumed,
        }) => {
            assert!(chunk.is_done() && consumed == 0);
            b""
        }
        Ok(Decoded::Incomplete { consumed }) => {
            assert!(input.is_empty() && consumed == 0);
            b""
        }
        Err(e) => panic!("a chunk without line-end checks is never refused: {e}"),
    }
}

/// Runs `check` on `cases` inputs from `strategy`, counting the outcome
/// labels it returns, and fails unless each of `expected` came up at least
/// `min` times (so a generator that stops reaching a case fails the test).
/// Returns the counts, for guards of their own.
pub(crate) fn run<T: std::fmt::Debug>(
    strategy: impl proptest::strategy::Strategy<Value = T>,
    cases: u32,
    expected: &[&str],
    min: usize,
    check: impl Fn(T) -> Result<Vec<&'static str>, proptest::test_runner::TestCaseError>,
) -> std::collections::HashMap<&'static str, usize> {
    use proptest::test_runner::{Config, TestRunner};
    let seen = std::cell::RefCell::new(std::collections::HashMap::<&'static str, usize>::new());
    TestRunner::new(Config::with_cases(cases))
        .run(&strategy, |input| {
            for label in check(input)? {
                *seen.borrow_mut().entry(label).or_default() += 1;
            }
            Ok(())
        })
        .unwrap();
    let seen = seen.into_inner();
    for label in expected {
        let count = seen.get(label).copied().unwrap_or_default();
        assert!(count >= min, "{label} seen {count} times: {seen:?}");
    }
    seen
}
