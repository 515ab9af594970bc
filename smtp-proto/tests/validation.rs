//! Every validated newtype accepts the RFCs' examples and refuses what the
//! grammar forbids, naming the rule and the byte.

use smtp_sansio_proto::{
    AddressLiteral, AuthMechanism, Capability, Domain, EhloReply, EnhancedStatusCode, EsmtpKeyword,
    EsmtpValue, ForwardPath, Host, InitialResponse, LocalPart, MailParameter, MailParameters,
    Mailbox, MtPriority, Notify, RcptParameter, RcptParameters, Reply, ReplyCode, ReversePath,
    Rule, Secret, SmtpString, Text, Timestamp, ValidationError, XText, wire::Wire,
};

fn rule<T: std::fmt::Debug>(r: Result<T, ValidationError>) -> (Rule, usize) {
    let e = r.expect_err("must be refused");
    (e.rule().clone(), e.offset())
}

#[test]
fn control_characters_are_refused_by_every_text_type() {
    for bad in ["a\rb", "a\nb", "a\0b"] {
        let byte = bad.as_bytes()[1];
        let expect = (Rule::UnexpectedByte(byte), 1);
        assert_eq!(rule(Domain::try_from(bad)), expect, "Domain {bad:?}");
        assert_eq!(rule(LocalPart::try_from(bad)), expect, "LocalPart {bad:?}");
        assert_eq!(rule(XText::try_from(bad)), expect, "XText {bad:?}");
        assert_eq!(
            rule(EsmtpKeyword::try_from(bad)),
            expect,
            "EsmtpKeyword {bad:?}"
        );
        assert_eq!(
            rule(EsmtpValue::try_from(bad)),
            expect,
            "EsmtpValue {bad:?}"
        );
        assert_eq!(
            rule(AuthMechanism::try_from(bad)),
            expect,
            "AuthMechanism {bad:?}"
        );
        assert_eq!(rule(Text::try_from(bad)), expect, "Text {bad:?}");
        assert_eq!(
            rule(SmtpString::try_from(bad)),
            expect,
            "SmtpString {bad:?}"
        );
        assert_eq!(
            rule(Mailbox::try_from(format!("{bad}@x.example"))),
            expect,
            "Mailbox {bad:?}"
        );
        assert_eq!(
            rule(ReversePath::try_from(format!("<x@{bad}>"))).0,
            Rule::UnexpectedByte(byte)
        );
        assert_eq!(
            rule(Capability::try_from(bad)).0,
            Rule::UnexpectedByte(byte)
        );
    }
    let quoted = rule(LocalPart::try_from("\"a\r\nb\""));
    assert_eq!(quoted, (Rule::UnexpectedByte(b'\r'), 2));
}

#[test]
fn domains() {
    for ok in [
        "example.com",
        "a",
        "1.2.3.example",
        "xn--bcher-kva.example",
        "a-b.c-d",
    ] {
        assert_eq!(Domain::try_from(ok).unwrap().as_str(), ok);
    }
    let label64 = format!("{}.example", "a".repeat(64));
    assert_eq!(
        rule(Domain::try_from(label64.as_str())),
        (Rule::LabelTooLong, 63)
    );
    let long = vec!["a".repeat(63); 4].join(".") + ".ab"; // 258 octets
    assert!(long.len() > 255);
    assert_eq!(
        rule(Domain::try_from(long.as_str())),
        (Rule::TooLong { limit: 255 }, 255)
    );
    let exact = [
        &*"a".repeat(63),
        &"b".repeat(63),
        &"c".repeat(63),
        &"d".repeat(63),
    ]
    .join(".");
    assert_eq!(exact.len(), 255);
    assert!(Domain::try_from(exact.as_str()).is_ok());
    assert_eq!(rule(Domain::try_from("a..b")), (Rule::EmptyLabel, 2));
    assert_eq!(rule(Domain::try_from("a.")), (Rule::EmptyLabel, 2));
    assert_eq!(rule(Domain::try_from("a.-b")), (Rule::HyphenAtLabelEdge, 2));
    assert_eq!(rule(Domain::try_from("a-.b")), (Rule::HyphenAtLabelEdge, 1));
    assert_eq!(rule(Domain::try_from("")), (Rule::Empty, 0));
    assert_eq!(
        rule(Domain::try_from("bücher.example")),
        (Rule::NonAscii, 1)
    );
    assert!(Domain::new_utf8("bücher.example").is_ok());
    assert!(Domain::new_utf8("b\u{a0}r.example").is_err());
}

#[test]
fn address_literals() {
    for ok in [
        "[192.0.2.1]",
        "[IPv6:2001:db8::1]",
        "[IPv6:::1]",
        "[IPv6:::ffff:192.0.2.1]",
        "[IPv6:1:2:3:4:5:6:7:8]",
        "[IPv6:1:2:3:4:5:6:192.0.2.1]",
        "[x-tag:some-content]",
    ] {
        let lit = AddressLiteral::try_from(ok).unwrap();
        assert_eq!(lit.to_string(), ok);
    }
    assert_eq!(
        rule(AddressLiteral::try_from("[IPv6:1::2::3]")),
        (Rule::InvalidIpv6, 6)
    );
    assert_eq!(
        rule(AddressLiteral::try_from("[IPv6:12345::]")),
        (Rule::InvalidIpv6, 6)
    );
    assert_eq!(
        rule(AddressLiteral::try_from("[256.0.0.1]")).0,
        Rule::InvalidIpv4
    );
    assert_eq!(
        rule(AddressLiteral::try_from("[192.0.2.1")).0,
        Rule::Expected("']'")
    );
    assert_eq!(
        rule(AddressLiteral::try_from("[-x:y]")).0,
        Rule::HyphenAtLabelEdge
    );
    assert_eq!(
        rule(AddressLiteral::try_from("[x:a[b]")).0,
        Rule::UnexpectedByte(b'[')
    );
    let general = AddressLiteral::try_from("[x-tag:some-content]").unwrap();
    assert_eq!(general.general(), Some(("x-tag", "some-content")));
    assert_eq!(general.ip(), None);
}

#[test]
fn local_parts() {
    for ok in [
        "john.smith",
        "a+tag",
        "!#$%&'*+-/=?^_`{|}~",
        "\"john smith\"",
        "\"a\\\"b\"",
        "\"\"",
    ] {
        assert_eq!(LocalPart::try_from(ok).unwrap().as_str(), ok);
    }
    assert_eq!(
        rule(LocalPart::try_from("a".repeat(65).as_str())),
        (Rule::TooLong { limit: 64 }, 64)
    );
    assert!(LocalPart::try_from("a".repeat(64).as_str()).is_ok());
    assert_eq!(
        rule(LocalPart::try_from("a..b")),
        (Rule::UnexpectedByte(b'.'), 2)
    );
    assert_eq!(
        rule(LocalPart::try_from(".a")),
        (Rule::UnexpectedByte(b'.'), 0)
    );
    assert_eq!(
        rule(LocalPart::try_from("a.")),
        (Rule::UnexpectedByte(b'.'), 1)
    );
    assert_eq!(
        rule(LocalPart::try_from("\"open")),
        (Rule::Expected("closing '\"'"), 5)
    );
    assert_eq!(
        rule(LocalPart::try_from("\"a\"b")),
        (Rule::UnexpectedByte(b'b'), 3)
    );
    assert_eq!(rule(LocalPart::try_from("jöhn")), (Rule::NonAscii, 1));
    assert!(LocalPart::new_utf8("jöhn").is_ok());
    assert_eq!(
        LocalPart::try_from("\"a\\\\b\"").unwrap().unquoted(),
        "a\\b"
    );
}

#[test]
fn mailboxes_and_paths() {
    let m = Mailbox::try_from("\"john smith\"@example.com").unwrap();
    assert!(m.local_part().is_quoted());
    assert_eq!(m.to_string(), "\"john smith\"@example.com");
    let m = Mailbox::try_from("\"a@b\"@example.com").unwrap();
    assert_eq!(m.local_part().unquoted(), "a@b");
    assert!(matches!(
        Mailbox::try_from("a@[192.0.2.1]").unwrap().host(),
        Host::Literal(_)
    ));
    assert_eq!(rule(Mailbox::try_from("a@")), (Rule::Empty, 2));
    assert_eq!(rule(Mailbox::try_from("ab")), (Rule::Expected("'@'"), 2));
    assert!(Mailbox::try_from("jöhn@bücher.example").is_err());
    assert!(Mailbox::new_utf8("jöhn@bücher.example").is_ok());

    assert_eq!(ReversePath::try_from("<>").unwrap(), ReversePath::Null);
    assert_eq!(
        ForwardPath::try_from("<postmaster>").unwrap(),
        ForwardPath::Postmaster
    );
    let pm_domain = ForwardPath::try_from("<Postmaster@example.com>").unwrap();
    assert!(matches!(pm_domain, ForwardPath::Path(_)));
    assert_eq!(
        rule(ReversePath::try_from("<a@b.c")),
        (Rule::Expected("'>'"), 6)
    );
    assert_eq!(
        rule(ReversePath::try_from("a@b.c>")),
        (Rule::Expected("'<'"), 0)
    );
    assert_eq!(
        rule(ReversePath::try_from("<>>>>")).0,
        Rule::Expected("'@'")
    );
    assert_eq!(
        rule(ForwardPath::try_from("<@a.example:>")),
        (Rule::Expected("'@'"), 12)
    );
    let long = format!(
        "<{}@{}.example>",
        "a".repeat(64),
        vec!["b".repeat(60); 3].join(".")
    );
    assert!(long.len() > 256);
    assert_eq!(
        rule(ForwardPath::try_from(long.as_str())),
        (Rule::TooLong { limit: 256 }, 256)
    );
    let routed = ReversePath::try_from("<@a.example,@b.example:u@c.example>").unwrap();
    assert_eq!(routed.to_string(), "<@a.example,@b.example:u@c.example>");
    let ReversePath::Path(path) = &routed else {
        panic!("not a path")
    };
    let hops: Vec<String> = path
        .route()
        .unwrap()
        .domains()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(hops, ["a.example", "b.example"]);
}

#[test]
fn xtext() {
    assert_eq!(&*XText::try_from("a+2Bb").unwrap().decode(), b"a+b");
    assert_eq!(rule(XText::try_from("a+2b")), (Rule::InvalidHexEscape, 1));
    assert_eq!(rule(XText::try_from("a+2")), (Rule::InvalidHexEscape, 1));
    assert_eq!(
        rule(XText::try_from("a=b")),
        (Rule::UnexpectedByte(b'='), 1)
    );
    assert_eq!(
        rule(XText::try_from("a b")),
        (Rule::UnexpectedByte(b' '), 1)
    );
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(&*XText::encode(&all).decode(), &all[..]);
}

#[test]
fn mail_parameters() {
    let p = MailParameters::try_from(
        "SIZE=1000 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159 AUTH=<> REQUIRETLS",
    )
    .unwrap();
    assert_eq!(p.len(), 7);
    assert_eq!(p.size(), Some(1000));
    assert!(p.smtputf8());
    let p =
        MailParameters::try_from("MT-PRIORITY=-9 BY=120;RT HOLDFOR=60 X-FOO=bar X-BARE").unwrap();
    let items: Vec<_> = p.iter().collect();
    assert_eq!(
        items[0],
        MailParameter::MtPriority(MtPriority::new(-9).unwrap())
    );
    assert!(
        matches!(&items[3], MailParameter::Other(p) if p.keyword.as_str() == "X-FOO" && p.value.as_ref().map(smtp_sansio_proto::EsmtpValue::as_str) == Some("bar"))
    );
    assert!(matches!(
        &items[4],
        MailParameter::Other(p) if p.value.is_none()
    ));
    assert_eq!(
        p.to_string(),
        "MT-PRIORITY=-9 BY=120;RT HOLDFOR=60 X-FOO=bar X-BARE"
    );

    assert_eq!(
        rule(MailParameters::try_from("MT-PRIORITY=10")),
        (Rule::OutOfRange { min: -9, max: 9 }, 12)
    );
    assert_eq!(
        rule(MailParameters::try_from("SIZE=abc")),
        (Rule::UnexpectedByte(b'a'), 5)
    );
    assert_eq!(
        rule(MailParameters::try_from("SIZE=99999999999999999999")),
        (Rule::Overflow, 5)
    );
    assert_eq!(
        rule(MailParameters::try_from("SIZE=1 SIZE=2")),
        (Rule::Duplicate, 7)
    );
    assert_eq!(
        rule(MailParameters::try_from("size=1 SIZE=2")),
        (Rule::Duplicate, 7)
    );
    assert_eq!(
        rule(MailParameters::try_from("BODY=9BIT")),
        (Rule::UnsupportedValue, 5)
    );
    assert_eq!(
        rule(MailParameters::try_from("SIZE")),
        (Rule::ValueMismatch, 0)
    );
    assert_eq!(
        rule(MailParameters::try_from("SMTPUTF8=yes")),
        (Rule::ValueMismatch, 0)
    );
    assert_eq!(
        rule(MailParameters::try_from("SIZE=1  BODY=7BIT")).0,
        Rule::Expected("one parameter after each space")
    );
    assert_eq!(
        rule(MailParameters::try_from("ENVID=a+2b")),
        (Rule::InvalidHexEscape, 7)
    );
    assert_eq!(
        rule(MailParameters::try_from("HOLDUNTIL=2026-02-30T25:00:00Z")).0,
        Rule::OutOfRange { min: 0, max: 23 }
    );

    // `push` checks what it appends like every other constructor.
    let mut built = MailParameters::new();
    let empty_envid = MailParameter::EnvId(XText::try_from("").unwrap());
    assert_eq!(built.push(&empty_envid).unwrap_err().rule(), &Rule::Empty);
    built.push(&MailParameter::Size(5)).unwrap();
    built.push(&MailParameter::SmtpUtf8).unwrap();
    assert_eq!(
        built.push(&MailParameter::Size(6)).unwrap_err().rule(),
        &Rule::Duplicate
    );
    assert_eq!(built.to_string(), "SIZE=5 SMTPUTF8");
}

#[test]
fn rcpt_parameters() {
    let p = RcptParameters::try_from("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c").unwrap();
    let items: Vec<_> = p.iter().collect();
    let RcptParameter::Notify(Notify::On(c)) = items[0] else {
        panic!("{items:?}")
    };
    assert!(c.success() && c.failure() && !c.delay());
    let RcptParameter::Orcpt(o) = &items[1] else {
        panic!()
    };
    assert_eq!(&*o.xtext().unwrap().decode(), b"a@b.c");
    assert_eq!(p.to_string(), "NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c");
    assert!(
        RcptParameters::try_from("ORCPT=utf-8;j\\x{F6}hn@example.com RRVS=2014-04-03T23:01:00Z;C")
            .is_ok()
    );
    assert_eq!(
        rule(RcptParameters::try_from("NOTIFY=NEVER,SUCCESS")),
        (Rule::ValueMismatch, 7)
    );
    assert_eq!(
        rule(RcptParameters::try_from("NOTIFY=SUCCESS,SUCCESS")),
        (Rule::Duplicate, 15)
    );
    assert_eq!(
        rule(RcptParameters::try_from("NOTIFY=SOMETIMES")),
        (Rule::UnsupportedValue, 7)
    );
    assert_eq!(
        rule(RcptParameters::try_from("ORCPT=rfc822")).0,
        Rule::Expected("';' after the ORCPT address type")
    );
    assert_eq!(
        rule(RcptParameters::try_from("ORCPT=utf-8;a\\x{}")).0,
        Rule::Expected("\\x{HEX}")
    );
}

#[test]
fn reply_codes_and_enhanced_codes() {
    assert_eq!(ReplyCode::try_from("250").unwrap(), ReplyCode::OK);
    for bad in ["199", "600", "260", "2500", "25", "25x"] {
        assert!(ReplyCode::try_from(bad).is_err(), "{bad}");
    }
    assert_eq!(
        rule(ReplyCode::try_from("260")),
        (Rule::UnexpectedByte(b'6'), 1)
    );
    assert_eq!(
        EnhancedStatusCode::try_from("4.7.26").unwrap().to_string(),
        "4.7.26"
    );
    assert_eq!(
        rule(EnhancedStatusCode::try_from("3.1.1")).0,
        Rule::Expected("class digit 2, 4 or 5")
    );
    assert_eq!(
        rule(EnhancedStatusCode::try_from("5.1000.1")),
        (Rule::OutOfRange { min: 0, max: 999 }, 2)
    );
    assert_eq!(
        rule(EnhancedStatusCode::try_from("5.01.1")),
        (Rule::UnexpectedByte(b'0'), 2)
    );
    assert_eq!(
        rule(EnhancedStatusCode::try_from("5.1.1x")),
        (Rule::UnexpectedByte(b'x'), 5)
    );
    let e = EnhancedStatusCode::try_from("5.1.1").unwrap();
    assert!(Reply::with_enhanced(ReplyCode::OK, e, Text::try_from("x").unwrap()).is_err());
}

#[test]
fn replies_and_capabilities_write_their_wire_form() {
    assert_eq!(
        Reply::new(ReplyCode::OK, Text::try_from("").unwrap()).to_string(),
        "250\r\n"
    );
    let mut ehlo = EhloReply::new(Host::try_from("mx.example").unwrap(), None);
    for line in [
        "PIPELINING",
        "SIZE",
        "AUTH=LOGIN PLAIN",
        "LIMITS RCPTMAX=100 MAILMAX=10",
        "X-CUSTOM a b",
    ] {
        ehlo.push(Capability::try_from(line).unwrap());
    }
    assert_eq!(
        ehlo.to_string(),
        "250-mx.example\r\n250-PIPELINING\r\n250-SIZE\r\n250-AUTH=LOGIN PLAIN\r\n250-LIMITS RCPTMAX=100 MAILMAX=10\r\n250 X-CUSTOM a b\r\n"
    );
    assert_eq!(
        rule(Capability::try_from("PIPELINING now")),
        (Rule::ValueMismatch, 11)
    );
    assert_eq!(
        rule(Capability::try_from("SIZE big")),
        (Rule::UnexpectedByte(b'b'), 5)
    );
    assert_eq!(rule(Capability::try_from("X  Y")), (Rule::Empty, 2));
}

#[test]
fn secrets_never_reach_debug() {
    let ir = InitialResponse::try_from("AHVzZXIAcGFzc3dvcmQ=").unwrap();
    let debug = format!("{ir:?}");
    assert!(!debug.contains("AHVz"), "{debug}");
    assert_eq!(
        rule(Secret::try_from("abc")).0,
        Rule::Expected("a multiple of four base64 characters")
    );
    assert_eq!(
        rule(Secret::try_from("ab=c")),
        (Rule::UnexpectedByte(b'='), 2)
    );
    let mut wire = String::new();
    ir.write_to(&mut wire);
    assert_eq!(wire, "AHVzZXIAcGFzc3dvcmQ=");
}

#[test]
fn timestamps() {
    for ok in [
        "2026-11-23T18:53:00Z",
        "1985-04-12T23:20:50.52Z",
        "1996-12-19T16:39:57-08:00",
        "1990-12-31T23:59:60z",
    ] {
        assert!(Timestamp::try_from(ok).is_ok(), "{ok}");
    }
    for bad in [
        "2026-11-23 18:53:00Z",
        "2026-11-23T18:53:00",
        "2026-00-01T00:00:00Z",
        "2026-11-23T18:53:00+0100",
    ] {
        assert!(Timestamp::try_from(bad).is_err(), "{bad}");
    }
}

#[test]
fn errors_display_type_rule_and_offset() {
    let e = LocalPart::try_from("a".repeat(65).as_str()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid LocalPart: longer than 64 octets at byte 64"
    );
    let e = Domain::try_from("a\r").unwrap_err();
    assert_eq!(e.to_string(), "invalid Domain: CR is not allowed at byte 1");
}

#[test]
fn bytes_and_owned_strings_are_accepted_like_str() {
    assert_eq!(
        Domain::try_from(&b"example.com"[..]).unwrap().as_str(),
        "example.com"
    );
    let not_utf8 = Domain::try_from(&b"ex\xffample"[..]).unwrap_err();
    assert_eq!((not_utf8.rule(), not_utf8.offset()), (&Rule::NotUtf8, 2));
    assert!(Mailbox::try_from(String::from("a@b.example")).is_ok());
    assert!(MailParameters::try_from(&b"SIZE=1"[..]).is_ok());
    assert!(RcptParameters::try_from(String::from("NOTIFY=NEVER")).is_ok());
    assert!(Secret::try_from(&b"AAAA"[..]).is_ok());
    assert_eq!(
        InitialResponse::try_from(String::from("=")).unwrap(),
        InitialResponse::Empty
    );
    assert!(EnhancedStatusCode::try_from(String::from("2.0.0")).is_ok());
    assert_eq!(
        ReplyCode::try_from(String::from("221")).unwrap(),
        ReplyCode::SERVICE_CLOSING
    );
    assert!(Capability::try_from(&b"PIPELINING"[..]).is_ok());
}

#[test]
fn every_known_parameter_once_is_accepted_and_twice_is_a_duplicate() {
    let mail = [
        "SIZE=1000",
        "BODY=8BITMIME",
        "SMTPUTF8",
        "RET=HDRS",
        "ENVID=abc",
        "AUTH=<>",
        "REQUIRETLS",
        "MT-PRIORITY=3",
        "BY=120;R",
        "HOLDFOR=60",
        "HOLDUNTIL=2026-11-23T10:00:00Z",
        "X-EXT=1",
    ];
    assert!(MailParameters::try_from(mail.join(" ").as_str()).is_ok());
    for param in mail {
        let text = format!("{} X-OTHER {}", param, param.to_ascii_lowercase());
        let at = param.len() + " X-OTHER ".len();
        assert_eq!(
            rule(MailParameters::try_from(text.as_str())),
            (Rule::Duplicate, at),
            "{text}"
        );
    }
    let rcpt = [
        "NOTIFY=NEVER",
        "ORCPT=rfc822;a@b.c",
        "RRVS=2014-04-03T23:01:00Z",
        "X-EXT",
    ];
    assert!(RcptParameters::try_from(rcpt.join(" ").as_str()).is_ok());
    for param in rcpt {
        let text = format!("{param} {param}");
        assert_eq!(
            rule(RcptParameters::try_from(text.as_str())),
            (Rule::Duplicate, param.len() + 1),
            "{text}"
        );
    }
}

#[test]
fn every_validated_type_parses_from_str_and_owns_its_text() {
    let text = String::from("alice@example.com");
    let mailbox: Mailbox<'static> = text.parse().unwrap();
    drop(text);
    assert_eq!(mailbox.to_string(), "alice@example.com");
    assert_eq!("<>".parse::<ReversePath<'_>>(), Ok(ReversePath::Null));
    assert_eq!(
        "<Postmaster>".parse::<ForwardPath<'_>>(),
        Ok(ForwardPath::Postmaster)
    );
    assert_eq!("250".parse::<ReplyCode>(), Ok(ReplyCode::OK));
    assert_eq!(
        "5.1.1".parse::<EnhancedStatusCode>().map(|e| e.to_string()),
        Ok("5.1.1".to_owned())
    );
    assert_eq!(
        "SIZE=10".parse::<MailParameters<'_>>().unwrap().size(),
        Some(10)
    );
    assert!("=".parse::<InitialResponse<'_>>().is_ok());
    assert!("AGFsaWNlAHNlY3JldA==".parse::<Secret<'_>>().is_ok());
    assert!("SIZE 1000".parse::<Capability<'_>>().is_ok());
    for refused in [
        "a b".parse::<Domain<'_>>().map(drop),
        "600".parse::<ReplyCode>().map(drop),
        "6.0.0".parse::<EnhancedStatusCode>().map(drop),
        "a@".parse::<Mailbox<'_>>().map(drop),
        "SIZE=x".parse::<MailParameters<'_>>().map(drop),
        "two\r\nlines".parse::<Text<'_>>().map(drop),
    ] {
        assert!(refused.is_err());
    }
}

#[test]
fn errors_say_which_kind_of_value_as_a_type() {
    use smtp_sansio_proto::ValueKind;
    let path = ReversePath::try_from(format!("<{}@b.c>", "a".repeat(300)).as_str()).unwrap_err();
    assert_eq!(path.value_kind(), ValueKind::ReversePath);
    assert_eq!(path.type_name(), "ReversePath");
    let domain = Domain::try_from("a..b").unwrap_err();
    assert_eq!(domain.value_kind(), ValueKind::Domain);
    assert_eq!(domain.value_kind().to_string(), "Domain");
}
