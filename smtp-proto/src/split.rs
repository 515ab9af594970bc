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
pub(crate) fn split_once(text: &str, delimiter: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == delimiter)?;
    Some((&text[..at], &text[at + 1..]))
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
}
