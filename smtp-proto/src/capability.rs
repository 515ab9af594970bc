//! `Capability`: one line of an EHLO reply, typed.

use alloc::borrow::Cow;

use crate::error::{Rule, ValidationError, fail};
use crate::number::parse_decimal;
use crate::split::{split, split_once};
use crate::wire::{Sink, Wire};
use crate::{AuthMechanism, EsmtpKeyword, Timestamp, keyword};

const NAME: &str = "Capability";

validated_str! {
    /// `ehlo-param *(SP ehlo-param)`, `ehlo-param = 1*(%d33-126)`: the
    /// parameters of an EHLO keyword, separated by single spaces.
    EhloParams, validate = validate_params, arbitrary = crate::arbitrary_support::ehlo_params
}

impl EhloParams<'_> {
    /// The parameters, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        split(&self.0, b' ')
    }
}

fn validate_params(text: &str) -> Result<(), ValidationError> {
    let mut start = 0;
    for param in split(text, b' ') {
        if param.is_empty() {
            return fail("EhloParams", Rule::Empty, start);
        }
        if let Some(at) = param.bytes().position(|b| !(33..=126).contains(&b)) {
            return fail(
                "EhloParams",
                Rule::UnexpectedByte(param.as_bytes()[at]),
                start + at,
            );
        }
        start += param.len() + 1;
    }
    Ok(())
}

validated_str! {
    /// The mechanisms of an AUTH capability: `sasl-mech *(SP sasl-mech)`.
    AuthMechanisms, validate = validate_mechanisms, arbitrary = crate::arbitrary_support::mechanisms
}

impl AuthMechanisms<'_> {
    /// The mechanisms, in the server's order.
    pub fn iter(&self) -> impl Iterator<Item = AuthMechanism<'_>> {
        split(&self.0, b' ').map(|m| AuthMechanism::new_unchecked(Cow::Borrowed(m)))
    }

    /// Whether `name` is among them, ignoring case.
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|m| m.is(name))
    }
}

fn validate_mechanisms(text: &str) -> Result<(), ValidationError> {
    let mut start = 0;
    for mech in split(text, b' ') {
        AuthMechanism::try_from(mech).map_err(|e| e.shifted(start))?;
        start += mech.len() + 1;
    }
    Ok(())
}

validated_str! {
    /// The `NAME=number` pairs of a LIMITS capability (RFC 9422).
    LimitParams, validate = validate_limits, arbitrary = crate::arbitrary_support::limits
}

impl LimitParams<'_> {
    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        split(&self.0, b' ').filter_map(|p| {
            let (name, value) = split_once(p, b'=')?;
            Some((name, value.parse().ok()?))
        })
    }

    /// The value of one limit, by name (ignoring case).
    pub fn get(&self, name: &str) -> Option<u64> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

fn validate_limits(text: &str) -> Result<(), ValidationError> {
    let mut start = 0;
    for pair in split(text, b' ') {
        let Some((name, value)) = split_once(pair, b'=') else {
            return fail("LimitParams", Rule::Expected("NAME=number"), start);
        };
        keyword::validate_keyword(name).map_err(|e| e.shifted(start))?;
        parse_decimal("LimitParams", value, 19, start + name.len() + 1)?;
        start += pair.len() + 1;
    }
    Ok(())
}

/// An EHLO keyword with its parameters.
///
/// # Example
///
/// ```
/// use smtp_proto::Capability;
///
/// assert_eq!(Capability::try_from("SIZE 35882577").unwrap(), Capability::Size(Some(35_882_577)));
/// let Capability::Auth(mechs) = Capability::try_from("AUTH PLAIN LOGIN XOAUTH2").unwrap() else { panic!() };
/// assert_eq!(mechs.iter().map(|m| m.as_str().to_owned()).collect::<Vec<_>>(), ["PLAIN", "LOGIN", "XOAUTH2"]);
/// let limits = Capability::try_from("LIMITS RCPTMAX=100 MAILMAX=10").unwrap();
/// let Capability::Limits(l) = &limits else { panic!() };
/// assert_eq!(l.get("RCPTMAX"), Some(100));
/// assert!(matches!(Capability::try_from("X-EXPS GSSAPI NTLM").unwrap(), Capability::Other { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `SIZE [n]` (RFC 1870); `None` when no fixed limit is given.
    Size(Option<u64>),
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `PIPELINING` (RFC 2920).
    Pipelining,
    /// `CHUNKING` (RFC 3030).
    Chunking,
    /// `BINARYMIME` (RFC 3030).
    BinaryMime,
    /// `SMTPUTF8` (RFC 6531).
    SmtpUtf8,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `AUTH mech...` (RFC 4954).
    Auth(AuthMechanisms<'a>),
    /// `AUTH=mech...`: the pre-standard form some servers still send.
    AuthLegacy(AuthMechanisms<'a>),
    /// `DSN` (RFC 3461).
    Dsn,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    EnhancedStatusCodes,
    /// `REQUIRETLS` (RFC 8689).
    RequireTls,
    /// `MT-PRIORITY [profile]` (RFC 6710).
    MtPriority(Option<EsmtpKeyword<'a>>),
    /// `DELIVERBY [min-by-time]` (RFC 2852).
    DeliverBy(Option<u32>),
    /// `FUTURERELEASE max-interval max-date-time` (RFC 4865).
    FutureRelease {
        /// Longest hold in seconds.
        max_interval: u32,
        /// Latest release time.
        max_datetime: Timestamp<'a>,
    },
    /// `RRVS` (RFC 7293).
    Rrvs,
    /// `LIMITS name=value...` (RFC 9422).
    Limits(LimitParams<'a>),
    /// `VRFY`.
    Vrfy,
    /// `EXPN`.
    Expn,
    /// `ETRN` (RFC 1985).
    Etrn,
    /// `HELP`.
    Help,
    /// Any other keyword, or a known keyword whose parameters do not fit it.
    Other {
        /// The keyword as written.
        keyword: EsmtpKeyword<'a>,
        /// Its parameters, if any.
        params: Option<EhloParams<'a>>,
    },
}

/// Keywords that take no parameters, with their variants.
const BARE: [(&str, Capability<'static>); 13] = [
    ("8BITMIME", Capability::EightBitMime),
    ("PIPELINING", Capability::Pipelining),
    ("CHUNKING", Capability::Chunking),
    ("BINARYMIME", Capability::BinaryMime),
    ("SMTPUTF8", Capability::SmtpUtf8),
    ("STARTTLS", Capability::StartTls),
    ("DSN", Capability::Dsn),
    ("ENHANCEDSTATUSCODES", Capability::EnhancedStatusCodes),
    ("REQUIRETLS", Capability::RequireTls),
    ("RRVS", Capability::Rrvs),
    ("VRFY", Capability::Vrfy),
    ("EXPN", Capability::Expn),
    ("ETRN", Capability::Etrn),
];

impl<'a> Capability<'a> {
    /// Types one `ehlo-line = ehlo-keyword *( SP ehlo-param )`, strictly: a
    /// known keyword whose parameters do not fit is an error here (a decoder
    /// may fall back to [`Capability::Other`]).
    ///
    /// # Errors
    /// When the line is not an `ehlo-line`, or a known keyword's parameters are malformed.
    pub fn parse(line: &'a str) -> Result<Self, ValidationError> {
        if let Some(mechs) = line
            .get(..5)
            .filter(|k| k.eq_ignore_ascii_case("AUTH="))
            .map(|_| &line[5..])
        {
            return AuthMechanisms::try_from(mechs)
                .map(Self::AuthLegacy)
                .map_err(|e| e.shifted(5));
        }
        let (key, params) = match split_once(line, b' ') {
            Some((k, p)) => (k, Some(p)),
            None => (line, None),
        };
        keyword::validate_keyword(key)?;
        let at = key.len() + 1;
        if let Some(p) = params {
            validate_params(p).map_err(|e| e.shifted(at))?;
        }
        let is = |k: &str| key.eq_ignore_ascii_case(k);
        if let Some((_, cap)) = BARE.iter().find(|(k, _)| is(k)) {
            return match params {
                None => Ok(cap.clone()),
                Some(_) => fail(NAME, Rule::ValueMismatch, at),
            };
        }
        let cap = match params {
            _ if is("HELP") => Self::Help,
            None if is("SIZE") => Self::Size(None),
            Some(p) if is("SIZE") => Self::Size(Some(parse_decimal(NAME, p, 20, at)?)),
            Some(p) if is("AUTH") => {
                Self::Auth(AuthMechanisms::try_from(p).map_err(|e| e.shifted(at))?)
            }
            None if is("MT-PRIORITY") => Self::MtPriority(None),
            Some(p) if is("MT-PRIORITY") => {
                keyword::validate_keyword(p).map_err(|e| e.shifted(at))?;
                Self::MtPriority(Some(EsmtpKeyword::new_unchecked(p)))
            }
            None if is("DELIVERBY") => Self::DeliverBy(None),
            Some(p) if is("DELIVERBY") => Self::DeliverBy(Some(parse_u32(p, at)?)),
            Some(p) if is("FUTURERELEASE") => {
                let Some((interval, datetime)) = split_once(p, b' ') else {
                    return fail(
                        NAME,
                        Rule::Expected("max-interval and max-date-time"),
                        at + p.len(),
                    );
                };
                Self::FutureRelease {
                    max_interval: parse_u32(interval, at)?,
                    max_datetime: Timestamp::try_from(datetime)
                        .map_err(|e| e.shifted(at + interval.len() + 1))?,
                }
            }
            Some(p) if is("LIMITS") => {
                Self::Limits(LimitParams::try_from(p).map_err(|e| e.shifted(at))?)
            }
            _ if is("SIZE")
                || is("AUTH")
                || is("DELIVERBY")
                || is("FUTURERELEASE")
                || is("LIMITS") =>
            {
                return fail(NAME, Rule::ValueMismatch, at);
            }
            _ => Self::Other {
                keyword: EsmtpKeyword::new_unchecked(key),
                params: params.map(EhloParams::new_unchecked),
            },
        };
        Ok(cap)
    }

    /// A copy that owns its text.
    #[must_use]
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Self::Size(n) => Capability::Size(n),
            Self::EightBitMime => Capability::EightBitMime,
            Self::Pipelining => Capability::Pipelining,
            Self::Chunking => Capability::Chunking,
            Self::BinaryMime => Capability::BinaryMime,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Auth(m) => Capability::Auth(m.into_owned()),
            Self::AuthLegacy(m) => Capability::AuthLegacy(m.into_owned()),
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::RequireTls => Capability::RequireTls,
            Self::MtPriority(p) => Capability::MtPriority(p.map(EsmtpKeyword::into_owned)),
            Self::DeliverBy(n) => Capability::DeliverBy(n),
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => Capability::FutureRelease {
                max_interval,
                max_datetime: max_datetime.into_owned(),
            },
            Self::Rrvs => Capability::Rrvs,
            Self::Limits(l) => Capability::Limits(l.into_owned()),
            Self::Vrfy => Capability::Vrfy,
            Self::Expn => Capability::Expn,
            Self::Etrn => Capability::Etrn,
            Self::Help => Capability::Help,
            Self::Other { keyword, params } => Capability::Other {
                keyword: keyword.into_owned(),
                params: params.map(EhloParams::into_owned),
            },
        }
    }
}

fn parse_u32(text: &str, at: usize) -> Result<u32, ValidationError> {
    let n = parse_decimal(NAME, text, 10, at)?;
    u32::try_from(n).map_or(fail(NAME, Rule::Overflow, at), Ok)
}

impl Wire for Capability<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        if let Some((k, _)) = BARE.iter().find(|(_, c)| c == self) {
            return out.put_str(k);
        }
        match self {
            Self::Size(n) => {
                out.put_str("SIZE");
                if let Some(n) = n {
                    out.put_str(" ");
                    out.put_u64(*n);
                }
            }
            Self::Auth(m) => {
                out.put_str("AUTH ");
                m.write_to(out);
            }
            Self::AuthLegacy(m) => {
                out.put_str("AUTH=");
                m.write_to(out);
            }
            Self::MtPriority(p) => {
                out.put_str("MT-PRIORITY");
                if let Some(p) = p {
                    out.put_str(" ");
                    p.write_to(out);
                }
            }
            Self::DeliverBy(n) => {
                out.put_str("DELIVERBY");
                if let Some(n) = n {
                    out.put_str(" ");
                    out.put_u64(u64::from(*n));
                }
            }
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => {
                out.put_str("FUTURERELEASE ");
                out.put_u64(u64::from(*max_interval));
                out.put_str(" ");
                max_datetime.write_to(out);
            }
            Self::Limits(l) => {
                out.put_str("LIMITS ");
                l.write_to(out);
            }
            Self::Help => out.put_str("HELP"),
            Self::Other { keyword, params } => {
                keyword.write_to(out);
                if let Some(p) = params {
                    out.put_str(" ");
                    p.write_to(out);
                }
            }
            _ => {}
        }
    }
}

impl<'a> TryFrom<&'a str> for Capability<'a> {
    type Error = ValidationError;
    fn try_from(line: &'a str) -> Result<Self, Self::Error> {
        Self::parse(line)
    }
}

composite_conversions!(Capability);
