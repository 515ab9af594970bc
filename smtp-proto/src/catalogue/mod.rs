//! A catalogue of SMTP reply codes and enhanced status codes, in plain English.
//!
//! Each reply code that RFC 5321 or a common extension defines has a
//! [`CodeInfo`]: its name, class and category, what it means, which commands
//! it answers, what a client should do about it, and the RFCs that define it.
//! [`compare`] sets two codes side by side, and enhanced status codes
//! (RFC 3463, RFC 5248) have an [`EnhancedInfo`].
//!
//! ```
//! use smtp_sansio_proto::catalogue::{self, compare};
//! use smtp_sansio_proto::{EnhancedStatusCode, ReplyClass, ReplyCode};
//!
//! let info = ReplyCode::START_MAIL_INPUT.info().expect("354 is catalogued");
//! assert_eq!(info.name(), "Start mail input");
//! assert_eq!(info.class(), ReplyClass::PositiveIntermediate);
//! assert_eq!(info.answers(), ["DATA"]);
//! assert_eq!(catalogue::lookup(ReplyCode::new(259)?), None);
//!
//! let cmp = compare(ReplyCode::HELP_MESSAGE, ReplyCode::START_MAIL_INPUT);
//! assert!(!cmp.same_class());
//! assert!(cmp.to_string().contains("3yz Positive Intermediate"));
//!
//! let enhanced = EnhancedStatusCode::try_from("5.1.1")?.info().expect("subject 1 is defined");
//! assert_eq!(enhanced.subject_name(), "Addressing");
//! assert_eq!(enhanced.detail_name(), Some("Bad destination mailbox address"));
//! # Ok::<(), smtp_sansio_proto::ValidationError>(())
//! ```
//!
//! The texts are written for this crate from the facts in the RFCs; the names
//! are the short labels the RFCs give each code.

use core::fmt;

use crate::{ReplyCategory, ReplyClass, ReplyCode};

mod compare;
mod enhanced_meanings;
mod explain;
mod reply_meanings;

pub use compare::{Comparison, compare};
pub use enhanced_meanings::{EnhancedDetail, EnhancedInfo, enhanced_details, subject_name};
pub use explain::{ExplainError, explain, explain_many};

/// Pseudo-command in [`CodeInfo::answers`]: the reply the server sends as
/// soon as the connection opens, before the client has said anything.
pub const GREETING: &str = "greeting";

/// Pseudo-command in [`CodeInfo::answers`]: the reply may come back for any
/// command.
pub const ANY_COMMAND: &str = "any command";

/// What the catalogue knows about one reply code.
///
/// All values are static; get one with [`lookup`], [`ReplyCode::info`] or
/// [`all`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CodeInfo {
    code: ReplyCode,
    name: &'static str,
    meaning: &'static str,
    when: &'static str,
    answers: &'static [&'static str],
    action: &'static str,
    rfcs: &'static [&'static str],
}

impl CodeInfo {
    /// The reply code.
    pub const fn code(&self) -> ReplyCode {
        self.code
    }

    /// The short name the defining RFC gives the code, e.g. `"Help message"`.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The class (first digit) of the code.
    pub const fn class(&self) -> ReplyClass {
        self.code.class()
    }

    /// The category (second digit) of the code.
    pub const fn category(&self) -> ReplyCategory {
        self.code.category()
    }

    /// What the reply tells the client, in a sentence or two.
    pub const fn meaning(&self) -> &'static str {
        self.meaning
    }

    /// When a client sees this reply, in prose.
    pub const fn when(&self) -> &'static str {
        self.when
    }

    /// The commands this reply answers, as upper-case verbs (`"MAIL"`,
    /// `"DATA"`, ...), plus [`GREETING`] when the server may send it on
    /// connect and [`ANY_COMMAND`] when any command may get it.
    pub const fn answers(&self) -> &'static [&'static str] {
        self.answers
    }

    /// Whether this reply can answer `verb` (case-insensitive); a reply that
    /// can answer [`ANY_COMMAND`] answers every verb.
    pub fn answers_command(&self, verb: &str) -> bool {
        self.answers
            .iter()
            .any(|&a| a == ANY_COMMAND || (a != GREETING && a.eq_ignore_ascii_case(verb)))
    }

    /// What a client (or the person behind it) should do on receiving it.
    pub const fn action(&self) -> &'static str {
        self.action
    }

    /// The RFCs that define the code or its use, most important first, e.g.
    /// `["RFC 4954", "RFC 3207"]`.
    pub const fn rfcs(&self) -> &'static [&'static str] {
        self.rfcs
    }

    /// The main defining RFC (the first of [`rfcs`](Self::rfcs)).
    pub fn rfc(&self) -> &'static str {
        self.rfcs.first().copied().unwrap_or("RFC 5321")
    }
}

impl fmt::Display for CodeInfo {
    /// A multi-line description: name, class, category, meaning, commands,
    /// when it is seen, what to do, and the RFCs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.code, self.name)?;
        writeln!(
            f,
            "  class:    {}: {}",
            self.class(),
            class_summary(self.class())
        )?;
        writeln!(f, "  category: {}", self.category())?;
        writeln!(f, "  meaning:  {}", self.meaning)?;
        f.write_str("  answers:  ")?;
        write_answers(f, self.answers)?;
        writeln!(f)?;
        writeln!(f, "  when:     {}", self.when)?;
        writeln!(f, "  action:   {}", self.action)?;
        f.write_str("  source:   ")?;
        write_list(f, self.rfcs)
    }
}

/// The catalogue entry for `code`, if the catalogue has one.
pub fn lookup(code: ReplyCode) -> Option<&'static CodeInfo> {
    reply_meanings::CODES
        .binary_search_by_key(&code, |info| info.code)
        .ok()
        .and_then(|i| reply_meanings::CODES.get(i))
}

/// Every catalogue entry, sorted by code.
pub fn all() -> &'static [CodeInfo] {
    reply_meanings::CODES
}

impl ReplyCode {
    /// The catalogue entry for this code, if the catalogue has one.
    ///
    /// ```
    /// use smtp_sansio_proto::ReplyCode;
    ///
    /// assert_eq!(ReplyCode::HELP_MESSAGE.info().map(|i| i.answers()), Some(&["HELP"][..]));
    /// ```
    pub fn info(self) -> Option<&'static CodeInfo> {
        lookup(self)
    }
}

/// One line on what a reply of `class` means for the command it answers.
pub(crate) const fn class_summary(class: ReplyClass) -> &'static str {
    match class {
        ReplyClass::PositiveCompletion => "the command succeeded and is finished",
        ReplyClass::PositiveIntermediate => {
            "the command was accepted so far, and the server now waits for more input from the client"
        }
        ReplyClass::TransientNegative => {
            "the command failed this time, but the condition is temporary and the same request may work later"
        }
        ReplyClass::PermanentNegative => {
            "the command failed, and sending it again unchanged will fail again"
        }
    }
}

/// Writes `items` separated by `", "`.
fn write_list(f: &mut fmt::Formatter<'_>, items: &[&str]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(item)?;
    }
    Ok(())
}

/// Writes an `answers` list in words: the greeting, the verbs, or any command.
pub(crate) fn write_answers(f: &mut fmt::Formatter<'_>, answers: &[&str]) -> fmt::Result {
    let mut parts = 0;
    if answers.contains(&GREETING) {
        f.write_str("the connection (as greeting)")?;
        parts += 1;
    }
    let mut verbs = answers
        .iter()
        .filter(|&&a| a != GREETING && a != ANY_COMMAND)
        .peekable();
    if verbs.peek().is_some() {
        if parts > 0 {
            f.write_str("; ")?;
        }
        for (i, verb) in verbs.enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(verb)?;
        }
        parts += 1;
    }
    if answers.contains(&ANY_COMMAND) {
        if parts > 0 {
            f.write_str("; ")?;
        }
        f.write_str("any command")?;
    }
    Ok(())
}
