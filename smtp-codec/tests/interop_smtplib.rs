//! Interop: Python's standard `smtplib` (SMTP and LMTP) against the `sink`
//! example, comparing what the sink stored with what was sent.
//!
//! The sink example is built as a test of its own (its unit tests), so its
//! binary is built here, once, with the cargo that runs this test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The sink example, built for this test run (once).
fn sink_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("the test's own path");
            let debug_dir = exe
                .parent()
                .and_then(Path::parent)
                .expect("target/<profile>");
            let target_dir = debug_dir.parent().expect("target/");
            let status = Command::new(env!("CARGO"))
                .args([
                    "build",
                    "-q",
                    "-p",
                    "smtp-sansio-codec",
                    "--example",
                    "sink",
                ])
                .arg("--target-dir")
                .arg(target_dir)
                .status()
                .expect("cargo runs");
            assert!(status.success(), "the sink example builds");
            let sink = debug_dir.join("examples").join("sink");
            assert!(sink.exists(), "{} was not built", sink.display());
            sink
        })
        .clone()
}

/// A running sink on a free port; killed on drop.
struct Sink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl Sink {
    fn start(name: &str, extra: &[&str]) -> Self {
        let maildir =
            std::env::temp_dir().join(format!("smtp-codec-interop-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&maildir);
        let mut child = Command::new(sink_binary())
            .args(["--listen", "127.0.0.1:0", "--maildir"])
            .arg(&maildir)
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sink starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .trim()
            .strip_prefix("listening on 127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .parse()
            .unwrap();
        Self {
            child,
            port,
            maildir,
        }
    }

    /// Every stored message as (envelope, content), sorted by envelope.
    fn stored(&self) -> Vec<(String, Vec<u8>)> {
        let new = self.maildir.join("new");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&new).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "env") {
                let env = std::fs::read_to_string(&path).unwrap();
                let eml = std::fs::read(path.with_extension("eml")).unwrap();
                out.push((env, eml));
            }
        }
        out.sort();
        out
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// Runs a Python script with `PORT` set; fails the test on a non-zero exit.
fn python(script: &str, port: u16) {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .env("PORT", port.to_string())
        .output()
        .expect("python3 is on the machine");
    assert!(
        output.status.success(),
        "python failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What the sink should store for a message smtplib sent: smtplib adds
/// `size=N` (the message length) because the sink advertises SIZE, and the
/// sink writes the MAIL line in canonical form, `SIZE=N`.
fn sent(from: &str, options: &str, to: &[&str], message: &[u8]) -> (String, Vec<u8>) {
    let mut env = format!("MAIL FROM:<{from}> SIZE={}{options}\r\n", message.len());
    for r in to {
        env.push_str("RCPT TO:<");
        env.push_str(r);
        env.push_str(">\r\n");
    }
    (env, message.to_vec())
}

#[test]
fn smtplib_messages_are_stored_byte_for_byte() {
    let sink = Sink::start("smtp", &[]);
    python(
        r#"
import os, smtplib
s = smtplib.SMTP("127.0.0.1", int(os.environ["PORT"]))
s.ehlo("client.example")
assert s.has_extn("pipelining") and s.has_extn("smtputf8") and s.has_extn("chunking")
# 1. plain; 2. lines starting with "."; 3. ten recipients; 4. 5 MiB.
assert s.sendmail("a@example.com", ["b@example.com"], b"Subject: plain\r\n\r\nHello\r\n") == {}
assert s.sendmail("dots@example.com", ["b@example.com"], b"Subject: dots\r\n\r\n.one\r\n..two\r\n.\r\nend") == {}
assert s.sendmail("ten@example.com", ["r%d@example.com" % i for i in range(10)], b"Subject: ten\r\n\r\nx\r\n") == {}
line = b"0123456789" * 7 + b"abcd\r\n"
assert s.sendmail("big@example.com", ["b@example.com"], b"Subject: big\r\n\r\n" + line * (5 * 1024 * 1024 // len(line))) == {}
# 5. SMTPUTF8 addresses.
assert s.sendmail("pelé@exämple.com", ["δοκιμή@παράδειγμα.δοκιμή"], "Subject: utf8\r\n\r\nçà\r\n".encode(), mail_options=["SMTPUTF8"]) == {}
s.quit()
"#,
        sink.port,
    );
    let stored = sink.stored();
    let line = b"0123456789"
        .repeat(7)
        .into_iter()
        .chain(*b"abcd\r\n")
        .collect::<Vec<_>>();
    let mut big = b"Subject: big\r\n\r\n".to_vec();
    for _ in 0..(5 * 1024 * 1024 / line.len()) {
        big.extend_from_slice(&line);
    }
    let dots = b"Subject: dots\r\n\r\n.one\r\n..two\r\n.\r\nend";
    let utf8 = "Subject: utf8\r\n\r\nçà\r\n".as_bytes();
    let ten: Vec<String> = (0..10).map(|i| format!("r{i}@example.com")).collect();
    let mut expected: Vec<(String, Vec<u8>)> = vec![
        sent(
            "a@example.com",
            "",
            &["b@example.com"],
            b"Subject: plain\r\n\r\nHello\r\n",
        ),
        // smtplib ends the last line; the sink stores the CRLF it got.
        sent("dots@example.com", "", &["b@example.com"], dots),
        sent(
            "ten@example.com",
            "",
            &ten.iter().map(String::as_str).collect::<Vec<_>>(),
            b"Subject: ten\r\n\r\nx\r\n",
        ),
        sent("big@example.com", "", &["b@example.com"], &big),
        sent(
            "pelé@exämple.com",
            " SMTPUTF8",
            &["δοκιμή@παράδειγμα.δοκιμή"],
            utf8,
        ),
    ];
    expected[1].1.extend_from_slice(b"\r\n");
    expected.sort();
    assert_eq!(stored.len(), expected.len());
    for ((env, eml), (want_env, want_eml)) in stored.iter().zip(&expected) {
        assert_eq!(env, want_env);
        assert!(
            eml == want_eml,
            "{env}: stored {} octets, sent {}",
            eml.len(),
            want_eml.len()
        );
    }
}

#[test]
fn smtplib_lmtp_gets_a_reply_per_recipient() {
    let sink = Sink::start("lmtp", &["--lmtp"]);
    python(
        r#"
import os, smtplib
s = smtplib.LMTP("127.0.0.1", int(os.environ["PORT"]))
s.ehlo_or_helo_if_needed()
refused = s.sendmail("a@example.com", ["b@example.com", "c@example.com"], b"Subject: lmtp\r\n\r\nHi\r\n")
assert refused == {}, refused
s.quit()
"#,
        sink.port,
    );
    let stored = sink.stored();
    assert_eq!(
        stored,
        [sent(
            "a@example.com",
            "",
            &["b@example.com", "c@example.com"],
            b"Subject: lmtp\r\n\r\nHi\r\n"
        )]
    );
}
