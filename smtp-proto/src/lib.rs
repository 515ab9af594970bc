//! # smtp-sansio-proto
//!
//! The SMTP protocol model: every value that can reach the wire is a validated
//! newtype, so no encoder built on these types can emit a CR, LF or NUL where
//! the grammar forbids one (no command or reply injection). Values borrow the
//! text they were validated from (`Cow<'a, str>`); `into_owned()` frees them
//! of that lifetime.
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

#[macro_use]
mod macros;

mod address_literal;
#[cfg(feature = "arbitrary")]
mod arbitrary_support;
mod auth;
mod capability;
pub mod catalogue;
pub mod chars;
mod charset;
mod command;
mod domain;
mod ehlo;
mod enhanced;
mod error;
mod host;
mod keyword;
pub mod limits;
mod local_part;
mod mailbox;
mod number;
mod parameters;
mod path;
mod reply;
mod reply_code;
#[cfg(feature = "serde")]
mod serde_repr;
mod split;
mod text;
mod timestamp;
pub mod wire;
mod xtext;

pub use address_literal::AddressLiteral;
pub use auth::{AuthMechanism, InitialResponse, Secret};
pub use capability::{AuthMechanisms, Capability, EhloParams, LimitParams};
pub use command::Command;
pub use domain::Domain;
pub use ehlo::EhloReply;
pub use enhanced::{EnhancedClass, EnhancedStatusCode};
pub use error::{Rule, ValidationError};
pub use host::Host;
pub use keyword::{EsmtpKeyword, EsmtpValue};
pub use local_part::LocalPart;
pub use mailbox::Mailbox;
pub use parameters::{
    Body, ByMode, DeliverBy, ExtensionParameter, Mail, MailParameter, MailParameters, MtPriority,
    Notify, NotifyConditions, Orcpt, OrcptType, ParameterKind, Parameters, Rcpt, RcptParameter,
    RcptParameters, Ret, Rrvs, RrvsMode,
};
pub use path::{ForwardPath, Path, ReversePath, SourceRoute};
pub use reply::Reply;
pub use reply_code::{ReplyCategory, ReplyClass, ReplyCode};
pub use text::{SmtpString, Text};
pub use timestamp::Timestamp;
pub use xtext::XText;
