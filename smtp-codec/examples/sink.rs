//! A mail sink: answers SMTP (or LMTP) on a TCP port and stores every
//! accepted message in a maildir, as `new/ID.eml` (the exact unstuffed
//! content) beside `new/ID.env` (its MAIL FROM and RCPT TO lines as the
//! encoder writes them). Blocking std I/O, one thread per connection: the
//! protocol lives in `ServerSession`, this file only moves bytes.
//!
//! ```text
//! cargo run --release -p smtp-sansio-codec --example sink -- \
//!     [--listen 127.0.0.1:2525] [--maildir ./mail] [--lmtp] \
//!     [--max-message-size N] [--bare-lf reject|normalize|allow] [--max-recipients N]
//! ```

use std::fs;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use smtp_sansio_codec::body::LineEndPolicy;
use smtp_sansio_codec::command::encode_command;
use smtp_sansio_codec::proto::{Capability, Command, Domain};
use smtp_sansio_codec::server::{ServerConfig, ServerEvent, ServerSession};

/// The command line, parsed.
struct Options {
    listen: String,
    maildir: PathBuf,
    lmtp: bool,
    max_message_size: u64,
    bare_lf: LineEndPolicy,
    max_recipients: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        listen: "127.0.0.1:2525".into(),
        maildir: PathBuf::from("./mail"),
        lmtp: false,
        max_message_size: 35 * 1024 * 1024,
        bare_lf: LineEndPolicy::Reject,
        max_recipients: 100,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--listen" => options.listen = value()?,
            "--maildir" => options.maildir = PathBuf::from(value()?),
            "--lmtp" => options.lmtp = true,
            "--max-message-size" => {
                options.max_message_size = value()?.parse().map_err(|e| format!("{flag}: {e}"))?;
            }
            "--max-recipients" => {
                options.max_recipients = value()?.parse().map_err(|e| format!("{flag}: {e}"))?;
            }
            "--bare-lf" => {
                options.bare_lf = match value()?.as_str() {
                    "reject" => LineEndPolicy::Reject,
                    "normalize" => LineEndPolicy::Normalize,
                    "allow" => LineEndPolicy::Allow,
                    other => return Err(format!("--bare-lf: unknown policy {other:?}")),
                };
            }
            "-h" | "--help" => {
                return Err("usage: sink [--listen ADDR] [--maildir DIR] [--lmtp] \
                     [--max-message-size N] [--bare-lf reject|normalize|allow] \
                     [--max-recipients N]"
                    .into());
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(options)
}

fn server_config(options: &Options) -> ServerConfig {
    let hostname = Domain::try_from("sink.localhost").expect("a valid domain");
    let mut config = ServerConfig::new(hostname);
    config.lmtp = options.lmtp;
    config.max_recipients = options.max_recipients;
    config.capabilities = vec![
        Capability::Pipelining,
        Capability::Size(Some(options.max_message_size)),
        Capability::EightBitMime,
        Capability::SmtpUtf8,
        Capability::Chunking,
        Capability::Dsn,
        Capability::EnhancedStatusCodes,
        Capability::Help,
    ];
    config.data = config.data.with_policy(options.bare_lf);
    config
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sink: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> io::Result<()> {
    for sub in ["tmp", "new", "cur"] {
        fs::create_dir_all(options.maildir.join(sub))?;
    }
    let listener = TcpListener::bind(&options.listen)?;
    println!("listening on {}", listener.local_addr()?);
    io::stdout().flush()?;
    let config = server_config(options);
    for stream in listener.incoming() {
        let stream = stream?;
        let config = config.clone();
        let maildir = options.maildir.clone();
        std::thread::spawn(move || {
            if let Err(e) = serve(stream, config, &maildir) {
                eprintln!("connection: {e}");
            }
        });
    }
    Ok(())
}

/// The envelope and body of the transaction in progress.
#[derive(Default)]
struct Transaction {
    envelope: Vec<u8>,
    body: Vec<u8>,
}

fn serve(mut stream: TcpStream, config: ServerConfig, maildir: &Path) -> io::Result<()> {
    let mut session = ServerSession::new(config);
    let mut buf = vec![0u8; 64 * 1024];
    let (mut start, mut end) = (0, 0);
    let mut tx = Transaction::default();
    flush(&mut stream, &mut session)?;
    loop {
        let step = session
            .handle(&buf[start..end])
            .map_err(|e| io::Error::other(e.to_string()))?;
        start += step.consumed;
        match step.event {
            ServerEvent::NeedInput => {
                flush(&mut stream, &mut session)?;
                buf.copy_within(start..end, 0);
                (start, end) = (0, end - start);
                let read = stream.read(&mut buf[end..])?;
                if read == 0 {
                    return Ok(());
                }
                end += read;
            }
            ServerEvent::NeedFlush => flush(&mut stream, &mut session)?,
            ServerEvent::Hello { .. } | ServerEvent::Reset | ServerEvent::MessageRefused(_) => {
                tx = Transaction::default();
            }
            ServerEvent::Mail { from, parameters } => {
                tx = Transaction::default();
                encode_command(&Command::Mail { from, parameters }, &mut tx.envelope);
                session.accept().map_err(io::Error::other)?;
            }
            ServerEvent::Rcpt { to, parameters } => {
                encode_command(&Command::Rcpt { to, parameters }, &mut tx.envelope);
                session.accept().map_err(io::Error::other)?;
            }
            ServerEvent::Body(data) => tx.body.extend_from_slice(data),
            ServerEvent::ChunkEnd => session.accept().map_err(io::Error::other)?,
            ServerEvent::MessageEnd => {
                let stored = store(maildir, &tx);
                tx.body.clear();
                match stored {
                    Ok(()) => session.accept().map_err(io::Error::other)?,
                    Err(e) => {
                        eprintln!("store: {e}");
                        let text =
                            smtp_sansio_codec::proto::Text::try_from("Cannot store the message")
                                .unwrap_or_default();
                        let reply = smtp_sansio_codec::proto::Reply::new(
                            smtp_sansio_codec::proto::ReplyCode::LOCAL_ERROR,
                            text,
                        );
                        while session.decision_pending() {
                            session.reject(&reply).map_err(io::Error::other)?;
                        }
                    }
                }
            }
            ServerEvent::Closed => return flush(&mut stream, &mut session),
            _ => {}
        }
    }
}

fn flush(stream: &mut TcpStream, session: &mut ServerSession) -> io::Result<()> {
    let pending = session.output().len();
    if pending > 0 {
        stream.write_all(session.output())?;
        session.advance_output(pending);
    }
    Ok(())
}

/// A name no other message of this process or another gets.
fn unique_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{}.{:09}.{}.{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Writes the message and its envelope into `tmp/`, then moves both into
/// `new/` (the maildir way: a reader never sees half a file).
fn store(maildir: &Path, tx: &Transaction) -> io::Result<()> {
    let id = unique_id();
    for (suffix, content) in [("env", &tx.envelope), ("eml", &tx.body)] {
        let name = format!("{id}.{suffix}");
        let tmp = maildir.join("tmp").join(&name);
        fs::write(&tmp, content)?;
        fs::rename(&tmp, maildir.join("new").join(&name))?;
    }
    Ok(())
}
