//! A mail sink you can leave running: answers SMTP (or LMTP) on a TCP port
//! and stores every accepted message in a maildir, as `new/ID.eml` (the
//! exact unstuffed content) beside `new/ID.env` (its MAIL FROM and RCPT TO
//! lines as the encoder writes them).
//!
//! Async on tokio over the sans-IO `ServerSession`; bounded (connections,
//! per-read and per-write timeouts, memory per connection independent of
//! the message size); durable (each body streamed to `tmp/`, fsynced and
//! committed before the 250, see `storage.rs`); STARTTLS and implicit TLS
//! with rustls; logging through `tracing` that cannot affect a session.
//!
//! ```text
//! cargo run --release -p smtp-sansio-codec --example sink -- \
//!     [--listen 127.0.0.1:2525] [--maildir ./mail] [--lmtp] \
//!     [--max-connections 1000] [--timeout 300] [--max-message-size 36700160] \
//!     [--max-recipients 100] [--bare-lf reject|normalize|allow] \
//!     [--min-free-bytes 67108864] [--shutdown-grace 30] \
//!     [--tls-cert cert.pem --tls-key key.pem] [--tls-listen 127.0.0.1:4650] \
//!     [--no-fsync]
//! ```
//!
//! One concern per file: `options` (the command line), `listener` (accept,
//! limits, shutdown), `connection` (the per-connection loop), `protocol`
//! (the only user of the library's session types), `storage` (the maildir
//! and its commit), `pool` (threads for blocking file-system calls), `tls`
//! and `logging`.

mod connection;
mod listener;
mod logging;
mod options;
mod pool;
mod protocol;
mod storage;
mod tls;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::process::ExitCode;

use tracing::{info, warn};

fn main() -> ExitCode {
    let options = match options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "{message}");
            return if message == options::USAGE {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    let guard = logging::init();
    raise_descriptor_limit(options.max_connections);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "sink: runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(listener::run(options));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    drop(guard);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "sink: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Raises the soft descriptor limit to the hard one (each connection needs
/// one, each message in flight two more), and warns when even that is
/// short of `--max-connections`; accept then backs off at EMFILE instead.
fn raise_descriptor_limit(max_connections: usize) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        limit.current = limit.maximum;
        if let Err(e) = setrlimit(Resource::Nofile, limit) {
            warn!(error = %e, "cannot raise the descriptor limit");
        }
    }
    let current = getrlimit(Resource::Nofile).current;
    let needed = (max_connections as u64)
        .saturating_mul(2)
        .saturating_add(64);
    match current {
        Some(n) if n < needed => warn!(
            limit = n,
            needed,
            "descriptor limit below what --max-connections may use; accept backs off at EMFILE"
        ),
        _ => info!(limit = current, "descriptor limit"),
    }
}
