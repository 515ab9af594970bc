//! Logging that cannot hurt a session: `tracing` events go through a
//! bounded, lossy queue to one thread that writes stderr. A connection
//! never waits for the log and never sees its errors: when stderr is full,
//! closed or blocked, lines are dropped, and what the client is told does
//! not change.

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};

/// Lines the queue holds before it drops new ones.
const QUEUE_LINES: usize = 16 * 1024;

/// Installs the subscriber; keep the guard alive until exit (dropping it
/// flushes what is queued).
pub(crate) fn init() -> WorkerGuard {
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(true)
        .buffered_lines_limit(QUEUE_LINES)
        .thread_name("sink-log")
        .finish(std::io::stderr());
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_target(false)
        .with_ansi(false)
        // The default reports a failed write with `eprintln!`, which panics
        // when stderr itself is what failed.
        .log_internal_errors(false)
        .finish();
    // Only fails when a subscriber is already set (a second `init`).
    let _ = tracing::subscriber::set_global_default(subscriber);
    guard
}
