//! `EhloReply`: the positive reply to EHLO or LHLO, typed.

use alloc::vec::Vec;

use crate::wire::{Sink, Wire};
use crate::{Capability, Host, IntoStatic, Text};

/// `"250" SP Domain [ SP ehlo-greet ]` followed by one capability per line.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Capability, EhloReply, Host, Text};
///
/// let mut ehlo = EhloReply::new(Host::try_from("mx.example.com")?, Some(Text::try_from("at your service")?));
/// ehlo.push(Capability::Pipelining);
/// ehlo.push(Capability::Size(Some(10_485_760)));
/// assert_eq!(
///     ehlo.to_string(),
///     "250-mx.example.com at your service\r\n250-PIPELINING\r\n250 SIZE 10485760\r\n"
/// );
/// # Ok::<(), smtp_sansio_proto::ValidationError>(())
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EhloReply<'a> {
    domain: Host<'a>,
    greeting: Option<Text<'a>>,
    capabilities: Vec<Capability<'a>>,
}

impl<'a> EhloReply<'a> {
    /// A reply with no capabilities yet.
    pub fn new(domain: Host<'a>, greeting: Option<Text<'a>>) -> Self {
        Self {
            domain,
            greeting: greeting.filter(|g| !g.as_str().is_empty()),
            capabilities: Vec::new(),
        }
    }

    /// Adds a capability line.
    pub fn push(&mut self, capability: Capability<'a>) {
        self.capabilities.push(capability);
    }

    /// The server's name for itself.
    pub fn domain(&self) -> &Host<'a> {
        &self.domain
    }

    /// The free text after the domain on the first line.
    pub fn greeting(&self) -> Option<&Text<'a>> {
        self.greeting.as_ref()
    }

    /// The capabilities, in the server's order.
    pub fn capabilities(&self) -> &[Capability<'a>] {
        &self.capabilities
    }

    /// Whether a capability with `probe`'s keyword is advertised (parameters
    /// ignored; see [`Capability::same_keyword`]).
    pub fn has(&self, probe: &Capability<'_>) -> bool {
        self.capabilities.iter().any(|c| c.same_keyword(probe))
    }
}

impl Wire for EhloReply<'_> {
    /// Writes the whole reply, each line ending in CRLF.
    fn write_to<S: Sink + ?Sized>(&self, out: &mut S) {
        // Each line end goes out with the next line's `250-` or `250 `: one
        // copy of a literal instead of two.
        let count = self.capabilities.len();
        out.put_str(if count == 0 { "250 " } else { "250-" });
        self.domain.write_to(out);
        if let Some(g) = &self.greeting {
            out.put_str(" ");
            g.write_to(out);
        }
        for (i, cap) in self.capabilities.iter().enumerate() {
            out.put_str(if i + 1 == count {
                "\r\n250 "
            } else {
                "\r\n250-"
            });
            cap.write_to(out);
        }
        out.put_str("\r\n");
    }
}

impl core::fmt::Display for EhloReply<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::wire::display(self, f)
    }
}

impl IntoStatic for EhloReply<'_> {
    type Static = EhloReply<'static>;

    fn into_static(self) -> EhloReply<'static> {
        EhloReply {
            domain: self.domain.into_static(),
            greeting: self.greeting.map(IntoStatic::into_static),
            capabilities: self
                .capabilities
                .into_iter()
                .map(IntoStatic::into_static)
                .collect(),
        }
    }
}
