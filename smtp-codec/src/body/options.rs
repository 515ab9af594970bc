//! Runtime options of the DATA decoder and encoder: options are values,
//! never cargo features, and `Default` is strict.

/// What the DATA decoder, and the BDAT [`ChunkDecoder`](super::ChunkDecoder)
/// for a message that is not `BODY=BINARYMIME`, do with a bare LF, a bare
/// CR (one not followed by LF) and, in `Reject` only, a NUL octet inside a
/// message body.
///
/// Whatever the policy, a bare CR or bare LF never takes part in finding the
/// end of data: only CRLF "." CRLF ends a message.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::{DataOptions, LineEndPolicy};
///
/// assert_eq!(DataOptions::default().policy, LineEndPolicy::Reject);
/// let lenient = DataOptions::default().with_policy(LineEndPolicy::Normalize);
/// assert_eq!(lenient.policy, LineEndPolicy::Normalize);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LineEndPolicy {
    /// Read the message to its real end, then refuse it (the default, like
    /// Postfix's delayed reject): the server answers `550 5.6.0` and stays
    /// in sync. NUL octets are refused too. No body is yielded after the
    /// first offending octet.
    #[default]
    Reject,
    /// Turn every bare LF and bare CR into CRLF in the yielded body, so the
    /// body has CRLF line ends only; NUL octets are kept.
    Normalize,
    /// Pass bare LF, bare CR and NUL octets through unchanged.
    Allow,
}

/// How the DATA decoder reads a message.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::{DataOptions, LineEndPolicy};
///
/// let options = DataOptions::default()
///     .with_policy(LineEndPolicy::Allow)
///     .with_max_size(Some(10 * 1024 * 1024));
/// assert_eq!(options.max_size, Some(10 * 1024 * 1024));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DataOptions {
    /// What to do with bare LF, bare CR and NUL in the body.
    pub policy: LineEndPolicy,
    /// The largest body accepted, in octets after unstuffing (the SIZE the
    /// server advertised); `None` for no limit. The decoder yields the
    /// first `max_size` octets, no more, reads on to the real end and then
    /// reports `552 5.3.4`.
    pub max_size: Option<u64>,
}

impl DataOptions {
    /// The strict defaults: bare LF/CR and NUL refused, no size limit.
    pub const fn new() -> Self {
        Self {
            policy: LineEndPolicy::Reject,
            max_size: None,
        }
    }

    /// These options with another line-end policy.
    #[must_use]
    pub const fn with_policy(mut self, policy: LineEndPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// These options with another size limit (`None`: unlimited).
    #[must_use]
    pub const fn with_max_size(mut self, max_size: Option<u64>) -> Self {
        self.max_size = max_size;
        self
    }
}

/// How the DATA encoder writes a message.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::body::DataEncodeOptions;
///
/// assert_eq!(DataEncodeOptions::default().max_line, Some(1000));
/// let binary_ok = DataEncodeOptions::default().with_max_line(None);
/// assert_eq!(binary_ok.max_line, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DataEncodeOptions {
    /// The longest text line allowed, in octets *including* CRLF and not
    /// counting a doubled leading dot (RFC 5321 §4.5.3.1.6: 1000). A longer
    /// line is reported as an error instead of being sent; `None` sends
    /// lines of any length.
    pub max_line: Option<usize>,
    /// Whether the output is a DATA stream: a dot at a line start doubled
    /// and the terminator `.` CRLF appended (the default). Off, the output
    /// is a text body for BDAT (RFC 3030 §3): line ends made CRLF, nothing
    /// stuffed, no terminator.
    pub dot_stuffing: bool,
}

impl Default for DataEncodeOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl DataEncodeOptions {
    /// The strict default: lines of at most 1000 octets including CRLF.
    pub const fn new() -> Self {
        Self {
            max_line: Some(smtp_sansio_proto::limits::TEXT_LINE),
            dot_stuffing: true,
        }
    }

    /// A text body for BDAT: CRLF line ends, no dot-stuffing, no
    /// terminator, the same line limit.
    ///
    /// ```
    /// use smtp_sansio_codec::body::{DataEncodeOptions, DataEncoder};
    ///
    /// let mut encoder = DataEncoder::new(DataEncodeOptions::for_bdat());
    /// let mut out = Vec::new();
    /// encoder.encode(b"Subject: hi\n\n.dot\n", &mut out)?;
    /// encoder.finish(&mut out);
    /// assert_eq!(out, b"Subject: hi\r\n\r\n.dot\r\n");
    /// # Ok::<(), smtp_sansio_codec::body::DataEncodeError>(())
    /// ```
    pub const fn for_bdat() -> Self {
        let mut options = Self::new();
        options.dot_stuffing = false;
        options
    }

    /// These options with another line limit (`None`: no limit).
    #[must_use]
    pub const fn with_max_line(mut self, max_line: Option<usize>) -> Self {
        self.max_line = max_line;
        self
    }
}
