//! The whole reader on arbitrary bytes: encoding, format detection, every
//! parser and normalization. It may refuse, it must not panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = dateline_wire::parse(bytes, &dateline_wire::Origin::default());
});
