//! Serde forms of the values whose fields carry an invariant: they
//! deserialize through the same checked constructors as everything else.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::wire::Wire;
use crate::{
    ByMode, DeliverBy, EnhancedStatusCode, Mailbox, MtPriority, NotifyConditions, Orcpt, Path,
    Reply, ReplyCode, SourceRoute, Text, ValidationError,
};
use crate::{IntoStatic, ValueKind};

impl TryFrom<i8> for MtPriority {
    type Error = ValidationError;
    fn try_from(p: i8) -> Result<Self, ValidationError> {
        MtPriority::new(p)
    }
}

impl From<MtPriority> for i8 {
    fn from(p: MtPriority) -> i8 {
        p.get()
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct DeliverByRepr {
    seconds: i32,
    mode: ByMode,
    trace: bool,
}

impl TryFrom<DeliverByRepr> for DeliverBy {
    type Error = ValidationError;
    fn try_from(r: DeliverByRepr) -> Result<Self, ValidationError> {
        DeliverBy::new(r.seconds, r.mode, r.trace)
    }
}

impl From<DeliverBy> for DeliverByRepr {
    fn from(b: DeliverBy) -> Self {
        Self {
            seconds: b.seconds(),
            mode: b.mode(),
            trace: b.trace(),
        }
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct NotifyRepr {
    success: bool,
    failure: bool,
    delay: bool,
}

impl TryFrom<NotifyRepr> for NotifyConditions {
    type Error = &'static str;
    fn try_from(r: NotifyRepr) -> Result<Self, &'static str> {
        NotifyConditions::new(r.success, r.failure, r.delay)
            .ok_or("NOTIFY needs at least one condition")
    }
}

impl From<NotifyConditions> for NotifyRepr {
    fn from(c: NotifyConditions) -> Self {
        Self {
            success: c.success(),
            failure: c.failure(),
            delay: c.delay(),
        }
    }
}

/// ORCPT travels as its wire value, `addr-type;address`.
impl TryFrom<String> for Orcpt<'_> {
    type Error = ValidationError;
    fn try_from(text: String) -> Result<Self, ValidationError> {
        Orcpt::parse(&text, 0).map(IntoStatic::into_static)
    }
}

impl From<Orcpt<'_>> for String {
    fn from(o: Orcpt<'_>) -> String {
        let mut text = String::new();
        crate::RcptParameter::Orcpt(o).write_to(&mut text);
        text.split_off("ORCPT=".len())
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct PathRepr<'a> {
    route: Option<SourceRoute<'a>>,
    mailbox: Mailbox<'a>,
}

impl<'a> TryFrom<PathRepr<'a>> for Path<'a> {
    type Error = ValidationError;
    fn try_from(r: PathRepr<'a>) -> Result<Self, ValidationError> {
        Path::new(r.route, r.mailbox)
    }
}

impl<'a> From<Path<'a>> for PathRepr<'a> {
    fn from(p: Path<'a>) -> Self {
        Self {
            route: p.route().cloned(),
            mailbox: p.mailbox().clone(),
        }
    }
}

#[derive(Serialize, Deserialize)]
pub(crate) struct ReplyRepr<'a> {
    code: ReplyCode,
    enhanced: Option<EnhancedStatusCode>,
    lines: Vec<Text<'a>>,
}

impl<'a> TryFrom<ReplyRepr<'a>> for Reply<'a> {
    type Error = ValidationError;
    fn try_from(r: ReplyRepr<'a>) -> Result<Self, ValidationError> {
        let mut lines = r.lines.into_iter();
        let first = lines.next().ok_or(ValidationError::new(
            ValueKind::Reply,
            crate::Rule::Empty,
            0,
        ))?;
        let mut reply = match r.enhanced {
            Some(e) => Reply::with_enhanced(r.code, e, first)?,
            None => Reply::new(r.code, first),
        };
        lines.for_each(|l| reply.push_line(l));
        Ok(reply)
    }
}

impl<'a> From<Reply<'a>> for ReplyRepr<'a> {
    fn from(r: Reply<'a>) -> Self {
        Self {
            code: r.code(),
            enhanced: r.enhanced(),
            lines: r.lines().cloned().collect(),
        }
    }
}
