//! Addresses: domains, address literals, local parts, mailboxes and the
//! reverse and forward paths of MAIL and RCPT.

pub(crate) mod address_literal;
pub(crate) mod domain;
pub(crate) mod host;
pub(crate) mod local_part;
pub(crate) mod mailbox;
pub(crate) mod path;

pub use address_literal::AddressLiteral;
pub use domain::Domain;
pub use host::Host;
pub use local_part::LocalPart;
pub use mailbox::Mailbox;
pub use path::{ForwardPath, Path, ReversePath, SourceRoute};
