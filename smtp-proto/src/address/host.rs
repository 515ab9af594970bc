//! `Host`: what follows `@` in a mailbox or `EHLO`: a domain or an address literal.

use alloc::borrow::Cow;

use crate::address::domain;
use crate::smtputf8::Charset;
use crate::wire::{Sink, Wire};
use crate::{AddressLiteral, Domain, IntoStatic, ValidationError};

/// `Domain / address-literal`.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::Host;
///
/// assert!(matches!(Host::try_from("example.com").unwrap(), Host::Domain(_)));
/// assert!(matches!(Host::try_from("[IPv6:::1]").unwrap(), Host::Literal(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A domain name.
    Domain(Domain<'a>),
    /// A bracketed address literal.
    Literal(AddressLiteral<'a>),
}

impl<'a> Host<'a> {
    /// Like `TryFrom`, with U-labels allowed in a domain (SMTPUTF8).
    ///
    /// # Errors
    /// When the text is neither a domain nor an address literal.
    pub fn new_utf8(text: &'a str) -> Result<Self, ValidationError> {
        Self::parse(text, Charset::Utf8)
    }

    pub(crate) fn parse(text: &'a str, charset: Charset) -> Result<Self, ValidationError> {
        if text.starts_with('[') {
            AddressLiteral::try_from(text).map(Host::Literal)
        } else {
            domain::validate(text, charset)?;
            Ok(Host::Domain(Domain::new_unchecked(Cow::Borrowed(text))))
        }
    }
}

impl Wire for Host<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Host::Domain(d) => d.write_to(out),
            Host::Literal(l) => l.write_to(out),
        }
    }
}

impl<'a> TryFrom<&'a str> for Host<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::parse(text, Charset::Ascii)
    }
}

impl<'a> From<Domain<'a>> for Host<'a> {
    fn from(d: Domain<'a>) -> Self {
        Host::Domain(d)
    }
}

impl<'a> From<AddressLiteral<'a>> for Host<'a> {
    fn from(l: AddressLiteral<'a>) -> Self {
        Host::Literal(l)
    }
}

composite_conversions!(Host, utf8);

impl IntoStatic for Host<'_> {
    type Static = Host<'static>;

    fn into_static(self) -> Host<'static> {
        match self {
            Host::Domain(d) => Host::Domain(d.into_static()),
            Host::Literal(l) => Host::Literal(l.into_static()),
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for Host<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(if u.arbitrary()? {
            Host::Domain(u.arbitrary()?)
        } else {
            Host::Literal(u.arbitrary()?)
        })
    }
}
