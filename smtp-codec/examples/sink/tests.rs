//! End-to-end tests of the connection loop over loopback TCP: STARTTLS with
//! a throwaway certificate (rcgen), the injection defence, the timeout and
//! the shutdown. Every wait is bounded.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::{Instant, timeout};

use crate::connection::{self, Shared};
use crate::pool::Pool;
use crate::protocol::{BareLf, Limits, Protocol};
use crate::storage::Maildir;
use crate::tls;

/// The bound on every wait in these tests.
const BOUND: Duration = Duration::from_secs(20);

struct Harness {
    address: SocketAddr,
    maildir: PathBuf,
    stop: watch::Sender<Option<Instant>>,
    certificate: CertificateDer<'static>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// A sink on 127.0.0.1 that serves each connection it accepts (at most 16).
async fn start(name: &str, read_timeout: Duration) -> Harness {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let certificate = generated.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(generated.key_pair.serialize_der()));
    let acceptor = tls::acceptor_from(vec![certificate.clone()], key).unwrap();
    let maildir = std::env::temp_dir().join(format!("sink-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&maildir);
    let pool = Pool::new(2).unwrap();
    let limits = Limits {
        lmtp: false,
        max_message_size: 1 << 20,
        max_recipients: 100,
        bare_lf: BareLf::Reject,
    };
    let (stop, shutdown) = watch::channel(None);
    let shared = Arc::new(Shared {
        protocol: Protocol::new(&limits).unwrap(),
        maildir: Arc::new(Maildir::open(&maildir, true, 0, pool).unwrap()),
        timeout: read_timeout,
        tls: Some(acceptor),
        shutdown,
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..16 {
            let Ok((stream, peer)) = listener.accept().await else {
                return;
            };
            tokio::spawn(connection::serve(stream, peer, Arc::clone(&shared), false));
        }
    });
    Harness {
        address,
        maildir,
        stop,
        certificate,
    }
}

/// Reads until the buffer ends with a final reply line (`NNN ` ... CRLF)
/// or the peer closes.
async fn reply<S: AsyncRead + Unpin>(stream: &mut S) -> String {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    timeout(BOUND, async {
        loop {
            if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                break;
            }
            got.push(byte[0]);
            if got.ends_with(b"\r\n") {
                let start = got[..got.len() - 2]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |at| at + 1);
                if got.get(start + 3) == Some(&b' ') {
                    break;
                }
            }
        }
    })
    .await
    .unwrap();
    String::from_utf8(got).unwrap()
}

async fn say<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut S, line: &str) -> String {
    stream.write_all(line.as_bytes()).await.unwrap();
    reply(stream).await
}

fn stored(maildir: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let new = maildir.join("new");
    let mut messages = Vec::new();
    for entry in std::fs::read_dir(&new).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "env") {
            let env = std::fs::read(&path).unwrap();
            let eml = std::fs::read(path.with_extension("eml")).unwrap();
            messages.push((env, eml));
        }
    }
    messages
}

async fn tls_client(
    harness: &Harness,
    tcp: TcpStream,
) -> tokio_rustls::client::TlsStream<TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(harness.certificate.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name = ServerName::try_from("localhost").unwrap();
    timeout(BOUND, connector.connect(name, tcp))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn starttls_delivers_and_discards_what_was_pipelined_after_it() {
    let harness = start("starttls", BOUND).await;
    let mut tcp = TcpStream::connect(harness.address).await.unwrap();
    assert!(reply(&mut tcp).await.starts_with("220 "));
    let ehlo = say(&mut tcp, "EHLO client.example\r\n").await;
    assert!(
        ehlo.contains("250-STARTTLS\r\n") || ehlo.contains("250 STARTTLS\r\n"),
        "{ehlo}"
    );
    // The injection: a MAIL in the same write as STARTTLS.
    let ready = say(&mut tcp, "STARTTLS\r\nMAIL FROM:<x@evil.example>\r\n").await;
    assert_eq!(ready, "220 2.0.0 Ready to start TLS\r\n");
    let mut tls = tls_client(&harness, tcp).await;
    // The session restarted: no greeting, no transaction, so RCPT is out
    // of sequence. Had the injected MAIL run, it would be accepted.
    let rcpt = say(&mut tls, "RCPT TO:<b@example.com>\r\n").await;
    assert!(rcpt.starts_with("503 5.5.1"), "{rcpt}");
    let ehlo = say(&mut tls, "EHLO client.example\r\n").await;
    assert!(ehlo.starts_with("250-sink.localhost"), "{ehlo}");
    assert!(!ehlo.contains("STARTTLS"), "{ehlo}");
    assert!(
        say(&mut tls, "MAIL FROM:<a@example.com>\r\n")
            .await
            .starts_with("250 2.1.0")
    );
    assert!(
        say(&mut tls, "RCPT TO:<b@example.com>\r\n")
            .await
            .starts_with("250 2.1.5")
    );
    assert!(say(&mut tls, "DATA\r\n").await.starts_with("354"));
    let done = say(&mut tls, "Subject: tls\r\n\r\n..dot\r\n.\r\n").await;
    assert!(done.starts_with("250 2.0.0"), "{done}");
    assert!(say(&mut tls, "QUIT\r\n").await.starts_with("221"));
    let messages = stored(&harness.maildir);
    assert_eq!(
        messages,
        vec![(
            b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n".to_vec(),
            b"Subject: tls\r\n\r\n.dot\r\n".to_vec()
        )]
    );
    assert!(
        std::fs::read_dir(harness.maildir.join("tmp"))
            .unwrap()
            .next()
            .is_none()
    );
}

#[tokio::test]
async fn an_idle_client_gets_421_and_is_closed_after_the_timeout() {
    let harness = start("timeout", Duration::from_secs(1)).await;
    let mut tcp = TcpStream::connect(harness.address).await.unwrap();
    let started = Instant::now();
    assert!(reply(&mut tcp).await.starts_with("220 "));
    let bye = reply(&mut tcp).await;
    assert_eq!(
        bye,
        "421 4.4.2 sink.localhost Timeout exceeded, closing connection\r\n"
    );
    let mut rest = Vec::new();
    let eof = timeout(BOUND, tcp.read_to_end(&mut rest))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(eof, 0);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_message_left_unfinished_leaves_no_file() {
    let harness = start("cut", BOUND).await;
    let mut tcp = TcpStream::connect(harness.address).await.unwrap();
    reply(&mut tcp).await;
    say(&mut tcp, "EHLO c\r\n").await;
    say(&mut tcp, "MAIL FROM:<a@example.com>\r\n").await;
    say(&mut tcp, "RCPT TO:<b@example.com>\r\n").await;
    say(&mut tcp, "DATA\r\n").await;
    tcp.write_all(&vec![b'x'; 200_000]).await.unwrap();
    drop(tcp);
    let tmp = harness.maildir.join("tmp");
    let deadline = Instant::now() + BOUND;
    while std::fs::read_dir(&tmp).unwrap().next().is_some() {
        assert!(Instant::now() < deadline, "tmp/ not emptied");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(stored(&harness.maildir).is_empty());
}

#[tokio::test]
async fn shutdown_lets_a_transaction_finish_and_sends_421_to_idle_sessions() {
    let harness = start("shutdown", BOUND).await;
    let mut busy = TcpStream::connect(harness.address).await.unwrap();
    let mut idle = TcpStream::connect(harness.address).await.unwrap();
    reply(&mut busy).await;
    reply(&mut idle).await;
    say(&mut idle, "EHLO idle\r\n").await;
    say(&mut busy, "EHLO busy\r\n").await;
    assert!(
        say(&mut busy, "MAIL FROM:<a@example.com>\r\n")
            .await
            .starts_with("250")
    );
    harness
        .stop
        .send(Some(Instant::now() + Duration::from_secs(10)))
        .unwrap();
    assert_eq!(
        reply(&mut idle).await,
        "421 4.3.2 sink.localhost Service shutting down\r\n"
    );
    assert!(
        say(&mut busy, "RCPT TO:<b@example.com>\r\n")
            .await
            .starts_with("250")
    );
    assert!(say(&mut busy, "DATA\r\n").await.starts_with("354"));
    assert!(say(&mut busy, "hi\r\n.\r\n").await.starts_with("250 2.0.0"));
    // The transaction is done: now the busy session is told, too.
    assert_eq!(
        reply(&mut busy).await,
        "421 4.3.2 sink.localhost Service shutting down\r\n"
    );
    assert_eq!(stored(&harness.maildir).len(), 1);
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_after_the_write_timeout() {
    let harness = start("noread", Duration::from_secs(1)).await;
    let tcp = TcpStream::connect(harness.address).await.unwrap();
    let (_read_half, mut write_half) = tcp.into_split();
    // EHLO alone (it must end a pipelined batch), then a transaction whose
    // 100 000 RCPTs, past the recipient limit, ask for about 3 MB of 452
    // replies (neither errors nor junk), more than the socket buffers
    // hold; this client reads none of them.
    write_half
        .write_all(b"EHLO flood.example\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    write_half
        .write_all(b"MAIL FROM:<a@example.com>\r\n")
        .await
        .unwrap();
    let flood = b"RCPT TO:<b@example.com>\r\n".repeat(100_000);
    let started = Instant::now();
    let written = timeout(BOUND, async {
        for _ in 0..50 {
            write_half.write_all(&flood).await?;
        }
        std::io::Result::Ok(())
    })
    .await
    .expect("the server never dropped the client");
    // The server stopped reading, its write timed out and it closed: the
    // client's writes fail.
    assert!(written.is_err());
    // Not before the timeout: the session itself had nothing against it.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < BOUND,
        "{waited:?}"
    );
}
