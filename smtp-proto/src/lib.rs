//! # smtp-sansio-proto
//!
//! The SMTP protocol model: every value that can reach the wire is a validated
//! newtype, so no encoder built on these types can emit a CR, LF or NUL where
//! the grammar forbids one (no command or reply injection). Values borrow the
//! text they were validated from (`Cow<'a, str>`); [`IntoStatic`] frees them
//! of that lifetime, and `str::parse` ([`FromStr`](core::str::FromStr))
//! validates and copies in one go.
//!
//! The types come in three groups, all re-exported here: addresses
//! ([`Domain`], [`Mailbox`], [`ReversePath`], [`ForwardPath`], ...),
//! commands and their parameters ([`Command`], [`MailParameters`],
//! [`RcptParameters`], ...), and replies and capabilities ([`Reply`],
//! [`ReplyCode`], [`EnhancedStatusCode`], [`Capability`], [`EhloReply`]);
//! [`catalogue`] explains reply codes in plain English. A refusal is a
//! [`ValidationError`]: which [`ValueKind`], which [`Rule`], which byte.
//!
//! This crate has no parser dependency: `smtp-sansio-codec` frames and parses the
//! wire, and builds these values through the same validating constructors.
//!
//! ```
//! use smtp_sansio_proto::{Command, ReversePath, wire::Wire};
//!
//! let from = ReversePath::try_from("<alice@example.com>")?;
//! let mail = Command::Mail { from, parameters: "SIZE=1000 BODY=8BITMIME".try_into()? };
//! assert_eq!(mail.to_string(), "MAIL FROM:<alice@example.com> SIZE=1000 BODY=8BITMIME");
//! # Ok::<(), smtp_sansio_proto::ValidationError>(())
//! ```
//!
//! ## Features
//!
//! - `std` (default): with it off the crate is `no_std` + `alloc`.
//! - `serde`: `Serialize`/`Deserialize` for every value; deserializing validates.
//! - `arbitrary`: `Arbitrary` for every value, built through `TryFrom`, so a
//!   fuzzer only ever gets valid values.

#![cfg_attr(not(feature = "std"), no_std)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

/// This crate's README, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[macro_use]
mod macros;

mod address;
#[cfg(feature = "arbitrary")]
mod arbitrary_support;
pub mod catalogue;
pub mod chars;
mod command;
mod error;
mod into_static;
pub mod limits;
mod number;
mod reply;
#[cfg(feature = "serde")]
mod serde_repr;
mod smtputf8;
mod split;
mod swar;
pub mod wire;

pub use address::{
    AddressLiteral, Domain, ForwardPath, Host, LocalPart, Mailbox, Path, ReversePath, SourceRoute,
};
pub use command::{
    AuthMechanism, Command, EsmtpKeyword, EsmtpValue, InitialResponse, Secret, SmtpString,
    Timestamp, XText,
};
pub use command::{
    Body, ByMode, DeliverBy, ExtensionParameter, Mail, MailParameter, MailParameters, MtPriority,
    Notify, NotifyConditions, Orcpt, OrcptType, ParameterKind, Parameters, Rcpt, RcptParameter,
    RcptParameters, Ret, Rrvs, RrvsMode,
};
pub use error::{Rule, ValidationError, ValueKind};
pub use into_static::IntoStatic;
pub use reply::{
    AuthMechanisms, Capability, EhloParams, EhloReply, EnhancedClass, EnhancedStatusCode,
    LimitParams, Reply, ReplyCategory, ReplyClass, ReplyCode, Text,
};
