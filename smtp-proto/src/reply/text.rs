//! `Text`: the free text of reply lines (and of unknown commands' arguments).

use crate::address::domain::unexpected;
use crate::chars;
use crate::error::{ValidationError, ValueKind, fail};

validated_str! {
    /// `textstring = 1*(%d09 / %d32-126)`, extended with UTF-8 by RFC 6531;
    /// may be empty (a reply line can be a bare code). Never holds CR, LF,
    /// NUL or another control character, so it cannot inject a line.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::Text;
    ///
    /// assert!(Text::try_from("Requested mail action okay, completed").is_ok());
    /// assert!(Text::try_from("two\r\nlines").is_err());
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
            return fail(ValueKind::Text, unexpected(c), at);
        }
    }
    Ok(())
}
