//! ESMTP keywords and values: the `KEY=VALUE` pieces of MAIL, RCPT and EHLO.

use crate::chars;
use crate::error::{Rule, ValidationError, fail};

validated_str! {
    /// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`; compared
    /// without case by [`EsmtpKeyword::is`].
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_proto::{EsmtpKeyword, EsmtpValue};
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
        return fail("EsmtpKeyword", Rule::Empty, 0);
    };
    if !chars::is_let_dig(first) {
        return fail("EsmtpKeyword", Rule::UnexpectedByte(first), 0);
    }
    match bytes.iter().position(|&b| !chars::is_ldh(b)) {
        Some(at) => fail("EsmtpKeyword", Rule::UnexpectedByte(bytes[at]), at),
        None => Ok(()),
    }
}

fn validate_value(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail("EsmtpValue", Rule::Empty, 0);
    }
    match text.bytes().position(|b| !chars::is_esmtp_value_char(b)) {
        Some(at) => fail("EsmtpValue", Rule::UnexpectedByte(text.as_bytes()[at]), at),
        None => Ok(()),
    }
}
