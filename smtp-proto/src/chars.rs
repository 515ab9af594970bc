//! Byte classes of the RFC 5321, 3461 and 4954 grammars.
//!
//! Shared by the validators here and by the parser in `smtp-sansio-codec`, so the
//! alphabet of every token is written down exactly once.
//!
//! ```
//! use smtp_sansio_proto::chars;
//! assert!(chars::is_atext(b'+'));
//! assert!(!chars::is_atext(b'@'));
//! assert!(chars::is_xchar(b'a') && !chars::is_xchar(b'+'));
//! ```

/// `ALPHA / DIGIT`.
pub const fn is_let_dig(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `ALPHA / DIGIT / "-"` (the inside of an `Ldh-str`).
pub const fn is_ldh(b: u8) -> bool {
    CLASS[b as usize] & LDH != 0
}

/// RFC 5322 `atext`: the characters of an unquoted local part.
pub const fn is_atext(b: u8) -> bool {
    CLASS[b as usize] & ATEXT != 0
}

/// The classes scanned over whole domains, local parts and SASL mechanism
/// lists and xtext, as one table: a load and a test per octet instead of a chain of
/// range compares (callgrind: half of a domain check, and of an EHLO
/// keyword scan).
const CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut octet: u8 = 0;
    loop {
        if ldh_rule(octet) {
            table[octet as usize] |= LDH;
        }
        if atext_rule(octet) {
            table[octet as usize] |= ATEXT;
        }
        if mech_rule(octet) {
            table[octet as usize] |= MECH;
        }
        if xchar_rule(octet) {
            table[octet as usize] |= XCHAR;
        }
        if octet == u8::MAX {
            break;
        }
        octet += 1;
    }
    table
};
const LDH: u8 = 1;
const ATEXT: u8 = 2;
const MECH: u8 = 4;
const XCHAR: u8 = 8;

const fn ldh_rule(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

const fn atext_rule(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

/// `qtextSMTP = %d32-33 / %d35-91 / %d93-126`: a quoted-string character
/// that needs no backslash.
pub const fn is_qtext_smtp(b: u8) -> bool {
    matches!(b, 32..=33 | 35..=91 | 93..=126)
}

/// `%d32-126`: what may follow a backslash in `quoted-pairSMTP`.
pub const fn is_quoted_pair_char(b: u8) -> bool {
    matches!(b, 32..=126)
}

/// RFC 3461 `xchar = %d33-42 / %d44-60 / %d62-126`: printable ASCII except `+` and `=`.
pub const fn is_xchar(b: u8) -> bool {
    CLASS[b as usize] & XCHAR != 0
}

const fn xchar_rule(b: u8) -> bool {
    matches!(b, 33..=42 | 44..=60 | 62..=126)
}

/// `esmtp-value` characters: `%d33-60 / %d62-126`, printable ASCII except `=`.
pub const fn is_esmtp_value_char(b: u8) -> bool {
    matches!(b, 33..=60 | 62..=126)
}

/// `dcontent = %d33-90 / %d94-126`: the content of a general address literal.
pub const fn is_dcontent(b: u8) -> bool {
    matches!(b, 33..=90 | 94..=126)
}

/// RFC 4954 / RFC 4422 `mech-char`: uppercase letters, digits, `-` and `_`.
/// Lowercase letters are accepted too, since mechanism names compare without case.
pub const fn is_mech_char(b: u8) -> bool {
    CLASS[b as usize] & MECH != 0
}

const fn mech_rule(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `textstring` characters of a reply line: HTAB and `%d32-126`.
pub const fn is_text_char(b: u8) -> bool {
    b == b'\t' || matches!(b, 32..=126)
}

/// The base64 alphabet of RFC 4648 §4 (without the `=` pad).
pub const fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_agree_with_the_rules_for_every_octet() {
        for b in 0..=u8::MAX {
            assert_eq!(is_ldh(b), ldh_rule(b), "{b}");
            assert_eq!(is_atext(b), atext_rule(b), "{b}");
            assert_eq!(is_mech_char(b), mech_rule(b), "{b}");
            assert_eq!(is_xchar(b), xchar_rule(b), "{b}");
        }
        assert!(is_xchar(b'!') && is_xchar(b'~') && !is_xchar(b'+') && !is_xchar(b'='));
        assert!(is_ldh(b'-') && is_ldh(b'Z') && !is_ldh(b'.') && !is_ldh(0xC3));
        assert!(is_atext(b'~') && !is_atext(b'@') && !is_atext(b'.'));
    }
}
