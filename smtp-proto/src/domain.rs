//! `Domain`: a DNS name as RFC 5321 §4.1.2 writes it (LDH labels), or with
//! U-labels through [`Domain::new_utf8`] (RFC 6531).

use alloc::borrow::Cow;

use crate::charset::Charset;
use crate::error::{Rule, ValidationError, fail};
use crate::{chars, limits};

const NAME: &str = "Domain";

validated_str! {
    /// A domain name: dot-separated labels of letters, digits and inner
    /// hyphens, each at most 63 octets, at most 255 octets in all.
    ///
    /// `TryFrom` accepts ASCII only; [`Domain::new_utf8`] also accepts U-labels.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_proto::{Domain, Rule};
    ///
    /// let d = Domain::try_from("mail.example.com").unwrap();
    /// assert_eq!(d.labels().count(), 3);
    /// assert!(Domain::try_from("bücher.example").is_err());
    /// assert!(Domain::new_utf8("bücher.example").is_ok());
    /// assert_eq!(Domain::try_from("-a.example").unwrap_err().rule(), &Rule::HyphenAtLabelEdge);
    /// ```
    Domain, validate = validate_ascii, arbitrary = crate::arbitrary_support::domain, deserialize = validate_utf8
}

impl<'a> Domain<'a> {
    /// Accepts U-labels (non-ASCII UTF-8) as well, for SMTPUTF8 sessions.
    ///
    /// # Errors
    /// The same rules as `TryFrom`, with non-ASCII letters allowed in labels.
    pub fn new_utf8(text: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let text = text.into();
        validate(&text, Charset::Utf8)?;
        Ok(Self(text))
    }

    /// The labels, left to right.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// Whether every label is ASCII (no U-labels).
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }
}

fn validate_ascii(text: &str) -> Result<(), ValidationError> {
    validate(text, Charset::Ascii)
}

#[cfg_attr(not(feature = "serde"), allow(dead_code))]
fn validate_utf8(text: &str) -> Result<(), ValidationError> {
    validate(text, Charset::Utf8)
}

/// Validates `sub-domain *("." sub-domain)` under `charset`.
pub(crate) fn validate(text: &str, charset: Charset) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(NAME, Rule::Empty, 0);
    }
    if text.len() > limits::DOMAIN {
        return fail(
            NAME,
            Rule::TooLong {
                limit: limits::DOMAIN,
            },
            limits::DOMAIN,
        );
    }
    let mut start = 0;
    for label in text.split('.') {
        validate_label(label, charset).map_err(|e| e.shifted(start))?;
        start += label.len() + 1;
    }
    Ok(())
}

fn validate_label(label: &str, charset: Charset) -> Result<(), ValidationError> {
    if label.is_empty() {
        return fail(NAME, Rule::EmptyLabel, 0);
    }
    if label.len() > limits::DOMAIN_LABEL {
        return fail(NAME, Rule::LabelTooLong, limits::DOMAIN_LABEL);
    }
    for (at, c) in label.char_indices() {
        let ok = if c.is_ascii() {
            chars::is_ldh(c as u8)
        } else {
            charset.allows(c)
        };
        if !ok {
            return fail(NAME, unexpected(c), at);
        }
    }
    if label.starts_with('-') {
        return fail(NAME, Rule::HyphenAtLabelEdge, 0);
    }
    if label.ends_with('-') {
        return fail(NAME, Rule::HyphenAtLabelEdge, label.len() - 1);
    }
    Ok(())
}

/// The rule a character outside an alphabet breaks.
pub(crate) fn unexpected(c: char) -> Rule {
    if c.is_ascii() {
        Rule::UnexpectedByte(c as u8)
    } else {
        Rule::NonAscii
    }
}
