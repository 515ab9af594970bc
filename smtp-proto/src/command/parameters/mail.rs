//! The parameters of `MAIL FROM` (RFC 1870, 6152, 3030, 6531, 3461, 4954,
//! 8689, 6710, 2852, 4865).

use crate::command::keyword::Folded;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::number::parse_decimal;
use crate::wire::{Sink, Wire};
use crate::{IntoStatic, Timestamp, XText};

use super::{ExtensionParameter, Mail, ParameterKind};

const NAME: ValueKind = ValueKind::MailParameter;

/// One `MAIL FROM` parameter. Unknown keywords pass through as
/// [`MailParameter::Other`]; a known keyword is always typed.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MailParameter<'a> {
    /// `SIZE=n`: the message size in octets (RFC 1870).
    Size(u64),
    /// `BODY=`: the body type (RFC 6152, RFC 3030).
    Body(Body),
    /// `SMTPUTF8` (RFC 6531).
    SmtpUtf8,
    /// `RET=FULL|HDRS` (RFC 3461).
    Ret(Ret),
    /// `ENVID=xtext` (RFC 3461), at most 100 octets.
    EnvId(XText<'a>),
    /// `AUTH=xtext` or `AUTH=<>` (`None`) (RFC 4954 §5).
    Auth(Option<XText<'a>>),
    /// `REQUIRETLS` (RFC 8689).
    RequireTls,
    /// `MT-PRIORITY=n`, -9..=9 (RFC 6710).
    MtPriority(MtPriority),
    /// `BY=time;mode[T]` (RFC 2852).
    By(DeliverBy),
    /// `HOLDFOR=seconds` (RFC 4865).
    HoldFor(u32),
    /// `HOLDUNTIL=date-time` (RFC 4865).
    HoldUntil(Timestamp<'a>),
    /// Any other parameter, kept as written.
    Other(ExtensionParameter<'a>),
}

/// `BODY=` values.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Body {
    /// `7BIT`.
    SevenBit,
    /// `8BITMIME`.
    EightBitMime,
    /// `BINARYMIME` (needs BDAT).
    BinaryMime,
}

/// `RET=` values: what a failure DSN returns.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `FULL`: the whole message.
    Full,
    /// `HDRS`: the headers only.
    Hdrs,
}

/// An MT-PRIORITY value, -9 (lowest) to 9 (highest).
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "i8", into = "i8")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MtPriority(i8);

impl MtPriority {
    /// A priority in -9..=9.
    ///
    /// # Errors
    /// [`Rule::OutOfRange`] outside -9..=9.
    pub const fn new(priority: i8) -> Result<Self, ValidationError> {
        if priority < -9 || priority > 9 {
            return fail(
                ValueKind::MtPriority,
                Rule::OutOfRange { min: -9, max: 9 },
                0,
            );
        }
        Ok(Self(priority))
    }

    /// The priority.
    pub const fn get(self) -> i8 {
        self.0
    }
}

/// `BY=` of RFC 2852: deliver within `seconds`, or do `mode`.
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::serde_repr::DeliverByRepr",
        into = "crate::serde_repr::DeliverByRepr"
    )
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeliverBy {
    seconds: i32,
    mode: ByMode,
    trace: bool,
}

/// What to do when a BY deadline passes.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: notify the sender, keep trying.
    Notify,
    /// `R`: return the message as undeliverable.
    Return,
}

impl DeliverBy {
    /// A deadline of `seconds` (-999 999 999..=999 999 999).
    ///
    /// # Errors
    /// [`Rule::OutOfRange`] when `seconds` needs more than nine digits.
    pub const fn new(seconds: i32, mode: ByMode, trace: bool) -> Result<Self, ValidationError> {
        if seconds < -999_999_999 || seconds > 999_999_999 {
            return fail(
                ValueKind::DeliverBy,
                Rule::OutOfRange {
                    min: -999_999_999,
                    max: 999_999_999,
                },
                0,
            );
        }
        Ok(Self {
            seconds,
            mode,
            trace,
        })
    }

    /// The deadline in seconds from receipt.
    pub const fn seconds(self) -> i32 {
        self.seconds
    }

    /// What happens when the deadline passes.
    pub const fn mode(self) -> ByMode {
        self.mode
    }

    /// Whether trace information was asked for (`T`).
    pub const fn trace(self) -> bool {
        self.trace
    }
}

impl ParameterKind for Mail {
    type Item<'b> = MailParameter<'b>;
    const NAME: ValueKind = NAME;

    fn parse(param: &str) -> Result<MailParameter<'_>, ValidationError> {
        MailParameter::parse(param)
    }

    fn slot(item: &MailParameter<'_>) -> Option<u32> {
        Some(match item {
            MailParameter::Size(_) => 0,
            MailParameter::Body(_) => 1,
            MailParameter::SmtpUtf8 => 2,
            MailParameter::Ret(_) => 3,
            MailParameter::EnvId(_) => 4,
            MailParameter::Auth(_) => 5,
            MailParameter::RequireTls => 6,
            MailParameter::MtPriority(_) => 7,
            MailParameter::By(_) => 8,
            MailParameter::HoldFor(_) => 9,
            MailParameter::HoldUntil(_) => 10,
            MailParameter::Other(_) => return None,
        })
    }
}

impl<'a> MailParameter<'a> {
    /// Types one `esmtp-keyword ["=" esmtp-value]`.
    ///
    /// # Errors
    /// When a known keyword has a malformed or unsupported value, or the text
    /// is not an `esmtp-param`.
    pub fn parse(param: &'a str) -> Result<Self, ValidationError> {
        let (folded, key, value) = Folded::cut(param, b'=');
        let at = key.len() + 1;
        let item = match (folded, value) {
            (SMTPUTF8, None) => Self::SmtpUtf8,
            (REQUIRETLS, None) => Self::RequireTls,
            (SIZE, Some(v)) => Self::Size(parse_decimal(NAME, v, 20, at)?),
            (BODY, Some(v)) => Self::Body(parse_body(v, at)?),
            (RET, Some(v)) => Self::Ret(parse_ret(v, at)?),
            (ENVID, Some(v)) => Self::EnvId(parse_envid(v, at)?),
            (AUTH, Some("<>")) => Self::Auth(None),
            (AUTH, Some(v)) => Self::Auth(Some(nonempty_xtext(v, at)?)),
            (MT_PRIORITY, Some(v)) => Self::MtPriority(parse_priority(v, at)?),
            (BY, Some(v)) => Self::By(parse_by(v, at)?),
            (HOLDFOR, Some(v)) => Self::HoldFor(parse_u32(v, at)?),
            (HOLDUNTIL, Some(v)) => {
                Self::HoldUntil(Timestamp::try_from(v).map_err(|e| e.shifted(at))?)
            }
            (folded, _) if KNOWN.contains(&folded) => return fail(NAME, Rule::ValueMismatch, 0),
            _ => Self::Other(ExtensionParameter::parse(key, value, at)?),
        };
        Ok(item)
    }
}

const SIZE: Folded = Folded::of("SIZE");
const BODY: Folded = Folded::of("BODY");
const SMTPUTF8: Folded = Folded::of("SMTPUTF8");
const RET: Folded = Folded::of("RET");
const ENVID: Folded = Folded::of("ENVID");
const AUTH: Folded = Folded::of("AUTH");
const REQUIRETLS: Folded = Folded::of("REQUIRETLS");
const MT_PRIORITY: Folded = Folded::of("MT-PRIORITY");
const BY: Folded = Folded::of("BY");
const HOLDFOR: Folded = Folded::of("HOLDFOR");
const HOLDUNTIL: Folded = Folded::of("HOLDUNTIL");

/// The keywords this model types; they never appear as `Other`.
const KNOWN: [Folded; 11] = [
    SIZE,
    BODY,
    SMTPUTF8,
    RET,
    ENVID,
    AUTH,
    REQUIRETLS,
    MT_PRIORITY,
    BY,
    HOLDFOR,
    HOLDUNTIL,
];

fn parse_body(v: &str, at: usize) -> Result<Body, ValidationError> {
    const SEVEN_BIT: Folded = Folded::of("7BIT");
    const EIGHT_BIT_MIME: Folded = Folded::of("8BITMIME");
    const BINARY_MIME: Folded = Folded::of("BINARYMIME");
    match Folded::new(v) {
        SEVEN_BIT => Ok(Body::SevenBit),
        EIGHT_BIT_MIME => Ok(Body::EightBitMime),
        BINARY_MIME => Ok(Body::BinaryMime),
        _ => fail(NAME, Rule::UnsupportedValue, at),
    }
}

fn parse_ret(v: &str, at: usize) -> Result<Ret, ValidationError> {
    const FULL: Folded = Folded::of("FULL");
    const HDRS: Folded = Folded::of("HDRS");
    match Folded::new(v) {
        FULL => Ok(Ret::Full),
        HDRS => Ok(Ret::Hdrs),
        _ => fail(NAME, Rule::UnsupportedValue, at),
    }
}

fn nonempty_xtext(v: &str, at: usize) -> Result<XText<'_>, ValidationError> {
    if v.is_empty() {
        return fail(NAME, Rule::Empty, at);
    }
    XText::try_from(v).map_err(|e| e.shifted(at))
}

/// ENVID is at most 100 characters (RFC 3461 §4.4).
fn parse_envid(v: &str, at: usize) -> Result<XText<'_>, ValidationError> {
    if v.len() > 100 {
        return fail(NAME, Rule::TooLong { limit: 100 }, at + 100);
    }
    nonempty_xtext(v, at)
}

fn parse_u32(v: &str, at: usize) -> Result<u32, ValidationError> {
    let n = parse_decimal(NAME, v, 9, at)?;
    u32::try_from(n).or_else(|_| fail(NAME, Rule::Overflow, at))
}

/// `priority-value = [ "-" / "+" ] 1DIGIT` (RFC 6710 §3).
fn parse_priority(v: &str, at: usize) -> Result<MtPriority, ValidationError> {
    let (negative, digits) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, v),
    };
    let sign_len = v.len() - digits.len();
    let n = parse_decimal(NAME, digits, 3, at + sign_len)?;
    if n > 9 {
        return fail(NAME, Rule::OutOfRange { min: -9, max: 9 }, at);
    }
    // n is at most 9.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let n = n as i8;
    MtPriority::new(if negative { -n } else { n })
}

/// `by-value = by-time ";" by-mode [ by-trace ]`, `by-time = ["-" / "+"] 1*9digit`.
fn parse_by(v: &str, at: usize) -> Result<DeliverBy, ValidationError> {
    let Some((time, mode)) = crate::split::split_once(v, b';') else {
        return fail(NAME, Rule::Expected("';' and a BY mode"), at + v.len());
    };
    let (negative, digits) = match time.as_bytes().first() {
        Some(b'-') => (true, &time[1..]),
        Some(b'+') => (false, &time[1..]),
        _ => (false, time),
    };
    let seconds = parse_decimal(NAME, digits, 9, at + time.len() - digits.len())?;
    // At most nine digits: fits an i32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let seconds = if negative {
        -(seconds as i32)
    } else {
        seconds as i32
    };
    let mode_at = at + time.len() + 1;
    let (mode, trace) = match mode.as_bytes() {
        [m] => (*m, false),
        [m, b'T' | b't'] => (*m, true),
        _ => {
            return fail(
                NAME,
                Rule::Expected("BY mode N or R, then an optional T"),
                mode_at,
            );
        }
    };
    let mode = match mode {
        b'N' | b'n' => ByMode::Notify,
        b'R' | b'r' => ByMode::Return,
        _ => return fail(NAME, Rule::UnsupportedValue, mode_at),
    };
    DeliverBy::new(seconds, mode, trace).map_err(|e| e.shifted(at))
}

impl Wire for MailParameter<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Size(n) => {
                out.put_str("SIZE=");
                out.put_u64(*n);
            }
            Self::Body(b) => out.put_str(match b {
                Body::SevenBit => "BODY=7BIT",
                Body::EightBitMime => "BODY=8BITMIME",
                Body::BinaryMime => "BODY=BINARYMIME",
            }),
            Self::SmtpUtf8 => out.put_str("SMTPUTF8"),
            Self::Ret(Ret::Full) => out.put_str("RET=FULL"),
            Self::Ret(Ret::Hdrs) => out.put_str("RET=HDRS"),
            Self::EnvId(x) => {
                out.put_str("ENVID=");
                x.write_to(out);
            }
            Self::Auth(None) => out.put_str("AUTH=<>"),
            Self::Auth(Some(x)) => {
                out.put_str("AUTH=");
                x.write_to(out);
            }
            Self::RequireTls => out.put_str("REQUIRETLS"),
            Self::MtPriority(p) => {
                out.put_str("MT-PRIORITY=");
                out.put_i64(i64::from(p.get()));
            }
            Self::By(by) => {
                out.put_str("BY=");
                out.put_i64(i64::from(by.seconds));
                out.put_str(match by.mode {
                    ByMode::Notify => ";N",
                    ByMode::Return => ";R",
                });
                if by.trace {
                    out.put_str("T");
                }
            }
            Self::HoldFor(s) => {
                out.put_str("HOLDFOR=");
                out.put_u64(u64::from(*s));
            }
            Self::HoldUntil(t) => {
                out.put_str("HOLDUNTIL=");
                t.write_to(out);
            }
            Self::Other(p) => p.write_to(out),
        }
    }
}

impl core::fmt::Display for MailParameter<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl super::Parameters<'_, Mail> {
    /// The `SIZE=` value, if present.
    pub fn size(&self) -> Option<u64> {
        self.iter().find_map(|p| match p {
            MailParameter::Size(n) => Some(n),
            _ => None,
        })
    }

    /// The `BODY=` value, if present.
    pub fn body(&self) -> Option<Body> {
        self.iter().find_map(|p| match p {
            MailParameter::Body(b) => Some(b),
            _ => None,
        })
    }

    /// Whether `SMTPUTF8` is present.
    pub fn smtputf8(&self) -> bool {
        self.iter().any(|p| p == MailParameter::SmtpUtf8)
    }
}

impl IntoStatic for MailParameter<'_> {
    type Static = MailParameter<'static>;

    fn into_static(self) -> MailParameter<'static> {
        match self {
            Self::Size(n) => MailParameter::Size(n),
            Self::Body(b) => MailParameter::Body(b),
            Self::SmtpUtf8 => MailParameter::SmtpUtf8,
            Self::Ret(r) => MailParameter::Ret(r),
            Self::EnvId(x) => MailParameter::EnvId(x.into_static()),
            Self::Auth(x) => MailParameter::Auth(x.map(IntoStatic::into_static)),
            Self::RequireTls => MailParameter::RequireTls,
            Self::MtPriority(p) => MailParameter::MtPriority(p),
            Self::By(b) => MailParameter::By(b),
            Self::HoldFor(s) => MailParameter::HoldFor(s),
            Self::HoldUntil(t) => MailParameter::HoldUntil(t.into_static()),
            Self::Other(p) => MailParameter::Other(p.into_static()),
        }
    }
}
