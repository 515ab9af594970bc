//! Whether a validator accepts non-ASCII UTF-8 (RFC 6531, SMTPUTF8).

/// The character repertoire a validator accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    /// RFC 5321 ASCII only; the default of every `TryFrom`.
    Ascii,
    /// RFC 6531: UTF-8 beyond ASCII is allowed where the grammar says `UTF8-non-ascii`.
    Utf8,
}

impl Charset {
    /// Whether the non-ASCII character starting at a byte may appear in an
    /// address under this charset. Controls and separators never may.
    pub(crate) fn allows(self, c: char) -> bool {
        self == Self::Utf8 && !c.is_ascii() && !c.is_control() && !c.is_whitespace()
    }
}
