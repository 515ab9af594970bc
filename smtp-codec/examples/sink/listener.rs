//! The listeners: accept with a back-off on errors (EMFILE and the like are
//! temporary; nothing a client or the OS does ends the loop), the
//! connection limit, and the shutdown on SIGINT/SIGTERM.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Semaphore, watch};
use tokio::time::{Instant, timeout};
use tracing::{info, warn};

use crate::connection::{self, Shared};
use crate::options::Options;
use crate::pool::Pool;
use crate::protocol::{self, Protocol};
use crate::storage::Maildir;
use crate::tls;

/// Threads for file-system calls: with fsync, enough for many commits to
/// wait for the disk at once (concurrent fsyncs share journal commits);
/// without, a few, as no call then waits long and more threads only
/// contend for the maildir's directory locks.
const STORAGE_THREADS: (usize, usize) = (32, 4);

/// Refusals (`421 4.3.2`, too many connections) being sent at once; past
/// it, a connection over the limit is closed without a word.
const REFUSALS_IN_FLIGHT: usize = 64;

/// The first and the longest pause after a failed `accept`.
const BACKOFF: (Duration, Duration) = (Duration::from_millis(10), Duration::from_secs(1));

/// Extra time, after the grace period, for connections to say their 421.
const SHUTDOWN_SLACK: Duration = Duration::from_secs(10);

/// Binds, announces `listening on ADDR` on stdout, serves until SIGINT or
/// SIGTERM, then shuts down gracefully.
///
/// # Errors
/// A message when the sink cannot start (bind, maildir, certificate,
/// signals, threads). Once it serves, nothing is an error.
pub(crate) async fn run(options: Options) -> Result<(), String> {
    let tls = match (&options.tls_cert, &options.tls_key) {
        (Some(cert), Some(key)) => Some(tls::acceptor(cert, key)?),
        _ => None,
    };
    let threads = if options.fsync {
        STORAGE_THREADS.0
    } else {
        STORAGE_THREADS.1
    };
    let pool = Pool::new(threads).map_err(|e| format!("threads: {e}"))?;
    let maildir = Maildir::open(
        &options.maildir,
        options.fsync,
        options.min_free_bytes,
        pool,
    )
    .map_err(|e| format!("{}: {e}", options.maildir.display()))?;
    let protocol = Protocol::new(&options.limits)?;
    let plain = bind(options.listen)?;
    let implicit = match options.tls_listen {
        Some(address) => Some(bind(address)?),
        None => None,
    };
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| format!("SIGTERM: {e}"))?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| format!("SIGINT: {e}"))?;

    announce(&plain, "listening on")?;
    if let Some(implicit) = &implicit {
        announce(implicit, "listening (implicit TLS) on")?;
    }
    info!(
        max_connections = options.max_connections,
        timeout = options.timeout.as_secs(),
        fsync = options.fsync,
        starttls = tls.is_some(),
        "ready"
    );

    let (stop, shutdown) = watch::channel(None);
    let shared = Arc::new(Shared {
        protocol,
        maildir: Arc::new(maildir),
        timeout: options.timeout,
        tls,
        shutdown,
    });
    let limit = Arc::new(Semaphore::new(options.max_connections));
    let refusals = Arc::new(Semaphore::new(REFUSALS_IN_FLIGHT));
    let accepting = Gate {
        shared: &shared,
        limit: &limit,
        refusals: &refusals,
    };
    let implicit_loop = async {
        match &implicit {
            Some(listener) => accepting.accept_loop(listener, true).await,
            None => std::future::pending().await,
        }
    };
    let signal = tokio::select! {
        () = accepting.accept_loop(&plain, false) => "accept loop ended",
        () = implicit_loop => "accept loop ended",
        _ = terminate.recv() => "SIGTERM",
        _ = interrupt.recv() => "SIGINT",
    };
    // Stop accepting: the listeners close here.
    drop(plain);
    drop(implicit);
    let grace = options.shutdown_grace;
    info!(signal, grace = grace.as_secs(), "shutting down");
    let _ = stop.send(Some(Instant::now() + grace));
    // Every connection holds a permit: all of them back means all closed.
    let all = u32::try_from(options.max_connections).unwrap_or(u32::MAX);
    if timeout(grace + SHUTDOWN_SLACK, limit.acquire_many(all))
        .await
        .is_err()
    {
        warn!("connections still open after the grace period; exiting");
    }
    info!("stopped");
    Ok(())
}

/// Connections the kernel queues while the sink cannot accept (EMFILE):
/// they are served once descriptors are free, not refused.
const BACKLOG: u32 = 1024;

fn bind(address: SocketAddr) -> Result<TcpListener, String> {
    let socket = if address.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    };
    socket
        .and_then(|socket| {
            socket.set_reuseaddr(true)?;
            socket.bind(address)?;
            socket.listen(BACKLOG)
        })
        .map_err(|e| format!("bind {address}: {e}"))
}

fn announce(listener: &TcpListener, what: &str) -> Result<(), String> {
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{what} {address}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("stdout: {e}"))
}

/// What the accept loops share.
struct Gate<'a> {
    shared: &'a Arc<Shared>,
    limit: &'a Arc<Semaphore>,
    refusals: &'a Arc<Semaphore>,
}

impl Gate<'_> {
    /// Accepts forever: errors are logged and retried after a growing pause
    /// (10 ms doubling to 1 s, reset by the next success).
    async fn accept_loop(&self, listener: &TcpListener, implicit_tls: bool) {
        let mut backoff = Duration::ZERO;
        loop {
            match listener.accept().await {
                Ok((stream, peer)) => {
                    backoff = Duration::ZERO;
                    self.admit(stream, peer, implicit_tls);
                }
                Err(e) => {
                    backoff = (backoff * 2).clamp(BACKOFF.0, BACKOFF.1);
                    warn!(error = %e, retry_ms = backoff.as_millis(), "accept failed");
                    tokio::time::sleep(backoff).await;
                }
            }
        }
    }

    fn admit(&self, stream: TcpStream, peer: SocketAddr, implicit_tls: bool) {
        if let Ok(permit) = Arc::clone(self.limit).try_acquire_owned() {
            let shared = Arc::clone(self.shared);
            tokio::spawn(async move {
                connection::serve(stream, peer, shared, implicit_tls).await;
                drop(permit);
            });
            return;
        }
        info!(peer = %peer, end = "over --max-connections", "connection");
        if let Ok(permit) = Arc::clone(self.refusals).try_acquire_owned() {
            tokio::spawn(async move {
                let mut stream = stream;
                let _ = timeout(Duration::from_secs(2), async {
                    stream.write_all(protocol::TOO_MANY_CONNECTIONS).await?;
                    stream.shutdown().await
                })
                .await;
                drop(permit);
            });
        }
    }
}
