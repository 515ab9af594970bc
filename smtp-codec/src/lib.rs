//! # smtp-codec
//!
//! The Sans-IO SMTP codec: framing, the command grammar, reply decoding,
//! DATA/BDAT streams and sessions, built on the values of [`smtp_proto`].
//!
//! ```
//! use smtp_codec::proto::ReplyCode;
//! assert_eq!(ReplyCode::OK.get(), 250);
//! ```

pub mod frame;
mod sink;

pub use smtp_proto as proto;
