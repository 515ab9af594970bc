//! Tests of the reply-code catalogue, the comparison, enhanced-code info and
//! the `explain` example.

use std::process::Command;

use smtp_sansio_proto::catalogue::{
    self, ANY_COMMAND, ExplainError, GREETING, compare, enhanced_details, explain, explain_many,
    lookup, subject_name,
};
use smtp_sansio_proto::{EnhancedClass, EnhancedStatusCode, ReplyClass, ReplyCode};

const LISTED: [u16; 34] = [
    211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451, 452, 454, 455, 500, 501,
    502, 503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556,
];

fn code(n: u16) -> ReplyCode {
    ReplyCode::new(n).unwrap()
}

#[test]
fn catalogue_has_exactly_the_listed_codes_sorted_and_unique() {
    let codes: Vec<u16> = catalogue::all().iter().map(|i| i.code().get()).collect();
    assert_eq!(
        codes, LISTED,
        "exactly the listed codes, in ascending order"
    );
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
}

#[test]
fn every_entry_is_complete_and_consistent() {
    for info in catalogue::all() {
        let c = info.code();
        assert!(!info.name().trim().is_empty(), "{c} name");
        assert!(!info.meaning().trim().is_empty(), "{c} meaning");
        assert!(!info.when().trim().is_empty(), "{c} when");
        assert!(!info.action().trim().is_empty(), "{c} action");
        assert!(!info.answers().is_empty(), "{c} answers");
        assert!(!info.rfcs().is_empty(), "{c} rfcs");
        assert!(info.rfc().starts_with("RFC "), "{c} rfc");
        for answer in info.answers() {
            assert!(
                *answer == GREETING
                    || *answer == ANY_COMMAND
                    || (!answer.is_empty() && answer.bytes().all(|b| b.is_ascii_uppercase())),
                "{c}: {answer:?} is neither a verb nor a pseudo-command"
            );
        }
        assert_eq!(info.class(), c.class(), "{c} class");
        assert_eq!(
            u16::from(info.class().digit()),
            c.get() / 100,
            "{c} class digit"
        );
        assert_eq!(info.category(), c.category(), "{c} category");
        assert_eq!(lookup(c), Some(info), "{c} lookup");
        assert_eq!(c.info(), Some(info), "{c} info");
        let text = info.to_string();
        assert!(
            text.starts_with(&format!("{c} {}", info.name())),
            "{c} display"
        );
    }
}

#[test]
fn spot_checks_of_content() {
    let help = ReplyCode::HELP_MESSAGE.info().unwrap();
    assert_eq!(help.name(), "Help message");
    assert_eq!(help.answers(), ["HELP"]);
    let data = ReplyCode::START_MAIL_INPUT.info().unwrap();
    assert_eq!(data.name(), "Start mail input");
    assert_eq!(data.answers(), ["DATA"]);
    assert_eq!(data.class(), ReplyClass::PositiveIntermediate);
    let ok = ReplyCode::OK.info().unwrap();
    assert_eq!(ok.name(), "Requested mail action okay, completed");
    assert!(ok.answers_command("mail") && ok.answers_command("RCPT"));
    assert!(
        ReplyCode::SERVICE_READY
            .info()
            .unwrap()
            .answers()
            .contains(&GREETING)
    );
    assert!(
        ReplyCode::SYNTAX_ERROR
            .info()
            .unwrap()
            .answers_command("XYZZY")
    );
    assert_eq!(ReplyCode::AUTH_INVALID.info().unwrap().rfc(), "RFC 4954");
    assert_eq!(
        ReplyCode::NO_MAIL_ACCEPTED.info().unwrap().rfc(),
        "RFC 7504"
    );
    assert!(
        ReplyCode::TEMPORARY_FAILURE
            .info()
            .unwrap()
            .rfcs()
            .contains(&"RFC 3207")
    );
    assert_eq!(lookup(code(259)), None);
    assert_eq!(code(422).info(), None);
}

#[test]
fn compare_214_354_reports_class_difference() {
    let cmp = compare(ReplyCode::HELP_MESSAGE, ReplyCode::START_MAIL_INPUT);
    assert_eq!((cmp.a(), cmp.b()), (code(214), code(354)));
    assert!(!cmp.same_class());
    assert!(!cmp.same_category());
    let text = cmp.to_string();
    assert!(text.contains("The classes differ"), "{text}");
    assert!(
        text.contains("214 is 2yz Positive Completion, 354 is 3yz Positive Intermediate"),
        "{text}"
    );
    assert!(text.contains("answers: HELP"), "{text}");
    assert!(text.contains("answers: DATA"), "{text}");
    assert!(!format!("{cmp:?}").is_empty());
}

#[test]
fn compare_214_500_reports_class_difference() {
    let cmp = compare(code(214), code(500));
    assert!(!cmp.same_class());
    let text = cmp.to_string();
    assert!(text.contains("5yz Permanent Negative Completion"), "{text}");
    assert!(text.contains("any command"), "{text}");
    // 500 answers any command, so it shares HELP with 214.
    assert_eq!(cmp.shared_commands().collect::<Vec<_>>(), ["HELP"]);
}

#[test]
fn compare_214_220_same_class_different_category() {
    let cmp = compare(code(214), code(220));
    assert!(cmp.same_class());
    assert!(!cmp.same_category());
    let text = cmp.to_string();
    assert!(text.contains("Same class"), "{text}");
    assert!(text.contains("both 2yz Positive Completion"), "{text}");
    assert!(text.contains("The categories differ"), "{text}");
    assert!(
        text.contains("x1z Information") && text.contains("x2z Connections"),
        "{text}"
    );
    assert_eq!(cmp.shared_commands().count(), 0);
}

#[test]
fn compare_uncatalogued_code() {
    let cmp = compare(code(259), code(250));
    assert!(cmp.same_class() && cmp.same_category());
    assert!(cmp.a_info().is_none() && cmp.b_info().is_some());
    assert!(cmp.to_string().contains("259 is not in the catalogue"));
}

fn enhanced(text: &str) -> EnhancedStatusCode {
    EnhancedStatusCode::try_from(text).unwrap()
}

#[test]
fn enhanced_info_for_common_codes() {
    let info = enhanced("5.1.1").info().unwrap();
    assert_eq!(info.subject_name(), "Addressing");
    assert_eq!(info.detail_name(), Some("Bad destination mailbox address"));
    assert_eq!(info.class(), EnhancedClass::PermanentFailure);
    assert_eq!(info.class_name(), "Permanent failure");
    assert!(info.meaning().is_some_and(|m| !m.is_empty()));

    let info = enhanced("4.7.0").info().unwrap();
    assert_eq!(info.subject_name(), "Security or policy");
    assert_eq!(info.class_name(), "Persistent transient failure");
    assert!(info.detail().is_some());

    let info = enhanced("2.0.0").info().unwrap();
    assert_eq!(info.subject_name(), "Other or undefined");
    assert_eq!(info.class_name(), "Success");
    assert_eq!(info.detail_name(), Some("Other undefined status"));

    for (text, name) in [
        ("5.7.1", "Delivery not authorized, message refused"),
        ("5.7.8", "Authentication credentials invalid"),
        ("5.7.9", "Authentication mechanism is too weak"),
        (
            "5.7.11",
            "Encryption required for requested authentication mechanism",
        ),
        ("5.7.26", "Multiple authentication checks failed"),
        ("5.1.10", "Recipient address has null MX"),
        ("4.7.12", "A password transition is needed"),
    ] {
        assert_eq!(
            enhanced(text).info().unwrap().detail_name(),
            Some(name),
            "{text}"
        );
    }
}

#[test]
fn enhanced_unknown_detail_keeps_subject_unknown_subject_is_none() {
    let info = enhanced("5.1.99").info().unwrap();
    assert_eq!(info.subject_name(), "Addressing");
    assert_eq!(info.detail(), None);
    assert_eq!(info.meaning(), None);
    assert!(info.to_string().contains("not registered"));
    assert!(enhanced("5.8.0").info().is_none());
    assert!(enhanced("4.999.1").info().is_none());
    assert_eq!(subject_name(7), Some("Security or policy"));
    assert_eq!(subject_name(8), None);
}

#[test]
fn enhanced_table_is_sorted_unique_and_complete() {
    let details = enhanced_details();
    assert!(
        details
            .windows(2)
            .all(|w| (w[0].subject(), w[0].detail()) < (w[1].subject(), w[1].detail()))
    );
    for d in details {
        assert!(d.subject() <= 7);
        assert!(!d.name().is_empty() && !d.meaning().is_empty());
        assert!(d.rfc().starts_with("RFC "));
    }
    // Every subject has its "other or undefined" detail 0.
    for subject in 0..=7 {
        assert!(
            details
                .iter()
                .any(|d| (d.subject(), d.detail()) == (subject, 0))
        );
    }
}

#[test]
fn explain_known_codes() {
    let text = explain("214").unwrap();
    assert!(text.starts_with("214 Help message"), "{text}");
    assert!(
        text.contains("2yz Positive Completion") && text.contains("HELP"),
        "{text}"
    );
    let text = explain("354").unwrap();
    assert!(text.starts_with("354 Start mail input"), "{text}");
    assert!(
        text.contains("3yz Positive Intermediate") && text.contains("DATA"),
        "{text}"
    );
    let text = explain("5.1.1").unwrap();
    assert!(
        text.starts_with("5.1.1 Bad destination mailbox address"),
        "{text}"
    );
    assert!(
        text.contains("Addressing") && text.contains("Permanent failure"),
        "{text}"
    );
}

#[test]
fn explain_refuses_bad_arguments() {
    let err = explain("600").unwrap_err();
    assert!(matches!(err, ExplainError::NotReplyCode { .. }));
    assert!(
        err.to_string().starts_with("'600' is not a reply code: "),
        "{err}"
    );
    assert!(matches!(
        explain("abc"),
        Err(ExplainError::NotReplyCode { .. })
    ));
    // 299 breaks `[2-5][0-5][0-9]` (second digit 9), so it is malformed.
    assert!(matches!(
        explain("299"),
        Err(ExplainError::NotReplyCode { .. })
    ));
    assert!(matches!(
        explain("2500"),
        Err(ExplainError::NotReplyCode { .. })
    ));
    assert!(matches!(
        explain(""),
        Err(ExplainError::NotReplyCode { .. })
    ));
    assert_eq!(
        explain("259"),
        Err(ExplainError::UnknownReplyCode(code(259)))
    );
    assert!(matches!(
        explain("5.9"),
        Err(ExplainError::NotEnhancedCode { .. })
    ));
    assert!(matches!(
        explain("3.1.1"),
        Err(ExplainError::NotEnhancedCode { .. })
    ));
    assert_eq!(
        explain("5.9.1"),
        Err(ExplainError::UnknownEnhancedCode(enhanced("5.9.1")))
    );
    for arg in ["600", "abc", "299", "259", "5.9", "5.9.1"] {
        let line = explain(arg).unwrap_err().to_string();
        assert!(!line.contains('\n'), "one line: {line}");
        assert!(line.contains(&format!("'{arg}'")), "{line}");
    }
}

#[test]
fn explain_many_compares_consecutive_reply_codes() {
    let text = explain_many(["214", "5.1.1", "354", "220"]).unwrap();
    assert!(text.contains("Comparing 214 and 354:"), "{text}");
    assert!(text.contains("Comparing 354 and 220:"), "{text}");
    assert!(!text.contains("Comparing 214 and 220"), "{text}");
    assert!(matches!(
        explain_many(["214", "600"]),
        Err(ExplainError::NotReplyCode { .. })
    ));
}

fn run_example(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args([
            "run",
            "-q",
            "-p",
            "smtp-sansio-proto",
            "--example",
            "explain",
            "--",
        ])
        .args(args)
        .output()
        .expect("cargo runs")
}

#[test]
fn example_exits_2_with_one_line_for_bad_code() {
    let out = run_example(&["600"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("explain: '600' is not a reply code: "),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn example_explains_and_compares() {
    let out = run_example(&["214", "354"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("214 Help message"), "{stdout}");
    assert!(stdout.contains("354 Start mail input"), "{stdout}");
    assert!(stdout.contains("Comparing 214 and 354:"), "{stdout}");
}
