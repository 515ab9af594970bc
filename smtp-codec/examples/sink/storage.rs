//! The maildir: each message is streamed to `tmp/ID.eml` as it is decoded,
//! then committed beside its envelope `ID.env`, durably, before the 250.
//!
//! # The commit
//!
//! 1. the rest of the body is written to `tmp/ID.eml`, the envelope to
//!    `tmp/ID.env`;
//! 2. `tmp/ID.eml` is renamed to `new/ID.eml` (not yet a message: it has
//!    no envelope);
//! 3. both files and `new/` are fsynced: the body, the envelope and the
//!    eml's name are durable;
//! 4. `tmp/ID.env` is renamed to `new/ID.env` — **the commit point** — and
//!    `new/` is fsynced again;
//! 5. only then is the message answered 250.
//!
//! A reader that finds `ID.env` in `new/` therefore always finds the
//! complete `ID.eml` beside it, also after a crash: the env's rename is
//! made only once the eml's content and name are durable. A reader that
//! finds an `ID.eml` without its `ID.env` is looking at a message still
//! being committed (or one a crash interrupted before its commit point,
//! which was never answered 250) and must leave it alone. Four fsyncs per
//! message in two stages (steps 3 and 4); the eml's rename is made before
//! the first, so no fsync of its own is needed to make its name durable.
//!
//! On any error every file this transaction created, in `tmp/` or `new/`,
//! is removed and the client gets `451 4.3.0`. `--no-fsync` skips the
//! fsyncs (the renames keep their order) for comparisons only: a crash can
//! then lose messages that were answered 250.

use std::fs::{self, File};
use std::io::{self, Write};
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::pool::Pool;

/// Body octets gathered before one write to the spool file: the memory a
/// message costs beyond the connection's read buffer, whatever its size.
const SPOOL_CHUNK: usize = 64 * 1024;

/// A maildir (`tmp/`, `new/`, `cur/`) and how to write into it.
#[derive(Debug)]
pub(crate) struct Maildir {
    root: PathBuf,
    tmp: PathBuf,
    new: PathBuf,
    /// `new/`, open for fsync (opened once, so a descriptor shortage cannot
    /// stop a commit halfway).
    new_dir: File,
    fsync: bool,
    min_free: u64,
    pool: Pool,
}

/// A message stored in `new/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stored {
    /// Its name, without the `.eml`/`.env` suffix.
    pub(crate) id: String,
    /// Octets of `ID.eml`.
    pub(crate) size: u64,
}

impl Maildir {
    /// Creates (if need be) and opens the maildir at `root`.
    ///
    /// # Errors
    /// When a directory cannot be created or opened.
    pub(crate) fn open(root: &Path, fsync: bool, min_free: u64, pool: Pool) -> io::Result<Self> {
        for sub in ["tmp", "new", "cur"] {
            fs::create_dir_all(root.join(sub))?;
        }
        let new = root.join("new");
        Ok(Self {
            root: root.to_path_buf(),
            tmp: root.join("tmp"),
            new_dir: File::open(&new)?,
            new,
            fsync,
            min_free,
            pool,
        })
    }

    /// Whether the file system has room for a message of `declared` octets
    /// above the free-space floor.
    ///
    /// # Errors
    /// When `statvfs` fails.
    pub(crate) async fn has_room(&self, declared: u64) -> io::Result<bool> {
        let root = self.root.clone();
        let needed = self.min_free.saturating_add(declared);
        self.pool
            .run(move || {
                let stat = rustix::fs::statvfs(&root)?;
                Ok(stat.f_bavail.saturating_mul(stat.f_frsize) >= needed)
            })
            .await?
    }

    /// Starts a message. Its `tmp/ID.eml` is created with the first chunk
    /// written, or at the commit for a message shorter than a chunk (one
    /// trip to the pool per small message).
    pub(crate) fn begin(self: &Arc<Self>) -> Spool {
        let id = unique_id();
        Spool {
            path: self.tmp.join(format!("{id}.eml")),
            maildir: Arc::clone(self),
            id,
            file: None,
            buf: Vec::new(),
            size: 0,
            failure: None,
            finished: false,
        }
    }
}

/// The message being received: its `tmp/` file (once created) and the
/// octets not yet written to it. Dropped unfinished (a connection cut
/// mid-DATA), it removes its file.
#[derive(Debug)]
pub(crate) struct Spool {
    maildir: Arc<Maildir>,
    id: String,
    path: PathBuf,
    file: Option<File>,
    buf: Vec<u8>,
    size: u64,
    failure: Option<io::Error>,
    finished: bool,
}

impl Spool {
    /// Octets received so far.
    pub(crate) const fn size(&self) -> u64 {
        self.size
    }

    /// Appends body octets; writes a chunk once one is gathered. After a
    /// failure the octets are counted and dropped.
    pub(crate) async fn write(&mut self, data: &[u8]) {
        self.size += data.len() as u64;
        if self.failure.is_some() {
            return;
        }
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(SPOOL_CHUNK);
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= SPOOL_CHUNK {
            self.write_chunk().await;
        }
    }

    async fn write_chunk(&mut self) {
        let file = self.file.take();
        let path = self.path.clone();
        let buf = mem::take(&mut self.buf);
        let done = self
            .maildir
            .pool
            .run(move || {
                let result = open_or_create(file, &path).and_then(|mut file| {
                    file.write_all(&buf)?;
                    Ok(file)
                });
                (result, buf)
            })
            .await;
        match done {
            Ok((Ok(file), mut buf)) => {
                buf.clear();
                self.buf = buf;
                self.file = Some(file);
            }
            Ok((Err(e), _)) | Err(e) => {
                // The file is closed (dropped); `commit` or `Drop` removes it.
                self.failure = Some(e);
            }
        }
    }

    /// Commits the message with its `envelope` (see the module docs).
    ///
    /// # Errors
    /// Any failure of this message's writing, then or earlier; every file
    /// of it is removed by then.
    pub(crate) async fn commit(mut self, envelope: Vec<u8>) -> io::Result<Stored> {
        self.finished = true;
        if let Some(e) = self.failure.take() {
            self.remove_tmp().await;
            return Err(e);
        }
        let file = self.file.take();
        let body = mem::take(&mut self.buf);
        let maildir = Arc::clone(&self.maildir);
        let id = self.id.clone();
        let committed = self
            .maildir
            .pool
            .run(move || commit(&maildir, &id, file, &body, &envelope))
            .await;
        match committed {
            Ok(Ok(())) => Ok(Stored {
                id: mem::take(&mut self.id),
                size: self.size,
            }),
            Ok(Err(e)) => Err(e),
            Err(e) => {
                // The job never ran to its end: clean up from here.
                let (maildir, id) = (Arc::clone(&self.maildir), self.id.clone());
                let _ = self
                    .maildir
                    .pool
                    .run(move || remove_all(&maildir, &id))
                    .await;
                Err(e)
            }
        }
    }

    /// Drops the message: removes its `tmp/` file.
    pub(crate) async fn abort(mut self) {
        self.finished = true;
        if self.file.take().is_some() || self.failure.is_some() {
            self.remove_tmp().await;
        }
    }

    async fn remove_tmp(&self) {
        let path = self.path.clone();
        let _ = self.maildir.pool.run(move || remove(&path)).await;
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if !self.finished {
            // Rare (a task cancelled mid-message at exit) and one unlink:
            // done here, so it happens even when the process is ending.
            self.file = None;
            let _ = remove(&self.path);
        }
    }
}

fn open_or_create(file: Option<File>, path: &Path) -> io::Result<File> {
    match file {
        Some(file) => Ok(file),
        None => File::create_new(path),
    }
}

/// The blocking commit, on a pool thread (steps 1 to 4 of the module docs).
fn commit(
    maildir: &Maildir,
    id: &str,
    file: Option<File>,
    body: &[u8],
    envelope: &[u8],
) -> io::Result<()> {
    let tmp_eml = maildir.tmp.join(format!("{id}.eml"));
    let tmp_env = maildir.tmp.join(format!("{id}.env"));
    let result = (|| {
        let mut eml = open_or_create(file, &tmp_eml)?;
        eml.write_all(body)?;
        let mut env = File::create_new(&tmp_env)?;
        env.write_all(envelope)?;
        fs::rename(&tmp_eml, maildir.new.join(format!("{id}.eml")))?;
        if maildir.fsync {
            eml.sync_all()?;
            env.sync_all()?;
            maildir.new_dir.sync_all()?;
        }
        drop((eml, env));
        // The commit point: from here a reader sees the message.
        fs::rename(&tmp_env, maildir.new.join(format!("{id}.env")))?;
        if maildir.fsync {
            maildir.new_dir.sync_all()?;
        }
        Ok(())
    })();
    if result.is_err() {
        remove_all(maildir, id);
    }
    result
}

/// Removes every file of message `id`, in `tmp/` and `new/`.
fn remove_all(maildir: &Maildir, id: &str) {
    for dir in [&maildir.tmp, &maildir.new] {
        for suffix in ["eml", "env"] {
            let _ = remove(&dir.join(format!("{id}.{suffix}")));
        }
    }
}

fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// A name no other message of this process or another gets: time, process
/// and a counter.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sink-storage-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn maildir(root: &Path, min_free: u64) -> Arc<Maildir> {
        Arc::new(Maildir::open(root, true, min_free, Pool::new(2).unwrap()).unwrap())
    }

    #[tokio::test]
    async fn a_large_body_is_streamed_and_committed_byte_exact() {
        let root = scratch("commit");
        let maildir = maildir(&root, 0);
        let mut spool = maildir.begin();
        let mut expected = Vec::new();
        for i in 0..1000u32 {
            let piece = format!("line {i} {}\r\n", "x".repeat((i % 700) as usize));
            spool.write(piece.as_bytes()).await;
            expected.extend_from_slice(piece.as_bytes());
            // Never more than two chunks are held in memory.
            assert!(spool.buf.len() < 2 * SPOOL_CHUNK);
        }
        assert!(expected.len() > 2 * SPOOL_CHUNK);
        let stored = spool
            .commit(b"MAIL FROM:<a@b.c>\r\n".to_vec())
            .await
            .unwrap();
        assert_eq!(stored.size, expected.len() as u64);
        let new = root.join("new");
        assert_eq!(
            fs::read(new.join(format!("{}.eml", stored.id))).unwrap(),
            expected
        );
        assert_eq!(
            fs::read(new.join(format!("{}.env", stored.id))).unwrap(),
            b"MAIL FROM:<a@b.c>\r\n"
        );
        assert!(names(&root.join("tmp")).is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[tokio::test]
    async fn a_failed_commit_leaves_nothing_behind() {
        let root = scratch("fail");
        let maildir = maildir(&root, 0);
        let mut spool = maildir.begin();
        spool.write(b"Subject: x\r\n\r\nbody\r\n").await;
        // The rename into new/ fails: the directory is gone.
        fs::remove_dir(root.join("new")).unwrap();
        let failed = spool.commit(b"MAIL FROM:<a@b.c>\r\n".to_vec()).await;
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert!(
            names(&root.join("tmp")).is_empty(),
            "{:?}",
            names(&root.join("tmp"))
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[tokio::test]
    async fn aborted_and_dropped_spools_remove_their_file() {
        let root = scratch("abort");
        let maildir = maildir(&root, 0);
        let mut spool = maildir.begin();
        spool.write(&vec![b'x'; SPOOL_CHUNK]).await;
        assert_eq!(names(&root.join("tmp")).len(), 1);
        spool.abort().await;
        assert!(names(&root.join("tmp")).is_empty());

        let mut spool = maildir.begin();
        spool.write(&vec![b'x'; SPOOL_CHUNK + 1]).await;
        assert_eq!(names(&root.join("tmp")).len(), 1);
        drop(spool);
        assert!(names(&root.join("tmp")).is_empty());
        assert!(names(&root.join("new")).is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[tokio::test]
    async fn the_free_space_floor_is_checked() {
        let root = scratch("room");
        assert!(maildir(&root, 0).has_room(1000).await.unwrap());
        assert!(!maildir(&root, u64::MAX).has_room(0).await.unwrap());
        assert!(!maildir(&root, 0).has_room(u64::MAX).await.unwrap());
        fs::remove_dir_all(&root).unwrap();
    }
}
