//! A fixed pool of threads for blocking file-system calls (write, fsync,
//! rename, statvfs), started before the first connection.
//!
//! Why not `tokio::task::spawn_blocking`: tokio's blocking pool creates
//! threads on demand and panics when the OS refuses the first one (a
//! process or user thread limit). These threads exist from the start, so a
//! thread limit reached later cannot touch the sink; a job that cannot run
//! reports an error, which the sink answers with `451 4.3.0`.

use std::collections::VecDeque;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// The queue the threads take jobs from: a mutex and a condition variable
/// (idle threads sleep; none spins).
#[derive(Default)]
struct Queue {
    jobs: Mutex<VecDeque<Job>>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, job: Job) {
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(job);
        self.ready.notify_one();
    }

    fn pop(&self) -> Job {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(job) = jobs.pop_front() {
                return job;
            }
            jobs = self
                .ready
                .wait(jobs)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// The pool's handle; cloning shares the threads.
#[derive(Clone)]
pub(crate) struct Pool {
    queue: Arc<Queue>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pool")
    }
}

impl Pool {
    /// Starts `threads` threads, which live as long as the process.
    ///
    /// # Errors
    /// When the OS refuses a thread.
    pub(crate) fn new(threads: usize) -> io::Result<Self> {
        let queue = Arc::new(Queue::default());
        for n in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            thread::Builder::new()
                .name(format!("sink-fs-{n}"))
                .spawn(move || {
                    loop {
                        let job = queue.pop();
                        // A panicking job must not take the thread with it;
                        // its caller sees the dropped reply as an error.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(Self { queue })
    }

    /// Runs `job` on a pool thread and waits for its result. The queue is
    /// unbounded, but each connection waits for its job, so it holds at
    /// most one job per connection.
    ///
    /// # Errors
    /// When the job panicked.
    pub(crate) async fn run<T, F>(&self, job: F) -> io::Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        self.queue.push(Box::new(move || {
            let _ = reply.send(job());
        }));
        result
            .await
            .map_err(|_| io::Error::other("a file-system job failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_and_survives_a_panicking_one() {
        let pool = Pool::new(1).unwrap();
        assert_eq!(pool.run(|| 6 * 7).await.unwrap(), 42);
        let failed = pool.run(|| -> u8 { panic!("job panics") }).await;
        assert!(failed.is_err());
        // The one thread is still there.
        assert_eq!(pool.run(|| "still here").await.unwrap(), "still here");
    }
}
