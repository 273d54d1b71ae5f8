//! Inputs the fuzz targets once crashed on (`fuzz/`), kept so they never
//! do again: each is read (or refused) without a panic.

#[test]
fn every_past_crash_is_read_or_refused() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = dateline_wire::parse(&bytes, &dateline_wire::Origin::default());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = dateline_wire::fuzzing::feed(text);
            let _ = dateline_wire::fuzzing::ninjs(text);
            let _ = dateline_wire::fuzzing::newsml_g2(text);
            let _ = dateline_wire::fuzzing::nitf(text);
            let _ = dateline_wire::fuzzing::newsml1(text);
        }
        count += 1;
    }
    assert!(count > 0);
}
