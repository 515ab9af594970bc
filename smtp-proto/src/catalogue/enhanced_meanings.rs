//! Enhanced status codes (RFC 3463, and the RFC 5248 registry): subject
//! names and the `(subject, detail)` table.

use core::fmt;

use crate::{EnhancedClass, EnhancedStatusCode};

/// One registered `X.subject.detail` code, valid with any class digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EnhancedDetail {
    subject: u16,
    detail: u16,
    name: &'static str,
    meaning: &'static str,
    rfc: &'static str,
}

impl EnhancedDetail {
    /// The subject number, e.g. 1 in `X.1.1`.
    pub const fn subject(&self) -> u16 {
        self.subject
    }

    /// The detail number, e.g. the second 1 in `X.1.1`.
    pub const fn detail(&self) -> u16 {
        self.detail
    }

    /// The registered name, e.g. `"Bad destination mailbox address"`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// What the code says, in a sentence.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// The RFC that defines the code, e.g. `"RFC 3463"`.
    pub const fn rfc(&self) -> &'static str {
        self.rfc
    }
}

/// What the catalogue knows about an enhanced status code: the meaning of its
/// class, the name of its subject and, when the detail is registered, the
/// detail's name and meaning.
///
/// ```
/// use smtp_sansio_proto::EnhancedStatusCode;
///
/// let info = EnhancedStatusCode::try_from("4.7.0")?.info().expect("subject 7 exists");
/// assert_eq!(info.subject_name(), "Security or policy");
/// assert_eq!(info.detail_name(), Some("Other or undefined security status"));
///
/// // A detail nobody registered still has a class and a subject.
/// let info = EnhancedStatusCode::try_from("5.1.99")?.info().expect("subject 1 exists");
/// assert_eq!((info.subject_name(), info.detail()), ("Addressing", None));
///
/// // Subjects above 7 are not defined.
/// assert!(EnhancedStatusCode::try_from("5.9.0")?.info().is_none());
/// # Ok::<(), smtp_sansio_proto::ValidationError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnhancedInfo {
    code: EnhancedStatusCode,
    subject_name: &'static str,
    detail: Option<&'static EnhancedDetail>,
}

impl EnhancedInfo {
    /// The code described.
    pub const fn code(&self) -> EnhancedStatusCode {
        self.code
    }

    /// The class of the code.
    pub const fn class(&self) -> EnhancedClass {
        self.code.class()
    }

    /// The name of the class: `"Success"`, `"Persistent transient failure"`
    /// or `"Permanent failure"`.
    pub const fn class_name(&self) -> &'static str {
        match self.code.class() {
            EnhancedClass::Success => "Success",
            EnhancedClass::PersistentTransientFailure => "Persistent transient failure",
            EnhancedClass::PermanentFailure => "Permanent failure",
        }
    }

    /// What the class digit says about the outcome.
    pub const fn class_meaning(&self) -> &'static str {
        match self.code.class() {
            EnhancedClass::Success => "the action succeeded",
            EnhancedClass::PersistentTransientFailure => {
                "the message itself is acceptable, but something stood in the way this time; sending it again later may succeed"
            }
            EnhancedClass::PermanentFailure => {
                "sending the message again in the same form will not succeed; something has to change first"
            }
        }
    }

    /// The name of the subject, e.g. `"Addressing"` for `X.1.X`.
    pub const fn subject_name(&self) -> &'static str {
        self.subject_name
    }

    /// The registered detail, if the `(subject, detail)` pair is known.
    pub const fn detail(&self) -> Option<&'static EnhancedDetail> {
        self.detail
    }

    /// The registered name of the detail, if known.
    pub fn detail_name(&self) -> Option<&'static str> {
        self.detail.map(EnhancedDetail::name)
    }

    /// The meaning of the detail, if known.
    pub fn meaning(&self) -> Option<&'static str> {
        self.detail.map(EnhancedDetail::meaning)
    }
}

impl fmt::Display for EnhancedInfo {
    /// A multi-line description: code and name, class, subject, meaning and
    /// source.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail {
            Some(d) => writeln!(f, "{} {}", self.code, d.name)?,
            None => writeln!(
                f,
                "{} (detail {} is not registered for subject {})",
                self.code,
                self.code.detail(),
                self.code.subject()
            )?,
        }
        writeln!(
            f,
            "  class:   {} {}: {}",
            self.code.class().digit(),
            self.class_name(),
            self.class_meaning()
        )?;
        write!(
            f,
            "  subject: {} {}",
            self.code.subject(),
            self.subject_name
        )?;
        if let Some(d) = self.detail {
            write!(f, "\n  meaning: {}\n  source:  {}", d.meaning, d.rfc)?;
        }
        Ok(())
    }
}

impl EnhancedStatusCode {
    /// What the catalogue knows about this code: `None` when the subject is
    /// not one of 0 to 7; otherwise the class and subject, and the detail when
    /// it is registered.
    pub fn info(self) -> Option<EnhancedInfo> {
        let subject_name = subject_name(self.subject())?;
        let detail = DETAILS
            .binary_search_by_key(&(self.subject(), self.detail()), |d| (d.subject, d.detail))
            .ok()
            .and_then(|i| DETAILS.get(i));
        Some(EnhancedInfo {
            code: self,
            subject_name,
            detail,
        })
    }
}

/// The name of an enhanced-code subject (RFC 3463 §4), or `None` above 7.
pub fn subject_name(subject: u16) -> Option<&'static str> {
    SUBJECTS.get(usize::from(subject)).copied()
}

/// Every registered `(subject, detail)` in the catalogue, sorted.
pub fn enhanced_details() -> &'static [EnhancedDetail] {
    DETAILS
}

static SUBJECTS: [&str; 8] = [
    "Other or undefined",
    "Addressing",
    "Mailbox",
    "Mail system",
    "Network and routing",
    "Mail delivery protocol",
    "Message content or media",
    "Security or policy",
];

/// Shorthand for a table row.
const fn d(
    subject: u16,
    detail: u16,
    name: &'static str,
    meaning: &'static str,
    rfc: &'static str,
) -> EnhancedDetail {
    EnhancedDetail {
        subject,
        detail,
        name,
        meaning,
        rfc,
    }
}

const R3463: &str = "RFC 3463";

/// The detail table, sorted by `(subject, detail)` (the tests check it).
static DETAILS: &[EnhancedDetail] = &[
    d(
        0,
        0,
        "Other undefined status",
        "A catch-all: nothing is said beyond what the class digit tells.",
        R3463,
    ),
    d(
        1,
        0,
        "Other address status",
        "A problem with an address that none of the more specific addressing codes covers.",
        R3463,
    ),
    d(
        1,
        1,
        "Bad destination mailbox address",
        "The recipient's domain is fine, but the part before the '@' names no mailbox there.",
        R3463,
    ),
    d(
        1,
        2,
        "Bad destination system address",
        "The recipient's domain, after the '@', is wrong: it does not exist or takes no mail.",
        R3463,
    ),
    d(
        1,
        3,
        "Bad destination mailbox address syntax",
        "The recipient address breaks the address syntax rules.",
        R3463,
    ),
    d(
        1,
        4,
        "Destination mailbox address ambiguous",
        "The recipient address fits more than one mailbox at the destination.",
        R3463,
    ),
    d(
        1,
        5,
        "Destination address valid",
        "Confirms that the recipient address is good; it belongs with class 2, in success reports.",
        R3463,
    ),
    d(
        1,
        6,
        "Destination mailbox has moved, No forwarding address",
        "The address used to work, but its mailbox is gone and no new address is known.",
        R3463,
    ),
    d(
        1,
        7,
        "Bad sender's mailbox address syntax",
        "The sender address breaks the address syntax rules.",
        R3463,
    ),
    d(
        1,
        8,
        "Bad sender's system address",
        "The sender's domain is unusable: it does not exist, or mail sent back to it could not arrive.",
        R3463,
    ),
    d(
        1,
        9,
        "Message relayed to non-compliant mailer",
        "The address was fine, but the message went on to a system that does not take part in this reporting, so what happens next is unknown.",
        "RFC 3886",
    ),
    d(
        1,
        10,
        "Recipient address has null MX",
        "The recipient's domain publishes a null MX record, declaring that it receives no mail.",
        "RFC 7505",
    ),
    d(
        2,
        0,
        "Other or undefined mailbox status",
        "Something about the recipient's mailbox, which does exist, blocked delivery, and no specific code fits.",
        R3463,
    ),
    d(
        2,
        1,
        "Mailbox disabled, not accepting messages",
        "Mail to this existing mailbox is switched off, for a while or for good.",
        R3463,
    ),
    d(
        2,
        2,
        "Mailbox full",
        "The recipient has hit a storage quota; delivery can work again once they delete some mail.",
        R3463,
    ),
    d(
        2,
        3,
        "Message length exceeds administrative limit",
        "The message is larger than this particular mailbox allows, even where the system as a whole would take it.",
        R3463,
    ),
    d(
        2,
        4,
        "Mailing list expansion problem",
        "Sending to this list failed because its member addresses could not be worked out.",
        R3463,
    ),
    d(
        3,
        0,
        "Other or undefined mail system status",
        "Something on the destination system, which otherwise takes mail, got in the way.",
        R3463,
    ),
    d(
        3,
        1,
        "Mail system full",
        "The receiving system has no storage left; unlike a mailbox quota, the recipient cannot fix it by deleting mail.",
        R3463,
    ),
    d(
        3,
        2,
        "System not accepting network messages",
        "The mailbox's host is taking no messages right now (shutdown, overload, maintenance), or never does, as with reply 521.",
        R3463,
    ),
    d(
        3,
        3,
        "System not capable of selected features",
        "The destination lacks a feature that this message asks for.",
        R3463,
    ),
    d(
        3,
        4,
        "Message too big for system",
        "The message is over the size limit of the system itself, not only of one mailbox.",
        R3463,
    ),
    d(
        3,
        5,
        "System incorrectly configured",
        "A configuration error on the destination system stops it from taking the message.",
        R3463,
    ),
    d(
        3,
        6,
        "Requested priority was changed",
        "The message was accepted, but at a different priority from the one requested.",
        "RFC 6710",
    ),
    d(
        4,
        0,
        "Other or undefined network or routing status",
        "A network or routing problem that no specific code describes.",
        R3463,
    ),
    d(
        4,
        1,
        "No answer from host",
        "Connecting to the next host got no response.",
        R3463,
    ),
    d(
        4,
        2,
        "Bad connection",
        "The connection to the next host was made but failed, through a timeout or poor quality, before the message was through.",
        R3463,
    ),
    d(
        4,
        3,
        "Directory server failure",
        "A lookup that routing depends on, DNS for instance, failed because its server could not be reached.",
        R3463,
    ),
    d(
        4,
        4,
        "Unable to route",
        "The directory (usually DNS) gave no usable routing information, so there is no next hop for the message.",
        R3463,
    ),
    d(
        4,
        5,
        "Mail system congestion",
        "The mail system is congested and is holding messages back.",
        R3463,
    ),
    d(
        4,
        6,
        "Routing loop detected",
        "The message has passed through too many hops, which points to a loop in routing or forwarding.",
        R3463,
    ),
    d(
        4,
        7,
        "Delivery time expired",
        "Delivery was abandoned because the message sat in a queue too long or its sender-set lifetime ran out.",
        R3463,
    ),
    d(
        5,
        0,
        "Other or undefined protocol status",
        "A problem in the protocol exchange that no specific code describes.",
        R3463,
    ),
    d(
        5,
        1,
        "Invalid command",
        "The command is not supported, or came at the wrong point of the session.",
        R3463,
    ),
    d(
        5,
        2,
        "Syntax error",
        "The server could not parse the command, or did not recognize its verb.",
        R3463,
    ),
    d(
        5,
        3,
        "Too many recipients",
        "The transaction has more recipients than the receiver takes at once; the rest belong in another transaction.",
        R3463,
    ),
    d(
        5,
        4,
        "Invalid command arguments",
        "The command itself is fine, but an argument is out of range or refers to a feature the server does not know.",
        R3463,
    ),
    d(
        5,
        5,
        "Wrong protocol version",
        "The two sides could not agree on a common protocol version.",
        R3463,
    ),
    d(
        5,
        6,
        "Authentication Exchange line is too long",
        "The client's AUTH response line did not fit the server's buffer for the mechanism in use (reply 500).",
        "RFC 4954",
    ),
    d(
        6,
        0,
        "Other or undefined media error",
        "Something in the content made the message undeliverable, and no specific code fits.",
        R3463,
    ),
    d(
        6,
        1,
        "Media not supported",
        "Neither the delivery protocol nor the next system can carry the kind of content the message has.",
        R3463,
    ),
    d(
        6,
        2,
        "Conversion required and prohibited",
        "Delivering the message would need its content converted, which the sender or the sending host has forbidden.",
        R3463,
    ),
    d(
        6,
        3,
        "Conversion required but not supported",
        "The next hop needs the content in another form (for example 7-bit instead of 8-bit), and the relay cannot produce it.",
        R3463,
    ),
    d(
        6,
        4,
        "Conversion with loss performed",
        "The message got through, but converting it on the way dropped some of its data.",
        R3463,
    ),
    d(
        6,
        5,
        "Conversion Failed",
        "The content could not be converted as delivery required.",
        R3463,
    ),
    d(
        6,
        6,
        "Message content not available",
        "A BURL submission pointed at content on another server that could not be retrieved.",
        "RFC 4468",
    ),
    d(
        6,
        7,
        "Non-ASCII addresses not permitted for that sender/recipient",
        "An internationalized (non-ASCII) address was used where it cannot be accepted.",
        "RFC 6531",
    ),
    d(
        6,
        8,
        "UTF-8 string reply is required, but not permitted by the SMTP client",
        "The server would have to reply with UTF-8 text, such as an internationalized mailbox name, but the client has not enabled that.",
        "RFC 6531",
    ),
    d(
        6,
        9,
        "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected",
        "The message has UTF-8 header fields, and the path to at least one recipient cannot carry them.",
        "RFC 6531",
    ),
    d(
        6,
        10,
        "Duplicate of X.6.8 (deprecated)",
        "Registered by mistake with the same meaning as X.6.8; use X.6.8 instead.",
        "RFC 6531",
    ),
    d(
        7,
        0,
        "Other or undefined security status",
        "A generic security or policy code, for when no specific one fits or policy forbids saying more; AUTH and STARTTLS replies such as 235, 454 and 530 carry it too.",
        R3463,
    ),
    d(
        7,
        1,
        "Delivery not authorized, message refused",
        "Policy does not let this sender mail this destination; filtering by host or by recipient is the usual cause.",
        R3463,
    ),
    d(
        7,
        2,
        "Mailing list expansion prohibited",
        "This mailing list does not take messages from this sender.",
        R3463,
    ),
    d(
        7,
        3,
        "Security conversion required but not possible",
        "Delivery would mean translating between two secure messaging formats, and that cannot be done.",
        R3463,
    ),
    d(
        7,
        4,
        "Security features not supported",
        "The delivery path has no way to honour the security features the message asks for.",
        R3463,
    ),
    d(
        7,
        5,
        "Cryptographic failure",
        "Checking a signature or decrypting the message failed: the key or other material needed for it was missing or unusable.",
        R3463,
    ),
    d(
        7,
        6,
        "Cryptographic algorithm not supported",
        "The message uses a signing or encryption algorithm that the system handling it does not implement.",
        R3463,
    ),
    d(
        7,
        7,
        "Message integrity failure",
        "An integrity check showed that the message was damaged or changed on the way.",
        R3463,
    ),
    d(
        7,
        8,
        "Authentication credentials invalid",
        "The server did not accept the user name, password or other credentials given in AUTH (reply 535).",
        "RFC 4954",
    ),
    d(
        7,
        9,
        "Authentication mechanism is too weak",
        "Server policy demands a stronger AUTH mechanism for this user than the one chosen (reply 534).",
        "RFC 4954",
    ),
    d(
        7,
        10,
        "Encryption Needed",
        "The requested authentication mechanism needs protection from outside it, such as TLS, before it can be used; this mostly concerns mechanisms that send passwords in the clear.",
        "RFC 5248",
    ),
    d(
        7,
        11,
        "Encryption required for requested authentication mechanism",
        "The chosen AUTH mechanism is refused on a connection without encryption (reply 538).",
        "RFC 4954",
    ),
    d(
        7,
        12,
        "A password transition is needed",
        "The user must sign in once with another mechanism, usually PLAIN, before the requested one can work (reply 432).",
        "RFC 4954",
    ),
    d(
        7,
        13,
        "User Account Disabled",
        "The credentials were right, but the account has been switched off; only its administrator can turn it back on.",
        "RFC 5248",
    ),
    d(
        7,
        14,
        "Trust relationship required",
        "Fetching the referenced content (BURL) needs a trust arrangement between this submission server and the server holding the content, and none is configured.",
        "RFC 5248",
    ),
    d(
        7,
        15,
        "Priority Level is too low",
        "The receiver only takes messages of higher priority than the one requested, perhaps only for now.",
        "RFC 6710",
    ),
    d(
        7,
        16,
        "Message is too big for the specified priority",
        "Messages of this size are not taken at the requested priority.",
        "RFC 6710",
    ),
    d(
        7,
        17,
        "Mailbox owner has changed",
        "The recipient mailbox has not stayed with one owner since the date the sender gave (RRVS).",
        "RFC 7293",
    ),
    d(
        7,
        18,
        "Domain owner has changed",
        "The recipient's domain passed to a new owner after the date the sender gave (RRVS).",
        "RFC 7293",
    ),
    d(
        7,
        19,
        "RRVS test cannot be completed",
        "The receiver has no record of when the mailbox got its current owner, so it cannot perform the RRVS check.",
        "RFC 7293",
    ),
    d(
        7,
        20,
        "No passing DKIM signature found",
        "None of the message's DKIM signatures, if it has any, verifies.",
        "RFC 7372",
    ),
    d(
        7,
        21,
        "No acceptable DKIM signature found",
        "At least one DKIM signature verifies, yet the receiver accepts none of them.",
        "RFC 7372",
    ),
    d(
        7,
        22,
        "No valid author-matched DKIM signature found",
        "No verifying DKIM signature comes from the domain of the author address in the From header field.",
        "RFC 7372",
    ),
    d(
        7,
        23,
        "SPF validation failed",
        "The sender domain's SPF record does not authorize the sending host (SPF result 'fail'), and the receiver rejects on that.",
        "RFC 7372",
    ),
    d(
        7,
        24,
        "SPF validation error",
        "The SPF check could not be completed because of an error, temporary or permanent.",
        "RFC 7372",
    ),
    d(
        7,
        25,
        "Reverse DNS validation failed",
        "The connecting client's IP address has no reverse DNS name that checks out, and the receiver requires one.",
        "RFC 7372",
    ),
    d(
        7,
        26,
        "Multiple authentication checks failed",
        "Several of the receiver's authentication checks, such as SPF and DKIM, failed; the reply does not say which.",
        "RFC 7372",
    ),
    d(
        7,
        27,
        "Sender address has null MX",
        "The sender's domain publishes a null MX record, so reports about the message could not be returned to it.",
        "RFC 7505",
    ),
];
