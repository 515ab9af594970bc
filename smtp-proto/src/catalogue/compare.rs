//! [`compare`]: two reply codes side by side.

use core::fmt;

use super::{ANY_COMMAND, CodeInfo, GREETING, class_summary, lookup, write_answers};
use crate::{ReplyCategory, ReplyClass, ReplyCode};

/// How two reply codes relate: their classes, their categories and the
/// commands each answers. Made by [`compare`]; `Display` writes a few lines
/// of plain English.
///
/// ```
/// use smtp_sansio_proto::ReplyCode;
/// use smtp_sansio_proto::catalogue::compare;
///
/// let cmp = compare(ReplyCode::HELP_MESSAGE, ReplyCode::SERVICE_READY);
/// assert!(cmp.same_class());
/// assert!(!cmp.same_category());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Comparison {
    a: ReplyCode,
    b: ReplyCode,
}

/// Compares two reply codes.
pub fn compare(a: ReplyCode, b: ReplyCode) -> Comparison {
    Comparison { a, b }
}

impl Comparison {
    /// The first code.
    pub const fn a(&self) -> ReplyCode {
        self.a
    }

    /// The second code.
    pub const fn b(&self) -> ReplyCode {
        self.b
    }

    /// The catalogue entry of the first code, if any.
    pub fn a_info(&self) -> Option<&'static CodeInfo> {
        lookup(self.a)
    }

    /// The catalogue entry of the second code, if any.
    pub fn b_info(&self) -> Option<&'static CodeInfo> {
        lookup(self.b)
    }

    /// Whether both codes have the same class (first digit).
    pub const fn same_class(&self) -> bool {
        self.a.get() / 100 == self.b.get() / 100
    }

    /// Whether both codes have the same category (second digit).
    pub const fn same_category(&self) -> bool {
        (self.a.get() / 10) % 10 == (self.b.get() / 10) % 10
    }

    /// The classes of the first and the second code.
    pub const fn classes(&self) -> (ReplyClass, ReplyClass) {
        (self.a.class(), self.b.class())
    }

    /// The categories of the first and the second code.
    pub const fn categories(&self) -> (ReplyCategory, ReplyCategory) {
        (self.a.category(), self.b.category())
    }

    /// The command verbs both codes can answer, by the catalogue (empty when
    /// either code is not catalogued or they share none). A code that answers
    /// any command shares every verb of the other.
    pub fn shared_commands(&self) -> impl Iterator<Item = &'static str> + use<> {
        let a = self.a_info();
        let b = self.b_info();
        let (a_any, b_any) = (
            a.is_some_and(|i| i.answers().contains(&ANY_COMMAND)),
            b.is_some_and(|i| i.answers().contains(&ANY_COMMAND)),
        );
        let a_verbs = a.map_or(&[][..], CodeInfo::answers);
        let b_verbs = b.map_or(&[][..], CodeInfo::answers);
        // Verbs of `a` that `b` answers, then verbs of `b` that only an
        // any-command `a` covers.
        let from_a = a_verbs
            .iter()
            .copied()
            .filter(|v| is_verb(v))
            .filter(move |v| b.is_some() && (b_any || b_verbs.contains(v)));
        let from_b = b_verbs
            .iter()
            .copied()
            .filter(|v| is_verb(v))
            .filter(move |v| a_any && !a_verbs.contains(v));
        from_a.chain(from_b)
    }
}

/// Whether an `answers` entry is a real verb, not a pseudo-command.
fn is_verb(entry: &str) -> bool {
    entry != GREETING && entry != ANY_COMMAND
}

/// `"214 (Help message)"`, or just the code when it is not catalogued.
fn write_labelled(f: &mut fmt::Formatter<'_>, code: ReplyCode) -> fmt::Result {
    match lookup(code) {
        Some(info) => write!(f, "{code} ({})", info.name()),
        None => write!(f, "{code}"),
    }
}

/// One line on which commands `code` answers.
fn write_commands(f: &mut fmt::Formatter<'_>, code: ReplyCode) -> fmt::Result {
    write_labelled(f, code)?;
    match lookup(code) {
        Some(info) => {
            f.write_str(" answers: ")?;
            write_answers(f, info.answers())?;
            f.write_str(".")
        }
        None => f.write_str(" is not in the catalogue, so its commands are unknown."),
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.a, self.b);
        let (class_a, class_b) = self.classes();
        let (cat_a, cat_b) = self.categories();
        if a == b {
            writeln!(f, "{a} and {b} are the same code.")?;
        }
        if self.same_class() {
            writeln!(
                f,
                "Same class: {a} and {b} are both {class_a}, meaning {}.",
                class_summary(class_a)
            )?;
        } else {
            writeln!(f, "The classes differ: {a} is {class_a}, {b} is {class_b}.")?;
            writeln!(f, "  {class_a}: {}.", class_summary(class_a))?;
            writeln!(f, "  {class_b}: {}.", class_summary(class_b))?;
        }
        if self.same_category() {
            writeln!(f, "Same category: {a} and {b} are both {cat_a}.")?;
        } else {
            writeln!(f, "The categories differ: {a} is {cat_a}, {b} is {cat_b}.")?;
        }
        write_commands(f, a)?;
        if a != b {
            writeln!(f)?;
            write_commands(f, b)?;
            let mut shared = self.shared_commands().peekable();
            if shared.peek().is_some() {
                f.write_str("\nBoth can answer: ")?;
                for (i, verb) in shared.enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(verb)?;
                }
                f.write_str(".")?;
            }
        }
        Ok(())
    }
}
