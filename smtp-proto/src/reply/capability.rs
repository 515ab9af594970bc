//! `Capability`: one line of an EHLO reply, typed.

use alloc::borrow::Cow;

use crate::command::auth::{MECHANISM_MAX, validate_mechanism};
use crate::command::keyword;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::number::parse_decimal;
use crate::split::{split, split_once};
use crate::wire::{Sink, Wire};
use crate::{AuthMechanism, EsmtpKeyword, IntoStatic, Timestamp, chars};

const NAME: ValueKind = ValueKind::Capability;

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

/// One pass over the octets: each parameter is refused where it is empty
/// or at its first octet outside `%d33-126`, whichever comes first.
fn validate_params(text: &str) -> Result<(), ValidationError> {
    let mut start = 0;
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if b == b' ' {
            if at == start {
                return fail(ValueKind::EhloParams, Rule::Empty, start);
            }
            start = at + 1;
        } else if !(33..=126).contains(&b) {
            return fail(ValueKind::EhloParams, Rule::UnexpectedByte(b), at);
        }
    }
    if start == text.len() {
        return fail(ValueKind::EhloParams, Rule::Empty, start);
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

/// One pass: each mechanism runs to the first octet that is no mech-char,
/// which must be SP or the end; only a mechanism that does not pass goes
/// through [`validate_mechanism`] for its error. (Splitting first, then
/// building an `AuthMechanism` per piece, took 1,400 instructions for six
/// mechanisms; this takes 550. Callgrind.)
fn validate_mechanisms(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let end = mech_run_end(bytes, start);
        let len = end - start;
        if len == 0 || len > MECHANISM_MAX || bytes.get(end).is_some_and(|&b| b != b' ') {
            let mech = split_once(&text[start..], b' ').map_or(&text[start..], |(m, _)| m);
            validate_mechanism(mech).map_err(|e| e.shifted(start))?;
        }
        if end >= bytes.len() {
            return Ok(());
        }
        start = end + 1;
    }
}

/// The end of the run of mech-chars at `bytes[start..]`.
fn mech_run_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| !chars::is_mech_char(b))
        .map_or(bytes.len(), |len| start + len)
}

/// Where the mechanisms from `start` end, when they run to a CR, an LF or
/// the end of `bytes` and each passes [`validate_mechanism`] (1 to 20
/// mech-chars, single spaces between them); `None` otherwise.
fn mechanisms_end(bytes: &[u8], mut start: usize) -> Option<usize> {
    loop {
        let end = mech_run_end(bytes, start);
        let len = end - start;
        if len == 0 || len > MECHANISM_MAX {
            return None;
        }
        match bytes.get(end) {
            Some(b' ') => start = end + 1,
            None | Some(b'\r' | b'\n') => return Some(end),
            Some(_) => return None,
        }
    }
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
            return fail(ValueKind::LimitParams, Rule::Expected("NAME=number"), start);
        };
        keyword::validate_keyword(name).map_err(|e| e.shifted(start))?;
        parse_decimal(ValueKind::LimitParams, value, 19, start + name.len() + 1)?;
        start += pair.len() + 1;
    }
    Ok(())
}

/// An EHLO keyword with its parameters.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::Capability;
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

/// Declares [`Keyword`] with each keyword's name written once, for both
/// parsing ([`Keyword::name`]) and writing ([`Keyword::write_to`]).
macro_rules! keywords {
    ($($variant:ident => $name:literal,)*) => {
        /// The keywords this type knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Keyword {
            $($variant,)*
        }

        impl Keyword {
            const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// Whether `key` is the name, ignoring case: one literal per
            /// arm, so the name's words are constants (see [`eq_fold`]).
            #[inline]
            fn is(self, key: &[u8]) -> bool {
                match self {
                    $(Self::$variant => eq_fold(key, $name.as_bytes()),)*
                }
            }

            /// Writes the name. One literal per arm, so a byte sink copies
            /// it with a few stores, not a `memcpy` call (callgrind).
            fn write_to<S: Sink + ?Sized>(self, out: &mut S) {
                match self {
                    $(Self::$variant => out.put_str($name),)*
                }
            }
        }
    };
}

keywords! {
    Size => "SIZE",
    EightBitMime => "8BITMIME",
    Pipelining => "PIPELINING",
    Chunking => "CHUNKING",
    BinaryMime => "BINARYMIME",
    SmtpUtf8 => "SMTPUTF8",
    StartTls => "STARTTLS",
    Auth => "AUTH",
    Dsn => "DSN",
    EnhancedStatusCodes => "ENHANCEDSTATUSCODES",
    RequireTls => "REQUIRETLS",
    MtPriority => "MT-PRIORITY",
    DeliverBy => "DELIVERBY",
    FutureRelease => "FUTURERELEASE",
    Rrvs => "RRVS",
    Limits => "LIMITS",
    Vrfy => "VRFY",
    Expn => "EXPN",
    Etrn => "ETRN",
    Help => "HELP",
}

/// Whether `key` is `name` (letters, digits and hyphens), ignoring case.
///
/// Setting bit 5 folds a letter's case, so the comparison sets it in the
/// octets where `name` has a letter and compares the others exactly (set
/// there too, it would take a control for a digit or hyphen: 0x18 for
/// `8`, CR for `-`). It is made a word at a time, the last word
/// overlapping the one before (two words for 19 octets, one or two half
/// words below 8), and inlined where `name` is a literal, whose words and
/// letter masks are then constants: octet by octet it cost 5 instructions
/// an octet (callgrind, an EHLO reply).
#[inline(always)]
fn eq_fold(key: &[u8], name: &[u8]) -> bool {
    #[inline]
    fn word<const N: usize>(bytes: &[u8], at: usize) -> u64 {
        let mut w = [0; 8];
        if let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<N>) {
            w[..N].copy_from_slice(chunk);
        }
        u64::from_le_bytes(w)
    }
    /// Bit 5 in each octet where `name` has a letter.
    #[inline]
    fn letters<const N: usize>(name: &[u8], at: usize) -> u64 {
        let mut mask = [0; 8];
        if let Some(chunk) = name.get(at..).and_then(<[u8]>::first_chunk::<N>) {
            for (m, c) in mask.iter_mut().zip(chunk) {
                *m = if c.is_ascii_alphabetic() { 0x20 } else { 0 };
            }
        }
        u64::from_le_bytes(mask)
    }
    /// The bits where the `N` octets at `at` differ, case aside.
    #[inline]
    fn differ<const N: usize>(key: &[u8], name: &[u8], at: usize) -> u64 {
        let fold = letters::<N>(name, at);
        (word::<N>(key, at) | fold) ^ (word::<N>(name, at) | fold)
    }
    let n = name.len();
    if key.len() != n {
        return false;
    }
    let differ = match n {
        0 => 0,
        1 => differ::<1>(key, name, 0),
        2..4 => differ::<2>(key, name, 0) | differ::<2>(key, name, n - 2),
        4..8 => differ::<4>(key, name, 0) | differ::<4>(key, name, n - 4),
        _ => {
            let mut bits = differ::<8>(key, name, n - 8);
            let mut at = 0;
            while at + 8 < n {
                bits |= differ::<8>(key, name, at);
                at += 8;
            }
            bits
        }
    };
    differ == 0
}

impl Keyword {
    /// The known keyword `bytes` starts with, ignoring case: its name,
    /// followed by the end or an octet that is no letter, digit or hyphen.
    /// So it is the keyword the whole run of letters, digits and hyphens at
    /// the start names, found without finding the run's end first.
    ///
    /// The first two octets pick the one candidate, whose name is then
    /// compared in words ([`eq_fold`]), in the arm that picked it, where
    /// the name is a constant. Against finding the run's end octet by
    /// octet, then picking by length and first octet, the EHLO reply of the
    /// benchmarks went from 5 263 to 4 618 instructions (callgrind); the
    /// comparison after the match, on a variable keyword, took 4 839.
    #[inline]
    fn at_start(bytes: &[u8]) -> Option<Self> {
        let first = bytes.first()? | 0x20;
        let second = bytes.get(1).map_or(0, |b| b | 0x20);
        // Checked in each arm, so that the name is a constant there.
        let found = |kw: Self| {
            let n = kw.name().len();
            let named = bytes.get(..n).is_some_and(|key| kw.is(key));
            (named && !bytes.get(n).is_some_and(|&b| chars::is_ldh(b))).then_some(kw)
        };
        match (first, second) {
            (b'8', _) => found(Self::EightBitMime),
            (b'a', _) => found(Self::Auth),
            (b'b', _) => found(Self::BinaryMime),
            (b'c', _) => found(Self::Chunking),
            (b'd', b'e') => found(Self::DeliverBy),
            (b'd', _) => found(Self::Dsn),
            (b'e', b'n') => found(Self::EnhancedStatusCodes),
            (b'e', b'x') => found(Self::Expn),
            (b'e', _) => found(Self::Etrn),
            (b'f', _) => found(Self::FutureRelease),
            (b'h', _) => found(Self::Help),
            (b'l', _) => found(Self::Limits),
            (b'm', _) => found(Self::MtPriority),
            (b'p', _) => found(Self::Pipelining),
            (b'r', b'e') => found(Self::RequireTls),
            (b'r', _) => found(Self::Rrvs),
            (b's', b'i') => found(Self::Size),
            (b's', b't') => found(Self::StartTls),
            (b's', _) => found(Self::SmtpUtf8),
            (b'v', _) => found(Self::Vrfy),
            _ => None,
        }
    }

    /// The capability of the keyword alone: `None` for those that need
    /// parameters.
    const fn bare(self) -> Option<Capability<'static>> {
        Some(match self {
            Self::Size => Capability::Size(None),
            Self::EightBitMime => Capability::EightBitMime,
            Self::Pipelining => Capability::Pipelining,
            Self::Chunking => Capability::Chunking,
            Self::BinaryMime => Capability::BinaryMime,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::RequireTls => Capability::RequireTls,
            Self::MtPriority => Capability::MtPriority(None),
            Self::DeliverBy => Capability::DeliverBy(None),
            Self::Rrvs => Capability::Rrvs,
            Self::Vrfy => Capability::Vrfy,
            Self::Expn => Capability::Expn,
            Self::Etrn => Capability::Etrn,
            Self::Help => Capability::Help,
            Self::Auth | Self::FutureRelease | Self::Limits => return None,
        })
    }
}

impl<'a> Capability<'a> {
    /// Types one `ehlo-line = ehlo-keyword *( SP ehlo-param )`, strictly: a
    /// known keyword whose parameters do not fit is an error here (a decoder
    /// may fall back to [`Capability::Other`]).
    ///
    /// # Errors
    /// When the line is not an `ehlo-line`, or a known keyword's parameters are malformed.
    #[inline]
    pub fn parse(line: &'a str) -> Result<Self, ValidationError> {
        let bytes = line.as_bytes();
        // One pass over the keyword's letters, digits and hyphens finds its
        // end and checks it; splitting at SP first took two (callgrind).
        let len = bytes
            .iter()
            .position(|&b| !chars::is_ldh(b))
            .unwrap_or(bytes.len());
        let key = &line[..len];
        let params = match bytes.get(len) {
            None => None,
            Some(b' ') => Some(&line[len + 1..]),
            Some(b'=') if key.eq_ignore_ascii_case("AUTH") => {
                return AuthMechanisms::try_from(&line[5..])
                    .map(Self::AuthLegacy)
                    .map_err(|e| e.shifted(5));
            }
            // Another octet inside the keyword, which `validate_keyword`
            // refuses.
            Some(&b) => {
                let key = split_once(line, b' ').map_or(line, |(k, _)| k);
                keyword::validate_keyword(key)?;
                return fail(NAME, Rule::UnexpectedByte(b), len);
            }
        };
        if len == 0 || bytes[0] == b'-' {
            keyword::validate_keyword(key)?;
        }
        let at = key.len() + 1;
        // The key is the whole run, so this is the keyword it names.
        let Some(kw) = Keyword::at_start(bytes) else {
            if let Some(p) = params {
                validate_params(p).map_err(|e| e.shifted(at))?;
            }
            return Ok(Self::Other {
                keyword: EsmtpKeyword::new_unchecked(key),
                params: params.map(EhloParams::new_unchecked),
            });
        };
        let Some(p) = params else {
            return match kw.bare() {
                Some(cap) => Ok(cap),
                None => fail(NAME, Rule::ValueMismatch, at),
            };
        };
        // SIZE and AUTH parameters that parse are printable pieces, none
        // empty, so they pass the general check: it runs (for its error to
        // come first) only when they fail.
        let typed = match kw {
            Keyword::Size => parse_decimal(NAME, p, 20, at).map(|n| Self::Size(Some(n))),
            Keyword::Auth => AuthMechanisms::try_from(p)
                .map(Self::Auth)
                .map_err(|e| e.shifted(at)),
            _ => fail(NAME, Rule::ValueMismatch, at),
        };
        if typed.is_ok() {
            return typed;
        }
        validate_params(p).map_err(|e| e.shifted(at))?;
        let cap = match kw {
            Keyword::Help => Self::Help,
            Keyword::MtPriority => {
                keyword::validate_keyword(p).map_err(|e| e.shifted(at))?;
                Self::MtPriority(Some(EsmtpKeyword::new_unchecked(p)))
            }
            Keyword::DeliverBy => Self::DeliverBy(Some(parse_u32(p, at)?)),
            Keyword::FutureRelease => {
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
            Keyword::Limits => Self::Limits(LimitParams::try_from(p).map_err(|e| e.shifted(at))?),
            // SIZE and AUTH with their own error; a keyword that takes no
            // parameters with `ValueMismatch`.
            _ => return typed,
        };
        Ok(cap)
    }

    /// Types the `ehlo-line` at the start of `text`, which runs to the first
    /// CR or LF (or to the end of `text`): returns the line's length and
    /// what [`parse`](Self::parse) says of the line.
    ///
    /// For a decoder reading the lines of an EHLO reply in place: the line
    /// end is found by the same pass that checks the line, where that is
    /// the last octet the check reads (a keyword alone, `SIZE n`, `AUTH
    /// mechs`), and by a separate search otherwise.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), for the line.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::Capability;
    ///
    /// let (len, cap) = Capability::parse_line("SIZE 1000\r\n250 DSN\r\n");
    /// assert_eq!((len, cap), (9, Ok(Capability::Size(Some(1000)))));
    /// assert_eq!(Capability::parse_line("DSN").0, 3);
    /// ```
    #[inline]
    pub fn parse_line(text: &'a str) -> (usize, Result<Self, ValidationError>) {
        let bytes = text.as_bytes();
        let line_end = |at: usize| matches!(bytes.get(at), None | Some(b'\r' | b'\n'));
        let known = Keyword::at_start(bytes);
        let len = known.map_or_else(
            || {
                bytes
                    .iter()
                    .position(|&b| !chars::is_ldh(b))
                    .unwrap_or(bytes.len())
            },
            |kw| kw.name().len(),
        );
        match known {
            Some(kw) if line_end(len) => {
                if let Some(cap) = kw.bare() {
                    return (len, Ok(cap));
                }
            }
            Some(Keyword::Size) if bytes[len] == b' ' => {
                let digits = bytes[len + 1..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .map_or(bytes.len(), |d| len + 1 + d);
                let count = digits - (len + 1);
                if (1..=19).contains(&count) && line_end(digits) {
                    // 19 digits cannot overflow a `u64`.
                    let n = bytes[len + 1..digits]
                        .iter()
                        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
                    return (digits, Ok(Self::Size(Some(n))));
                }
            }
            Some(Keyword::Auth) if bytes[len] == b' ' => {
                if let Some(end) = mechanisms_end(bytes, len + 1) {
                    let mechs = AuthMechanisms::new_unchecked(&text[len + 1..end]);
                    return (end, Ok(Self::Auth(mechs)));
                }
            }
            _ => {}
        }
        let end = bytes[len..]
            .iter()
            .position(|&b| b == b'\r' || b == b'\n')
            .map_or(bytes.len(), |at| len + at);
        (end, Self::parse(&text[..end]))
    }

    /// The EHLO keyword: upper case for a known capability (`AUTH` for both
    /// AUTH forms), as written for [`Capability::Other`].
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::Capability;
    ///
    /// assert_eq!(Capability::try_from("size 1000").unwrap().name(), "SIZE");
    /// assert_eq!(Capability::try_from("AUTH=LOGIN").unwrap().name(), "AUTH");
    /// assert_eq!(Capability::try_from("XClient NAME").unwrap().name(), "XClient");
    /// ```
    pub fn name(&self) -> &str {
        match (self.keyword(), self) {
            (Some(keyword), _) => keyword.name(),
            (None, Self::Other { keyword, .. }) => keyword.as_str(),
            // Every capability but `Other` has a known keyword.
            (None, _) => "",
        }
    }

    /// Whether `other` is advertised under the same EHLO keyword, ignoring
    /// ASCII case and the parameters: what "the server has this capability"
    /// means. Two unknown capabilities are the same only when their keywords
    /// are, and a known keyword whose parameters did not fit it (kept as
    /// [`Capability::Other`]) is still that keyword.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::{Capability, EhloParams, EsmtpKeyword};
    ///
    /// let xfoo = Capability::try_from("XFOO")?;
    /// assert!(!xfoo.same_keyword(&Capability::try_from("XCLIENT NAME")?));
    /// assert!(xfoo.same_keyword(&Capability::try_from("xfoo bar")?));
    /// assert!(Capability::Size(Some(10)).same_keyword(&Capability::Size(None)));
    /// // `SIZE lots`, as a lenient reader keeps it:
    /// let odd = Capability::Other {
    ///     keyword: EsmtpKeyword::try_from("SIZE")?,
    ///     params: Some(EhloParams::try_from("lots")?),
    /// };
    /// assert!(odd.same_keyword(&Capability::Size(None)));
    /// # Ok::<(), smtp_sansio_proto::ValidationError>(())
    /// ```
    pub fn same_keyword(&self, other: &Capability<'_>) -> bool {
        match (self.keyword(), other.keyword()) {
            (Some(a), Some(b)) => a == b,
            _ => self.name().eq_ignore_ascii_case(other.name()),
        }
    }

    /// The known keyword this capability is written with; `None` for `Other`.
    const fn keyword(&self) -> Option<Keyword> {
        Some(match self {
            Self::Size(_) => Keyword::Size,
            Self::EightBitMime => Keyword::EightBitMime,
            Self::Pipelining => Keyword::Pipelining,
            Self::Chunking => Keyword::Chunking,
            Self::BinaryMime => Keyword::BinaryMime,
            Self::SmtpUtf8 => Keyword::SmtpUtf8,
            Self::StartTls => Keyword::StartTls,
            Self::Auth(_) | Self::AuthLegacy(_) => Keyword::Auth,
            Self::Dsn => Keyword::Dsn,
            Self::EnhancedStatusCodes => Keyword::EnhancedStatusCodes,
            Self::RequireTls => Keyword::RequireTls,
            Self::MtPriority(_) => Keyword::MtPriority,
            Self::DeliverBy(_) => Keyword::DeliverBy,
            Self::FutureRelease { .. } => Keyword::FutureRelease,
            Self::Rrvs => Keyword::Rrvs,
            Self::Limits(_) => Keyword::Limits,
            Self::Vrfy => Keyword::Vrfy,
            Self::Expn => Keyword::Expn,
            Self::Etrn => Keyword::Etrn,
            Self::Help => Keyword::Help,
            Self::Other { .. } => return None,
        })
    }
}

fn parse_u32(text: &str, at: usize) -> Result<u32, ValidationError> {
    let n = parse_decimal(NAME, text, 10, at)?;
    u32::try_from(n).or_else(|_| fail(NAME, Rule::Overflow, at))
}

impl Wire for Capability<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        let Some(keyword) = self.keyword() else {
            if let Self::Other { keyword, params } = self {
                keyword.write_to(out);
                if let Some(p) = params {
                    out.put_str(" ");
                    p.write_to(out);
                }
            }
            return;
        };
        keyword.write_to(out);
        match self {
            Self::Size(Some(n)) => {
                out.put_str(" ");
                out.put_u64(*n);
            }
            Self::Auth(m) => {
                out.put_str(" ");
                m.write_to(out);
            }
            Self::AuthLegacy(m) => {
                out.put_str("=");
                m.write_to(out);
            }
            Self::MtPriority(Some(p)) => {
                out.put_str(" ");
                p.write_to(out);
            }
            Self::DeliverBy(Some(n)) => {
                out.put_str(" ");
                out.put_u64(u64::from(*n));
            }
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => {
                out.put_str(" ");
                out.put_u64(u64::from(*max_interval));
                out.put_str(" ");
                max_datetime.write_to(out);
            }
            Self::Limits(l) => {
                out.put_str(" ");
                l.write_to(out);
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

impl IntoStatic for Capability<'_> {
    type Static = Capability<'static>;

    fn into_static(self) -> Capability<'static> {
        match self {
            Self::Size(n) => Capability::Size(n),
            Self::EightBitMime => Capability::EightBitMime,
            Self::Pipelining => Capability::Pipelining,
            Self::Chunking => Capability::Chunking,
            Self::BinaryMime => Capability::BinaryMime,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Auth(m) => Capability::Auth(m.into_static()),
            Self::AuthLegacy(m) => Capability::AuthLegacy(m.into_static()),
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::RequireTls => Capability::RequireTls,
            Self::MtPriority(p) => Capability::MtPriority(p.map(IntoStatic::into_static)),
            Self::DeliverBy(n) => Capability::DeliverBy(n),
            Self::FutureRelease {
                max_interval,
                max_datetime,
            } => Capability::FutureRelease {
                max_interval,
                max_datetime: max_datetime.into_static(),
            },
            Self::Rrvs => Capability::Rrvs,
            Self::Limits(l) => Capability::Limits(l.into_static()),
            Self::Vrfy => Capability::Vrfy,
            Self::Expn => Capability::Expn,
            Self::Etrn => Capability::Etrn,
            Self::Help => Capability::Help,
            Self::Other { keyword, params } => Capability::Other {
                keyword: keyword.into_static(),
                params: params.map(IntoStatic::into_static),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// The keywords without parameters, as the original parser listed them.
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

    /// `Capability::parse` as the grammar reads: split the keyword off,
    /// validate it and the parameters in general, then look the keyword up
    /// name by name and type its parameters. The one-pass parser must agree
    /// with it on every line, errors included.
    fn by_the_book(line: &str) -> Result<Capability<'_>, ValidationError> {
        let mechanisms = |p: &str, at: usize| -> Result<(), ValidationError> {
            let mut start = 0;
            for mech in p.split(' ') {
                AuthMechanism::try_from(mech).map_err(|e| e.shifted(at + start))?;
                start += mech.len() + 1;
            }
            Ok(())
        };
        if let Some(mechs) = line
            .get(..5)
            .filter(|k| k.eq_ignore_ascii_case("AUTH="))
            .map(|_| &line[5..])
        {
            mechanisms(mechs, 5)?;
            return Ok(Capability::AuthLegacy(AuthMechanisms::new_unchecked(mechs)));
        }
        let (key, params) = match line.split_once(' ') {
            Some((k, p)) => (k, Some(p)),
            None => (line, None),
        };
        keyword::validate_keyword(key)?;
        let at = key.len() + 1;
        if let Some(p) = params {
            let mut start = 0;
            for param in p.split(' ') {
                if param.is_empty() {
                    return fail(ValueKind::EhloParams, Rule::Empty, at + start);
                }
                if let Some(i) = param.bytes().position(|b| !(33..=126).contains(&b)) {
                    let b = param.as_bytes()[i];
                    return fail(
                        ValueKind::EhloParams,
                        Rule::UnexpectedByte(b),
                        at + start + i,
                    );
                }
                start += param.len() + 1;
            }
        }
        let is = |k: &str| key.eq_ignore_ascii_case(k);
        if let Some((_, cap)) = BARE.iter().find(|(k, _)| is(k)) {
            return match params {
                None => Ok(cap.clone()),
                Some(_) => fail(NAME, Rule::ValueMismatch, at),
            };
        }
        let cap = match params {
            _ if is("HELP") => Capability::Help,
            None if is("SIZE") => Capability::Size(None),
            Some(p) if is("SIZE") => Capability::Size(Some(parse_decimal(NAME, p, 20, at)?)),
            Some(p) if is("AUTH") => {
                mechanisms(p, at)?;
                Capability::Auth(AuthMechanisms::new_unchecked(p))
            }
            None if is("MT-PRIORITY") => Capability::MtPriority(None),
            Some(p) if is("MT-PRIORITY") => {
                keyword::validate_keyword(p).map_err(|e| e.shifted(at))?;
                Capability::MtPriority(Some(EsmtpKeyword::new_unchecked(p)))
            }
            None if is("DELIVERBY") => Capability::DeliverBy(None),
            Some(p) if is("DELIVERBY") => Capability::DeliverBy(Some(parse_u32(p, at)?)),
            Some(p) if is("FUTURERELEASE") => {
                let Some((interval, datetime)) = p.split_once(' ') else {
                    return fail(
                        NAME,
                        Rule::Expected("max-interval and max-date-time"),
                        at + p.len(),
                    );
                };
                Capability::FutureRelease {
                    max_interval: parse_u32(interval, at)?,
                    max_datetime: Timestamp::try_from(datetime)
                        .map_err(|e| e.shifted(at + interval.len() + 1))?,
                }
            }
            Some(p) if is("LIMITS") => {
                Capability::Limits(LimitParams::try_from(p).map_err(|e| e.shifted(at))?)
            }
            _ if is("SIZE")
                || is("AUTH")
                || is("DELIVERBY")
                || is("FUTURERELEASE")
                || is("LIMITS") =>
            {
                return fail(NAME, Rule::ValueMismatch, at);
            }
            _ => Capability::Other {
                keyword: EsmtpKeyword::new_unchecked(key),
                params: params.map(EhloParams::new_unchecked),
            },
        };
        Ok(cap)
    }

    /// Lines built from known and unknown keywords (any case, some one
    /// octet off) and parameters that fit them or not.
    fn ehlo_line() -> impl Strategy<Value = String> {
        let keyword = prop_oneof![
            4 => prop::sample::select(vec![
                "SIZE", "8BITMIME", "PIPELINING", "CHUNKING", "BINARYMIME", "SMTPUTF8",
                "STARTTLS", "AUTH", "DSN", "ENHANCEDSTATUSCODES", "REQUIRETLS", "MT-PRIORITY",
                "DELIVERBY", "FUTURERELEASE", "RRVS", "LIMITS", "VRFY", "EXPN", "ETRN", "HELP",
                "SIZ", "STARTTLT", "SMTPUTF9", "ETRM", "EXPM", "RRVZ", "X-EXPS", "XCLIENT", "AUTH=",
                "SIZEX", "DSN-", "AUTH8", "HELP-ME", "DELIVERBYS", "ENHANCEDSTATUSCODES2",
            ]).prop_map(String::from),
            1 => "[a-zA-Z0-9=_ -]{0,22}",
        ];
        let lower = any::<bool>();
        let params = prop_oneof![
            2 => Just(String::new()),
            2 => "( [A-Z0-9_-]{1,24}){1,4}",
            1 => " [0-9]{1,22}",
            1 => " ([a-z0-9=\\[\\]._ -]{0,12}|\t|\u{0}|\u{7f}|é){0,5}",
            1 => Just(" 3600 2026-11-23T18:53:00Z".into()),
            1 => Just(" RCPTMAX=100 MAILMAX=10".into()),
        ];
        (keyword, lower, params).prop_map(|(k, lower, p)| {
            let k = if lower { k.to_ascii_lowercase() } else { k };
            if k.ends_with('=') {
                format!("{k}{}", p.trim_start())
            } else {
                format!("{k}{p}")
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        #[test]
        fn one_pass_parse_agrees_with_the_book(line in ehlo_line(), spaces in 0usize..3) {
            prop_assert_eq!(Capability::parse(&line), by_the_book(&line));
            // A line with trailing spaces never parses (a decoder that
            // ignores them trims and parses again only on an error).
            let spaced = format!("{line}{}", " ".repeat(spaces));
            if spaces > 0 {
                prop_assert!(Capability::parse(&spaced).is_err());
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn parse_line_types_the_line_as_parse_does(
            line in ehlo_line(),
            end in prop::sample::select(vec!["", "\r\n", "\n", "\r\n250 DSN\r\n", "\nAUTH X"]),
        ) {
            let text = format!("{line}{end}");
            let len = line.find(['\r', '\n']).unwrap_or(line.len());
            prop_assert_eq!(Capability::parse_line(&text), (len, Capability::parse(&line[..len])));
        }
    }

    /// Every known name in three cases, alone and followed by each kind of
    /// octet: one that continues the keyword (then it is another keyword),
    /// one that ends it, and the line ends.
    #[test]
    fn every_known_name_is_told_from_the_keywords_it_starts() {
        let mut typed = 0;
        let mut others = 0;
        for name in KNOWN_NAMES {
            let mixed: String = name
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            for spelled in [name.to_string(), name.to_ascii_lowercase(), mixed] {
                for suffix in [
                    "", "X", "x", "-", "9", "_", "=", "=PLAIN", " 12", " x", "\u{e9}",
                ] {
                    let line = format!("{spelled}{suffix}");
                    let want = by_the_book(&line);
                    assert_eq!(Capability::parse(&line), want, "{line:?}");
                    let text = format!("{line}\r\n250 DSN\r\n");
                    assert_eq!(
                        Capability::parse_line(&text),
                        (line.len(), want.clone()),
                        "{line:?}"
                    );
                    match want {
                        Ok(Capability::Other { .. }) => others += 1,
                        Ok(_) => typed += 1,
                        Err(_) => {}
                    }
                }
            }
        }
        // Both sides of the line were reached: known keywords typed, and
        // names with a letter, digit or hyphen more read as other keywords.
        assert!(typed >= 60 && others >= 150, "{typed} {others}");
    }

    /// A name with one octet changed in bit 5 only: a letter's other case
    /// is still the name; a digit or hyphen so changed is a control (`8`
    /// and 0x18, `-` and CR), which no keyword holds.
    #[test]
    fn a_control_that_folds_onto_a_digit_or_hyphen_is_no_keyword() {
        let mut controls = 0;
        for name in KNOWN_NAMES {
            for at in 0..name.len() {
                let mut octets = name.as_bytes().to_vec();
                octets[at] ^= 0x20;
                let line = String::from_utf8(octets).unwrap();
                let want = by_the_book(&line);
                assert_eq!(Capability::parse(&line), want, "{line:?}");
                // A CR ends the line there, as `parse_line` reads.
                let end = line.find(['\r', '\n']).unwrap_or(line.len());
                let text = format!("{line}\r\n");
                let head = Capability::parse(&line[..end]);
                assert_eq!(Capability::parse_line(&text), (end, head), "{line:?}");
                if !name.as_bytes()[at].is_ascii_alphabetic() {
                    assert!(want.is_err(), "{line:?}");
                    controls += 1;
                }
            }
        }
        // The digits and hyphens of 8BITMIME, SMTPUTF8 and MT-PRIORITY.
        assert_eq!(controls, 3);
    }

    /// The names [`Keyword`] knows, as a reader of the RFCs lists them.
    const KNOWN_NAMES: [&str; 20] = [
        "SIZE",
        "8BITMIME",
        "PIPELINING",
        "CHUNKING",
        "BINARYMIME",
        "SMTPUTF8",
        "STARTTLS",
        "AUTH",
        "DSN",
        "ENHANCEDSTATUSCODES",
        "REQUIRETLS",
        "MT-PRIORITY",
        "DELIVERBY",
        "FUTURERELEASE",
        "RRVS",
        "LIMITS",
        "VRFY",
        "EXPN",
        "ETRN",
        "HELP",
    ];

    #[test]
    fn known_keywords_and_lines_agree_with_the_book() {
        let lines: Vec<&str> = alloc::vec![
            "",
            " ",
            "-",
            "-X",
            "SIZE",
            "SIZE ",
            "SIZE 12 ",
            "SIZE  12",
            "size 99999999999999999999999",
            "AUTH",
            "AUTH ",
            "AUTH PLAIN  LOGIN",
            "AUTH PL@IN \u{1}",
            "AUTH=PLAIN",
            "auth=",
            "AUTH=a b",
            "AUTH ABCDEFGHIJKLMNOPQRSTU",
            "AUTH ABCDEFGHIJKLMNOPQRST",
            "HELP me",
            "DSN x",
            "X\u{1}",
            "MT-PRIORITY MIXER",
            "MT-PRIORITY a b",
            "DELIVERBY 4294967296",
            "LIMITS",
            "LIMITS X",
            "FUTURERELEASE 1",
            "STARTTLS",
            "STARTTLT",
            "é",
            "8bitmime",
            "ENHANCEDSTATUSCODEZ",
        ];
        for line in lines {
            assert_eq!(Capability::parse(line), by_the_book(line), "{line:?}");
            let text = format!("{line}\r\n");
            assert_eq!(
                Capability::parse_line(&text),
                (line.len(), by_the_book(line)),
                "{line:?}"
            );
        }
    }
}
