//! The size limits of RFC 5321 §4.5.3.1 and the extensions' allowances.
//!
//! ```
//! use smtp_sansio_proto::limits;
//! assert_eq!(limits::COMMAND_LINE, 512);
//! assert_eq!(limits::COMMAND_LINE + limits::SIZE_ALLOWANCE, 538);
//! ```

/// Maximum length of a local part, in octets (§4.5.3.1.1).
pub const LOCAL_PART: usize = 64;
/// Maximum length of a domain, in octets (§4.5.3.1.2).
pub const DOMAIN: usize = 255;
/// Maximum length of one domain label, in octets (RFC 1035 §2.3.4).
pub const DOMAIN_LABEL: usize = 63;
/// Maximum length of a reverse or forward path including the angle brackets (§4.5.3.1.3).
pub const PATH: usize = 256;
/// Maximum length of a command line including its CRLF (§4.5.3.1.4).
pub const COMMAND_LINE: usize = 512;
/// Maximum length of a reply line including the code and CRLF (§4.5.3.1.5).
pub const REPLY_LINE: usize = 512;
/// Maximum length of a text line of the message body including CRLF (§4.5.3.1.6).
pub const TEXT_LINE: usize = 1000;
/// Minimum number of recipients a server must buffer (§4.5.3.1.8).
pub const RECIPIENTS: usize = 100;
/// Maximum length of a SASL line in an AUTH exchange (RFC 4954 §4).
pub const SASL_LINE: usize = 12288;

/// Extra command-line octets allowed for MAIL when SIZE is in force (RFC 1870 §3).
pub const SIZE_ALLOWANCE: usize = 26;
/// Extra command-line octets allowed for MAIL when SMTPUTF8 is in force (RFC 6531 §3.4).
pub const SMTPUTF8_ALLOWANCE: usize = 10;
/// Extra command-line octets allowed for MAIL when DSN is in force (RFC 3461 §4).
pub const DSN_MAIL_ALLOWANCE: usize = 100;
/// Extra command-line octets allowed for RCPT when DSN is in force (RFC 3461 §4).
pub const DSN_RCPT_ALLOWANCE: usize = 500;
/// Extra command-line octets allowed for MAIL when AUTH is in force (RFC 4954 §5).
pub const AUTH_ALLOWANCE: usize = 500;
