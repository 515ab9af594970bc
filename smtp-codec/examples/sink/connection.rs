//! One connection: bytes between the socket and the session, body octets
//! into the spool, every read and write bounded by `--timeout`, STARTTLS
//! and the shutdown handled. Memory per connection: the read buffer, the
//! session's bounded output and, during a message, one spool chunk.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::{Instant, sleep_until, timeout};
use tokio_rustls::TlsAcceptor;
use tracing::{info, warn};

use crate::protocol::{self, Action, Protocol, Refusal, Session};
use crate::storage::{Maildir, Spool};

/// The read buffer: the longest command line, SASL line or DATA slice the
/// session needs fits many times over.
const READ_BUFFER: usize = 64 * 1024;

/// The bound on sending a last 421 and on waiting for the client to close
/// after it (a lingering close, so the 421 is not lost to a reset).
const FAREWELL_BOUND: Duration = Duration::from_secs(2);

/// Octets read and dropped while lingering.
const LINGER_LIMIT: usize = 1024 * 1024;

/// What every connection shares.
pub(crate) struct Shared {
    /// The session configurations.
    pub(crate) protocol: Protocol,
    /// Where messages go.
    pub(crate) maildir: Arc<Maildir>,
    /// `--timeout`.
    pub(crate) timeout: Duration,
    /// The certificate, when the sink has one.
    pub(crate) tls: Option<TlsAcceptor>,
    /// `None` until shutdown; then the deadline for transactions in flight.
    pub(crate) shutdown: watch::Receiver<Option<Instant>>,
}

/// Why a connection ended.
#[derive(Debug)]
enum End {
    /// The session closed (QUIT, or too many errors).
    Closed,
    /// The client closed.
    Eof,
    /// No input within `--timeout` (answered 421 4.4.2).
    Timeout,
    /// A write did not complete within `--timeout`.
    WriteTimeout,
    /// Shutdown (answered 421 4.3.2).
    Shutdown,
    /// The TLS handshake failed or timed out.
    Tls(String),
    /// A socket error.
    Io(io::Error),
    /// A bug in the sink (a session method called out of turn).
    Bug(String),
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed => f.write_str("closed"),
            Self::Eof => f.write_str("client closed"),
            Self::Timeout => f.write_str("timeout"),
            Self::WriteTimeout => f.write_str("write timeout"),
            Self::Shutdown => f.write_str("shutdown"),
            Self::Tls(e) => write!(f, "tls: {e}"),
            Self::Io(e) => write!(f, "io: {e}"),
            Self::Bug(e) => write!(f, "bug: {e}"),
        }
    }
}

/// How the plaintext part of a connection ended.
enum Flow {
    StartTls,
    End(End),
}

/// Serves one accepted connection to its end; logs one line for it.
pub(crate) async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    implicit_tls: bool,
) {
    let _ = stream.set_nodelay(true);
    let offer_starttls = !implicit_tls && shared.tls.is_some();
    let started = Instant::now();
    let mut connection = Connection {
        session: shared.protocol.session(offer_starttls),
        shutdown: shared.shutdown.clone(),
        watching: true,
        shared,
        peer,
        buf: vec![0; READ_BUFFER],
        start: 0,
        end: 0,
        spool: None,
        tls: false,
        messages: 0,
        failed: 0,
    };
    let end = connection.run(stream, implicit_tls).await;
    if let Some(spool) = connection.spool.take() {
        spool.abort().await;
    }
    info!(
        peer = %peer,
        tls = connection.tls,
        messages = connection.messages,
        failed = connection.failed,
        seconds = started.elapsed().as_secs_f32(),
        end = %end,
        "connection"
    );
}

struct Connection {
    shared: Arc<Shared>,
    peer: SocketAddr,
    session: Session,
    shutdown: watch::Receiver<Option<Instant>>,
    /// Whether the shutdown sender is still there to watch.
    watching: bool,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    spool: Option<Spool>,
    tls: bool,
    messages: u64,
    failed: u64,
}

impl Connection {
    async fn run(&mut self, mut tcp: TcpStream, implicit_tls: bool) -> End {
        let acceptor = self.shared.tls.clone();
        if implicit_tls {
            let Some(acceptor) = acceptor else {
                return End::Bug("implicit TLS without a certificate".into());
            };
            return match self.handshake(&acceptor, tcp).await {
                Ok(mut tls) => self.drive_to_end(&mut tls).await,
                Err(end) => end,
            };
        }
        match self.drive(&mut tcp).await {
            Flow::End(end) => return self.finish(&mut tcp, end).await,
            Flow::StartTls => {}
        }
        let Some(acceptor) = acceptor else {
            return End::Bug("STARTTLS without a certificate".into());
        };
        let mut tls = match self.handshake(&acceptor, tcp).await {
            Ok(tls) => tls,
            Err(end) => return end,
        };
        if let Err(e) = self.session.tls_established() {
            return End::Bug(e.to_string());
        }
        self.drive_to_end(&mut tls).await
    }

    async fn handshake(
        &mut self,
        acceptor: &TlsAcceptor,
        tcp: TcpStream,
    ) -> Result<tokio_rustls::server::TlsStream<TcpStream>, End> {
        match timeout(self.shared.timeout, acceptor.accept(tcp)).await {
            Ok(Ok(tls)) => {
                self.tls = true;
                Ok(tls)
            }
            Ok(Err(e)) => Err(End::Tls(e.to_string())),
            Err(_) => Err(End::Tls("handshake timeout".into())),
        }
    }

    async fn drive_to_end<S: AsyncRead + AsyncWrite + Unpin>(&mut self, stream: &mut S) -> End {
        let end = match self.drive(stream).await {
            Flow::End(end) => end,
            // The session does not offer STARTTLS a second time.
            Flow::StartTls => End::Bug("STARTTLS inside TLS".into()),
        };
        self.finish(stream, end).await
    }

    /// Runs the session until it ends or asks for TLS.
    async fn drive<S: AsyncRead + AsyncWrite + Unpin>(&mut self, stream: &mut S) -> Flow {
        loop {
            let (consumed, action) = match self.session.step(&self.buf[self.start..self.end]) {
                Ok(step) => step,
                Err(e) => return Flow::End(End::Bug(e.to_string())),
            };
            self.start += consumed;
            let done = match action {
                Action::NeedInput => match self.flush(stream).await {
                    Ok(()) => self.read(stream).await,
                    Err(end) => Err(end),
                },
                Action::NeedFlush => self.flush(stream).await,
                Action::Mail { declared_size } => {
                    let room = self
                        .shared
                        .maildir
                        .has_room(declared_size.unwrap_or(0))
                        .await;
                    let refusal = match room {
                        Ok(true) => None,
                        Ok(false) => Some(Refusal::InsufficientStorage),
                        Err(e) => {
                            warn!(peer = %self.peer, error = %e, "statvfs failed");
                            Some(Refusal::LocalError)
                        }
                    };
                    self.decide(refusal)
                }
                Action::Rcpt | Action::ChunkEnd => self.decide(None),
                Action::BodyStart => {
                    if self.spool.is_none() {
                        self.spool = Some(self.shared.maildir.begin());
                    }
                    Ok(())
                }
                Action::Body(data) => {
                    if let Some(spool) = self.spool.as_mut() {
                        spool.write(data).await;
                    }
                    Ok(())
                }
                Action::MessageEnd => self.message_end().await,
                Action::MessageRefused(why) => {
                    let size = self.spool.as_ref().map_or(0, Spool::size);
                    if let Some(spool) = self.spool.take() {
                        spool.abort().await;
                    }
                    self.failed += 1;
                    info!(peer = %self.peer, size, result = "refused", reason = %why, "message");
                    Ok(())
                }
                Action::TransactionDropped => {
                    if let Some(spool) = self.spool.take() {
                        spool.abort().await;
                    }
                    Ok(())
                }
                Action::StartTls { discarded } => {
                    if discarded > 0 {
                        info!(peer = %self.peer, discarded, "input pipelined after STARTTLS discarded");
                    }
                    // Nothing read in plaintext survives the handshake.
                    (self.start, self.end) = (0, 0);
                    return match self.flush(stream).await {
                        Ok(()) => Flow::StartTls,
                        Err(end) => Flow::End(end),
                    };
                }
                Action::Closed => {
                    return Flow::End(match self.flush(stream).await {
                        Ok(()) => End::Closed,
                        Err(end) => end,
                    });
                }
                Action::Nothing => Ok(()),
            };
            if let Err(end) = done {
                return Flow::End(end);
            }
        }
    }

    fn decide(&mut self, refusal: Option<Refusal>) -> Result<(), End> {
        match refusal {
            None => self.session.accept(),
            Some(refusal) => self.session.refuse(refusal),
        }
        .map_err(|e| End::Bug(e.to_string()))
    }

    /// Commits the message, then answers it: 250 only once it is durable.
    async fn message_end(&mut self) -> Result<(), End> {
        let recipients = self.session.recipients();
        let envelope = self.session.envelope().to_vec();
        let committed = match self.spool.take() {
            Some(spool) => spool.commit(envelope).await,
            None => Err(io::Error::other("no spool for the message")),
        };
        match committed {
            Ok(stored) => {
                self.messages += 1;
                info!(peer = %self.peer, id = %stored.id, size = stored.size, recipients, result = "stored", "message");
                self.decide(None)
            }
            Err(e) => {
                self.failed += 1;
                warn!(peer = %self.peer, recipients, result = "451", error = %e, "message");
                self.decide(Some(Refusal::LocalError))
            }
        }
    }

    /// Sends the session's output, within `--timeout`.
    async fn flush<S: AsyncWrite + Unpin>(&mut self, stream: &mut S) -> Result<(), End> {
        let pending = self.session.output().len();
        if pending == 0 {
            return Ok(());
        }
        let output = self.session.output();
        let sent = timeout(self.shared.timeout, async {
            stream.write_all(output).await?;
            stream.flush().await
        })
        .await;
        match sent {
            Ok(Ok(())) => {
                self.session.advance_output(pending);
                Ok(())
            }
            Ok(Err(e)) => Err(End::Io(e)),
            Err(_) => Err(End::WriteTimeout),
        }
    }

    /// Reads more input, within `--timeout`; at shutdown, ends an idle
    /// session at once and one in a transaction at the grace deadline.
    async fn read<S: AsyncRead + Unpin>(&mut self, stream: &mut S) -> Result<(), End> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, self.end - self.start);
        }
        if self.end == self.buf.len() {
            // The session consumes every line, chunk and body slice whole or
            // in part, so this is a bug, not a client's doing.
            return Err(End::Bug("read buffer full".into()));
        }
        loop {
            let deadline = *self.shutdown.borrow_and_update();
            if let Some(deadline) = deadline {
                if !self.session.in_transaction() || Instant::now() >= deadline {
                    return Err(End::Shutdown);
                }
            }
            tokio::select! {
                read = timeout(self.shared.timeout, stream.read(&mut self.buf[self.end..])) => {
                    return match read {
                        Ok(Ok(0)) => Err(End::Eof),
                        Ok(Ok(n)) => {
                            self.end += n;
                            Ok(())
                        }
                        Ok(Err(e)) => Err(End::Io(e)),
                        Err(_) => Err(End::Timeout),
                    };
                }
                changed = self.shutdown.changed(), if self.watching => {
                    self.watching = changed.is_ok();
                }
                () = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {}
            }
        }
    }

    /// Says the last word the end calls for, then closes: a 421 for a
    /// timeout or shutdown, and a lingering close after any end.
    async fn finish<S: AsyncRead + AsyncWrite + Unpin>(&mut self, stream: &mut S, end: End) -> End {
        let last: Option<&[u8]> = match end {
            End::Timeout => Some(protocol::TIMED_OUT),
            End::Shutdown => Some(protocol::SHUTTING_DOWN),
            End::Closed => None,
            _ => return end,
        };
        let _ = timeout(FAREWELL_BOUND, async {
            if let Some(last) = last {
                stream.write_all(last).await?;
            }
            stream.shutdown().await?;
            let mut drained = 0;
            while drained < LINGER_LIMIT {
                match stream.read(&mut self.buf).await? {
                    0 => break,
                    n => drained += n,
                }
            }
            io::Result::Ok(())
        })
        .await;
        end
    }
}
