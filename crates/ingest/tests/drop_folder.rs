//! The drop folder: settled files are read once and moved to `.done/`, or
//! to `.refused/` with the reason beside them; a file still growing waits.

use std::time::{Duration, SystemTime};

use dateline_ingest::drop_folder::{DONE, DropFolder, REFUSED};
use dateline_newsroom::Newsroom;
use dateline_store::Store;
use dateline_testing::backend_test;

/// Writes a file that looks as if its upload finished a while ago.
fn settled(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

backend_test!(
    dropped_files_are_read_once_and_filed_away,
    |store: Store| async move {
        let newsroom = Newsroom::new(store.clone());
        let drop = tempfile::tempdir().unwrap();
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/wire");
        settled(
            &drop.path().join("ferry.xml"),
            &std::fs::read(fixtures.join("harbour-wire-ferry.xml")).unwrap(),
        );
        settled(&drop.path().join("broken.json"), b"{\"uri\": ");
        // Still being written: modified just now, never seen before.
        std::fs::write(
            drop.path().join("uploading.json"),
            std::fs::read(fixtures.join("coastal-agency-ferry.json")).unwrap(),
        )
        .unwrap();

        let mut watcher = DropFolder::new(drop.path().to_owned());
        let report = watcher.scan(&newsroom).await.unwrap();
        assert_eq!(report.new, 1, "{report:?}");
        assert_eq!(report.refused_documents.len(), 1, "{report:?}");
        assert!(drop.path().join(DONE).join("ferry.xml").exists());
        let note = std::fs::read_to_string(drop.path().join(REFUSED).join("broken.json.error.txt"))
            .unwrap();
        assert!(note.contains("broken.json: JSON:"), "{note}");
        assert!(
            drop.path().join("uploading.json").exists(),
            "a growing file is left alone"
        );

        // Seen again at the same size, it has settled: now it is read.
        let report = watcher.scan(&newsroom).await.unwrap();
        assert_eq!(report.new, 1, "{report:?}");
        assert!(drop.path().join(DONE).join("uploading.json").exists());
        assert_eq!(
            store.wire_items(&Default::default()).await.unwrap().len(),
            2
        );

        // The same file dropped again is a duplicate, filed beside the first.
        settled(
            &drop.path().join("ferry.xml"),
            &std::fs::read(fixtures.join("harbour-wire-ferry.xml")).unwrap(),
        );
        let report = watcher.scan(&newsroom).await.unwrap();
        assert_eq!((report.new, report.duplicates), (0, 1), "{report:?}");
        assert!(drop.path().join(DONE).join("ferry.xml.1").exists());
    }
);
