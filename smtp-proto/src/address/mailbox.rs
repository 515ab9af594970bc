//! `Mailbox`: `Local-part "@" ( Domain / address-literal )`.

use alloc::borrow::Cow;

use crate::address::local_part::{self, quoted_string_len};
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::smtputf8::Charset;
use crate::wire::{Sink, Wire};
use crate::{Host, IntoStatic, LocalPart};

const NAME: ValueKind = ValueKind::Mailbox;

/// An email address without angle brackets.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Host, Mailbox};
///
/// let m = Mailbox::try_from("\"john smith\"@example.com").unwrap();
/// assert_eq!(m.local_part().unquoted(), "john smith");
/// assert!(matches!(m.host(), Host::Domain(_)));
/// assert_eq!(m.to_string(), "\"john smith\"@example.com");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    local_part: LocalPart<'a>,
    host: Host<'a>,
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its validated parts.
    pub fn new(local_part: LocalPart<'a>, host: impl Into<Host<'a>>) -> Self {
        Self {
            local_part,
            host: host.into(),
        }
    }

    /// Like `TryFrom`, with non-ASCII UTF-8 allowed (SMTPUTF8, RFC 6531).
    ///
    /// # Errors
    /// When the text is not a mailbox.
    pub fn new_utf8(text: &'a str) -> Result<Self, ValidationError> {
        Self::parse(text, Charset::Utf8)
    }

    pub(crate) fn parse(text: &'a str, charset: Charset) -> Result<Self, ValidationError> {
        let local_len = if text.starts_with('"') {
            // Finding the closing quote checks the quoted string whole.
            let len = quoted_string_len(text, charset)?;
            local_part::check_length(&text[..len])?;
            len
        } else if let Some(at) = local_part::dot_string_before_at(text, charset) {
            // The common local part, validated by the walk that finds its `@`.
            at
        } else {
            // Anything else (an error, mostly), the long way, for the error
            // of the rules read in order. A byte scan: `str::find` with a
            // char sets up a searcher that costs more than a short address
            // (callgrind).
            let Some(at) = crate::split::find_byte(text.as_bytes(), b'@') else {
                return fail(NAME, Rule::Expected("'@'"), text.len());
            };
            local_part::validate(&text[..at], charset)?;
            at
        };
        let local = &text[..local_len];
        let Some(host) = text[local_len..].strip_prefix('@') else {
            return fail(NAME, Rule::Expected("'@'"), local_len);
        };
        let host = Host::parse(host, charset).map_err(|e| e.shifted(local_len + 1))?;
        Ok(Self {
            local_part: LocalPart::new_unchecked(Cow::Borrowed(local)),
            host,
        })
    }

    /// The part before `@`, as written.
    pub fn local_part(&self) -> &LocalPart<'a> {
        &self.local_part
    }

    /// The part after `@`.
    pub fn host(&self) -> &Host<'a> {
        &self.host
    }

    /// Whether the address is all ASCII (needs no SMTPUTF8).
    pub fn is_ascii(&self) -> bool {
        self.local_part.as_str().is_ascii()
            && match &self.host {
                Host::Domain(d) => d.is_ascii(),
                Host::Literal(_) => true,
            }
    }
}

impl Wire for Mailbox<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        self.local_part.write_to(out);
        out.put_str("@");
        self.host.write_to(out);
    }
}

impl<'a> TryFrom<&'a str> for Mailbox<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::parse(text, Charset::Ascii)
    }
}

composite_conversions!(Mailbox, utf8);

impl IntoStatic for Mailbox<'_> {
    type Static = Mailbox<'static>;

    fn into_static(self) -> Mailbox<'static> {
        Mailbox {
            local_part: self.local_part.into_static(),
            host: self.host.into_static(),
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for Mailbox<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(Mailbox::new(u.arbitrary()?, u.arbitrary::<Host<'_>>()?))
    }
}
