//! The one error type of the protocol model: which type, which rule, which byte.

use core::fmt;

/// A value was refused by a validating constructor (`TryFrom`).
///
/// It names the type that refused it, the [`Rule`] that was broken and the
/// byte offset, within the text handed to the constructor, where it broke.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Domain, Rule};
///
/// let err = Domain::try_from("exa mple.com").unwrap_err();
/// assert_eq!(err.type_name(), "Domain");
/// assert_eq!(err.offset(), 3);
/// assert_eq!(err.rule(), &Rule::UnexpectedByte(b' '));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidationError {
    kind: ValueKind,
    rule: Rule,
    offset: usize,
}

impl ValidationError {
    /// A refusal of a value of `kind` for breaking `rule` at byte `offset`.
    pub const fn new(kind: ValueKind, rule: Rule, offset: usize) -> Self {
        Self { kind, rule, offset }
    }

    /// The kind of value that was refused.
    pub const fn value_kind(&self) -> ValueKind {
        self.kind
    }

    /// The name of the type that refused the value, e.g. `"Domain"`.
    pub const fn type_name(&self) -> &'static str {
        self.kind.name()
    }

    /// The rule that was broken.
    pub const fn rule(&self) -> &Rule {
        &self.rule
    }

    /// Byte offset of the failure within the text that was validated.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The same failure, `shift` bytes further into an enclosing text.
    ///
    /// Composite values (a mailbox inside a path) use this so the offset stays
    /// relative to the whole text the caller passed.
    #[must_use]
    pub const fn shifted(self, shift: usize) -> Self {
        Self {
            kind: self.kind,
            rule: self.rule,
            offset: self.offset + shift,
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: {} at byte {}",
            self.kind, self.rule, self.offset
        )
    }
}

impl core::error::Error for ValidationError {}

/// Which kind of value a [`ValidationError`] refused: one variant per
/// validated type (and the BDAT chunk size), so that code deciding what to
/// answer matches on a type, never on a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueKind {
    /// An address literal (`[192.0.2.1]`, `[IPv6:...]`).
    AddressLiteral,
    /// A SASL mechanism name.
    AuthMechanism,
    /// The mechanism list of an AUTH capability.
    AuthMechanisms,
    /// An EHLO capability line.
    Capability,
    /// The octet count of a BDAT command.
    ChunkSize,
    /// A BY value (DELIVERBY).
    DeliverBy,
    /// A domain.
    Domain,
    /// The parameters of an EHLO keyword.
    EhloParams,
    /// An enhanced status code (`class.subject.detail`).
    EnhancedStatusCode,
    /// An ESMTP keyword (or a command verb).
    EsmtpKeyword,
    /// An ESMTP parameter value.
    EsmtpValue,
    /// A forward path (`RCPT TO:`).
    ForwardPath,
    /// A domain or address literal (HELO/EHLO/LHLO).
    Host,
    /// An AUTH initial response.
    InitialResponse,
    /// The pairs of a LIMITS capability.
    LimitParams,
    /// The local part of a mailbox.
    LocalPart,
    /// A mailbox (`local@domain`).
    Mailbox,
    /// A path (`<local@domain>`, with an optional source route).
    Path,
    /// A MAIL parameter or parameter list.
    MailParameter,
    /// An MT-PRIORITY value.
    MtPriority,
    /// An ORCPT value.
    Orcpt,
    /// A RCPT parameter or parameter list.
    RcptParameter,
    /// A reply.
    Reply,
    /// A reply code.
    ReplyCode,
    /// A reverse path (`MAIL FROM:`).
    ReversePath,
    /// A SASL response.
    Secret,
    /// The string argument of VRFY, EXPN, HELP or NOOP.
    SmtpString,
    /// A source route (`@a,@b:`).
    SourceRoute,
    /// Reply text.
    Text,
    /// An RFC 3339 timestamp (HOLDUNTIL).
    Timestamp,
    /// Xtext (RFC 3461).
    XText,
}

impl ValueKind {
    /// The name of the type, e.g. `"Domain"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::AddressLiteral => "AddressLiteral",
            Self::AuthMechanism => "AuthMechanism",
            Self::AuthMechanisms => "AuthMechanisms",
            Self::Capability => "Capability",
            Self::ChunkSize => "ChunkSize",
            Self::DeliverBy => "DeliverBy",
            Self::Domain => "Domain",
            Self::EhloParams => "EhloParams",
            Self::EnhancedStatusCode => "EnhancedStatusCode",
            Self::EsmtpKeyword => "EsmtpKeyword",
            Self::EsmtpValue => "EsmtpValue",
            Self::ForwardPath => "ForwardPath",
            Self::Host => "Host",
            Self::InitialResponse => "InitialResponse",
            Self::LimitParams => "LimitParams",
            Self::LocalPart => "LocalPart",
            Self::Mailbox => "Mailbox",
            Self::Path => "Path",
            Self::MailParameter => "MailParameter",
            Self::MtPriority => "MtPriority",
            Self::Orcpt => "Orcpt",
            Self::RcptParameter => "RcptParameter",
            Self::Reply => "Reply",
            Self::ReplyCode => "ReplyCode",
            Self::ReversePath => "ReversePath",
            Self::Secret => "Secret",
            Self::SmtpString => "SmtpString",
            Self::SourceRoute => "SourceRoute",
            Self::Text => "Text",
            Self::Timestamp => "Timestamp",
            Self::XText => "XText",
        }
    }
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The grammar or range rule a value broke.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The value may not be empty.
    Empty,
    /// The value is longer than the limit, in octets.
    TooLong {
        /// The largest allowed length in octets.
        limit: usize,
    },
    /// This byte may not appear here (CR, LF, NUL, a control, or a character
    /// outside the type's alphabet).
    UnexpectedByte(u8),
    /// The bytes are not UTF-8.
    NotUtf8,
    /// Non-ASCII text is allowed only through the type's UTF-8 constructor
    /// (RFC 6531, SMTPUTF8).
    NonAscii,
    /// A domain label is longer than 63 octets.
    LabelTooLong,
    /// A domain has an empty label (two dots in a row, or a dot at an end).
    EmptyLabel,
    /// A domain label starts or ends with a hyphen.
    HyphenAtLabelEdge,
    /// Something specific was expected here, e.g. `"'<'"` or `"'@'"`.
    Expected(&'static str),
    /// An IPv4 address literal is malformed.
    InvalidIpv4,
    /// An IPv6 address literal is not one of the RFC 5321 §4.1.3 forms.
    InvalidIpv6,
    /// An xtext `+` escape is not followed by two uppercase hex digits.
    InvalidHexEscape,
    /// A number is outside its allowed range.
    OutOfRange {
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
    },
    /// A number does not fit the type that holds it.
    Overflow,
    /// A parameter or list item appears twice.
    Duplicate,
    /// A known keyword carries a value this protocol model does not define
    /// (maps to reply 504).
    UnsupportedValue,
    /// A known keyword needs a value and has none, or takes none and has one.
    ValueMismatch,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("must not be empty"),
            Self::TooLong { limit } => write!(f, "longer than {limit} octets"),
            Self::UnexpectedByte(b) => match b {
                b'\r' => f.write_str("CR is not allowed"),
                b'\n' => f.write_str("LF is not allowed"),
                0 => f.write_str("NUL is not allowed"),
                0x21..=0x7e => write!(f, "'{}' is not allowed", char::from(*b)),
                _ => write!(f, "byte 0x{b:02x} is not allowed"),
            },
            Self::NotUtf8 => f.write_str("not UTF-8"),
            Self::NonAscii => f.write_str("non-ASCII text needs the UTF-8 (SMTPUTF8) constructor"),
            Self::LabelTooLong => f.write_str("domain label longer than 63 octets"),
            Self::EmptyLabel => f.write_str("empty domain label"),
            Self::HyphenAtLabelEdge => f.write_str("domain label starts or ends with '-'"),
            Self::Expected(what) => write!(f, "expected {what}"),
            Self::InvalidIpv4 => f.write_str("malformed IPv4 address literal"),
            Self::InvalidIpv6 => f.write_str("malformed IPv6 address literal"),
            Self::InvalidHexEscape => {
                f.write_str("'+' must be followed by two uppercase hex digits")
            }
            Self::OutOfRange { min, max } => write!(f, "out of range {min}..={max}"),
            Self::Overflow => f.write_str("number too large"),
            Self::Duplicate => f.write_str("appears more than once"),
            Self::UnsupportedValue => f.write_str("value not supported for this keyword"),
            Self::ValueMismatch => f.write_str("keyword and value do not fit together"),
        }
    }
}

/// Shorthand used by the validators of this crate.
pub(crate) const fn fail<T>(
    kind: ValueKind,
    rule: Rule,
    offset: usize,
) -> Result<T, ValidationError> {
    Err(ValidationError::new(kind, rule, offset))
}
