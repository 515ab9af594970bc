//! MAIL and RCPT parameters: an ordered list kept as its validated text, so a
//! parsed command borrows its parameters without allocating, and typed items
//! come out of [`Parameters::iter`].

mod mail;
mod rcpt;

use alloc::borrow::Cow;
use alloc::string::String;
use core::marker::PhantomData;

use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::split::{find_byte, split, split_once};
use crate::wire::{Sink, Wire};
use crate::{EsmtpKeyword, EsmtpValue, IntoStatic};

pub use mail::{Body, ByMode, DeliverBy, MailParameter, MtPriority, Ret};
pub use rcpt::{Notify, NotifyConditions, Orcpt, OrcptType, RcptParameter, Rrvs, RrvsMode};

/// The parameters of one command kind: how one `esmtp-param` is typed.
///
/// Sealed: implemented by [`Mail`] and [`Rcpt`] only, whose items borrow
/// the text they were parsed from (the list scan relies on it).
pub trait ParameterKind: sealed::Sealed {
    /// The typed parameter.
    type Item<'b>: Wire;
    /// The type name used in errors.
    const NAME: ValueKind;
    /// Types one `esmtp-keyword ["=" esmtp-value]`.
    ///
    /// # Errors
    /// When the keyword is known and its value does not fit it, or the text
    /// is no `esmtp-param` at all.
    fn parse(param: &str) -> Result<Self::Item<'_>, ValidationError>;

    /// A number below 32 naming the keyword of a known parameter, so that
    /// duplicates are found with a bit set rather than by re-reading the
    /// earlier parameters; `None` (the default) for the others.
    fn slot(item: &Self::Item<'_>) -> Option<u32> {
        let _ = item;
        None
    }
}

mod sealed {
    /// Keeps [`ParameterKind`](super::ParameterKind) to this crate's kinds.
    pub trait Sealed {}
    impl Sealed for super::Mail {}
    impl Sealed for super::Rcpt {}
}

/// The kind of `MAIL FROM` parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mail {}

/// The kind of `RCPT TO` parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rcpt {}

/// `Mail-parameters`: the parameters of `MAIL FROM`, in order.
pub type MailParameters<'a> = Parameters<'a, Mail>;
/// `Rcpt-parameters`: the parameters of `RCPT TO`, in order.
pub type RcptParameters<'a> = Parameters<'a, Rcpt>;

/// `esmtp-param *(SP esmtp-param)`: validated once, typed on iteration,
/// kept in order; no keyword appears twice.
///
/// The text is kept as the client wrote it ([`as_str`](Self::as_str));
/// the wire form ([`Wire`], and so `Display` and every encoder) is
/// canonical: each parameter as its typed value writes itself, keywords
/// and keyword values (`8BITMIME`, `NEVER`, `HDRS`) in upper case. Two
/// lists are equal when their canonical forms are, so `size=10` and
/// `SIZE=10` are one value.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Body, MailParameter, MailParameters};
///
/// let params = MailParameters::try_from("SIZE=1000 BODY=8BITMIME").unwrap();
/// let items: Vec<_> = params.iter().collect();
/// assert_eq!(items, [MailParameter::Size(1000), MailParameter::Body(Body::EightBitMime)]);
/// assert_eq!(params.size(), Some(1000));
///
/// let lower = MailParameters::try_from("size=1000 body=8bitmime").unwrap();
/// assert_eq!(lower.as_str(), "size=1000 body=8bitmime");
/// assert_eq!(lower.to_string(), "SIZE=1000 BODY=8BITMIME");
/// assert_eq!(lower, params);
///
/// let dup = MailParameters::try_from("SIZE=1 SIZE=2").unwrap_err();
/// assert_eq!(dup.rule(), &smtp_sansio_proto::Rule::Duplicate);
/// assert_eq!(dup.offset(), 7);
/// ```
#[derive(Clone)]
pub struct Parameters<'a, K> {
    text: Cow<'a, str>,
    kind: PhantomData<K>,
}

impl<K: ParameterKind> Parameters<'_, K> {
    /// No parameters.
    pub const fn new() -> Parameters<'static, K> {
        Parameters {
            text: Cow::Borrowed(""),
            kind: PhantomData,
        }
    }

    /// The typed parameters, in order.
    pub fn iter(&self) -> impl Iterator<Item = K::Item<'_>> {
        // Every piece was validated by the constructor, so parsing again cannot fail.
        self.pieces().filter_map(|p| K::parse(p).ok())
    }

    /// The parameters as written, separated by single spaces.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.pieces().count()
    }

    /// Appends a parameter.
    ///
    /// # Errors
    /// [`Rule::Duplicate`] when a parameter with the same keyword is present;
    /// any rule its wire form breaks (e.g. `ENVID=` with an empty xtext).
    pub fn push(&mut self, item: &K::Item<'_>) -> Result<(), ValidationError> {
        let mut piece = String::new();
        item.write_to(&mut piece);
        K::parse(&piece)?;
        if self.pieces().any(|p| same_keyword(p, &piece)) {
            return fail(K::NAME, Rule::Duplicate, self.text.len());
        }
        let text = self.text.to_mut();
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&piece);
        Ok(())
    }

    fn pieces(&self) -> impl Iterator<Item = &str> {
        split(&self.text, b' ').filter(|p| !p.is_empty())
    }

    fn validate<R>(
        text: &str,
        mut check: impl FnMut(&K::Item<'_>) -> Option<R>,
    ) -> Result<Option<(usize, R)>, ValidationError> {
        let mut flagged = None;
        if text.is_empty() {
            return Ok(flagged);
        }
        let mut start = 0;
        let mut seen = 0u32;
        let mut index = 0;
        loop {
            // One piece per round, up to its space (no split iterator: its
            // state cost more than the search on a short list; callgrind).
            let end = find_byte(&text.as_bytes()[start..], b' ').map_or(text.len(), |k| start + k);
            let piece = &text[start..end];
            if piece.is_empty() {
                return fail(
                    K::NAME,
                    Rule::Expected("one parameter after each space"),
                    start,
                );
            }
            // The item is read where `parse` wrote it, not moved out of its
            // `Result` first (a copy of the whole item per parameter).
            // Not dropped: the items of both (sealed) kinds borrow the text
            // and own nothing (`tests/allocations.rs` checks every kind),
            // and their drop glue was a call per parameter (callgrind).
            let parsed = core::mem::ManuallyDrop::new(K::parse(piece));
            let item = (*parsed).as_ref().map_err(|e| e.clone().shifted(start))?;
            let duplicate = if let Some(slot) = K::slot(item) {
                let bit = 1 << slot;
                let duplicate = seen & bit != 0;
                seen |= bit;
                duplicate
            } else {
                let earlier = &text[..start.saturating_sub(1)];
                start > 0 && split(earlier, b' ').any(|p| same_keyword(p, piece))
            };
            if duplicate {
                return fail(K::NAME, Rule::Duplicate, start);
            }
            if flagged.is_none() {
                flagged = check(item).map(|verdict| (index, verdict));
            }
            if end == text.len() {
                return Ok(flagged);
            }
            start = end + 1;
            index += 1;
        }
    }
}

impl<K: ParameterKind> Default for Parameters<'static, K> {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether two `keyword[=value]` pieces share a keyword, ignoring case.
fn same_keyword(a: &str, b: &str) -> bool {
    split_param(a).0.eq_ignore_ascii_case(split_param(b).0)
}

impl<K> core::fmt::Debug for Parameters<'_, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Parameters").field(&&*self.text).finish()
    }
}

impl<K: ParameterKind> core::fmt::Display for Parameters<'_, K> {
    /// The canonical form, as [`Wire`] writes it.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl<K: ParameterKind> Wire for Parameters<'_, K> {
    /// Each parameter in its canonical form (its typed value writes
    /// itself), separated by single spaces.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        for (i, piece) in self.pieces().enumerate() {
            if i > 0 {
                out.put_str(" ");
            }
            match K::parse(piece) {
                Ok(item) => item.write_to(out),
                // Every piece was validated by the constructor.
                Err(_) => out.put_str(piece),
            }
        }
    }
}

impl<K: ParameterKind> PartialEq for Parameters<'_, K> {
    /// Equal when the canonical forms are: `size=10` is `SIZE=10`.
    fn eq(&self, other: &Self) -> bool {
        if self.text == other.text {
            return true;
        }
        let mut a = String::new();
        let mut b = String::new();
        self.write_to(&mut a);
        other.write_to(&mut b);
        a == b
    }
}

impl<K: ParameterKind> Eq for Parameters<'_, K> {}

impl<K: ParameterKind> core::hash::Hash for Parameters<'_, K> {
    /// Hashes the canonical form, so equal lists hash alike.
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.write_to(&mut HashSink(state));
        state.write_u8(0xff);
    }
}

/// Feeds wire text to a hasher.
struct HashSink<'h, H>(&'h mut H);

impl<H: core::hash::Hasher> Sink for HashSink<'_, H> {
    fn put_str(&mut self, text: &str) {
        self.0.write(text.as_bytes());
    }
}

impl<'a, K: ParameterKind> Parameters<'a, K> {
    /// Validates `text` as [`try_from`](TryFrom::try_from) does and shows
    /// each typed parameter to `check` on the way; returns the parameters
    /// and, for the first parameter `check` answered `Some`, its index and
    /// that answer (`check` is not asked again after it). A server's policy (which extensions are in force) is
    /// applied in the same pass that types the parameters, instead of
    /// typing each one again through [`iter`](Self::iter).
    ///
    /// # Errors
    /// As `try_from`: a malformed, invalid or duplicate parameter, wherever
    /// it stands (it wins over any answer of `check`).
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{MailParameter, MailParameters};
    ///
    /// let (params, flagged) = MailParameters::try_from_checked("SIZE=10 SMTPUTF8", |p| {
    ///     matches!(p, MailParameter::SmtpUtf8).then_some("not offered")
    /// })?;
    /// assert_eq!((params.len(), flagged), (2, Some((1, "not offered"))));
    /// # Ok::<(), smtp_sansio_proto::ValidationError>(())
    /// ```
    pub fn try_from_checked<R>(
        text: &'a str,
        check: impl FnMut(&K::Item<'_>) -> Option<R>,
    ) -> Result<(Self, Option<(usize, R)>), ValidationError> {
        let flagged = Self::validate(text, check)?;
        let parameters = Self {
            text: Cow::Borrowed(text),
            kind: PhantomData,
        };
        Ok((parameters, flagged))
    }
}

impl<'a, K: ParameterKind> TryFrom<&'a str> for Parameters<'a, K> {
    type Error = ValidationError;
    fn try_from(text: &'a str) -> Result<Self, Self::Error> {
        Self::try_from_checked(text, |_| None::<()>).map(|(parameters, _)| parameters)
    }
}

impl<K: ParameterKind + 'static> core::str::FromStr for Parameters<'static, K> {
    type Err = ValidationError;

    /// Validates and copies `text`, e.g. `"SIZE=1000 BODY=8BITMIME".parse()`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Parameters::try_from(text).map(IntoStatic::into_static)
    }
}

impl<K: ParameterKind> TryFrom<String> for Parameters<'static, K> {
    type Error = ValidationError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::validate(&text, |_| None::<()>)?;
        Ok(Self {
            text: Cow::Owned(text),
            kind: PhantomData,
        })
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<K> serde::Serialize for Parameters<'_, K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, K: ParameterKind> serde::Deserialize<'de> for Parameters<'_, K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Parameters::try_from(text).map_err(serde::de::Error::custom)
    }
}

/// An ESMTP parameter this model does not type, kept as written; MAIL and
/// RCPT both pass such parameters through. Its keyword compares without
/// case and is written in upper case; its value is kept as it is.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ExtensionParameter<'a> {
    /// The keyword.
    pub keyword: EsmtpKeyword<'a>,
    /// The value, if the parameter had `=`.
    pub value: Option<EsmtpValue<'a>>,
}

impl<'a> ExtensionParameter<'a> {
    /// Types `key[=value]`, `at` being the offset of the value.
    pub(crate) fn parse(
        key: &'a str,
        value: Option<&'a str>,
        at: usize,
    ) -> Result<Self, ValidationError> {
        crate::command::keyword::validate_keyword(key)?;
        Ok(Self {
            keyword: EsmtpKeyword::new_unchecked(key),
            value: value
                .map(EsmtpValue::try_from)
                .transpose()
                .map_err(|e| e.shifted(at))?,
        })
    }
}

impl PartialEq for ExtensionParameter<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.keyword.is(other.keyword.as_str()) && self.value == other.value
    }
}

impl Eq for ExtensionParameter<'_> {}

impl core::hash::Hash for ExtensionParameter<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        for b in self.keyword.as_str().bytes() {
            state.write_u8(b.to_ascii_uppercase());
        }
        state.write_u8(0xff);
        self.value.hash(state);
    }
}

impl Wire for ExtensionParameter<'_> {
    /// `KEYWORD[=value]`, the keyword in upper case.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        crate::wire::put_upper(out, self.keyword.as_str());
        if let Some(v) = &self.value {
            out.put_str("=");
            v.write_to(out);
        }
    }
}

impl<K: 'static> IntoStatic for Parameters<'_, K> {
    type Static = Parameters<'static, K>;

    fn into_static(self) -> Parameters<'static, K> {
        Parameters {
            text: self.text.into_static(),
            kind: PhantomData,
        }
    }
}

impl IntoStatic for ExtensionParameter<'_> {
    type Static = ExtensionParameter<'static>;

    fn into_static(self) -> ExtensionParameter<'static> {
        ExtensionParameter {
            keyword: self.keyword.into_static(),
            value: self.value.map(IntoStatic::into_static),
        }
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for ExtensionParameter<'_> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        Ok(Self {
            keyword: u.arbitrary()?,
            value: u.arbitrary()?,
        })
    }
}
/// Splits `KEY=VALUE` into the keyword and the value, if any.
pub(crate) fn split_param(param: &str) -> (&str, Option<&str>) {
    match split_once(param, b'=') {
        Some((k, v)) => (k, Some(v)),
        None => (param, None),
    }
}

impl<'a, K: ParameterKind> TryFrom<&'a [u8]> for Parameters<'a, K> {
    type Error = ValidationError;
    fn try_from(bytes: &'a [u8]) -> Result<Self, Self::Error> {
        Self::try_from(crate::wire::utf8(K::NAME, bytes)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::{MailParameter, MailParameters, Rule};

    #[test]
    fn the_check_is_asked_until_its_first_answer_and_that_answer_is_kept() {
        let mut seen = 0;
        let (params, flagged) =
            MailParameters::try_from_checked("SIZE=1 SMTPUTF8 BODY=7BIT RET=FULL", |p| {
                seen += 1;
                (!matches!(p, MailParameter::Size(_))).then_some(seen)
            })
            .unwrap();
        // Asked of SIZE and SMTPUTF8 only; every parameter is still validated.
        assert_eq!((params.len(), seen, flagged), (4, 2, Some((1, 2))));
        // An invalid or duplicate parameter wins over any answer.
        let err =
            MailParameters::try_from_checked("SMTPUTF8 SIZE=1 SIZE=2", |_| Some(())).unwrap_err();
        assert_eq!((err.rule(), err.offset()), (&Rule::Duplicate, 16));
        let empty = MailParameters::try_from_checked("", |_| Some(())).unwrap();
        assert_eq!((empty.0.len(), empty.1), (0, None));
    }
}
