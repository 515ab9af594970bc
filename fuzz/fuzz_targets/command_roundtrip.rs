//! Raw bytes → decode → encode → decode: both decoded values are equal, the
//! canonical encoding decodes whole under the same (strict) options, and
//! consumed counts account for every input octet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smtp_codec_fuzz::{encode, options_from, strict_like};
use smtp_sansio_codec::Decoded;
use smtp_sansio_codec::command::CommandDecoder;

fuzz_target!(|data: &[u8]| {
    let Some((&bits, input)) = data.split_first() else {
        return;
    };
    let options = options_from(bits);
    let mut decoder = CommandDecoder::new(options);
    let mut rest = input;
    loop {
        match decoder.decode(rest) {
            Ok(Decoded::Complete { value, consumed }) => {
                assert!(consumed > 0 && consumed <= rest.len());
                let wire = encode(&value);
                // Canonical form is never longer than what was accepted (a
                // tolerated bare LF gains its CR).
                let bare_lf = usize::from(options.leniency.bare_lf_line_ends);
                assert!(
                    wire.len() <= consumed + bare_lf,
                    "canonical form longer than the input"
                );
                let again = CommandDecoder::new(strict_like(options)).decode(&wire);
                assert_eq!(
                    again,
                    Ok(Decoded::Complete {
                        value,
                        consumed: wire.len()
                    }),
                    "{:?}",
                    String::from_utf8_lossy(&wire)
                );
                rest = &rest[consumed..];
            }
            Ok(Decoded::Incomplete { consumed }) => {
                assert!(consumed <= rest.len());
                assert!(rest.len() - consumed < options.max_line_limit());
                break;
            }
            Err(e) => {
                assert!(e.consumed() > 0 && e.consumed() <= rest.len(), "{e:?}");
                let reply = e.reply();
                assert!(reply.code().get() >= 500, "{reply}");
                rest = &rest[e.consumed()..];
            }
        }
    }
});
