//! Eight octets at a time in a `u64` ("SIMD within a register"), for the
//! scans of short tokens where a byte loop costs four or more instructions
//! an octet and a `memchr` call more than that in set-up (callgrind).
//!
//! Every test here but [`equal_lowest`] is exact in every octet: no carry
//! or borrow crosses from one octet into the next, so a mark in an octet
//! says something of that octet alone, and a load may overlap octets
//! already examined. `equal_lowest` is exact in its lowest mark, which is
//! all a search reads.

/// `0x01` in every octet.
pub(crate) const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of every octet.
pub(crate) const HIGH: u64 = ONES * 0x80;
/// The low seven bits of every octet.
pub(crate) const LOW: u64 = ONES * 0x7f;

/// The eight octets of `bytes` from `at` as one word, the first in the low
/// octet; `at + 8` must not pass the end.
#[inline]
pub(crate) fn load(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// The octets of `bytes`, fewer than eight, as one word, the first in the
/// low octet and zeros above the last: two overlapping loads of four (or
/// three single ones), not a copy of `len` octets.
#[inline]
pub(crate) fn load_short(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let word4 = |at: usize| {
        let mut word = [0; 4];
        word.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_le_bytes(word))
    };
    match n {
        0 => 0,
        1..=3 => {
            let at = |i: usize| u64::from(bytes[i]) << (8 * i);
            at(0) | at(n / 2) | at(n - 1)
        }
        // The second load ends at the last octet; its octets that repeat
        // the first load's are the same octets.
        _ => word4(0) | word4(n - 4) << (8 * (n - 4)),
    }
}

/// The index of the lowest marked octet of a non-zero `marks`.
#[inline]
pub(crate) const fn lowest(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

/// A mark on the lowest octet of `x` equal to `needle`, in three
/// operations; marks above it are not sure (a borrow out of an equal octet
/// may mark the octet above it): enough for [`find`], which reads only the
/// lowest.
#[inline]
pub(crate) const fn equal_lowest(x: u64, needle: u8) -> u64 {
    let v = x ^ (ONES * needle as u64);
    v.wrapping_sub(ONES) & !v & HIGH
}

/// For a word of seven-bit octets (`x & LOW`): the high bit of each octet
/// equal to the ASCII `needle`, and garbage in the low bits. (`t + 0x7f`
/// sets an octet's high bit exactly when `t` is not zero there, and never
/// carries out of it.)
#[inline]
pub(crate) const fn equal7(t: u64, needle: u8) -> u64 {
    !((t ^ (ONES * needle as u64)) + LOW)
}

/// For a word of seven-bit octets (`x & LOW`): the high bit of each octet
/// in `lo..=hi` (`lo <= hi < 0x80`), and garbage in the low bits.
#[inline]
pub(crate) const fn in_range7(t: u64, lo: u8, hi: u8) -> u64 {
    (t + ONES * (0x80 - lo as u64)) & !(t + ONES * (0x7f - hi as u64))
}

/// The position of the first octet of `bytes` that `marks` marks, where
/// `marks` sets the high bit of the octets of a word that match (the lowest
/// of them exactly) and no other bit, and `is_mark` says the same of one
/// octet (for inputs shorter than a word, where a padded load costs more
/// than a loop). The tail is one more load ending at the last octet (the
/// octets it repeats were found unmarked).
#[inline]
pub(crate) fn find(
    bytes: &[u8],
    marks: impl Fn(u64) -> u64,
    is_mark: impl Fn(u8) -> bool,
) -> Option<usize> {
    if bytes.len() < 8 {
        return bytes.iter().position(|&b| is_mark(b));
    }
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let hits = marks(load(bytes, at));
        if hits != 0 {
            return Some(at + lowest(hits));
        }
        at += 8;
    }
    if at == bytes.len() {
        return None;
    }
    let start = bytes.len() - 8;
    let hits = marks(load(bytes, start));
    (hits != 0).then(|| start + lowest(hits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_octet_tests_are_exact_for_every_octet_in_every_position() {
        let mut found = 0;
        for b in 0..=255u8 {
            for pos in 0..8 {
                // The octet among neighbours that would carry or borrow.
                for filler in [0x00, 0x01, 0x7f, 0x80, 0xff, b'-', b'.', b'='] {
                    let mut word = [filler; 8];
                    word[pos] = b;
                    let x = u64::from_le_bytes(word);
                    let t = x & LOW;
                    let seven = b & 0x7f;
                    let bit = |marks: u64| marks >> (8 * pos + 7) & 1 == 1;
                    assert_eq!(
                        bit(equal7(t, b'.')),
                        seven == b'.',
                        "{b:#x} {pos} {filler:#x}"
                    );
                    assert_eq!(bit(equal7(t, 0)), seven == 0, "{b:#x} {pos} {filler:#x}");
                    for (lo, hi) in [(b'-', b'9'), (b'a', b'z'), (0, 0x7f), (b'=', b'=')] {
                        let within = (lo..=hi).contains(&seven);
                        assert_eq!(bit(in_range7(t, lo, hi)), within, "{b:#x} {pos} {lo}..{hi}");
                    }
                    // The lowest mark of `equal_lowest` is the first equal octet.
                    for needle in [b, filler, b'='] {
                        let marks = equal_lowest(x, needle);
                        let first = word.iter().position(|&o| o == needle);
                        assert_eq!((marks != 0).then(|| lowest(marks)), first);
                        assert_eq!(marks & !HIGH, 0);
                        found += usize::from(first.is_some());
                    }
                }
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn a_short_load_holds_the_octets_in_order_and_zeros_above() {
        for n in 0..8 {
            let bytes: alloc::vec::Vec<u8> = (0xa1..).take(n).collect();
            let mut want = [0; 8];
            want[..n].copy_from_slice(&bytes);
            assert_eq!(load_short(&bytes), u64::from_le_bytes(want), "{n}");
        }
    }

    #[test]
    fn find_agrees_with_position_at_every_length_and_offset() {
        let mut hits = 0;
        for len in 0..26 {
            for first in 0..=len {
                let mut bytes = alloc::vec![b'x'; len];
                for (at, b) in bytes.iter_mut().enumerate().skip(first) {
                    if (at - first) % 3 == 0 {
                        *b = b'=';
                    }
                }
                let want = bytes.iter().position(|&b| b == b'=');
                let got = find(&bytes, |x| equal_lowest(x, b'='), |b| b == b'=');
                assert_eq!(got, want, "{bytes:?}");
                hits += usize::from(want.is_some());
            }
        }
        assert!(hits > 300, "{hits}");
    }
}
