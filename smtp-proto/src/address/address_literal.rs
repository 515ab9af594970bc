//! `AddressLiteral`: `[192.0.2.1]`, `[IPv6:2001:db8::1]` in every RFC 5321
//! §4.1.3 form, and general `[tag:content]` literals.

use alloc::borrow::Cow;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::IntoStatic;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};
use crate::{chars, swar};

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
    // The two IP forms first, read at once: what they accept holds no
    // bracket and no colon before the content, so the walk would take the
    // same way to the same address. Anything they refuse goes through it,
    // for its error.
    if let Some(content) = inner
        .get(..5)
        .filter(|tag| tag.eq_ignore_ascii_case("IPv6:"))
        .and_then(|_| inner.get(5..))
    {
        if let Some(ip) = parse_ipv6(content) {
            return Ok(Kind::V6(ip));
        }
    } else if let Some(ip) = parse_ipv4(inner) {
        return Ok(Kind::V4(ip));
    }
    walk(inner)
}

/// The inside of the brackets, every form and every refusal: the bracket
/// check, the tag, then the form the tag names.
fn walk(inner: &str) -> Result<Kind, ValidationError> {
    let bracket = |x| swar::equal_lowest(x, b'[') | swar::equal_lowest(x, b']');
    if let Some(at) = swar::find(inner.as_bytes(), bracket, |b| b == b'[' || b == b']') {
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

/// `IPv4-address-literal = Snum 3("." Snum)`, `Snum = 1*3DIGIT` (0..=255),
/// in one walk over the octets.
pub(crate) fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let bytes = text.as_bytes();
    let mut octets = [0u8; 4];
    let mut at = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if bytes.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let (value, digits) = crate::number::leading_digits(&bytes[at..]);
        if digits == 0 || digits > 3 {
            return None;
        }
        *octet = u8::try_from(value).ok()?;
        at += digits;
    }
    (at == bytes.len()).then(|| Ipv4Addr::from(octets))
}

/// The value of each hex digit, by octet; 16 for every other octet.
const HEX_VALUE: [u8; 256] = {
    let mut table = [16; 256];
    let mut d: u8 = 0;
    while d < 16 {
        let digit = b"0123456789abcdef"[d as usize];
        table[digit as usize] = d;
        table[digit.to_ascii_uppercase() as usize] = d;
        d += 1;
    }
    table
};

/// The leading hex digits of `bytes`, at most five of them read: their
/// value and count (a count of five says "too many"). One table load per
/// digit (range tests on the octet: the IPv6 RCPT line 37 instructions
/// more; callgrind).
fn hex(bytes: &[u8]) -> (u32, usize) {
    let mut value = 0;
    let mut digits = 0;
    for &b in bytes.iter().take(5) {
        let d = HEX_VALUE[usize::from(b)];
        if d > 15 {
            break;
        }
        value = value << 4 | u32::from(d);
        digits += 1;
    }
    (value, digits)
}

/// The RFC 5321 §4.1.3 IPv6 forms: `IPv6-full`, `IPv6-comp` (at most six
/// groups beside `::`), `IPv6v4-full` and `IPv6v4-comp` (at most four, the
/// dotted quad counting as two), in one walk: group by group, the `::`
/// noted where it falls, a dotted quad taken where a group meets a `.`.
/// The groups are shifted into one number as they come (those before the
/// `::` into a second), so the address is two shifts and an or at the end,
/// not an array of groups moved apart.
fn parse_ipv6(text: &str) -> Option<Ipv6Addr> {
    let bytes = text.as_bytes();
    // The groups read, the latest lowest: all of them, or those after the `::`.
    let mut groups: u128 = 0;
    // The groups before the `::`, and how many: once it is met.
    let mut before: Option<(u128, usize)> = None;
    let mut count = 0;
    let mut at = 0;
    if bytes.starts_with(b"::") {
        before = Some((0, 0));
        at = 2;
    }
    while at < bytes.len() || before.is_none() {
        let (value, digits) = hex(&bytes[at..]);
        if bytes.get(at + digits) == Some(&b'.') {
            // A dotted quad closes the address, in the last two groups.
            let v4 = parse_ipv4(&text[at..])?;
            if count > 6 {
                return None;
            }
            groups = groups << 32 | u128::from(v4.to_bits());
            count += 2;
            break;
        }
        if digits == 0 || digits > 4 || count == 8 {
            return None;
        }
        groups = groups << 16 | u128::from(value);
        count += 1;
        at += digits;
        match bytes.get(at..at + 2) {
            None if at == bytes.len() => break,
            Some(b"::") if before.is_none() => {
                before = Some((groups, count));
                groups = 0;
                at += 2;
            }
            // A single colon, then the next group (a colon at the end is none).
            _ if bytes[at] == b':' && at + 1 < bytes.len() && bytes[at + 1] != b':' => at += 1,
            _ => return None,
        }
    }
    match before {
        None => (count == 8).then(|| Ipv6Addr::from_bits(groups)),
        // Zeros fill the groups the `::` stands for: at least one, so the
        // groups before it shift by less than 128 bits.
        Some((head, gap)) if count <= 6 => {
            let head = if gap == 0 {
                0
            } else {
                head << (16 * (8 - gap))
            };
            Some(Ipv6Addr::from_bits(head | groups))
        }
        Some(_) => None,
    }
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

    /// The former reading, by splitting at `::` and `:`, for comparison.
    fn by_splitting(text: &str) -> Option<Ipv6Addr> {
        let (head, tail, compressed) = match text.find("::") {
            Some(at) => (&text[..at], &text[at + 2..], true),
            None => (text, "", false),
        };
        if tail.contains("::") {
            return None;
        }
        let (head, tail, v4) = if compressed {
            let (tail, v4) = split_v4(tail)?;
            (head, tail, v4)
        } else {
            let (head, v4) = split_v4(head)?;
            (head, "", v4)
        };
        let groups = |text: &str| -> Option<Vec<u16>> {
            if text.is_empty() {
                return Some(Vec::new());
            }
            text.split(':')
                .map(|g| {
                    (!g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| u16::from_str_radix(g, 16).ok())
                        .flatten()
                })
                .collect()
        };
        let (left, right) = (groups(head)?, groups(tail)?);
        let v4_groups = if v4.is_some() { 2 } else { 0 };
        let total = left.len() + right.len() + v4_groups;
        if compressed && total > 6 || !compressed && total != 8 {
            return None;
        }
        let mut all = [0u16; 8];
        all[..left.len()].copy_from_slice(&left);
        let start = 8 - v4_groups - right.len();
        all[start..start + right.len()].copy_from_slice(&right);
        if let Some(v4) = v4 {
            let o = v4.octets();
            all[6] = u16::from_be_bytes([o[0], o[1]]);
            all[7] = u16::from_be_bytes([o[2], o[3]]);
        }
        Some(Ipv6Addr::from(all))
    }

    /// A trailing dotted quad split off, as the former reading did it.
    fn split_v4(text: &str) -> Option<(&str, Option<Ipv4Addr>)> {
        if !text.contains('.') {
            return Some((text, None));
        }
        let at = text.rfind(':').map_or(0, |c| c + 1);
        let v4 = reference_ipv4(&text[at..])?;
        match at {
            0 => Some(("", Some(v4))),
            1 => None,
            _ => Some((&text[..at - 1], Some(v4))),
        }
    }

    fn reference_ipv4(text: &str) -> Option<Ipv4Addr> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 4 {
            return None;
        }
        let mut octets = [0u8; 4];
        for (octet, part) in octets.iter_mut().zip(parts) {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *octet = part.parse().ok()?;
        }
        Some(Ipv4Addr::from(octets))
    }

    /// IPv6 texts and near misses: whole forms (full, compressed, with a
    /// dotted quad), and runs of groups, colons, dots and stray octets.
    fn ipv6_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::{Just, Strategy};
        let quad = "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}";
        let piece = proptest::prop_oneof![
            6 => "[0-9a-fA-F]{1,4}",
            4 => Just(":".to_owned()),
            2 => Just("::".to_owned()),
            1 => quad,
            1 => "[0-9a-fg.:]{1,5}",
        ];
        proptest::prop_oneof![
            1 => "([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}",
            1 => "([0-9a-f]{1,4}:){5}[0-9a-f]{1,4}:[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
            1 => "([0-9a-f]{1,4}:){0,3}:(:[0-9a-f]{1,4}){0,3}:?[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
            4 => proptest::collection::vec(piece, 0..14).prop_map(|pieces| pieces.concat()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8000))]
        /// The one walk reads every text as the splitting reading did, on
        /// texts of groups, colons, dots and near misses.
        #[test]
        fn the_walk_agrees_with_splitting(text in ipv6_like()) {
            proptest::prop_assert_eq!(parse_ipv6(&text), by_splitting(&text), "{}", text);
        }

        #[test]
        fn ipv4_agrees_with_the_reference(text in "[0-9.]{0,16}|[0-9]{1,4}(\\.[0-9]{1,4}){0,4}") {
            proptest::prop_assert_eq!(parse_ipv4(&text), reference_ipv4(&text), "{}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The IP forms read at once give what the walk gives, refusals
        /// included (those go through the walk).
        #[test]
        fn the_quick_read_agrees_with_the_walk((literal, _) in literal_like()) {
            let inner = &literal[1..literal.len() - 1];
            proptest::prop_assert_eq!(parse(&literal), walk(inner), "{}", literal);
        }
    }

    /// Bracketed literals for the property above: IPv6 texts after a tag
    /// (right, in another case, without its colon, wrong) or none, and
    /// IPv4 texts and near misses bare; with the kind the walk gives.
    fn literal_like() -> impl proptest::strategy::Strategy<Value = (String, &'static str)> {
        use proptest::strategy::Strategy;
        let octet = "(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})";
        let valid = proptest::string::string_regex(&format!("{octet}(\\.{octet}){{3}}"));
        let ipv4 = proptest::prop_oneof![
            valid.expect("a valid pattern"),
            proptest::string::string_regex("[0-9]{1,3}(\\.[0-9]{1,3}){2,4}|[0-9.]{1,9}")
                .expect("a valid pattern"),
        ];
        let tagged = ("IPv6:|ipv6:|IPV6:|IPv6|IPv7:|", ipv6_like())
            .prop_map(|(tag, text)| format!("[{tag}{text}]"));
        proptest::prop_oneof![tagged, ipv4.prop_map(|text| format!("[{text}]"))].prop_map(
            |literal| {
                let kind = match walk(&literal[1..literal.len() - 1]) {
                    Ok(Kind::V6(_)) => "v6",
                    Ok(Kind::V4(_)) => "v4",
                    Ok(Kind::General { .. }) => "general",
                    Err(_) => "refused",
                };
                (literal, kind)
            },
        )
    }

    #[test]
    fn the_quick_read_property_reaches_both_ip_forms_and_the_walk() {
        // Its generator, sampled: both IP forms the quick read takes come
        // up, and so do the general form and refusals, which the walk takes.
        use proptest::strategy::{Strategy, ValueTree};
        let strategy = literal_like();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut seen = std::collections::HashMap::new();
        for _ in 0..4000 {
            let (_, kind) = strategy.new_tree(&mut runner).unwrap().current();
            *seen.entry(kind).or_insert(0) += 1;
        }
        for (kind, least) in [("v6", 200), ("v4", 200), ("general", 50), ("refused", 500)] {
            assert!(seen.get(kind).copied().unwrap_or(0) > least, "{seen:?}");
        }
    }

    #[test]
    fn the_agreement_property_reaches_each_form() {
        // Its generator, sampled: valid compressed, full and dotted-quad
        // forms all come up, beside the refusals.
        use proptest::strategy::{Strategy, ValueTree};
        let strategy = ipv6_like();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut compressed, mut full, mut quad, mut refused) = (0, 0, 0, 0);
        for _ in 0..8000 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            match by_splitting(&text) {
                Some(_) if text.contains('.') => quad += 1,
                Some(_) if text.contains("::") => compressed += 1,
                Some(_) => full += 1,
                None => refused += 1,
            }
        }
        assert!(
            compressed > 100 && full > 500 && quad > 200 && refused > 1000,
            "{compressed} {full} {quad} {refused}"
        );
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
