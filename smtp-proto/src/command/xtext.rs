//! `XText`: the RFC 3461 §4 encoding of ENVID, ORCPT and AUTH= values.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::chars;
use crate::error::{Rule, ValidationError, ValueKind, fail};

validated_str! {
    /// `xtext = *( xchar / hexchar )`, `hexchar = "+" 2(%x30-39 / %x41-46)`,
    /// kept in its encoded form.
    ///
    /// # Example
    ///
    /// ```
    /// use smtp_sansio_proto::XText;
    ///
    /// let x = XText::encode(b"a+b=c");
    /// assert_eq!(x.as_str(), "a+2Bb+3Dc");
    /// assert_eq!(&*x.decode(), b"a+b=c");
    /// assert!(XText::try_from("a+2b").is_err()); // hex must be uppercase
    /// ```
    XText, validate = validate, arbitrary = crate::arbitrary_support::xtext
}

impl XText<'_> {
    /// Encodes any bytes: printable ASCII other than `+` and `=` stays, the rest becomes `+HH`.
    pub fn encode(bytes: &[u8]) -> XText<'static> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut out = String::with_capacity(bytes.len());
        for &b in bytes {
            if chars::is_xchar(b) {
                out.push(char::from(b));
            } else {
                out.push('+');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        XText(Cow::Owned(out))
    }

    /// The bytes the text stands for; borrowed when it holds no `+` escape.
    pub fn decode(&self) -> Cow<'_, [u8]> {
        let bytes = self.0.as_bytes();
        if !bytes.contains(&b'+') {
            return Cow::Borrowed(bytes);
        }
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'+' {
                // Validated: two uppercase hex digits follow every '+'.
                out.push(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        Cow::Owned(out)
    }
}

const fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        _ => b - b'A' + 10,
    }
}

const fn is_upper_hex(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'F')
}

fn validate(text: &str) -> Result<(), ValidationError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // The common octet first: one table test.
        if chars::is_xchar(b) {
            i += 1;
        } else if b == b'+' {
            let pair = bytes.get(i + 1..i + 3);
            if !pair.is_some_and(|p| is_upper_hex(p[0]) && is_upper_hex(p[1])) {
                return fail(ValueKind::XText, Rule::InvalidHexEscape, i);
            }
            i += 3;
        } else {
            return fail(ValueKind::XText, Rule::UnexpectedByte(b), i);
        }
    }
    Ok(())
}
