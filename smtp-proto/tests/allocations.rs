//! Validating borrowed text allocates nothing: a parsed value points into
//! the caller's buffer.

use allocation_counter::measure;
use smtp_sansio_proto::IntoStatic;
use smtp_sansio_proto::{
    Capability, Command, ForwardPath, MailParameter, MailParameters, RcptParameters, Reply,
    ReplyCode, ReversePath, Text, wire::Wire,
};

#[test]
fn borrowed_values_allocate_nothing() {
    let counts = measure(|| {
        let from = ReversePath::try_from("<a@b.c>").unwrap();
        let parameters = MailParameters::try_from("SIZE=1000 BODY=8BITMIME").unwrap();
        assert_eq!(parameters.iter().next(), Some(MailParameter::Size(1000)));
        let to = ForwardPath::try_from("<\"john smith\"@[IPv6:2001:db8::1]>").unwrap();
        let rcpt_params =
            RcptParameters::try_from("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+40b.c").unwrap();
        let mail = Command::Mail { from, parameters };
        let rcpt = Command::Rcpt {
            to,
            parameters: rcpt_params,
        };
        let reply = Reply::new(ReplyCode::OK, Text::try_from("2.1.0 Ok").unwrap());
        let cap = Capability::try_from("AUTH PLAIN LOGIN XOAUTH2").unwrap();
        let mut len = smtp_sansio_proto::wire::LenSink::default();
        mail.write_to(&mut len);
        rcpt.write_to(&mut len);
        reply.write_to(&mut len);
        cap.write_to(&mut len);
        assert!(len.0 > 0);
    });
    assert_eq!(counts.count_total, 0, "{counts:?}");
}

/// Every typed parameter, parsed from borrowed text, owns nothing: the
/// parameter lists skip the drop of each parsed item on that ground.
#[test]
fn every_parameter_kind_parses_without_allocating() {
    let mail = [
        "SIZE=1 BODY=7BIT SMTPUTF8 RET=FULL ENVID=a+2Bb AUTH=<> REQUIRETLS",
        "MT-PRIORITY=3 BY=120;R HOLDFOR=10 X-FOO=bar X-BAR AUTH=a+40b",
        "HOLDUNTIL=2014-04-03T23:01:00Z",
    ];
    let rcpt = [
        "NOTIFY=NEVER ORCPT=utf-8;a\\x{E9} RRVS=2014-04-03T23:01:00Z X-FOO=bar",
        "NOTIFY=SUCCESS,DELAY ORCPT=x-type;a+40b RRVS=2014-04-03T23:01:00Z;R X-BAR",
    ];
    let counts = measure(|| {
        let mut items = 0;
        for text in mail {
            items += MailParameters::try_from(text).unwrap().iter().count();
        }
        for text in rcpt {
            items += RcptParameters::try_from(text).unwrap().iter().count();
        }
        assert_eq!(items, 22);
    });
    assert_eq!(counts.count_total, 0, "{counts:?}");
}

#[test]
fn the_counter_sees_allocations() {
    // Guards the test above against a counter that counts nothing.
    let counts = measure(|| {
        let owned = ReversePath::try_from("<a@b.c>").unwrap().into_static();
        assert!(owned.mailbox().is_some());
    });
    assert!(counts.count_total > 0);
}
