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

mod composite {
    //! `Arbitrary` for the composite values, assembled from valid parts.

    use arbitrary::{Arbitrary, Result, Unstructured};

    use crate::{
        Body, ByMode, Capability, Command, DeliverBy, EhloReply, EnhancedStatusCode, MailParameter,
        MtPriority, Notify, NotifyConditions, Orcpt, ParameterKind, Parameters, RcptParameter,
        Reply, ReplyCode, Ret, Rrvs, RrvsMode,
    };

    fn incorrect<T, E>(r: core::result::Result<T, E>) -> Result<T> {
        r.map_err(|_| arbitrary::Error::IncorrectFormat)
    }

    impl<'u> Arbitrary<'u> for MailParameter<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            Ok(match u.int_in_range(0..=11)? {
                0 => Self::Size(u.arbitrary()?),
                1 => Self::Body(*u.choose(&[
                    Body::SevenBit,
                    Body::EightBitMime,
                    Body::BinaryMime,
                ])?),
                2 => Self::SmtpUtf8,
                3 => Self::Ret(*u.choose(&[Ret::Full, Ret::Hdrs])?),
                4 => Self::EnvId(u.arbitrary()?),
                5 => Self::Auth(u.arbitrary()?),
                6 => Self::RequireTls,
                7 => Self::MtPriority(incorrect(MtPriority::new(u.int_in_range(-9..=9)?))?),
                8 => Self::By(incorrect(DeliverBy::new(
                    u.int_in_range(-999_999_999..=999_999_999)?,
                    *u.choose(&[ByMode::Notify, ByMode::Return])?,
                    u.arbitrary()?,
                ))?),
                9 => Self::HoldFor(u.int_in_range(0..=999_999_999)?),
                10 => Self::HoldUntil(u.arbitrary()?),
                _ => Self::Other(u.arbitrary()?),
            })
        }
    }

    impl<'u> Arbitrary<'u> for RcptParameter<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            Ok(match u.int_in_range(0..=3)? {
                0 => Self::Notify(if u.ratio(1, 4)? {
                    Notify::Never
                } else {
                    let c = NotifyConditions::new(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?);
                    Notify::On(c.ok_or(arbitrary::Error::IncorrectFormat)?)
                }),
                1 => Self::Orcpt(Orcpt::rfc822(u.arbitrary()?)),
                2 => Self::Rrvs(Rrvs::new(
                    u.arbitrary()?,
                    *u.choose(&[None, Some(RrvsMode::Continue), Some(RrvsMode::Reject)])?,
                )),
                _ => Self::Other(u.arbitrary()?),
            })
        }
    }

    impl<'u, K> Arbitrary<'u> for Parameters<'_, K>
    where
        K: ParameterKind,
        for<'b> K::Item<'b>: Arbitrary<'u>,
    {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            let mut params = Parameters::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let item: K::Item<'_> = u.arbitrary()?;
                // A repeated keyword is simply skipped: the list stays valid.
                let _ = params.push(&item);
            }
            Ok(params)
        }
    }

    impl<'u> Arbitrary<'u> for Command<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            Ok(match u.int_in_range(0..=15)? {
                0 => Self::Helo {
                    domain: u.arbitrary()?,
                },
                1 => Self::Ehlo {
                    domain: u.arbitrary()?,
                },
                2 => Self::Lhlo {
                    domain: u.arbitrary()?,
                },
                3 => Self::Mail {
                    from: u.arbitrary()?,
                    parameters: u.arbitrary()?,
                },
                4 => Self::Rcpt {
                    to: u.arbitrary()?,
                    parameters: u.arbitrary()?,
                },
                5 => Self::Data,
                6 => Self::Bdat {
                    size: u.arbitrary()?,
                    last: u.arbitrary()?,
                },
                7 => Self::Rset,
                8 => Self::Vrfy {
                    target: u.arbitrary()?,
                },
                9 => Self::Expn {
                    list: u.arbitrary()?,
                },
                10 => Self::Help {
                    topic: u.arbitrary()?,
                },
                11 => Self::Noop {
                    argument: u.arbitrary()?,
                },
                12 => Self::Quit,
                13 => Self::StartTls,
                14 => Self::Auth {
                    mechanism: u.arbitrary()?,
                    initial_response: u.arbitrary()?,
                },
                _ => {
                    let arguments: Option<crate::Text<'_>> = u.arbitrary()?;
                    Self::Other {
                        verb: u.arbitrary()?,
                        arguments: arguments.filter(|a| !a.as_str().is_empty()),
                    }
                }
            })
        }
    }

    impl<'u> Arbitrary<'u> for Capability<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            Ok(match u.int_in_range(0..=21)? {
                0 => Self::Size(u.arbitrary()?),
                1 => Self::EightBitMime,
                2 => Self::Pipelining,
                3 => Self::Chunking,
                4 => Self::BinaryMime,
                5 => Self::SmtpUtf8,
                6 => Self::StartTls,
                7 => Self::Auth(u.arbitrary()?),
                8 => Self::AuthLegacy(u.arbitrary()?),
                9 => Self::Dsn,
                10 => Self::EnhancedStatusCodes,
                11 => Self::RequireTls,
                12 => Self::MtPriority(u.arbitrary()?),
                13 => Self::DeliverBy(u.arbitrary()?),
                14 => Self::FutureRelease {
                    max_interval: u.arbitrary()?,
                    max_datetime: u.arbitrary()?,
                },
                15 => Self::Rrvs,
                16 => Self::Limits(u.arbitrary()?),
                17 => Self::Vrfy,
                18 => Self::Expn,
                19 => Self::Etrn,
                20 => Self::Help,
                _ => Self::Other {
                    keyword: u.arbitrary()?,
                    params: u.arbitrary()?,
                },
            })
        }
    }

    impl<'u> Arbitrary<'u> for Reply<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            let code: ReplyCode = u.arbitrary()?;
            let enhanced: Option<EnhancedStatusCode> = u.arbitrary()?;
            let mut reply = match enhanced {
                Some(e) if code.get() / 100 != 3 => {
                    let class = u8::try_from(code.get() / 100)
                        .ok()
                        .and_then(crate::EnhancedClass::from_digit);
                    let e = incorrect(EnhancedStatusCode::new(
                        class.ok_or(arbitrary::Error::IncorrectFormat)?,
                        e.subject(),
                        e.detail(),
                    ))?;
                    incorrect(Reply::with_enhanced(code, e, u.arbitrary()?))?
                }
                _ => Reply::new(code, u.arbitrary()?),
            };
            for _ in 0..u.int_in_range(0..=4)? {
                reply.push_line(u.arbitrary()?);
            }
            Ok(reply)
        }
    }

    impl<'u> Arbitrary<'u> for EhloReply<'_> {
        fn arbitrary(u: &mut Unstructured<'u>) -> Result<Self> {
            let mut reply = EhloReply::new(u.arbitrary()?, u.arbitrary()?);
            for _ in 0..u.int_in_range(0..=8)? {
                reply.push(u.arbitrary()?);
            }
            Ok(reply)
        }
    }
}
