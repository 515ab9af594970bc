//! `EnhancedStatusCode`: `class "." subject "." detail` (RFC 3463, RFC 5248).

use core::fmt;

use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};

const NAME: ValueKind = ValueKind::EnhancedStatusCode;

/// An enhanced mail system status code.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{EnhancedClass, EnhancedStatusCode};
///
/// let code = EnhancedStatusCode::try_from("5.1.1").unwrap();
/// assert_eq!(code.class(), EnhancedClass::PermanentFailure);
/// assert_eq!((code.subject(), code.detail()), (1, 1));
/// assert_eq!(code.to_string(), "5.1.1");
/// assert!(EnhancedStatusCode::try_from("3.1.1").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnhancedStatusCode {
    class: EnhancedClass,
    subject: u16,
    detail: u16,
}

/// The class digit of an enhanced status code (RFC 3463 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EnhancedClass {
    /// 2.X.X: success.
    Success,
    /// 4.X.X: persistent transient failure; the message may be delivered if resent.
    PersistentTransientFailure,
    /// 5.X.X: permanent failure; resending as is will not succeed.
    PermanentFailure,
}

impl EnhancedClass {
    /// The digit (2, 4 or 5).
    pub const fn digit(self) -> u8 {
        match self {
            Self::Success => 2,
            Self::PersistentTransientFailure => 4,
            Self::PermanentFailure => 5,
        }
    }

    /// The class for a digit.
    pub const fn from_digit(digit: u8) -> Option<Self> {
        match digit {
            2 => Some(Self::Success),
            4 => Some(Self::PersistentTransientFailure),
            5 => Some(Self::PermanentFailure),
            _ => None,
        }
    }
}

impl EnhancedStatusCode {
    /// `2.0.0`: success, nothing more to say.
    pub const OK: Self = Self::known(EnhancedClass::Success, 0, 0);

    /// A code from its parts; subject and detail are 0..=999.
    ///
    /// # Errors
    /// When subject or detail is above 999.
    pub const fn new(
        class: EnhancedClass,
        subject: u16,
        detail: u16,
    ) -> Result<Self, ValidationError> {
        if subject > 999 {
            return fail(NAME, Rule::OutOfRange { min: 0, max: 999 }, 2);
        }
        if detail > 999 {
            return fail(NAME, Rule::OutOfRange { min: 0, max: 999 }, 4);
        }
        Ok(Self {
            class,
            subject,
            detail,
        })
    }

    /// A code known to be in range (used for the constants).
    pub(crate) const fn known(class: EnhancedClass, subject: u16, detail: u16) -> Self {
        Self {
            class,
            subject,
            detail,
        }
    }

    /// The class.
    pub const fn class(self) -> EnhancedClass {
        self.class
    }

    /// The subject (second number), e.g. 1 for addressing.
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The detail (third number).
    pub const fn detail(self) -> u16 {
        self.detail
    }

    /// The wire form with its octets packed into an integer, the first
    /// octet lowest (`u128::to_le_bytes` lays them out in order), and its
    /// length: 5 to 9 octets.
    ///
    /// Built in registers so an encoder stores it whole: written octet by
    /// octet into a buffer and then copied out, the copy waited on those
    /// stores and a one-line reply took a third longer (timed, 12.4 ns
    /// against 9.2, though it runs a few more instructions).
    ///
    /// `subject.detail` (3 to 7 octets) is put together in a `u64`, whose
    /// shifts by a varying count are one instruction each (those of a
    /// `u128` are five or six), and moved past `class.` once.
    #[inline]
    pub fn to_ascii_word(self) -> (u128, usize) {
        let mut numbers = 0;
        let at = push_number(&mut numbers, 0, self.subject);
        numbers |= u64::from(b'.') << (8 * at);
        let len = push_number(&mut numbers, at + 1, self.detail);
        let head = u128::from(b'0' + self.class.digit()) | u128::from(b'.') << 8;
        (head | u128::from(numbers) << 16, 2 + len)
    }

    /// Parses `class.subject.detail` at the start of `text`, returning the
    /// code and its length. Numbers have no leading zeros, so the text
    /// re-encodes to the same bytes.
    ///
    /// # Errors
    /// When `text` does not start with an enhanced status code.
    #[inline]
    pub fn parse_prefix(text: &[u8]) -> Result<(Self, usize), ValidationError> {
        let Some(class) = text
            .first()
            .and_then(|&b| EnhancedClass::from_digit(b.wrapping_sub(b'0')))
        else {
            return fail(NAME, Rule::Expected("class digit 2, 4 or 5"), 0);
        };
        if text.get(1) != Some(&b'.') {
            return fail(NAME, Rule::Expected("'.'"), 1);
        }
        let (subject, len1) = number(text, 2)?;
        let dot = 2 + len1;
        if text.get(dot) != Some(&b'.') {
            return fail(NAME, Rule::Expected("'.'"), dot);
        }
        let (detail, len2) = number(text, dot + 1)?;
        Ok((
            Self {
                class,
                subject,
                detail,
            },
            dot + 1 + len2,
        ))
    }
}

/// Adds the digits of `n` (at most 999, no leading zeros) to `word` from
/// octet `at` on; returns where they end. Digits are computed directly:
/// three `put_u64` calls cost more than the rest of a one-line reply's
/// encoding (callgrind).
#[inline]
fn push_number(word: &mut u64, at: usize, n: u16) -> usize {
    let digit = |n: u16| u64::from(b'0') + u64::from(n % 10);
    let (digits, len) = if n < 10 {
        (digit(n), 1)
    } else if n < 100 {
        (digit(n / 10) | digit(n) << 8, 2)
    } else {
        (digit(n / 100) | digit(n / 10) << 8 | digit(n) << 16, 3)
    };
    *word |= digits << (8 * at);
    at + len
}

/// `1*3digit` with no leading zero, starting at `at`.
///
/// Reads at most four digits, as a fourth already decides the error: one
/// bounded pass instead of counting the digits and then folding them.
fn number(text: &[u8], at: usize) -> Result<(u16, usize), ValidationError> {
    let rest = text.get(at..).unwrap_or_default();
    let (value, digits) = crate::number::leading_digits(rest);
    if digits == 0 {
        return fail(NAME, Rule::Expected("a number"), at);
    }
    if digits > 3 {
        return fail(NAME, Rule::OutOfRange { min: 0, max: 999 }, at);
    }
    if digits > 1 && rest[0] == b'0' {
        return fail(NAME, Rule::UnexpectedByte(b'0'), at);
    }
    Ok((value, digits))
}

impl fmt::Debug for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnhancedStatusCode({self})")
    }
}

impl fmt::Display for EnhancedStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::wire::display(self, f)
    }
}

impl Wire for EnhancedStatusCode {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        let (word, len) = self.to_ascii_word();
        out.put_ascii(&word.to_le_bytes()[..len]);
    }
}

impl TryFrom<&[u8]> for EnhancedStatusCode {
    type Error = ValidationError;
    fn try_from(text: &[u8]) -> Result<Self, Self::Error> {
        let (code, len) = Self::parse_prefix(text)?;
        if len != text.len() {
            return fail(NAME, Rule::UnexpectedByte(text[len]), len);
        }
        Ok(code)
    }
}

impl TryFrom<&str> for EnhancedStatusCode {
    type Error = ValidationError;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::try_from(text.as_bytes())
    }
}

impl core::str::FromStr for EnhancedStatusCode {
    type Err = ValidationError;

    /// `"5.1.1".parse()`: the same as `TryFrom<&str>`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::try_from(text)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for EnhancedStatusCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for EnhancedStatusCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
        EnhancedStatusCode::try_from(text.as_str()).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for EnhancedStatusCode {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        let class = *u.choose(&[
            EnhancedClass::Success,
            EnhancedClass::PersistentTransientFailure,
            EnhancedClass::PermanentFailure,
        ])?;
        EnhancedStatusCode::new(class, u.int_in_range(0..=999)?, u.int_in_range(0..=999)?)
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl TryFrom<alloc::string::String> for EnhancedStatusCode {
    type Error = ValidationError;
    fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
        Self::try_from(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn the_wire_form_has_no_leading_zeros_for_any_number() {
        for n in [0, 1, 9, 10, 42, 99, 100, 101, 999] {
            for m in [0, 7, 10, 999] {
                let code = EnhancedStatusCode::new(EnhancedClass::PermanentFailure, n, m).unwrap();
                assert_eq!(code.to_string(), format!("5.{n}.{m}"));
                assert_eq!(
                    EnhancedStatusCode::try_from(code.to_string().as_str()),
                    Ok(code)
                );
            }
        }
    }
}
