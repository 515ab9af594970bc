//! Candidate text for the `Arbitrary` impls. Each generator draws from the
//! type's alphabet; the impls then pass the text through `TryFrom`, so only
//! valid values come out.

use alloc::format;
use alloc::string::String;

use arbitrary::{Result, Unstructured};

const LOWER_DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const ATEXT: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
const PRINTABLE: &[u8] =
    b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// `min..=max` characters from `alphabet`.
fn from_alphabet(
    u: &mut Unstructured<'_>,
    alphabet: &[u8],
    min: usize,
    max: usize,
) -> Result<String> {
    let len = u.int_in_range(min..=max)?;
    (0..len)
        .map(|_| u.choose(alphabet).map(|&b| char::from(b)))
        .collect()
}

pub(crate) fn domain(u: &mut Unstructured<'_>) -> Result<String> {
    let labels = u.int_in_range(1..=3)?;
    let mut out = String::new();
    for i in 0..labels {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&from_alphabet(u, LOWER_DIGITS, 1, 10)?);
    }
    Ok(out)
}

pub(crate) fn local_part(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 4)? {
        let inner: String = from_alphabet(u, PRINTABLE, 0, 20)?
            .chars()
            .flat_map(|c| {
                (c == '"' || c == '\\')
                    .then_some('\\')
                    .into_iter()
                    .chain([c])
            })
            .collect();
        Ok(format!("\"{inner}\""))
    } else {
        from_alphabet(u, ATEXT, 1, 20)
    }
}

pub(crate) fn source_route(u: &mut Unstructured<'_>) -> Result<String> {
    let hops = u.int_in_range(1..=2)?;
    let mut out = String::new();
    for i in 0..hops {
        if i > 0 {
            out.push(',');
        }
        out.push('@');
        out.push_str(&domain(u)?);
    }
    Ok(out)
}

pub(crate) fn address_literal(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=2)? {
        0 => format!("[{}]", core::net::Ipv4Addr::from(u.arbitrary::<u32>()?)),
        1 => format!(
            "[IPv6:{}]",
            core::net::Ipv6Addr::from(u.arbitrary::<u128>()?)
        ),
        _ => format!(
            "[x-{}:{}]",
            from_alphabet(u, LOWER_DIGITS, 1, 5)?,
            from_alphabet(u, LOWER_DIGITS, 1, 10)?
        ),
    })
}

pub(crate) fn xtext(u: &mut Unstructured<'_>) -> Result<String> {
    let raw: alloc::vec::Vec<u8> = u.arbitrary()?;
    Ok(String::from(
        crate::XText::encode(&raw[..raw.len().min(30)]).as_str(),
    ))
}

pub(crate) fn keyword(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(format!(
        "X-{}",
        from_alphabet(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", 1, 10)?.trim_end_matches('-')
    ))
}

pub(crate) fn esmtp_value(u: &mut Unstructured<'_>) -> Result<String> {
    from_alphabet(u, &ATEXT[..ATEXT.len() - 12], 1, 20)
}

pub(crate) fn mechanism(u: &mut Unstructured<'_>) -> Result<String> {
    from_alphabet(u, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 1, 20)
}

pub(crate) fn mechanisms(u: &mut Unstructured<'_>) -> Result<String> {
    let n = u.int_in_range(1..=4)?;
    let list: Result<alloc::vec::Vec<String>> = (0..n).map(|_| mechanism(u)).collect();
    Ok(list?.join(" "))
}

pub(crate) fn base64(u: &mut Unstructured<'_>) -> Result<String> {
    let groups = u.int_in_range(1..=8)?;
    let mut out = from_alphabet(
        u,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        groups * 4,
        groups * 4,
    )?;
    let pad = u.int_in_range(0..=2)?;
    out.truncate(out.len() - pad);
    out.push_str(&"=".repeat(pad));
    Ok(out)
}

pub(crate) fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let t = from_alphabet(u, PRINTABLE, 0, 60)?;
    Ok(String::from(t.trim()))
}

pub(crate) fn atom(u: &mut Unstructured<'_>) -> Result<String> {
    from_alphabet(u, ATEXT, 1, 20)
}

pub(crate) fn timestamp(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        u.int_in_range(1970..=2099)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
        u.int_in_range(0..=23)?,
        u.int_in_range(0..=59)?,
        u.int_in_range(0..=59)?
    ))
}

pub(crate) fn ehlo_params(u: &mut Unstructured<'_>) -> Result<String> {
    let n = u.int_in_range(1..=3)?;
    let list: Result<alloc::vec::Vec<String>> = (0..n)
        .map(|_| from_alphabet(u, &PRINTABLE[1..], 1, 10))
        .collect();
    Ok(list?.join(" "))
}

pub(crate) fn limits(u: &mut Unstructured<'_>) -> Result<String> {
    let n = u.int_in_range(1..=3)?;
    let list: Result<alloc::vec::Vec<String>> = (0..n)
        .map(|i| Ok(format!("L{i}X={}", u.int_in_range(0..=100_000u32)?)))
        .collect();
    Ok(list?.join(" "))
}
