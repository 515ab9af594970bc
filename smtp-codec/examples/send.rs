//! Sends one message read from stdin, printing the transcript; exits 0 only
//! if every recipient was accepted. Blocking std I/O around `ClientSession`.
//!
//! ```text
//! cargo run --release -p smtp-sansio-codec --example send -- --server 127.0.0.1:2525 \
//!     --from a@example.com --to b@example.com [--to ...] [--bdat] [--lmtp] < message.eml
//! ```

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use smtp_sansio_codec::Step;
use smtp_sansio_codec::client::{ClientConfig, ClientEvent, ClientSession, Envelope};
use smtp_sansio_codec::proto::{ForwardPath, Host, RcptParameters, ReversePath};

struct Options {
    server: String,
    from: String,
    to: Vec<String>,
    bdat: bool,
    lmtp: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        server: "127.0.0.1:2525".into(),
        from: String::new(),
        to: Vec::new(),
        bdat: false,
        lmtp: false,
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
            other => {
                return Err(format!(
                    "unknown argument {other:?}\nusage: send --server ADDR --from A --to B \
                     [--to C ...] [--bdat] [--lmtp] < message"
                ));
            }
        }
    }
    if options.to.is_empty() {
        return Err("at least one --to is needed".into());
    }
    Ok(options)
}

fn envelope(options: &Options) -> Result<Envelope, String> {
    let from = ReversePath::try_from(format!("<{}>", options.from)).map_err(|e| e.to_string())?;
    let recipients = options
        .to
        .iter()
        .map(|to| {
            ForwardPath::try_from(format!("<{to}>"))
                .map(|path| (path, RcptParameters::new()))
                .map_err(|e| format!("{to}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let mut envelope = Envelope::new(from);
    envelope.recipients = recipients;
    Ok(envelope)
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|options| {
        let mut message = Vec::new();
        io::stdin()
            .read_to_end(&mut message)
            .map_err(|e| e.to_string())?;
        send(&options, &message).map_err(|e| e.to_string())
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("send: {e}");
            ExitCode::FAILURE
        }
    }
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

fn send(options: &Options, message: &[u8]) -> Result<bool, Box<dyn std::error::Error>> {
    let mut config = ClientConfig::new(Host::try_from("localhost")?);
    config.lmtp = options.lmtp;
    config.prefer_bdat = options.bdat;
    let mut client = ClientSession::new(config);
    let mut stream = TcpStream::connect(&options.server)?;
    let mut envelope = Some(envelope(options)?);
    let recipients = options.to.len();
    let mut input = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut delivered = None;
    loop {
        let Step { consumed, event } = client.handle(&input)?;
        transcript("S:", &input[..consumed]);
        input.drain(..consumed);
        match event {
            ClientEvent::NeedInput => {
                let out = client.output();
                transcript("C:", out);
                stream.write_all(out)?;
                let sent = out.len();
                client.advance_output(sent);
                let read = stream.read(&mut buf)?;
                if read == 0 {
                    return Err("the server closed the connection".into());
                }
                input.extend_from_slice(&buf[..read]);
            }
            ClientEvent::Ready => {
                if let Some(envelope) = envelope.take() {
                    client.send(envelope, message)?;
                }
            }
            ClientEvent::Done {
                delivered: accepted,
            } => {
                delivered = Some(accepted.len());
                client.quit();
            }
            ClientEvent::Closed => break,
            _ => {}
        }
    }
    let delivered = delivered.unwrap_or(0);
    println!("delivered to {delivered} of {recipients} recipients");
    Ok(delivered == recipients)
}
