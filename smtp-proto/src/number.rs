//! Decimal numbers of the parameter grammars, parsed without allocation.

use crate::error::{Rule, ValidationError, ValueKind, fail};

/// The leading decimal digits of `bytes`, at most four of them read: their
/// value and count. Four digits are enough for every caller to decide
/// (three at most are allowed where it is used), so the loop is bounded.
#[inline]
pub(crate) fn leading_digits(bytes: &[u8]) -> (u16, usize) {
    let mut value = 0;
    let mut digits = 0;
    for &b in bytes.iter().take(4) {
        if !b.is_ascii_digit() {
            break;
        }
        value = value * 10 + u16::from(b - b'0');
        digits += 1;
    }
    (value, digits)
}

/// `1*max_digits DIGIT` as a `u64`, reporting errors for `kind` at `offset` + position.
///
/// One pass: the value is accumulated while the digits are checked, and an
/// overflow only noted, since a later non-digit or the length is reported
/// first (callgrind: a fifth fewer instructions than checking, then folding).
pub(crate) fn parse_decimal(
    kind: ValueKind,
    text: &str,
    max_digits: usize,
    offset: usize,
) -> Result<u64, ValidationError> {
    if text.is_empty() {
        return fail(kind, Rule::Expected("a decimal number"), offset);
    }
    let mut value = 0u64;
    let mut overflow = false;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if !b.is_ascii_digit() {
            return fail(kind, Rule::UnexpectedByte(b), offset + at);
        }
        match value
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(b - b'0')))
        {
            Some(n) => value = n,
            None => overflow = true,
        }
    }
    if text.len() > max_digits {
        return fail(kind, Rule::Overflow, offset + max_digits);
    }
    if overflow {
        return fail(kind, Rule::Overflow, offset);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The two-pass reading: check every octet, then the length, then fold.
    fn two_pass(text: &str, max_digits: usize) -> Result<u64, ValidationError> {
        if text.is_empty() {
            return fail(ValueKind::Text, Rule::Expected("a decimal number"), 7);
        }
        if let Some(at) = text.bytes().position(|b| !b.is_ascii_digit()) {
            return fail(
                ValueKind::Text,
                Rule::UnexpectedByte(text.as_bytes()[at]),
                7 + at,
            );
        }
        if text.len() > max_digits {
            return fail(ValueKind::Text, Rule::Overflow, 7 + max_digits);
        }
        text.bytes()
            .try_fold(0u64, |n, b| {
                n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
            })
            .map_or_else(|| fail(ValueKind::Text, Rule::Overflow, 7), Ok)
    }

    proptest! {
        #[test]
        fn one_pass_agrees_with_two(text in "[0-9]{0,25}[a ]?[0-9]{0,3}", max in 1usize..24) {
            prop_assert_eq!(parse_decimal(ValueKind::Text, &text, max, 7), two_pass(&text, max));
        }
    }
}
