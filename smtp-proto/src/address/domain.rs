//! `Domain`: a DNS name as RFC 5321 §4.1.2 writes it (LDH labels), or with
//! U-labels through [`Domain::new_utf8`] (RFC 6531).

use alloc::borrow::Cow;

use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::smtputf8::Charset;
use crate::{chars, limits};

const NAME: ValueKind = ValueKind::Domain;

validated_str! {
    /// A domain name: dot-separated labels of letters, digits and inner
    /// hyphens, each at most 63 octets, at most 255 octets in all.
    ///
    /// `TryFrom` accepts ASCII only; [`Domain::new_utf8`] also accepts U-labels.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{Domain, Rule};
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

/// Validates `sub-domain *("." sub-domain)` under `charset`: the word
/// check of a clean ASCII name inline, the octet walk out of line (in one
/// function, the walk's register saves cost a fifth of the word check).
#[inline]
pub(crate) fn validate(text: &str, charset: Charset) -> Result<(), ValidationError> {
    if is_clean_ascii(text.as_bytes()) {
        return Ok(());
    }
    walk(text, charset)
}

/// [`validate`] octet by octet, which names the fault.
///
/// One pass over the bytes: an ASCII octet is checked by its class, only a
/// non-ASCII one is decoded. (Splitting at dots with `str::split` first cost
/// more than the check itself on a typical domain; callgrind.) The errors are
/// those of checking label by label: per label, too long before any octet,
/// then the first bad octet, then a hyphen at an edge.
#[inline(never)]
fn walk(text: &str, charset: Charset) -> Result<(), ValidationError> {
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
    let bytes = text.as_bytes();
    let mut label = 0;
    let mut at = 0;
    loop {
        // The run of letters, digits and hyphens, the bulk of any name.
        at += bytes[at..]
            .iter()
            .position(|&b| !chars::is_ldh(b))
            .unwrap_or(bytes.len() - at);
        let Some(&b) = bytes.get(at) else {
            break;
        };
        if b == b'.' {
            check_label(bytes, label, at)?;
            label = at + 1;
            at += 1;
        } else if b.is_ascii() {
            return refuse_octet(bytes, label, at, Rule::UnexpectedByte(b));
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            if !charset.allows(c) {
                return refuse_octet(bytes, label, at, Rule::NonAscii);
            }
            at += c.len_utf8();
        }
    }
    check_label(bytes, label, bytes.len())
}

/// Whether `bytes` is a valid ASCII domain, decided eight octets at a time:
/// the common case, ahead of the octet walk of [`validate`] (which decides
/// everything else and names the fault). Empty or longer than a domain may
/// be, and any octet that is no letter, digit, hyphen or dot, is left to
/// the walk.
///
/// The label rules are rules on neighbours: no dot beside a dot (an empty
/// label), no hyphen beside a dot or at either end (a hyphen at a label
/// edge). The pairs inside a word are checked with two shifts, not dot by
/// dot, and the pair across two words from the marks of the word before.
/// Only a domain longer than a label may be has its label lengths counted.
fn is_clean_ascii(bytes: &[u8]) -> bool {
    use crate::swar::{ONES, load, load_short};
    let n = bytes.len();
    if !(1..=limits::DOMAIN).contains(&n) {
        return false;
    }
    if matches!(bytes[0], b'-' | b'.') || matches!(bytes[n - 1], b'-' | b'.') {
        return false;
    }
    if n < 8 {
        // One word, filled past the end with a letter: it passes every
        // test, and the last octet beside it is no dot or hyphen. (The
        // octet walk cost twice the word on `b.c`; callgrind.)
        let fill = (ONES * u64::from(b'a')) & !((1 << (8 * n)) - 1);
        return clean_word(load_short(bytes) | fill, 0, 0).is_some();
    }
    // The dot and hyphen marks of the word before, moved down to sit
    // under the first octet of a word that follows it without overlap.
    let (mut dot_before, mut hyphen_before) = (0, 0);
    let mut start = 0;
    loop {
        let Some((dot, hyphen)) = clean_word(load(bytes, start), dot_before, hyphen_before) else {
            return false;
        };
        if start + 8 == n {
            break;
        }
        // The last word may overlap this one; its first pair is then inside it.
        let next = (start + 8).min(n - 8);
        let adjacent = u64::from(next == start + 8);
        (dot_before, hyphen_before) = ((dot >> 56) * adjacent, (hyphen >> 56) * adjacent);
        start = next;
    }
    n <= limits::DOMAIN_LABEL
        || bytes
            .split(|&b| b == b'.')
            .all(|label| label.len() <= limits::DOMAIN_LABEL)
}

/// One word of [`is_clean_ascii`]: `None` if an octet is no letter, digit,
/// hyphen or dot, or a pair inside it (or across from the word before,
/// whose last dot and hyphen marks sit in the low octet of `dot_before` and
/// `hyphen_before`) breaks a label rule; else its dot and hyphen marks.
#[inline]
fn clean_word(x: u64, dot_before: u64, hyphen_before: u64) -> Option<(u64, u64)> {
    use crate::swar::{HIGH, LOW, equal7, in_range7};
    let t = x & LOW;
    // `-`, `.` and the digits are 0x2d..=0x39 but `/`; letters fold onto a..=z.
    let ok = in_range7(t, b'-', b'9') & !equal7(t, b'/') | in_range7(t | (HIGH >> 2), b'a', b'z');
    if ok & !x & HIGH != HIGH {
        return None;
    }
    // Every octet is seven-bit now, so the marks are exact.
    let dot = equal7(t, b'.') & HIGH;
    let hyphen = equal7(t, b'-') & HIGH;
    // Refused: a dot or hyphen right after a dot, or a dot right after
    // a hyphen; the word before supplies what the first octet follows.
    let dot_below = dot << 8 | dot_before;
    let hyphen_below = hyphen << 8 | hyphen_before;
    if (dot | hyphen) & dot_below | dot & hyphen_below != 0 {
        return None;
    }
    Some((dot, hyphen))
}

/// The checks on a whole label `bytes[start..end]` whose octets passed.
fn check_label(bytes: &[u8], start: usize, end: usize) -> Result<(), ValidationError> {
    let label = &bytes[start..end];
    if label.is_empty() {
        return fail(NAME, Rule::EmptyLabel, start);
    }
    if label.len() > limits::DOMAIN_LABEL {
        return fail(NAME, Rule::LabelTooLong, start + limits::DOMAIN_LABEL);
    }
    if label[0] == b'-' {
        return fail(NAME, Rule::HyphenAtLabelEdge, start);
    }
    if label[label.len() - 1] == b'-' {
        return fail(NAME, Rule::HyphenAtLabelEdge, end - 1);
    }
    Ok(())
}

/// Refuses the octet at `at` in the label starting at `start`, unless the
/// label is too long, which is reported first.
fn refuse_octet(bytes: &[u8], start: usize, at: usize, rule: Rule) -> Result<(), ValidationError> {
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'.')
        .map_or(bytes.len(), |k| at + k);
    if end - start > limits::DOMAIN_LABEL {
        return fail(NAME, Rule::LabelTooLong, start + limits::DOMAIN_LABEL);
    }
    fail(NAME, rule, at)
}

/// The rule a character outside an alphabet breaks.
pub(crate) fn unexpected(c: char) -> Rule {
    if c.is_ascii() {
        Rule::UnexpectedByte(c as u8)
    } else {
        Rule::NonAscii
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The validator as RFC 5321 reads: split at dots, then each label.
    fn label_by_label(text: &str, charset: Charset) -> Result<(), ValidationError> {
        if text.is_empty() {
            return fail(NAME, Rule::Empty, 0);
        }
        if text.len() > limits::DOMAIN {
            let limit = limits::DOMAIN;
            return fail(NAME, Rule::TooLong { limit }, limit);
        }
        let mut start = 0;
        for label in text.split('.') {
            let refuse = |rule, at: usize| fail(NAME, rule, start + at);
            if label.is_empty() {
                return refuse(Rule::EmptyLabel, 0);
            }
            if label.len() > limits::DOMAIN_LABEL {
                return refuse(Rule::LabelTooLong, limits::DOMAIN_LABEL);
            }
            for (at, c) in label.char_indices() {
                let ok = if c.is_ascii() {
                    chars::is_ldh(c as u8)
                } else {
                    charset.allows(c)
                };
                if !ok {
                    return refuse(unexpected(c), at);
                }
            }
            if label.starts_with('-') {
                return refuse(Rule::HyphenAtLabelEdge, 0);
            }
            if label.ends_with('-') {
                return refuse(Rule::HyphenAtLabelEdge, label.len() - 1);
            }
            start += label.len() + 1;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn one_pass_agrees_with_label_by_label(
            text in "([a-z0-9-]{0,70}|[._ é\u{0}€]){0,6}",
            utf8 in any::<bool>(),
        ) {
            let charset = if utf8 { Charset::Utf8 } else { Charset::Ascii };
            prop_assert_eq!(validate(&text, charset), label_by_label(&text, charset));
        }
    }

    /// Domains and near misses: labels and dots mostly, some hyphens, long
    /// labels and octets no domain holds.
    fn domain_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => "[a-zA-Z0-9]{1,9}",
            8 => Just(".".to_owned()),
            2 => Just("-".to_owned()),
            1 => "[a-z0-9-]{60,66}",
            1 => "[_@\\u{0}é]",
        ];
        proptest::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The word-at-a-time check accepts exactly the ASCII domains
        /// that the octet walk accepts, short ones (one filled word) too.
        #[test]
        fn the_word_check_accepts_what_the_walk_accepts(text in domain_like()) {
            let fast = is_clean_ascii(text.as_bytes());
            let walk = label_by_label(&text, Charset::Ascii).is_ok();
            if !text.is_empty() && text.len() <= limits::DOMAIN {
                prop_assert_eq!(fast, walk, "{:?}", text);
            } else {
                prop_assert!(!fast);
            }
            prop_assert_eq!(validate(&text, Charset::Ascii).is_ok(), walk);
        }
    }

    #[test]
    fn the_word_check_is_reached_both_ways_by_its_property() {
        // The generator of the property above, sampled: both answers are
        // common, and so is each refusal the word check makes itself.
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let strategy = domain_like();
        let mut runner = TestRunner::deterministic();
        let (mut yes, mut no, mut long_label, mut edge) = (0, 0, 0, 0);
        let (mut short_yes, mut short_no) = (0, 0);
        for _ in 0..4000 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            if (1..8).contains(&text.len()) {
                let walk = label_by_label(&text, Charset::Ascii).is_ok();
                short_yes += usize::from(walk);
                short_no += usize::from(!walk);
            }
            if !(8..=limits::DOMAIN).contains(&text.len()) {
                continue;
            }
            match label_by_label(&text, Charset::Ascii) {
                Ok(()) => yes += 1,
                Err(e) => {
                    no += 1;
                    long_label += usize::from(e.rule() == &Rule::LabelTooLong);
                    edge += usize::from(e.rule() == &Rule::HyphenAtLabelEdge);
                }
            }
        }
        assert!(
            yes > 200 && no > 200 && long_label > 50 && edge > 50,
            "{yes} {no} {long_label} {edge}"
        );
        assert!(short_yes > 100 && short_no > 100, "{short_yes} {short_no}");
    }

    #[test]
    fn the_word_check_knows_each_label_rule() {
        for good in [
            "mail.example.com",
            "a.b.c.d.e.f.g",
            "b.c",
            "x",
            "a-b.c-d",
            "xn--bcher-kva.example",
            "12345678",
        ] {
            assert!(is_clean_ascii(good.as_bytes()), "{good}");
        }
        let label63 = format!("{}.com", "a".repeat(63));
        assert!(is_clean_ascii(label63.as_bytes()));
        for bad in [
            "mail..example",
            ".mail.example",
            "mail.example.",
            "mail-.example",
            "mail.-example",
            "-mail.example",
            "mail.example-",
            "mail_example",
            "mail.exämple",
            "mail.example\0",
            "b..c",
            "b.-c",
            "b-.c",
            "-b.c",
            "b.c-",
            "b_c",
            "bé",
            "",
        ] {
            assert!(!is_clean_ascii(bad.as_bytes()), "{bad}");
        }
        let label64 = format!("{}.com", "a".repeat(64));
        assert!(!is_clean_ascii(label64.as_bytes()));
        let last64 = format!("com.{}", "a".repeat(64));
        assert!(!is_clean_ascii(last64.as_bytes()));
    }

    #[test]
    fn the_word_check_sees_a_bad_pair_at_every_position() {
        // Pairs inside a word, across two words and inside the overlapping
        // last word, for lengths with and without an overlap.
        for n in 4..=27 {
            for at in 1..n - 2 {
                for pair in ["..", ".-", "-."] {
                    let mut text = "a".repeat(n).into_bytes();
                    text[at..at + 2].copy_from_slice(pair.as_bytes());
                    let text = String::from_utf8(text).unwrap();
                    assert!(!is_clean_ascii(text.as_bytes()), "{text}");
                    assert!(label_by_label(&text, Charset::Ascii).is_err(), "{text}");
                }
                // A lone dot or hyphen between letters is no fault.
                for lone in [b'.', b'-'] {
                    let mut good = "a".repeat(n).into_bytes();
                    good[at] = lone;
                    assert!(is_clean_ascii(&good), "{good:?}");
                }
            }
        }
    }

    #[test]
    fn a_long_label_is_reported_before_a_bad_octet_in_it() {
        let text = format!("a_{}.com", "b".repeat(70));
        let error = validate(&text, Charset::Ascii).unwrap_err();
        assert_eq!((error.rule(), error.offset()), (&Rule::LabelTooLong, 63));
    }
}
