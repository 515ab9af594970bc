//! Paths in angle brackets: `ReversePath` (MAIL FROM) and `ForwardPath` (RCPT TO).

use alloc::borrow::Cow;

use crate::address::domain;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::smtputf8::Charset;
use crate::wire::{Sink, Wire};
use crate::{Domain, IntoStatic, Mailbox, limits};

validated_str! {
    /// `A-d-l = At-domain *( "," At-domain )`, `At-domain = "@" Domain`: an
    /// obsolete source route, kept so a path re-encodes as it came
    /// (RFC 5321 §4.1.2 says to accept and ignore it).
    SourceRoute, validate = validate_route_ascii, arbitrary = crate::arbitrary_support::source_route
}

impl SourceRoute<'_> {
    /// The domains of the route, in order.
    pub fn domains(&self) -> impl Iterator<Item = Domain<'_>> {
        self.0
            .split(',')
            .map(|d| Domain::new_unchecked(Cow::Borrowed(d.get(1..).unwrap_or_default())))
    }
}

fn validate_route_ascii(text: &str) -> Result<(), ValidationError> {
    validate_route(text, Charset::Ascii)
}

fn validate_route(text: &str, charset: Charset) -> Result<(), ValidationError> {
    let mut start = 0;
    for at_domain in text.split(',') {
        let Some(d) = at_domain.strip_prefix('@') else {
            return fail(ValueKind::SourceRoute, Rule::Expected("'@'"), start);
        };
        domain::validate(d, charset).map_err(|e| e.shifted(start + 1))?;
        start += at_domain.len() + 1;
    }
    Ok(())
}

/// `[ A-d-l ":" ] Mailbox`: the inside of the brackets of a non-null path.
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::serde_repr::PathRepr<'a>",
        into = "crate::serde_repr::PathRepr<'a>"
    )
)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Path<'a> {
    route: Option<SourceRoute<'a>>,
    mailbox: Mailbox<'a>,
}

impl<'a> Path<'a> {
    /// A path with an optional source route.
    ///
    /// # Errors
    /// When the path, brackets included, is longer than 256 octets (§4.5.3.1.3).
    pub fn new(
        route: Option<SourceRoute<'a>>,
        mailbox: Mailbox<'a>,
    ) -> Result<Self, ValidationError> {
        let path = Self { route, mailbox };
        if path.wire_len() > limits::PATH {
            return fail(
                ValueKind::Path,
                Rule::TooLong {
                    limit: limits::PATH,
                },
                limits::PATH,
            );
        }
        Ok(path)
    }

    /// The source route, if the path had one.
    pub fn route(&self) -> Option<&SourceRoute<'a>> {
        self.route.as_ref()
    }

    /// The mailbox.
    pub fn mailbox(&self) -> &Mailbox<'a> {
        &self.mailbox
    }

    /// Parses the inside of the brackets; offsets are shifted by one for the `<`.
    fn parse_inner(inner: &'a str, charset: Charset) -> Result<Self, ValidationError> {
        let (route, mailbox_at) = match inner.strip_prefix('@') {
            Some(_) => {
                let Some(colon) = crate::split::find_byte(inner.as_bytes(), b':') else {
                    return fail(
                        ValueKind::Path,
                        Rule::Expected("':' after the source route"),
                        inner.len() + 1,
                    );
                };
                validate_route(&inner[..colon], charset).map_err(|e| e.shifted(1))?;
                (Some(SourceRoute::new_unchecked(&inner[..colon])), colon + 1)
            }
            None => (None, 0),
        };
        let mailbox =
            Mailbox::parse(&inner[mailbox_at..], charset).map_err(|e| e.shifted(mailbox_at + 1))?;
        Ok(Self { route, mailbox })
    }
}

impl Wire for Path<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_str("<");
        if let Some(route) = &self.route {
            route.write_to(out);
            out.put_str(":");
        }
        self.mailbox.write_to(out);
        out.put_str(">");
    }
}

impl<'a> TryFrom<Mailbox<'a>> for Path<'a> {
    type Error = ValidationError;
    fn try_from(mailbox: Mailbox<'a>) -> Result<Self, Self::Error> {
        Self::new(None, mailbox)
    }
}

/// Strips the brackets of `"<...>"` and checks the §4.5.3.1.3 length.
fn brackets(kind: ValueKind, text: &str) -> Result<&str, ValidationError> {
    if text.len() > limits::PATH {
        return fail(
            kind,
            Rule::TooLong {
                limit: limits::PATH,
            },
            limits::PATH,
        );
    }
    let Some(rest) = text.strip_prefix('<') else {
        return fail(kind, Rule::Expected("'<'"), 0);
    };
    let Some(inner) = rest.strip_suffix('>') else {
        return fail(kind, Rule::Expected("'>'"), text.len());
    };
    Ok(inner)
}

/// `Reverse-path = Path / "<>"`: the sender of `MAIL FROM`.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{ForwardPath, ReversePath};
///
/// assert_eq!(ReversePath::try_from("<>").unwrap(), ReversePath::Null);
/// assert_eq!(ForwardPath::try_from("<Postmaster>").unwrap(), ForwardPath::Postmaster);
/// let routed = ReversePath::try_from("<@a.example,@b.example:u@c.example>").unwrap();
/// let ReversePath::Path(path) = &routed else { unreachable!() };
/// assert_eq!(path.route().unwrap().domains().count(), 2);
/// assert_eq!(routed.to_string(), "<@a.example,@b.example:u@c.example>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReversePath<'a> {
    /// `<>`: the null sender of bounces and other notifications.
    Null,
    /// A sender address.
    Path(Path<'a>),
}

impl<'a> ReversePath<'a> {
    /// Like `TryFrom`, with non-ASCII UTF-8 allowed (SMTPUTF8).
    ///
    /// # Errors
    /// When the text is not a reverse path.
    pub fn new_utf8(text: &'a str) -> Result<Self, ValidationError> {
        Self::parse(text, Charset::Utf8)
    }

    fn parse(text: &'a str, charset: Charset) -> Result<Self, ValidationError> {
        let inner = brackets(ValueKind::ReversePath, text)?;
        if inner.is_empty() {
            return Ok(Self::Null);
        }
        Path::parse_inner(inner, charset).map(Self::Path)
    }

    /// The mailbox, unless the path is null.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        match self {
            Self::Null => None,
            Self::Path(p) => Some(p.mailbox()),
        }
    }
}

impl Wire for ReversePath<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Null => out.put_str("<>"),
            Self::Path(p) => p.write_to(out),
        }
    }
}

impl<'a> TryFrom<&'a str> for ReversePath<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::parse(text, Charset::Ascii)
    }
}

impl<'a> TryFrom<Mailbox<'a>> for ReversePath<'a> {
    type Error = ValidationError;
    fn try_from(mailbox: Mailbox<'a>) -> Result<Self, Self::Error> {
        Path::new(None, mailbox).map(Self::Path)
    }
}

composite_conversions!(ReversePath, utf8);

/// `Forward-path = Path / "<Postmaster>"` (the latter case-insensitive): a
/// recipient of `RCPT TO`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ForwardPath<'a> {
    /// `<Postmaster>` with no domain: the receiving host's postmaster (§4.5.1).
    Postmaster,
    /// A recipient address (`<postmaster@example.com>` is one too).
    Path(Path<'a>),
}

impl<'a> ForwardPath<'a> {
    /// Like `TryFrom`, with non-ASCII UTF-8 allowed (SMTPUTF8).
    ///
    /// # Errors
    /// When the text is not a forward path.
    pub fn new_utf8(text: &'a str) -> Result<Self, ValidationError> {
        Self::parse(text, Charset::Utf8)
    }

    fn parse(text: &'a str, charset: Charset) -> Result<Self, ValidationError> {
        let inner = brackets(ValueKind::ForwardPath, text)?;
        if inner.eq_ignore_ascii_case("postmaster") {
            return Ok(Self::Postmaster);
        }
        Path::parse_inner(inner, charset).map(Self::Path)
    }

    /// The mailbox, unless the path is the bare `<Postmaster>`.
    pub fn mailbox(&self) -> Option<&Mailbox<'a>> {
        match self {
            Self::Postmaster => None,
            Self::Path(p) => Some(p.mailbox()),
        }
    }
}

impl Wire for ForwardPath<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Postmaster => out.put_str("<Postmaster>"),
            Self::Path(p) => p.write_to(out),
        }
    }
}

impl<'a> TryFrom<&'a str> for ForwardPath<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::parse(text, Charset::Ascii)
    }
}

impl<'a> TryFrom<Mailbox<'a>> for ForwardPath<'a> {
    type Error = ValidationError;
    fn try_from(mailbox: Mailbox<'a>) -> Result<Self, Self::Error> {
        Path::new(None, mailbox).map(Self::Path)
    }
}

composite_conversions!(ForwardPath, utf8);

impl IntoStatic for Path<'_> {
    type Static = Path<'static>;

    fn into_static(self) -> Path<'static> {
        Path {
            route: self.route.map(IntoStatic::into_static),
            mailbox: self.mailbox.into_static(),
        }
    }
}

impl IntoStatic for ReversePath<'_> {
    type Static = ReversePath<'static>;

    fn into_static(self) -> ReversePath<'static> {
        match self {
            Self::Null => ReversePath::Null,
            Self::Path(p) => ReversePath::Path(p.into_static()),
        }
    }
}

impl IntoStatic for ForwardPath<'_> {
    type Static = ForwardPath<'static>;

    fn into_static(self) -> ForwardPath<'static> {
        match self {
            Self::Postmaster => ForwardPath::Postmaster,
            Self::Path(p) => ForwardPath::Path(p.into_static()),
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for Path<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Path::new(u.arbitrary()?, u.arbitrary()?).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for ReversePath<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(if u.ratio(1, 8)? {
            ReversePath::Null
        } else {
            ReversePath::Path(u.arbitrary()?)
        })
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for ForwardPath<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(if u.ratio(1, 8)? {
            ForwardPath::Postmaster
        } else {
            ForwardPath::Path(u.arbitrary()?)
        })
    }
}
