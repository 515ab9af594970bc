//! Commands and their arguments: `Command` (every SMTP, ESMTP and LMTP
//! command this model knows, and the rest), ESMTP keywords and values, the
//! MAIL/RCPT parameters, SASL values, and the strings of VRFY, EXPN, HELP
//! and NOOP.

pub(crate) mod auth;
pub(crate) mod keyword;
pub(crate) mod parameters;
pub(crate) mod string;
pub(crate) mod timestamp;
pub(crate) mod xtext;

pub use auth::{AuthMechanism, InitialResponse, Secret};
pub use keyword::{EsmtpKeyword, EsmtpValue};
pub use parameters::{
    Body, ByMode, DeliverBy, ExtensionParameter, Mail, MailParameter, MailParameters, MtPriority,
    Notify, NotifyConditions, Orcpt, OrcptType, ParameterKind, Parameters, Rcpt, RcptParameter,
    RcptParameters, Ret, Rrvs, RrvsMode,
};
pub use string::SmtpString;
pub use timestamp::Timestamp;
pub use xtext::XText;

use crate::{ForwardPath, Host, IntoStatic, ReversePath, Text};

use crate::wire::{Sink, Wire};

/// One command line, without its CRLF.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Command, ForwardPath, wire::Wire};
///
/// let rcpt = Command::Rcpt {
///     to: ForwardPath::try_from("<bob@example.org>")?,
///     parameters: "NOTIFY=SUCCESS,FAILURE".try_into()?,
/// };
/// assert_eq!(rcpt.verb(), "RCPT");
/// assert_eq!(rcpt.to_string(), "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE");
/// assert_eq!(Command::Bdat { size: 0, last: true }.to_string(), "BDAT 0 LAST");
/// # Ok::<(), smtp_sansio_proto::ValidationError>(())
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
// A word-sized tag: with a one-octet tag every variant's fields follow
// seven octets of padding, and moving a command from layer to layer was
// compiled into copies that start inside that padding and overlap the
// stores just made, which stall the store buffer. The size stays 128
// octets.
#[repr(u64)]
pub enum Command<'a> {
    /// `HELO domain`.
    Helo {
        /// The client's name for itself.
        domain: Host<'a>,
    },
    /// `EHLO domain`.
    Ehlo {
        /// The client's name for itself.
        domain: Host<'a>,
    },
    /// `LHLO domain` (LMTP, RFC 2033).
    Lhlo {
        /// The client's name for itself.
        domain: Host<'a>,
    },
    /// `MAIL FROM:<reverse-path> [parameters]`.
    Mail {
        /// The sender, or `<>`.
        from: ReversePath<'a>,
        /// The ESMTP parameters, in order.
        parameters: MailParameters<'a>,
    },
    /// `RCPT TO:<forward-path> [parameters]`.
    Rcpt {
        /// The recipient.
        to: ForwardPath<'a>,
        /// The ESMTP parameters, in order.
        parameters: RcptParameters<'a>,
    },
    /// `DATA`.
    Data,
    /// `BDAT size [LAST]` (RFC 3030).
    Bdat {
        /// The chunk size in octets.
        size: u64,
        /// Whether this is the last chunk.
        last: bool,
    },
    /// `RSET`.
    Rset,
    /// `VRFY string`.
    Vrfy {
        /// The user or mailbox to verify.
        target: SmtpString<'a>,
    },
    /// `EXPN string`.
    Expn {
        /// The mailing list to expand.
        list: SmtpString<'a>,
    },
    /// `HELP [string]`.
    Help {
        /// The topic, if any.
        topic: Option<SmtpString<'a>>,
    },
    /// `NOOP [string]`.
    Noop {
        /// The ignored argument, if any.
        argument: Option<SmtpString<'a>>,
    },
    /// `QUIT`.
    Quit,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `AUTH mechanism [initial-response]` (RFC 4954).
    Auth {
        /// The SASL mechanism.
        mechanism: AuthMechanism<'a>,
        /// The initial response; `Debug` never prints its data.
        initial_response: Option<InitialResponse<'a>>,
    },
    /// Any other verb (an extension such as `ETRN` or `XCLIENT`).
    ///
    /// A known verb placed here encodes fine but decodes as its own variant.
    Other {
        /// The verb as written.
        verb: EsmtpKeyword<'a>,
        /// The rest of the line after the first space.
        arguments: Option<Text<'a>>,
    },
}

// The size the comment on `Command` states, and the niche its tag leaves
// for the `Option`/`Result` around it, pinned where they were measured.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(core::mem::size_of::<Command<'static>>() == 128);
    assert!(core::mem::size_of::<Option<Command<'static>>>() == 128);
};

impl Command<'_> {
    /// The verb in canonical (uppercase) form; `Other` gives it as written.
    pub fn verb(&self) -> &str {
        match self {
            Self::Helo { .. } => "HELO",
            Self::Ehlo { .. } => "EHLO",
            Self::Lhlo { .. } => "LHLO",
            Self::Mail { .. } => "MAIL",
            Self::Rcpt { .. } => "RCPT",
            Self::Data => "DATA",
            Self::Bdat { .. } => "BDAT",
            Self::Rset => "RSET",
            Self::Vrfy { .. } => "VRFY",
            Self::Expn { .. } => "EXPN",
            Self::Help { .. } => "HELP",
            Self::Noop { .. } => "NOOP",
            Self::Quit => "QUIT",
            Self::StartTls => "STARTTLS",
            Self::Auth { .. } => "AUTH",
            Self::Other { verb, .. } => verb.as_str(),
        }
    }
}

/// Writes `" " value` when there is a value.
fn optional<W: Wire, S: Sink + ?Sized>(value: Option<&W>, out: &mut S) {
    if let Some(v) = value {
        out.put_str(" ");
        v.write_to(out);
    }
}

impl Wire for Command<'_> {
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        match self {
            Self::Helo { domain } | Self::Ehlo { domain } | Self::Lhlo { domain } => {
                out.put_str(self.verb());
                out.put_str(" ");
                domain.write_to(out);
            }
            Self::Mail { from, parameters } => {
                out.put_str("MAIL FROM:");
                from.write_to(out);
                optional((!parameters.is_empty()).then_some(parameters), out);
            }
            Self::Rcpt { to, parameters } => {
                out.put_str("RCPT TO:");
                to.write_to(out);
                optional((!parameters.is_empty()).then_some(parameters), out);
            }
            Self::Bdat { size, last } => {
                out.put_str("BDAT ");
                out.put_u64(*size);
                if *last {
                    out.put_str(" LAST");
                }
            }
            Self::Vrfy { target: s } | Self::Expn { list: s } => {
                out.put_str(self.verb());
                optional(Some(s), out);
            }
            Self::Help { topic: s } | Self::Noop { argument: s } => {
                out.put_str(self.verb());
                optional(s.as_ref(), out);
            }
            Self::Auth {
                mechanism,
                initial_response,
            } => {
                out.put_str("AUTH ");
                mechanism.write_to(out);
                optional(initial_response.as_ref(), out);
            }
            Self::Other { verb, arguments } => {
                verb.write_to(out);
                optional(arguments.as_ref(), out);
            }
            Self::Data | Self::Rset | Self::Quit | Self::StartTls => out.put_str(self.verb()),
        }
    }
}

impl core::fmt::Display for Command<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl IntoStatic for Command<'_> {
    type Static = Command<'static>;

    fn into_static(self) -> Command<'static> {
        match self {
            Self::Helo { domain } => Command::Helo {
                domain: domain.into_static(),
            },
            Self::Ehlo { domain } => Command::Ehlo {
                domain: domain.into_static(),
            },
            Self::Lhlo { domain } => Command::Lhlo {
                domain: domain.into_static(),
            },
            Self::Mail { from, parameters } => Command::Mail {
                from: from.into_static(),
                parameters: parameters.into_static(),
            },
            Self::Rcpt { to, parameters } => Command::Rcpt {
                to: to.into_static(),
                parameters: parameters.into_static(),
            },
            Self::Data => Command::Data,
            Self::Bdat { size, last } => Command::Bdat { size, last },
            Self::Rset => Command::Rset,
            Self::Vrfy { target } => Command::Vrfy {
                target: target.into_static(),
            },
            Self::Expn { list } => Command::Expn {
                list: list.into_static(),
            },
            Self::Help { topic } => Command::Help {
                topic: topic.map(IntoStatic::into_static),
            },
            Self::Noop { argument } => Command::Noop {
                argument: argument.map(IntoStatic::into_static),
            },
            Self::Quit => Command::Quit,
            Self::StartTls => Command::StartTls,
            Self::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_static(),
                initial_response: initial_response.map(IntoStatic::into_static),
            },
            Self::Other { verb, arguments } => Command::Other {
                verb: verb.into_static(),
                arguments: arguments.map(IntoStatic::into_static),
            },
        }
    }
}
