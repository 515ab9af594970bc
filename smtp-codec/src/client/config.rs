//! `ClientConfig`: how a client session behaves.

use core::num::NonZeroUsize;

use smtp_sansio_proto::Host;

use crate::reply::ReplyOptions;

/// How a [`ClientSession`](super::ClientSession) behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The client's name in EHLO/LHLO.
    pub domain: Host<'static>,
    /// Speak LMTP: LHLO, and one final reply per accepted recipient.
    pub lmtp: bool,
    /// Send bodies with BDAT when the server advertises CHUNKING.
    pub prefer_bdat: bool,
    /// BDAT chunk size in octets.
    pub chunk_size: NonZeroUsize,
    /// Pipeline when the server advertises PIPELINING.
    pub pipelining: bool,
    /// Reply decoding (line and size bounds, bare-LF leniency).
    pub replies: ReplyOptions,
    /// What the client sends after the server refused a BDAT chunk that was
    /// not the last: it sends no further chunk of the transaction (RFC 3030
    /// §2) and reports the refusal, then RSET (the default) or QUIT.
    pub after_refused_chunk: AfterRefusal,
}

/// What a [`ClientSession`](super::ClientSession) sends after the server
/// refused a BDAT chunk, to end the failed transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AfterRefusal {
    /// RSET: the server drops whatever it kept of the transaction and the
    /// session is ready for the next one.
    #[default]
    Reset,
    /// QUIT: the session ends.
    Quit,
}

impl ClientConfig {
    /// Defaults: SMTP, DATA, pipelining when offered, 64 KiB BDAT chunks.
    pub fn new(domain: Host<'static>) -> Self {
        Self {
            domain,
            lmtp: false,
            prefer_bdat: false,
            chunk_size: NonZeroUsize::new(64 * 1024).unwrap_or(NonZeroUsize::MIN),
            pipelining: true,
            replies: ReplyOptions::default(),
            after_refused_chunk: AfterRefusal::Reset,
        }
    }
}
