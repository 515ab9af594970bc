//! `AddressLiteral`: `[192.0.2.1]`, `[IPv6:2001:db8::1]` in every RFC 5321
//! §4.1.3 form, and general `[tag:content]` literals.

use alloc::borrow::Cow;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::IntoStatic;
use crate::chars;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};

const NAME: ValueKind = ValueKind::AddressLiteral;

/// An address literal, kept as written (brackets included) with its parsed form.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::AddressLiteral;
/// use core::net::{IpAddr, Ipv6Addr};
///
/// let lit = AddressLiteral::try_from("[IPv6:::ffff:192.0.2.1]").unwrap();
/// assert_eq!(lit.ip(), Some(IpAddr::V6("::ffff:192.0.2.1".parse::<Ipv6Addr>().unwrap())));
/// assert_eq!(lit.as_str(), "[IPv6:::ffff:192.0.2.1]");
/// assert!(AddressLiteral::try_from("[IPv6:1::2::3]").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AddressLiteral<'a> {
    text: Cow<'a, str>,
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    V4(Ipv4Addr),
    V6(Ipv6Addr),
    /// A general literal; the tag is `text[1..1 + tag_len]`.
    General {
        tag_len: usize,
    },
}

impl AddressLiteral<'_> {
    /// The literal as written, brackets included.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The IP address of an IPv4 or IPv6 literal.
    pub fn ip(&self) -> Option<IpAddr> {
        match self.kind {
            Kind::V4(a) => Some(IpAddr::V4(a)),
            Kind::V6(a) => Some(IpAddr::V6(a)),
            Kind::General { .. } => None,
        }
    }

    /// The tag and content of a general literal (`[tag:content]`); `None` for IP literals.
    pub fn general(&self) -> Option<(&str, &str)> {
        match self.kind {
            Kind::General { tag_len } => {
                let inner = &self.text[1..self.text.len() - 1];
                Some((&inner[..tag_len], &inner[tag_len + 1..]))
            }
            _ => None,
        }
    }

    /// A literal for an IP address, in the canonical text form.
    pub fn from_ip(ip: IpAddr) -> AddressLiteral<'static> {
        let text = match ip {
            IpAddr::V4(a) => alloc::format!("[{a}]"),
            IpAddr::V6(a) => alloc::format!("[IPv6:{a}]"),
        };
        let kind = match ip {
            IpAddr::V4(a) => Kind::V4(a),
            IpAddr::V6(a) => Kind::V6(a),
        };
        AddressLiteral {
            text: Cow::Owned(text),
            kind,
        }
    }
}

impl core::fmt::Debug for AddressLiteral<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("AddressLiteral").field(&&*self.text).finish()
    }
}

impl Wire for AddressLiteral<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_str(&self.text);
    }
}

impl<'a> TryFrom<&'a str> for AddressLiteral<'a> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        let kind = parse(text)?;
        Ok(Self {
            text: Cow::Borrowed(text),
            kind,
        })
    }
}

composite_conversions!(AddressLiteral);

impl IntoStatic for AddressLiteral<'_> {
    type Static = AddressLiteral<'static>;

    fn into_static(self) -> AddressLiteral<'static> {
        AddressLiteral {
            text: self.text.into_static(),
            kind: self.kind,
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for AddressLiteral<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        let text = crate::arbitrary_support::address_literal(u)?;
        AddressLiteral::try_from(text).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

/// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]"`
fn parse(text: &str) -> Result<Kind, ValidationError> {
    let Some(rest) = text.strip_prefix('[') else {
        return fail(NAME, Rule::Expected("'['"), 0);
    };
    let Some(inner) = rest.strip_suffix(']') else {
        return fail(NAME, Rule::Expected("']'"), text.len());
    };
    if let Some(at) = inner.find(['[', ']']) {
        return fail(NAME, Rule::UnexpectedByte(inner.as_bytes()[at]), at + 1);
    }
    let Some(colon) = crate::split::find_byte(inner.as_bytes(), b':') else {
        return parse_ipv4(inner).map(Kind::V4).ok_or(ValidationError::new(
            NAME,
            Rule::InvalidIpv4,
            1,
        ));
    };
    let (tag, content) = (&inner[..colon], &inner[colon + 1..]);
    if tag.eq_ignore_ascii_case("IPv6") {
        return parse_ipv6(content)
            .map(Kind::V6)
            .ok_or(ValidationError::new(NAME, Rule::InvalidIpv6, colon + 2));
    }
    validate_tag(tag)?;
    if content.is_empty() {
        return fail(NAME, Rule::Empty, colon + 2);
    }
    if let Some(at) = content.bytes().position(|b| !chars::is_dcontent(b)) {
        return fail(
            NAME,
            Rule::UnexpectedByte(content.as_bytes()[at]),
            colon + 2 + at,
        );
    }
    Ok(Kind::General { tag_len: colon })
}

/// `Standardized-tag = Ldh-str`: starts and ends with a letter or digit.
fn validate_tag(tag: &str) -> Result<(), ValidationError> {
    let bytes = tag.as_bytes();
    if bytes.is_empty() {
        return fail(NAME, Rule::Empty, 1);
    }
    if let Some(at) = bytes.iter().position(|&b| !chars::is_ldh(b)) {
        return fail(NAME, Rule::UnexpectedByte(bytes[at]), at + 1);
    }
    if bytes[0] == b'-' || bytes[bytes.len() - 1] == b'-' {
        return fail(NAME, Rule::HyphenAtLabelEdge, 1);
    }
    Ok(())
}

/// `IPv4-address-literal = Snum 3("." Snum)`, `Snum = 1*3DIGIT` (0..=255).
pub(crate) fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = crate::split::split(text, b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// The RFC 5321 §4.1.3 IPv6 forms: `IPv6-full`, `IPv6-comp` (at most six
/// groups beside `::`), `IPv6v4-full` and `IPv6v4-comp` (at most four).
fn parse_ipv6(text: &str) -> Option<Ipv6Addr> {
    let (head, tail, compressed) = match text.find("::") {
        Some(at) => (&text[..at], &text[at + 2..], true),
        None => (text, "", false),
    };
    if tail.contains("::") {
        return None;
    }
    // An IPv4 dotted quad may only close the address.
    let (head, tail, v4) = if compressed {
        let (tail, v4) = split_v4(tail)?;
        (head, tail, v4)
    } else {
        let (head, v4) = split_v4(head)?;
        (head, "", v4)
    };

    let mut groups = [0u16; 8];
    let mut left = 0;
    for g in hex_groups(head) {
        *groups.get_mut(left)? = g?;
        left += 1;
    }
    let mut right_groups = [0u16; 8];
    let mut right = 0;
    for g in hex_groups(tail) {
        *right_groups.get_mut(right)? = g?;
        right += 1;
    }
    let hex_total = left + right;
    let v4_groups = if v4.is_some() { 2 } else { 0 };
    let limit = if v4.is_some() { 4 } else { 6 };
    if compressed {
        if hex_total > limit {
            return None;
        }
    } else if hex_total + v4_groups != 8 {
        return None;
    }
    let mut all = groups;
    let start = 8 - v4_groups - right;
    all[start..start + right].copy_from_slice(&right_groups[..right]);
    if let Some(v4) = v4 {
        let o = v4.octets();
        all[6] = u16::from_be_bytes([o[0], o[1]]);
        all[7] = u16::from_be_bytes([o[2], o[3]]);
    }
    Some(Ipv6Addr::from(all))
}

/// Splits a trailing dotted-quad off `text`: (`rest`, `Some(v4)`) or (`text`, `None`).
fn split_v4(text: &str) -> Option<(&str, Option<Ipv4Addr>)> {
    if crate::split::find_byte(text.as_bytes(), b'.').is_none() {
        return Some((text, None));
    }
    let at = text.rfind(':').map_or(0, |c| c + 1);
    let v4 = parse_ipv4(&text[at..])?;
    // The hex groups before the quad, without the colon that joined them;
    // a colon with no group before it (":1.2.3.4") is malformed.
    match at {
        0 => Some(("", Some(v4))),
        1 => None,
        _ => Some((&text[..at - 1], Some(v4))),
    }
}

/// `IPv6-hex *(":" IPv6-hex)` or nothing; `IPv6-hex = 1*4HEXDIG`.
fn hex_groups(text: &str) -> impl Iterator<Item = Option<u16>> + '_ {
    let parts = (!text.is_empty()).then(|| crate::split::split(text, b':'));
    parts.into_iter().flatten().map(|g| {
        (!g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u16::from_str_radix(g, 16).ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rfc5321_ipv6_form_parses() {
        for (text, expect) in [
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("2001:db8::1", "2001:db8::1"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("1:2:3::4:5:6", "1:2:3::4:5:6"),
            ("1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:192.0.2.1"),
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("::192.0.2.1", "::192.0.2.1"),
            ("1:2:3:4::192.0.2.1", "1:2:3:4::192.0.2.1"),
        ] {
            assert_eq!(parse_ipv6(text), Some(expect.parse().unwrap()), "{text}");
        }
    }

    #[test]
    fn malformed_ipv6_forms_fail() {
        for text in [
            "1::2::3",
            "12345::",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4::5:6:7",
            "1:2:3:4:5::192.0.2.1",
            "1:2:3:4:5:192.0.2.1",
            ":1::2",
            "1:::2",
            "1:::192.0.2.1",
            ":192.0.2.1",
            "::g",
            "192.0.2.1",
            "::1.2.3",
            "::256.0.0.1",
            "",
        ] {
            assert_eq!(parse_ipv6(text), None, "{text}");
        }
    }

    #[test]
    fn ipv4_octets_are_bounded() {
        assert!(parse_ipv4("255.255.255.255").is_some());
        assert!(parse_ipv4("256.1.1.1").is_none());
        assert!(parse_ipv4("1.1.1").is_none());
        assert!(parse_ipv4("1.1.1.1.1").is_none());
        assert!(parse_ipv4("1.1.1.1234").is_none());
    }
}
