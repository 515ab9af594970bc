//! AUTH (RFC 4954): mechanism names and secrets that `Debug` never prints.

use alloc::borrow::Cow;
use core::fmt;

use crate::IntoStatic;
use crate::chars;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};

validated_str! {
    /// `sasl-mech = 1*20mech-char` (RFC 4422 §3.1); lowercase is accepted
    /// and kept, since mechanism names compare without case.
    AuthMechanism, validate = validate_mechanism, arbitrary = crate::arbitrary_support::mechanism
}

impl AuthMechanism<'_> {
    /// Whether this mechanism is `name`, ignoring ASCII case.
    pub fn is(&self, name: &str) -> bool {
        self.0.eq_ignore_ascii_case(name)
    }
}

/// The longest `sasl-mech`, in octets.
pub(crate) const MECHANISM_MAX: usize = 20;

pub(crate) fn validate_mechanism(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(ValueKind::AuthMechanism, Rule::Empty, 0);
    }
    if text.len() > MECHANISM_MAX {
        let limit = MECHANISM_MAX;
        return fail(ValueKind::AuthMechanism, Rule::TooLong { limit }, limit);
    }
    match text.bytes().position(|b| !chars::is_mech_char(b)) {
        Some(at) => fail(
            ValueKind::AuthMechanism,
            Rule::UnexpectedByte(text.as_bytes()[at]),
            at,
        ),
        None => Ok(()),
    }
}

/// Base64 text carrying credentials (an AUTH initial response or a SASL
/// line). `Debug` prints `<redacted>`; [`Secret::expose`] gives the text.
///
/// It may be empty: a client answers a 334 with an empty line when its
/// mechanism has nothing to send in that step (RFC 4954 §4: `*(CRLF
/// [base64])`), which is the empty secret. An initial response of zero
/// length is written `=` instead ([`InitialResponse::Empty`]).
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{AuthMechanism, InitialResponse, Secret};
///
/// let mech = AuthMechanism::try_from("PLAIN").unwrap();
/// assert!(mech.is("plain"));
/// let ir = InitialResponse::try_from("AGFsaWNlAHNlY3JldA==").unwrap();
/// assert_eq!(format!("{ir:?}"), "Data(Secret(<redacted>))");
/// assert_eq!(InitialResponse::try_from("=").unwrap(), InitialResponse::Empty);
/// assert!(Secret::try_from("not base64!").is_err());
/// assert_eq!(Secret::try_from("").unwrap().expose(), "");
/// assert!(InitialResponse::try_from("").is_err()); // that is `=`
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret<'a>(Cow<'a, str>);

impl<'a> Secret<'a> {
    /// The base64 text. Named so that every read of a secret is visible in review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn new(text: Cow<'a, str>) -> Result<Self, ValidationError> {
        validate_base64(&text)?;
        Ok(Self(text))
    }
}

impl fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Wire for Secret<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_str(&self.0);
    }
}

impl<'a> TryFrom<&'a str> for Secret<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::new(Cow::Borrowed(text))
    }
}

impl TryFrom<alloc::string::String> for Secret<'static> {
    type Error = ValidationError;
    fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
        Secret::new(Cow::Owned(text))
    }
}

impl core::str::FromStr for Secret<'static> {
    type Err = ValidationError;

    /// Validates and copies `text` (base64, possibly empty).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Secret::try_from(text).map(IntoStatic::into_static)
    }
}

/// RFC 4648 base64 with padding: groups of four, `=` only at the end; no
/// groups at all is the empty response.
fn validate_base64(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let pad = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if pad > 2 {
        return fail(
            ValueKind::Secret,
            Rule::UnexpectedByte(b'='),
            bytes.len() - pad,
        );
    }
    let body = &bytes[..bytes.len() - pad];
    if let Some(at) = body.iter().position(|&b| !chars::is_base64_char(b)) {
        return fail(ValueKind::Secret, Rule::UnexpectedByte(body[at]), at);
    }
    if bytes.len() % 4 != 0 {
        return fail(
            ValueKind::Secret,
            Rule::Expected("a multiple of four base64 characters"),
            bytes.len(),
        );
    }
    Ok(())
}

/// `initial-response = base64 / "="` (RFC 4954 §4): `=` sends an empty
/// response, so `Data` never holds the empty secret.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InitialResponse<'a> {
    /// `=`: an initial response of zero length.
    Empty,
    /// Base64 data.
    Data(Secret<'a>),
}

impl InitialResponse<'_> {}

impl Wire for InitialResponse<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Empty => out.put_str("="),
            Self::Data(s) => s.write_to(out),
        }
    }
}

impl<'a> TryFrom<&'a str> for InitialResponse<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        match text {
            "=" => Ok(Self::Empty),
            // Zero length is written `=`; nothing at all is no response.
            "" => fail(ValueKind::InitialResponse, Rule::Empty, 0),
            _ => Secret::try_from(text).map(Self::Data),
        }
    }
}

impl core::str::FromStr for InitialResponse<'static> {
    type Err = ValidationError;

    /// Validates and copies `text` (`=` or base64).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        InitialResponse::try_from(text).map(IntoStatic::into_static)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Secret<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for Secret<'_> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
        Secret::try_from(text).map_err(serde::de::Error::custom)
    }
}

impl IntoStatic for Secret<'_> {
    type Static = Secret<'static>;

    fn into_static(self) -> Secret<'static> {
        Secret(self.0.into_static())
    }
}

impl IntoStatic for InitialResponse<'_> {
    type Static = InitialResponse<'static>;

    fn into_static(self) -> InitialResponse<'static> {
        match self {
            Self::Empty => InitialResponse::Empty,
            Self::Data(s) => InitialResponse::Data(s.into_static()),
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for Secret<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Secret::try_from(crate::arbitrary_support::base64(u)?)
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for InitialResponse<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(if u.ratio(1, 4)? {
            InitialResponse::Empty
        } else {
            InitialResponse::Data(u.arbitrary()?)
        })
    }
}

impl<'a> TryFrom<&'a [u8]> for Secret<'a> {
    type Error = ValidationError;
    fn try_from(bytes: &'a [u8]) -> Result<Self, Self::Error> {
        Self::try_from(crate::wire::utf8(ValueKind::Secret, bytes)?)
    }
}

impl TryFrom<alloc::string::String> for InitialResponse<'static> {
    type Error = ValidationError;
    fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
        InitialResponse::try_from(text.as_str()).map(IntoStatic::into_static)
    }
}

impl<'a> TryFrom<&'a [u8]> for InitialResponse<'a> {
    type Error = ValidationError;
    fn try_from(bytes: &'a [u8]) -> Result<Self, Self::Error> {
        Self::try_from(crate::wire::utf8(ValueKind::InitialResponse, bytes)?)
    }
}
