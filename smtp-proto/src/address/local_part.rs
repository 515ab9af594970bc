//! `LocalPart`: the part of a mailbox before `@`, kept exactly as written.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::address::domain::unexpected;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::smtputf8::Charset;
use crate::{chars, limits, swar};

const NAME: ValueKind = ValueKind::LocalPart;

validated_str! {
    /// `Local-part = Dot-string / Quoted-string`, at most 64 octets as written.
    ///
    /// The quoting is kept so a parsed address re-encodes to the same bytes;
    /// [`LocalPart::unquoted`] gives the value it stands for.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::LocalPart;
    ///
    /// let quoted = LocalPart::try_from(r#""john \"jr\" smith""#).unwrap();
    /// assert!(quoted.is_quoted());
    /// assert_eq!(quoted.unquoted(), r#"john "jr" smith"#);
    /// assert!(LocalPart::try_from("a".repeat(65).as_str()).is_err());
    /// ```
    LocalPart, validate = validate_ascii, arbitrary = crate::arbitrary_support::local_part, deserialize = validate_utf8
}

impl<'a> LocalPart<'a> {
    /// Accepts non-ASCII UTF-8 as well (RFC 6531 `atext =/ UTF8-non-ascii`).
    ///
    /// # Errors
    /// The same rules as `TryFrom`, with non-ASCII characters allowed.
    pub fn new_utf8(text: impl Into<Cow<'a, str>>) -> Result<Self, ValidationError> {
        let text = text.into();
        validate(&text, Charset::Utf8)?;
        Ok(Self(text))
    }

    /// Whether the local part is a quoted string.
    pub fn is_quoted(&self) -> bool {
        self.0.starts_with('"')
    }

    /// The value without quotes and backslash escapes; borrowed when nothing
    /// needed unescaping.
    pub fn unquoted(&self) -> Cow<'_, str> {
        let Some(inner) = self.0.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
            return Cow::Borrowed(&self.0);
        };
        if crate::split::find_byte(inner.as_bytes(), b'\\').is_none() {
            return Cow::Borrowed(inner);
        }
        let mut out = String::with_capacity(inner.len());
        let mut escaped = false;
        for c in inner.chars() {
            if escaped || c != '\\' {
                out.push(c);
                escaped = false;
            } else {
                escaped = true;
            }
        }
        Cow::Owned(out)
    }
}

fn validate_ascii(text: &str) -> Result<(), ValidationError> {
    validate(text, Charset::Ascii)
}

#[cfg_attr(not(feature = "serde"), allow(dead_code))]
fn validate_utf8(text: &str) -> Result<(), ValidationError> {
    validate(text, Charset::Utf8)
}

/// Validates `Dot-string / Quoted-string` under `charset`.
pub(crate) fn validate(text: &str, charset: Charset) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(NAME, Rule::Empty, 0);
    }
    check_length(text)?;
    if text.starts_with('"') {
        let end = quoted_string_len(text, charset)?;
        if end != text.len() {
            return fail(NAME, unexpected_at(text, end), end);
        }
        Ok(())
    } else {
        validate_dot_string(text, charset)
    }
}

/// The §4.5.3.1.1 limit on a local part's length.
pub(crate) fn check_length(text: &str) -> Result<(), ValidationError> {
    if text.len() > limits::LOCAL_PART {
        return fail(
            NAME,
            Rule::TooLong {
                limit: limits::LOCAL_PART,
            },
            limits::LOCAL_PART,
        );
    }
    Ok(())
}

/// `Dot-string = Atom *("."  Atom)`.
///
/// Runs of `atext` are skipped with one table lookup per octet; only a dot
/// or a non-ASCII character is looked at on its own (decoding every
/// character first cost 20 instructions an octet; callgrind).
fn validate_dot_string(text: &str, charset: Charset) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let mut previous_dot = true;
    let mut at = 0;
    loop {
        let run = bytes[at..]
            .iter()
            .position(|&b| !chars::is_atext(b))
            .unwrap_or(bytes.len() - at);
        if run > 0 {
            previous_dot = false;
            at += run;
        }
        let Some(&b) = bytes.get(at) else {
            break;
        };
        if b == b'.' {
            if previous_dot {
                return fail(NAME, Rule::UnexpectedByte(b'.'), at);
            }
            previous_dot = true;
            at += 1;
        } else if b.is_ascii() {
            return fail(NAME, Rule::UnexpectedByte(b), at);
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            if !charset.allows(c) {
                return fail(NAME, Rule::NonAscii, at);
            }
            previous_dot = false;
            at += c.len_utf8();
        }
    }
    if previous_dot {
        return fail(NAME, Rule::UnexpectedByte(b'.'), text.len() - 1);
    }
    Ok(())
}

/// The length of the valid `Dot-string` that starts `text` and ends at an
/// `@`: the walk of [`validate_dot_string`] that also finds the `@`, where
/// a search for the `@` and then the validation read the local part twice.
/// `None` for any other text, which the caller then takes the long way
/// (search, then [`validate`]) for its error, so that the errors stay what
/// they are. (The first octet that is no part of a dot-string is the first
/// `@` whenever it is one: no `atext`, dot or non-ASCII octet is an `@`.)
pub(crate) fn dot_string_before_at(text: &str, charset: Charset) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut previous_dot = true;
    let mut at = 0;
    loop {
        let run = bytes[at..]
            .iter()
            .position(|&b| !chars::is_atext(b))
            .unwrap_or(bytes.len() - at);
        if run > 0 {
            previous_dot = false;
            at += run;
        }
        match *bytes.get(at)? {
            b'@' => break,
            b'.' if !previous_dot => {
                previous_dot = true;
                at += 1;
            }
            b if b.is_ascii() => return None,
            _ => {
                let c = text[at..].chars().next()?;
                if !charset.allows(c) {
                    return None;
                }
                previous_dot = false;
                at += c.len_utf8();
            }
        }
    }
    (!previous_dot && at <= limits::LOCAL_PART).then_some(at)
}

/// The length of the `Quoted-string` that starts `text`, closing quote included.
///
/// Octet by octet: only a non-ASCII octet is decoded as a character (a
/// `char_indices` walk cost some 75 instructions a character; callgrind).
pub(crate) fn quoted_string_len(text: &str, charset: Charset) -> Result<usize, ValidationError> {
    let bytes = text.as_bytes();
    let mut at = 1;
    loop {
        // Runs of `qtextSMTP` are skipped eight octets at a time; the octet
        // that ends one (a quote, a backslash or a fault) is judged below.
        at += swar::find(bytes.get(at..).unwrap_or_default(), not_qtext, |b| {
            !chars::is_qtext_smtp(b)
        })
        .unwrap_or(bytes.len().saturating_sub(at));
        let Some(&b) = bytes.get(at) else {
            break;
        };
        let ok = match b {
            b'"' => return Ok(at + 1),
            b'\\' => {
                at += 1;
                match bytes.get(at) {
                    Some(&next) if next.is_ascii() => chars::is_quoted_pair_char(next),
                    // Past the end: the closing quote is missing.
                    None => break,
                    Some(_) => false,
                }
            }
            _ if b.is_ascii() => chars::is_qtext_smtp(b),
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                if !charset.allows(c) {
                    return fail(NAME, unexpected(c), at);
                }
                at += c.len_utf8();
                continue;
            }
        };
        if !ok {
            return fail(NAME, unexpected_at(text, at), at);
        }
        at += 1;
    }
    fail(NAME, Rule::Expected("closing '\"'"), text.len())
}

/// The high bit of each octet of `x` that is no `qtextSMTP` (`%d32-33 /
/// %d35-91 / %d93-126`: printable ASCII but the quote and the backslash).
fn not_qtext(x: u64) -> u64 {
    let t = x & swar::LOW;
    let plain = swar::in_range7(t, b' ', b'~') & !swar::equal7(t, b'"') & !swar::equal7(t, b'\\');
    !plain & swar::HIGH | x & swar::HIGH
}

fn unexpected_at(text: &str, at: usize) -> Rule {
    text[at..].chars().next().map_or(Rule::Empty, unexpected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_word_test_marks_exactly_the_octets_that_are_no_qtext() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                for filler in [b'a', 0x00, 0x7f, 0x80, 0xff, b'"', b' '] {
                    let mut word = [filler; 8];
                    word[pos] = b;
                    let marked = not_qtext(u64::from_le_bytes(word)) >> (8 * pos + 7) & 1 == 1;
                    assert_eq!(marked, !chars::is_qtext_smtp(b), "{b:#x} {pos} {filler:#x}");
                }
            }
        }
    }

    /// The dot-string rule read character by character.
    fn char_by_char(text: &str, charset: Charset) -> Result<(), ValidationError> {
        let mut previous_dot = true;
        for (at, c) in text.char_indices() {
            if c == '.' {
                if previous_dot {
                    return fail(NAME, Rule::UnexpectedByte(b'.'), at);
                }
                previous_dot = true;
                continue;
            }
            let ok = if c.is_ascii() {
                chars::is_atext(c as u8)
            } else {
                charset.allows(c)
            };
            if !ok {
                return fail(NAME, unexpected(c), at);
            }
            previous_dot = false;
        }
        if previous_dot {
            return fail(NAME, Rule::UnexpectedByte(b'.'), text.len() - 1);
        }
        Ok(())
    }

    /// The quoted-string rule read character by character (the former
    /// implementation), the reference for the octet walk.
    fn quoted_char_by_char(text: &str, charset: Charset) -> Result<usize, ValidationError> {
        let mut escaped = false;
        for (at, c) in text.char_indices().skip(1) {
            let ok = if escaped {
                escaped = false;
                c.is_ascii() && chars::is_quoted_pair_char(c as u8)
            } else if c == '"' {
                return Ok(at + 1);
            } else if c == '\\' {
                escaped = true;
                true
            } else if c.is_ascii() {
                chars::is_qtext_smtp(c as u8)
            } else {
                charset.allows(c)
            };
            if !ok {
                return fail(NAME, unexpected(c), at);
            }
        }
        fail(NAME, Rule::Expected("closing '\"'"), text.len())
    }

    /// The walk that finds the `@` agrees with finding the first `@` and
    /// then validating the dot-string before it: every string of up to five
    /// characters from an alphabet with the `@`, dots, atext, a space, a
    /// quote and non-ASCII characters, under both charsets, and a local
    /// part on both sides of the length limit.
    #[test]
    fn the_walk_to_the_at_agrees_with_search_then_validate() {
        // A text that starts with a quote is a quoted string, which
        // `Mailbox::parse` reads before it would ask for a dot-string.
        let by_parts = |text: &str, charset| {
            if text.starts_with('"') {
                return None;
            }
            let at = text.find('@')?;
            validate(&text[..at], charset).ok().map(|()| at)
        };
        let alphabet = ['@', '.', 'a', '+', ' ', '"', 'é', '€'];
        let (mut found, mut refused_with_at) = (0, 0);
        let mut text = String::new();
        for n in 0..=5u32 {
            for code in 0..alphabet.len().pow(n) {
                text.clear();
                let mut rest = code;
                for _ in 0..n {
                    text.push(alphabet[rest % alphabet.len()]);
                    rest /= alphabet.len();
                }
                for charset in [Charset::Ascii, Charset::Utf8] {
                    let want = by_parts(&text, charset);
                    assert_eq!(dot_string_before_at(&text, charset), want, "{text:?}");
                    found += usize::from(want.is_some());
                    refused_with_at += usize::from(want.is_none() && text.contains('@'));
                }
            }
        }
        assert!(
            found > 1000 && refused_with_at > 10_000,
            "{found} {refused_with_at}"
        );
        for len in [63, 64, 65] {
            let text = format!("{}@b", "a".repeat(len));
            let want = by_parts(&text, Charset::Ascii);
            assert_eq!(want.is_some(), len <= 64);
            assert_eq!(dot_string_before_at(&text, Charset::Ascii), want);
        }
    }

    #[test]
    fn quoted_walk_agrees_with_char_by_char() {
        // Every string of up to four characters from an alphabet with the
        // quote, the backslash, a space, a letter, a control and non-ASCII
        // characters of two and three octets: each case of the rule, in
        // every order, ended and unended, under both charsets.
        let alphabet = ['"', '\\', ' ', 'a', '\u{1}', '\u{7f}', 'é', '€'];
        let (mut ok, mut refused) = (0, 0);
        let mut text = String::new();
        for n in 0..=4u32 {
            for code in 0..alphabet.len().pow(n) {
                text.clear();
                text.push('"');
                let mut rest = code;
                for _ in 0..n {
                    text.push(alphabet[rest % alphabet.len()]);
                    rest /= alphabet.len();
                }
                for charset in [Charset::Ascii, Charset::Utf8] {
                    let walked = quoted_string_len(&text, charset);
                    assert_eq!(walked, quoted_char_by_char(&text, charset), "{text:?}");
                    if walked.is_ok() {
                        ok += 1;
                    } else {
                        refused += 1;
                    }
                }
            }
        }
        assert!(
            ok > 500 && refused > 500,
            "{ok} accepted, {refused} refused"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn runs_agree_with_char_by_char(
            text in "([a-z0-9+_~-]{0,12}|[. @\"é\u{0}\u{85}€]){1,8}",
            utf8 in any::<bool>(),
        ) {
            // `validate` refuses empty text before this rule runs.
            prop_assume!(!text.is_empty());
            let charset = if utf8 { Charset::Utf8 } else { Charset::Ascii };
            prop_assert_eq!(
                validate_dot_string(&text, charset),
                char_by_char(&text, charset)
            );
        }
    }
}
