//! `EhloView`: an EHLO (or LHLO) reply read as domain, greeting and
//! capabilities, borrowed from the input; the owned [`EhloReply`] on request.

use core::iter::FusedIterator;

use smtp_sansio_proto::{Capability, EhloParams, EhloReply, EsmtpKeyword, Host, ReplyCode, Text};

use super::error::{ReplyError, ReplyErrorKind};
use super::view::{ReplyView, split_line, text};

/// `"250" SP Domain [ SP ehlo-greet ]` and one capability per further line,
/// typed without copying anything.
///
/// Capabilities are parsed as they are iterated; an unknown keyword comes
/// out as [`Capability::Other`], and so does a known keyword whose
/// parameters do not fit it. A line that is not an `ehlo-line` at all (or
/// the empty `250 ` some servers end with) yields nothing; it is still in
/// [`capability_lines`](Self::capability_lines).
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::ReplyDecoder;
/// use smtp_sansio_codec::proto::Capability;
///
/// let input = b"250-mx.example.com at your service\r\n250-SIZE 35882577\r\n250-AUTH PLAIN LOGIN\r\n250 \r\n";
/// let Decoded::Complete { value: reply, .. } = ReplyDecoder::default().decode(input)? else { panic!() };
/// let ehlo = reply.ehlo()?;
/// assert_eq!(ehlo.domain().to_string(), "mx.example.com");
/// assert_eq!(ehlo.greeting().map(|g| g.to_string()).as_deref(), Some("at your service"));
/// assert_eq!(ehlo.capabilities().next(), Some(Capability::Size(Some(35_882_577))));
/// assert!(ehlo.has(&Capability::Auth("X".try_into()?)));
/// assert_eq!(ehlo.to_ehlo().capabilities().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EhloView<'a> {
    reply: ReplyView<'a>,
    domain: Host<'a>,
    greeting: &'a str,
    /// The capability lines, still in wire form.
    rest: &'a str,
}

impl<'a> EhloView<'a> {
    /// Reads a decoded reply as an EHLO reply.
    ///
    /// # Errors
    /// [`ReplyErrorKind::NotEhlo`] when the code is not 250,
    /// [`ReplyErrorKind::EhloDomain`] when the first line does not start
    /// with a domain or address literal.
    pub fn new(reply: ReplyView<'a>) -> Result<Self, ReplyError> {
        if reply.code() != ReplyCode::OK {
            let kind = ReplyErrorKind::NotEhlo { code: reply.code() };
            return Err(ReplyError::new(kind, 0));
        }
        let (first, rest) = split_line(reply.as_str(), reply.line_count().saturating_sub(1));
        let first = first.get(4..).unwrap_or_default();
        let (domain, greeting) = match first.bytes().position(|b| b == b' ') {
            Some(at) => (&first[..at], &first[at + 1..]),
            None => (first, ""),
        };
        let domain = Host::try_from(domain)
            .or_else(|e| Host::new_utf8(domain).map_err(|_| e))
            .map_err(|e| {
                let offset = 4 + e.offset();
                ReplyError::new(ReplyErrorKind::EhloDomain(e), offset)
            })?;
        Ok(Self {
            reply,
            domain,
            greeting,
            rest,
        })
    }

    /// The reply underneath.
    pub const fn reply(&self) -> &ReplyView<'a> {
        &self.reply
    }

    /// The server's name for itself.
    pub const fn domain(&self) -> &Host<'a> {
        &self.domain
    }

    /// The free text after the domain, if any.
    pub fn greeting(&self) -> Option<Text<'a>> {
        (!self.greeting.is_empty()).then(|| text(self.greeting))
    }

    /// The capabilities, typed, in the server's order.
    pub fn capabilities(&self) -> Capabilities<'a> {
        Capabilities {
            lines: self.capability_lines(),
        }
    }

    /// The capability lines as received (after `250-`/`250 `), empty ones included.
    pub fn capability_lines(&self) -> CapabilityLines<'a> {
        CapabilityLines {
            rest: self.rest,
            remaining: self.reply.line_count().saturating_sub(1),
        }
    }

    /// Whether a capability with `probe`'s keyword is advertised (parameters
    /// ignored; see [`Capability::same_keyword`]).
    pub fn has(&self, probe: &Capability<'_>) -> bool {
        self.capabilities().any(|c| c.same_keyword(probe))
    }

    /// Whether ENHANCEDSTATUSCODES is advertised (RFC 2034).
    pub fn has_enhanced_status_codes(&self) -> bool {
        self.has(&Capability::EnhancedStatusCodes)
    }

    /// The owned protocol value (still borrowing the text; `into_static` for `'static`).
    pub fn to_ehlo(&self) -> EhloReply<'a> {
        let mut ehlo = EhloReply::new(self.domain.clone(), self.greeting());
        self.capabilities().for_each(|c| ehlo.push(c));
        ehlo
    }
}

impl<'a> ReplyView<'a> {
    /// The reply read as an EHLO reply, still borrowed.
    ///
    /// # Errors
    /// When the code is not 250 or the first line does not start with a domain.
    pub fn ehlo(&self) -> Result<EhloView<'a>, ReplyError> {
        EhloView::new(*self)
    }

    /// The reply as an owned [`EhloReply`] (borrowing its text).
    ///
    /// # Errors
    /// As [`ehlo`](Self::ehlo).
    pub fn to_ehlo(&self) -> Result<EhloReply<'a>, ReplyError> {
        self.ehlo().map(|e| e.to_ehlo())
    }
}

impl<'a> TryFrom<ReplyView<'a>> for EhloView<'a> {
    type Error = ReplyError;
    fn try_from(reply: ReplyView<'a>) -> Result<Self, ReplyError> {
        Self::new(reply)
    }
}

/// The capability lines of an [`EhloView`] as text, for keywords a caller
/// wants to read itself.
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::ReplyDecoder;
///
/// let Decoded::Complete { value: reply, .. } = ReplyDecoder::default().decode(b"250-mx\r\n250 XCLIENT NAME ADDR\r\n")? else { panic!() };
/// assert_eq!(reply.ehlo()?.capability_lines().collect::<Vec<_>>(), ["XCLIENT NAME ADDR"]);
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CapabilityLines<'a> {
    rest: &'a str,
    remaining: usize,
}

impl<'a> Iterator for CapabilityLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let (line, rest) = split_line(self.rest, self.remaining);
        self.rest = rest;
        Some(line.get(4..).unwrap_or_default())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for CapabilityLines<'_> {}
impl FusedIterator for CapabilityLines<'_> {}

/// The capabilities of an [`EhloView`], typed as they are read (nothing
/// is copied or allocated).
///
/// # Example
///
/// ```
/// use smtp_sansio_codec::Decoded;
/// use smtp_sansio_codec::reply::ReplyDecoder;
/// use smtp_sansio_codec::proto::Capability;
///
/// let Decoded::Complete { value: reply, .. } = ReplyDecoder::default().decode(b"250-mx\r\n250-8BITMIME\r\n250 DSN\r\n")? else { panic!() };
/// assert_eq!(reply.ehlo()?.capabilities().collect::<Vec<_>>(), [Capability::EightBitMime, Capability::Dsn]);
/// # Ok::<(), smtp_sansio_codec::reply::ReplyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Capabilities<'a> {
    lines: CapabilityLines<'a>,
}

impl<'a> Iterator for Capabilities<'a> {
    type Item = Capability<'a>;

    fn next(&mut self) -> Option<Capability<'a>> {
        self.lines.by_ref().find_map(capability)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.lines.size_hint().1)
    }
}

impl FusedIterator for Capabilities<'_> {}

/// Types one capability line through [`Capability::parse`], falling back
/// to [`Capability::Other`] for a known keyword whose parameters do not fit;
/// `None` for a line that is no `ehlo-line`. Trailing spaces (`250-SIZE `)
/// are ignored.
pub(crate) fn capability(line: &str) -> Option<Capability<'_>> {
    // Byte scans: `str` searches with a `char` pattern cost more than the
    // rest of this function on lines this short (callgrind).
    let end = line.bytes().rposition(|b| b != b' ').map_or(0, |at| at + 1);
    let line = &line[..end];
    Capability::parse(line).ok().or_else(|| {
        let (key, params) = match line.bytes().position(|b| b == b' ') {
            Some(at) => (&line[..at], Some(&line[at + 1..])),
            None => (line, None),
        };
        Some(Capability::Other {
            keyword: EsmtpKeyword::try_from(key).ok()?,
            params: match params {
                Some(p) => Some(EhloParams::try_from(p).ok()?),
                None => None,
            },
        })
    })
}
