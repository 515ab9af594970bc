//! `CommandOptions`: the runtime switches of the command decoder.
//!
//! Options are values, never cargo features: one crate in a dependency
//! graph must not be able to make every other user lenient. The default is
//! strict; every leniency is an explicit opt-in.

use smtp_sansio_proto::limits;

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
    /// The extensions the server advertised, which lengthen MAIL/RCPT lines
    /// and (SMTPUTF8) allow UTF-8 in addresses.
    pub extensions: Extensions,
    /// Opt-in tolerance of malformed input that real clients send.
    pub leniency: Leniency,
    /// Refuse MAIL/RCPT parameters this crate does not know (555 5.5.4)
    /// instead of passing them through as `Other`. Off by default: unknown
    /// extensions pass through so the embedder decides.
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
/// One flag per EHLO keyword: they are independent, so flags read better
/// than an enum set here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(clippy::struct_excessive_bools)]
pub struct Extensions {
    /// SIZE (RFC 1870): MAIL lines may be 26 octets longer.
    pub size: bool,
    /// SMTPUTF8 (RFC 6531): UTF-8 in addresses; MAIL lines 10 octets longer.
    pub smtputf8: bool,
    /// DSN (RFC 3461): MAIL lines 100 and RCPT lines 500 octets longer.
    pub dsn: bool,
    /// AUTH (RFC 4954): MAIL lines 500 octets longer (`AUTH=`), AUTH lines
    /// up to [`CommandOptions::sasl_line_limit`].
    pub auth: bool,
}

impl Extensions {
    /// Every extension that changes decoding.
    pub const fn all() -> Self {
        Self {
            size: true,
            smtputf8: true,
            dsn: true,
            auth: true,
        }
    }
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
    /// A bare LF ends a command line (bare CR stays an error). Off, a bare
    /// LF is refused and the line runs on to its CRLF.
    pub bare_lf_line_ends: bool,
    /// One space is allowed after `MAIL FROM:` and `RCPT TO:`.
    pub space_after_colon: bool,
    /// Spaces and tabs before the CRLF are ignored.
    pub trailing_whitespace: bool,
}

impl CommandOptions {
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
