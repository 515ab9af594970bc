//! [`explain`]: the text the `explain` example prints for a command-line
//! argument.

use alloc::string::{String, ToString};
use core::fmt::{self, Write as _};

use super::{compare, lookup};
use crate::{EnhancedStatusCode, ReplyCode, ValidationError};

/// Why an argument could not be explained.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExplainError {
    /// The argument (without a dot) is not a reply code `[2-5][0-5][0-9]`.
    NotReplyCode {
        /// The argument as given.
        arg: String,
        /// Why `ReplyCode` refused it.
        error: ValidationError,
    },
    /// The argument (with a dot) is not an enhanced status code
    /// `class.subject.detail`.
    NotEnhancedCode {
        /// The argument as given.
        arg: String,
        /// Why `EnhancedStatusCode` refused it.
        error: ValidationError,
    },
    /// A well-formed reply code that the catalogue has no entry for.
    UnknownReplyCode(ReplyCode),
    /// A well-formed enhanced status code whose subject is not 0 to 7.
    UnknownEnhancedCode(EnhancedStatusCode),
}

impl fmt::Display for ExplainError {
    /// One line, e.g. `'600' is not a reply code: '6' is not allowed at byte 0 (...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotReplyCode { arg, error } => write!(
                f,
                "'{arg}' is not a reply code: {} at byte {} (a reply code is three digits: 2-5, then 0-5, then 0-9)",
                error.rule(),
                error.offset()
            ),
            Self::NotEnhancedCode { arg, error } => write!(
                f,
                "'{arg}' is not an enhanced status code: {} at byte {} (the form is class.subject.detail with class 2, 4 or 5, e.g. 5.1.1)",
                error.rule(),
                error.offset()
            ),
            Self::UnknownReplyCode(code) => write!(
                f,
                "'{code}' is not a reply code this catalogue knows: it is well formed ({}), but no catalogued RFC defines it",
                code.class()
            ),
            Self::UnknownEnhancedCode(code) => write!(
                f,
                "'{code}' is not an enhanced status code this catalogue knows: subject {} is not defined (subjects are 0 to 7)",
                code.subject()
            ),
        }
    }
}

impl core::error::Error for ExplainError {}

/// The description of one argument: a reply code such as `"354"` or an
/// enhanced status code such as `"5.1.1"` (recognized by its dot).
///
/// ```
/// use smtp_sansio_proto::catalogue::explain;
///
/// assert!(explain("354")?.contains("Start mail input"));
/// assert!(explain("5.7.8")?.contains("Authentication credentials invalid"));
/// assert!(explain("600").is_err());
/// # Ok::<(), smtp_sansio_proto::catalogue::ExplainError>(())
/// ```
///
/// # Errors
/// When the argument is malformed, or is a well-formed code the catalogue
/// does not know.
pub fn explain(arg: &str) -> Result<String, ExplainError> {
    if arg.contains('.') {
        let code =
            EnhancedStatusCode::try_from(arg).map_err(|error| ExplainError::NotEnhancedCode {
                arg: arg.to_string(),
                error,
            })?;
        let info = code.info().ok_or(ExplainError::UnknownEnhancedCode(code))?;
        Ok(info.to_string())
    } else {
        let code = parse_reply_code(arg)?;
        let info = lookup(code).ok_or(ExplainError::UnknownReplyCode(code))?;
        Ok(info.to_string())
    }
}

/// The description of every argument, separated by blank lines, followed by
/// a comparison of each consecutive pair of reply codes among them.
///
/// ```
/// use smtp_sansio_proto::catalogue::explain_many;
///
/// let text = explain_many(["214", "354"])?;
/// assert!(text.contains("Comparing 214 and 354"));
/// # Ok::<(), smtp_sansio_proto::catalogue::ExplainError>(())
/// ```
///
/// # Errors
/// The error of the first argument that [`explain`] refuses.
pub fn explain_many<'a, I>(args: I) -> Result<String, ExplainError>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut out = String::new();
    let mut previous: Option<ReplyCode> = None;
    let mut pairs = String::new();
    for (i, arg) in args.into_iter().enumerate() {
        let text = explain(arg)?;
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&text);
        out.push('\n');
        if arg.contains('.') {
            continue;
        }
        let code = parse_reply_code(arg)?;
        if let Some(prev) = previous {
            // Writing to a String cannot fail.
            let _ = write!(
                pairs,
                "\nComparing {prev} and {code}:\n{}\n",
                compare(prev, code)
            );
        }
        previous = Some(code);
    }
    out.push_str(&pairs);
    Ok(out)
}

fn parse_reply_code(arg: &str) -> Result<ReplyCode, ExplainError> {
    ReplyCode::try_from(arg).map_err(|error| ExplainError::NotReplyCode {
        arg: arg.to_string(),
        error,
    })
}
