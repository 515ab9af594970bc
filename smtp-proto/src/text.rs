//! Free text: reply lines (`Text`) and command arguments (`SmtpString`).

use crate::chars;
use crate::charset::Charset;
use crate::domain::unexpected;
use crate::error::{Rule, ValidationError, fail};
use crate::local_part::quoted_string_len;

validated_str! {
    /// `textstring = 1*(%d09 / %d32-126)`, extended with UTF-8 by RFC 6531;
    /// may be empty (a reply line can be a bare code). Never holds CR, LF,
    /// NUL or another control character, so it cannot inject a line.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{SmtpString, Text};
    ///
    /// assert!(Text::try_from("Requested mail action okay, completed").is_ok());
    /// assert!(Text::try_from("two\r\nlines").is_err());
    /// assert!(SmtpString::try_from("\"John Smith\"").is_ok());
    /// assert!(SmtpString::try_from("John Smith").is_err());
    /// ```
    Text, validate = validate_text, arbitrary = crate::arbitrary_support::text
}

/// Empty text: what a bare-code reply line (`250\r\n`) carries.
impl Default for Text<'_> {
    fn default() -> Self {
        Self::new_unchecked("")
    }
}

fn validate_text(text: &str) -> Result<(), ValidationError> {
    for (at, c) in text.char_indices() {
        let ok = if c.is_ascii() {
            chars::is_text_char(c as u8)
        } else {
            !c.is_control()
        };
        if !ok {
            return fail("Text", unexpected(c), at);
        }
    }
    Ok(())
}

validated_str! {
    /// `String = Atom / Quoted-string`: the argument of VRFY, EXPN, HELP and NOOP.
    SmtpString, validate = validate_string, arbitrary = crate::arbitrary_support::atom
}

fn validate_string(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail("SmtpString", Rule::Empty, 0);
    }
    if text.starts_with('"') {
        let end = quoted_string_len(text, Charset::Ascii)?;
        return match text[end..].chars().next() {
            Some(c) => fail("SmtpString", unexpected(c), end),
            None => Ok(()),
        };
    }
    match text.bytes().position(|b| !chars::is_atext(b)) {
        Some(at) => fail("SmtpString", Rule::UnexpectedByte(text.as_bytes()[at]), at),
        None => Ok(()),
    }
}
