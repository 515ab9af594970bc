//! Properties over every valid value: built by the `arbitrary` feature (which
//! goes through `TryFrom`), they survive `into_owned`, serde, and a trip
//! through their own wire text.
#![cfg(all(feature = "arbitrary", feature = "serde"))]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use smtp_sansio_proto::IntoStatic;
use smtp_sansio_proto::{
    AddressLiteral, Capability, Command, Domain, EhloReply, ForwardPath, Host, LocalPart,
    MailParameters, Mailbox, RcptParameters, Reply, ReversePath, Timestamp, XText, wire::Wire,
};

/// Builds a `T` from fuzz-like bytes, or `None` when the bytes run short.
fn build<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    T::arbitrary(&mut Unstructured::new(bytes)).ok()
}

fn wire<W: Wire>(value: &W) -> String {
    let mut out = String::new();
    value.write_to(&mut out);
    out
}

macro_rules! roundtrips {
    ($($test:ident: $ty:ty, reparse = $reparse:expr;)*) => {$(
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            #[test]
            fn $test(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
                let Some(value) = build::<$ty>(&bytes) else { return Ok(()); };
                // into_owned keeps the value.
                prop_assert_eq!(&value.clone().into_static(), &value);
                // serde keeps the value.
                let json = serde_json::to_string(&value).unwrap();
                let back: $ty = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(&back, &value);
                // The wire text validates back to the same value.
                let reparse: Option<fn(&str) -> $ty> = $reparse;
                if let Some(reparse) = reparse {
                    let text = wire(&value);
                    let again = reparse(&text);
                    prop_assert_eq!(&again, &value);
                }
            }
        }
    )*};
}

roundtrips! {
    domain: Domain<'static>, reparse = Some(|t| Domain::try_from(t).unwrap().into_static());
    local_part: LocalPart<'static>, reparse = Some(|t| LocalPart::try_from(t).unwrap().into_static());
    address_literal: AddressLiteral<'static>, reparse = Some(|t| AddressLiteral::try_from(t).unwrap().into_static());
    host: Host<'static>, reparse = Some(|t| Host::try_from(t).unwrap().into_static());
    mailbox: Mailbox<'static>, reparse = Some(|t| Mailbox::try_from(t).unwrap().into_static());
    reverse_path: ReversePath<'static>, reparse = Some(|t| ReversePath::try_from(t).unwrap().into_static());
    forward_path: ForwardPath<'static>, reparse = Some(|t| ForwardPath::try_from(t).unwrap().into_static());
    xtext: XText<'static>, reparse = Some(|t| XText::try_from(t).unwrap().into_static());
    timestamp: Timestamp<'static>, reparse = Some(|t| Timestamp::try_from(t).unwrap().into_static());
    mail_parameters: MailParameters<'static>, reparse = Some(|t| MailParameters::try_from(t).unwrap().into_static());
    rcpt_parameters: RcptParameters<'static>, reparse = Some(|t| RcptParameters::try_from(t).unwrap().into_static());
    capability: Capability<'static>, reparse = Some(|t| Capability::try_from(t).unwrap().into_static());
    command: Command<'static>, reparse = None;
    reply: Reply<'static>, reparse = None;
    ehlo_reply: EhloReply<'static>, reparse = None;
}

proptest! {
    /// xtext encoding is lossless for any bytes, and its output always validates.
    #[test]
    fn xtext_encode_decode(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let x = XText::encode(&bytes);
        prop_assert!(XText::try_from(x.as_str()).is_ok());
        prop_assert_eq!(&*x.decode(), &bytes[..]);
    }

    /// No validated text type accepts CR, LF or NUL anywhere.
    #[test]
    fn no_constructor_accepts_line_breaks(
        prefix in "[a-z]{0,8}", bad in prop::sample::select(vec!["\r", "\n", "\0"]), suffix in "[a-z]{0,8}",
    ) {
        let text = format!("{prefix}{bad}{suffix}");
        prop_assert!(Domain::try_from(text.as_str()).is_err());
        prop_assert!(LocalPart::try_from(text.as_str()).is_err());
        prop_assert!(smtp_sansio_proto::Text::try_from(text.as_str()).is_err());
        prop_assert!(Capability::try_from(text.as_str()).is_err());
        prop_assert!(MailParameters::try_from(text.as_str()).is_err());
        let address = text.clone() + "@example.com";
        prop_assert!(Mailbox::try_from(address.as_str()).is_err());
    }
}

#[test]
fn utf8_addresses_survive_serde() {
    let path = ReversePath::new_utf8("<jöhn@bücher.example>").unwrap();
    let json = serde_json::to_string(&path).unwrap();
    assert_eq!(json, "\"<jöhn@bücher.example>\"");
    let back: ReversePath<'_> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, path);
    let bad: Result<ReversePath<'_>, _> = serde_json::from_str("\"<a@b\\r\\n>\"");
    assert!(bad.is_err());
}

#[test]
fn serde_refuses_values_that_break_an_invariant() {
    let reply = r#"{"code":250,"enhanced":"5.1.1","lines":["x"]}"#;
    assert!(serde_json::from_str::<Reply<'_>>(reply).is_err());
    let reply = r#"{"code":250,"enhanced":null,"lines":[]}"#;
    assert!(serde_json::from_str::<Reply<'_>>(reply).is_err());
    assert!(serde_json::from_str::<smtp_sansio_proto::MtPriority>("10").is_err());
    assert!(
        serde_json::from_str::<smtp_sansio_proto::NotifyConditions>(
            r#"{"success":false,"failure":false,"delay":false}"#
        )
        .is_err()
    );
}

/// Feeds `text` to every constructor; none may panic, whatever the input.
fn every_constructor(text: &str) {
    let _ = Domain::try_from(text);
    let _ = Domain::new_utf8(text);
    let _ = LocalPart::try_from(text);
    let _ = LocalPart::new_utf8(text);
    let _ = AddressLiteral::try_from(text);
    let _ = Host::try_from(text);
    let _ = Mailbox::try_from(text);
    let _ = Mailbox::new_utf8(text);
    let _ = ReversePath::try_from(text);
    let _ = ReversePath::new_utf8(text);
    let _ = ForwardPath::try_from(text);
    let _ = ForwardPath::new_utf8(text);
    let _ = XText::try_from(text).map(|x| x.decode().into_owned());
    let _ = Timestamp::try_from(text);
    let _ = MailParameters::try_from(text).map(|p| p.iter().count());
    let _ = RcptParameters::try_from(text).map(|p| p.iter().count());
    let _ = Capability::try_from(text);
    let _ = smtp_sansio_proto::ReplyCode::try_from(text);
    let _ = smtp_sansio_proto::EnhancedStatusCode::try_from(text);
    let _ = smtp_sansio_proto::InitialResponse::try_from(text);
    let _ = smtp_sansio_proto::SmtpString::try_from(text);
    let _ = smtp_sansio_proto::Text::try_from(text);
    let _ = smtp_sansio_proto::catalogue::explain(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]
    /// Any Unicode text.
    #[test]
    fn constructors_never_panic_on_any_text(text in any::<String>()) {
        every_constructor(&text);
    }

    /// Text made of the grammar's own punctuation, where edge cases live.
    #[test]
    fn constructors_never_panic_on_smtp_like_text(text in r#"[<>@\[\]:.,;="+\\a-fA-F0-9 IPv6xTZ-]{0,40}"#) {
        every_constructor(&text);
    }
}

#[test]
fn orcpt_travels_as_its_wire_value() {
    let params = RcptParameters::try_from("ORCPT=rfc822;a+40b.c").unwrap();
    let Some(smtp_sansio_proto::RcptParameter::Orcpt(orcpt)) = params.iter().next() else {
        panic!("no ORCPT")
    };
    let json = serde_json::to_string(&orcpt).unwrap();
    assert_eq!(json, "\"rfc822;a+40b.c\"");
    assert_eq!(
        serde_json::from_str::<smtp_sansio_proto::Orcpt<'_>>(&json).unwrap(),
        orcpt
    );
    assert!(serde_json::from_str::<smtp_sansio_proto::Orcpt<'_>>("\"rfc822;a+2b\"").is_err());
}
