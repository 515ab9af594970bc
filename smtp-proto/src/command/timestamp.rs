//! `Timestamp`: an RFC 3339 `date-time`, as HOLDUNTIL (RFC 4865) and RRVS (RFC 7293) use it.

use crate::error::{Rule, ValidationError, ValueKind, fail};

validated_str! {
    /// `full-date "T" full-time` of RFC 3339 §5.6, kept as written.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::Timestamp;
    ///
    /// assert!(Timestamp::try_from("2026-11-23T18:53:00Z").is_ok());
    /// assert!(Timestamp::try_from("2026-11-23T18:53:00.25+01:00").is_ok());
    /// assert!(Timestamp::try_from("2026-13-01T00:00:00Z").is_err());
    /// ```
    Timestamp, validate = validate, arbitrary = crate::arbitrary_support::timestamp
}

const NAME: ValueKind = ValueKind::Timestamp;

/// `(offset, digits, min, max)` of each numeric field of `YYYY-MM-DDTHH:MM:SS`.
const FIELDS: [(usize, usize, u32, u32); 6] = [
    (0, 4, 0, 9999),
    (5, 2, 1, 12),
    (8, 2, 1, 31),
    (11, 2, 0, 23),
    (14, 2, 0, 59),
    (17, 2, 0, 60),
];

fn validate(text: &str) -> Result<(), ValidationError> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return fail(
            NAME,
            Rule::Expected("YYYY-MM-DDTHH:MM:SS and a zone"),
            b.len(),
        );
    }
    for (at, sep) in [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')] {
        if b[at] != sep {
            return fail(NAME, Rule::UnexpectedByte(b[at]), at);
        }
    }
    if !matches!(b[10], b'T' | b't') {
        return fail(NAME, Rule::Expected("'T'"), 10);
    }
    for (at, len, min, max) in FIELDS {
        field(b, at, len, min, max)?;
    }
    let mut at = 19;
    if b[at] == b'.' {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return fail(NAME, Rule::Expected("fraction digits"), at + 1);
        }
        at += 1 + digits;
    }
    match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => Ok(()),
        Some(b'+' | b'-') if b.len() == at + 6 && b[at + 3] == b':' => {
            field(b, at + 1, 2, 0, 23)?;
            field(b, at + 4, 2, 0, 59)
        }
        _ => fail(NAME, Rule::Expected("'Z' or a +HH:MM offset"), at),
    }
}

fn field(b: &[u8], at: usize, len: usize, min: u32, max: u32) -> Result<(), ValidationError> {
    let mut value = 0u32;
    for (i, &c) in b[at..at + len].iter().enumerate() {
        if !c.is_ascii_digit() {
            return fail(NAME, Rule::UnexpectedByte(c), at + i);
        }
        value = value * 10 + u32::from(c - b'0');
    }
    if value < min || value > max {
        return fail(
            NAME,
            Rule::OutOfRange {
                min: min.into(),
                max: max.into(),
            },
            at,
        );
    }
    Ok(())
}
