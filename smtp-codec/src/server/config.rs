//! `ServerConfig`: what a server session advertises and enforces.

use alloc::vec::Vec;

use smtp_sansio_proto::{AuthMechanism, Capability, Domain, Text, limits};

use crate::body::DataOptions;
use crate::command::{CommandOptions, Extensions};

/// How a [`ServerSession`](super::ServerSession) behaves. `new` gives the
/// strict defaults; change fields before handing it to the session.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::proto::{Capability, Domain};
/// use smtp_sansio_codec::server::ServerConfig;
///
/// let mut config = ServerConfig::new(Domain::try_from("mx.example.com")?);
/// config.capabilities.push(Capability::Size(Some(10 << 20)));
/// config.max_recipients = 50;
/// assert!(config.advertises(&Capability::Pipelining));
/// # Ok::<(), smtp_sansio_codec::proto::ValidationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The server's name, in the greeting and the EHLO reply.
    pub hostname: Domain<'static>,
    /// The greeting text after the hostname (`220 hostname TEXT`).
    pub greeting: Text<'static>,
    /// Speak LMTP (RFC 2033): LHLO instead of EHLO/HELO, one reply per
    /// accepted recipient after the message.
    pub lmtp: bool,
    /// Accepted recipients per transaction; once that many were accepted,
    /// RCPT gets `452 4.5.3` (RFC 5321 §4.5.3.1.8 requires room for at
    /// least 100). Refused recipients do not count.
    pub max_recipients: usize,
    /// Bad commands tolerated before the session answers `421 4.7.0` and
    /// closes.
    pub max_errors: usize,
    /// Junk commands (NOOP, RSET, VRFY, HELP, EXPN) a client may send
    /// before each further one also counts as an error toward
    /// [`max_errors`](Self::max_errors), as Postfix's
    /// `smtpd_junk_command_limit` (default 100). They are answered as
    /// usual; the count starts over after each accepted message, so a
    /// client that resets between messages is not punished for sending many.
    pub max_junk_commands: usize,
    /// Run a command that must end a pipelined batch (RFC 2920 §3.1: HELO,
    /// EHLO, LHLO, DATA, VRFY, EXPN, NOOP, AUTH) even when the client sent
    /// more behind it before it could have seen the reply. Off by default:
    /// such a command is not run; the session answers `554 5.5.0` and
    /// closes, reporting [`ServerEvent::ImproperPipelining`](super::ServerEvent::ImproperPipelining)
    /// (what Postfix's `smtpd_forbid_unauth_pipelining` does).
    pub allow_improper_pipelining: bool,
    /// Octets of replies the session buffers before it stops reading input
    /// until the embedder sends them (a client that pipelines without
    /// reading cannot grow it further).
    pub max_output: usize,
    /// The longest SASL line, in octets including CRLF (RFC 4954 §4:
    /// 12288): the AUTH command with its initial response and every line
    /// after a 334 alike. It overrides `commands.sasl_line_limit`.
    pub sasl_line_limit: usize,
    /// Capabilities advertised in the EHLO/LHLO reply, in order. After
    /// EHLO/LHLO the extensions among them are in force, and only those
    /// (see [`Extensions::advertised`]): their MAIL/RCPT parameters and line
    /// allowances, BDAT with CHUNKING, `BODY=BINARYMIME` with BINARYMIME.
    /// After HELO none is. STARTTLS and AUTH enable those commands, and a
    /// SIZE with a number limits the message size.
    pub capabilities: Vec<Capability<'static>>,
    /// Command decoding: the line limit, the leniencies and
    /// `reject_unknown_parameters` are used as they are; `extensions` and
    /// `sasl_line_limit` are set by the session (from what it advertised at
    /// the last greeting, and from [`sasl_line_limit`](Self::sasl_line_limit)).
    pub commands: CommandOptions,
    /// DATA decoding: the bare LF/CR policy and the size limit (the SIZE
    /// capability's number when this has none).
    pub data: DataOptions,
}

impl ServerConfig {
    /// Strict defaults: SMTP, 100 recipients, 10 errors, 100 junk
    /// commands, no pipelining past a batch end, and the capabilities
    /// PIPELINING, 8BITMIME, ENHANCEDSTATUSCODES, CHUNKING and HELP.
    pub fn new(hostname: Domain<'static>) -> Self {
        Self {
            hostname,
            greeting: Text::try_from("ESMTP ready").unwrap_or_default(),
            lmtp: false,
            max_recipients: limits::RECIPIENTS,
            max_errors: 10,
            max_junk_commands: 100,
            allow_improper_pipelining: false,
            max_output: 64 * 1024,
            sasl_line_limit: limits::SASL_LINE,
            capabilities: alloc::vec![
                Capability::Pipelining,
                Capability::EightBitMime,
                Capability::EnhancedStatusCodes,
                Capability::Chunking,
                Capability::Help,
            ],
            commands: CommandOptions::default(),
            data: DataOptions::default(),
        }
    }

    /// Whether a capability with `probe`'s keyword is advertised (parameters
    /// ignored; see [`Capability::same_keyword`]).
    pub fn advertises(&self, probe: &Capability<'_>) -> bool {
        self.capabilities.iter().any(|c| c.same_keyword(probe))
    }

    /// The size limit: the data options' own, or the advertised SIZE number.
    pub fn max_message_size(&self) -> Option<u64> {
        self.data.max_size.or_else(|| {
            self.capabilities.iter().find_map(|c| match c {
                Capability::Size(Some(n)) if *n > 0 => Some(*n),
                _ => None,
            })
        })
    }

    /// The command options in force after a greeting: with the extensions
    /// the EHLO/LHLO reply advertises when `esmtp`, with none (HELO, or no
    /// greeting yet) when not.
    pub(crate) fn command_options(&self, esmtp: bool) -> CommandOptions {
        let mut options = self.commands;
        options.sasl_line_limit = self.sasl_line_limit;
        options.extensions = if esmtp {
            Extensions::advertised(&self.capabilities)
        } else {
            Extensions::none()
        };
        options
    }

    /// Whether `mechanism` is among the advertised AUTH mechanisms (either
    /// form of the capability), ignoring case.
    ///
    /// ```
    /// use smtp_sansio_codec::proto::{AuthMechanism, Capability, Domain};
    /// use smtp_sansio_codec::server::ServerConfig;
    ///
    /// let mut config = ServerConfig::new(Domain::try_from("mx.example.com")?);
    /// config.capabilities.push(Capability::Auth("PLAIN LOGIN".try_into()?));
    /// assert!(config.offers_mechanism(&AuthMechanism::try_from("login")?));
    /// assert!(!config.offers_mechanism(&AuthMechanism::try_from("CRAM-MD5")?));
    /// # Ok::<(), smtp_sansio_codec::proto::ValidationError>(())
    /// ```
    pub fn offers_mechanism(&self, mechanism: &AuthMechanism<'_>) -> bool {
        self.capabilities.iter().any(|c| match c {
            Capability::Auth(offered) | Capability::AuthLegacy(offered) => {
                offered.contains(mechanism.as_str())
            }
            _ => false,
        })
    }

    /// Whether AUTH (either form) is advertised.
    pub(crate) fn auth_advertised(&self) -> bool {
        self.capabilities
            .iter()
            .any(|c| matches!(c, Capability::Auth(_) | Capability::AuthLegacy(_)))
    }
}
