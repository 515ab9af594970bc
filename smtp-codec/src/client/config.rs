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
        }
    }
}
