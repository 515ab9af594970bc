//! `SmtpString`: the `Atom / Quoted-string` argument of VRFY, EXPN, HELP and NOOP.

use crate::address::domain::unexpected;
use crate::address::local_part::quoted_string_len;
use crate::chars;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::smtputf8::Charset;

validated_str! {
    /// `String = Atom / Quoted-string`: the argument of VRFY, EXPN, HELP and NOOP.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::SmtpString;
    ///
    /// assert!(SmtpString::try_from("postmaster").is_ok());
    /// assert!(SmtpString::try_from("\"John Smith\"").is_ok());
    /// assert!(SmtpString::try_from("John Smith").is_err());
    /// ```
    SmtpString, validate = validate_string, arbitrary = crate::arbitrary_support::atom
}

fn validate_string(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(ValueKind::SmtpString, Rule::Empty, 0);
    }
    if text.starts_with('"') {
        let end = quoted_string_len(text, Charset::Ascii)?;
        return match text[end..].chars().next() {
            Some(c) => fail(ValueKind::SmtpString, unexpected(c), end),
            None => Ok(()),
        };
    }
    match text.bytes().position(|b| !chars::is_atext(b)) {
        Some(at) => fail(
            ValueKind::SmtpString,
            Rule::UnexpectedByte(text.as_bytes()[at]),
            at,
        ),
        None => Ok(()),
    }
}
