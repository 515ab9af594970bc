//! `Envelope`: the sender and recipients of one message.

use alloc::vec::Vec;

use smtp_sansio_proto::{ForwardPath, MailParameters, RcptParameters, ReversePath};

/// One message to send: the envelope and the message octets (any line
/// ends; the DATA encoder canonicalises them and stuffs dots).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Envelope {
    /// The sender, or `<>`.
    pub from: ReversePath<'static>,
    /// MAIL parameters.
    pub parameters: MailParameters<'static>,
    /// The recipients with their parameters.
    pub recipients: Vec<(ForwardPath<'static>, RcptParameters<'static>)>,
}

impl Envelope {
    /// An envelope from `from` with no parameters and no recipients yet.
    pub fn new(from: ReversePath<'static>) -> Self {
        Self {
            from,
            parameters: MailParameters::new(),
            recipients: Vec::new(),
        }
    }

    /// These MAIL parameters.
    #[must_use]
    pub fn with_parameters(mut self, parameters: MailParameters<'static>) -> Self {
        self.parameters = parameters;
        self
    }

    /// One more recipient, without parameters.
    #[must_use]
    pub fn to(self, recipient: ForwardPath<'static>) -> Self {
        self.to_with(recipient, RcptParameters::new())
    }

    /// One more recipient, with its RCPT parameters.
    #[must_use]
    pub fn to_with(
        mut self,
        recipient: ForwardPath<'static>,
        parameters: RcptParameters<'static>,
    ) -> Self {
        self.recipients.push((recipient, parameters));
        self
    }
}
