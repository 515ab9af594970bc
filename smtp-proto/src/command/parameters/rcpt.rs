//! The parameters of `RCPT TO` (RFC 3461 DSN, RFC 6533, RFC 7293 RRVS).

use alloc::borrow::Cow;

use crate::command::keyword;
use crate::command::keyword::Folded;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};
use crate::{EsmtpKeyword, IntoStatic, Timestamp, XText, chars};

use super::{ExtensionParameter, ParameterKind, Rcpt};

const NAME: ValueKind = ValueKind::RcptParameter;

/// One `RCPT TO` parameter; unknown keywords pass through as [`RcptParameter::Other`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
// A word-sized tag, as on `Command`: no padding for a move to start in.
#[repr(u64)]
pub enum RcptParameter<'a> {
    /// `NOTIFY=` (RFC 3461 §4.1).
    Notify(Notify),
    /// `ORCPT=addr-type;address` (RFC 3461 §4.2, RFC 6533).
    Orcpt(Orcpt<'a>),
    /// `RRVS=date-time[;C|R]` (RFC 7293).
    Rrvs(Rrvs<'a>),
    /// Any other parameter, kept as written.
    Other(ExtensionParameter<'a>),
}

/// When to send a delivery status notification.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notify {
    /// `NEVER`.
    Never,
    /// One or more of `SUCCESS`, `FAILURE`, `DELAY`.
    On(NotifyConditions),
}

/// A non-empty set of NOTIFY conditions.
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::serde_repr::NotifyRepr",
        into = "crate::serde_repr::NotifyRepr"
    )
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NotifyConditions {
    success: bool,
    failure: bool,
    delay: bool,
}

impl NotifyConditions {
    /// A set of conditions; `None` when all three are false (NOTIFY needs one).
    pub const fn new(success: bool, failure: bool, delay: bool) -> Option<Self> {
        if success || failure || delay {
            Some(Self {
                success,
                failure,
                delay,
            })
        } else {
            None
        }
    }

    /// `SUCCESS` is set.
    pub const fn success(self) -> bool {
        self.success
    }

    /// `FAILURE` is set.
    pub const fn failure(self) -> bool {
        self.failure
    }

    /// `DELAY` is set.
    pub const fn delay(self) -> bool {
        self.delay
    }
}

/// The address type of ORCPT.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OrcptType<'a> {
    /// `rfc822`: an xtext-encoded RFC 5322 address.
    Rfc822,
    /// `utf-8` (RFC 6533): `\x{HEX}` escapes or raw UTF-8.
    Utf8,
    /// Another registered type, with xtext content.
    Other(EsmtpKeyword<'a>),
}

/// `ORCPT=`: the recipient as the original sender gave it.
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "alloc::string::String", into = "alloc::string::String")
)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    addr_type: OrcptType<'a>,
    address: Cow<'a, str>,
}

impl<'a> Orcpt<'a> {
    /// An ORCPT of type `rfc822` with an xtext address.
    pub fn rfc822(address: XText<'a>) -> Self {
        Self {
            addr_type: OrcptType::Rfc822,
            address: address.into_cow(),
        }
    }

    /// The address type.
    pub fn addr_type(&self) -> &OrcptType<'a> {
        &self.addr_type
    }

    /// The address in its encoded form (xtext, or RFC 6533 utf-8-addr).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The address as an xtext, for the `rfc822` and other non-UTF-8 types.
    pub fn xtext(&self) -> Option<XText<'_>> {
        match self.addr_type {
            OrcptType::Utf8 => None,
            _ => Some(XText::new_unchecked(Cow::Borrowed(&*self.address))),
        }
    }

    pub(crate) fn parse(v: &'a str, at: usize) -> Result<Self, ValidationError> {
        const RFC822: Folded = Folded::of("RFC822");
        const UTF_8: Folded = Folded::of("UTF-8");
        if v.len() > 500 {
            return fail(NAME, Rule::TooLong { limit: 500 }, at + 500);
        }
        // The type cut and folded in one step, as a parameter's keyword.
        let (folded, kind, address) = Folded::cut(v, b';');
        let Some(address) = address else {
            return fail(
                NAME,
                Rule::Expected("';' after the ORCPT address type"),
                at + v.len(),
            );
        };
        let address_at = at + kind.len() + 1;
        if address.is_empty() {
            return fail(NAME, Rule::Empty, address_at);
        }
        let addr_type = match folded {
            RFC822 => OrcptType::Rfc822,
            UTF_8 => OrcptType::Utf8,
            _ => {
                keyword::validate_keyword(kind).map_err(|e| e.shifted(at))?;
                OrcptType::Other(EsmtpKeyword::new_unchecked(kind))
            }
        };
        match addr_type {
            OrcptType::Utf8 => validate_utf8_addr(address).map_err(|e| e.shifted(address_at))?,
            _ => {
                XText::try_from(address).map_err(|e| e.shifted(address_at))?;
            }
        }
        Ok(Self {
            addr_type,
            address: Cow::Borrowed(address),
        })
    }
}

/// `utf-8-addr-xtext` / `utf-8-addr-unitext` (RFC 6533 §3): QCHAR, raw
/// UTF-8, and `\x{HEX}` escapes of 1 to 6 hex digits.
fn validate_utf8_addr(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            let rest = &bytes[i..];
            let digits = rest
                .iter()
                .skip(3)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            let ok = rest.starts_with(b"\\x{")
                && (1..=6).contains(&digits)
                && rest.get(3 + digits) == Some(&b'}');
            if !ok {
                return fail(ValueKind::Orcpt, Rule::Expected("\\x{HEX}"), i);
            }
            i += 4 + digits;
        } else if b >= 0x80 || (chars::is_xchar(b) && b != b'\\') {
            i += 1;
        } else {
            return fail(ValueKind::Orcpt, Rule::UnexpectedByte(b), i);
        }
    }
    Ok(())
}

/// `RRVS=`: the mailbox must have been registered since this time (RFC 7293).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    since: Timestamp<'a>,
    mode: Option<RrvsMode>,
}

/// What a relay without RRVS support does with the message.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RrvsMode {
    /// `C`: continue delivery.
    Continue,
    /// `R`: reject.
    Reject,
}

impl<'a> Rrvs<'a> {
    /// An RRVS test against `since`, with an optional mode.
    pub fn new(since: Timestamp<'a>, mode: Option<RrvsMode>) -> Self {
        Self { since, mode }
    }

    /// The registration time the mailbox must not be younger than.
    pub fn since(&self) -> &Timestamp<'a> {
        &self.since
    }

    /// The mode, if given.
    pub fn mode(&self) -> Option<RrvsMode> {
        self.mode
    }

    fn parse(v: &'a str, at: usize) -> Result<Self, ValidationError> {
        let (time, mode) = match crate::split::split_once(v, b';') {
            Some((t, "C" | "c")) => (t, Some(RrvsMode::Continue)),
            Some((t, "R" | "r")) => (t, Some(RrvsMode::Reject)),
            Some((t, _)) => return fail(NAME, Rule::UnsupportedValue, at + t.len() + 1),
            None => (v, None),
        };
        let since = Timestamp::try_from(time).map_err(|e| e.shifted(at))?;
        Ok(Self { since, mode })
    }
}

impl ParameterKind for Rcpt {
    type Item<'b> = RcptParameter<'b>;
    const NAME: ValueKind = NAME;

    fn parse(param: &str) -> Result<RcptParameter<'_>, ValidationError> {
        RcptParameter::parse(param)
    }

    fn slot(item: &RcptParameter<'_>) -> Option<u32> {
        Some(match item {
            RcptParameter::Notify(_) => 0,
            RcptParameter::Orcpt(_) => 1,
            RcptParameter::Rrvs(_) => 2,
            RcptParameter::Other(_) => return None,
        })
    }
}

impl<'a> RcptParameter<'a> {
    /// Types one `esmtp-keyword ["=" esmtp-value]`.
    ///
    /// # Errors
    /// When a known keyword has a malformed or unsupported value, or the text
    /// is not an `esmtp-param`.
    pub fn parse(param: &'a str) -> Result<Self, ValidationError> {
        let (folded, key, value) = Folded::cut(param, b'=');
        let at = key.len() + 1;
        let item = match (folded, value) {
            (NOTIFY, Some(v)) => Self::Notify(parse_notify(v, at)?),
            (ORCPT, Some(v)) => Self::Orcpt(Orcpt::parse(v, at)?),
            (RRVS, Some(v)) => Self::Rrvs(Rrvs::parse(v, at)?),
            (NOTIFY | ORCPT | RRVS, None) => {
                return fail(NAME, Rule::ValueMismatch, 0);
            }
            _ => Self::Other(ExtensionParameter::parse(key, value, at)?),
        };
        Ok(item)
    }
}

const NOTIFY: Folded = Folded::of("NOTIFY");
const ORCPT: Folded = Folded::of("ORCPT");
const RRVS: Folded = Folded::of("RRVS");

/// `"NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" )`.
fn parse_notify(v: &str, at: usize) -> Result<Notify, ValidationError> {
    const NEVER: Folded = Folded::of("NEVER");
    const SUCCESS: Folded = Folded::of("SUCCESS");
    const FAILURE: Folded = Folded::of("FAILURE");
    const DELAY: Folded = Folded::of("DELAY");
    if v.len() == "NEVER".len() && Folded::new(v) == NEVER {
        return Ok(Notify::Never);
    }
    let (mut success, mut failure, mut delay) = (false, false, false);
    let mut start = at;
    let mut rest = Some(v);
    // Each item cut and folded in one step (`Folded::cut`).
    while let Some((folded, item, after)) = rest.map(|list| Folded::cut(list, b',')) {
        rest = after;
        let flag = match folded {
            SUCCESS => &mut success,
            FAILURE => &mut failure,
            DELAY => &mut delay,
            NEVER => return fail(NAME, Rule::ValueMismatch, start),
            _ => return fail(NAME, Rule::UnsupportedValue, start),
        };
        if *flag {
            return fail(NAME, Rule::Duplicate, start);
        }
        *flag = true;
        start += item.len() + 1;
    }
    // The refusal is built only when there is one (`map_or` built it
    // eagerly on every list).
    match NotifyConditions::new(success, failure, delay) {
        Some(conditions) => Ok(Notify::On(conditions)),
        None => fail(NAME, Rule::Empty, at),
    }
}

impl Wire for RcptParameter<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Notify(Notify::Never) => out.put_str("NOTIFY=NEVER"),
            Self::Notify(Notify::On(c)) => {
                out.put_str("NOTIFY=");
                let mut first = true;
                for (set, name) in [
                    (c.success, "SUCCESS"),
                    (c.failure, "FAILURE"),
                    (c.delay, "DELAY"),
                ] {
                    if set {
                        if !first {
                            out.put_str(",");
                        }
                        out.put_str(name);
                        first = false;
                    }
                }
            }
            Self::Orcpt(o) => {
                out.put_str("ORCPT=");
                match &o.addr_type {
                    OrcptType::Rfc822 => out.put_str("rfc822"),
                    OrcptType::Utf8 => out.put_str("utf-8"),
                    OrcptType::Other(k) => k.write_to(out),
                }
                out.put_str(";");
                out.put_str(&o.address);
            }
            Self::Rrvs(r) => {
                out.put_str("RRVS=");
                r.since.write_to(out);
                match r.mode {
                    Some(RrvsMode::Continue) => out.put_str(";C"),
                    Some(RrvsMode::Reject) => out.put_str(";R"),
                    None => {}
                }
            }
            Self::Other(p) => p.write_to(out),
        }
    }
}

impl core::fmt::Display for RcptParameter<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl super::Parameters<'_, Rcpt> {
    /// The `NOTIFY=` value, if present.
    pub fn notify(&self) -> Option<Notify> {
        self.iter().find_map(|p| match p {
            RcptParameter::Notify(n) => Some(n),
            _ => None,
        })
    }
}

impl IntoStatic for Orcpt<'_> {
    type Static = Orcpt<'static>;

    fn into_static(self) -> Orcpt<'static> {
        Orcpt {
            addr_type: match self.addr_type {
                OrcptType::Rfc822 => OrcptType::Rfc822,
                OrcptType::Utf8 => OrcptType::Utf8,
                OrcptType::Other(k) => OrcptType::Other(k.into_static()),
            },
            address: self.address.into_static(),
        }
    }
}

impl IntoStatic for RcptParameter<'_> {
    type Static = RcptParameter<'static>;

    fn into_static(self) -> RcptParameter<'static> {
        match self {
            Self::Notify(n) => RcptParameter::Notify(n),
            Self::Orcpt(o) => RcptParameter::Orcpt(o.into_static()),
            Self::Rrvs(r) => RcptParameter::Rrvs(Rrvs {
                since: r.since.into_static(),
                mode: r.mode,
            }),
            Self::Other(p) => RcptParameter::Other(p.into_static()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// `parse_notify` as the grammar reads: `NEVER`, or the list split at
    /// every comma into upper-cased items, each one of three and none
    /// repeating an earlier one.
    fn notify_by_items(v: &str, at: usize) -> Result<Notify, ValidationError> {
        if v.eq_ignore_ascii_case("NEVER") {
            return Ok(Notify::Never);
        }
        let items: Vec<String> = v.split(',').map(str::to_ascii_uppercase).collect();
        let mut offset = at;
        for (i, item) in items.iter().enumerate() {
            let rule = if item == "NEVER" {
                Some(Rule::ValueMismatch)
            } else if !["SUCCESS", "FAILURE", "DELAY"].contains(&item.as_str()) {
                Some(Rule::UnsupportedValue)
            } else if items[..i].contains(item) {
                Some(Rule::Duplicate)
            } else {
                None
            };
            if let Some(rule) = rule {
                return Err(ValidationError::new(NAME, rule, offset));
            }
            offset += item.len() + 1;
        }
        let has = |name: &str| items.iter().any(|item| item == name);
        match NotifyConditions::new(has("SUCCESS"), has("FAILURE"), has("DELAY")) {
            Some(conditions) => Ok(Notify::On(conditions)),
            None => Err(ValidationError::new(NAME, Rule::Empty, at)),
        }
    }

    /// The ORCPT type is the text before the first `;`, named without
    /// regard to ASCII case, or else an `esmtp-keyword` of its own; on
    /// either side of the one-word cut (seven octets) and of the longest
    /// name told apart by the fold (fifteen).
    #[test]
    fn orcpt_types_are_named_without_regard_to_case() {
        let is_keyword = |k: &str| {
            k.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        let (mut named, mut other, mut refused) = (0, 0, 0);
        for kind in [
            "rfc822",
            "RFC822",
            "rFc822",
            "rfc822x",
            "rfc82",
            "xrfc822",
            "utf-8",
            "UTF-8",
            "Utf-8x",
            "utf8",
            "rfc822-and-more",
            "x-sixteen-octets",
            "x",
            "",
            "-x",
            "é",
        ] {
            let v = format!("{kind};u@example.com");
            let want = if kind.eq_ignore_ascii_case("rfc822") {
                named += 1;
                Some(OrcptType::Rfc822)
            } else if kind.eq_ignore_ascii_case("utf-8") {
                named += 1;
                Some(OrcptType::Utf8)
            } else if is_keyword(kind) {
                other += 1;
                Some(OrcptType::Other(EsmtpKeyword::new_unchecked(kind)))
            } else {
                refused += 1;
                None
            };
            let got = Orcpt::parse(&v, 0).ok().map(|o| o.addr_type);
            assert_eq!(got, want, "{v:?}");
        }
        assert_eq!((named, other, refused), (5, 8, 3));
        let missing = Orcpt::parse("rfc822", 6).unwrap_err();
        assert_eq!(
            (missing.rule(), missing.offset()),
            (&Rule::Expected("';' after the ORCPT address type"), 12)
        );
    }

    #[test]
    fn notify_lists_read_as_item_by_item() {
        for v in [
            "",
            ",",
            "NEVER",
            "never",
            "NEVERX",
            "SUCCESS",
            "success,FAILURE",
            "SUCCESS,",
            ",SUCCESS",
            "SUCCESS,,FAILURE",
            "SUCCESS,SUCCESS",
            "DELAY,NEVER",
            "FAILUREX",
            "SUCCESS,FAILURE,DELAY",
            "SUCCESSFAILURE",
            "é,SUCCESS",
        ] {
            assert_eq!(parse_notify(v, 7), notify_by_items(v, 7), "{v:?}");
        }
    }

    /// NOTIFY lists of one to four items: the three conditions in any
    /// case, NEVER, empty items and near misses, so repeats are common.
    fn notify_list() -> impl Strategy<Value = String> {
        let item = prop_oneof![
            Just("SUCCESS"),
            Just("failure"),
            Just("Delay"),
            Just("NEVER"),
            Just(""),
            Just("SUCCES"),
            Just("DELAYS"),
            Just("x"),
        ];
        proptest::collection::vec(item, 1..5).prop_map(|items| items.join(","))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn notify_lists_agree_with_the_item_reading(v in notify_list()) {
            prop_assert_eq!(parse_notify(&v, 7), notify_by_items(&v, 7), "{:?}", v);
        }
    }

    #[test]
    fn the_notify_property_reaches_each_answer() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let strategy = notify_list();
        let mut runner = TestRunner::deterministic();
        let (mut on, mut never, mut duplicate, mut unsupported) = (0, 0, 0, 0);
        for _ in 0..2000 {
            let v = strategy.new_tree(&mut runner).unwrap().current();
            match notify_by_items(&v, 7) {
                Ok(Notify::On(_)) => on += 1,
                Ok(Notify::Never) => never += 1,
                Err(e) if e.rule() == &Rule::Duplicate => duplicate += 1,
                Err(e) if e.rule() == &Rule::UnsupportedValue => unsupported += 1,
                Err(_) => {}
            }
        }
        let seen = format!("{on} {never} {duplicate} {unsupported}");
        assert!(
            on > 100 && never > 50 && duplicate > 50 && unsupported > 200,
            "{seen}"
        );
    }
}
