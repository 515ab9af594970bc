//! ESMTP keywords and values: the `KEY=VALUE` pieces of MAIL, RCPT and EHLO.

use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::{chars, swar};

validated_str! {
    /// `esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`; compared
    /// without case by [`EsmtpKeyword::is`].
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{EsmtpKeyword, EsmtpValue};
    ///
    /// assert!(EsmtpKeyword::try_from("X-FOO").is_ok());
    /// assert!(EsmtpKeyword::try_from("-X").is_err());
    /// assert!(EsmtpValue::try_from("bar").is_ok());
    /// assert!(EsmtpValue::try_from("a=b").is_err());
    /// ```
    EsmtpKeyword, validate = validate_keyword, arbitrary = crate::arbitrary_support::keyword
}

impl EsmtpKeyword<'_> {
    /// Whether this keyword is `other`, ignoring ASCII case.
    pub fn is(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}

validated_str! {
    /// `esmtp-value = 1*(%d33-60 / %d62-126)`: printable ASCII except `=`.
    EsmtpValue, validate = validate_value, arbitrary = crate::arbitrary_support::esmtp_value
}

/// Validates an `esmtp-keyword` (also the shape of a command verb).
pub(crate) fn validate_keyword(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return fail(ValueKind::EsmtpKeyword, Rule::Empty, 0);
    };
    if !chars::is_let_dig(first) {
        return fail(ValueKind::EsmtpKeyword, Rule::UnexpectedByte(first), 0);
    }
    match bytes.iter().position(|&b| !chars::is_ldh(b)) {
        Some(at) => fail(ValueKind::EsmtpKeyword, Rule::UnexpectedByte(bytes[at]), at),
        None => Ok(()),
    }
}

fn validate_value(text: &str) -> Result<(), ValidationError> {
    if text.is_empty() {
        return fail(ValueKind::EsmtpValue, Rule::Empty, 0);
    }
    match text.bytes().position(|b| !chars::is_esmtp_value_char(b)) {
        Some(at) => fail(
            ValueKind::EsmtpValue,
            Rule::UnexpectedByte(text.as_bytes()[at]),
            at,
        ),
        None => Ok(()),
    }
}

/// A short keyword or value as one number: its octets, ASCII letters
/// upper-cased, and its length in the top octet. Told apart from the known
/// spellings ([`Folded::of`], in `const`s) by one `match` on numbers, where
/// copying it upper-cased into a buffer and matching byte strings cost a
/// loop per octet and a compare per candidate (callgrind).
///
/// Two texts of at most [`Folded::MAX`] octets fold alike exactly when
/// they are equal ignoring ASCII case; a longer text folds to a number no
/// spelling has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Folded(u128);

impl Folded {
    /// The longest text told apart: the top octet holds the length.
    pub(crate) const MAX: usize = 15;

    /// A known spelling, at compile time; `spelling` is at most
    /// [`MAX`](Self::MAX) octets (longer does not compile).
    pub(crate) const fn of(spelling: &str) -> Self {
        let bytes = spelling.as_bytes();
        assert!(!bytes.is_empty() && bytes.len() <= Self::MAX);
        let mut packed = (bytes.len() as u128) << 120;
        let mut i = 0;
        while i < bytes.len() {
            packed |= (bytes[i].to_ascii_uppercase() as u128) << (8 * i);
            i += 1;
        }
        Self(packed)
    }

    /// `text` folded: its octets gathered with at most two loads per word
    /// (the overlapping octets of two loads are the same octets), then the
    /// lower-case letters of each word upper-cased at once.
    #[inline]
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let (lo, hi) = match n {
            1..=7 => (swar::load_short(bytes), 0),
            8 => (swar::load(bytes, 0), 0),
            // The second word is octets 8.. : the top of the last eight.
            9..=Self::MAX => (
                swar::load(bytes, 0),
                upper(swar::load(bytes, n - 8) >> (8 * (16 - n))),
            ),
            _ => return Self(0),
        };
        Self(u128::from(upper(lo)) | u128::from(hi) << 64 | (n as u128) << 120)
    }

    /// `text` cut at its first `delimiter` (ASCII): the part before it
    /// folded, that part, and the rest after the delimiter if there is one
    /// (so `esmtp-keyword ["=" esmtp-value]` cut at `=`, or a NOTIFY list
    /// at `,`). A head of at most seven octets is found and folded from the
    /// one word that holds it, a full word or, for a text shorter than one,
    /// a short load (a search for the delimiter and then a fold of the head
    /// read it twice, at a call each; callgrind). Inlined: its three
    /// results went out through memory, which cost as much as the fold.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    pub(crate) fn cut(text: &str, delimiter: u8) -> (Self, &str, Option<&str>) {
        let bytes = text.as_bytes();
        let len = if bytes.len() >= 8 {
            let word = swar::load(bytes, 0);
            let found = swar::equal_lowest(word, delimiter);
            if found != 0 {
                return Self::cut_in_word(text, word, swar::lowest(found), delimiter);
            }
            crate::split::find_byte(&bytes[8..], delimiter).map_or(bytes.len(), |at| at + 8)
        } else {
            // The zeros a short load puts above the last octet are no
            // delimiter.
            let word = swar::load_short(bytes);
            let found = swar::equal_lowest(word, delimiter);
            let len = if found == 0 {
                bytes.len()
            } else {
                swar::lowest(found)
            };
            return Self::cut_in_word(text, word, len, delimiter);
        };
        let (head, tail) = text.split_at(len);
        (Self::new(head), head, after_delimiter(tail, delimiter))
    }

    /// [`cut`](Self::cut) where the head, `len` octets (at most seven),
    /// is the start of `word`, the first octets of `text`.
    #[allow(clippy::inline_always)]
    #[inline(always)]
    fn cut_in_word(text: &str, word: u64, len: usize, delimiter: u8) -> (Self, &str, Option<&str>) {
        let head = word & ((1 << (8 * len)) - 1);
        let folded = Self(u128::from(upper(head)) | (len as u128) << 120);
        let (head, tail) = text.split_at(len);
        (folded, head, after_delimiter(tail, delimiter))
    }
}

/// The text after the ASCII `delimiter` that starts `tail`, if it does.
/// `strip_prefix` slices past it without a second char-boundary test
/// (`text.get(at + 1..)` tests one; callgrind).
#[inline]
fn after_delimiter(tail: &str, delimiter: u8) -> Option<&str> {
    tail.strip_prefix(char::from(delimiter))
}

/// `x` with its ASCII lower-case letters upper-cased, eight at a time.
#[inline]
const fn upper(x: u64) -> u64 {
    let lower = swar::in_range7(x & swar::LOW, b'a', b'z') & !x & swar::HIGH;
    x & !(lower >> 2)
}

#[cfg(test)]
mod tests {
    use super::Folded;
    use proptest::prelude::*;

    #[test]
    fn a_spelling_folds_as_its_text_in_any_case() {
        for spelling in [
            "SIZE",
            "MT-PRIORITY",
            "8BITMIME",
            "BY",
            "X",
            "ABC",
            "HOLDUNTIL",
            "ABCDEFGHIJKLMNO",
        ] {
            let lower = spelling.to_ascii_lowercase();
            assert_eq!(Folded::new(spelling), Folded::of(spelling), "{spelling}");
            assert_eq!(Folded::new(&lower), Folded::of(spelling), "{spelling}");
        }
        assert_ne!(Folded::new("SIZE "), Folded::of("SIZE"));
        assert_ne!(Folded::new("SIZ"), Folded::of("SIZE"));
        assert_ne!(Folded::new("sîze"), Folded::of("SIZE"));
        assert_eq!(Folded::new(""), Folded::new(&"x".repeat(16)));
    }

    /// Each shape `Folded::cut` takes apart: the one-word path (an `=`
    /// among the first eight octets of a long parameter) and the others.
    fn param_by_parts(param: &str) -> (Folded, &str, Option<&str>) {
        let (key, value) = match param.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (param, None),
        };
        (Folded::new(key), key, value)
    }

    #[test]
    fn a_parameter_is_cut_and_folded_as_by_parts() {
        for param in [
            "",
            "=",
            "X",
            "x=",
            "SIZE=1000",
            "size=1",
            "BODY=8BITMIME",
            "SMTPUTF8",
            "smtputf8",
            "HOLDUNTIL=2026",
            "MT-PRIORITY=3",
            "REQUIRETLS",
            "NOTIFY=NEVER",
            "abcdefg=h",
            "abcdefgh=i",
            "=abcdefgh",
            "é=abcdefgh",
            "SIZE=1=2",
            "ABCDEFGHIJKLMNOPQ=1",
            // Shorter than a word: the short-load path.
            "SIZE=",
            "é=a",
            "aé",
            "ab=é",
            "abcdef=",
        ] {
            assert_eq!(Folded::cut(param, b'='), param_by_parts(param), "{param:?}");
        }
    }

    /// Parameters with the `=` (or none) at every length and position,
    /// some keywords and values non-ASCII or holding `=` themselves.
    fn parameter() -> impl Strategy<Value = String> {
        (
            "[a-zA-Z0-9é=-]{0,18}",
            proptest::option::of("[a-zA-Z0-9=+é]{0,12}"),
        )
            .prop_map(|(key, value)| value.map_or(key.clone(), |v| format!("{key}={v}")))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Folding and cutting in one pass agrees with cutting at the first
        /// `=` and then folding, at every length and position of the `=`;
        /// the guard below checks that the one-word path is reached.
        #[test]
        fn a_parameter_is_cut_and_folded_in_one_pass(param in parameter()) {
            prop_assert_eq!(Folded::cut(&param, b'='), param_by_parts(&param), "{:?}", param);
        }
    }

    #[test]
    fn the_generator_reaches_the_one_word_path() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let strategy = parameter();
        let mut one_word = 0;
        for _ in 0..2000 {
            let param = strategy.new_tree(&mut runner).unwrap().current();
            let eq = param.find('=');
            one_word += usize::from(param.len() >= 8 && eq.is_some_and(|at| at < 8));
        }
        assert!(one_word > 200, "{one_word}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Folding is equality ignoring ASCII case, for every octet: the
        /// pairs are often equal (one made from the other by case changes).
        #[test]
        fn two_texts_fold_alike_exactly_when_equal_ignoring_case(
            a in "[a-zA-Z0-9@\\[`{\u{7f}é-]{0,18}",
            flips in proptest::collection::vec(any::<bool>(), 18),
            other in "[a-zA-Z0-9@\\[`{-]{0,18}",
            same in any::<bool>(),
        ) {
            let b: String = if same {
                a.chars().zip(flips.iter().chain(core::iter::repeat(&false))).map(|(c, &f)| {
                    if f { if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() } } else { c }
                }).collect()
            } else {
                other
            };
            let short = a.len() <= Folded::MAX && b.len() <= Folded::MAX;
            let alike = Folded::new(&a) == Folded::new(&b);
            if short && !a.is_empty() {
                prop_assert_eq!(alike, a.eq_ignore_ascii_case(&b), "{:?} {:?}", a, b);
            }
            if (1..=Folded::MAX).contains(&a.len()) && a.is_ascii() {
                prop_assert_eq!(Folded::new(&a), Folded::of(&a));
            }
        }
    }
}
