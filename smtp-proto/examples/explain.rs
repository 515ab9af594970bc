//! Explains SMTP reply codes and enhanced status codes.
//!
//! ```text
//! cargo run -p smtp-sansio-proto --example explain -- 214 354
//! cargo run -p smtp-sansio-proto --example explain -- 5.1.1
//! ```
//!
//! Each reply code gets its catalogue entry; consecutive reply codes are then
//! compared. A malformed or unknown argument prints one line to stderr and
//! exits with status 2.

use std::process::ExitCode;

use smtp_sansio_proto::catalogue::explain_many;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!(
            "usage: explain CODE... (reply codes such as 214 354, or enhanced codes such as 5.1.1)"
        );
        return ExitCode::from(2);
    }
    match explain_many(args.iter().map(String::as_str)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("explain: {err}");
            ExitCode::from(2)
        }
    }
}
