//! ESMTP keywords and values: the `KEY=VALUE` pieces of MAIL, RCPT and EHLO.

use crate::chars;
use crate::error::{Rule, ValidationError, ValueKind, fail};

validated_str! {
    /// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`; compared
    /// without case by [`EsmtpKeyword::is`].
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{EsmtpKeyword, EsmtpValue};
    ///
    /// assert!(EsmtpKeyword::try_from("X-FOO").is_ok());
    /// assert!(EsmtpKeyword::try_from("-X").is_err());
    /// assert!(EsmtpValue::try_from("bar").is_ok());
    /// assert!(EsmtpValue::try_from("a=b").is_err());
    /// ```
    EsmtpKeyword, validate = validate_keyword, arbitrary = crate::arbitrary_support::keyword
}

impl EsmtpKeyword<'_> {
    /// Whether this keyword is `other`, ignoring ASCII case.
    pub fn is(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}

validated_str! {
    /// `esmtp-value = 1*(%d33-60 / %d62-126)`: printable ASCII except `=`.
    EsmtpValue, validate = validate_value, arbitrary = crate::arbitrary_support::esmtp_value
}

/// Validates an `esmtp-keyword` (also the shape of a command verb).
pub(crate) fn validate_keyword(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return fail(ValueKind::EsmtpKeyword, Rule::Empty, 0);
    };
    if !chars::is_let_dig(first) {
        return fail(ValueKind::EsmtpKeyword, Rule::UnexpectedByte(first), 0);
    }
    match bytes.iter().position(|&b| !chars::is_ldh(b)) {
        Some(at) => fail(ValueKind::EsmtpKeyword, Rule::UnexpectedByte(bytes[at]), at),
        None => Ok(()),
    }
}

fn validate_value(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(ValueKind::EsmtpValue, Rule::Empty, 0);
    }
    match text.bytes().position(|b| !chars::is_esmtp_value_char(b)) {
        Some(at) => fail(
            ValueKind::EsmtpValue,
            Rule::UnexpectedByte(text.as_bytes()[at]),
            at,
        ),
        None => Ok(()),
    }
}

/// A short keyword or value upper-cased into a stack buffer, so that it is
/// told apart from the known spellings with one `match` on byte literals (a
/// length switch, then one compare) rather than a chain of
/// `eq_ignore_ascii_case` calls that fold both sides on every candidate
/// (callgrind: a third of MAIL parameter typing).
pub(crate) struct Upper {
    buf: [u8; Self::MAX],
    len: usize,
}

impl Upper {
    /// Longer than every known spelling (`MT-PRIORITY`, `BINARYMIME`).
    const MAX: usize = 16;

    /// `text` upper-cased (ASCII letters only); a text longer than any known
    /// spelling becomes the empty word, which no spelling is.
    pub(crate) fn new(text: &str) -> Self {
        let mut buf = [0; Self::MAX];
        let Some(head) = buf.get_mut(..text.len()) else {
            return Self { buf, len: 0 };
        };
        for (out, &b) in head.iter_mut().zip(text.as_bytes()) {
            *out = b.to_ascii_uppercase();
        }
        Self {
            buf,
            len: text.len(),
        }
    }

    /// The upper-cased octets.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::Upper;

    #[test]
    fn upper_folds_ascii_letters_only_and_empties_long_words() {
        assert_eq!(Upper::new("Mt-priority").as_bytes(), b"MT-PRIORITY");
        assert_eq!(Upper::new("8bitmime").as_bytes(), b"8BITMIME");
        assert_eq!(Upper::new("sîze").as_bytes(), "SîZE".as_bytes());
        assert_eq!(
            Upper::new("x".repeat(16).as_str()).as_bytes(),
            b"XXXXXXXXXXXXXXXX"
        );
        assert_eq!(Upper::new("x".repeat(17).as_str()).as_bytes(), b"");
    }
}
