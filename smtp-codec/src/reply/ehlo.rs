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
        Self::of(&reply)
    }

    /// [`new`](Self::new) reading the view in place and copying it last: a
    /// view just returned by the decoder, copied at once, was read back
    /// with wider loads than it was written with, which the store buffer
    /// cannot forward (`ReplyView::ehlo`, straight after `decode`).
    fn of(reply: &ReplyView<'a>) -> Result<Self, ReplyError> {
        if reply.code() != ReplyCode::OK {
            let kind = ReplyErrorKind::NotEhlo { code: reply.code() };
            return Err(ReplyError::new(kind, 0));
        }
        let (first, rest) = reply.split_first();
        // `memchr`, not a byte loop: 31 instructions fewer on the benchmarks'
        // `mx.example.com at your service` (callgrind).
        let (domain, greeting) = match memchr::memchr(b' ', first.as_bytes()) {
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
            reply: *reply,
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
            rest: self.rest,
            remaining: self.reply.line_count().saturating_sub(1),
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
        EhloView::of(self)
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
///
/// Each line is typed where it sits ([`Capability::parse_line`]): the pass
/// that checks a keyword, `SIZE` or `AUTH` line also finds its end, so
/// the common lines are read once.
#[derive(Clone, Debug)]
pub struct Capabilities<'a> {
    /// The lines not read yet, in wire form (`250-...` CRLF).
    rest: &'a str,
    remaining: usize,
}

impl<'a> Iterator for Capabilities<'a> {
    type Item = Capability<'a>;

    #[inline]
    fn next(&mut self) -> Option<Capability<'a>> {
        while self.remaining > 0 {
            self.remaining -= 1;
            // The decoder checked every line: a code, then SP or `-` and
            // text, or the line end at once (`250` CRLF).
            let bytes = self.rest.as_bytes();
            let text = match bytes.get(3) {
                Some(b' ' | b'-') => &self.rest[4..],
                _ => self.rest.get(3..).unwrap_or_default(),
            };
            let (len, parsed) = Capability::parse_line(text);
            let line = &text[..len];
            let after = &text[len..];
            self.rest = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix('\n'))
                .unwrap_or(after);
            // Trailing spaces (`250-SIZE `) fail the strict parse; the
            // lenient reading ignores them.
            let found = match parsed {
                Ok(cap) => Some(cap),
                Err(_) => capability(line),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.remaining))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Decoded;
    use crate::reply::{ReplyDecoder, ReplyOptions};
    use proptest::prelude::*;

    /// Capability lines: known and unknown keywords, parameters that fit
    /// or not, trailing spaces, tabs, empty text and a bare code.
    fn line() -> impl Strategy<Value = String> {
        let text = prop_oneof![
            Just(String::new()),
            prop::sample::select(vec![
                "8BITMIME",
                "PIPELINING",
                "DSN",
                "STARTTLS",
                "SIZE",
                "SIZE 35882577",
                "SIZE 123 ",
                "SIZE x",
                "AUTH PLAIN LOGIN",
                "AUTH PLAIN  LOGIN",
                "AUTH pl@in",
                "AUTH=LOGIN PLAIN",
                "AUTH",
                "HELP",
                "HELP me",
                "XCLIENT NAME ADDR",
                "X-FOO\tbar",
                "DSN ",
                "ENHANCEDSTATUSCODES",
                "LIMITS RCPTMAX=10",
                "-X",
                "size 0",
                "8bitmime",
                "AUTH ABCDEFGHIJKLMNOPQRSTU",
                "é",
                "MT-PRIORITY MIXER",
            ])
            .prop_map(String::from),
            "[A-Za-z0-9= -]{0,16}",
        ];
        (text, any::<bool>())
            .prop_map(|(t, bare)| if bare && t.is_empty() { "\0".into() } else { t })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn capabilities_type_each_capability_line(
            lines in prop::collection::vec(line(), 0..8),
            lf in any::<bool>(),
        ) {
            let end = if lf { "\n" } else { "\r\n" };
            let mut input = format!("250{}mx.example.com hi{end}", if lines.is_empty() { ' ' } else { '-' });
            for (i, l) in lines.iter().enumerate() {
                let sep = if i + 1 == lines.len() { ' ' } else { '-' };
                // "\0" stands for a line that is the code alone.
                if l == "\0" && sep == ' ' {
                    input.push_str("250");
                    input.push_str(end);
                } else {
                    let l = if l == "\0" { "" } else { l };
                    input.extend(["250", if sep == ' ' { " " } else { "-" }, l, end]);
                }
            }
            let options = ReplyOptions::default().with_bare_lf(lf);
            let Ok(Decoded::Complete { value, .. }) = ReplyDecoder::new(options).decode(input.as_bytes()) else {
                return Err(TestCaseError::fail(format!("{input:?} does not decode")));
            };
            let ehlo = value.ehlo().unwrap();
            let want: Vec<_> = ehlo.capability_lines().filter_map(capability).collect();
            prop_assert_eq!(ehlo.capabilities().collect::<Vec<_>>(), want);
        }
    }
}
