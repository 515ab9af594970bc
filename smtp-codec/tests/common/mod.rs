//! Inputs several test files share.

/// The SMTP smuggling sequences (2023) of the DATA issue: none of them may
/// end a message, in any bare-LF policy.
pub(crate) const SMUGGLING: [&[u8]; 10] = [
    b"\n.\n",
    b"\r.\r",
    b"\r.\n",
    b"\n.\r",
    b"\n.\r\n",
    b"\r\n.\n",
    b"\r.\r\n",
    b"\r\n.\r",
    b"\r\n.\r\r\n",
    b"\r\n\x00.\r\n",
];
