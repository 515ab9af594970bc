//! Building replies from constants: the standard answers of the sessions and
//! the replies errors map to. One place, so every code/enhanced-code pair is
//! written once.

use core::fmt;

use smtp_sansio_proto::{EnhancedClass, EnhancedStatusCode, Reply, ReplyCode, Text};

/// A reply with an enhanced status code whose class is the code's first
/// digit (3yz replies get none), and the text `text`.
///
/// Falls back to a reply without the enhanced code, and to empty text,
/// rather than panic: callers pass constants, which the tests cover.
pub(crate) fn reply(
    code: ReplyCode,
    subject: u16,
    detail: u16,
    text: &'static str,
) -> Reply<'static> {
    with_text(
        code,
        subject,
        detail,
        Text::try_from(text).unwrap_or_default(),
    )
}

/// Like [`reply`], with `summary: detail` as the text (for errors that can
/// say where they went wrong), or just `summary` if that is not valid text.
pub(crate) fn reply_with_detail(
    code: ReplyCode,
    subject: u16,
    detail: u16,
    summary: &'static str,
    detail_text: &dyn fmt::Display,
) -> Reply<'static> {
    let text = Text::try_from(alloc::format!("{summary}: {detail_text}"))
        .unwrap_or_else(|_| Text::try_from(summary).unwrap_or_default());
    with_text(code, subject, detail, text)
}

/// Like [`reply`], with text built at run time.
pub(crate) fn with_text(
    code: ReplyCode,
    subject: u16,
    detail: u16,
    text: Text<'static>,
) -> Reply<'static> {
    let class = match code.get() / 100 {
        2 => Some(EnhancedClass::Success),
        4 => Some(EnhancedClass::PersistentTransientFailure),
        5 => Some(EnhancedClass::PermanentFailure),
        _ => None,
    };
    class
        .and_then(|class| EnhancedStatusCode::new(class, subject, detail).ok())
        .and_then(|enhanced| Reply::with_enhanced(code, enhanced, text.clone()).ok())
        .unwrap_or_else(|| Reply::new(code, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enhanced_class_follows_the_code() {
        assert_eq!(
            reply(ReplyCode::OK, 1, 0, "Ok").to_string(),
            "250 2.1.0 Ok\r\n"
        );
        assert_eq!(
            reply(ReplyCode::INSUFFICIENT_STORAGE, 5, 3, "Too many recipients").to_string(),
            "452 4.5.3 Too many recipients\r\n"
        );
        assert_eq!(
            reply(ReplyCode::START_MAIL_INPUT, 0, 0, "Go ahead").to_string(),
            "354 Go ahead\r\n"
        );
    }

    #[test]
    fn detail_that_is_not_text_falls_back_to_the_summary() {
        let r = reply_with_detail(ReplyCode::SYNTAX_ERROR, 5, 2, "Syntax error", &"a\r\nb");
        assert_eq!(r.to_string(), "500 5.5.2 Syntax error\r\n");
    }
}
