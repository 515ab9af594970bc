//! `IntoStatic`: one way to free any value of the input's lifetime.

use alloc::borrow::Cow;
use alloc::vec::Vec;

/// Turns a value that borrows its text from the input into one that owns
/// it, so it can outlive the buffer it was decoded from (to be queued,
/// stored, or sent to another task).
///
/// Every type of this crate with a lifetime implements it, and so do the
/// containers they come in (`Option`, `Vec`, `Cow<str>`), so one call frees
/// a whole value however deeply it borrows.
///
/// # Example
///
/// ```
/// use smtp_sansio_proto::{Command, IntoStatic, ReversePath};
///
/// fn keep(line: &str) -> ReversePath<'static> {
///     ReversePath::try_from(line).unwrap().into_static()
/// }
/// let from = keep(&String::from("<alice@example.com>"));
/// let command: Command<'static> = Command::Mail { from, parameters: Default::default() }.into_static();
/// assert_eq!(command.to_string(), "MAIL FROM:<alice@example.com>");
/// ```
pub trait IntoStatic {
    /// The same type, owning its text.
    type Static: 'static;

    /// A copy that owns its text (text that is already owned is moved, not copied).
    #[must_use]
    fn into_static(self) -> Self::Static;
}

impl IntoStatic for Cow<'_, str> {
    type Static = Cow<'static, str>;

    fn into_static(self) -> Cow<'static, str> {
        Cow::Owned(self.into_owned())
    }
}

impl<T: IntoStatic> IntoStatic for Option<T> {
    type Static = Option<T::Static>;

    fn into_static(self) -> Self::Static {
        self.map(IntoStatic::into_static)
    }
}

impl<T: IntoStatic> IntoStatic for Vec<T> {
    type Static = Vec<T::Static>;

    fn into_static(self) -> Self::Static {
        self.into_iter().map(IntoStatic::into_static).collect()
    }
}
