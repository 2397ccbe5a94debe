//! Fuzz target: any bytes, saved as a CSV, `.xlsx` or `.ods` file, go
//! through the readers a user's spreadsheet meets (the import's table reader
//! and the framework workbook's). Each must read the file or refuse it with a
//! message; a panic, an abort or an allocation past the run's memory cap is a
//! finding.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use evident::framework::Framework;
use evident::import::Table;
use libfuzzer_sys::fuzz_target;

/// The kinds of file a user can hand to an import, chosen by the first byte.
const EXTENSIONS: [&str; 3] = ["csv", "xlsx", "ods"];

fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("evident-fuzz-")
            .tempdir()
            .expect("a temporary folder for the fuzzed files");
        dir.keep()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let extension = EXTENSIONS[choice as usize % EXTENSIONS.len()];
    let path = folder().join(format!("fuzzed.{extension}"));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let _ = Table::read(&path);
    if extension == "xlsx" {
        let _ = Framework::read_xlsx(&path);
    }
});
