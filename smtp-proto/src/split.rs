//! Splitting short text at an ASCII delimiter by byte scan.
//!
//! `str::split` and `str::split_once` with a `char` pattern set up a
//! searcher that costs more than the whole of a typical parameter or EHLO
//! line (callgrind showed them on top of the MAIL and EHLO decode
//! profiles). An ASCII delimiter is one byte and never inside a multi-byte
//! character, so every cut is a char boundary.

/// The pieces of `text` between `delimiter`s, exactly as
/// `text.split(delimiter as char)` gives them (empty pieces included).
pub(crate) const fn split(text: &str, delimiter: u8) -> Split<'_> {
    Split {
        rest: text,
        delimiter,
        done: false,
    }
}

/// `text.split_once(delimiter as char)`, by byte scan.
#[inline]
pub(crate) fn split_once(text: &str, delimiter: u8) -> Option<(&str, &str)> {
    let at = find_byte(text.as_bytes(), delimiter)?;
    Some((&text[..at], &text[at + 1..]))
}

/// The position of the first `needle` in `bytes`, eight octets at a time
/// ([`swar::find`](crate::swar::find)): a byte loop cost four instructions
/// an octet and a `memchr` call more than that in set-up on the short
/// pieces of a command line (callgrind).
#[inline]
pub(crate) fn find_byte(bytes: &[u8], needle: u8) -> Option<usize> {
    crate::swar::find(
        bytes,
        |x| crate::swar::equal_lowest(x, needle),
        |b| b == needle,
    )
}

/// The iterator of [`split`].
#[derive(Clone, Debug)]
pub(crate) struct Split<'t> {
    rest: &'t str,
    delimiter: u8,
    done: bool,
}

impl<'t> Iterator for Split<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        if self.done {
            return None;
        }
        if let Some((piece, rest)) = split_once(self.rest, self.delimiter) {
            self.rest = rest;
            Some(piece)
        } else {
            self.done = true;
            Some(self.rest)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn agrees_with_str_split() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "é b ü",
            "AUTH PLAIN LOGIN",
        ] {
            let ours: Vec<_> = split(text, b' ').collect();
            let std: Vec<_> = text.split(' ').collect();
            assert_eq!(ours, std, "{text:?}");
            assert_eq!(split_once(text, b' '), text.split_once(' '), "{text:?}");
        }
    }

    proptest::proptest! {
        /// The word-at-a-time search agrees with a byte loop on every length
        /// and position, the first of several hits included.
        #[test]
        fn find_byte_agrees_with_position(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..40),
            pick in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            // A needle taken from the input, so there is always a hit to find.
            let needle = bytes[pick.index(bytes.len())];
            proptest::prop_assert_eq!(
                find_byte(&bytes, needle),
                bytes.iter().position(|&b| b == needle)
            );
        }
    }

    #[test]
    fn find_byte_finds_the_first_of_several_hits_at_every_offset() {
        for len in 0..24 {
            for first in 0..len {
                let mut bytes = alloc::vec![b'x'; len];
                bytes[first] = b'=';
                for (later, b) in bytes.iter_mut().enumerate().skip(first) {
                    if later % 3 == 0 {
                        *b = b'=';
                    }
                }
                assert_eq!(find_byte(&bytes, b'='), Some(first), "{len} {first}");
            }
            assert_eq!(find_byte(&alloc::vec![b'x'; len], b'='), None);
        }
    }
}
