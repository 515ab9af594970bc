//! Decimal numbers of the parameter grammars, parsed without allocation.

use crate::error::{Rule, ValidationError, fail};

/// `1*max_digits DIGIT` as a `u64`, reporting errors for `type_name` at `offset` + position.
pub(crate) fn parse_decimal(
    type_name: &'static str,
    text: &str,
    max_digits: usize,
    offset: usize,
) -> Result<u64, ValidationError> {
    if text.is_empty() {
        return fail(type_name, Rule::Expected("a decimal number"), offset);
    }
    if let Some(at) = text.bytes().position(|b| !b.is_ascii_digit()) {
        return fail(
            type_name,
            Rule::UnexpectedByte(text.as_bytes()[at]),
            offset + at,
        );
    }
    if text.len() > max_digits {
        return fail(type_name, Rule::Overflow, offset + max_digits);
    }
    text.bytes()
        .try_fold(0u64, |n, b| {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        })
        .map_or(fail(type_name, Rule::Overflow, offset), Ok)
}
