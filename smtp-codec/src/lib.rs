//! # smtp-codec
//!
//! The Sans-IO SMTP codec: framing, the command grammar, reply decoding,
//! DATA/BDAT streams and sessions, built on the values of [`smtp_proto`].
//!
//! This crate is being built issue by issue; today it re-exports the
//! protocol model so dependants can start from one crate name.
//!
//! ```
//! use smtp_codec::proto::ReplyCode;
//! assert_eq!(ReplyCode::OK.get(), 250);
//! ```

pub use smtp_proto as proto;
