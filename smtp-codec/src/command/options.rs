//! `CommandOptions`: the runtime switches of the command decoder.
//!
//! Options are values, never cargo features: one crate in a dependency
//! graph must not be able to make every other user lenient. The default is
//! strict; every leniency is an explicit opt-in.

use smtp_sansio_proto::{Body, Capability, MailParameter, RcptParameter, limits};

use crate::frame::FrameOptions;

/// How command lines are decoded. `Default` is strict RFC 5321 with no
/// extension in force.
///
/// # Example
///
/// A server that advertised SIZE and SMTPUTF8 and tolerates bare LF:
///
/// ```
/// use smtp_sansio_codec::command::CommandOptions;
///
/// let mut options = CommandOptions::default();
/// options.extensions.size = true;
/// options.extensions.smtputf8 = true;
/// options.leniency.bare_lf_line_ends = true;
/// assert_eq!(options.mail_line_limit(), 512 + 26 + 10);
/// assert_eq!(options.rcpt_line_limit(), 512);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CommandOptions {
    /// The longest command line, in octets including CRLF (RFC 5321
    /// §4.5.3.1.4: 512). MAIL, RCPT and AUTH get the allowances of the
    /// extensions in force on top of this.
    pub line_limit: usize,
    /// The longest AUTH line, initial response included, when AUTH is in
    /// force (RFC 4954 §4: 12288), in octets including CRLF. It replaces
    /// `line_limit` for AUTH, also when it is the smaller. A
    /// [`ServerSession`](crate::server::ServerSession) sets it from
    /// [`ServerConfig::sasl_line_limit`](crate::server::ServerConfig::sasl_line_limit),
    /// the one limit for every SASL line.
    pub sasl_line_limit: usize,
    /// The extensions in force (the server advertised them): only their
    /// MAIL/RCPT parameters are accepted (any other known one gets
    /// `555 5.5.4`), they lengthen MAIL/RCPT/AUTH lines, and SMTPUTF8 allows
    /// UTF-8 in addresses. None by default. A
    /// [`ServerSession`](crate::server::ServerSession) sets them from what
    /// it advertised at the last EHLO/LHLO (none after HELO).
    pub extensions: Extensions,
    /// Opt-in tolerance of malformed input that real clients send.
    pub leniency: Leniency,
    /// Refuse MAIL/RCPT parameters this crate does not know (555 5.5.4)
    /// instead of passing them through as `Other`. Off by default: unknown
    /// extensions pass through so the embedder decides (the known ones
    /// follow [`extensions`](Self::extensions) either way).
    pub reject_unknown_parameters: bool,
}

impl Default for CommandOptions {
    fn default() -> Self {
        Self {
            line_limit: limits::COMMAND_LINE,
            sasl_line_limit: limits::SASL_LINE,
            extensions: Extensions::default(),
            leniency: Leniency::default(),
            reject_unknown_parameters: false,
        }
    }
}

/// Extensions in force for this session (the server advertised them).
///
/// One flag per EHLO keyword whose extension changes what a command may
/// carry: they are independent, so flags read better than an enum set
/// here. A MAIL or RCPT parameter is accepted only when its extension is
/// in force ([`allows_mail`](Self::allows_mail),
/// [`allows_rcpt`](Self::allows_rcpt)); a client uses the same rule to send
/// only what the server advertised.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::command::Extensions;
/// use smtp_sansio_codec::proto::{Body, Capability, MailParameter};
///
/// let ehlo = [Capability::Size(Some(1000)), Capability::EightBitMime, Capability::Pipelining];
/// let extensions = Extensions::advertised(&ehlo);
/// assert!(extensions.size && extensions.eight_bit_mime && !extensions.dsn);
/// assert!(extensions.allows_mail(&MailParameter::Body(Body::EightBitMime)));
/// assert!(!extensions.allows_mail(&MailParameter::Body(Body::BinaryMime)));
/// assert_eq!(Extensions::default(), Extensions::none()); // after HELO
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(clippy::struct_excessive_bools)]
pub struct Extensions {
    /// SIZE (RFC 1870): `SIZE=`; MAIL lines may be 26 octets longer.
    pub size: bool,
    /// SMTPUTF8 (RFC 6531): `SMTPUTF8`, UTF-8 in addresses; MAIL lines 10
    /// octets longer.
    pub smtputf8: bool,
    /// DSN (RFC 3461): `RET=`, `ENVID=`, `NOTIFY=`, `ORCPT=`; MAIL lines 100
    /// and RCPT lines 500 octets longer.
    pub dsn: bool,
    /// AUTH (RFC 4954): `AUTH=`; MAIL lines 500 octets longer, AUTH lines up
    /// to [`CommandOptions::sasl_line_limit`].
    pub auth: bool,
    /// 8BITMIME (RFC 6152): `BODY=7BIT` and `BODY=8BITMIME`.
    pub eight_bit_mime: bool,
    /// BINARYMIME (RFC 3030): `BODY=BINARYMIME`.
    pub binary_mime: bool,
    /// CHUNKING (RFC 3030): the BDAT command. The decoder parses BDAT either
    /// way (its chunk follows whatever the answer); a server session
    /// refuses it, skipping the chunk, when CHUNKING is not in force.
    pub chunking: bool,
    /// REQUIRETLS (RFC 8689): `REQUIRETLS`.
    pub require_tls: bool,
    /// MT-PRIORITY (RFC 6710): `MT-PRIORITY=`.
    pub mt_priority: bool,
    /// DELIVERBY (RFC 2852): `BY=`.
    pub deliver_by: bool,
    /// FUTURERELEASE (RFC 4865): `HOLDFOR=`, `HOLDUNTIL=`.
    pub future_release: bool,
    /// RRVS (RFC 7293): `RRVS=`.
    pub rrvs: bool,
}

impl Extensions {
    /// No extension: plain SMTP, as after HELO.
    pub const fn none() -> Self {
        Self {
            size: false,
            smtputf8: false,
            dsn: false,
            auth: false,
            eight_bit_mime: false,
            binary_mime: false,
            chunking: false,
            require_tls: false,
            mt_priority: false,
            deliver_by: false,
            future_release: false,
            rrvs: false,
        }
    }

    /// Every extension this crate knows.
    pub const fn all() -> Self {
        Self {
            size: true,
            smtputf8: true,
            dsn: true,
            auth: true,
            eight_bit_mime: true,
            binary_mime: true,
            chunking: true,
            require_tls: true,
            mt_priority: true,
            deliver_by: true,
            future_release: true,
            rrvs: true,
        }
    }

    /// The extensions an EHLO/LHLO reply with these capabilities puts in
    /// force. Capabilities are matched by keyword (AUTH in either form).
    pub fn advertised(capabilities: &[Capability<'_>]) -> Self {
        let mut extensions = Self::none();
        for capability in capabilities {
            extensions.advertise(capability);
        }
        extensions
    }

    /// Puts the extension of `capability` in force, if it has one here.
    pub fn advertise(&mut self, capability: &Capability<'_>) {
        let name = capability.name();
        let is = |keyword: &str| name.eq_ignore_ascii_case(keyword);
        let flag = if is("SIZE") {
            &mut self.size
        } else if is("SMTPUTF8") {
            &mut self.smtputf8
        } else if is("DSN") {
            &mut self.dsn
        } else if is("AUTH") {
            &mut self.auth
        } else if is("8BITMIME") {
            &mut self.eight_bit_mime
        } else if is("BINARYMIME") {
            &mut self.binary_mime
        } else if is("CHUNKING") {
            &mut self.chunking
        } else if is("REQUIRETLS") {
            &mut self.require_tls
        } else if is("MT-PRIORITY") {
            &mut self.mt_priority
        } else if is("DELIVERBY") {
            &mut self.deliver_by
        } else if is("FUTURERELEASE") {
            &mut self.future_release
        } else if is("RRVS") {
            &mut self.rrvs
        } else {
            return;
        };
        *flag = true;
    }

    /// Whether `parameter` may be given to MAIL: its extension is in force.
    /// A parameter this crate does not type (`Other`) is allowed: what to
    /// do with it is the embedder's to decide (or see
    /// [`CommandOptions::reject_unknown_parameters`]).
    pub const fn allows_mail(&self, parameter: &MailParameter<'_>) -> bool {
        match parameter {
            MailParameter::Size(_) => self.size,
            MailParameter::Body(Body::BinaryMime) => self.binary_mime,
            MailParameter::Body(_) => self.eight_bit_mime,
            MailParameter::SmtpUtf8 => self.smtputf8,
            MailParameter::Ret(_) | MailParameter::EnvId(_) => self.dsn,
            MailParameter::Auth(_) => self.auth,
            MailParameter::RequireTls => self.require_tls,
            MailParameter::MtPriority(_) => self.mt_priority,
            MailParameter::By(_) => self.deliver_by,
            MailParameter::HoldFor(_) | MailParameter::HoldUntil(_) => self.future_release,
            _ => true,
        }
    }

    /// Whether `parameter` may be given to RCPT: its extension is in force.
    /// `Other` is allowed, as for [`allows_mail`](Self::allows_mail).
    pub const fn allows_rcpt(&self, parameter: &RcptParameter<'_>) -> bool {
        match parameter {
            RcptParameter::Notify(_) | RcptParameter::Orcpt(_) => self.dsn,
            RcptParameter::Rrvs(_) => self.rrvs,
            _ => true,
        }
    }
}

/// A MAIL or RCPT parameter as the options' policy sees it: whether its
/// extension is in force, and whether this crate types it at all.
pub(crate) trait Policed {
    fn in_force(&self, extensions: &Extensions) -> bool;
    fn is_unknown(&self) -> bool;
}

impl Policed for MailParameter<'_> {
    fn in_force(&self, extensions: &Extensions) -> bool {
        extensions.allows_mail(self)
    }
    fn is_unknown(&self) -> bool {
        matches!(self, Self::Other(_))
    }
}

impl Policed for RcptParameter<'_> {
    fn in_force(&self, extensions: &Extensions) -> bool {
        extensions.allows_rcpt(self)
    }
    fn is_unknown(&self) -> bool {
        matches!(self, Self::Other(_))
    }
}

/// Why [`CommandOptions`] refuse a MAIL/RCPT parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParameterRefusal {
    /// A parameter this crate does not type, under
    /// [`CommandOptions::reject_unknown_parameters`].
    Unknown,
    /// A parameter of an extension that is not in force.
    NotInForce,
}

/// Leniencies, all off by default.
///
/// RFC 5321 §4.1.1 says receivers SHOULD tolerate trailing white space; it is
/// still off by default here, because the default is the strict contract
/// that fuzzers and conformance tests check (every leniency is an opt-in
/// switch), and because with it on a line no longer has exactly one
/// byte form (`NOOP x ` and `NOOP x` decode alike). A server facing old
/// clients turns it on with one assignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Leniency {
    /// A bare LF ends a command line (bare CR stays an error); the line
    /// counts against the line limit as it is re-encoded, with CRLF. Off,
    /// a bare LF is refused and the line runs on to its CRLF.
    pub bare_lf_line_ends: bool,
    /// One space is allowed after `MAIL FROM:` and `RCPT TO:`.
    pub space_after_colon: bool,
    /// Spaces and tabs before the CRLF are ignored.
    pub trailing_whitespace: bool,
}

impl CommandOptions {
    /// These options with these extensions in force.
    #[must_use]
    pub const fn with_extensions(mut self, extensions: Extensions) -> Self {
        self.extensions = extensions;
        self
    }

    /// Whether these options refuse the MAIL or RCPT parameter `p`, and
    /// why; asked of each parameter while it is typed.
    pub(crate) fn parameter_refusal<P: Policed>(&self, p: &P) -> Option<ParameterRefusal> {
        if !p.in_force(&self.extensions) {
            Some(ParameterRefusal::NotInForce)
        } else if self.reject_unknown_parameters && p.is_unknown() {
            Some(ParameterRefusal::Unknown)
        } else {
            None
        }
    }

    /// Whether no parameter can be refused: every extension in force and
    /// unknown ones passed through (the common setup of a benchmark, and of
    /// a server that advertises everything).
    pub(crate) fn accepts_every_parameter(&self) -> bool {
        !self.reject_unknown_parameters && self.extensions == Extensions::all()
    }

    /// The limit for a MAIL line, with the allowances of the extensions in force.
    pub const fn mail_line_limit(&self) -> usize {
        let e = &self.extensions;
        self.line_limit
            + allowance(e.size, limits::SIZE_ALLOWANCE)
            + allowance(e.smtputf8, limits::SMTPUTF8_ALLOWANCE)
            + allowance(e.dsn, limits::DSN_MAIL_ALLOWANCE)
            + allowance(e.auth, limits::AUTH_ALLOWANCE)
    }

    /// The limit for a RCPT line, with the DSN allowance when in force.
    pub const fn rcpt_line_limit(&self) -> usize {
        self.line_limit + allowance(self.extensions.dsn, limits::DSN_RCPT_ALLOWANCE)
    }

    /// The limit for an AUTH line: [`sasl_line_limit`](Self::sasl_line_limit)
    /// when AUTH is in force, else [`line_limit`](Self::line_limit).
    pub const fn auth_line_limit(&self) -> usize {
        if self.extensions.auth {
            self.sasl_line_limit
        } else {
            self.line_limit
        }
    }

    /// The shortest limit of any verb: a line no longer than this needs no
    /// look at its verb.
    pub const fn min_line_limit(&self) -> usize {
        min(self.line_limit, self.auth_line_limit())
    }

    /// The longest line of any verb: what the framer must let through before
    /// the verb is known.
    pub const fn max_line_limit(&self) -> usize {
        max(
            max(self.mail_line_limit(), self.rcpt_line_limit()),
            self.auth_line_limit(),
        )
    }

    /// The framing these options imply.
    pub const fn frame_options(&self) -> FrameOptions {
        FrameOptions::new(self.max_line_limit())
            .with_bare_lf_ends_line(self.leniency.bare_lf_line_ends)
    }
}

const fn allowance(in_force: bool, octets: usize) -> usize {
    if in_force { octets } else { 0 }
}

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

const fn min(a: usize, b: usize) -> usize {
    if a < b { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_default_is_512_for_every_verb() {
        let o = CommandOptions::default();
        assert_eq!(
            (
                o.mail_line_limit(),
                o.rcpt_line_limit(),
                o.auth_line_limit()
            ),
            (512, 512, 512)
        );
        assert_eq!(o.frame_options().max_line, 512);
        assert!(!o.frame_options().bare_lf_ends_line);
    }

    #[test]
    fn every_extension_adds_its_rfc_allowance() {
        let o = CommandOptions {
            extensions: Extensions::all(),
            ..CommandOptions::default()
        };
        assert_eq!(o.mail_line_limit(), 512 + 26 + 10 + 100 + 500);
        assert_eq!(o.rcpt_line_limit(), 512 + 500);
        assert_eq!(o.auth_line_limit(), 12288);
        assert_eq!(o.max_line_limit(), 12288);
    }
}
