//! Replies and capabilities: `Reply` (a reply code, an optional enhanced
//! status code, and one or more text lines), the codes themselves, reply
//! text, and the EHLO reply with its typed capabilities.

pub(crate) mod capability;
pub(crate) mod code;
pub(crate) mod ehlo;
pub(crate) mod enhanced_code;
pub(crate) mod text;

pub use capability::{AuthMechanisms, Capability, EhloParams, LimitParams};
pub use code::{ReplyCategory, ReplyClass, ReplyCode};
pub use ehlo::EhloReply;
pub use enhanced_code::{EnhancedClass, EnhancedStatusCode};
pub use text::Text;

use alloc::vec::Vec;

use crate::IntoStatic;
use crate::error::{Rule, ValidationError, ValueKind, fail};
use crate::wire::{Sink, Wire};

/// A complete reply. The first line is stored apart from the rest so a
/// one-line reply needs no allocation.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{EnhancedStatusCode, Reply, ReplyCode, Text};
///
/// let reply = Reply::with_enhanced(
///     ReplyCode::MAILBOX_UNAVAILABLE,
///     EnhancedStatusCode::try_from("5.1.1")?,
///     Text::try_from("User unknown")?,
/// )?;
/// assert_eq!(reply.to_string(), "550 5.1.1 User unknown\r\n");
///
/// let mut help = Reply::new(ReplyCode::HELP_MESSAGE, Text::try_from("Commands:")?);
/// help.push_line(Text::try_from("HELO EHLO MAIL RCPT DATA")?);
/// assert_eq!(help.to_string(), "214-Commands:\r\n214 HELO EHLO MAIL RCPT DATA\r\n");
/// # Ok::<(), smtp_sansio_proto::ValidationError>(())
/// ```
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "crate::serde_repr::ReplyRepr<'a>",
        into = "crate::serde_repr::ReplyRepr<'a>"
    )
)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    code: ReplyCode,
    enhanced: Option<EnhancedStatusCode>,
    first: Text<'a>,
    more: Vec<Text<'a>>,
}

impl<'a> Reply<'a> {
    /// A one-line reply.
    pub fn new(code: ReplyCode, text: Text<'a>) -> Self {
        Self {
            code,
            enhanced: None,
            first: text,
            more: Vec::new(),
        }
    }

    /// A one-line reply with an enhanced status code on every line.
    ///
    /// # Errors
    /// [`Rule::ValueMismatch`] when the enhanced class differs from the
    /// code's first digit (a 3yz reply has no enhanced class).
    pub fn with_enhanced(
        code: ReplyCode,
        enhanced: EnhancedStatusCode,
        text: Text<'a>,
    ) -> Result<Self, ValidationError> {
        if u16::from(enhanced.class().digit()) != code.get() / 100 {
            return fail(ValueKind::Reply, Rule::ValueMismatch, 4);
        }
        Ok(Self {
            code,
            enhanced: Some(enhanced),
            first: text,
            more: Vec::new(),
        })
    }

    /// Appends a text line.
    pub fn push_line(&mut self, text: Text<'a>) {
        self.more.push(text);
    }

    /// The reply code.
    pub fn code(&self) -> ReplyCode {
        self.code
    }

    /// The enhanced status code, when the reply carries one.
    pub fn enhanced(&self) -> Option<EnhancedStatusCode> {
        self.enhanced
    }

    /// The text lines, without code or enhanced code.
    #[inline]
    pub fn lines(&self) -> impl Iterator<Item = &Text<'a>> + Clone {
        core::iter::once(&self.first).chain(self.more.iter())
    }

    /// The number of text lines (at least one).
    pub fn line_count(&self) -> usize {
        1 + self.more.len()
    }
}

/// Writes the start of a reply line: the code and `-` (more lines follow),
/// SP (last line, text follows) or nothing (last line, no text: `250\r\n`).
pub(crate) fn write_prefix<S: Sink + ?Sized>(
    out: &mut S,
    code: ReplyCode,
    last: bool,
    empty: bool,
) {
    // One copy of a fixed length, not two of the code and the separator.
    let [a, b, c] = code.digits();
    if !last {
        out.put_ascii(&[a, b, c, b'-']);
    } else if !empty {
        out.put_ascii(&[a, b, c, b' ']);
    } else {
        out.put_ascii(&[a, b, c]);
    }
}

impl Wire for Reply<'_> {
    /// Writes every line, each ending in CRLF.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        let count = self.line_count();
        for (i, line) in self.lines().enumerate() {
            let text = line.as_str();
            write_prefix(
                out,
                self.code,
                i + 1 == count,
                self.enhanced.is_none() && text.is_empty(),
            );
            if let Some(e) = self.enhanced {
                e.write_to(out);
                if !text.is_empty() {
                    out.put_str(" ");
                }
            }
            out.put_str(text);
            out.put_str("\r\n");
        }
    }
}

impl core::fmt::Display for Reply<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl IntoStatic for Reply<'_> {
    type Static = Reply<'static>;

    fn into_static(self) -> Reply<'static> {
        Reply {
            code: self.code,
            enhanced: self.enhanced,
            first: self.first.into_static(),
            more: self.more.into_iter().map(IntoStatic::into_static).collect(),
        }
    }
}
