//! `ReplyCode`: a validated three-digit reply code with its class and category.

use core::fmt;

use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};

const NAME: ValueKind = ValueKind::ReplyCode;

/// `Reply-code = %x32-35 %x30-35 %x30-39` (RFC 5321 §4.2).
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{ReplyCategory, ReplyClass, ReplyCode};
///
/// let code = ReplyCode::try_from("354").unwrap();
/// assert_eq!(code, ReplyCode::START_MAIL_INPUT);
/// assert_eq!(code.class(), ReplyClass::PositiveIntermediate);
/// assert_eq!(ReplyCode::SYNTAX_ERROR.category(), ReplyCategory::Syntax);
/// assert!(ReplyCode::try_from(600).is_err());
/// assert!(ReplyCode::try_from(260).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

/// The first digit of a reply code (RFC 5321 §4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReplyClass {
    /// 2yz: the requested action completed.
    PositiveCompletion,
    /// 3yz: accepted so far; the client must send more (DATA body, SASL response).
    PositiveIntermediate,
    /// 4yz: not done this time; the same request may succeed later.
    TransientNegative,
    /// 5yz: not done, and repeating the same request will not help.
    PermanentNegative,
}

/// The second digit of a reply code (RFC 5321 §4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReplyCategory {
    /// x0z: syntax errors, and syntactically correct commands that fit no functional group.
    Syntax,
    /// x1z: replies to requests for information (status, help).
    Information,
    /// x2z: replies about the transmission channel.
    Connections,
    /// x3z: not specified by RFC 5321; used by AUTH (RFC 4954) for challenges.
    Unspecified3,
    /// x4z: not specified by RFC 5321.
    Unspecified4,
    /// x5z: the status of the receiver's mail system for the requested transfer.
    MailSystem,
}

macro_rules! reply_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal;)*) => {
        impl ReplyCode {
            $( $(#[$doc])* pub const $name: ReplyCode = ReplyCode($code); )*
        }
    };
}

reply_codes! {
    /// 211 System status, or system help reply.
    SYSTEM_STATUS = 211;
    /// 214 Help message.
    HELP_MESSAGE = 214;
    /// 220 Service ready.
    SERVICE_READY = 220;
    /// 221 Service closing transmission channel.
    SERVICE_CLOSING = 221;
    /// 235 Authentication succeeded (RFC 4954).
    AUTH_SUCCEEDED = 235;
    /// 250 Requested mail action okay, completed.
    OK = 250;
    /// 251 User not local; will forward.
    USER_NOT_LOCAL_WILL_FORWARD = 251;
    /// 252 Cannot VRFY user, but will accept the message and attempt delivery.
    CANNOT_VERIFY = 252;
    /// 334 Server challenge in an AUTH exchange (RFC 4954).
    AUTH_CHALLENGE = 334;
    /// 354 Start mail input; end with `<CRLF>.<CRLF>`.
    START_MAIL_INPUT = 354;
    /// 421 Service not available, closing transmission channel.
    SERVICE_NOT_AVAILABLE = 421;
    /// 432 A password transition is needed (RFC 4954).
    PASSWORD_TRANSITION_NEEDED = 432;
    /// 450 Mailbox unavailable (busy or temporarily blocked).
    MAILBOX_BUSY = 450;
    /// 451 Local error in processing.
    LOCAL_ERROR = 451;
    /// 452 Insufficient system storage (also: too many recipients).
    INSUFFICIENT_STORAGE = 452;
    /// 454 Temporary authentication failure (RFC 4954), or TLS not available (RFC 3207).
    TEMPORARY_FAILURE = 454;
    /// 455 Server unable to accommodate parameters.
    PARAMETERS_NOT_ACCOMMODATED = 455;
    /// 500 Syntax error, command unrecognized (also: line too long).
    SYNTAX_ERROR = 500;
    /// 501 Syntax error in parameters or arguments.
    PARAMETER_SYNTAX_ERROR = 501;
    /// 502 Command not implemented.
    NOT_IMPLEMENTED = 502;
    /// 503 Bad sequence of commands.
    BAD_SEQUENCE = 503;
    /// 504 Command parameter not implemented.
    PARAMETER_NOT_IMPLEMENTED = 504;
    /// 521 Host does not accept mail (RFC 7504).
    NO_MAIL_ACCEPTED = 521;
    /// 530 Authentication required (RFC 4954), or must issue STARTTLS first (RFC 3207).
    AUTH_REQUIRED = 530;
    /// 534 Authentication mechanism is too weak (RFC 4954).
    AUTH_TOO_WEAK = 534;
    /// 535 Authentication credentials invalid (RFC 4954).
    AUTH_INVALID = 535;
    /// 538 Encryption required for the requested authentication mechanism (RFC 4954).
    ENCRYPTION_REQUIRED = 538;
    /// 550 Mailbox unavailable (not found, no access, or refused by policy).
    MAILBOX_UNAVAILABLE = 550;
    /// 551 User not local; please try another path.
    USER_NOT_LOCAL = 551;
    /// 552 Exceeded storage allocation (also: message too big).
    EXCEEDED_STORAGE = 552;
    /// 553 Mailbox name not allowed (bad mailbox syntax).
    MAILBOX_NAME_NOT_ALLOWED = 553;
    /// 554 Transaction failed (or, as a greeting, no SMTP service here).
    TRANSACTION_FAILED = 554;
    /// 555 MAIL FROM/RCPT TO parameters not recognized or not implemented.
    PARAMETERS_NOT_RECOGNIZED = 555;
    /// 556 Domain does not accept mail (RFC 7504).
    DOMAIN_NO_MAIL = 556;
}

/// The least valid code, the first entry of [`ASCII_WORDS`].
const FIRST: u16 = 200;

/// [`ReplyCode::to_ascii_word`] of every code from [`FIRST`] to 559 (the
/// invalid ones among them, such as 260, are never looked up).
static ASCII_WORDS: [u32; 360] = {
    let mut table = [0; 360];
    let mut i = 0;
    while i < table.len() {
        // `i` is below 360, so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        let code = FIRST + i as u16;
        table[i] = ascii_word(code);
        i += 1;
    }
    table
};

/// The digits of a code below 1 000, packed as [`ReplyCode::to_ascii_word`]
/// packs them.
const fn ascii_word(code: u16) -> u32 {
    const fn digit(n: u16) -> u32 {
        b'0' as u32 + (n % 10) as u32
    }
    digit(code / 100) | digit(code / 10) << 8 | digit(code) << 16
}

impl ReplyCode {
    /// A code from its three digits, checked against `[2-5][0-5][0-9]`.
    ///
    /// # Errors
    /// When `code` is not a valid reply code.
    pub const fn new(code: u16) -> Result<Self, ValidationError> {
        if code < 200 || code > 559 {
            return fail(NAME, Rule::OutOfRange { min: 200, max: 559 }, 0);
        }
        if (code / 10) % 10 > 5 {
            return fail(
                NAME,
                Rule::UnexpectedByte(b'0' + ((code / 10) % 10) as u8),
                1,
            );
        }
        Ok(Self(code))
    }

    /// The numeric value, e.g. `250`.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The class, from the first digit.
    pub const fn class(self) -> ReplyClass {
        match self.0 / 100 {
            2 => ReplyClass::PositiveCompletion,
            3 => ReplyClass::PositiveIntermediate,
            4 => ReplyClass::TransientNegative,
            _ => ReplyClass::PermanentNegative,
        }
    }

    /// The category, from the second digit.
    pub const fn category(self) -> ReplyCategory {
        match (self.0 / 10) % 10 {
            0 => ReplyCategory::Syntax,
            1 => ReplyCategory::Information,
            2 => ReplyCategory::Connections,
            3 => ReplyCategory::Unspecified3,
            4 => ReplyCategory::Unspecified4,
            _ => ReplyCategory::MailSystem,
        }
    }

    /// Whether the code is 2yz or 3yz.
    pub const fn is_positive(self) -> bool {
        self.0 < 400
    }

    /// The three ASCII digits.
    pub const fn digits(self) -> [u8; 3] {
        let [a, b, c, _] = self.to_ascii_word().to_le_bytes();
        [a, b, c]
    }

    /// The three ASCII digits packed into an integer, the first octet
    /// lowest, the fourth octet zero: what an encoder stores whole.
    ///
    /// Looked up in a table of every valid code (1 440 octets), not divided
    /// out: callgrind counted 17 of the 153 instructions of a one-line
    /// reply encode in the divisions.
    ///
    /// ```
    /// use smtp_sansio_proto::ReplyCode;
    ///
    /// assert_eq!(ReplyCode::OK.to_ascii_word().to_le_bytes(), *b"250\0");
    /// ```
    pub const fn to_ascii_word(self) -> u32 {
        // `self.0` is in `200..=559` (the type's invariant), so the lookup
        // always hits; the arithmetic is the same answer, without a panic.
        let at = (self.0 as usize).wrapping_sub(FIRST as usize);
        if at < ASCII_WORDS.len() {
            ASCII_WORDS[at]
        } else {
            ascii_word(self.0)
        }
    }

    /// Parses exactly three ASCII digits.
    ///
    /// # Errors
    /// When `bytes` are not three digits forming a valid code.
    pub const fn from_digits(bytes: &[u8]) -> Result<Self, ValidationError> {
        if bytes.len() != 3 {
            return fail(
                NAME,
                Rule::Expected("three digits"),
                if bytes.len() > 3 { 3 } else { bytes.len() },
            );
        }
        let mut i = 0;
        while i < 3 {
            if !bytes[i].is_ascii_digit() {
                return fail(NAME, Rule::UnexpectedByte(bytes[i]), i);
            }
            i += 1;
        }
        if bytes[0] < b'2' || bytes[0] > b'5' {
            return fail(NAME, Rule::UnexpectedByte(bytes[0]), 0);
        }
        if bytes[1] > b'5' {
            return fail(NAME, Rule::UnexpectedByte(bytes[1]), 1);
        }
        let code = (bytes[0] - b'0') as u16 * 100
            + (bytes[1] - b'0') as u16 * 10
            + (bytes[2] - b'0') as u16;
        Ok(Self(code))
    }
}

impl ReplyClass {
    /// The digit of this class (2 to 5).
    pub const fn digit(self) -> u8 {
        match self {
            Self::PositiveCompletion => 2,
            Self::PositiveIntermediate => 3,
            Self::TransientNegative => 4,
            Self::PermanentNegative => 5,
        }
    }

    /// The name RFC 5321 §4.2.1 gives the class.
    pub const fn name(self) -> &'static str {
        match self {
            Self::PositiveCompletion => "Positive Completion",
            Self::PositiveIntermediate => "Positive Intermediate",
            Self::TransientNegative => "Transient Negative Completion",
            Self::PermanentNegative => "Permanent Negative Completion",
        }
    }
}

impl ReplyCategory {
    /// The digit of this category (0 to 5).
    pub const fn digit(self) -> u8 {
        match self {
            Self::Syntax => 0,
            Self::Information => 1,
            Self::Connections => 2,
            Self::Unspecified3 => 3,
            Self::Unspecified4 => 4,
            Self::MailSystem => 5,
        }
    }

    /// A short name of the category.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Syntax => "Syntax",
            Self::Information => "Information",
            Self::Connections => "Connections",
            Self::Unspecified3 => "Unspecified (x3z)",
            Self::Unspecified4 => "Unspecified (x4z)",
            Self::MailSystem => "Mail system",
        }
    }
}

impl fmt::Display for ReplyClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}yz {}", self.digit(), self.name())
    }
}

impl fmt::Display for ReplyCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x{}z {}", self.digit(), self.name())
    }
}

impl fmt::Debug for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplyCode({})", self.0)
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Wire for ReplyCode {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_ascii(&self.digits());
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = ValidationError;
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        Self::new(code)
    }
}

impl TryFrom<&[u8]> for ReplyCode {
    type Error = ValidationError;
    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        Self::from_digits(bytes)
    }
}

impl TryFrom<&str> for ReplyCode {
    type Error = ValidationError;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::from_digits(text.as_bytes())
    }
}

impl core::str::FromStr for ReplyCode {
    type Err = ValidationError;

    /// `"250".parse()`: exactly three digits, `[2-5][0-5][0-9]`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_digits(text.as_bytes())
    }
}

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> u16 {
        code.0
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for ReplyCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u16(self.0)
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> serde::Deserialize<'de> for ReplyCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <u16 as serde::Deserialize>::deserialize(deserializer)?;
        ReplyCode::new(code).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "arbitrary")]
#[cfg_attr(docsrs, doc(cfg(feature = "arbitrary")))]
impl<'u> arbitrary::Arbitrary<'u> for ReplyCode {
    fn arbitrary(u: &mut arbitrary::Unstructured<'u>) -> arbitrary::Result<Self> {
        let code =
            u.int_in_range(2..=5)? * 100 + u.int_in_range(0..=5)? * 10 + u.int_in_range(0..=9)?;
        ReplyCode::new(code).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl TryFrom<alloc::string::String> for ReplyCode {
    type Error = ValidationError;
    fn try_from(text: alloc::string::String) -> Result<Self, Self::Error> {
        Self::from_digits(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table and the arithmetic it was built from agree on every valid
    /// code, and the digits are the decimal form of the number.
    #[test]
    fn every_valid_code_has_its_decimal_digits() {
        let mut valid = 0;
        for n in 0..=999u16 {
            let Ok(code) = ReplyCode::new(n) else {
                continue;
            };
            valid += 1;
            let decimal = alloc::format!("{n:03}");
            assert_eq!(&code.digits(), decimal.as_bytes(), "{n}");
            assert_eq!(code.to_ascii_word(), ascii_word(n), "{n}");
            assert_eq!(code.to_ascii_word() >> 24, 0, "{n}");
        }
        // 2xx to 5xx with a second digit of 0 to 5.
        assert_eq!(valid, 4 * 6 * 10);
    }
}
