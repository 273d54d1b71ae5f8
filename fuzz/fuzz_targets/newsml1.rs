//! The newsml1 reader on arbitrary text: it may refuse, it must not panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = dateline_wire::fuzzing::newsml1(text);
});
