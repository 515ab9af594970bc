//! Sends one message read from stdin, on tokio, printing the transcript;
//! exits 0 only if every recipient was accepted. The protocol (greeting,
//! EHLO, pipelining when offered, BDAT or DATA, LMTP) is `ClientSession`'s;
//! this file moves bytes and, when the server offers STARTTLS and a CA to
//! trust was given, runs the TLS handshake with `tokio-rustls`.
//!
//! ```text
//! cargo run --release -p smtp-sansio-codec --example send_async -- --server 127.0.0.1:2525 \
//!     --from a@example.com --to b@example.com [--to ...] [--bdat] [--lmtp] \
//!     [--tls-ca ca.pem [--tls-name localhost] [--require-tls]] < message.eml
//! ```

use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use smtp_sansio_codec::Step;
use smtp_sansio_codec::client::{ClientConfig, ClientEvent, ClientSession, Envelope};
use smtp_sansio_codec::proto::{Capability, ForwardPath, Host, RcptParameters, ReversePath};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::TlsConnector;

/// How long one read or write may take (RFC 5321 §4.5.3.2 gives servers
/// minutes; a client that waits longer is usually stuck).
const IO_TIMEOUT: Duration = Duration::from_secs(60);

struct Options {
    server: String,
    from: String,
    to: Vec<String>,
    bdat: bool,
    lmtp: bool,
    tls_ca: Option<String>,
    tls_name: String,
    require_tls: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        server: "127.0.0.1:2525".into(),
        from: String::new(),
        to: Vec::new(),
        bdat: false,
        lmtp: false,
        tls_ca: None,
        tls_name: "localhost".into(),
        require_tls: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--server" => options.server = value()?,
            "--from" => options.from = value()?,
            "--to" => options.to.push(value()?),
            "--bdat" => options.bdat = true,
            "--lmtp" => options.lmtp = true,
            "--tls-ca" => options.tls_ca = Some(value()?),
            "--tls-name" => options.tls_name = value()?,
            "--require-tls" => options.require_tls = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?}\nusage: send_async --server ADDR --from A --to B \
                     [--to C ...] [--bdat] [--lmtp] [--tls-ca PEM [--tls-name NAME] \
                     [--require-tls]] < message"
                ));
            }
        }
    }
    if options.to.is_empty() {
        return Err("at least one --to is needed".into());
    }
    if options.require_tls && options.tls_ca.is_none() {
        return Err("--require-tls needs --tls-ca".into());
    }
    Ok(options)
}

fn envelope(options: &Options) -> Result<Envelope, String> {
    let from = ReversePath::try_from(format!("<{}>", options.from)).map_err(|e| e.to_string())?;
    let mut envelope = Envelope::new(from);
    for to in &options.to {
        let path = ForwardPath::try_from(format!("<{to}>")).map_err(|e| format!("{to}: {e}"))?;
        envelope = envelope.to_with(path, RcptParameters::new());
    }
    Ok(envelope)
}

/// A connector trusting the certificates of the PEM file `ca`.
fn connector(ca: &str) -> Result<TlsConnector, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).map_err(|e| format!("{ca}: {e}"))? {
        roots
            .add(cert.map_err(|e| format!("{ca}: {e}"))?)
            .map_err(|e| format!("{ca}: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// Prints what went over the wire, one line at a time; long writes (a
/// message body) are cut after 1 KiB.
fn transcript(prefix: &str, bytes: &[u8]) {
    let shown = bytes.len().min(1024);
    for line in String::from_utf8_lossy(&bytes[..shown]).split_inclusive('\n') {
        print!("{prefix} {line}");
    }
    if shown < bytes.len() {
        println!("{prefix} [{} more octets]", bytes.len() - shown);
    }
}

/// How a conversation over one stream ended.
enum Ended {
    /// The server accepted STARTTLS: hand the stream to the TLS handshake.
    StartTls,
    /// The server answered QUIT; `delivered` recipients were accepted.
    Closed { delivered: usize },
}

/// What the conversation needs besides the session and the stream.
struct Job<'a> {
    message: &'a [u8],
    envelope: Option<Envelope>,
    /// Whether to take STARTTLS when the server offers it.
    want_tls: bool,
    require_tls: bool,
    delivered: Option<usize>,
}

type Error = Box<dyn std::error::Error>;

/// Runs the session over `stream` until QUIT is answered or STARTTLS is
/// accepted; `input` holds what was read and not yet consumed.
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    client: &mut ClientSession,
    stream: &mut S,
    job: &mut Job<'_>,
) -> Result<Ended, Error> {
    let mut input = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let Step { consumed, event } = client.handle(&input)?;
        transcript("S:", &input[..consumed]);
        input.drain(..consumed);
        match event {
            ClientEvent::NeedInput => {
                let out = client.output();
                if !out.is_empty() {
                    transcript("C:", out);
                    timeout(IO_TIMEOUT, stream.write_all(out)).await??;
                    let sent = out.len();
                    client.advance_output(sent);
                }
                let read = timeout(IO_TIMEOUT, stream.read(&mut buf)).await??;
                if read == 0 {
                    return Err("the server closed the connection".into());
                }
                input.extend_from_slice(&buf[..read]);
            }
            ClientEvent::Ready => {
                let offered = client.server_has(&Capability::StartTls);
                if job.want_tls && offered {
                    job.want_tls = false;
                    client.starttls()?;
                } else if job.require_tls && job.want_tls {
                    return Err("the server does not offer STARTTLS".into());
                } else if let Some(envelope) = job.envelope.take() {
                    client.send(envelope, job.message)?;
                }
            }
            ClientEvent::StartTls => {
                // The session refuses reply octets after the 220 (an
                // injection), so nothing read is left over here.
                let out = client.output();
                timeout(IO_TIMEOUT, stream.write_all(out)).await??;
                let sent = out.len();
                client.advance_output(sent);
                return Ok(Ended::StartTls);
            }
            ClientEvent::Done { delivered } => {
                job.delivered = Some(delivered.len());
                client.quit();
            }
            ClientEvent::Closed => {
                return Ok(Ended::Closed {
                    delivered: job.delivered.unwrap_or(0),
                });
            }
            _ => {}
        }
    }
}

async fn send(options: &Options, message: &[u8]) -> Result<bool, Error> {
    let mut config = ClientConfig::new(Host::try_from("localhost")?);
    config.lmtp = options.lmtp;
    config.prefer_bdat = options.bdat;
    let mut client = ClientSession::new(config);
    let mut stream = timeout(IO_TIMEOUT, TcpStream::connect(&options.server)).await??;
    let connector = options.tls_ca.as_deref().map(connector).transpose()?;
    let mut job = Job {
        message,
        envelope: Some(envelope(options)?),
        want_tls: connector.is_some(),
        require_tls: options.require_tls,
        delivered: None,
    };
    let ended = match converse(&mut client, &mut stream, &mut job).await? {
        Ended::StartTls => {
            let connector = connector.ok_or("STARTTLS without a connector")?;
            let name = ServerName::try_from(options.tls_name.clone())?;
            let mut tls = timeout(IO_TIMEOUT, connector.connect(name, stream)).await??;
            println!("-- TLS established");
            client.tls_established();
            converse(&mut client, &mut tls, &mut job).await?
        }
        closed @ Ended::Closed { .. } => closed,
    };
    let Ended::Closed { delivered } = ended else {
        return Err("STARTTLS offered twice".into());
    };
    println!(
        "delivered to {delivered} of {} recipients",
        options.to.len()
    );
    Ok(delivered == options.to.len())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("send_async: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut message = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut message) {
        eprintln!("send_async: {e}");
        return ExitCode::FAILURE;
    }
    match send(&options, &message).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("send_async: {e}");
            ExitCode::FAILURE
        }
    }
}
