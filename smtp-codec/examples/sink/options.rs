//! The command line. Every default is safe for a public port.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::protocol::{BareLf, Limits};

/// The usage line.
pub(crate) const USAGE: &str = "usage: sink [--listen ADDR] [--maildir DIR] [--lmtp] \
[--max-connections N] [--timeout SECS] [--max-message-size N] [--max-recipients N] \
[--bare-lf reject|normalize|allow] [--min-free-bytes N] [--shutdown-grace SECS] \
[--tls-cert FILE --tls-key FILE] [--tls-listen ADDR] [--no-fsync]";

/// The longest `--timeout` and `--shutdown-grace`: a day.
const MAX_SECONDS: Duration = Duration::from_secs(86_400);

/// The command line, parsed.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// `--listen`: where to answer SMTP (or LMTP), with STARTTLS when a
    /// certificate is given.
    pub(crate) listen: SocketAddr,
    /// `--tls-listen`: where to answer with implicit TLS (RFC 8314).
    pub(crate) tls_listen: Option<SocketAddr>,
    /// `--maildir`.
    pub(crate) maildir: PathBuf,
    /// `--max-connections`: past it, `421 4.3.2` and close.
    pub(crate) max_connections: usize,
    /// `--timeout`: per command, per DATA read and per write.
    pub(crate) timeout: Duration,
    /// `--min-free-bytes`: below it, MAIL gets `452 4.3.1`.
    pub(crate) min_free_bytes: u64,
    /// `--shutdown-grace`: how long transactions in flight may take to
    /// finish after SIGINT/SIGTERM.
    pub(crate) shutdown_grace: Duration,
    /// `--tls-cert`, PEM.
    pub(crate) tls_cert: Option<PathBuf>,
    /// `--tls-key`, PEM.
    pub(crate) tls_key: Option<PathBuf>,
    /// Not `--no-fsync`.
    pub(crate) fsync: bool,
    /// `--lmtp`, `--max-message-size`, `--max-recipients`, `--bare-lf`.
    pub(crate) limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 2525)),
            tls_listen: None,
            maildir: PathBuf::from("./mail"),
            max_connections: 1_000,
            // RFC 5321 §4.5.3.2: at least 5 minutes for commands and
            // DATA blocks; Postfix's smtpd_timeout is the same.
            timeout: Duration::from_secs(300),
            min_free_bytes: 64 * 1024 * 1024,
            shutdown_grace: Duration::from_secs(30),
            tls_cert: None,
            tls_key: None,
            fsync: true,
            limits: Limits {
                lmtp: false,
                max_message_size: 35 * 1024 * 1024,
                max_recipients: 100,
                bare_lf: BareLf::Reject,
            },
        }
    }
}

/// Parses `args` (without the program name).
///
/// # Errors
/// A message for the user (the usage line for `--help`).
pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => options.listen = address(&flag, &value()?)?,
            "--tls-listen" => options.tls_listen = Some(address(&flag, &value()?)?),
            "--maildir" => options.maildir = PathBuf::from(value()?),
            "--lmtp" => options.limits.lmtp = true,
            "--no-fsync" => options.fsync = false,
            "--max-message-size" => options.limits.max_message_size = number(&flag, &value()?)?,
            "--max-recipients" => options.limits.max_recipients = number(&flag, &value()?)?,
            "--max-connections" => options.max_connections = number(&flag, &value()?)?,
            "--min-free-bytes" => options.min_free_bytes = number(&flag, &value()?)?,
            "--timeout" => options.timeout = Duration::from_secs(number(&flag, &value()?)?),
            "--shutdown-grace" => {
                options.shutdown_grace = Duration::from_secs(number(&flag, &value()?)?);
            }
            "--tls-cert" => options.tls_cert = Some(PathBuf::from(value()?)),
            "--tls-key" => options.tls_key = Some(PathBuf::from(value()?)),
            "--bare-lf" => {
                options.limits.bare_lf = match value()?.as_str() {
                    "reject" => BareLf::Reject,
                    "normalize" => BareLf::Normalize,
                    "allow" => BareLf::Allow,
                    other => return Err(format!("--bare-lf: unknown policy {other:?}")),
                };
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if options.tls_cert.is_some() != options.tls_key.is_some() {
        return Err("--tls-cert and --tls-key go together".into());
    }
    if options.tls_listen.is_some() && options.tls_cert.is_none() {
        return Err("--tls-listen needs --tls-cert and --tls-key".into());
    }
    if options.max_connections == 0 {
        return Err("--max-connections must be at least 1".into());
    }
    if options.timeout.is_zero() || options.timeout > MAX_SECONDS {
        return Err("--timeout must be from 1 to 86400 seconds".into());
    }
    if options.shutdown_grace > MAX_SECONDS {
        return Err("--shutdown-grace must be at most 86400 seconds".into());
    }
    if options.max_connections > 1_000_000 {
        return Err("--max-connections must be at most 1000000".into());
    }
    if options.limits.max_message_size == 0 {
        return Err("--max-message-size must be at least 1".into());
    }
    Ok(options)
}

fn address(flag: &str, value: &str) -> Result<SocketAddr, String> {
    value
        .parse()
        .map_err(|e| format!("{flag}: {value:?} is not IP:PORT ({e})"))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e| format!("{flag}: {value:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Options, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let options = args("").unwrap();
        assert_eq!(options.listen.to_string(), "127.0.0.1:2525");
        assert_eq!(options.max_connections, 1_000);
        assert_eq!(options.timeout, Duration::from_secs(300));
        assert_eq!(options.min_free_bytes, 64 << 20);
        assert!(options.fsync);
        assert_eq!(options.limits.bare_lf, BareLf::Reject);
    }

    #[test]
    fn flags_are_read() {
        let options = args(
            "--listen [::1]:0 --timeout 2 --max-connections 5 --bare-lf normalize --no-fsync \
             --tls-cert c.pem --tls-key k.pem --tls-listen 127.0.0.1:0 --lmtp",
        )
        .unwrap();
        assert_eq!(options.listen.to_string(), "[::1]:0");
        assert_eq!(options.timeout, Duration::from_secs(2));
        assert_eq!(options.max_connections, 5);
        assert_eq!(options.limits.bare_lf, BareLf::Normalize);
        assert!(!options.fsync && options.limits.lmtp);
        assert!(options.tls_listen.is_some());
    }

    #[test]
    fn bad_lines_are_refused() {
        for line in [
            "--timeout 0",
            "--timeout 86401",
            "--shutdown-grace 18446744073709551615",
            "--max-connections 1000001",
            "--timeout",
            "--max-connections 0",
            "--tls-cert c.pem",
            "--tls-listen 127.0.0.1:0",
            "--listen localhost:25",
            "--bare-lf sometimes",
            "--frobnicate",
        ] {
            assert!(args(line).is_err(), "{line}");
        }
    }
}
