//! An arbitrary valid `Command` → encode → decode gives the same value back,
//! and every strict prefix of its encoding is `Incomplete`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_codec_fuzz::{encode, is_other_with_known_verb, roomy};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::CommandDecoder;
use smtp_sansio_codec::proto::Command;

fuzz_target!(|command: Command<'_>| {
    if is_other_with_known_verb(&command) {
        return;
    }
    let wire = encode(&command);
    let mut decoder = CommandDecoder::new(roomy());
    assert_eq!(
        decoder.decode(&wire),
        Ok(Decoded::Complete {
            value: command.clone(),
            consumed: wire.len()
        }),
        "{:?}",
        String::from_utf8_lossy(&wire)
    );
    let cut = wire.len() / 2;
    assert_eq!(
        decoder.decode(&wire[..cut]),
        Ok(Decoded::Incomplete { consumed: 0 })
    );
});
